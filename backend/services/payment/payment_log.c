/*
 * payment_log.c: the ledger as the log announces it (svc.h "own"). A
 * replica applies the payment.* events it did not make (its siblings', or
 * all of them when its database is rebuilt from the log): each finds
 * whether the ledger holds its outcome already, and changes nothing then.
 *
 *   payment.pending             the row, PENDING, with the key the
 *                               gateway is asked under and the deadline
 *                               (a process with a lease announces an
 *                               approve before it asks: one in flight when
 *                               its host is lost is swept and cancelled
 *                               by the replica that takes over)
 *   payment.failed              the PENDING row gone: the gateway
 *                               charged nothing (declined, or not asked)
 *   payment.approved            the row, APPROVED, with its gateway
 *                               reference (refunds need it)
 *   payment.refunded            REFUNDED, balance 0, the whole refund done
 *   payment.partially_refunded  the part's refund done (found by its
 *                               request key), the balance it left
 *
 * Refunds are numbered per payment as payment_refund_insert numbers them,
 * so a rebuilt ledger sends an owed refund with the key it had. What no
 * event announces stays with the replica that held it: an approve in
 * flight without a lease (PENDING), a refund owed but not landed (the order's event owes
 * it again once the log is applied), dead letters and their handling,
 * virtual accounts.
 */
#include "payment_int.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The row payment.pending or payment.approved (status) announces,
 * unless the ledger has one; an approve settles the PENDING row its
 * pending made. */
static int
payment_log_row(struct svc *svc, const json_t *event, const json_t *data,
    const char *status, struct wire_error *err)
{
	struct db *db = svc_db(svc);
	int64_t order_id = wire_int(event, "order_id", 0);
	int64_t at = wire_int(event, "at", 0);
	const char *pid = wire_str(data, "payment_id", NULL);
	json_t *row = payment_load(db, order_id);
	int pending = payment_row_is(row, "PENDING");

	json_decref(row);
	if (row != NULL && !(pending && strcmp(status, "APPROVED") == 0))
		return 0;
	if (pid == NULL || strncmp(pid, "pay_", 4) != 0)
		return wire_error_set(err, E_BAD_REQUEST, "payment.%s without "
		    "a payment_id", status);
	if (row != NULL) {
		if (db_do(db, "UPDATE payments SET status = 'APPROVED', "
		    "gateway_ref = ?, updated_at = ? WHERE order_id = ? AND "
		    "status = 'PENDING'", "sii", wire_str(data, "gateway_ref",
		    NULL), at, order_id) != 1)
			return wire_error_set(err, E_INTERNAL, "payment of order "
			    "%lld could not be written", (long long)order_id);
		return 0;
	}
	/* The row's number is the payment_id's, so later ones follow it. */
	if (db_do(db, "INSERT INTO payments(id, payment_id, order_id, amount, "
	    "card_last4, status, customer_id, shop_id, gateway, gateway_ref, "
	    "created_at, updated_at, deadline, balance) VALUES (?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "isiissssssiiii",
	    (int64_t)strtoll(pid + 4, NULL, 10), pid, order_id,
	    wire_int(data, "amount", 0), wire_str(data, "card_last4", NULL),
	    status, wire_str(event, "customer_id", NULL), wire_str(event,
	    "shop_id", NULL), wire_str(data, "gateway", NULL), wire_str(data,
	    "gateway_ref", NULL), at, at, wire_int(data, "deadline", 0),
	    wire_int(data, "amount", 0)) != 1)
		return wire_error_set(err, E_INTERNAL, "payment of order %lld "
		    "could not be written", (long long)order_id);
	return 0;
}

/* Refund id of order_id (the whole balance when amount is 0) recorded as
 * landed: the owed row found by request_key (or, for the whole balance,
 * the one owed) is done, or a new one is made done. 0 / -1. */
static int
payment_log_refund_done(struct svc *svc, const json_t *row, int64_t amount,
    const char *reason, const char *request_key)
{
	struct db *db = svc_db(svc);
	int64_t order_id = wire_int(row, "order_id", 0), id;

	id = request_key != NULL ? db_int(db, 0, "SELECT id FROM refunds "
	    "WHERE request_key = ?", "s", request_key) : amount == 0 ?
	    db_int(db, 0, "SELECT id FROM refunds WHERE order_id = ? AND "
	    "amount IS NULL AND state IN ('due', 'dead')", "i", order_id) : 0;
	if (id == 0 && (id = payment_refund_insert(svc, row, amount,
	    "APPROVED", reason ? reason : "", request_key)) == 0)
		return -1;
	return db_do(db, "UPDATE refunds SET state = 'done', last_error = "
	    "NULL WHERE id = ?", "i", id) == 1 ? 0 : -1;
}

static int
payment_log_refunded(struct svc *svc, const json_t *event, const json_t *data,
    int whole, struct wire_error *err)
{
	struct db *db = svc_db(svc);
	int64_t order_id = wire_int(event, "order_id", 0);
	const char *key = wire_str(data, "request_key", NULL);
	json_t *row = payment_load(db, order_id);
	int rc = 0;

	if (row == NULL || payment_row_is(row, "REFUNDED") || (!whole &&
	    (key != NULL ? db_int(db, 0, "SELECT count(*) FROM refunds WHERE "
	    "request_key = ? AND state = 'done'", "s", key) > 0 :
	    wire_int(row, "balance", 0) <= wire_int(data, "balance", 0)))) {
		json_decref(row);
		return 0; /* not ours to know, or applied already */
	}
	if (payment_log_refund_done(svc, row, whole ? 0 : wire_int(data,
	    "amount", 0), wire_str(data, "reason", NULL), whole ? NULL :
	    key) != 0 || db_do(db, "UPDATE payments SET balance = ?, status = "
	    "CASE WHEN ? THEN 'REFUNDED' ELSE status END, updated_at = ? "
	    "WHERE order_id = ?", "iiii", whole ? 0 : wire_int(data, "balance",
	    0), (int64_t)whole, wire_int(event, "at", 0), order_id) != 1)
		rc = wire_error_set(err, E_INTERNAL, "payment of order %lld "
		    "could not be written", (long long)order_id);
	json_decref(row);
	return rc;
}

int
payment_log_apply(struct svc *svc, const json_t *event,
    struct wire_error *err)
{
	const char *type = wire_str(event, "type", "");
	const json_t *data = json_object_get(event, "data");

	if (strcmp(type, "payment.pending") == 0)
		return payment_log_row(svc, event, data, "PENDING", err);
	if (strcmp(type, "payment.failed") == 0)
		return db_do(svc_db(svc), "DELETE FROM payments WHERE order_id "
		    "= ? AND payment_id = ? AND status = 'PENDING'", "is",
		    wire_int(event, "order_id", 0), wire_str(data,
		    "payment_id", "")) < 0 ? wire_error_set(err, E_INTERNAL,
		    "payment of order %lld could not be written",
		    (long long)wire_int(event, "order_id", 0)) : 0;
	if (strcmp(type, "payment.approved") == 0)
		return payment_log_row(svc, event, data, "APPROVED", err);
	if (strcmp(type, "payment.refunded") == 0)
		return payment_log_refunded(svc, event, data, 1, err);
	if (strcmp(type, "payment.partially_refunded") == 0)
		return payment_log_refunded(svc, event, data, 0, err);
	return 0;
}
