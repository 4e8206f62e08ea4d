/*
 * order_flow.c: the order status machine after payment: the shop's
 * actions (order.transition, called by store), the customer's cancel and
 * the auto-cancel of orders no shop accepted in time. Every legal move is
 * one row of the table in protocol/order_moves.c (the apps read it too);
 * anything else is invalid_state and changes nothing.
 */
#include "order_int.h"

#include <string.h>

#include "order_moves.h"
#include "order_price.h"
#include "order_reason.h"
#include "util.h"

/* The code of an auto-cancel (reasons.h). */
#define REASON_AUTO_CODE "NOT_ACCEPTED_IN_TIME"
/* A customer's cancel without a code. */
#define REASON_CUSTOMER_CODE "CUSTOMER_REQUEST"

#define ETA_MIN 5
#define ETA_MAX 180
#define ETA_DEFAULT 30

static int
status_in(const char *status, const char *const *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (set[i] != NULL && strcmp(status, set[i]) == 0)
			return 1;
	return 0;
}

/*
 * The order id as its customer (customer set) or its shop (shop set) may
 * see it: a new object, or NULL with not_found. Orders still paying or
 * whose payment failed exist for no one; one waiting for its deposit (or
 * whose deposit never came) for no shop.
 */
static json_t *
order_find(struct db *db, int64_t id, const char *customer, const char *shop,
    struct wire_error *err)
{
	static const char *const hidden[] = { "PAYING", "FAILED" };
	static const char *const unpaid[] = { "AWAITING_DEPOSIT", "EXPIRED" };
	json_t *order = order_load(db, id);
	const char *status = json_string_value(json_object_get(order,
	    "status"));

	if (order == NULL || status == NULL || status_in(status, hidden, 2) ||
	    (shop != NULL && status_in(status, unpaid, 2)) ||
	    (customer != NULL && strcmp(customer, json_string_value(
	    json_object_get(order, "customer_id"))) != 0) ||
	    (shop != NULL && strcmp(shop, json_string_value(json_object_get(
	    order, "shop_id"))) != 0)) {
		json_decref(order);
		wire_error_set(err, E_NOT_FOUND, "no order %lld", (long long)id);
		return NULL;
	}
	return order;
}

static int
move_refuse(const json_t *order, const struct order_move *m,
    struct wire_error *err)
{
	static const char *const final[] = { "DELIVERED", "PICKED_UP",
	    "CANCELLED", "REJECTED" };
	static const char *const started[] = { "COOKING", "READY",
	    "DELIVERING" };
	const char *status = json_string_value(json_object_get(order,
	    "status"));
	const char *kind = wire_str(order, "kind", "delivery");
	long long id = json_integer_value(json_object_get(order, "order_id"));

	wire_error_set(err, E_INVALID_STATE, "cannot %s order %lld: it is %s",
	    m->action, id, status);
	if (m->kind != NULL && strcmp(m->kind, kind) != 0)
		return wire_error_set(err, E_INVALID_STATE, "order %lld is a "
		    "%s order: it cannot be %s", id, kind,
		    strcmp(kind, "pickup") == 0 ? "sent out or delivered" :
		    "picked up");
	if (status_in(status, final, ARRAY_LEN(final)))
		wire_error_set(err, E_INVALID_STATE, "order %lld is already %s",
		    id, status);
	if (strcmp(m->action, "cancel") == 0 &&
	    status_in(status, started, ARRAY_LEN(started)))
		wire_error_set(err, E_INVALID_STATE, "order %lld is %s: cooking "
		    "has started; the order can no longer be cancelled", id,
		    status);
	return -1;
}

/*
 * Make move m on order (updated in place) and emit its event with data
 * (stolen). Returns 0, or -1 with invalid_state (nothing changed) or
 * internal.
 */
static int
move_apply(struct svc *svc, json_t *order, const struct order_move *m,
    json_t *data, struct wire_error *err)
{
	const char *status = json_string_value(json_object_get(order,
	    "status"));

	if (order_move_to_kind(m->action, m->by_shop, status,
	    wire_str(order, "kind", NULL), NULL) == NULL) {
		json_decref(data);
		return move_refuse(order, m, err);
	}
	if (db_do(svc_db(svc), "UPDATE orders SET status = ?, updated_at = ? "
	    "WHERE id = ? AND status = ?", "siis", m->to, now_ms(),
	    (int64_t)json_integer_value(json_object_get(order, "order_id")),
	    status) != 1) {
		json_decref(data);
		return wire_error_set(err, E_INTERNAL, "the order could not be "
		    "saved");
	}
	json_object_set_new(order, "status", json_string(m->to));
	if (order_emit(svc, m->event, order, data) != 0)
		return wire_error_set(err, E_INTERNAL, "the event could not be "
		    "saved");
	return 0;
}

/* Cancel order (PAID or ACCEPTED) for code with reason (its words), by
 * "customer" or "auto". */
static int
order_cancel_as(struct svc *svc, json_t *order, const char *code,
    const char *reason, const char *by, struct wire_error *err)
{
	if (move_apply(svc, order, order_move_find("cancel", 0),
	    json_pack("{s:s, s:s, s:s, s:O}", "reason", reason, "code", code,
	    "by", by, "total", json_object_get(order, "total")), err) != 0)
		return -1;
	db_do(svc_db(svc), "UPDATE orders SET reason = ?, reason_code = ? "
	    "WHERE id = ?", "ssi", reason, code, (int64_t)json_integer_value(
	    json_object_get(order, "order_id")));
	return 0;
}

int
order_shop_reject(struct svc *svc, json_t *order, const char *code,
    const char *reason, struct wire_error *err)
{
	/* Accepted, the shop may no longer reject: it cancels. */
	if (strcmp(wire_str(order, "status", ""), "ACCEPTED") == 0)
		return order_cancel_as(svc, order, code, reason, "shop", err);
	if (move_apply(svc, order, order_move_find("reject", 1),
	    json_pack("{s:s, s:s, s:O}", "reason", reason, "code", code,
	    "total", json_object_get(order, "total")), err) != 0)
		return -1;
	db_do(svc_db(svc), "UPDATE orders SET reason = ?, reason_code = ? "
	    "WHERE id = ?", "ssi", reason, code, (int64_t)json_integer_value(
	    json_object_get(order, "order_id")));
	return 0;
}

int
order_deposit_cancel(struct svc *svc, int64_t id, json_t **result,
    struct wire_error *err)
{
	json_t *order = order_load(svc_db(svc), id);
	int rc = -1;

	if (order == NULL || db_do(svc_db(svc), "UPDATE orders SET status = "
	    "'FAILED', reason = 'cancelled_waiting', updated_at = ? WHERE id = "
	    "? AND status = 'AWAITING_DEPOSIT'", "ii", now_ms(), id) != 1)
		wire_error_set(err, E_INTERNAL, "the order could not be saved");
	else if (order_emit_unseen(svc, "order.payment_abandoned", order,
	    json_pack("{s:O, s:s, s:s, s:s, s:s}", "amount",
	    json_object_get(order, "total"), "reason", "cancelled by the "
	    "customer before the deposit", "status", "FAILED", "by",
	    "customer", "was", "AWAITING_DEPOSIT")) != 0)
		wire_error_set(err, E_INTERNAL, "the order could not be saved");
	else {
		*result = json_pack("{s:I, s:s, s:i}", "order_id",
		    (json_int_t)id, "status", "CANCELLED", "refund", 0);
		rc = 0;
	}
	json_decref(order);
	return rc;
}

int
order_cancel(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	int64_t id = 0;
	const char *code, *reason;
	json_t *order;

	if (wire_get_int(body, "order_id", 1, 1, INT64_MAX, &id, err) != 0 ||
	    order_reason_read(body, REASON_BY_CUSTOMER, REASON_CUSTOMER_CODE,
	    &code, &reason, err) != 0 ||
	    (order = order_find(svc_db(svc), id, svc_req_caller(req)->user,
	    NULL, err)) == NULL)
		return -1;
	if (strcmp(wire_str(order, "status", ""), "AWAITING_DEPOSIT") == 0) {
		/* Never established: given up, nothing to refund. */
		json_decref(order);
		return order_deposit_cancel(svc, id, result, err);
	}
	if (order_cancel_as(svc, order, code, reason, "customer", err) != 0) {
		json_decref(order);
		return -1;
	}
	*result = json_pack("{s:I, s:s, s:O}", "order_id", (json_int_t)id,
	    "status", "CANCELLED", "refund", json_object_get(order, "total"));
	json_decref(order);
	return 0;
}

/* The event data of a shop action, after checking its members and
 * recording them on the order; NULL with err when they are bad. */
static json_t *
transition_data(struct svc *svc, const json_t *body, const json_t *order,
    const char *action, struct wire_error *err)
{
	int64_t id = json_integer_value(json_object_get(order, "order_id"));
	int64_t eta = ETA_DEFAULT, eta_at;
	const char *reason = NULL, *code = NULL;

	if (strcmp(action, "accept") == 0) {
		if (wire_get_int(body, "eta_min", 0, ETA_MIN, ETA_MAX, &eta,
		    err) != 0)
			return NULL;
		eta_at = now_ms() + eta * 60 * 1000;
		db_do(svc_db(svc), "UPDATE orders SET eta_min = ?, eta_at = ? "
		    "WHERE id = ?", "iii", eta, eta_at, id);
		return json_pack("{s:I, s:I}", "eta_min", (json_int_t)eta,
		    "eta_at", (json_int_t)eta_at);
	}
	if (strcmp(action, "reject") == 0) {
		if (order_reason_read(body, REASON_BY_SHOP, REASON_OTHER,
		    &code, &reason, err) != 0)
			return NULL;
		db_do(svc_db(svc), "UPDATE orders SET reason = ?, "
		    "reason_code = ? WHERE id = ?", "ssi", reason, code, id);
		return json_pack("{s:s, s:s, s:O}", "reason", reason, "code",
		    code, "total", json_object_get(order, "total"));
	}
	return json_object();
}

int
order_transition(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *shop_id = NULL, *action = NULL;
	const struct order_move *m;
	int64_t id = 0;
	json_t *order, *data;
	int rc = -1;

	(void)req;
	if (wire_get_int(body, "order_id", 1, 1, INT64_MAX, &id, err) != 0 ||
	    wire_get_id(body, "shop_id", 1, &shop_id, err) != 0 ||
	    wire_get_str(body, "action", 1, &action, err) != 0)
		return -1;
	if ((m = order_move_find(action, 1)) == NULL &&
	    strcmp(action, "extend") != 0 &&
	    strcmp(action, "unavailable") != 0)
		return wire_error_set(err, E_BAD_REQUEST, "unknown action "
		    "\"%.32s\" (accept, reject, cook, ready, dispatch, "
		    "deliver, picked_up, extend, unavailable)",
		    action);
	if ((order = order_find(svc_db(svc), id, NULL, shop_id, err)) == NULL)
		return -1;
	if (m == NULL) { /* the ETA or the lines move, not the status */
		rc = strcmp(action, "extend") == 0 ?
		    order_extend(svc, order, body, result, err) :
		    order_lines_unavailable(svc, order, body, result, err);
		json_decref(order);
		return rc;
	}
	/* Members are checked and recorded first: a refused move rolls the
	 * whole request back. */
	if ((data = transition_data(svc, body, order, action, err)) != NULL &&
	    move_apply(svc, order, m, data, err) == 0) {
		*result = json_pack("{s:I, s:s}", "order_id", (json_int_t)id,
		    "status", m->to);
		rc = 0;
	}
	json_decref(order);
	return rc;
}

void
order_auto_cancel(struct svc *svc, int64_t now)
{
	struct wire_error err;
	json_t *rows = db_rows(svc_db(svc), "SELECT id FROM orders WHERE "
	    "status = 'PAID' AND accept_by <= ? LIMIT 64", "i", now), *row;
	json_t *order;
	size_t i;

	json_array_foreach(rows, i, row) {
		order = order_load(svc_db(svc), json_integer_value(
		    json_object_get(row, "id")));
		db_savepoint(svc_db(svc));
		if (order != NULL && order_cancel_as(svc, order,
		    REASON_AUTO_CODE, reason_find(REASON_AUTO_CODE)->text,
		    "auto", &err) == 0) {
			db_release(svc_db(svc));
			log_info("order %lld cancelled: not accepted in time",
			    (long long)json_integer_value(json_object_get(
			    order, "order_id")));
		} else
			db_rollback_to(svc_db(svc));
		json_decref(order);
	}
	json_decref(rows);
}

int
order_rider_apply(struct svc *svc, const json_t *event, struct wire_error *err)
{
	const char *type = wire_str(event, "type", "");
	const json_t *data = json_object_get(event, "data");
	int64_t id = json_integer_value(json_object_get(event, "order_id"));
	const char *action = strcmp(type, "delivery.picked_up") == 0 ?
	    "dispatch" : "deliver";
	json_t *order = order_load(svc_db(svc), id);
	struct wire_error refused;
	int rc = 0;

	if (order == NULL) {
		log_warn("%s for order %lld, which is unknown", type,
		    (long long)id);
		return 0;
	}
	if (move_apply(svc, order, order_move_find(action, 1), json_pack(
	    "{s:s, s:O*, s:O*}", "by", "rider", "rider_id", json_object_get(
	    data, "rider_id"), "rider_name", json_object_get(data,
	    "rider_name")), &refused) != 0) {
		if (strcmp(refused.code, E_INVALID_STATE) == 0)
			log_warn("%s: %s", type, refused.message);
		else
			rc = wire_error_set(err, refused.code, "%s",
			    refused.message);
	}
	json_decref(order);
	return rc;
}
