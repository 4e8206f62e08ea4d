/*
 * payment.c: the payment service: a ledger of charges in its own SQLite,
 * one row per order (APPROVED -> REFUNDED, or VOID when the order was
 * given up before any charge), in front of a gateway (payment_gateway.h).
 *
 * approve is idempotent by order_id. Cancelled, rejected and abandoned
 * orders are refunded exactly once; one abandoned before its approve
 * arrived gets a VOID row, so that late approve is refused.
 */
#include "svc.h"

#include <stdio.h>
#include <string.h>

#include "payment_card.h"
#include "payment_gateway.h"
#include "util.h"

#define PAYMENT_MAX_AMOUNT 1000000000000LL /* won */

static const char payment_schema[] =
    "CREATE TABLE IF NOT EXISTS payments ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, payment_id TEXT UNIQUE,"
    " order_id INTEGER NOT NULL UNIQUE, amount INTEGER NOT NULL,"
    " card_last4 TEXT, status TEXT NOT NULL, customer_id TEXT,"
    " shop_id TEXT, gateway TEXT, gateway_ref TEXT, reason TEXT,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);";

/* The ledger row of order_id (the caller's), or NULL. */
static json_t *
payment_load(struct db *db, int64_t order_id)
{
	return db_row(db, "SELECT payment_id, order_id, amount, card_last4, "
	    "status, customer_id, shop_id, gateway, gateway_ref, reason, "
	    "created_at, updated_at FROM payments WHERE order_id = ?", "i",
	    order_id);
}

static const char *
row_str(const json_t *row, const char *key)
{
	return json_string_value(json_object_get(row, key));
}

static int64_t
row_int(const json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

/* Add a ledger row (strings may be NULL); returns its number (the
 * payment_id is "pay_" and that number), or 0 on a storage error. */
static int64_t
payment_insert(struct svc *svc, int64_t order_id, int64_t amount,
    const char *last4, const char *status, const char *customer_id,
    const char *shop_id, const char *ref, const char *reason)
{
	struct db *db = svc_db(svc);
	int64_t now = now_ms(), id;

	if (db_do(db, "INSERT INTO payments(order_id, amount, card_last4, "
	    "status, customer_id, shop_id, gateway, gateway_ref, reason, "
	    "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
	    "iisssssssii", order_id, amount, last4, status, customer_id,
	    shop_id, payment_gateway_get(svc_config(svc))->name, ref, reason,
	    now, now) != 1)
		return 0;
	id = db_last_id(db);
	if (db_do(db, "UPDATE payments SET payment_id = 'pay_' || id WHERE "
	    "id = ?", "i", id) != 1)
		return 0;
	return id;
}

/* The payment.approve answer for an APPROVED row. */
static json_t *
approve_result(const json_t *row)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:s}", "payment_id",
	    row_str(row, "payment_id"), "status", "APPROVED", "order_id",
	    (json_int_t)row_int(row, "order_id"), "amount",
	    (json_int_t)row_int(row, "amount"), "card_last4",
	    row_str(row, "card_last4"));
}

static int
payment_approve(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *card = NULL, *customer = NULL, *shop = NULL;
	struct pg_charge charge;
	int64_t order_id = 0, amount = 0;
	char ref[PG_REF_MAX], last4[5];
	json_t *row;

	(void)req;
	if (wire_get_int(body, "order_id", 1, 1, INT64_MAX, &order_id,
	    err) != 0 || wire_get_int(body, "amount", 1, 0,
	    PAYMENT_MAX_AMOUNT, &amount, err) != 0 ||
	    wire_get_str(body, "card", 1, &card, err) != 0 ||
	    card_check(card, err) != 0 ||
	    wire_get_id(body, "customer_id", 1, &customer, err) != 0 ||
	    wire_get_id(body, "shop_id", 1, &shop, err) != 0)
		return -1;
	if ((row = payment_load(svc_db(svc), order_id)) != NULL) {
		if (strcmp(row_str(row, "status"), "APPROVED") == 0)
			*result = approve_result(row);
		else
			wire_error_set(err, E_INVALID_STATE, "the payment of "
			    "order %lld is %s", (long long)order_id,
			    row_str(row, "status"));
		json_decref(row);
		return *result != NULL ? 0 : -1;
	}
	charge = (struct pg_charge){ order_id, amount, card, customer };
	if (payment_gateway_get(svc_config(svc))->approve(
	    payment_gateway_get(svc_config(svc)), &charge, ref, err) != 0)
		return -1;
	card_last4(card, last4);
	if (payment_insert(svc, order_id, amount, last4, "APPROVED", customer,
	    shop, ref, NULL) == 0 ||
	    (row = payment_load(svc_db(svc), order_id)) == NULL)
		return wire_error_set(err, E_INTERNAL, "the payment could not "
		    "be recorded");
	if (svc_emit(svc, "payment.approved", order_id, shop, customer,
	    json_pack("{s:s, s:I, s:s}", "payment_id", row_str(row,
	    "payment_id"), "amount", (json_int_t)amount, "card_last4",
	    last4)) != 0) {
		json_decref(row);
		return wire_error_set(err, E_INTERNAL, "the payment could not "
		    "be recorded");
	}
	*result = approve_result(row);
	json_decref(row);
	return 0;
}

/*
 * Refund the APPROVED row through the gateway: REFUNDED, and
 * payment.refunded. Returns 0, or -1 with err.
 */
static int
payment_refund_row(struct svc *svc, const json_t *row, const char *reason,
    struct wire_error *err)
{
	const struct payment_gateway *gw = payment_gateway_get(
	    svc_config(svc));
	int64_t amount = row_int(row, "amount");

	if (gw->refund(gw, row_str(row, "gateway_ref"), amount, err) != 0)
		return -1;
	if (db_do(svc_db(svc), "UPDATE payments SET status = 'REFUNDED', "
	    "reason = ?, updated_at = ? WHERE order_id = ? AND status = "
	    "'APPROVED'", "sii", reason, now_ms(), row_int(row, "order_id"))
	    != 1 || svc_emit(svc, "payment.refunded", row_int(row, "order_id"),
	    row_str(row, "shop_id"), row_str(row, "customer_id"),
	    json_pack("{s:s, s:I, s:s}", "payment_id", row_str(row,
	    "payment_id"), "amount", (json_int_t)amount, "reason", reason))
	    != 0)
		return wire_error_set(err, E_INTERNAL, "the refund could not "
		    "be recorded");
	log_info("payment %s refunded (%s)", row_str(row, "payment_id"),
	    reason);
	return 0;
}

/* An order ended without being fulfilled: refund its payment once, or
 * void the order so a late approve is refused. */
static int
payment_on_event(struct svc *svc, const json_t *event, struct wire_error *err)
{
	const char *type = json_string_value(json_object_get(event, "type"));
	const json_t *data = json_object_get(event, "data");
	int64_t order_id = json_integer_value(json_object_get(event,
	    "order_id"));
	const char *why = json_string_value(json_object_get(data, "reason"));
	const json_t *amount = json_object_get(data, "amount");
	char reason[256];
	json_t *row;
	int rc = 0;

	if (type == NULL || order_id <= 0)
		return wire_error_set(err, E_BAD_REQUEST, "event without an "
		    "order_id");
	snprintf(reason, sizeof reason, "%s%s%s", type + strlen("order."),
	    why ? ": " : "", why ? why : "");
	row = payment_load(svc_db(svc), order_id);
	if (row == NULL) {
		if (amount == NULL)
			amount = json_object_get(data, "total");
		if (payment_insert(svc, order_id, json_integer_value(amount),
		    NULL, "VOID", json_string_value(json_object_get(event,
		    "customer_id")), json_string_value(json_object_get(event,
		    "shop_id")), NULL, reason) == 0)
			rc = wire_error_set(err, E_INTERNAL, "cannot void "
			    "order %lld", (long long)order_id);
	} else if (strcmp(row_str(row, "status"), "APPROVED") == 0)
		rc = payment_refund_row(svc, row, reason, err);
	json_decref(row);
	return rc;
}

static int
payment_refund(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *reason = "refunded by an administrator";
	int64_t order_id = 0;
	json_t *row;
	int rc = -1;

	(void)req;
	if (wire_get_int(body, "order_id", 1, 1, INT64_MAX, &order_id,
	    err) != 0 || wire_get_str(body, "reason", 0, &reason, err) != 0)
		return -1;
	if ((row = payment_load(svc_db(svc), order_id)) == NULL)
		return wire_error_set(err, E_NOT_FOUND, "no payment for order "
		    "%lld", (long long)order_id);
	if (strcmp(row_str(row, "status"), "VOID") == 0)
		wire_error_set(err, E_INVALID_STATE, "order %lld was never "
		    "charged", (long long)order_id);
	else if (strcmp(row_str(row, "status"), "REFUNDED") == 0 ||
	    payment_refund_row(svc, row, reason, err) == 0)
		rc = 0;
	if (rc == 0)
		*result = json_pack("{s:s, s:s, s:I}", "payment_id",
		    row_str(row, "payment_id"), "status", "REFUNDED", "amount",
		    (json_int_t)row_int(row, "amount"));
	json_decref(row);
	return rc;
}

static int
payment_get(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	int64_t order_id = 0;

	(void)req;
	if (wire_get_int(body, "order_id", 1, 1, INT64_MAX, &order_id,
	    err) != 0)
		return -1;
	if ((*result = payment_load(svc_db(svc), order_id)) == NULL)
		return wire_error_set(err, E_NOT_FOUND, "no payment for order "
		    "%lld", (long long)order_id);
	return 0;
}

static const struct svc_method payment_methods[] = {
	{ "approve", payment_approve, SVC_WRITE, "service" },
	{ "refund", payment_refund, SVC_WRITE, "service admin" },
	{ "get", payment_get, 0, "service admin" },
};

static const char *const payment_consumes[] = { "order.cancelled",
	"order.rejected", "order.payment_abandoned", NULL };

const struct svc_def payment_service = {
	.name = "payment",
	.schema = payment_schema,
	.methods = payment_methods,
	.n_methods = ARRAY_LEN(payment_methods),
	.consumes = payment_consumes,
	.on_event = payment_on_event,
};
