/*
 * store_queue.c: each shop's order queue, a read model fed only by the
 * order service's events. order.paid creates an entry; later order.*
 * events move its status and add to its timeline. The owner's actions
 * never touch it (store_actions.c): the queue shows only what the order
 * service has decided.
 */
#include <string.h>

#include "store_int.h"
#include "util.h"

/* A result must fit in one frame with room for the envelope. */
#define QUEUE_BUDGET (WIRE_MAX_FRAME - 4096)
#define QUEUE_LIMIT_DEFAULT 100
#define QUEUE_LIMIT_MAX 500

static const struct queue_status {
	const char *type;   /* order event */
	const char *status; /* the order's status after it */
} queue_statuses[] = {
	{ "order.paid", "PAID" },
	{ "order.accepted", "ACCEPTED" },
	{ "order.cooking", "COOKING" },
	{ "order.ready", "READY" },
	{ "order.picked_up", "PICKED_UP" },
	{ "order.delivering", "DELIVERING" },
	{ "order.delivered", "DELIVERED" },
	{ "order.cancelled", "CANCELLED" },
	{ "order.rejected", "REJECTED" },
};

static const struct queue_filter {
	const char *name;
	const char *statuses; /* space-padded list; NULL: every status */
} queue_filters[] = {
	{ "all", NULL },
	{ "new", " PAID " },
	{ "active", " ACCEPTED COOKING READY DELIVERING " },
	{ "done", " DELIVERED PICKED_UP CANCELLED REJECTED " },
};

static const char *
queue_status_after(const char *type)
{
	size_t i;

	for (i = 0; type != NULL && i < ARRAY_LEN(queue_statuses); i++)
		if (strcmp(queue_statuses[i].type, type) == 0)
			return queue_statuses[i].status;
	return NULL;
}

/* Insert the entry for an order.paid event; its fields come from the
 * event's data. Returns the rows added (0: known already) or -1. */
static int
queue_insert(struct db *db, const json_t *ev, int64_t order_id,
    const char *shop_id, int64_t at)
{
	return db_do(db, "INSERT OR IGNORE INTO queue(order_id, shop_id,"
	    " customer_id, status, items_json, subtotal, delivery_fee, total,"
	    " address, placed_at, accept_by, updated_at, note, rider_note,"
	    " kind)"
	    " SELECT ?1, ?2, ?3, 'PAID', coalesce(json_extract(?4, '$.items'),"
	    "  '[]'), json_extract(?4, '$.subtotal'),"
	    "  json_extract(?4, '$.delivery_fee'), json_extract(?4, '$.total'),"
	    "  json_extract(?4, '$.address'), ?5,"
	    "  json_extract(?4, '$.accept_by'), ?5, json_extract(?4, '$.note'),"
	    "  json_extract(?4, '$.rider_note'),"
	    "  coalesce(json_extract(?4, '$.kind'), 'delivery')", "issji",
	    order_id,
	    shop_id, json_string_value(json_object_get(ev, "customer_id")),
	    json_object_get(ev, "data"), at);
}

/* Move a known entry to status; eta and reason come from the data when
 * the event carries them. Returns the rows changed (0: unknown) or -1. */
static int
queue_update(struct db *db, const json_t *ev, int64_t order_id,
    const char *status, int64_t at)
{
	return db_do(db, "UPDATE queue SET status = ?1, updated_at = ?2,"
	    " eta_min = coalesce(json_extract(?3, '$.eta_min'), eta_min),"
	    " eta_at = coalesce(json_extract(?3, '$.eta_at'), eta_at),"
	    " reason = coalesce(json_extract(?3, '$.reason'), reason),"
	    " reason_code = coalesce(json_extract(?3, '$.code'), reason_code)"
	    " WHERE order_id = ?4", "siji", status, at,
	    json_object_get(ev, "data"), order_id);
}

/* order.eta_extended (the shop took more time: the ETA moves) and
 * order.lines_removed (lines the shop cannot make: the lines and the
 * amounts change); the status stays. */
static int
queue_amend(struct db *db, const json_t *ev, struct wire_error *err)
{
	if (db_do(db, "UPDATE queue SET updated_at = ?1,"
	    " eta_min = coalesce(json_extract(?2, '$.eta_min'), eta_min),"
	    " eta_at = coalesce(json_extract(?2, '$.eta_at'), eta_at),"
	    " items_json = coalesce(json_extract(?2, '$.items'), items_json),"
	    " subtotal = coalesce(json_extract(?2, '$.subtotal'), subtotal),"
	    " total = coalesce(json_extract(?2, '$.total'), total)"
	    " WHERE order_id = ?3", "iji", wire_int(ev, "at", 0),
	    json_object_get(ev, "data"), wire_int(ev, "order_id", 0)) < 0)
		return wire_error_set(err, E_INTERNAL, "cannot apply %s",
		    wire_str(ev, "type", "?"));
	return 0;
}

int
store_queue_apply(struct svc *svc, const json_t *event,
    struct wire_error *err)
{
	struct db *db = svc_db(svc);
	const char *type = json_string_value(json_object_get(event, "type"));
	const char *status = queue_status_after(type);
	const char *shop_id;
	int64_t order_id, seq, at;
	int n;

	if (type != NULL && (strcmp(type, "order.eta_extended") == 0 ||
	    strcmp(type, "order.lines_removed") == 0))
		return queue_amend(db, event, err);
	if (status == NULL)
		return 0; /* not a status change the queue shows */
	order_id = json_integer_value(json_object_get(event, "order_id"));
	seq = json_integer_value(json_object_get(event, "seq"));
	at = json_integer_value(json_object_get(event, "at"));
	shop_id = json_string_value(json_object_get(event, "shop_id"));
	if (order_id <= 0 || shop_id == NULL)
		return wire_error_set(err, E_BAD_REQUEST,
		    "%s without order_id or shop_id", type);
	if (strcmp(status, "PAID") == 0)
		n = queue_insert(db, event, order_id, shop_id, at);
	else
		n = queue_update(db, event, order_id, status, at);
	if (n < 0)
		return wire_error_set(err, E_INTERNAL, "cannot apply %s", type);
	if (n == 0 && strcmp(status, "PAID") != 0) {
		log_warn("%s for unknown order %lld ignored", type,
		    (long long)order_id);
		return 0;
	}
	if (db_do(db, "INSERT OR IGNORE INTO queue_timeline(order_id, seq, at,"
	    " status) VALUES (?,?,?,?)", "iiis", order_id, seq, at, status) < 0)
		return wire_error_set(err, E_INTERNAL, "cannot apply %s", type);
	/* The kitchen ticket, in this event's transaction. */
	if ((strcmp(status, "PAID") == 0 || strcmp(status, "ACCEPTED") == 0)
	    && store_print_enqueue(svc, shop_id, order_id, strcmp(status,
	    "PAID") == 0 ? "paid" : "accepted", now_ms()) != 0)
		return wire_error_set(err, E_INTERNAL, "cannot queue a ticket");
	return 0;
}

int
store_queue_has(struct db *db, int64_t order_id, const char *shop_id)
{
	return db_int(db, 0, "SELECT count(*) FROM queue WHERE order_id = ?"
	    " AND shop_id = ?", "is", order_id, shop_id) > 0;
}

static int
queue_filter_find(const char *name, const char **statuses,
    struct wire_error *err)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(queue_filters); i++)
		if (strcmp(queue_filters[i].name, name) == 0) {
			*statuses = queue_filters[i].statuses;
			return 0;
		}
	return wire_error_set(err, E_BAD_REQUEST, "member \"filter\" must be "
	    "\"new\", \"active\", \"done\" or \"all\"");
}

/* The shop the caller asks about: an owner's own, or the admin's pick. */
static const char *
queue_shop(struct svc *svc, const struct svc_req *req, const json_t *body,
    struct wire_error *err)
{
	const char *shop_id = NULL;

	if (strcmp(svc_req_caller(req)->role, "owner") == 0)
		return store_owner_shop(req, err);
	if (wire_get_id(body, "shop_id", 1, &shop_id, err) != 0)
		return NULL;
	if (db_int(svc_db(svc), 0, "SELECT count(*) FROM shops WHERE id = ?",
	    "s", shop_id) == 0) {
		wire_error_set(err, E_NOT_FOUND, "no shop %s", shop_id);
		return NULL;
	}
	return shop_id;
}

/* Move up to max rows into orders while they fit in the frame budget.
 * Returns 1 when some were left out. */
static int
queue_fill(json_t *orders, json_t *rows, size_t max)
{
	size_t i, used = 0;
	json_t *row;

	json_array_foreach(rows, i, row) {
		used += json_dumpb(row, NULL, 0, JSON_COMPACT) + 1;
		if (i >= max || used > QUEUE_BUDGET)
			return 1;
		json_array_append(orders, row);
	}
	return 0;
}

int
store_queue(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	struct db *db = svc_db(svc);
	const char *shop_id, *filter = "all", *statuses = NULL;
	int64_t limit = QUEUE_LIMIT_DEFAULT;
	json_t *rows, *orders;
	int more;

	if ((shop_id = queue_shop(svc, req, body, err)) == NULL ||
	    wire_get_str(body, "filter", 0, &filter, err) != 0 ||
	    queue_filter_find(filter, &statuses, err) != 0 ||
	    wire_get_int(body, "limit", 0, 1, QUEUE_LIMIT_MAX, &limit,
	    err) != 0)
		return -1;
	rows = db_rows(db, "SELECT order_id, status, items_json, subtotal,"
	    " delivery_fee, total, address, customer_id, placed_at, accept_by,"
	    " eta_min, eta_at, reason, reason_code, updated_at, note,"
	    " rider_note, kind,"
	    /* Marked so a request is not missed: the order's or a line's. */
	    " CASE WHEN note IS NOT NULL OR rider_note IS NOT NULL OR EXISTS"
	    "  (SELECT 1 FROM json_each(q.items_json) l"
	    "   WHERE json_extract(l.value, '$.note') IS NOT NULL)"
	    "  THEN 'true' ELSE 'false' END AS has_notes_json,"
	    " (SELECT json_group_array(json_object('at', t.at,"
	    "   'status', t.status))"
	    "  FROM (SELECT at, status FROM queue_timeline"
	    "   WHERE order_id = q.order_id ORDER BY seq) t) AS timeline_json"
	    " FROM queue q WHERE shop_id = ?1"
	    " AND (?2 IS NULL OR instr(?2, ' ' || status || ' ') > 0)"
	    " ORDER BY placed_at DESC, order_id DESC LIMIT ?3", "ssi",
	    shop_id, statuses, limit + 1);
	if (rows == NULL)
		return -1;
	orders = json_array();
	more = queue_fill(orders, rows, (size_t)limit);
	json_decref(rows);
	*result = json_pack("{s:s, s:I, s:o, s:b}", "shop_id", shop_id, "seq",
	    (json_int_t)db_int(db, 0, "SELECT seq FROM svc_offset", NULL),
	    "orders", orders, "more", more);
	return 0;
}

int
store_reasons(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *shop_id;
	json_t *rows, *row, *out;
	size_t i;

	if ((shop_id = queue_shop(svc, req, body, err)) == NULL)
		return -1;
	rows = db_rows(svc_db(svc), "SELECT lower(status) AS status,"
	    " coalesce(reason_code, 'OTHER') AS code, count(*) AS n FROM queue"
	    " WHERE shop_id = ? AND status IN ('REJECTED', 'CANCELLED')"
	    " GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2", "s", shop_id);
	if (rows == NULL)
		return -1;
	out = json_pack("{s:s, s:{}, s:{}}", "shop_id", shop_id, "rejected",
	    "cancelled");
	json_array_foreach(rows, i, row)
		json_object_set(json_object_get(out, wire_str(row, "status",
		    "")), wire_str(row, "code", ""), json_object_get(row, "n"));
	json_decref(rows);
	*result = out;
	return 0;
}
