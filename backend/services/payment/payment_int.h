/*
 * payment_int.h: what the payment service's files share.
 *
 *   payment.c           the service table, approve, order events, sweep,
 *                       tick; gateway jobs (pay_job_*)
 *   payment_refund.c    refunds owed: the queue, each answer, refund
 *   payment_partial.c   refund_partial: a part of a payment given back;
 *                       the part of lines a shop could not make
 *   payment_dead.c      the dead-letter queue of refunds refused for good
 *                       and the admin's methods (dead, retry, resolve)
 *   payment_account.c   a virtual account's refund account, replaced by
 *                       the admin (refund_account)
 *   payment_deposit.c   virtual accounts: waiting for the deposit, the
 *                       gateway's DEPOSIT_CALLBACKs, expiry
 *   payment_callback.c  the HTTP receiver of those callbacks
 *   payment_schema.c    the tables and the migration from earlier files
 *   payment_gateway.c   the built-in test gateway
 *   payment_http.c      the HTTP (Toss-style) gateway
 *   payment_classify.c  what a Toss-style answer means
 */
#ifndef BAEDAL_PAYMENT_INT_H
#define BAEDAL_PAYMENT_INT_H

#include <stdint.h>

#include "payment_gateway.h"
#include "svc.h"

#define PAYMENT_MAX_AMOUNT 1000000000000LL /* won */

enum pay_kind { PAY_APPROVE, PAY_REFUND };

/* One gateway call, with everything it needs (it may run on a worker
 * thread) and its outcome. Strings owned. */
struct pay_job {
	enum pay_kind kind;
	const struct payment_gateway *gw;
	struct svc_req *req;         /* approve, deferred: its request */
	int64_t order_id, amount;    /* refund: cancelAmount, 0: it all */
	int64_t refund_id;           /* refund: its row */
	int whole;                   /* refund: of the whole balance */
	int64_t balance_after;       /* refund: the balance once it landed */
	int recheck;                 /* refund: read the payment first */
	char *card, *customer_id, *reason;
	struct pg_deposit *deposit;  /* approve by virtual account, else NULL */
	struct pg_account *account;  /* refund: refundReceiveAccount, or NULL */
	char key[PG_REF_MAX];        /* approve: our key; refund: the ref */
	char idem[PG_REF_MAX + 16];  /* refund: its Idempotency-Key */
	long timeout_ms;
	int64_t deadline;            /* mono_ms; 0: none */
	enum pg_outcome outcome;
	char ref[PG_REF_MAX];        /* approve, PG_DONE: the reference */
	char code[PG_CODE_MAX];      /* refund: the gateway's error code */
	struct wire_error err;
};

struct payment_receiver;

/* The service's state (svc_state): its gateway, and the pools a slow
 * gateway's calls run on (approvals never wait behind refunds), made on
 * first use and destroyed at stop. */
struct payment_state {
	struct payment_gateway gw;
	struct worker_pool *pools[2];
	int recovered;               /* the first tick's recovery is done */
	struct payment_receiver *receiver; /* DEPOSIT_CALLBACK, or NULL */
	int64_t next_sweep;          /* wall-clock ms of the next sweep */
};

/*
 * An approve by virtual account came back PG_WAITING: the row waits for
 * the deposit (AWAITING_DEPOSIT, with the account and the callback's
 * secret), answered as such; when the order was given up meanwhile the
 * account is cancelled instead. Returns 0 with *result, or -1 with err.
 */
int payment_deposit_wait(struct svc *svc, const struct pay_job *job,
    int given_up, const char *reason, json_t **result,
    struct wire_error *err);

/* The order of a payment waiting for its deposit ended (given up,
 * cancelled): VOID and payment.deposit_expired, so a deposit that comes
 * all the same is refunded. Nothing for any other payment. 0 / -1. */
int payment_deposit_abandon(struct svc *svc, int64_t order_id,
    const char *why);

/* Inside the tick: apply the DEPOSIT_CALLBACKs the receiver stored, and
 * expire the accounts past their due date. */
void payment_deposits_run(struct svc *svc, int64_t now);

/* The receiver of DEPOSIT_CALLBACKs (payment_callback.c): listen on
 * 127.0.0.1:cfg->pg_callback_port when it is set, storing each callback
 * in this service's database file. 0, or -1 (logged). */
int payment_callback_start(struct svc *svc);
void payment_callback_stop(struct svc *svc);

/* payment_schema.c: the tables (for svc_def.schema). */
extern const char payment_schema[];

/* Bring a file an earlier version made up to the current tables, in one
 * transaction (a second process finds it done). 0 / -1. */
int payment_migrate(struct svc *svc);

/* The ledger row of order_id (the caller's), or NULL. */
json_t *payment_load(struct db *db, int64_t order_id);

/* 1 when row's status is status. */
int payment_row_is(const json_t *row, const char *status);

/* Set the status of order_id's row. 0 / -1. */
int payment_set_status(struct svc *svc, int64_t order_id,
    const char *status);

/* A new job of kind for order_id (the caller's, or pay_job_start's). */
struct pay_job *pay_job_new(struct svc *svc, enum pay_kind kind,
    int64_t order_id, int64_t amount);

/*
 * Ask the gateway: inline (and complete: returns payment_job_finish's 0
 * or -1), or for a slow gateway on a pool thread once the transaction is
 * durable (returns 1; the tick completes it). job is stolen.
 */
int pay_job_start(struct svc *svc, struct pay_job *job, json_t **result,
    struct wire_error *err);

/*
 * The whole charge of order_id is owed back: REFUNDING, and a refund row
 * (unless one for the whole balance is owed already). was is "APPROVED"
 * (payment.approved went out, so payment.refunded will) or "UNKNOWN" (an
 * approve with no clear answer: cancel to be sure). 0 / -1.
 */
int payment_refund_owe(struct svc *svc, int64_t order_id, const char *reason,
    const char *was);

/* Owe a refund of amount (0: the whole balance) of the payment row (as
 * payment_load gives it): a new refunds row with the next key of that
 * payment and request_key (may be NULL). Its id, or 0. */
int64_t payment_refund_insert(struct svc *svc, const json_t *row,
    int64_t amount, const char *was, const char *reason,
    const char *request_key);

/* Ask the gateway for the refunds that are due: one at a time per
 * payment, a few at a time in all for a slow gateway, each leased so it
 * is not sent twice at once. */
void payment_refunds_run(struct svc *svc, int64_t now);

/* A cancel came back (job->outcome): settle, try again later, or
 * dead-letter it. */
void payment_refund_done(struct svc *svc, const struct pay_job *job);

/* payment.refund (payment_refund.c) and payment.refund_partial
 * (payment_partial.c), svc_method_fns. */
int payment_refund(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
int payment_refund_partial(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);

/* Apply order.lines_removed: owe a partial refund of data.amount (never
 * more than what is left), once per order and data.removal (the refund's
 * request key), when the payment is APPROVED (else logged, nothing). 0,
 * or -1 with err. */
int payment_lines_removed(struct svc *svc, const json_t *event,
    struct wire_error *err);

/* Record refund refund_id (of order_id) as refused for good: a new open
 * dead letter with the gateway's code and message. 0 / -1. */
int payment_dead_add(struct svc *svc, int64_t refund_id, int64_t order_id,
    const char *code, const char *message);

/* Announce order_id's PENDING row as payment.pending (a process with a
 * lease, before it asks the gateway: a replica that takes over finds the
 * approve in flight and settles it). 0 / -1. */
int payment_announce_pending(struct svc *svc, int64_t order_id);

/* payment_log.c: apply a payment.* event this replica did not make (a
 * sibling's, or any while its ledger is rebuilt from the log): pending,
 * approved, refunded, partially_refunded; one applied already changes
 * nothing. 0,
 * or -1 with err. */
int payment_log_apply(struct svc *svc, const json_t *event,
    struct wire_error *err);

/* payment.dead, payment.retry, payment.resolve (admin; svc_method_fn). */
int payment_dead_list(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);
int payment_dead_retry(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);
int payment_dead_resolve(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);

/* payment.refund_account {order_id, refund_account} (admin;
 * svc_method_fn): replace the refund account of a payment by virtual
 * account (not_found, invalid_state for another payment, bad_request for
 * a bad account); answers it masked. */
int payment_refund_account_set(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);

#endif
