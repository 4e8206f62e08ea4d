/*
 * payment_deposit.c: payments by virtual account (가상계좌).
 *
 * The gateway issues an account and the payment waits for the customer's
 * deposit (AWAITING_DEPOSIT, with the account, its due time and the
 * secret the gateway's DEPOSIT_CALLBACK carries). The receiver
 * (payment_callback.c) stores each callback; the tick applies them here,
 * in order, each once:
 *   DONE                 AWAITING_DEPOSIT -> APPROVED: payment.approved
 *                        and payment.deposited (the order becomes PAID);
 *                        a deposit for a payment given up or expired is
 *                        owed back (a refund)
 *   WAITING_FOR_DEPOSIT  after DONE (the deposit was undone):
 *                        APPROVED -> AWAITING_DEPOSIT and
 *                        payment.deposit_reversed (the order service
 *                        takes the order back; its order.cancelled then
 *                        voids the account)
 *   CANCELED             AWAITING_DEPOSIT -> VOID, payment.deposit_expired;
 *                        after DONE APPROVED -> VOID and
 *                        payment.deposit_reversed (status VOID)
 * A callback whose secret is not the payment's changes nothing. An
 * account past its due time is expired here too (VOID,
 * payment.deposit_expired), and so is one whose order was given up or
 * ended meanwhile (its approve answered after the order stopped waiting):
 * a deposit that comes all the same is refunded.
 */
#include "payment_int.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

int
payment_deposit_wait(struct svc *svc, const struct pay_job *job,
    int given_up, const char *reason, json_t **result, struct wire_error *err)
{
	const struct pg_deposit *d = job->deposit;
	json_t *va = json_pack("{s:s, s:s, s:s, s:I}", "bank", d->bank,
	    "account_number", d->account, "due_date", d->due, "due_at",
	    (json_int_t)d->due_ms), *row;

	if (given_up) {
		json_decref(va);
		wire_error_set(err, E_PAYMENT_UNAVAILABLE, "the order was given "
		    "up; its virtual account is cancelled");
		if (db_do(svc_db(svc), "UPDATE payments SET gateway_ref = ? "
		    "WHERE order_id = ?", "si", job->ref, job->order_id) == 1 &&
		    payment_refund_owe(svc, job->order_id, reason, "UNKNOWN") ==
		    0)
			payment_refunds_run(svc, now_ms());
		return -1;
	}
	if (db_do(svc_db(svc), "UPDATE payments SET status = "
	    "'AWAITING_DEPOSIT', gateway_ref = ?, virtual_account_json = ?, "
	    "va_secret = ?, va_due = nullif(?, 0), updated_at = ? WHERE "
	    "order_id = ? AND status = 'PENDING'", "sjsiii", job->ref, va,
	    d->secret, d->due_ms, now_ms(), job->order_id) != 1 ||
	    (row = payment_load(svc_db(svc), job->order_id)) == NULL) {
		json_decref(va);
		return wire_error_set(err, E_INTERNAL, "the payment could not "
		    "be recorded");
	}
	*result = json_pack("{s:O, s:s, s:I, s:I, s:o}", "payment_id",
	    json_object_get(row, "payment_id"), "status", "AWAITING_DEPOSIT",
	    "order_id", (json_int_t)job->order_id, "amount",
	    (json_int_t)job->amount, "virtual_account", va);
	json_decref(row);
	return 0;
}

/* Emit payment event type for row (a payments row) with data (stolen). */
static int
deposit_emit(struct svc *svc, const json_t *row, const char *type,
    json_t *data)
{
	json_object_set_new(data, "payment_id", json_string(wire_str(row,
	    "payment_id", "")));
	json_object_set_new(data, "amount", json_integer(wire_int(row,
	    "amount", 0)));
	return svc_emit(svc, type, wire_int(row, "order_id", 0),
	    wire_str(row, "shop_id", NULL), wire_str(row, "customer_id", NULL),
	    data);
}

/* Move row from status from to status to (conditionally), with event
 * type. A short word for the callback's result. */
static const char *
deposit_move(struct svc *svc, const json_t *row, const char *from,
    const char *to, const char *type, json_t *data)
{
	if (db_do(svc_db(svc), "UPDATE payments SET status = ?, updated_at = ? "
	    "WHERE order_id = ? AND status = ?", "siis", to, now_ms(),
	    wire_int(row, "order_id", 0), from) != 1) {
		json_decref(data);
		return "storage";
	}
	if (deposit_emit(svc, row, type, data) != 0)
		return "storage";
	log_info("payment %s of order %lld: %s -> %s", wire_str(row,
	    "payment_id", ""), (long long)wire_int(row, "order_id", 0), from,
	    to);
	return to;
}

int
payment_deposit_abandon(struct svc *svc, int64_t order_id, const char *why)
{
	json_t *row = db_row(svc_db(svc), "SELECT order_id, payment_id, "
	    "amount, shop_id, customer_id FROM payments WHERE order_id = ? "
	    "AND status = 'AWAITING_DEPOSIT'", "i", order_id);
	const char *out;

	if (row == NULL)
		return 0;
	out = deposit_move(svc, row, "AWAITING_DEPOSIT", "VOID",
	    "payment.deposit_expired", json_pack("{s:s}", "reason", why));
	json_decref(row);
	return strcmp(out, "VOID") == 0 ? 0 : -1;
}

/* Apply one stored callback to its payment; what it came to. */
static const char *
deposit_apply(struct svc *svc, const json_t *cb)
{
	const char *status = wire_str(cb, "status", "");
	json_t *row = db_row(svc_db(svc), "SELECT order_id, payment_id, "
	    "amount, status, shop_id, customer_id, va_secret FROM payments "
	    "WHERE order_id = ?", "i", wire_int(cb, "order_id", 0));
	const char *out = "ignored", *secret = wire_str(row, "va_secret", NULL);

	if (row == NULL)
		out = "no such payment";
	else if (secret == NULL || strcmp(secret, wire_str(cb, "secret", "")))
		out = "secret mismatch";
	else if (strcmp(status, "DONE") == 0 && payment_row_is(row,
	    "AWAITING_DEPOSIT")) {
		out = deposit_move(svc, row, "AWAITING_DEPOSIT", "APPROVED",
		    "payment.approved", json_pack("{s:s}", "card_last4", ""));
		if (strcmp(out, "APPROVED") == 0 && deposit_emit(svc, row,
		    "payment.deposited", json_object()) != 0)
			out = "storage";
	} else if (strcmp(status, "DONE") == 0 && (payment_row_is(row, "VOID")
	    || payment_row_is(row, "PENDING_CANCEL"))) {
		/* Paid after the order gave up: owed back. */
		out = payment_refund_owe(svc, wire_int(row, "order_id", 0),
		    "deposit after the order was given up", "APPROVED") == 0 ?
		    "refund owed" : "storage";
	} else if (strcmp(status, "WAITING_FOR_DEPOSIT") == 0 &&
	    payment_row_is(row, "APPROVED"))
		out = deposit_move(svc, row, "APPROVED", "AWAITING_DEPOSIT",
		    "payment.deposit_reversed", json_pack("{s:s}", "status",
		    "AWAITING_DEPOSIT"));
	else if (strcmp(status, "CANCELED") == 0 && payment_row_is(row,
	    "APPROVED"))
		/* The deposit was cancelled at the gateway: nothing is kept,
		 * so nothing is owed back; a deposit after this is. */
		out = deposit_move(svc, row, "APPROVED", "VOID",
		    "payment.deposit_reversed", json_pack("{s:s, s:s}", "status",
		    "VOID", "reason", "the gateway cancelled the deposit"));
	else if (strcmp(status, "CANCELED") == 0 && payment_row_is(row,
	    "AWAITING_DEPOSIT"))
		out = deposit_move(svc, row, "AWAITING_DEPOSIT", "VOID",
		    "payment.deposit_expired", json_pack("{s:s}", "reason",
		    "the gateway cancelled the account"));
	json_decref(row);
	return out;
}

void
payment_deposits_run(struct svc *svc, int64_t now)
{
	struct db *db = svc_db(svc);
	json_t *rows = db_rows(db, "SELECT id, order_id, status, secret FROM "
	    "deposit_callbacks WHERE processed_at IS NULL ORDER BY id LIMIT "
	    "64", NULL), *row;
	const char *out;
	size_t i;

	json_array_foreach(rows, i, row) {
		db_savepoint(db);
		out = deposit_apply(svc, row);
		if (strcmp(out, "storage") == 0) {
			db_rollback_to(db);
			continue;
		}
		db_do(db, "UPDATE deposit_callbacks SET processed_at = ?, result "
		    "= ? WHERE id = ?", "isi", now, out, wire_int(row, "id", 0));
		db_release(db);
		log_info("payment: DEPOSIT_CALLBACK %s for order %lld: %s",
		    wire_str(row, "status", ""), (long long)wire_int(row,
		    "order_id", 0), out);
	}
	json_decref(rows);
	rows = db_rows(db, "SELECT order_id, payment_id, amount, shop_id, "
	    "customer_id FROM payments WHERE status = 'AWAITING_DEPOSIT' AND "
	    "va_due < ? LIMIT 64", "i", now);
	json_array_foreach(rows, i, row)
		deposit_move(svc, row, "AWAITING_DEPOSIT", "VOID",
		    "payment.deposit_expired", json_pack("{s:s}", "reason",
		    "no deposit before the due date"));
	json_decref(rows);
}
