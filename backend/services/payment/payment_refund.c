/*
 * payment_refund.c: refunds owed (payment_int.h), from the row in
 * `refunds` to the gateway's last word on it.
 *
 * Each refund is one cancel with its own Idempotency-Key ("cancel-<ref>"
 * for the first of a payment, as earlier versions made it, then
 * "cancel-<ref>-<n>"), sent again with the same key until the gateway
 * settles it. One payment's refunds go one at a time, in order, so the
 * balance a cancel leaves is known: after an in-flight answer, or when the
 * key is older than the gateway keeps keys (PAY_IDEM_TTL_MS, Toss: 15
 * days), the payment is read again first and a cancel that landed is not
 * sent twice. A refusal for good goes to the dead-letter queue
 * (payment_dead.c) and waits for an administrator. A part of a payment
 * is owed by payment.refund_partial (payment_partial.c).
 */
#include "payment_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank_account.h"
#include "util.h"
#include "worker.h"

#define PAY_REFUND_TIMEOUT_MS 3000   /* one cancel call */
#define PAY_REFUND_LEASE_MS 10000    /* a cancel in flight is not re-sent */
#define PAY_REFUND_BACKOFF_MS 500    /* first retry; doubling, +-20% */
#define PAY_REFUND_BACKOFF_CAP_MS 60000
/* Cancels answered "not found" before an unknown approve counts as never
 * charged (with the backoff: about 15 s). */
#define PAY_UNKNOWN_CHECKS 5
#define PAY_REFUND_INFLIGHT 4        /* cancels in flight at once, at most */
#define PAY_IDEM_TTL_MS (15LL * 24 * 3600 * 1000)

int64_t
payment_refund_insert(struct svc *svc, const json_t *row, int64_t amount,
    const char *was, const char *reason, const char *request_key)
{
	struct db *db = svc_db(svc);
	int64_t order_id = wire_int(row, "order_id", 0), now = now_ms();
	int64_t n = db_int(db, 0, "SELECT count(*) FROM refunds WHERE "
	    "order_id = ?", "i", order_id);
	const char *ref = wire_str(row, "gateway_ref", NULL);
	char *key = n == 0 ? xasprintf("cancel-%s", ref ? ref : "") :
	    xasprintf("cancel-%s-%lld", ref ? ref : "", (long long)n + 1);
	int rc;

	rc = db_do(db, "INSERT INTO refunds(order_id, amount, idem_key, "
	    "request_key, was, reason, next_at, created_at) VALUES "
	    "(?,nullif(?,0),?,?,?,?,?,?)", "iissssii", order_id, amount, key,
	    request_key, was, reason, now, now);
	free(key);
	return rc == 1 ? db_last_id(db) : 0;
}

int
payment_refund_owe(struct svc *svc, int64_t order_id, const char *reason,
    const char *was)
{
	struct db *db = svc_db(svc);
	json_t *row;
	int rc = 0;

	if (db_do(db, "UPDATE payments SET status = 'REFUNDING', reason = ?, "
	    "updated_at = ? WHERE order_id = ?", "sii", reason, now_ms(),
	    order_id) != 1 || (row = payment_load(db, order_id)) == NULL)
		return -1;
	if (db_int(db, 0, "SELECT count(*) FROM refunds WHERE order_id = ? "
	    "AND amount IS NULL AND state IN ('due', 'dead')", "i",
	    order_id) == 0 && payment_refund_insert(svc, row, 0, was, reason,
	    NULL) == 0)
		rc = -1;
	json_decref(row);
	return rc;
}

/* The refund account of a payment row (its refund_account member), for
 * a job (the caller's), or NULL when it has none. */
static struct pg_account *
refund_account_of(const json_t *acct)
{
	struct pg_account *a;

	if (!json_is_object(acct))
		return NULL;
	a = xcalloc(1, sizeof *a);
	snprintf(a->bank, sizeof a->bank, "%s", wire_str(acct, "bank", ""));
	snprintf(a->number, sizeof a->number, "%s", wire_str(acct,
	    "account_number", ""));
	snprintf(a->holder, sizeof a->holder, "%s", wire_str(acct,
	    "holder_name", ""));
	return a;
}

void
payment_refunds_run(struct svc *svc, int64_t now)
{
	struct payment_state *st = svc_state(svc);
	struct worker_pool *refunds = st->pools[PAY_REFUND];
	const struct payment_gateway *gw = &st->gw;
	int room = PAY_REFUND_INFLIGHT;
	json_t *rows, *row;
	struct pay_job *job;
	int64_t amount, gw_left;
	size_t i;
	int whole;

	/* Rebuilding from the log: what it owes is known once it is
	 * applied (the tick asks then). */
	if (!svc_caught_up(svc))
		return;
	if (gw->slow && refunds != NULL)
		room -= worker_pool_busy(refunds);
	if (room <= 0)
		return;
	/* Due, and the oldest owed refund of its payment. */
	rows = db_rows(svc_db(svc), "SELECT r.id, r.order_id, r.amount, "
	    "r.idem_key, r.reason, r.recheck, r.created_at, p.gateway_ref, "
	    "p.refund_account_json, "
	    "coalesce(p.balance, p.amount) AS balance, p.amount - (SELECT "
	    "coalesce(sum(d.amount), 0) FROM refunds d WHERE d.order_id = "
	    "r.order_id AND d.state = 'done') AS at_gateway FROM refunds r JOIN "
	    "payments p USING (order_id) WHERE r.state = 'due' AND r.next_at "
	    "<= ? AND NOT EXISTS (SELECT 1 FROM refunds e WHERE e.order_id = "
	    "r.order_id AND e.state = 'due' AND e.id < r.id) ORDER BY "
	    "r.next_at LIMIT ?", "ii", now, (int64_t)room);
	json_array_foreach(rows, i, row) {
		/* What the gateway holds is the amount less the parts it gave
		 * back; the ledger's balance may be lower (a part settled
		 * outside baedal): a whole refund cancels only the ledger's. */
		gw_left = wire_int(row, "at_gateway", 0);
		amount = wire_int(row, "amount", 0);
		whole = amount == 0;
		if (whole && wire_int(row, "balance", 0) < gw_left)
			amount = wire_int(row, "balance", 0);
		job = pay_job_new(svc, PAY_REFUND, wire_int(row, "order_id", 0),
		    amount);
		job->whole = whole;
		job->refund_id = wire_int(row, "id", 0);
		job->balance_after = amount > 0 ? gw_left - amount : 0;
		job->recheck = wire_int(row, "recheck", 0) != 0 ||
		    now - wire_int(row, "created_at", now) > PAY_IDEM_TTL_MS;
		snprintf(job->key, sizeof job->key, "%s",
		    wire_str(row, "gateway_ref", ""));
		snprintf(job->idem, sizeof job->idem, "%s",
		    wire_str(row, "idem_key", ""));
		job->reason = xstrdup(wire_str(row, "reason", ""));
		job->account = refund_account_of(json_object_get(row,
		    "refund_account"));
		job->timeout_ms = PAY_REFUND_TIMEOUT_MS;
		if (gw->slow)
			db_do(svc_db(svc), "UPDATE refunds SET next_at = ? WHERE "
			    "id = ?", "ii", now + PAY_REFUND_LEASE_MS,
			    job->refund_id);
		pay_job_start(svc, job, NULL, NULL);
	}
	json_decref(rows);
}

/* A partial refund landed: the balance goes down by it. */
static void
refund_settle_part(struct svc *svc, const struct pay_job *job,
    const json_t *row)
{
	struct db *db = svc_db(svc);
	int64_t balance = wire_int(row, "balance", 0) - job->amount;
	json_t *refund = db_row(db, "SELECT request_key FROM refunds WHERE "
	    "id = ?", "i", job->refund_id);

	if (balance < 0)
		balance = 0; /* never: refund_partial checks; never below 0 */
	if (db_do(db, "UPDATE payments SET balance = ?, updated_at = ? WHERE "
	    "order_id = ?", "iii", balance, now_ms(), job->order_id) != 1 ||
	    db_do(db, "UPDATE refunds SET state = 'done', last_error = NULL "
	    "WHERE id = ? AND state = 'due'", "i", job->refund_id) != 1) {
		json_decref(refund);
		return;
	}
	/* The request key names the part for a replica rebuilding from the
	 * log (payment_log.c). */
	svc_emit(svc, "payment.partially_refunded", job->order_id,
	    wire_str(row, "shop_id", NULL), wire_str(row, "customer_id", NULL),
	    json_pack("{s:s, s:I, s:I, s:I, s:s, s:s?}", "payment_id",
	    wire_str(row, "payment_id", NULL), "refund_id",
	    (json_int_t)job->refund_id, "amount", (json_int_t)job->amount,
	    "balance", (json_int_t)balance, "reason", job->reason,
	    "request_key", wire_str(refund, "request_key", NULL)));
	json_decref(refund);
	log_info("payment %s of order %lld: %lld won refunded, %lld left",
	    wire_str(row, "payment_id", NULL), (long long)job->order_id,
	    (long long)job->amount, (long long)balance);
}

/* The whole balance was given back (REFUNDED), or nothing had been
 * charged (VOID, unless payment.approved went out: announce). */
static void
refund_settle_whole(struct svc *svc, const struct pay_job *job,
    const json_t *row, int announce)
{
	struct db *db = svc_db(svc);
	int done = job->outcome == PG_DONE;

	if (payment_set_status(svc, job->order_id, done || announce ?
	    "REFUNDED" : "VOID") != 0 || db_do(db, "UPDATE payments SET "
	    "balance = 0 WHERE order_id = ?", "i", job->order_id) != 1 ||
	    db_do(db, "UPDATE refunds SET state = 'done', last_error = NULL "
	    "WHERE id = ? AND state = 'due'", "i", job->refund_id) != 1)
		return;
	if (announce)
		svc_emit(svc, "payment.refunded", job->order_id,
		    wire_str(row, "shop_id", NULL), wire_str(row, "customer_id",
		    NULL), json_pack("{s:s, s:I, s:s}", "payment_id",
		    wire_str(row, "payment_id", NULL), "amount",
		    (json_int_t)wire_int(row, "balance", 0), "reason",
		    job->reason));
	log_info("payment %s of order %lld: %s (%s)", wire_str(row,
	    "payment_id", NULL), (long long)job->order_id, done ? "refunded" :
	    "nothing was charged", job->reason);
}

/* Why a refund was refused for good, for the admin: the gateway's words,
 * and for a refused refund account which account (masked) it was. */
static void
refund_final_reason(const struct pay_job *job, char *buf, size_t n)
{
	char masked[BANK_MASK_MAX];
	int len;

	if (strcmp(job->code, "INVALID_REFUND_ACCOUNT_INFO") != 0) {
		snprintf(buf, n, "%s", job->err.message);
		return;
	}
	bank_account_mask(job->account ? job->account->number : "", masked);
	len = snprintf(buf, n, "the customer's refund account was refused "
	    "(%s %s %s, %s): set the customer's other account (payments "
	    "refund-account ORDER BANK:NUMBER:HOLDER) and retry, or pay it "
	    "back outside baedal and resolve; %s", job->account ?
	    bank_name(job->account->bank) ? bank_name(job->account->bank) :
	    job->account->bank : "no account", masked, job->account ?
	    job->account->holder : "", job->account ? "as given at the order"
	    : "none was given", job->err.message);
	if (len < 0 || (size_t)len >= n)
		buf[n - 1] = '\0'; /* cut: the gateway's words were long */
}

/* Not settled: try again after a backoff (re-reading the payment first
 * after an in-flight answer), or dead-letter a refusal for good. */
static void
refund_again(struct svc *svc, const struct pay_job *job, int attempts,
    const json_t *row)
{
	struct db *db = svc_db(svc);
	int64_t wait = retry_backoff_ms(PAY_REFUND_BACKOFF_MS, attempts,
	    PAY_REFUND_BACKOFF_CAP_MS);
	char why[400];

	if (job->outcome == PG_FINAL) {
		refund_final_reason(job, why, sizeof why);
		if (db_do(db, "UPDATE refunds SET state = 'dead', attempts = ?, "
		    "last_error = ? WHERE id = ? AND state = 'due'", "isi",
		    (int64_t)attempts, why, job->refund_id) == 1)
			payment_dead_add(svc, job->refund_id, job->order_id,
			    job->code, why);
		log_warn("payment %s of order %lld: refund %lld refused for "
		    "good (%s); dead-lettered", wire_str(row, "payment_id",
		    NULL), (long long)job->order_id, (long long)job->refund_id,
		    job->err.message);
		return;
	}
	db_do(db, "UPDATE refunds SET attempts = ?, next_at = ?, last_error = "
	    "?, recheck = max(recheck, ?) WHERE id = ?", "iisii",
	    (int64_t)attempts, now_ms() + wait, job->err.message,
	    (int64_t)(job->outcome == PG_INFLIGHT), job->refund_id);
	log_warn("payment %s of order %lld: refund attempt %d failed (%s); "
	    "trying again in %lld ms%s", wire_str(row, "payment_id", NULL),
	    (long long)job->order_id, attempts, job->err.message,
	    (long long)wait, job->outcome == PG_INFLIGHT ? ", reading the "
	    "payment first" : "");
}

void
payment_refund_done(struct svc *svc, const struct pay_job *job)
{
	struct db *db = svc_db(svc);
	json_t *owed = db_row(db, "SELECT was, attempts FROM refunds WHERE "
	    "id = ? AND state = 'due'", "i", job->refund_id), *row;
	int unknown = owed != NULL && strcmp(wire_str(owed, "was", ""),
	    "UNKNOWN") == 0;
	int attempts = (int)wire_int(owed, "attempts", 0) + 1;
	struct pay_job settled = *job;

	if (owed == NULL || (row = db_row(db, "SELECT payment_id, order_id, "
	    "shop_id, customer_id, coalesce(balance, amount) AS balance FROM "
	    "payments WHERE order_id = ?", "i", job->order_id)) == NULL) {
		json_decref(owed);
		return; /* settled meanwhile */
	}
	/* After an approve with no clear answer, "no such payment" may only
	 * mean the gateway is still working on the confirm: believe it once
	 * it has said so for a while, not the first time. */
	if (settled.outcome == PG_REFUSED && unknown &&
	    attempts < PAY_UNKNOWN_CHECKS)
		settled.outcome = PG_UNKNOWN;
	/* A part of a payment the gateway does not know: for a person. */
	if (settled.outcome == PG_REFUSED && !job->whole)
		settled.outcome = PG_FINAL;
	if (settled.outcome == PG_DONE && !job->whole)
		refund_settle_part(svc, &settled, row);
	else if (settled.outcome == PG_DONE || settled.outcome == PG_REFUSED)
		refund_settle_whole(svc, &settled, row, !unknown);
	else
		refund_again(svc, &settled, attempts, row);
	json_decref(row);
	json_decref(owed);
}

int
payment_refund(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *reason = "refunded by an administrator";
	int64_t order_id = 0;
	json_t *row;

	(void)req;
	if (wire_get_int(body, "order_id", 1, 1, INT64_MAX, &order_id,
	    err) != 0 || wire_get_str(body, "reason", 0, &reason, err) != 0)
		return -1;
	if ((row = payment_load(svc_db(svc), order_id)) == NULL)
		return wire_error_set(err, E_NOT_FOUND, "no payment for order "
		    "%lld", (long long)order_id);
	if (payment_row_is(row, "APPROVED")) {
		json_decref(row);
		if (payment_refund_owe(svc, order_id, reason, "APPROVED") != 0)
			return wire_error_set(err, E_INTERNAL, "the refund "
			    "could not be recorded");
		payment_refunds_run(svc, now_ms());
		row = payment_load(svc_db(svc), order_id);
	}
	if (payment_row_is(row, "REFUNDED") || payment_row_is(row, "REFUNDING"))
		*result = json_pack("{s:s, s:s, s:I}", "payment_id",
		    wire_str(row, "payment_id", NULL), "status", wire_str(row,
		    "status", NULL), "amount", (json_int_t)wire_int(row, "amount", 0));
	else
		wire_error_set(err, E_INVALID_STATE, "the payment of order "
		    "%lld is %s", (long long)order_id, row ? wire_str(row,
		    "status", NULL) : "gone");
	json_decref(row);
	return *result != NULL ? 0 : -1;
}
