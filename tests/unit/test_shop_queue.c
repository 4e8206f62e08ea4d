/*
 * test_shop_queue.c: baedal-shop's queue model (tui/shop/shop_queue.c):
 * the store's snapshot plus the order.* events after its seq, applied as
 * backend/services/store/store_queue.c applies them. One scripted history
 * of a shop's day is checked three ways: fed as events from nothing, it
 * ends where the store's rules say; cut at every point into a store.queue
 * snapshot plus the rest as events, it ends in the same queue; and
 * replayed (duplicates, events older than the snapshot or than an order's
 * last event), it changes nothing.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "shop.h"

#define T0 1700000000000LL
#define MIN (60 * 1000)

/* The history: order 1 goes all the way, 2 is rejected, 3 cancelled
 * after it was accepted, 4 stays waiting; an event of an order the shop
 * never saw and an event type the queue does not show are in between. */
static json_t *history;

static void
add(const char *type, int64_t order_id, int64_t at, json_t *data)
{
	json_array_append_new(history, json_pack("{s:I, s:s, s:I, s:s, s:s, "
	    "s:I, s:o}", "seq", (json_int_t)(json_array_size(history) + 1),
	    "type", type, "order_id", (json_int_t)order_id, "shop_id",
	    "chicken", "customer_id", "minji", "at", (json_int_t)at, "data",
	    data ? data : json_object()));
}

static json_t *
paid_data(int64_t total, const char *address)
{
	return json_pack("{s:[{s:s, s:s, s:i}], s:I, s:I, s:I, s:s, s:I}",
	    "items", "item_id", "fried", "name", "후라이드치킨", "qty", 2,
	    "subtotal", (json_int_t)(total - 3000), "delivery_fee",
	    (json_int_t)3000, "total", (json_int_t)total, "address", address,
	    "accept_by", (json_int_t)(T0 + 10 * MIN));
}

static void
make_history(void)
{
	history = json_array();
	add("order.paid", 1, T0, paid_data(39000, "서울 1"));
	add("order.paid", 2, T0 + 1, paid_data(21000, "서울 2"));
	add("order.accepted", 1, T0 + 2, json_pack("{s:i, s:I}", "eta_min",
	    25, "eta_at", (json_int_t)(T0 + 25 * MIN)));
	add("shop.updated", 0, T0 + 3, NULL);
	add("order.rejected", 2, T0 + 4, json_pack("{s:s}", "reason",
	    "재료 소진"));
	add("order.cooking", 1, T0 + 5, NULL);
	add("order.accepted", 99, T0 + 6, NULL); /* not this shop's queue */
	add("order.paid", 3, T0 + 7, paid_data(18000, "서울 3"));
	add("order.accepted", 3, T0 + 8, json_pack("{s:i, s:I}", "eta_min",
	    40, "eta_at", (json_int_t)(T0 + 48 * MIN)));
	add("order.delivering", 1, T0 + 9, NULL);
	add("order.cancelled", 3, T0 + 10, json_pack("{s:s, s:s}", "reason",
	    "고객이 취소했습니다", "by", "customer"));
	add("order.delivered", 1, T0 + 11, NULL);
	add("order.paid", 4, T0 + 12, paid_data(22000, "서울 4"));
	add("order.placed", 5, T0 + 13, NULL); /* not a queue status */
}

/* The queue as store.queue would send it after seq: {shop_id, seq,
 * orders, more} with the store's member names. */
static json_t *
snapshot_of(const struct shop_queue *q, int64_t seq)
{
	json_t *orders = json_array();
	size_t i;

	for (i = 0; i < q->n; i++) {
		const struct shop_order *o = q->orders[i];

		json_array_append_new(orders, json_pack("{s:I, s:s, s:O, s:I, "
		    "s:I, s:I, s:s?, s:s?, s:I, s:I, s:I, s:I, s:s?, s:I, "
		    "s:O}", "order_id", (json_int_t)o->id, "status", o->status,
		    "items", o->items, "subtotal", (json_int_t)o->subtotal,
		    "delivery_fee", (json_int_t)o->delivery_fee, "total",
		    (json_int_t)o->total, "address", o->address, "customer_id",
		    o->customer_id, "placed_at", (json_int_t)o->placed_at,
		    "accept_by", (json_int_t)o->accept_by, "eta_min",
		    (json_int_t)o->eta_min, "eta_at", (json_int_t)o->eta_at,
		    "reason", o->reason, "updated_at",
		    (json_int_t)o->updated_at, "timeline", o->timeline));
	}
	return json_pack("{s:s, s:I, s:o, s:b}", "shop_id", "chicken", "seq",
	    (json_int_t)seq, "orders", orders, "more", 0);
}

/* Apply history[from, to) to q; returns how many changed something. */
static int
feed(struct shop_queue *q, size_t from, size_t to)
{
	int changed = 0;
	size_t i;

	for (i = from; i < to; i++)
		changed += shop_queue_apply(q, json_array_get(history, i),
		    NULL) != SHOP_APPLIED_NONE;
	return changed;
}

static int
str_eq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* 1 when both queues hold the same orders with the same fields. */
static int
same_queue(const struct shop_queue *a, const struct shop_queue *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		const struct shop_order *x = a->orders[i];
		const struct shop_order *y = shop_queue_find(b, x->id);

		if (y == NULL || strcmp(x->status, y->status) != 0 ||
		    !json_equal(x->items, y->items) ||
		    !json_equal(x->timeline, y->timeline) ||
		    x->total != y->total || x->subtotal != y->subtotal ||
		    x->delivery_fee != y->delivery_fee ||
		    x->eta_min != y->eta_min || x->eta_at != y->eta_at ||
		    x->placed_at != y->placed_at ||
		    x->accept_by != y->accept_by ||
		    x->updated_at != y->updated_at ||
		    !str_eq(x->reason, y->reason) ||
		    !str_eq(x->address, y->address) ||
		    !str_eq(x->customer_id, y->customer_id))
			return 0;
	}
	return 1;
}

/* The statuses of an order's timeline, space-separated, into buf. */
static const char *
timeline_text(const struct shop_order *o, char *buf, size_t n)
{
	json_t *step;
	size_t i, used = 0;

	buf[0] = '\0';
	json_array_foreach(o->timeline, i, step)
		used += (size_t)snprintf(buf + used, n - used, "%s%s",
		    i ? " " : "", json_string_value(json_object_get(step,
		    "status")));
	return buf;
}

/* What the store's rules give for this history (store_queue.c): paid
 * inserts, later events move status and append to the timeline, eta and
 * reason kept unless an event carries them, unknown orders ignored. */
static void
test_from_events(void)
{
	struct shop_queue q = { 0 };
	struct shop_order *o, *changed;
	char tl[128];

	check(feed(&q, 0, json_array_size(history)) == 11,
	    "11 of the 14 events move the queue (not shop.updated, order.placed"
	    " or an unknown order's)");
	check(q.n == 4, "four orders (%zu)", q.n);
	o = shop_queue_find(&q, 1);
	check(o != NULL && strcmp(o->status, "DELIVERED") == 0 &&
	    o->eta_min == 25 && o->eta_at == T0 + 25 * MIN &&
	    o->updated_at == T0 + 11 && o->placed_at == T0 && o->total == 39000,
	    "order 1 delivered, keeping the eta it was accepted with");
	check(o != NULL && o->reason == NULL,
	    "and no reason: none of its events carried one");
	check(o != NULL && strcmp(timeline_text(o, tl, sizeof tl),
	    "PAID ACCEPTED COOKING DELIVERING DELIVERED") == 0,
	    "order 1's timeline has every step (%s)", tl);
	o = shop_queue_find(&q, 2);
	check(o != NULL && strcmp(o->status, "REJECTED") == 0 &&
	    str_eq(o->reason, "재료 소진"), "order 2 rejected, with the reason");
	o = shop_queue_find(&q, 3);
	if (o != NULL)
		timeline_text(o, tl, sizeof tl);
	check(o != NULL && strcmp(o->status, "CANCELLED") == 0 &&
	    o->eta_min == 40 && str_eq(o->reason, "고객이 취소했습니다") &&
	    strcmp(tl, "PAID ACCEPTED CANCELLED") == 0, "order 3 cancelled "
	    "after acceptance (%s)", tl);
	o = shop_queue_find(&q, 4);
	check(o != NULL && strcmp(o->status, "PAID") == 0 &&
	    str_eq(o->address, "서울 4") && str_eq(o->customer_id, "minji") &&
	    o->accept_by == T0 + 10 * MIN && o->subtotal == 19000 &&
	    json_array_size(o->items) == 1, "order 4 waits, with the data "
	    "order.paid carried");
	check(shop_queue_find(&q, 99) == NULL && shop_queue_find(&q, 5) ==
	    NULL, "no entry for an unknown order or a non-queue event");

	check(shop_queue_apply(&q, json_array_get(history, 0), &changed) ==
	    SHOP_APPLIED_NONE && changed == NULL,
	    "order.paid again for a known order changes nothing");
	check(feed(&q, 0, json_array_size(history)) == 0,
	    "replaying the whole history changes nothing");
	o = shop_queue_find(&q, 1);
	check(o != NULL && json_array_size(o->timeline) == 5,
	    "and adds no timeline steps");
	shop_queue_clear(&q);
}

/* A snapshot at any seq plus the events after it gives the same queue. */
static void
test_snapshot_plus_events(void)
{
	size_t n = json_array_size(history), k;
	struct shop_queue full = { 0 }, part = { 0 }, q = { 0 };
	int same = 1, replay_same = 1, old_ignored = 1;
	json_t *snap;

	feed(&full, 0, n);
	for (k = 0; k <= n; k++) {
		shop_queue_clear(&part);
		feed(&part, 0, k);
		snap = snapshot_of(&part, (int64_t)k);
		if (shop_queue_load(&q, snap) != 0)
			same = 0;
		json_decref(snap);
		/* Events up to the snapshot's seq come again (a resync
		 * races the live feed): all ignored. */
		if (feed(&q, 0, k) != 0)
			old_ignored = 0;
		feed(&q, k, n);
		if (!same_queue(&q, &full)) {
			same = 0;
			printf("# snapshot at %zu + events differs\n", k);
		}
		/* The live events again, after the snapshot's seq but not
		 * after each order's last: nothing moves. */
		if (feed(&q, k, n) != 0 || !same_queue(&q, &full))
			replay_same = 0;
	}
	check(same, "a snapshot at every seq 0..%zu plus the events after it "
	    "ends in the queue the events alone give", n);
	check(old_ignored, "events at or before the snapshot's seq are "
	    "ignored");
	check(replay_same, "events older than an order's last are ignored");
	shop_queue_clear(&full);
	shop_queue_clear(&part);
	shop_queue_clear(&q);
}

static void
test_load(void)
{
	struct shop_queue q = { 0 };
	json_t *snap;
	struct shop_order *changed;

	feed(&q, 0, 2);
	snap = json_pack("{s:s, s:[]}", "shop_id", "chicken", "orders");
	check(shop_queue_load(&q, snap) == -1 && q.n == 2,
	    "a snapshot without seq is refused and the queue kept");
	json_decref(snap);
	snap = json_pack("{s:s, s:I, s:[{s:I, s:s}, {s:I, s:s}, {s:s}]}",
	    "shop_id", "chicken", "seq", (json_int_t)40, "orders", "order_id",
	    (json_int_t)7, "status", "COOKING", "order_id", (json_int_t)7,
	    "status", "PAID", "status", "PAID");
	check(shop_queue_load(&q, snap) == 0 && q.n == 1 &&
	    strcmp(shop_queue_find(&q, 7)->status, "COOKING") == 0 &&
	    q.seq == 40, "a snapshot replaces the queue, keeping the first of "
	    "a repeated order and dropping one without an id");
	json_decref(snap);
	snap = json_pack("{s:I, s:s, s:I, s:I, s:o}", "seq", (json_int_t)40,
	    "type", "order.delivering", "order_id", (json_int_t)7, "at",
	    (json_int_t)T0, "data", json_object());
	check(shop_queue_apply(&q, snap, &changed) == SHOP_APPLIED_NONE,
	    "an event at the snapshot's seq is in it already");
	json_object_set_new(snap, "seq", json_integer(41));
	check(shop_queue_apply(&q, snap, &changed) == SHOP_APPLIED_CHANGED &&
	    changed == shop_queue_find(&q, 7) &&
	    strcmp(changed->status, "DELIVERING") == 0,
	    "the next one moves the order and says which");
	json_decref(snap);
	shop_queue_clear(&q);
	check(q.n == 0 && q.orders == NULL, "clear empties the queue");
}

/* A pickup order with a request: ready, an ETA extended, picked up. */
static void
test_pickup_ready_extend(void)
{
	struct shop_queue q = { 0 };
	struct shop_order *o, *changed;
	json_t *ev;
	char tl[128];
	int ok = 1;

	ev = json_pack("{s:I, s:s, s:I, s:s, s:I, s:{s:[{s:s, s:s, s:i, "
	    "s:s}], s:I, s:I, s:I, s:s, s:s, s:I}}", "seq", (json_int_t)1,
	    "type", "order.paid", "order_id", (json_int_t)8, "customer_id",
	    "minji", "at", (json_int_t)T0, "data", "items", "item_id", "fried",
	    "name", "후라이드치킨", "qty", 1, "note", "덜 맵게", "subtotal",
	    (json_int_t)18000, "delivery_fee", (json_int_t)0, "total",
	    (json_int_t)18000, "kind", "pickup", "note", "문 앞에", "accept_by",
	    (json_int_t)(T0 + 10 * MIN));
	shop_queue_apply(&q, ev, NULL);
	json_decref(ev);
	o = shop_queue_find(&q, 8);
	check(o != NULL && strcmp(o->kind, "pickup") == 0 && o->has_notes &&
	    str_eq(o->note, "문 앞에"), "order.paid keeps the kind and the "
	    "request, and marks the order as having notes");
#define EV(seq_, type_, data_) json_pack("{s:I, s:s, s:I, s:I, s:o}", \
	"seq", (json_int_t)(seq_), "type", type_, "order_id", \
	(json_int_t)8, "at", (json_int_t)(T0 + (seq_)), "data", data_)
	ev = EV(2, "order.accepted", json_pack("{s:i, s:I}", "eta_min", 20,
	    "eta_at", (json_int_t)(T0 + 20 * MIN)));
	ok &= shop_queue_apply(&q, ev, NULL) == SHOP_APPLIED_CHANGED;
	json_decref(ev);
	ev = EV(3, "order.eta_extended", json_pack("{s:i, s:i, s:I, s:i, "
	    "s:s}", "minutes", 10, "eta_min", 30, "eta_at",
	    (json_int_t)(T0 + 30 * MIN), "extended_min", 10, "status",
	    "ACCEPTED"));
	check(shop_queue_apply(&q, ev, &changed) == SHOP_APPLIED_CHANGED &&
	    changed == o && o->eta_min == 30 && o->eta_at == T0 + 30 * MIN &&
	    strcmp(o->status, "ACCEPTED") == 0 && o->updated_at == T0 + 3 &&
	    json_array_size(o->timeline) == 2, "order.eta_extended moves the "
	    "ETA, keeps the status and adds no timeline step");
	check(shop_queue_apply(&q, ev, NULL) == SHOP_APPLIED_NONE,
	    "and the same event again changes nothing");
	json_decref(ev);
	ev = EV(4, "order.cooking", json_object());
	ok &= shop_queue_apply(&q, ev, NULL) == SHOP_APPLIED_CHANGED;
	json_decref(ev);
	ev = EV(5, "order.ready", json_object());
	check(shop_queue_apply(&q, ev, NULL) == SHOP_APPLIED_CHANGED && ok &&
	    strcmp(o->status, "READY") == 0 &&
	    shop_filter_match(SHOP_FILTER_ACTIVE, o->status) &&
	    strcmp(shop_status_label(o->status), "조리완료") == 0,
	    "order.ready makes it READY, still in progress");
	json_decref(ev);
	ev = EV(6, "order.picked_up", json_object());
	check(shop_queue_apply(&q, ev, NULL) == SHOP_APPLIED_CHANGED &&
	    strcmp(o->status, "PICKED_UP") == 0 &&
	    shop_filter_match(SHOP_FILTER_DONE, o->status) &&
	    strcmp(timeline_text(o, tl, sizeof tl),
	    "PAID ACCEPTED COOKING READY PICKED_UP") == 0,
	    "order.picked_up finishes it (%s)", tl);
	json_decref(ev);
#undef EV
	shop_queue_clear(&q);
}

int
main(void)
{
	make_history();
	test_from_events();
	test_snapshot_plus_events();
	test_load();
	test_pickup_ready_extend();
	json_decref(history);
	return check_status();
}
