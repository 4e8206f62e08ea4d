/*
 * test_evlog.c: the broker's event log. An event's text is made once when
 * it is appended and kept in memory for the newest events; older ones are
 * rebuilt from their columns on disk. Both must be the same bytes, as the
 * wire has always had them, and filters must pick the same events either
 * way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "db.h"
#include "evlog.h"

#define N 5000 /* more than the log keeps in memory */

struct seen {
	int n;
	int64_t last;
	char *text[N + 1];
};

static int
collect(void *arg, const struct evlog_event *ev)
{
	struct seen *s = arg;

	if (ev->seq <= N && s->text[ev->seq] == NULL)
		s->text[ev->seq] = strndup(ev->text, ev->len);
	s->n++;
	s->last = ev->seq;
	return 0;
}

/* Read everything after `after` that f matches, in calls of 256. */
static void
read_all(struct evlog *log, int64_t after, const struct evfilter *f,
    struct seen *s)
{
	int64_t scanned = after;

	while (scanned < evlog_head(log))
		if (evlog_each(log, scanned, f, 256, collect, s, &scanned) < 0)
			break;
}

static void
seen_clear(struct seen *s)
{
	for (int i = 0; i <= N; i++)
		free(s->text[i]);
	memset(s, 0, sizeof *s);
}

static struct seen mem, disk;

int
main(void)
{
	char dir[] = "/tmp/bdlevlog.XXXXXX", path[64];
	char *types[] = { "order.p", NULL };
	struct evfilter all = { 0 }, shop = { .shop_id = "bunsik" };
	struct evfilter paid = { .types = types };
	struct db *db;
	struct evlog *log;
	int same = 1;
	int64_t seq;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/broker.db", dir);
	db = db_open(path, NULL);
	log = evlog_new(db);
	for (int i = 1; i <= N; i++) {
		json_t *ev = json_pack("{s:s, s:s, s:I, s:s, s:I, s:{s:s, s:i}}",
		    "key", "k", "type", i % 3 ? "order.paid" : "order.cooking",
		    "order_id", (json_int_t)(1000 + i), "shop_id",
		    i % 2 ? "chicken" : "bunsik", "at", (json_int_t)1700000000000,
		    "data", "note", "한글 \"q\"", "n", i);

		json_object_set_new(ev, "key", json_sprintf("k%d", i));
		if (i % 7 == 0)
			json_object_set_new(ev, "customer_id", json_string("minji"));
		if (i % 11 == 0)
			json_object_del(ev, "order_id");
		evlog_append(log, ev, &seq);
		json_decref(ev);
		if (i % 100 == 0)
			evlog_commit(log);
	}
	evlog_commit(log);
	check(evlog_head(log) == N, "%d events appended", N);
	read_all(log, 0, &all, &mem);
	check(mem.n == N, "all %d read back in order (%d)", N, mem.n);
	check(strcmp(mem.text[N], "{\"seq\":5000,\"type\":\"order.paid\","
	    "\"order_id\":6000,\"shop_id\":\"bunsik\",\"at\":1700000000000,"
	    "\"data\":{\"note\":\"한글 \\\"q\\\"\",\"n\":5000}}") == 0,
	    "an event's text is the wire's: %s", mem.text[N]);
	check(strstr(mem.text[4983], "order_id") == NULL,
	    "a member the event does not have is left out: %s", mem.text[4983]);

	/* A fresh log on the same file has nothing in memory: every event
	 * comes from disk, and must be the same bytes. */
	evlog_destroy(&log);
	log = evlog_new(db);
	read_all(log, 0, &all, &disk);
	check(disk.n == N, "after a restart all %d come from disk", disk.n);
	for (int i = 1; i <= N; i++)
		if (mem.text[i] == NULL || disk.text[i] == NULL ||
		    strcmp(mem.text[i], disk.text[i]) != 0)
			same = 0;
	check(same, "events read from disk are the bytes made at append");

	/* Newest events from memory, a filter, the same answer as disk. */
	seen_clear(&mem);
	seen_clear(&disk);
	read_all(log, 0, &shop, &disk);
	for (int i = 1; i <= 300; i++) {
		json_t *ev = json_pack("{s:s, s:s, s:s}", "type", "order.paid",
		    "shop_id", i % 2 ? "chicken" : "bunsik", "data_none", "x");

		json_object_del(ev, "data_none");
		evlog_append(log, ev, &seq);
		json_decref(ev);
	}
	evlog_commit(log);
	read_all(log, N, &shop, &mem);
	check(disk.n == N / 2 && mem.n == 150, "a shop filter picks its "
	    "shop's events from disk (%d) and from memory (%d)", disk.n, mem.n);
	seen_clear(&mem);
	read_all(log, N - 100, &paid, &mem);
	check(mem.n == 67 + 300, "a type prefix picks across disk and memory "
	    "(%d)", mem.n);
	check(mem.last == N + 300, "up to the head");
	seen_clear(&mem);
	evlog_destroy(&log);
	db_destroy(&db);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	if (system(path) != 0)
		return 1;
	return check_status();
}
