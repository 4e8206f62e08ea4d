/*
 * payment.c: the payment service: a ledger of charges in its own SQLite,
 * one row per order, in front of a gateway (payment_gateway.h). The map
 * of its files is in payment_int.h.
 *
 * Row status: PENDING (the gateway is being asked), APPROVED, REFUNDING
 * (a refund is owed: a row in `refunds`, tried again with backoff until
 * the gateway settles it, so none is ever lost; payment_refund.c),
 * REFUNDED, VOID (nothing was charged: the order was given up before any
 * charge, or its charge came to nothing), RESOLVED (the gateway refused
 * the refund for good and an administrator settled it outside baedal;
 * payment_dead.c). PENDING_CANCEL is a PENDING whose order was given up
 * meanwhile: whatever the gateway answers is undone.
 *
 * approve is idempotent by order_id. Cancelled, rejected and abandoned
 * orders are refunded exactly once; one abandoned before its approve
 * arrived gets a VOID row, so that late approve is refused.
 *
 * A slow gateway (HTTP) is called from worker threads (worker.h), so the
 * service's loop never waits on the network: approve defers its reply and
 * the tick completes it. The built-in gateway is called inline. Both ways
 * end in the same completion functions (payment_job_finish).
 */
#include "payment_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank_account.h"
#include "card.h"
#include "util.h"
#include "worker.h"

#define PAY_DEADLINE_MARGIN_MS 110   /* approve timeout: under the order's */
#define PAY_TIMEOUT_MIN_MS 100
#define PAY_SWEEP_GRACE_MS 5000     /* PENDING past its deadline by this */
#define PAY_SWEEP_EVERY_MS 1000
#define PAY_APPROVE_THREADS 8
#define PAY_REFUND_THREADS 2

json_t *
payment_load(struct db *db, int64_t order_id)
{
	return db_row(db, "SELECT payment_id, order_id, amount, card_last4, "
	    "status, customer_id, shop_id, gateway, gateway_ref, reason, "
	    "created_at, updated_at, balance, virtual_account_json, "
	    "refund_account_json FROM "
	    "payments WHERE order_id = ?", "i", order_id);
}

int
payment_row_is(const json_t *row, const char *status)
{
	const char *s = wire_str(row, "status", NULL);

	return s != NULL && strcmp(s, status) == 0;
}

static const struct payment_gateway *
payment_gw(struct svc *svc)
{
	return &((struct payment_state *)svc_state(svc))->gw;
}

/* The approve call's timeout: configured, or a little under the order's
 * deadline, so an answer can still reach the order in time. */
static long
payment_timeout(const struct config *cfg)
{
	int64_t t = cfg->pg_timeout_ms > 0 ? cfg->pg_timeout_ms :
	    cfg->payment_deadline_ms - PAY_DEADLINE_MARGIN_MS;

	return (long)(t < PAY_TIMEOUT_MIN_MS ? PAY_TIMEOUT_MIN_MS : t);
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
	    "created_at, updated_at, deadline, balance) VALUES "
	    "(?,?,?,?,?,?,?,?,?,?,?,?,?)", "iisssssssiiii", order_id, amount,
	    last4, status, customer_id, shop_id, payment_gw(svc)->name, ref,
	    reason, now, now, now + payment_timeout(svc_config(svc)),
	    strcmp(status, "VOID") == 0 ? 0 : amount) != 1)
		return 0;
	id = db_last_id(db);
	if (db_do(db, "UPDATE payments SET payment_id = 'pay_' || id WHERE "
	    "id = ?", "i", id) != 1)
		return 0;
	return id;
}

int
payment_set_status(struct svc *svc, int64_t order_id, const char *status)
{
	return db_do(svc_db(svc), "UPDATE payments SET status = ?, "
	    "updated_at = ? WHERE order_id = ?", "sii", status, now_ms(),
	    order_id) == 1 ? 0 : -1;
}

/* The payment.approve answer for an APPROVED row. */
static json_t *
approve_result(const json_t *row)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:s}", "payment_id",
	    wire_str(row, "payment_id", NULL), "status", "APPROVED", "order_id",
	    (json_int_t)wire_int(row, "order_id", 0), "amount",
	    (json_int_t)wire_int(row, "amount", 0), "card_last4",
	    wire_str(row, "card_last4", NULL));
}

struct pay_job *
pay_job_new(struct svc *svc, enum pay_kind kind, int64_t order_id,
    int64_t amount)
{
	struct pay_job *job = xcalloc(1, sizeof *job);

	job->kind = kind;
	job->gw = payment_gw(svc);
	job->order_id = order_id;
	job->amount = amount;
	return job;
}

static void
pay_job_free(struct pay_job *job)
{
	free(job->card);
	free(job->customer_id);
	free(job->reason);
	free(job->deposit);
	free(job->account);
	free(job);
}

/* worker_run_fn: ask the gateway; runs on a pool thread for a slow one. */
static void
pay_job_run(void *arg)
{
	struct pay_job *job = arg;
	long left = job->timeout_ms;
	struct pg_charge c;
	struct pg_refund r;

	if (job->deadline != 0 && (left = (long)(job->deadline - mono_ms())) <
	    PAY_TIMEOUT_MIN_MS / 2) {
		wire_error_set(&job->err, E_PAYMENT_UNAVAILABLE, "the payment "
		    "gateway is busy; the request waited too long");
		job->outcome = PG_UNAVAILABLE;
	} else if (job->kind == PAY_APPROVE) {
		c = (struct pg_charge){ job->order_id, job->amount, job->card,
		    job->customer_id, job->key, left, job->deposit };
		job->outcome = job->gw->approve(job->gw, &c, job->ref,
		    &job->err);
	} else {
		r = (struct pg_refund){ job->key, job->idem, job->amount,
		    job->balance_after, job->recheck, job->reason, left,
		    job->account };
		job->outcome = job->gw->refund(job->gw, &r, job->code,
		    &job->err);
	}
}

static int payment_job_finish(struct svc *svc, struct pay_job *job,
    json_t **result, struct wire_error *err);

/* After the commit: hand the job to its worker pool; if the transaction
 * was undone, the job never happens (a deferred approve is answered). */
static void
pay_job_submit(struct svc *svc, void *arg, int committed)
{
	struct payment_state *st = svc_state(svc);
	struct pay_job *job = arg;
	struct wire_error err;

	if (!committed) {
		if (job->req != NULL) {
			wire_error_set(&err, E_INTERNAL, "the payment could not "
			    "be recorded");
			svc_req_finish(svc, job->req, NULL, &err);
		}
		pay_job_free(job);
		return;
	}
	if (st->pools[job->kind] == NULL)
		st->pools[job->kind] = job->kind == PAY_APPROVE ?
		    svc_pool_new(svc, "payment-pg", PAY_APPROVE_THREADS,
		    pay_job_run) : svc_pool_new(svc, "payment-refund",
		    PAY_REFUND_THREADS, pay_job_run);
	worker_pool_submit(st->pools[job->kind], job);
}

int
pay_job_start(struct svc *svc, struct pay_job *job, json_t **result,
    struct wire_error *err)
{
	if (!job->gw->slow) {
		pay_job_run(job);
		return payment_job_finish(svc, job, result, err);
	}
	/* The gateway is asked only once the ledger row that names this
	 * call is durable: a crash before then leaves no charge behind.
	 * With a lease, durable means in the log (payment.pending): a
	 * replica that takes over rebuilds the row and settles the call. */
	if (job->kind == PAY_APPROVE && svc_leased(svc))
		svc_after_published(svc, pay_job_submit, job);
	else
		svc_after_commit(svc, pay_job_submit, job);
	return 1;
}

/* ---- approve ------------------------------------------------------ */

/* The gateway answered an approve: APPROVED (then refunded at once if the
 * order was given up meanwhile), or no row (VOID when given up), or a
 * refund owed when the outcome is unknown. */
static int
payment_approve_done(struct svc *svc, const struct pay_job *job,
    json_t **result, struct wire_error *err)
{
	json_t *row = payment_load(svc_db(svc), job->order_id);
	int given_up = payment_row_is(row, "PENDING_CANCEL");
	char reason[256];
	int rc = -1;

	snprintf(reason, sizeof reason, "%s", given_up &&
	    wire_str(row, "reason", NULL) ? wire_str(row, "reason", NULL) :
	    "approve: no clear answer from the gateway");
	if (!given_up && !payment_row_is(row, "PENDING")) {
		log_error("payment of order %lld: an approve answer for a %s "
		    "row", (long long)job->order_id, row ? wire_str(row,
		    "status", NULL) : "missing");
		wire_error_set(err, E_INTERNAL, "the payment changed meanwhile");
		/* The card was charged all the same: that is owed back. */
		if (job->outcome == PG_DONE && row != NULL &&
		    !payment_row_is(row, "REFUNDED") && payment_refund_owe(svc,
		    job->order_id, "approved after it was settled",
		    "UNKNOWN") == 0)
			payment_refunds_run(svc, now_ms());
	} else if (job->outcome == PG_WAITING) {
		rc = payment_deposit_wait(svc, job, given_up, reason, result,
		    err);
	} else if (job->outcome == PG_DONE) {
		json_decref(row);
		row = NULL;
		if (db_do(svc_db(svc), "UPDATE payments SET status = 'APPROVED',"
		    " gateway_ref = ?, updated_at = ? WHERE order_id = ?", "sii",
		    job->ref, now_ms(), job->order_id) != 1 ||
		    (row = payment_load(svc_db(svc), job->order_id)) == NULL ||
		    svc_emit(svc, "payment.approved", job->order_id,
		    wire_str(row, "shop_id", NULL), wire_str(row, "customer_id", NULL),
		    json_pack("{s:s, s:I, s:s, s:s?, s:s}", "payment_id",
		    wire_str(row, "payment_id", NULL), "amount",
		    (json_int_t)job->amount, "card_last4", wire_str(row,
		    "card_last4", NULL), "gateway", wire_str(row, "gateway",
		    NULL), "gateway_ref", job->ref)) != 0)
			wire_error_set(err, E_INTERNAL, "the payment could not "
			    "be recorded");
		else if (given_up && (payment_refund_owe(svc, job->order_id,
		    reason, "APPROVED") != 0))
			wire_error_set(err, E_INTERNAL, "the refund could not "
			    "be recorded");
		else
			rc = 0;
		if (rc == 0)
			*result = approve_result(row);
		if (given_up)
			payment_refunds_run(svc, now_ms());
	} else if (job->outcome == PG_UNKNOWN) {
		*err = job->err;
		if (payment_refund_owe(svc, job->order_id, reason, "UNKNOWN") ==
		    0)
			payment_refunds_run(svc, now_ms());
	} else {
		*err = job->err;
		if (given_up)
			payment_set_status(svc, job->order_id, "VOID");
		else
			db_do(svc_db(svc), "DELETE FROM payments WHERE "
			    "order_id = ?", "i", job->order_id);
		/* Announced as pending: nothing was charged, say so, or the
		 * replica that takes over would ask the gateway to be sure. */
		if (svc_leased(svc) && job->gw->slow)
			svc_emit(svc, "payment.failed", job->order_id,
			    wire_str(row, "shop_id", NULL), wire_str(row,
			    "customer_id", NULL), json_pack("{s:s, s:s}",
			    "payment_id", wire_str(row, "payment_id", ""),
			    "code", err->code[0] ? err->code :
			    E_PAYMENT_UNAVAILABLE));
	}
	json_decref(row);
	return rc;
}

/* Complete job (freed): an approve's answer in *result or err (0 / -1);
 * a refund always 0. */
static int
payment_job_finish(struct svc *svc, struct pay_job *job, json_t **result,
    struct wire_error *err)
{
	int rc = 0;

	if (job->kind == PAY_APPROVE)
		rc = payment_approve_done(svc, job, result, err);
	else
		payment_refund_done(svc, job);
	pay_job_free(job);
	return rc;
}

static int
payment_approve(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *card = NULL, *customer = NULL, *shop = NULL, *bank = NULL;
	const char *method = "card";
	const json_t *account = NULL;
	int64_t order_id = 0, amount = 0;
	struct pay_job *job;
	char last4[5] = "", nonce[9];
	json_t *row;
	int va;

	if (wire_get_int(body, "order_id", 1, 1, INT64_MAX, &order_id,
	    err) != 0 || wire_get_int(body, "amount", 1, 0,
	    PAYMENT_MAX_AMOUNT, &amount, err) != 0 ||
	    wire_get_str(body, "method", 0, &method, err) != 0)
		return -1;
	if ((va = strcmp(method, "virtual_account") == 0) == 0 &&
	    strcmp(method, "card") != 0)
		return wire_error_set(err, E_BAD_REQUEST, "method: card or "
		    "virtual_account");
	if ((!va && (wire_get_str(body, "card", 1, &card, err) != 0 ||
	    card_check(card, err) != 0)) ||
	    wire_get_id(body, "customer_id", 1, &customer, err) != 0 ||
	    wire_get_id(body, "shop_id", 1, &shop, err) != 0 ||
	    (va && (bank_account_get(body, "refund_account", 0, &account,
	    err) != 0 || wire_get_str(body, "bank", 0, &bank, err) != 0)))
		return -1;
	if (bank != NULL && bank_name(bank) == NULL)
		return wire_error_set(err, E_BAD_REQUEST, "bank: not a bank "
		    "code baedal knows");
	if ((row = payment_load(svc_db(svc), order_id)) != NULL) {
		/* The same order again: only the very same payment is the
		 * same answer; anything else is a mix-up, never a charge. */
		if (wire_int(row, "amount", 0) != amount ||
		    strcmp(wire_str(row, "customer_id", NULL), customer) != 0)
			wire_error_set(err, E_CONFLICT, "order %lld already has "
			    "a different payment", (long long)order_id);
		else if (payment_row_is(row, "APPROVED"))
			*result = approve_result(row);
		else if (payment_row_is(row, "PENDING"))
			wire_error_set(err, E_CONFLICT, "the payment of order "
			    "%lld is being approved", (long long)order_id);
		else
			wire_error_set(err, E_INVALID_STATE, "the payment of "
			    "order %lld is %s", (long long)order_id,
			    wire_str(row, "status", NULL));
		json_decref(row);
		return *result != NULL ? 0 : -1;
	}
	job = pay_job_new(svc, PAY_APPROVE, order_id, amount);
	random_hex(nonce, 4);
	snprintf(job->key, sizeof job->key, "bdl-%lld-%s", (long long)order_id,
	    nonce);
	job->card = card ? xstrdup(card) : NULL;
	job->deposit = va ? xcalloc(1, sizeof *job->deposit) : NULL;
	if (bank != NULL)
		snprintf(job->deposit->bank_code, sizeof job->deposit->bank_code,
		    "%s", bank);
	job->customer_id = xstrdup(customer);
	job->timeout_ms = payment_timeout(svc_config(svc));
	job->deadline = mono_ms() + job->timeout_ms;
	job->req = req;
	if (card != NULL)
		card_last4(card, last4);
	if (payment_insert(svc, order_id, amount, last4, "PENDING", customer,
	    shop, job->key, NULL) == 0) {
		pay_job_free(job);
		return wire_error_set(err, E_INTERNAL, "the payment could not "
		    "be recorded");
	}
	if (account != NULL && db_do(svc_db(svc), "UPDATE payments SET "
	    "refund_account_json = ? WHERE order_id = ?", "ji", account,
	    order_id) != 1) {
		pay_job_free(job);
		return wire_error_set(err, E_INTERNAL, "the payment could not "
		    "be recorded");
	}
	if (svc_leased(svc) && job->gw->slow && payment_announce_pending(svc,
	    order_id) != 0) {
		pay_job_free(job);
		return wire_error_set(err, E_INTERNAL, "the payment could not "
		    "be recorded");
	}
	return pay_job_start(svc, job, result, err);
}

int
payment_announce_pending(struct svc *svc, int64_t order_id)
{
	json_t *row = payment_load(svc_db(svc), order_id);
	int rc = -1;

	if (row != NULL)
		rc = svc_emit(svc, "payment.pending", order_id, wire_str(row,
		    "shop_id", NULL), wire_str(row, "customer_id", NULL),
		    json_pack("{s:s, s:I, s:s?, s:s, s:s, s:I}", "payment_id",
		    wire_str(row, "payment_id", ""), "amount", (json_int_t)
		    wire_int(row, "amount", 0), "card_last4", wire_str(row,
		    "card_last4", NULL), "gateway", wire_str(row, "gateway", ""),
		    "gateway_ref", wire_str(row, "gateway_ref", ""), "deadline",
		    (json_int_t)db_int(svc_db(svc), 0, "SELECT deadline FROM "
		    "payments WHERE order_id = ?", "i", order_id)));
	json_decref(row);
	return rc;
}

/* An order ended without being fulfilled: refund its payment once, or
 * void the order so a late approve is refused. Lines the shop could not
 * make: refund their part (payment_partial.c). */
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
	if (strncmp(type, "payment.", 8) == 0)
		return payment_log_apply(svc, event, err);
	if (strcmp(type, "order.lines_removed") == 0)
		return payment_lines_removed(svc, event, err);
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
	} else if (payment_row_is(row, "APPROVED")) {
		if (payment_refund_owe(svc, order_id, reason, "APPROVED") != 0)
			rc = wire_error_set(err, E_INTERNAL, "cannot refund "
			    "order %lld", (long long)order_id);
		else
			payment_refunds_run(svc, now_ms());
	} else if (payment_row_is(row, "PENDING")) {
		if (db_do(svc_db(svc), "UPDATE payments SET status = "
		    "'PENDING_CANCEL', reason = ?, updated_at = ? WHERE "
		    "order_id = ?", "sii", reason, now_ms(), order_id) != 1)
			rc = wire_error_set(err, E_INTERNAL, "cannot give up "
			    "order %lld", (long long)order_id);
	} else if (payment_row_is(row, "AWAITING_DEPOSIT") &&
	    payment_deposit_abandon(svc, order_id, reason) != 0) {
		rc = wire_error_set(err, E_INTERNAL, "cannot give up order %lld",
		    (long long)order_id);
	}
	json_decref(row);
	return rc;
}

/* The ledger row as payment.get shows it: the refund account's number
 * masked. */
static json_t *
payment_load_shown(struct db *db, int64_t order_id)
{
	json_t *row = payment_load(db, order_id), *acct;

	if (row != NULL && (acct = json_object_get(row, "refund_account")) !=
	    NULL)
		json_object_set_new(row, "refund_account",
		    bank_account_masked(acct));
	return row;
}

static int
payment_get(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	(void)req;
	return svc_get_by_order(svc, body, payment_load_shown, "payment",
	    result, err);
}

static const struct svc_method payment_methods[] = {
	{ "approve", payment_approve, SVC_WRITE, "service" },
	{ "refund", payment_refund, SVC_WRITE, "service admin" },
	{ "refund_partial", payment_refund_partial, SVC_WRITE,
	  "service admin" },
	{ "dead", payment_dead_list, 0, "admin" },
	{ "retry", payment_dead_retry, SVC_WRITE, "admin" },
	{ "resolve", payment_dead_resolve, SVC_WRITE, "admin" },
	{ "refund_account", payment_refund_account_set, SVC_WRITE, "admin" },
	{ "get", payment_get, 0, "service admin" },
};

static const char *const payment_consumes[] = { "payment.",
	"order.cancelled", "order.rejected", "order.payment_abandoned",
	"order.lines_removed", NULL };

/* Its own events: the ledger it announced (payment_log.c). */
static const char *const payment_own[] = { "payment.", NULL };

/*
 * Approvals left PENDING past their deadline (and a grace) have no one
 * waiting for them any more: the process that asked stopped, or its
 * answer never came. Each is owed a cancel, to be sure nothing stays
 * charged. Rows whose deadline has not passed may still be answered (by
 * this process or by another on the same ledger) and are left alone.
 */
static void
payment_sweep(struct svc *svc, int64_t now)
{
	json_t *rows = db_rows(svc_db(svc), "SELECT order_id, reason FROM "
	    "payments WHERE status IN ('PENDING', 'PENDING_CANCEL') AND "
	    "coalesce(deadline, updated_at) < ? LIMIT 64", "i",
	    now - PAY_SWEEP_GRACE_MS), *row;
	size_t i;

	json_array_foreach(rows, i, row)
		payment_refund_owe(svc, wire_int(row, "order_id", 0),
		    wire_str(row, "reason", "interrupted while approving"),
		    "UNKNOWN");
	json_decref(rows);
}

/*
 * Complete the gateway calls the pools finished, sweep approvals nobody
 * waits for (about once a second), then ask for the refunds that are due.
 * On the first tick leases on cancels a previous run held are dropped.
 */
static void
payment_tick(struct svc *svc, int64_t now)
{
	struct payment_state *st = svc_state(svc);
	struct pay_job *job;
	struct svc_req *req;
	struct wire_error err;
	json_t *result;
	int k;

	if (!st->recovered) {
		st->recovered = 1;
		db_do(svc_db(svc), "UPDATE refunds SET next_at = ? WHERE state "
		    "= 'due'", "i", now);
	}
	for (k = 0; k < 2; k++)
		while (st->pools[k] != NULL &&
		    (job = worker_pool_take(st->pools[k])) != NULL) {
			req = job->req;
			result = NULL;
			err = (struct wire_error){ "", "", 0 };
			if (payment_job_finish(svc, job, &result, &err) == 0 &&
			    req != NULL)
				svc_req_finish(svc, req, result, NULL);
			else if (req != NULL)
				svc_req_finish(svc, req, NULL, &err);
		}
	if (now >= st->next_sweep) {
		st->next_sweep = now + PAY_SWEEP_EVERY_MS;
		payment_sweep(svc, now);
	}
	payment_deposits_run(svc, now);
	payment_refunds_run(svc, now);
}

/* svc_start_fn: what an earlier version's file lacks, and the gateway
 * the configuration names. */
static int
payment_start(struct svc *svc)
{
	struct payment_state *st = svc_state(svc);

	if (payment_migrate(svc) != 0 || payment_callback_start(svc) != 0)
		return -1;
	payment_gateway_init(&st->gw, svc_config(svc));
	return 0;
}

/* worker_pool_destroy's job release. */
static void
pay_job_drop(void *job)
{
	pay_job_free(job);
}

/* svc_stop_fn: join the pools' threads; jobs not taken back are dropped
 * (their ledger rows stay PENDING and the next start settles them). */
static void
payment_stop(struct svc *svc)
{
	struct payment_state *st = svc_state(svc);
	int k;

	payment_callback_stop(svc);
	for (k = 0; k < 2; k++)
		worker_pool_destroy(&st->pools[k], pay_job_drop);
}

const struct svc_def payment_service = {
	.name = "payment",
	.schema = payment_schema,
	.methods = payment_methods,
	.n_methods = ARRAY_LEN(payment_methods),
	.consumes = payment_consumes,
	.on_event = payment_on_event,
	.on_tick = payment_tick,
	.tick_ms = 10,
	.state_size = sizeof(struct payment_state),
	.start = payment_start,
	.stop = payment_stop,
	.own = payment_own,
	.reply_after_log = 1,
};
