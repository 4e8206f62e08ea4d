/*
 * payment_partial.c: payment.refund_partial, a part of a payment given
 * back (the gateway's cancelAmount).
 *
 * The part must fit in what is left: the balance less the parts already
 * owed (due, or dead-lettered and not resolved), so the balance never goes
 * below 0. Each part is one refunds row with its own Idempotency-Key and
 * the request's idempotency key (unique): a retry of the request, in this
 * process or another, answers the same refund and never owes a second.
 *
 * order.lines_removed (lines a shop could not make) owes a part the same
 * way, its key the order and the removal's number: the event applied
 * again, by this process or another, owes nothing more.
 */
#include "payment_int.h"

#include <string.h>

#include "util.h"

#define PAY_REASON_MAX 200           /* bytes of a partial refund's reason */

/* The refund_partial answer for refund id: its row as it stands. */
static int
refund_partial_result(struct svc *svc, int64_t id, json_t **result,
    struct wire_error *err)
{
	json_t *r = db_row(svc_db(svc), "SELECT r.id AS refund_id, "
	    "p.payment_id, r.order_id, r.amount, CASE r.state WHEN 'done' "
	    "THEN 'REFUNDED' ELSE 'REFUNDING' END AS status, "
	    "coalesce(p.balance, p.amount) - (SELECT coalesce(sum(e.amount), "
	    "0) FROM refunds e WHERE e.order_id = r.order_id AND e.state IN "
	    "('due', 'dead')) AS balance FROM refunds r JOIN payments p USING "
	    "(order_id) WHERE r.id = ?", "i", id);

	if (r == NULL)
		return wire_error_set(err, E_INTERNAL, "the refund could not "
		    "be read");
	*result = r;
	return 0;
}

/* What is left to refund of order_id's payment: its balance less the
 * parts owed (due, or dead-lettered and not resolved). */
static int64_t
partial_left(struct db *db, int64_t order_id)
{
	return db_int(db, 0, "SELECT coalesce(p.balance, p.amount) - (SELECT "
	    "coalesce(sum(amount), 0) FROM refunds WHERE order_id = ?1 AND "
	    "amount IS NOT NULL AND state IN ('due', 'dead')) FROM payments p "
	    "WHERE order_id = ?1", "i", order_id);
}

int
payment_refund_partial(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err)
{
	struct db *db = svc_db(svc);
	const char *reason = "partly refunded", *key = svc_req_key(req);
	int64_t order_id = 0, amount = 0, left, id;
	json_t *row;

	if (wire_get_int(body, "order_id", 1, 1, INT64_MAX, &order_id,
	    err) != 0 || wire_get_int(body, "amount", 1, 1,
	    PAYMENT_MAX_AMOUNT, &amount, err) != 0 ||
	    wire_get_str(body, "reason", 0, &reason, err) != 0)
		return -1;
	if (*reason == '\0' || strlen(reason) > PAY_REASON_MAX)
		return wire_error_set(err, E_BAD_REQUEST, "reason: 1-%d bytes",
		    PAY_REASON_MAX);
	/* Asked before (by this request, in another process): that one. */
	if (key != NULL && (id = db_int(db, 0, "SELECT id FROM refunds WHERE "
	    "request_key = ?", "s", key)) > 0)
		return refund_partial_result(svc, id, result, err);
	if ((row = payment_load(db, order_id)) == NULL)
		return wire_error_set(err, E_NOT_FOUND, "no payment for order "
		    "%lld", (long long)order_id);
	if (!payment_row_is(row, "APPROVED")) {
		wire_error_set(err, E_INVALID_STATE, "the payment of order %lld "
		    "is %s", (long long)order_id, wire_str(row, "status", ""));
		json_decref(row);
		return -1;
	}
	left = partial_left(db, order_id);
	if (amount > left) {
		json_decref(row);
		return wire_error_set(err, E_EXCEEDS_BALANCE, "%lld won is more "
		    "than the %lld won left to refund", (long long)amount,
		    (long long)left);
	}
	id = payment_refund_insert(svc, row, amount, "APPROVED", reason, key);
	json_decref(row);
	if (id == 0)
		return wire_error_set(err, E_INTERNAL, "the refund could not "
		    "be recorded");
	payment_refunds_run(svc, now_ms());
	return refund_partial_result(svc, id, result, err);
}

int
payment_lines_removed(struct svc *svc, const json_t *event,
    struct wire_error *err)
{
	struct db *db = svc_db(svc);
	const json_t *data = json_object_get(event, "data");
	int64_t order_id = wire_int(event, "order_id", 0);
	int64_t amount = wire_int(data, "amount", 0), left;
	char key[96];
	json_t *row;
	int rc = 0;

	snprintf(key, sizeof key, "order.lines_removed:%lld:%lld",
	    (long long)order_id, (long long)wire_int(data, "removal", 0));
	if (order_id <= 0 || amount <= 0)
		return wire_error_set(err, E_BAD_REQUEST, "order.lines_removed "
		    "without an order_id or an amount");
	/* Owed already (this event again, in this process or another). */
	if (db_int(db, 0, "SELECT id FROM refunds WHERE request_key = ?", "s",
	    key) > 0)
		return 0;
	if ((row = payment_load(db, order_id)) == NULL ||
	    !payment_row_is(row, "APPROVED")) {
		log_warn("order %lld: lines removed, but its payment is %s: "
		    "no partial refund", (long long)order_id, row ?
		    wire_str(row, "status", "?") : "unknown");
		json_decref(row);
		return 0;
	}
	/* An admin's own part may have taken some already: never below 0. */
	if (amount > (left = partial_left(db, order_id))) {
		log_warn("order %lld: %lld won of lines removed, only %lld left "
		    "to refund", (long long)order_id, (long long)amount,
		    (long long)left);
		amount = left;
	}
	if (amount > 0 && payment_refund_insert(svc, row, amount, "APPROVED",
	    wire_str(data, "reason", "품절"), key) == 0)
		rc = wire_error_set(err, E_INTERNAL, "cannot refund order %lld",
		    (long long)order_id);
	json_decref(row);
	if (rc == 0)
		payment_refunds_run(svc, now_ms());
	return rc;
}
