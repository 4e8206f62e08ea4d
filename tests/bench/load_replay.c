/*
 * load_replay.c: catch-up. A subscriber that starts from seq 0 and reads
 * the whole log, as a new service replica or a view rebuilt from scratch
 * would. When the log holds fewer events than asked for, filler events
 * (type bench.filler, which no service follows) are appended first
 * through the back door, pipelined, and that rate is reported too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "load.h"
#include "util.h"
#include "wire.h"

#define FRAME_MAX 65536
#define BATCH 256
#define IN_FLIGHT 8
#define ACK_EVERY 256
/* How long the daemon may say nothing before a step gives up: a bound
 * for a stuck daemon, not a timing (a loaded disk can hold an fsync for
 * seconds). */
#define SILENCE_MS 30000

/* The log's head, asked with a subscription that is dropped at once. */
static int64_t
log_head(void *ctx, const struct load_opts *o)
{
	static const char sub[] = "{\"type\":\"subscribe\",\"id\":\"head\","
	    "\"sub\":\"head\"}";
	struct conn *c = conn_open(ctx, o->front, o->admin, 0);
	zmq_pollitem_t it = { c->sock, 0, ZMQ_POLLIN, 0 };
	char buf[4096];
	int64_t head = -1;

	conn_send(c, sub, sizeof sub - 1);
	while (head < 0 && zmq_poll(&it, 1, SILENCE_MS) > 0)
		if (conn_recv(c, buf, sizeof buf) >= 0 &&
		    strstr(buf, "\"id\":\"head\"") != NULL)
			head = frame_int(buf, "head");
	conn_close(&c);
	return head;
}

static void
fill_send(struct conn *c, char *buf, const char *nonce, int64_t *n)
{
	int off = snprintf(buf, FRAME_MAX, "{\"type\":\"publish\",\"id\":\"f%lld\","
	    "\"events\":[", (long long)*n);

	for (int k = 0; k < BATCH; k++, (*n)++)
		off += snprintf(buf + off, FRAME_MAX - (size_t)off,
		    "%s{\"key\":\"bench:%s:%lld\",\"type\":\"bench.filler\","
		    "\"shop_id\":\"bench\",\"data\":{\"n\":%lld}}", k ? "," : "",
		    nonce, (long long)*n, (long long)*n);
	off += snprintf(buf + off, FRAME_MAX - (size_t)off, "]}");
	conn_send(c, buf, (size_t)off);
	c->inflight++;
}

/* Append count filler events; returns events per second. */
static double
fill(void *ctx, const struct load_opts *o, int64_t count)
{
	struct conn *c = conn_open(ctx, o->back, o->service, 0);
	zmq_pollitem_t it = { c->sock, 0, ZMQ_POLLIN, 0 };
	char *buf = xmalloc(FRAME_MAX), nonce[24];
	int64_t n = 0, acked = 0, start = load_now_us();

	snprintf(nonce, sizeof nonce, "%llx", (unsigned long long)start);
	while (acked < count) {
		while (c->inflight < IN_FLIGHT && n < count)
			fill_send(c, buf, nonce, &n);
		if (zmq_poll(&it, 1, SILENCE_MS) <= 0)
			break;
		while (conn_recv(c, buf, FRAME_MAX) >= 0)
			if (frame_is(buf, "reply")) {
				c->inflight--;
				acked += BATCH;
			}
		conn_keepalive(c, load_now_us());
	}
	conn_close(&c);
	free(buf);
	return (double)acked * 1e6 / (double)(load_now_us() - start);
}

/* Events in frame and the seq of its last: an "event" frame holds one,
 * an "events" frame each object that starts {"seq": (the broker writes
 * every event so). 0 for any other frame. */
static int
frame_events(const char *frame, int64_t *last)
{
	const char *p, *at = NULL;
	int n = 0;

	if (frame_is(frame, "event")) {
		*last = frame_int(frame, "seq");
		return 1;
	}
	if (!frame_is(frame, "events"))
		return 0;
	for (p = frame; (p = strstr(p, "{\"seq\":")) != NULL; p += 7) {
		at = p;
		n++;
	}
	if (at != NULL)
		*last = strtoll(at + 7, NULL, 10);
	return n;
}

/* Replay the log from seq 0 up to head with one subscription taking
 * batch events a frame; events and rate into *events and *per_s. */
static void
replay_once(void *ctx, const struct load_opts *o, int64_t head, int batch,
    int64_t *events, double *per_s)
{
	char sub[160], ack[80];
	int64_t last = 0, start, seen;
	struct conn *c;
	zmq_pollitem_t it;
	char *buf;
	int unacked = 0, n;

	snprintf(sub, sizeof sub, "{\"type\":\"subscribe\",\"id\":\"replay\","
	    "\"sub\":\"replay%d\",\"from\":0,\"batch\":%d}", batch, batch);
	c = conn_open(ctx, o->front, o->admin, 0);
	it = (zmq_pollitem_t){ c->sock, 0, ZMQ_POLLIN, 0 };
	buf = xmalloc(FRAME_MAX);
	*events = 0;
	start = load_now_us();
	conn_send(c, sub, strlen(sub));
	seen = start;
	/* Bounded: heartbeats keep the socket busy, so the wait is for
	 * events (SILENCE_MS without one ends the replay where it got to). */
	while (last < head && load_now_us() - seen < SILENCE_MS * 1000LL &&
	    zmq_poll(&it, 1, 1000) >= 0) {
		while (conn_recv(c, buf, FRAME_MAX) >= 0) {
			if ((n = frame_events(buf, &last)) == 0)
				continue;
			seen = load_now_us();
			*events += n;
			if ((unacked += n) >= ACK_EVERY) {
				snprintf(ack, sizeof ack, "{\"type\":\"ack\","
				    "\"sub\":\"replay%d\",\"count\":%d}", batch,
				    unacked);
				conn_send(c, ack, strlen(ack));
				unacked = 0;
			}
		}
		conn_keepalive(c, load_now_us());
	}
	*per_s = (double)*events * 1e6 / (double)(load_now_us() - start);
	conn_close(&c);
	free(buf);
}

void
replay_run(void *ctx, const struct load_opts *o, struct replay_result *out)
{
	int64_t head = log_head(ctx, o);

	memset(out, 0, sizeof *out);
	if (head < 0)
		return;
	if (head < o->replay) {
		out->fill_per_s = fill(ctx, o, o->replay - head);
		head = log_head(ctx, o);
	}
	out->head = head;
	replay_once(ctx, o, head, 1, &out->events, &out->per_s);
	replay_once(ctx, o, head, WIRE_MAX_BATCH, &out->batch_events,
	    &out->batch_per_s);
}
