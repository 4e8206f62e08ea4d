/*
 * view_sales.c: a shop's sales and service figures (see view_sales.h).
 *
 * Nothing is counted as events arrive: the figures are summed on request
 * from the rows the view already keeps, one per order (written once per
 * order_id) and one timeline entry per event (keyed by its seq). So a
 * redelivered event changes nothing and a view rebuilt from seq 0 gives
 * the same figures. An order belongs to the local day and hour (in its
 * shop's zone) at which it was placed.
 */
#include "view_sales.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shop_tz.h"
#include "util.h"

/* Per order: its figures and the times of its steps (NULL when never). */
#define SALES_ORDERS_SQL \
    "SELECT o.order_id, o.status, o.total, o.items_json, o.placed_at," \
    " o.eta_at, o.reason_code, o.kind," \
    " (SELECT min(at) FROM timeline t WHERE t.order_id = o.order_id" \
    "  AND t.event = 'order.paid') AS paid_at," \
    " (SELECT min(at) FROM timeline t WHERE t.order_id = o.order_id" \
    "  AND t.event = 'order.accepted') AS accepted_at," \
    " (SELECT min(at) FROM timeline t WHERE t.order_id = o.order_id" \
    "  AND t.event = 'order.cooking') AS cooking_at," \
    " (SELECT min(at) FROM timeline t WHERE t.order_id = o.order_id" \
    "  AND t.event IN ('order.ready', 'order.delivering'," \
    "  'order.picked_up')) AS cooked_at," \
    " (SELECT min(at) FROM timeline t WHERE t.order_id = o.order_id" \
    "  AND t.event = 'order.delivered') AS delivered_at" \
    " FROM orders o WHERE o.shop_id = ? AND o.paid = 1" \
    " AND o.placed_at >= ? AND o.placed_at < ? ORDER BY o.order_id"

/* The days asked for, in the shop's zone. */
struct sales_range {
	const char *tz;           /* borrowed */
	struct tm from;           /* first local date */
	int days;                 /* 1..VIEW_SALES_MAX_DAYS */
	int64_t from_ms, to_ms;   /* [from_ms, to_ms) */
};

/* Sums over the orders of the range. */
struct sales_sum {
	int64_t orders, revenue, completed, in_progress, cancelled, rejected;
	int64_t accepted, accept_ms, cooked, cook_ms, delivered, late;
	int64_t hour_orders[24], hour_revenue[24];
	int64_t *day_orders, *day_revenue;
	json_t *cancel_codes, *reject_codes, *items;
};

int
view_sales_shop_event(struct svc *svc, const json_t *event,
    struct wire_error *err)
{
	const char *type = json_string_value(json_object_get(event, "type"));
	const json_t *shop = json_object_get(json_object_get(event, "data"),
	    "shop");
	const char *id = wire_str(shop, "id", NULL);

	if (type == NULL || strcmp(type, "shop.updated") != 0 || id == NULL)
		return 0;
	if (db_do(svc_db(svc), "INSERT INTO shop_zones(shop_id, tz, seq) "
	    "VALUES (?,?,?) ON CONFLICT(shop_id) DO UPDATE SET tz = "
	    "excluded.tz, seq = excluded.seq WHERE excluded.seq > "
	    "shop_zones.seq", "ssi", id, wire_str(shop, "tz",
	    SHOP_TZ_DEFAULT), wire_int(event, "seq", 0)) < 0)
		return wire_error_set(err, E_INTERNAL, "storage");
	return 0;
}

/* The shop the caller asks about: an owner's own, an admin's shop_id. */
static const char *
sales_shop(struct svc_req *req, const json_t *body, struct wire_error *err)
{
	const struct svc_caller *caller = svc_req_caller(req);
	const char *asked = NULL;

	if (wire_get_id(body, "shop_id", 0, &asked, err) != 0)
		return NULL;
	if (strcmp(caller->role, "owner") != 0) {
		if (asked == NULL)
			wire_error_set(err, E_BAD_REQUEST, "member \"shop_id\" "
			    "is required");
		return asked;
	}
	if (caller->shop_id == NULL) {
		wire_error_set(err, E_FORBIDDEN, "an owner without a shop has "
		    "no sales");
		return NULL;
	}
	if (asked != NULL && strcmp(asked, caller->shop_id) != 0) {
		wire_error_set(err, E_FORBIDDEN, "an owner sees only their own "
		    "shop's sales");
		return NULL;
	}
	return caller->shop_id;
}

/* A date member, or dflt when absent. 0 / -1 with err. */
static int
sales_date(const json_t *body, const char *name, const struct tm *dflt,
    struct tm *out, struct wire_error *err)
{
	const char *s = NULL;

	if (wire_get_str(body, name, 0, &s, err) != 0)
		return -1;
	if (s == NULL) {
		*out = *dflt;
		return 0;
	}
	if (shop_tz_date_parse(s, out) != 0)
		return wire_error_set(err, E_BAD_REQUEST, "member \"%s\" must be "
		    "a date \"YYYY-MM-DD\"", name);
	return 0;
}

/* The range body asks for, in zone tz (today there when none). */
static int
sales_range_get(struct svc *svc, const json_t *body, const char *tz,
    struct sales_range *r, struct wire_error *err)
{
	int has_day = json_object_get(body, "day") != NULL;
	int has_from = json_object_get(body, "from") != NULL;
	int has_to = json_object_get(body, "to") != NULL;
	struct tm today, to, next;
	int64_t span;

	if (has_day && (has_from || has_to))
		return wire_error_set(err, E_BAD_REQUEST, "give \"day\" or "
		    "\"from\" and \"to\", not both");
	if (has_from != has_to)
		return wire_error_set(err, E_BAD_REQUEST, "\"from\" and \"to\" "
		    "go together");
	shop_tz_local(tz, shop_now(svc_config(svc)), &today);
	if (sales_date(body, has_day ? "day" : "from", &today, &r->from,
	    err) != 0 || sales_date(body, has_day ? "day" : "to", &r->from,
	    &to, err) != 0)
		return -1;
	span = ((int64_t)timegm(&to) - (int64_t)timegm(&r->from)) / 86400;
	if (span < 0)
		return wire_error_set(err, E_BAD_REQUEST, "\"from\" is after "
		    "\"to\"");
	if (span >= VIEW_SALES_MAX_DAYS)
		return wire_error_set(err, E_BAD_REQUEST, "at most %d days at "
		    "a time", VIEW_SALES_MAX_DAYS);
	r->tz = tz;
	r->days = (int)span + 1;
	next = to;
	next.tm_mday++;
	r->from_ms = shop_tz_ms(tz, &r->from, 0);
	r->to_ms = shop_tz_ms(tz, &next, 0);
	return 0;
}

/* counts[code]++ (a missing code counts as "NONE"). */
static void
sales_count(json_t *counts, const char *code)
{
	const char *key = code != NULL ? code : "NONE";

	json_object_set_new(counts, key, json_integer(
	    json_integer_value(json_object_get(counts, key)) + 1));
}

/* Add a kept order's lines to the per-item sums; a line the shop could
 * not make (removed, refunded) was not sold. */
static void
sales_items_add(json_t *items, const json_t *lines)
{
	const json_t *l;
	size_t i;

	json_array_foreach(lines, i, l) {
		const char *id = wire_str(l, "item_id", "?");
		json_t *it = json_object_get(items, id);

		if (json_is_true(json_object_get(l, "removed")))
			continue;
		if (it == NULL) {
			it = json_pack("{s:s, s:s, s:I, s:I}", "item_id", id,
			    "name", wire_str(l, "name", id), "qty", (json_int_t)0,
			    "revenue", (json_int_t)0);
			json_object_set_new(items, id, it);
		}
		json_object_set_new(it, "qty", json_integer(
		    wire_int(it, "qty", 0) + wire_int(l, "qty", 0)));
		json_object_set_new(it, "revenue", json_integer(
		    wire_int(it, "revenue", 0) + wire_int(l, "line_total", 0)));
	}
}

/* How long from one step to the next, when both happened in order. */
static void
sales_span(const json_t *row, const char *start, const char *end,
    int64_t *n, int64_t *total_ms)
{
	int64_t a = wire_int(row, start, 0), b = wire_int(row, end, 0);

	if (a > 0 && b >= a) {
		(*n)++;
		*total_ms += b - a;
	}
}

/* Add one order (a row of SALES_ORDERS_SQL) to the sums. */
static void
sales_add(struct sales_sum *s, const struct sales_range *r,
    const json_t *row)
{
	const char *status = wire_str(row, "status", "");
	int64_t placed = wire_int(row, "placed_at", 0);
	int64_t total = wire_int(row, "total", 0);
	int64_t eta = wire_int(row, "eta_at", 0);
	int64_t delivered = wire_int(row, "delivered_at", 0);
	int kept = 0;
	struct tm tm;
	int day;

	s->orders++;
	if (strcmp(status, "REJECTED") == 0) {
		s->rejected++;
		sales_count(s->reject_codes, wire_str(row, "reason_code", NULL));
	} else if (strcmp(status, "CANCELLED") == 0 ||
	    strcmp(status, "EXPIRED") == 0) {
		s->cancelled++;
		sales_count(s->cancel_codes, wire_str(row, "reason_code", NULL));
	} else {
		kept = 1;
		s->revenue += total;
		if (strcmp(status, "DELIVERED") == 0 ||
		    strcmp(status, "PICKED_UP") == 0)
			s->completed++;
		else
			s->in_progress++;
		sales_items_add(s->items, json_object_get(row, "items"));
	}
	sales_span(row, wire_int(row, "paid_at", 0) > 0 ? "paid_at" :
	    "placed_at", "accepted_at", &s->accepted, &s->accept_ms);
	sales_span(row, "cooking_at", "cooked_at", &s->cooked, &s->cook_ms);
	if (delivered > 0) {
		s->delivered++;
		s->late += eta > 0 && delivered > eta;
	}
	shop_tz_local(r->tz, placed, &tm);
	s->hour_orders[tm.tm_hour]++;
	s->hour_revenue[tm.tm_hour] += kept ? total : 0;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	day = (int)(((int64_t)timegm(&tm) - (int64_t)timegm(
	    &(struct tm){ .tm_year = r->from.tm_year, .tm_mon = r->from.tm_mon,
	    .tm_mday = r->from.tm_mday })) / 86400);
	if (day >= 0 && day < r->days) {
		s->day_orders[day]++;
		s->day_revenue[day] += kept ? total : 0;
	}
}

/* qsort: more sold first, then more revenue, then by id. */
static int
sales_item_cmp(const void *a, const void *b)
{
	const json_t *x = *(const json_t *const *)a;
	const json_t *y = *(const json_t *const *)b;
	int64_t d = wire_int(y, "qty", 0) - wire_int(x, "qty", 0);

	if (d == 0)
		d = wire_int(y, "revenue", 0) - wire_int(x, "revenue", 0);
	if (d != 0)
		return d < 0 ? -1 : 1;
	return strcmp(wire_str(x, "item_id", ""), wire_str(y, "item_id", ""));
}

/* The per-item sums as an array, best sellers first. */
static json_t *
sales_items_list(json_t *items)
{
	size_t n = json_object_size(items), i = 0;
	const json_t **v = xcalloc(n ? n : 1, sizeof *v);
	const char *key;
	json_t *it, *out = json_array();

	json_object_foreach(items, key, it)
		v[i++] = it;
	qsort(v, n, sizeof *v, sales_item_cmp);
	for (i = 0; i < n; i++)
		json_array_append(out, (json_t *)v[i]);
	free(v);
	return out;
}

/* An average in ms, or null with nothing to average. */
static json_t *
sales_avg(int64_t n, int64_t total_ms)
{
	return n > 0 ? json_integer(total_ms / n) : json_null();
}

/* The figures as the reply's object (see PROTOCOL.md). */
static json_t *
sales_result(const struct sales_sum *s, const struct sales_range *r,
    const char *shop_id)
{
	json_t *hours = json_array(), *days = json_array();
	char from[11], to[11], d[11];
	struct tm tm;
	int i;

	for (i = 0; i < 24; i++)
		json_array_append_new(hours, json_pack("{s:i, s:I, s:I}",
		    "hour", i, "orders", (json_int_t)s->hour_orders[i],
		    "revenue", (json_int_t)s->hour_revenue[i]));
	for (i = 0; i < r->days; i++) {
		tm = r->from;
		tm.tm_mday += i;
		timegm(&tm);
		json_array_append_new(days, json_pack("{s:s, s:I, s:I}", "day",
		    shop_tz_date_format(&tm, d), "orders",
		    (json_int_t)s->day_orders[i], "revenue",
		    (json_int_t)s->day_revenue[i]));
		if (i == r->days - 1)
			shop_tz_date_format(&tm, to);
	}
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I,"
	    " s:O, s:O, s:o, s:o, s:o, s:I, s:o, s:I, s:o, s:I, s:I}",
	    "shop_id", shop_id, "tz", r->tz, "from",
	    shop_tz_date_format(&r->from, from), "to", to,
	    "orders", (json_int_t)s->orders, "revenue", (json_int_t)s->revenue,
	    "completed", (json_int_t)s->completed, "in_progress",
	    (json_int_t)s->in_progress, "cancelled", (json_int_t)s->cancelled,
	    "rejected", (json_int_t)s->rejected,
	    "cancelled_by_reason", s->cancel_codes,
	    "rejected_by_reason", s->reject_codes,
	    "items", sales_items_list(s->items), "hours", hours, "days", days,
	    "accepted", (json_int_t)s->accepted,
	    "accept_avg_ms", sales_avg(s->accepted, s->accept_ms),
	    "cooked", (json_int_t)s->cooked,
	    "cook_avg_ms", sales_avg(s->cooked, s->cook_ms),
	    "delivered", (json_int_t)s->delivered, "late", (json_int_t)s->late);
}

int
view_sales(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	struct db *db = svc_db(svc);
	struct sales_range r;
	struct sales_sum s;
	const char *shop_id;
	json_t *zone, *rows, *row;
	size_t i;
	int rc = -1;

	if ((shop_id = sales_shop(req, body, err)) == NULL)
		return -1;
	zone = db_row(db, "SELECT tz FROM shop_zones WHERE shop_id = ?", "s",
	    shop_id);
	/* An owner's shop exists; an admin's may be mistyped. */
	if (zone == NULL && strcmp(svc_req_caller(req)->role, "owner") != 0 &&
	    db_int(db, 0, "SELECT count(*) FROM orders WHERE "
	    "shop_id = ?", "s", shop_id) == 0) {
		return wire_error_set(err, E_NOT_FOUND, "no shop \"%s\"",
		    shop_id);
	}
	if (sales_range_get(svc, body, wire_str(zone, "tz", SHOP_TZ_DEFAULT),
	    &r, err) != 0)
		goto out;
	rows = db_rows(db, SALES_ORDERS_SQL, "sii", shop_id, r.from_ms,
	    r.to_ms);
	if (rows == NULL) {
		wire_error_set(err, E_INTERNAL, "cannot read orders");
		goto out;
	}
	memset(&s, 0, sizeof s);
	s.day_orders = xcalloc((size_t)r.days, sizeof *s.day_orders);
	s.day_revenue = xcalloc((size_t)r.days, sizeof *s.day_revenue);
	s.cancel_codes = json_object();
	s.reject_codes = json_object();
	s.items = json_object();
	json_array_foreach(rows, i, row)
		sales_add(&s, &r, row);
	*result = sales_result(&s, &r, shop_id);
	json_object_set_new(*result, "seq", json_integer(db_int(db, 0,
	    "SELECT seq FROM svc_offset WHERE id = 1", NULL)));
	json_decref(s.cancel_codes);
	json_decref(s.reject_codes);
	json_decref(s.items);
	free(s.day_orders);
	free(s.day_revenue);
	json_decref(rows);
	rc = 0;
out:
	json_decref(zone);
	return rc;
}
