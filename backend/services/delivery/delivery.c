/*
 * delivery.c: the delivery service. A delivery is created when an order
 * is paid and follows it: PENDING -> DELIVERING -> DELIVERED, or
 * CANCELLED when the order is cancelled or rejected before delivery; a
 * rider may claim it in between (delivery_int.h has the statuses and the
 * map of the files). Each change is announced as a delivery.* event,
 * emitted in the same transaction that applies the order event (outbox).
 * The shops' names and positions are kept from shop.updated.
 */
#include <string.h>

#include "delivery_int.h"
#include "jbuf.h"
#include "util.h"

#define LIST_LIMIT_DEFAULT 50
#define LIST_LIMIT_MAX 100

static const char delivery_schema[] =
    "CREATE TABLE IF NOT EXISTS deliveries ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " order_id INTEGER NOT NULL UNIQUE, shop_id TEXT, customer_id TEXT,"
    " status TEXT NOT NULL, address TEXT, reason TEXT,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    " rider_note TEXT, rider_id TEXT, rider_name TEXT, ready_at INTEGER,"
    " assigned_at INTEGER, picked_up_at INTEGER);"
    "CREATE INDEX IF NOT EXISTS deliveries_by_status"
    " ON deliveries(status, id);"
    "CREATE TABLE IF NOT EXISTS delivery_shops ("
    " shop_id TEXT PRIMARY KEY, name TEXT, lat REAL, lon REAL);"
    "CREATE TABLE IF NOT EXISTS riders ("
    " rider_id TEXT PRIMARY KEY, name TEXT, lat REAL, lon REAL,"
    " seen_at INTEGER NOT NULL);";

/* The columns earlier versions lacked, oldest first. */
static const struct db_column delivery_columns[] = {
	{ "deliveries", "rider_note", "TEXT" },
	{ "deliveries", "rider_id", "TEXT" },
	{ "deliveries", "rider_name", "TEXT" },
	{ "deliveries", "ready_at", "INTEGER" },
	{ "deliveries", "assigned_at", "INTEGER" },
	{ "deliveries", "picked_up_at", "INTEGER" },
};

/* How an order event moves an existing delivery. */
static const struct delivery_rule {
	const char *on;     /* order event type */
	const char *from;   /* space-padded statuses it applies to */
	const char *to;
	const char *emit;   /* delivery event announcing it */
} delivery_rules[] = {
	/* The shop sends it out itself: a rider's claim is dropped. */
	{ "order.delivering", " PENDING ASSIGNED ", "DELIVERING",
	    "delivery.started" },
	{ "order.delivered", " PENDING ASSIGNED DELIVERING ", "DELIVERED",
	    "delivery.completed" },
	{ "order.cancelled", " PENDING ASSIGNED DELIVERING ", "CANCELLED",
	    "delivery.cancelled" },
	{ "order.rejected", " PENDING ASSIGNED DELIVERING ", "CANCELLED",
	    "delivery.cancelled" },
};

static const char *const delivery_statuses[] = {
	"PENDING", "ASSIGNED", "DELIVERING", "DELIVERED", "CANCELLED",
};

json_t *
delivery_get_row(struct db *db, int64_t order_id)
{
	return db_row(db, "SELECT " DELIVERY_COLUMNS DELIVERY_FROM
	    " WHERE d.order_id = ?", "i", order_id);
}

int
delivery_emit(struct svc *svc, const char *type, const json_t *d,
    json_t *extra)
{
	json_t *data = json_pack("{s:O, s:O, s:O*, s:O*}", "delivery_id",
	    json_object_get(d, "delivery_id"), "status",
	    json_object_get(d, "status"), "rider_id",
	    json_object_get(d, "rider_id"), "rider_name",
	    json_object_get(d, "rider_name"));

	if (extra != NULL)
		json_object_update(data, extra);
	json_decref(extra);
	return svc_emit(svc, type,
	    json_integer_value(json_object_get(d, "order_id")),
	    json_string_value(json_object_get(d, "shop_id")),
	    json_string_value(json_object_get(d, "customer_id")), data);
}

/* order.paid: create the PENDING delivery (once) and announce it. The
 * announcement is made from what was just written (no row read back):
 * a new delivery has no rider yet. */
static int
delivery_create(struct svc *svc, const json_t *ev, int64_t order_id,
    int64_t at)
{
	struct db *db = svc_db(svc);
	const json_t *data = json_object_get(ev, "data");
	const char *address = wire_str(data, "address", NULL);
	const char *rider_note = wire_str(data, "rider_note", NULL);
	struct jbuf id = JBUF_INIT;
	json_t *d;
	int n, rc;

	n = db_do(db, "INSERT OR IGNORE INTO deliveries(order_id, shop_id,"
	    " customer_id, status, address, created_at, updated_at,"
	    " rider_note) VALUES (?1, ?2, ?3, 'PENDING', ?4, ?5, ?5, ?6)",
	    "isssis", order_id,
	    json_string_value(json_object_get(ev, "shop_id")),
	    json_string_value(json_object_get(ev, "customer_id")), address,
	    at, rider_note);
	if (n <= 0)
		return n; /* 0: it exists already */
	jbuf_lit(&id, "d");
	jbuf_int(&id, db_last_id(db));
	d = json_pack("{s:s#, s:s, s:n, s:n, s:I, s:O?, s:O?}", "delivery_id",
	    id.data, (int)id.len, "status", "PENDING", "rider_id",
	    "rider_name", "order_id", (json_int_t)order_id, "shop_id",
	    json_object_get(ev, "shop_id"), "customer_id",
	    json_object_get(ev, "customer_id"));
	jbuf_free(&id);
	if (d == NULL)
		return -1;
	rc = delivery_emit(svc, "delivery.created", d, json_pack("{s:s?, "
	    "s:s?}", "address", address, "rider_note", rider_note));
	json_decref(d);
	return rc;
}

/* Apply rule to the delivery of order_id, if it is in a status the
 * rule moves from; announce the change. */
static int
delivery_move(struct svc *svc, const struct delivery_rule *rule,
    const json_t *ev, int64_t order_id, int64_t at)
{
	struct db *db = svc_db(svc);
	int cancelling = strcmp(rule->to, "CANCELLED") == 0;
	const char *reason = NULL;
	json_t *d;
	int n, rc;

	if (cancelling && (reason = json_string_value(json_object_get(
	    json_object_get(ev, "data"), "reason"))) == NULL)
		reason = rule->on + strlen("order."); /* "cancelled" ... */
	n = db_do(db, "UPDATE deliveries SET status = ?1, updated_at = ?2,"
	    " reason = coalesce(?3, reason), rider_id = CASE WHEN ?1 ="
	    " 'DELIVERING' AND status = 'ASSIGNED' THEN NULL ELSE rider_id END,"
	    " rider_name = CASE WHEN ?1 = 'DELIVERING' AND status = 'ASSIGNED'"
	    " THEN NULL ELSE rider_name END WHERE order_id = ?4"
	    " AND instr(?5, ' ' || status || ' ') > 0", "sisis", rule->to, at,
	    reason, order_id, rule->from);
	if (n < 0)
		return -1;
	/* A rider's picked up or delivered came first: the order follows
	 * the delivery, and its event finds it there already. */
	if (n == 0 && db_int(db, 0, "SELECT count(*) FROM deliveries WHERE"
	    " order_id = ? AND status = ?", "is", order_id, rule->to) > 0)
		return 0;
	if (n == 0) {
		log_warn("%s for order %lld changes nothing",
		    rule->on, (long long)order_id);
		return 0;
	}
	if ((d = delivery_get_row(db, order_id)) == NULL)
		return -1;
	rc = delivery_emit(svc, rule->emit, d, reason ?
	    json_pack("{s:s}", "reason", reason) : NULL);
	json_decref(d);
	return rc;
}

/* order.ready: riders may take it now; announced (delivery.ready) so
 * their apps see it at once. */
static int
delivery_ready(struct svc *svc, int64_t order_id, int64_t at)
{
	json_t *d;
	int n, rc;

	n = db_do(svc_db(svc), "UPDATE deliveries SET ready_at = ?1,"
	    " updated_at = ?1 WHERE order_id = ?2 AND ready_at IS NULL",
	    "ii", at, order_id);
	if (n <= 0)
		return n;
	if ((d = delivery_get_row(svc_db(svc), order_id)) == NULL)
		return -1;
	rc = delivery_emit(svc, "delivery.ready", d, json_pack("{s:O*}",
	    "shop_name", json_object_get(d, "shop_name")));
	json_decref(d);
	return rc;
}

/* shop.updated: keep the shop's name and position. */
static int
delivery_shop(struct svc *svc, const json_t *ev)
{
	const json_t *shop = json_object_get(json_object_get(ev, "data"),
	    "shop");
	const char *id = wire_str(shop, "id", NULL);
	json_t *lat = json_object_get(shop, "lat"), *lon = json_object_get(
	    shop, "lon");

	if (id == NULL)
		return 0;
	return db_do(svc_db(svc), "INSERT INTO delivery_shops(shop_id, name,"
	    " lat, lon) VALUES (?1, ?2, CAST(?3 AS REAL), CAST(?4 AS REAL))"
	    " ON CONFLICT(shop_id) DO UPDATE SET name = excluded.name,"
	    " lat = excluded.lat, lon = excluded.lon", "ssjj", id,
	    wire_str(shop, "name", NULL), json_is_number(lat) ? lat : NULL,
	    json_is_number(lon) ? lon : NULL) < 0 ? -1 : 0;
}

static int
delivery_on_event(struct svc *svc, const json_t *ev, struct wire_error *err)
{
	const char *type = json_string_value(json_object_get(ev, "type"));
	int64_t order_id = json_integer_value(json_object_get(ev, "order_id"));
	int64_t at = json_integer_value(json_object_get(ev, "at"));
	size_t i;

	if (type != NULL && strcmp(type, "shop.updated") == 0)
		return delivery_shop(svc, ev) == 0 ? 0 : wire_error_set(err,
		    E_INTERNAL, "cannot keep the shop");
	if (type == NULL || order_id <= 0)
		return 0;
	if (strcmp(type, "order.ready") == 0)
		return delivery_ready(svc, order_id, at) < 0 ? wire_error_set(
		    err, E_INTERNAL, "cannot apply %s", type) : 0;
	if (strcmp(type, "order.paid") == 0) {
		/* A pickup order is collected by its customer: no delivery. */
		if (strcmp(wire_str(json_object_get(ev, "data"), "kind",
		    "delivery"), "pickup") == 0)
			return 0;
		if (delivery_create(svc, ev, order_id, at) < 0)
			return wire_error_set(err, E_INTERNAL,
			    "cannot create the delivery of order %lld",
			    (long long)order_id);
		return 0;
	}
	for (i = 0; i < ARRAY_LEN(delivery_rules); i++)
		if (strcmp(delivery_rules[i].on, type) == 0 &&
		    delivery_move(svc, &delivery_rules[i], ev, order_id,
		    at) != 0)
			return wire_error_set(err, E_INTERNAL,
			    "cannot apply %s", type);
	return 0;
}

/* delivery.get {order_id}: the delivery, or not_found. */
static int
delivery_get(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	(void)req;
	return svc_get_by_order(svc, body, delivery_get_row, "delivery",
	    result, err);
}

static int
delivery_status_valid(const char *status)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(delivery_statuses); i++)
		if (strcmp(delivery_statuses[i], status) == 0)
			return 1;
	return 0;
}

/* delivery.list {status?, limit?}: deliveries, newest first, with the
 * applied event offset "seq". */
static int
delivery_list(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	struct db *db = svc_db(svc);
	const char *status = NULL;
	int64_t limit = LIST_LIMIT_DEFAULT;
	json_t *rows;

	(void)req;
	if (wire_get_str(body, "status", 0, &status, err) != 0 ||
	    wire_get_int(body, "limit", 0, 1, LIST_LIMIT_MAX, &limit,
	    err) != 0)
		return -1;
	if (status != NULL && !delivery_status_valid(status))
		return wire_error_set(err, E_BAD_REQUEST, "member \"status\" "
		    "must be PENDING, ASSIGNED, DELIVERING, DELIVERED or "
		    "CANCELLED");
	rows = db_rows(db, "SELECT " DELIVERY_COLUMNS DELIVERY_FROM
	    " WHERE ?1 IS NULL OR d.status = ?1"
	    " ORDER BY d.id DESC LIMIT ?2", "si", status, limit);
	if (rows == NULL)
		return -1;
	*result = json_pack("{s:o, s:I}", "deliveries", rows, "seq",
	    (json_int_t)db_int(db, 0, "SELECT seq FROM svc_offset", NULL));
	return 0;
}

static const struct svc_method delivery_methods[] = {
	{ "get", delivery_get, 0, "service admin rider" },
	{ "list", delivery_list, 0, "rider admin" },
	{ "available", delivery_available, 0, "rider" },
	{ "mine", delivery_mine, 0, "rider" },
	{ "claim", delivery_claim, SVC_WRITE, "rider" },
	{ "picked_up", delivery_picked_up, SVC_WRITE, "rider" },
	{ "delivered", delivery_delivered, SVC_WRITE, "rider" },
};

static const char *const delivery_consumes[] = { "order.", "shop.updated",
	NULL };

/* svc_start_fn: the columns an earlier version lacked. */
static int
delivery_start(struct svc *svc)
{
	return db_add_columns(svc_db(svc), delivery_columns,
	    ARRAY_LEN(delivery_columns));
}

/* The delivery service, for services.c. */
const struct svc_def delivery_service = {
	.start = delivery_start,
	.name = "delivery",
	.schema = delivery_schema,
	.methods = delivery_methods,
	.n_methods = ARRAY_LEN(delivery_methods),
	.consumes = delivery_consumes,
	.on_event = delivery_on_event,
	.on_tick = delivery_release_silent,
	.tick_ms = 1000,
};
