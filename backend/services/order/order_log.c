/*
 * order_log.c: the orders as the log announces them. Every order event
 * carries the order's version after it (order_stamp); a replica applies
 * the order.* events it did not make itself (its siblings', or all of
 * them when its database is rebuilt from the log, svc.h "own"): an event
 * whose version the row has reached already changes nothing.
 *
 * order.paid (and order.awaiting_deposit) carry the whole order, request
 * key included, and make its row; each later event carries its change.
 * order.payment_abandoned of an order never announced makes a FAILED row
 * (its number is not given again). What no event announces stays with the
 * replica that made it: an order still PAYING, or whose payment was
 * declined. A payment.approved for an order this replica has no row of
 * is such an order, lost with its host before it was announced (or paid
 * after it): it is given up (order_log_orphan), and payment refunds it.
 */
#include "order_int.h"

#include <string.h>

#include "util.h"

/* Why an order lost with its host was given up. */
#define ORDER_LOST "lost with its host before it was announced"

int
order_stamp(struct svc *svc, int64_t id, json_t *data)
{
	struct db *db = svc_db(svc);

	if (db_do(db, "UPDATE orders SET version = version + 1 WHERE id = ?",
	    "i", id) != 1)
		return -1;
	json_object_set_new(data, "version", json_integer(db_int(db, 0,
	    "SELECT version FROM orders WHERE id = ?", "i", id)));
	return 0;
}

void
order_log_whole(struct svc *svc, const json_t *order, json_t *data)
{
	static const char *const keep[] = { "note", "rider_note", "kind" };
	json_t *row = db_row(svc_db(svc), "SELECT request_key FROM orders "
	    "WHERE id = ?", "i", wire_int(order, "order_id", 0));
	size_t i;

	if (json_is_string(json_object_get(row, "request_key")))
		json_object_set(data, "request_key", json_object_get(row,
		    "request_key"));
	json_decref(row);
	for (i = 0; i < ARRAY_LEN(keep); i++)
		if (json_is_string(json_object_get(order, keep[i])) &&
		    json_object_get(data, keep[i]) == NULL)
			json_object_set(data, keep[i], json_object_get(order,
			    keep[i]));
}

/* The row of an order first announced by event (order.paid or
 * order.awaiting_deposit). 0, or -1 with err. */
static int
order_log_insert(struct svc *svc, const json_t *event, const json_t *data,
    int64_t version, struct wire_error *err)
{
	const char *shop = wire_str(event, "shop_id", wire_str(data, "shop_id",
	    NULL));
	int64_t id = wire_int(event, "order_id", 0), at = wire_int(event, "at",
	    0);

	if (shop == NULL || wire_str(event, "customer_id", NULL) == NULL ||
	    !json_is_array(json_object_get(data, "items")) ||
	    !json_is_integer(json_object_get(data, "total")))
		return wire_error_set(err, E_BAD_REQUEST, "order %lld: its "
		    "first event lacks the order", (long long)id);
	if (db_do(svc_db(svc), "INSERT INTO orders(id, customer_id, shop_id, "
	    "shop_name, status, items_json, subtotal, delivery_fee, total, "
	    "address, card_last4, payment_id, accept_by, created_at, "
	    "updated_at, request_key, note, rider_note, kind, version) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "issssjjjjssjiissssi", id, wire_str(event, "customer_id", NULL),
	    shop, wire_str(data, "shop_name", ""), wire_str(data, "status",
	    "PAID"), json_object_get(data, "items"), json_object_get(data,
	    "subtotal"), json_object_get(data, "delivery_fee"),
	    json_object_get(data, "total"), wire_str(data, "address", ""),
	    wire_str(data, "payment_id", NULL), json_object_get(data,
	    "accept_by"), at, at, wire_str(data, "request_key", NULL),
	    wire_str(data, "note", NULL), wire_str(data, "rider_note", NULL),
	    wire_str(data, "kind", "delivery"), version) != 1)
		return wire_error_set(err, E_INTERNAL, "order %lld could not be "
		    "written", (long long)id);
	return 0;
}

/* The FAILED row of an order given up before it was announced (from
 * order.payment_abandoned). 0, or -1 with err. */
static int
order_log_failed(struct svc *svc, const json_t *event, const json_t *data,
    int64_t version, struct wire_error *err)
{
	int64_t id = wire_int(event, "order_id", 0), at = wire_int(event, "at",
	    0);
	const char *shop = wire_str(event, "shop_id", wire_str(data, "shop_id",
	    ""));

	if (db_do(svc_db(svc), "INSERT OR IGNORE INTO orders(id, customer_id, "
	    "shop_id, shop_name, status, items_json, subtotal, delivery_fee, "
	    "total, address, card_last4, reason, created_at, updated_at, "
	    "version) VALUES (?, ?, ?, '', 'FAILED', '[]', 0, 0, ?, '', '', ?, "
	    "?, ?, ?)", "issisiii", id, wire_str(event, "customer_id", ""),
	    shop, wire_int(data, "amount", 0), wire_str(data, "reason", ""), at,
	    at, version) < 0)
		return wire_error_set(err, E_INTERNAL, "order %lld could not be "
		    "written", (long long)id);
	return 0;
}

int
order_log_orphan(struct svc *svc, const json_t *event, struct wire_error *err)
{
	int64_t id = wire_int(event, "order_id", 0);
	int64_t amount = wire_int(json_object_get(event, "data"), "amount", 0);
	json_t *why, *order;
	int rc;

	if (id <= 0 || db_int(svc_db(svc), 0, "SELECT count(*) FROM orders "
	    "WHERE id = ?", "i", id) > 0)
		return 0;
	log_warn("order %lld: paid, but never announced (lost with its host): "
	    "given up, to be refunded", (long long)id);
	why = json_pack("{s:I, s:s}", "amount", (json_int_t)amount, "reason",
	    ORDER_LOST);
	rc = order_log_failed(svc, event, why, 0, err);
	json_decref(why);
	if (rc != 0)
		return -1;
	order = order_load(svc_db(svc), id);
	rc = order == NULL ? -1 : order_emit_unseen(svc,
	    "order.payment_abandoned", order, json_pack("{s:I, s:s, s:s}",
	    "amount", (json_int_t)amount, "reason", ORDER_LOST, "status",
	    "FAILED"));
	json_decref(order);
	if (rc != 0)
		return wire_error_set(err, E_INTERNAL, "order %lld could not be "
		    "given up", (long long)id);
	return 0;
}

/* The change event announces to the order's row: its status and what
 * it carries (an ETA, a reason, the lines and amounts left). 0 / -1. */
static int
order_log_update(struct svc *svc, const json_t *event, const json_t *data,
    int64_t version, struct wire_error *err)
{
	const char *type = wire_str(event, "type", "");
	/* lines_removed's reason is the refund's, not the order's. */
	int why = strcmp(type, "order.lines_removed") != 0;

	if (db_do(svc_db(svc), "UPDATE orders SET status = coalesce(?, "
	    "status), updated_at = ?, eta_min = coalesce(?, eta_min), "
	    "eta_at = coalesce(?, eta_at), extended_min = coalesce(?, "
	    "extended_min), reason = coalesce(?, reason), reason_code = "
	    "coalesce(?, reason_code), items_json = coalesce(?, items_json), "
	    "subtotal = coalesce(?, subtotal), total = coalesce(?, total), "
	    "refunded = coalesce(?, refunded), removals = coalesce(?, "
	    "removals), payment_id = coalesce(?, payment_id), accept_by = "
	    "coalesce(?, accept_by), version = max(version, ?) WHERE id = ?",
	    "sijjjssjjjjjsjii", wire_str(data, "status", NULL),
	    wire_int(event, "at", 0), json_object_get(data, "eta_min"),
	    json_object_get(data, "eta_at"), json_object_get(data,
	    "extended_min"), why ? wire_str(data, "reason", NULL) : NULL,
	    why ? wire_str(data, "code", NULL) : NULL, json_object_get(data,
	    "items"), json_object_get(data, "subtotal"), json_object_get(data,
	    "total"), json_object_get(data, "refunded"), json_object_get(data,
	    "removal"), wire_str(data, "payment_id", NULL),
	    json_object_get(data, "accept_by"), version, wire_int(event,
	    "order_id", 0)) != 1)
		return wire_error_set(err, E_INTERNAL, "order %lld could not be "
		    "written", (long long)wire_int(event, "order_id", 0));
	return 0;
}

int
order_log_apply(struct svc *svc, const json_t *event, struct wire_error *err)
{
	const char *type = wire_str(event, "type", "");
	const json_t *data = json_object_get(event, "data");
	int64_t id = wire_int(event, "order_id", 0);
	int64_t version = wire_int(data, "version", 0), have;

	if (id <= 0 || !json_is_object(data))
		return 0;
	have = db_int(svc_db(svc), -1, "SELECT version FROM orders WHERE "
	    "id = ?", "i", id);
	if (have < 0) {
		/* An order first announced: any other event of an order
		 * never announced (never paid) has nothing to change. */
		if (strcmp(type, "order.payment_abandoned") == 0)
			return order_log_failed(svc, event, data, version, err);
		if (strcmp(type, "order.paid") != 0 &&
		    strcmp(type, "order.awaiting_deposit") != 0)
			return 0;
		return order_log_insert(svc, event, data, version, err);
	}
	/* Applied already (made here, or seen); an event of an older
	 * version (none: from before versions) is applied in log order. */
	if (version > 0 && version <= have)
		return 0;
	return order_log_update(svc, event, data, version, err);
}
