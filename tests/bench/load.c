/*
 * load.c: baedal-bench, a load generator for a running baedald.
 *
 * It measures, in one run and on the machine it runs on: a bare ZeroMQ
 * proxy (the baseline), the broker's request hop as a ratio to it,
 * orders in a closed loop and in an open loop (latencies from each
 * intended send time, so queueing is not hidden), a replay of the log
 * from seq 0, and the daemon's memory before and after. With --minutes
 * it soaks instead: the open loop for that long, a line every --tick
 * seconds with memory, descriptors, database and WAL sizes and p99s.
 * It prints figures and asserts nothing.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#include "load.h"
#include "util.h"
#include "wire.h"

enum { EXIT_USAGE = 2 };

static const char usage[] =
    "usage: baedal-bench --home DIR --pid PID --connect EP --services EP\n"
    "                    [options]\n"
    "Load a running baedald and print what it did.\n"
    "  --home DIR           the daemon's home (credentials, databases)\n"
    "  --pid PID            the daemon's process (memory, descriptors)\n"
    "  --connect EP         its front door\n"
    "  --services EP        its back door (replay filler)\n"
    "  --connections N      connections for closed loops (8)\n"
    "  --window N           requests in flight per connection (8)\n"
    "  --requests N         request-hop requests, and as many baseline (50000)\n"
    "  --orders N           closed-loop orders (10000)\n"
    "  --rate N             open loop: orders per second (1000)\n"
    "  --seconds N          open loop: for how long (10)\n"
    "  --replay N           events replayed from seq 0 (1000000)\n"
    "  --minutes M          soak: the open loop for M minutes instead\n"
    "  --tick S             soak: a line every S seconds (60)\n"
    "  --json               one JSON object instead of the table\n"
    "  -h, --help           this text\n";

struct report {
	struct probe_sample idle, after;
	struct hop_result base, hop;
	struct orders_result closed, open;
	struct replay_result replay;
	json_t *soak;           /* --json: one object per soak line */
	int json;
	struct probe *probe;
	int64_t soak_start;
};

/* The token of user name in home's credentials.json, or exit. */
static char *
token_of(const char *home, const char *name)
{
	char *path = xasprintf("%s/credentials.json", home), *tok = NULL;
	json_t *doc = json_load_file(path, 0, NULL), *u;
	size_t i;

	json_array_foreach(json_object_get(doc, "users"), i, u)
		if (strcmp(wire_str(u, "name", ""), name) == 0)
			tok = xstrdup(wire_str(u, "token", ""));
	json_decref(doc);
	if (tok == NULL) {
		fprintf(stderr, "baedal-bench: no user %s in %s\n", name, path);
		exit(1);
	}
	free(path);
	return tok;
}

static json_t *
lat_json(const struct lat_summary *l)
{
	return json_pack("{s:I, s:f, s:f, s:f, s:f}", "n", (json_int_t)l->n,
	    "p50_ms", l->p50, "p99_ms", l->p99, "p999_ms", l->p999, "max_ms",
	    l->max);
}

static json_t *
probe_json(const struct probe_sample *s)
{
	return json_pack("{s:I, s:i, s:I, s:I}", "rss_kb", (json_int_t)s->rss_kb,
	    "fds", s->fds, "db_bytes", (json_int_t)s->db_bytes, "wal_bytes",
	    (json_int_t)s->wal_bytes);
}

static json_t *
orders_json(const struct orders_result *r)
{
	return json_pack("{s:i, s:i, s:f, s:f, s:f, s:o, s:o, s:o, s:o, s:s}",
	    "placed", r->placed, "failed", r->failed, "per_s", r->per_s,
	    "cpu_us", r->cpu_us,
	    "offered_per_s", r->offered_per_s, "paid", lat_json(&r->paid),
	    "seen_by_shop", lat_json(&r->seen), "owner_notified",
	    lat_json(&r->notified), "consumed", lat_json(&r->consumed),
	    "first_error", r->first_error);
}

static void
print_lat(const char *what, const struct lat_summary *l)
{
	printf("  %-24s %8zu  %8.2f %8.2f %8.2f %8.2f\n", what, l->n, l->p50,
	    l->p99, l->p999, l->max);
}

static void
print_orders(const char *title, const struct orders_result *r)
{
	printf("\n%s: %d placed, %d failed, %.0f orders/s fully consumed\n",
	    title, r->placed, r->failed, r->per_s);
	if (r->cpu_us > 0)
		printf("  baedald CPU %.0f us an order (all its threads)\n",
		    r->cpu_us);
	if (r->first_error[0] != '\0')
		printf("  first error: %.100s\n", r->first_error);
	printf("  %-24s %8s  %8s %8s %8s %8s\n", "latency (ms)", "n", "p50",
	    "p99", "p99.9", "max");
	print_lat("place -> PAID reply", &r->paid);
	print_lat("order.paid at the shop", &r->seen);
	print_lat("owner notified", &r->notified);
	print_lat("fully consumed", &r->consumed);
}

static void
print_hop(const char *what, const struct hop_result *h)
{
	printf("  %-32s %10.0f  %8.3f %8.3f %8.3f %8.3f\n", what, h->per_s,
	    h->lat.p50, h->lat.p99, h->lat.p999, h->lat.max);
}

static void
print_table(const struct report *rep, const struct load_opts *o)
{
	double ratio = rep->base.per_s > 0 ? rep->hop.per_s / rep->base.per_s : 0;

	printf("baedal-bench: %d connections x %d in flight; %ld cores\n",
	    o->connections, o->window, sysconf(_SC_NPROCESSORS_ONLN));
	printf("\n%-34s %10s  %8s %8s %8s %8s\n", "request hop (closed loop)",
	    "req/s", "p50 ms", "p99 ms", "p99.9", "max");
	print_hop("bare zmq_proxy + REP echo", &rep->base);
	print_hop("broker -> store.shops", &rep->hop);
	printf("  broker hop / baseline: %.2f%s; baedald CPU %.1f us a request\n",
	    ratio, rep->hop.failed ? " (some requests failed)" : "",
	    rep->hop.cpu_us);
	print_orders("orders, closed loop", &rep->closed);
	print_orders("orders, open loop", &rep->open);
	printf("  (offered %.0f orders/s)\n", rep->open.offered_per_s);
	printf("\ncatch-up from seq 0 (log of %lld events): %lld replayed at "
	    "%.0f events/s an event a frame, %lld at %.0f events/s %d a frame",
	    (long long)rep->replay.head, (long long)rep->replay.events,
	    rep->replay.per_s, (long long)rep->replay.batch_events,
	    rep->replay.batch_per_s, WIRE_MAX_BATCH);
	if (rep->replay.fill_per_s > 0)
		printf(" (filler appended at %.0f events/s)",
		    rep->replay.fill_per_s);
	printf("\nbaedald RSS: %.1f MB idle, %.1f MB after; %d descriptors\n",
	    rep->idle.rss_kb / 1024.0, rep->after.rss_kb / 1024.0,
	    rep->after.fds);
}

static void
print_json(const struct report *rep)
{
	json_t *doc = json_pack("{s:{s:f, s:o}, s:{s:f, s:i, s:f, s:o}, s:f, s:o,"
	    " s:o, s:{s:I, s:I, s:f, s:I, s:f, s:f}, s:o, s:o}",
	    "baseline", "per_s", rep->base.per_s, "lat", lat_json(&rep->base.lat),
	    "hop", "per_s", rep->hop.per_s, "failed", rep->hop.failed, "cpu_us",
	    rep->hop.cpu_us, "lat",
	    lat_json(&rep->hop.lat), "hop_ratio", rep->base.per_s > 0 ?
	    rep->hop.per_s / rep->base.per_s : 0.0,
	    "closed", orders_json(&rep->closed), "open",
	    orders_json(&rep->open), "replay", "head",
	    (json_int_t)rep->replay.head, "events",
	    (json_int_t)rep->replay.events, "per_s", rep->replay.per_s,
	    "batch_events", (json_int_t)rep->replay.batch_events,
	    "batch_per_s", rep->replay.batch_per_s,
	    "fill_per_s", rep->replay.fill_per_s, "idle",
	    probe_json(&rep->idle), "after", probe_json(&rep->after));

	json_dumpf(doc, stdout, JSON_COMPACT);
	putchar('\n');
	json_decref(doc);
}

/* A soak line: how the daemon looks after this stretch. */
static void
soak_tick(void *arg, const struct orders_result *r)
{
	struct report *rep = arg;
	struct probe_sample s;
	double min = (load_now_us() - rep->soak_start) / 60e6;

	probe_sample(rep->probe, &s);
	if (rep->json) {
		json_t *line = probe_json(&s);

		json_object_set_new(line, "minute", json_real(min));
		json_object_set_new(line, "window", orders_json(r));
		json_array_append_new(rep->soak, line);
		return;
	}
	printf("%6.1f %8.1f %5d %9.1f %8.1f %8d %8.2f %8.2f %8.2f %8.2f\n",
	    min, s.rss_kb / 1024.0, s.fds, s.db_bytes / 1048576.0,
	    s.wal_bytes / 1048576.0, r->placed, r->paid.p99, r->seen.p99,
	    r->notified.p99, r->consumed.p99);
	fflush(stdout);
}

static int
soak(void *ctx, const struct load_opts *o, struct report *rep, double minutes,
    int tick)
{
	struct orders_result total;
	int seconds = (int)(minutes * 60 + 0.5);

	rep->soak = json_array();
	rep->soak_start = load_now_us();
	if (!rep->json)
		printf("soak: %d orders/s for %.1f min\n%6s %8s %5s %9s %8s %8s"
		    " %8s %8s %8s %8s\n", o->rate, minutes, "min", "RSS MB",
		    "fds", "db MB", "WAL MB", "placed", "p99 paid", "seen",
		    "notified", "consumed");
	orders_run(ctx, o, 0, o->rate, seconds > 0 ? seconds : 1, rep->probe,
	    &total, tick, soak_tick, rep);
	if (rep->json) {
		json_t *doc = json_pack("{s:o, s:o}", "soak", rep->soak,
		    "total", orders_json(&total));

		json_dumpf(doc, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(doc);
	} else
		print_orders("soak, whole run", &total);
	return total.failed ? 1 : 0;
}

int
main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "home", required_argument, NULL, 'H' },
		{ "pid", required_argument, NULL, 'p' },
		{ "connect", required_argument, NULL, 'c' },
		{ "services", required_argument, NULL, 's' },
		{ "connections", required_argument, NULL, 'C' },
		{ "window", required_argument, NULL, 'w' },
		{ "requests", required_argument, NULL, 'q' },
		{ "orders", required_argument, NULL, 'o' },
		{ "rate", required_argument, NULL, 'r' },
		{ "seconds", required_argument, NULL, 'S' },
		{ "replay", required_argument, NULL, 'R' },
		{ "minutes", required_argument, NULL, 'm' },
		{ "tick", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct load_opts o = { .connections = 8, .window = 8,
	    .requests = 50000, .orders = 10000, .rate = 1000, .seconds = 10,
	    .replay = 1000000 };
	struct report rep = { 0 };
	double minutes = 0;
	int64_t cpu;
	int tick = 60, ch, rc;
	void *ctx;
	struct baseline *base;
	char dir[] = "/tmp/bdlbench.XXXXXX";

	while ((ch = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		switch (ch) {
		case 'H': o.home = optarg; break;
		case 'p': o.pid = atoi(optarg); break;
		case 'c': o.front = optarg; break;
		case 's': o.back = optarg; break;
		case 'C': o.connections = atoi(optarg); break;
		case 'w': o.window = atoi(optarg); break;
		case 'q': o.requests = atoi(optarg); break;
		case 'o': o.orders = atoi(optarg); break;
		case 'r': o.rate = atoi(optarg); break;
		case 'S': o.seconds = atoi(optarg); break;
		case 'R': o.replay = atoi(optarg); break;
		case 'm': minutes = atof(optarg); break;
		case 't': tick = atoi(optarg); break;
		case 'j': rep.json = 1; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc || o.home == NULL || o.front == NULL ||
	    o.back == NULL || o.pid <= 0 || o.connections < 1 ||
	    o.connections > 256 || o.window < 1 || o.window > 256 ||
	    o.requests < 1 || o.orders < 1 || o.rate < 1 || o.seconds < 1 ||
	    o.replay < 0 || minutes < 0 || tick < 1) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	log_set_level("warn");
	o.customer = token_of(o.home, "minji");
	o.owner = token_of(o.home, "chicken_owner");
	o.admin = token_of(o.home, "admin");
	o.service = token_of(o.home, "svc");
	ctx = zmq_ctx_new();
	rep.probe = probe_new(o.pid, o.home);
	if (minutes > 0) {
		rc = soak(ctx, &o, &rep, minutes, tick);
		goto done;
	}
	if (mkdtemp(dir) == NULL) {
		perror("baedal-bench: mkdtemp");
		return 1;
	}
	probe_sample(rep.probe, &rep.idle);
	base = baseline_start(ctx, dir);
	hop_run(ctx, &o, baseline_endpoint(base), 1, &rep.base);
	baseline_stop(&base);
	rmdir(dir);
	cpu = probe_cpu_us(rep.probe);
	hop_run(ctx, &o, o.front, 0, &rep.hop);
	rep.hop.cpu_us = (double)(probe_cpu_us(rep.probe) - cpu) / o.requests;
	cpu = probe_cpu_us(rep.probe);
	orders_run(ctx, &o, o.orders, 0, 0, rep.probe, &rep.closed, 0, NULL,
	    NULL);
	rep.closed.cpu_us = (double)(probe_cpu_us(rep.probe) - cpu) /
	    (rep.closed.placed ? rep.closed.placed : 1);
	orders_run(ctx, &o, 0, o.rate, o.seconds, rep.probe, &rep.open, 0,
	    NULL, NULL);
	replay_run(ctx, &o, &rep.replay);
	probe_sample(rep.probe, &rep.after);
	if (rep.json)
		print_json(&rep);
	else
		print_table(&rep, &o);
	rc = rep.hop.failed || rep.closed.failed || rep.open.failed ? 1 : 0;
done:
	probe_destroy(&rep.probe);
	zmq_ctx_term(ctx);
	/* Freed, so that a sanitizer build ends with its output flushed. */
	free((char *)o.customer);
	free((char *)o.owner);
	free((char *)o.admin);
	free((char *)o.service);
	fflush(stdout);
	return rc;
}
