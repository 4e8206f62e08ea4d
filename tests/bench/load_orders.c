/*
 * load_orders.c: orders through the whole system, each followed to its
 * end. For every order the generator records when it was meant to go
 * out and when
 *   - its place reply said PAID (the saga: order, payment, commit),
 *   - the shop's subscriber received its order.paid,
 *   - the shop's subscriber received the owner's notification.created
 *     (published only after notify stored it),
 *   - store, delivery, view and notify had all applied its order.paid
 *     (their svc_offset, polled every PROBE_US).
 * Closed loop: each connection keeps a window of places in flight. Open
 * loop: places go out at a fixed rate whatever the answers, and every
 * latency counts from the intended send time, so queueing shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "load.h"
#include "util.h"

#define FRAME_MAX 65536
#define PROBE_US 2000
#define DRAIN_US 10000000   /* give up on what did not finish by then */
#define ACK_EVERY 64

struct order {
	int64_t due;            /* intended send time, us */
	int64_t order_id;       /* 0 until the reply */
	int64_t paid_seq;       /* 0 until the shop saw order.paid */
	unsigned replied : 1, seen : 1, notified : 1, consumed : 1, ok : 1;
};

/* order_id -> order, and what the shop saw of an order before its reply
 * came back (events may overtake the answer). */
struct slot {
	int64_t order_id;       /* 0: empty */
	int idx;                /* -1 until the reply */
	int64_t seen_at, paid_seq, notified_at;
};

struct run {
	const struct load_opts *o;
	struct order *orders;
	int count, sent, replied, placed, failed;
	struct slot *slots;
	size_t mask;
	int *waiting;           /* paid, not yet consumed */
	int nwaiting;
	struct lat paid, seen, notified, consumed;   /* the whole run */
	struct lat ipaid, iseen, inotified, iconsumed; /* since the last tick */
	char nonce[24];
	char first_error[128];
	int64_t start, last_consumed, last_progress;
};

static struct slot *
slot_of(struct run *r, int64_t order_id)
{
	size_t i = (size_t)order_id * 0x9E3779B97F4A7C15ull & r->mask;

	while (r->slots[i].order_id != 0 && r->slots[i].order_id != order_id)
		i = (i + 1) & r->mask;
	if (r->slots[i].order_id == 0) {
		r->slots[i].order_id = order_id;
		r->slots[i].idx = -1;
	}
	return &r->slots[i];
}

static void
sample(struct lat *all, struct lat *interval, int64_t us)
{
	lat_add(all, us);
	lat_add(interval, us);
}

static void
order_send(struct run *r, struct conn *c, int k)
{
	char buf[512];
	int len = snprintf(buf, sizeof buf, "{\"type\":\"request\",\"id\":\"o%s-%d\","
	    "\"service\":\"order\",\"method\":\"place\",\"deadline_ms\":10000,"
	    "\"body\":{\"shop_id\":\"chicken\",\"items\":[{\"item_id\":\"fried\","
	    "\"qty\":1}],\"address\":\"bench street 1\",\"card\":"
	    "\"4111111111111111\"}}", r->nonce, k);

	conn_send(c, buf, (size_t)len);
	c->inflight++;
	r->sent++;
}

/* Both halves of an order are known: the shop's sightings before the
 * reply count from the order's due time. */
static void
order_join(struct run *r, struct order *ord, struct slot *s)
{
	if (s->seen_at && !ord->seen) {
		ord->seen = 1;
		ord->paid_seq = s->paid_seq;
		sample(&r->seen, &r->iseen, s->seen_at - ord->due);
		r->waiting[r->nwaiting++] = (int)(ord - r->orders);
	}
	if (s->notified_at && !ord->notified) {
		ord->notified = 1;
		sample(&r->notified, &r->inotified, s->notified_at - ord->due);
	}
}

static void
on_reply(struct run *r, struct conn *c, const char *frame, int64_t now)
{
	const char *p = strstr(frame, "\"id\":\"o");
	struct order *ord;
	struct slot *s;
	long k;

	if (p == NULL || (p = strchr(p + 7, '-')) == NULL)
		return;
	k = strtol(p + 1, NULL, 10);
	if (k < 0 || k >= r->count || r->orders[k].replied)
		return;
	ord = &r->orders[k];
	ord->replied = 1;
	c->inflight--;
	r->replied++;
	r->last_progress = now;
	if (strstr(frame, "\"ok\":true") == NULL ||
	    (ord->order_id = frame_int(frame, "order_id")) <= 0) {
		r->failed++;
		if (r->first_error[0] == '\0')
			snprintf(r->first_error, sizeof r->first_error, "%s",
			    frame);
		return;
	}
	ord->ok = 1;
	r->placed++;
	sample(&r->paid, &r->ipaid, now - ord->due);
	s = slot_of(r, ord->order_id);
	s->idx = (int)k;
	order_join(r, ord, s);
}

static void
on_event(struct run *r, const char *frame, int64_t now)
{
	int64_t order_id = frame_int(frame, "order_id");
	int paid = strstr(frame, "\"type\":\"order.paid\"") != NULL;
	struct slot *s;

	if (order_id <= 0)
		return;
	s = slot_of(r, order_id);
	if (paid && s->seen_at == 0) {
		s->seen_at = now;
		s->paid_seq = frame_int(frame, "seq");
	} else if (!paid && s->notified_at == 0)
		s->notified_at = now;
	else
		return;
	r->last_progress = now;
	if (s->idx >= 0)
		order_join(r, &r->orders[s->idx], s);
}

/* Orders whose order.paid every consumer has applied are consumed. */
static void
check_consumed(struct run *r, struct probe *probe, int64_t now)
{
	int64_t low = probe_consumed(probe);
	int i, kept = 0;

	if (low < 0)
		return;
	for (i = 0; i < r->nwaiting; i++) {
		struct order *ord = &r->orders[r->waiting[i]];

		if (ord->paid_seq <= low) {
			ord->consumed = 1;
			sample(&r->consumed, &r->iconsumed, now - ord->due);
			r->last_consumed = r->last_progress = now;
		} else
			r->waiting[kept++] = r->waiting[i];
	}
	r->nwaiting = kept;
}

static int
finished(const struct run *r)
{
	return r->replied == r->count && r->nwaiting == 0 &&
	    (int)r->consumed.n == r->placed && (int)r->notified.n == r->placed;
}

static void
result_fill(struct run *r, struct orders_result *out, int interval)
{
	int64_t span = (r->last_consumed ? r->last_consumed : load_now_us()) -
	    r->start;

	out->placed = r->placed;
	out->failed = r->failed;
	out->per_s = span > 0 ? (double)r->consumed.n * 1e6 / (double)span : 0;
	snprintf(out->first_error, sizeof out->first_error, "%s",
	    r->first_error);
	lat_summarise(interval ? &r->ipaid : &r->paid, &out->paid);
	lat_summarise(interval ? &r->iseen : &r->seen, &out->seen);
	lat_summarise(interval ? &r->inotified : &r->notified, &out->notified);
	lat_summarise(interval ? &r->iconsumed : &r->consumed, &out->consumed);
}

static struct conn *
shop_follow(void *ctx, const struct load_opts *o)
{
	static const char sub[] = "{\"type\":\"subscribe\",\"id\":\"follow\","
	    "\"sub\":\"bench\",\"filter\":{\"types\":[\"order.paid\","
	    "\"notification.\"]}}";
	struct conn *c = conn_open(ctx, o->front, o->owner, 0);
	zmq_pollitem_t it = { c->sock, 0, ZMQ_POLLIN, 0 };
	char buf[4096];

	conn_send(c, sub, sizeof sub - 1);
	while (zmq_poll(&it, 1, 5000) > 0)
		if (conn_recv(c, buf, sizeof buf) >= 0 &&
		    strstr(buf, "\"id\":\"follow\"") != NULL)
			return c; /* live from here on */
	fprintf(stderr, "baedal-bench: the shop could not subscribe\n");
	exit(1);
}

void
orders_run(void *ctx, const struct load_opts *o, int count, int rate,
    int seconds, struct probe *probe, struct orders_result *out,
    int every_s, void (*tick)(void *, const struct orders_result *),
    void *arg)
{
	int nc = o->connections, unacked = 0;
	struct run r = { .o = o };
	struct conn **cs = xcalloc((size_t)nc + 1, sizeof *cs), *shop;
	zmq_pollitem_t *items = xcalloc((size_t)nc + 1, sizeof *items);
	char *buf = xmalloc(FRAME_MAX);
	int64_t now, next_probe = 0, next_tick;
	size_t cap = 16;

	if (rate > 0)
		count = rate * seconds;
	r.count = count;
	r.orders = xcalloc((size_t)count, sizeof *r.orders);
	r.waiting = xcalloc((size_t)count, sizeof *r.waiting);
	while (cap < (size_t)count * 2)
		cap *= 2;
	r.slots = xcalloc(cap, sizeof *r.slots);
	r.mask = cap - 1;
	snprintf(r.nonce, sizeof r.nonce, "%llx",
	    (unsigned long long)load_now_us());
	shop = shop_follow(ctx, o);
	for (int i = 0; i < nc; i++)
		cs[i] = conn_open(ctx, o->front, o->customer, 0);
	cs[nc] = shop;
	for (int i = 0; i <= nc; i++)
		items[i] = (zmq_pollitem_t){ cs[i]->sock, 0, ZMQ_POLLIN, 0 };
	r.start = r.last_progress = now = load_now_us();
	next_tick = r.start + (int64_t)every_s * 1000000;
	while (!finished(&r) && now - r.last_progress < DRAIN_US) {
		int64_t wait_us = PROBE_US;

		/* Send what is due: the open loop's schedule, or the
		 * closed loop's free window places. */
		if (rate > 0) {
			while (r.sent < count) {
				int64_t due = r.start +
				    (int64_t)r.sent * 1000000 / rate;

				if (due > now) {
					if (due - now < wait_us)
						wait_us = due - now;
					break;
				}
				r.orders[r.sent].due = due;
				order_send(&r, cs[r.sent % nc], r.sent);
			}
		} else {
			for (int i = 0; i < nc; i++)
				while (cs[i]->inflight < o->window &&
				    r.sent < count) {
					r.orders[r.sent].due = now;
					order_send(&r, cs[i], r.sent);
				}
		}
		zmq_poll(items, nc + 1, (long)(wait_us + 999) / 1000);
		now = load_now_us();
		for (int i = 0; i < nc; i++)
			while (conn_recv(cs[i], buf, FRAME_MAX) >= 0)
				if (frame_is(buf, "reply"))
					on_reply(&r, cs[i], buf, now);
		while (conn_recv(shop, buf, FRAME_MAX) >= 0) {
			if (!frame_is(buf, "event"))
				continue;
			on_event(&r, buf, now);
			if (++unacked == ACK_EVERY) {
				conn_send(shop, "{\"type\":\"ack\",\"sub\":\"bench\","
				    "\"count\":64}", 39);
				unacked = 0;
			}
		}
		if (now >= next_probe) {
			check_consumed(&r, probe, now);
			next_probe = now + PROBE_US;
			for (int i = 0; i <= nc; i++)
				conn_keepalive(cs[i], now);
		}
		if (every_s > 0 && now >= next_tick && tick != NULL) {
			struct orders_result minute;

			result_fill(&r, &minute, 1);
			minute.offered_per_s = rate;
			tick(arg, &minute);
			lat_clear(&r.ipaid);
			lat_clear(&r.iseen);
			lat_clear(&r.inotified);
			lat_clear(&r.iconsumed);
			next_tick += (int64_t)every_s * 1000000;
		}
	}
	r.failed += r.count - r.replied;
	result_fill(&r, out, 0);
	out->offered_per_s = rate;
	for (int i = 0; i <= nc; i++)
		conn_close(&cs[i]);
	lat_free(&r.paid), lat_free(&r.seen), lat_free(&r.notified);
	lat_free(&r.consumed), lat_free(&r.ipaid), lat_free(&r.iseen);
	lat_free(&r.inotified), lat_free(&r.iconsumed);
	free(r.orders);
	free(r.waiting);
	free(r.slots);
	free(buf);
	free(items);
	free(cs);
}
