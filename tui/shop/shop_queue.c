/*
 * shop_queue.c: the console's queue model. It starts from the store
 * service's snapshot and applies the order.* events after it the way the
 * store does (backend/services/store/store_queue.c): order.paid adds an entry, the other
 * order events move its status, and each appends to its timeline. So a
 * fresh snapshot and the event-fed model agree.
 */
#include "shop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui_i18n.h"
#include "util.h"

static const struct queue_status {
	const char *type;   /* order event */
	const char *status; /* the order's status after it */
	const char *label;  /* shown to the owner */
	int rank;           /* display group: 0 waiting, 1 active, 2 done */
} queue_statuses[] = {
	{ "order.paid", "PAID", NC_("status", "신규"), 0 },
	{ "order.accepted", "ACCEPTED", NC_("status", "접수"), 1 },
	{ "order.cooking", "COOKING", NC_("status", "조리중"), 1 },
	{ "order.ready", "READY", NC_("status", "조리완료"), 1 },
	{ "order.delivering", "DELIVERING", NC_("status", "배달중"), 1 },
	{ "order.delivered", "DELIVERED", NC_("status", "완료"), 2 },
	{ "order.picked_up", "PICKED_UP", NC_("status", "포장완료"), 2 },
	{ "order.cancelled", "CANCELLED", NC_("status", "취소"), 2 },
	{ "order.rejected", "REJECTED", NC_("status", "거절"), 2 },
};

static const char *const filter_labels[SHOP_FILTER_COUNT] = {
	N_("신규"), N_("진행 중"), N_("완료"), N_("전체"),
};

/* The red line for a PAID order: 2 minutes, or 20% of a shorter window. */
#define URGENT_MS (2 * 60 * 1000)
#define URGENT_SHARE 5

static const struct queue_status *
status_by_type(const char *type)
{
	size_t i;

	for (i = 0; type != NULL && i < ARRAY_LEN(queue_statuses); i++)
		if (strcmp(queue_statuses[i].type, type) == 0)
			return &queue_statuses[i];
	return NULL;
}

static const struct queue_status *
status_by_name(const char *status)
{
	size_t i;

	for (i = 0; status != NULL && i < ARRAY_LEN(queue_statuses); i++)
		if (strcmp(queue_statuses[i].status, status) == 0)
			return &queue_statuses[i];
	return NULL;
}

static int
status_rank(const char *status)
{
	const struct queue_status *s = status_by_name(status);

	return s != NULL ? s->rank : 2;
}

const char *
shop_status_label(const char *status)
{
	const struct queue_status *s = status_by_name(status);

	return s != NULL ? ui_i18n_ctx("status", s->label) :
	    (status != NULL ? status : "?");
}

int
shop_filter_match(enum shop_filter filter, const char *status)
{
	switch (filter) {
	case SHOP_FILTER_NEW:
		return status_rank(status) == 0;
	case SHOP_FILTER_ACTIVE:
		return status_rank(status) == 1;
	case SHOP_FILTER_DONE:
		return status_rank(status) == 2;
	default:
		return 1;
	}
}

const char *
shop_filter_label(enum shop_filter filter)
{
	return filter < SHOP_FILTER_COUNT ? _(filter_labels[filter]) : "?";
}

static char *
get_strdup(const json_t *obj, const char *key)
{
	return xstrdup(json_string_value(json_object_get(obj, key)));
}

static json_t *
get_array_copy(const json_t *obj, const char *key)
{
	json_t *a = json_object_get(obj, key);

	return json_is_array(a) ? json_deep_copy(a) : json_array();
}

static void
order_free(struct shop_order *o)
{
	if (o == NULL)
		return;
	json_decref(o->items);
	json_decref(o->timeline);
	free(o->address);
	free(o->customer_id);
	free(o->reason);
	free(o->note);
	free(o->rider_note);
	free(o->print_error);
	free(o);
}

/* The order's kind from obj's "kind" ("delivery" when absent). */
static void
order_set_kind(struct shop_order *o, const json_t *obj)
{
	const char *kind = json_string_value(json_object_get(obj, "kind"));

	snprintf(o->kind, sizeof o->kind, "%s",
	    kind != NULL && strcmp(kind, "pickup") == 0 ? "pickup" :
	    "delivery");
}

/* 1 when the order or any of its lines carries a request, as the
 * store's has_notes. */
static int
order_notes_any(const struct shop_order *o)
{
	const json_t *line;
	size_t i;

	if (o->note != NULL || o->rider_note != NULL)
		return 1;
	json_array_foreach(o->items, i, line)
		if (json_string_value(json_object_get(line, "note")) != NULL)
			return 1;
	return 0;
}

static void
order_set_status(struct shop_order *o, const char *status)
{
	snprintf(o->status, sizeof o->status, "%s", status);
}

static void
queue_push(struct shop_queue *q, struct shop_order *o)
{
	if (q->n == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 64;
		q->orders = xrealloc(q->orders, q->cap * sizeof *q->orders);
	}
	q->orders[q->n++] = o;
}

void
shop_queue_clear(struct shop_queue *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		order_free(q->orders[i]);
	free(q->orders);
	memset(q, 0, sizeof *q);
}

/* An order from one store.queue summary; NULL when it has no id. */
static struct shop_order *
order_from_summary(const json_t *s, int64_t seq)
{
	struct shop_order *o;
	const char *status = json_string_value(json_object_get(s, "status"));

	if (wire_int(s, "order_id", 0) <= 0 || status == NULL)
		return NULL;
	o = xcalloc(1, sizeof *o);
	o->id = wire_int(s, "order_id", 0);
	order_set_status(o, status);
	o->items = get_array_copy(s, "items");
	o->subtotal = wire_int(s, "subtotal", 0);
	o->delivery_fee = wire_int(s, "delivery_fee", 0);
	o->total = wire_int(s, "total", 0);
	o->address = get_strdup(s, "address");
	o->customer_id = get_strdup(s, "customer_id");
	o->reason = get_strdup(s, "reason");
	o->placed_at = wire_int(s, "placed_at", 0);
	o->accept_by = wire_int(s, "accept_by", 0);
	o->eta_min = wire_int(s, "eta_min", 0);
	o->eta_at = wire_int(s, "eta_at", 0);
	o->updated_at = wire_int(s, "updated_at", 0);
	o->timeline = get_array_copy(s, "timeline");
	o->note = get_strdup(s, "note");
	o->rider_note = get_strdup(s, "rider_note");
	order_set_kind(o, s);
	o->has_notes = json_is_true(json_object_get(s, "has_notes")) ||
	    order_notes_any(o);
	o->last_seq = seq;
	return o;
}

int
shop_queue_load(struct shop_queue *q, const json_t *snapshot)
{
	json_t *orders = json_object_get(snapshot, "orders");
	json_t *seqv = json_object_get(snapshot, "seq");
	struct shop_queue fresh = { 0 };
	struct shop_order *o;
	json_t *s;
	size_t i;

	if (!json_is_array(orders) || !json_is_integer(seqv))
		return -1;
	fresh.seq = json_integer_value(seqv);
	json_array_foreach(orders, i, s) {
		if ((o = order_from_summary(s, fresh.seq)) != NULL &&
		    shop_queue_find(&fresh, o->id) == NULL)
			queue_push(&fresh, o);
		else
			order_free(o);
	}
	shop_queue_clear(q);
	*q = fresh;
	return 0;
}

struct shop_order *
shop_queue_find(const struct shop_queue *q, int64_t id)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (q->orders[i]->id == id)
			return q->orders[i];
	return NULL;
}

static void
timeline_add(struct shop_order *o, int64_t at, const char *status)
{
	json_array_append_new(o->timeline, json_pack("{s:I, s:s}", "at",
	    (json_int_t)at, "status", status));
}

/* order.paid: a new entry from the event's data. */
static struct shop_order *
order_from_paid(const json_t *ev, int64_t id, int64_t seq, int64_t at)
{
	const json_t *data = json_object_get(ev, "data");
	struct shop_order *o = xcalloc(1, sizeof *o);

	o->id = id;
	order_set_status(o, "PAID");
	o->items = get_array_copy(data, "items");
	o->subtotal = wire_int(data, "subtotal", 0);
	o->delivery_fee = wire_int(data, "delivery_fee", 0);
	o->total = wire_int(data, "total", 0);
	o->address = get_strdup(data, "address");
	o->customer_id = get_strdup(ev, "customer_id");
	o->placed_at = o->updated_at = at;
	o->accept_by = wire_int(data, "accept_by", 0);
	o->timeline = json_array();
	timeline_add(o, at, "PAID");
	o->note = get_strdup(data, "note");
	o->rider_note = get_strdup(data, "rider_note");
	order_set_kind(o, data);
	o->has_notes = order_notes_any(o);
	o->last_seq = seq;
	return o;
}

/* A later order event: the new status, and eta or reason when the data
 * carries them (kept otherwise, as the store's coalesce does). */
static void
order_move(struct shop_order *o, const json_t *ev, const char *status,
    int64_t seq, int64_t at)
{
	const json_t *data = json_object_get(ev, "data");
	const char *reason = json_string_value(json_object_get(data,
	    "reason"));

	order_set_status(o, status);
	if (json_is_integer(json_object_get(data, "eta_min")))
		o->eta_min = wire_int(data, "eta_min", 0);
	if (json_is_integer(json_object_get(data, "eta_at")))
		o->eta_at = wire_int(data, "eta_at", 0);
	if (reason != NULL) {
		free(o->reason);
		o->reason = xstrdup(reason);
	}
	o->updated_at = at;
	timeline_add(o, at, status);
	o->last_seq = seq;
}

/* order.eta_extended (the ETA moves) and order.lines_removed (the lines
 * and the amounts change): the status stays and the timeline gains
 * nothing (store_queue.c's queue_amend). */
static enum shop_applied
order_amend(struct shop_queue *q, const json_t *ev, int64_t id, int64_t seq,
    struct shop_order **changed)
{
	const json_t *data = json_object_get(ev, "data");
	struct shop_order *o = shop_queue_find(q, id);

	if (o == NULL || seq <= o->last_seq)
		return SHOP_APPLIED_NONE;
	if (json_is_integer(json_object_get(data, "eta_min")))
		o->eta_min = wire_int(data, "eta_min", 0);
	if (json_is_integer(json_object_get(data, "eta_at")))
		o->eta_at = wire_int(data, "eta_at", 0);
	if (json_is_array(json_object_get(data, "items"))) {
		json_decref(o->items);
		o->items = json_deep_copy(json_object_get(data, "items"));
	}
	if (json_is_integer(json_object_get(data, "subtotal")))
		o->subtotal = wire_int(data, "subtotal", 0);
	if (json_is_integer(json_object_get(data, "total")))
		o->total = wire_int(data, "total", 0);
	o->updated_at = wire_int(ev, "at", 0);
	o->last_seq = seq;
	if (changed != NULL)
		*changed = o;
	return SHOP_APPLIED_CHANGED;
}

enum shop_applied
shop_queue_apply(struct shop_queue *q, const json_t *ev,
    struct shop_order **changed)
{
	const char *type = json_string_value(json_object_get(ev, "type"));
	const struct queue_status *st = status_by_type(type);
	int64_t seq = wire_int(ev, "seq", 0), id = wire_int(ev, "order_id", 0);
	int64_t at = wire_int(ev, "at", 0);
	struct shop_order *o;

	if (changed != NULL)
		*changed = NULL;
	if (type != NULL && (strcmp(type, "order.eta_extended") == 0 ||
	    strcmp(type, "order.lines_removed") == 0) && id > 0 && seq > q->seq)
		return order_amend(q, ev, id, seq, changed);
	if (st == NULL || id <= 0 || seq <= q->seq)
		return SHOP_APPLIED_NONE;
	o = shop_queue_find(q, id);
	if (st->rank == 0 && o == NULL) {
		o = order_from_paid(ev, id, seq, at);
		queue_push(q, o);
		if (changed != NULL)
			*changed = o;
		return SHOP_APPLIED_NEW;
	}
	/* Unknown orders are ignored, as by the store; an event older than
	 * the order's last (a replay after a resync) changes nothing. */
	if (o == NULL || st->rank == 0 || seq <= o->last_seq)
		return SHOP_APPLIED_NONE;
	order_move(o, ev, st->status, seq, at);
	if (changed != NULL)
		*changed = o;
	return SHOP_APPLIED_CHANGED;
}

/* qsort order: rank, then oldest first while open, newest first done. */
static int
order_cmp(const void *a, const void *b)
{
	const struct shop_order *x = *(struct shop_order *const *)a;
	const struct shop_order *y = *(struct shop_order *const *)b;
	int rx = status_rank(x->status), ry = status_rank(y->status);
	int sign = rx == 2 ? -1 : 1;

	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (x->placed_at != y->placed_at)
		return (x->placed_at < y->placed_at ? -1 : 1) * sign;
	return (x->id < y->id ? -1 : 1) * sign;
}

size_t
shop_queue_view(const struct shop_queue *q, enum shop_filter filter,
    struct shop_order **out)
{
	size_t i, n = 0;

	for (i = 0; i < q->n; i++)
		if (shop_filter_match(filter, q->orders[i]->status))
			out[n++] = q->orders[i];
	if (n > 1)
		qsort(out, n, sizeof *out, order_cmp);
	return n;
}

/* The local calendar day of a millisecond time, as year * 400 + yday. */
static long
local_day(int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	return (long)tm.tm_year * 400 + tm.tm_yday;
}

void
shop_queue_totals(const struct shop_queue *q, int64_t now,
    struct shop_totals *t)
{
	long today = local_day(now);
	const struct shop_order *o;
	size_t i;

	memset(t, 0, sizeof *t);
	for (i = 0; i < q->n; i++) {
		o = q->orders[i];
		if (shop_filter_match(SHOP_FILTER_NEW, o->status))
			t->waiting++;
		else if (shop_filter_match(SHOP_FILTER_ACTIVE, o->status))
			t->active++;
		if (local_day(o->placed_at) != today)
			continue;
		t->today++;
		if (shop_filter_match(SHOP_FILTER_ACTIVE, o->status) ||
		    strcmp(o->status, "DELIVERED") == 0 ||
		    strcmp(o->status, "PICKED_UP") == 0)
			t->revenue += o->total; /* accepted: the shop's sale */
	}
}

void
shop_order_items_text(const struct shop_order *o, char *buf, size_t n)
{
	const json_t *line;
	size_t i, used = 0;
	int k;

	if (n == 0)
		return;
	buf[0] = '\0';
	json_array_foreach(o->items, i, line) {
		const char *name = json_string_value(json_object_get(line,
		    "name"));
		int64_t qty = wire_int(line, "qty", 0);

		if (json_is_true(json_object_get(line, "removed")))
			continue; /* not made: refunded */
		if (name == NULL)
			name = json_string_value(json_object_get(line,
			    "item_id"));
		if (qty > 1)
			k = snprintf(buf + used, n - used, "%s%s x%lld",
			    used ? ", " : "", name ? name : "?", (long long)qty);
		else
			k = snprintf(buf + used, n - used, "%s%s",
			    used ? ", " : "", name ? name : "?");
		if (k < 0 || (size_t)k >= n - used)
			break; /* cut; the drawing adds "…" anyway */
		used += (size_t)k;
	}
}

int64_t
shop_order_accept_left(const struct shop_order *o, int64_t now)
{
	return o->accept_by - now;
}

int
shop_order_urgency(const struct shop_order *o, int64_t now)
{
	int64_t left, window, line;

	if (strcmp(o->status, "PAID") != 0 || o->accept_by <= 0)
		return 0;
	left = shop_order_accept_left(o, now);
	window = o->accept_by - o->placed_at;
	line = URGENT_MS;
	if (window > 0 && window / URGENT_SHARE < line)
		line = window / URGENT_SHARE;
	if (left < line)
		return 2;
	return left < 2 * line ? 1 : 0;
}
