/*
 * bench.c: baedal's benchmarks. Prints figures; asserts nothing.
 *
 *   bench ping  FRONT TOKEN N         sequential broker round trips
 *   bench order FRONT TOKEN N         sequential orders, end to end
 *                                     (order -> payment -> commit -> reply)
 *   bench publish BACK SVC_TOKEN N    events appended, pipelined batches
 *   bench follow FRONT TOKEN N        events delivered to one subscriber
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "client.h"
#include "util.h"

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Print count, rate and latency percentiles of n samples in us. */
static void
report(const char *what, int64_t *us, int n, int64_t total_us)
{
	qsort(us, (size_t)n, sizeof *us, cmp_i64);
	printf("%-8s %6d in %7.1f ms  %9.0f /s   p50 %6.0f us  p99 %6.0f us"
	    "  max %6.0f us\n", what, n, total_us / 1000.0,
	    n * 1e6 / (double)(total_us ? total_us : 1), (double)us[n / 2],
	    (double)us[n * 99 / 100], (double)us[n - 1]);
}

static int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static struct client *
connect_as(const char *ep, const char *token)
{
	struct wire_error err;
	struct client *c = client_new(NULL, ep, token, &err);

	if (c == NULL || client_wait_ready(c, 5000, &err) == NULL) {
		fprintf(stderr, "bench: %s\n", err.message);
		exit(1);
	}
	return c;
}

static int
bench_calls(const char *ep, const char *token, int n, int orders)
{
	struct client *c = connect_as(ep, token);
	int64_t *us = xcalloc((size_t)n, sizeof *us), start = now_us(), t;
	struct wire_error err;
	json_t *r;
	int i, failed = 0;

	for (i = 0; i < n; i++) {
		t = now_us();
		r = orders ? client_call(c, "order", "place", json_pack(
		    "{s:s, s:[{s:s, s:i}], s:s, s:s}", "shop_id", "chicken",
		    "items", "item_id", "fried", "qty", 1, "address",
		    "bench street 1", "card", "4111111111111111"), 5000, &err) :
		    client_call(c, "broker", "ping", NULL, 5000, &err);
		us[i] = now_us() - t;
		if (r == NULL && failed++ == 0)
			fprintf(stderr, "bench: %s\n", err.message);
		json_decref(r);
	}
	report(orders ? "order" : "ping", us, n, now_us() - start);
	if (failed)
		printf("         (%d failed)\n", failed);
	free(us);
	client_destroy(&c);
	return failed ? 1 : 0;
}

static int
bench_publish(const char *ep, const char *token, int n)
{
	void *ctx = zmq_ctx_new(), *s = zmq_socket(ctx, ZMQ_DEALER);
	char buf[65536], *msg;
	int sent = 0, acked = 0, inflight = 0, batch = 100, zero = 0, len;
	int64_t start;
	unsigned long long nonce = (unsigned long long)now_us();

	zmq_setsockopt(s, ZMQ_LINGER, &zero, sizeof zero);
	zmq_connect(s, ep);
	msg = xasprintf("{\"type\":\"hello\",\"id\":\"h\",\"token\":\"%s\"}",
	    token);
	zmq_send(s, msg, strlen(msg), 0);
	free(msg);
	zmq_recv(s, buf, sizeof buf, 0);
	start = now_us();
	while (acked < n) {
		while (inflight < 8 && sent < n) {
			int k, off = snprintf(buf, sizeof buf,
			    "{\"type\":\"publish\",\"id\":\"p%d\",\"events\":[",
			    sent);

			for (k = 0; k < batch && sent < n; k++, sent++)
				off += snprintf(buf + off, sizeof buf - (size_t)off,
				    "%s{\"type\":\"bench.event\",\"key\":\"b%llx-%d\","
				    "\"order_id\":%d,\"shop_id\":\"bench\","
				    "\"data\":{\"n\":%d}}", k ? "," : "", nonce,
				    sent, sent, sent);
			off += snprintf(buf + off, sizeof buf - (size_t)off, "]}");
			zmq_send(s, buf, (size_t)off, 0);
			inflight++;
		}
		len = zmq_recv(s, buf, sizeof buf - 1, 0);
		if (len > 0 && strstr(buf, "\"reply\"") != NULL) {
			inflight--;
			acked += batch;
		}
	}
	printf("publish  %6d events in %7.1f ms  %9.0f /s   (batches of %d,"
	    " 8 in flight, each acknowledged after commit)\n", n,
	    (now_us() - start) / 1000.0, n * 1e6 / (double)(now_us() - start),
	    batch);
	zmq_close(s);
	zmq_ctx_term(ctx);
	return 0;
}

static int
bench_follow(const char *ep, const char *token, int n)
{
	struct client *c = connect_as(ep, token);
	struct wire_error err;
	int got = 0;
	int64_t start = now_us();
	json_t *ev;

	client_subscribe(c, "bench", json_pack("{s:[s]}", "types",
	    "bench."), 0, &err);
	while (got < n && (ev = client_next_event(c, 2000)) != NULL) {
		got += json_object_get(ev, "event") != NULL;
		json_decref(ev);
	}
	printf("follow   %6d events in %7.1f ms  %9.0f /s   (backlog read "
	    "from the log, 512-event window)\n", got,
	    (now_us() - start) / 1000.0,
	    got * 1e6 / (double)(now_us() - start));
	client_destroy(&c);
	return got == n ? 0 : 1;
}

int
main(int argc, char **argv)
{
	int n;

	if (argc != 5) {
		fprintf(stderr, "usage: bench ping|order|publish|follow "
		    "ENDPOINT TOKEN N\n");
		return 2;
	}
	log_set_level("warn");
	n = atoi(argv[4]);
	if (strcmp(argv[1], "ping") == 0)
		return bench_calls(argv[2], argv[3], n, 0);
	if (strcmp(argv[1], "order") == 0)
		return bench_calls(argv[2], argv[3], n, 1);
	if (strcmp(argv[1], "publish") == 0)
		return bench_publish(argv[2], argv[3], n);
	if (strcmp(argv[1], "follow") == 0)
		return bench_follow(argv[2], argv[3], n);
	return 2;
}
