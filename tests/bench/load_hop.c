/*
 * load_hop.c: the request hop. A closed loop of store.shops requests
 * through the broker to the store service and back, and the same frames
 * through the bare baseline, each connection keeping its window full.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "load.h"
#include "util.h"

#define FRAME_MAX 65536

/* The request number in a frame's "id":"rN", or -1. */
static long
frame_request(const char *frame)
{
	const char *p = strstr(frame, "\"id\":\"r");

	return p ? strtol(p + 7, NULL, 10) : -1;
}

static void
hop_send(struct conn *c, int n)
{
	char buf[160];
	int len = snprintf(buf, sizeof buf, "{\"type\":\"request\",\"id\":\"r%d\","
	    "\"service\":\"store\",\"method\":\"shops\",\"body\":{}}", n);

	conn_send(c, buf, (size_t)len);
	c->inflight++;
}

void
hop_run(void *ctx, const struct load_opts *o, const char *ep, int baseline,
    struct hop_result *out)
{
	int nc = o->connections, total = o->requests, sent = 0, done = 0;
	struct conn **cs = xcalloc((size_t)nc, sizeof *cs);
	zmq_pollitem_t *items = xcalloc((size_t)nc, sizeof *items);
	int64_t *at = xcalloc((size_t)total, sizeof *at), start, now;
	char *buf = xmalloc(FRAME_MAX);
	struct lat lat = { 0 };

	memset(out, 0, sizeof *out);
	for (int i = 0; i < nc; i++) {
		cs[i] = conn_open(ctx, ep, baseline ? NULL : o->customer,
		    baseline);
		items[i] = (zmq_pollitem_t){ cs[i]->sock, 0, ZMQ_POLLIN, 0 };
	}
	start = load_now_us();
	for (int i = 0; i < nc; i++)
		while (cs[i]->inflight < o->window && sent < total) {
			at[sent] = load_now_us();
			hop_send(cs[i], sent++);
		}
	while (done < total) {
		if (zmq_poll(items, nc, 5000) <= 0)
			break; /* nothing for 5 s: what is missing failed */
		for (int i = 0; i < nc; i++) {
			while (conn_recv(cs[i], buf, FRAME_MAX) >= 0) {
				long r = frame_request(buf);

				if (r < 0 || r >= total)
					continue; /* a heartbeat */
				now = load_now_us();
				lat_add(&lat, now - at[r]);
				out->failed += strstr(buf, "\"ok\":true") == NULL;
				cs[i]->inflight--;
				done++;
				if (sent < total) {
					at[sent] = now;
					hop_send(cs[i], sent++);
				}
			}
			conn_keepalive(cs[i], load_now_us());
		}
	}
	now = load_now_us();
	out->failed += total - done;
	out->per_s = done * 1e6 / (double)(now - start);
	lat_summarise(&lat, &out->lat);
	for (int i = 0; i < nc; i++)
		conn_close(&cs[i]);
	lat_free(&lat);
	free(buf);
	free(at);
	free(items);
	free(cs);
}
