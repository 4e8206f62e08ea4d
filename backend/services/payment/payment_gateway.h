/*
 * payment_gateway.h: the card gateway behind the payment service, as a
 * small table of functions, so another one is one more file and one more
 * line in payment_gateway_get. Two exist: the built-in test gateway
 * (payment_gateway.c) and an HTTP one shaped like Toss Payments'
 * confirm/cancel API (payment_http.c).
 *
 * The functions are called from a worker thread when the gateway is
 * `slow` (they block on the network), so they must not touch the
 * service: everything they need is in their arguments.
 */
#ifndef BAEDAL_PAYMENT_GATEWAY_H
#define BAEDAL_PAYMENT_GATEWAY_H

#include <stdint.h>

#include "config.h"
#include "wire.h"

#define PG_REF_MAX 65 /* a gateway's transaction reference, with its NUL */

/* What a gateway call came to. */
enum pg_outcome {
	PG_DONE,        /* approved / refunded */
	PG_REFUSED,     /* approve: declined, nothing charged; refund:
	                   the gateway knows no such charge (nothing to give
	                   back) */
	PG_UNAVAILABLE, /* the gateway was not reached: nothing happened */
	PG_UNKNOWN,     /* asked, but no clear answer (timeout, 5xx, a
	                   transient error code): it may have happened */
	PG_INFLIGHT,    /* refund: the gateway is still at work on this
	                   payment (IDEMPOTENT_REQUEST_PROCESSING,
	                   FORBIDDEN_CONSECUTIVE_REQUEST): read the payment
	                   again before any new cancel */
	PG_FINAL,       /* refund: refused for good (NOT_CANCELABLE_PAYMENT,
	                   ...): a person must look at it */
	PG_WAITING,     /* approve, virtual account: issued, waiting for the
	                   customer's deposit (pg_deposit says where) */
};

/* A virtual account the gateway issued (approve's PG_WAITING). */
struct pg_deposit {
	char bank_code[8];    /* asked for: a bank code, or "" */
	char bank[32];
	char account[48];
	char due[40];         /* the gateway's dueDate, as it wrote it */
	int64_t due_ms;       /* the same in ms since the epoch; 0: unknown */
	char secret[80];      /* DEPOSIT_CALLBACK carries it back */
};

#define PG_CODE_MAX 48 /* a gateway's error code, with its NUL */

/* What to charge. Borrowed strings. */
struct pg_charge {
	int64_t order_id;
	int64_t amount;       /* won */
	const char *card;     /* 12..19 digits, already checked */
	const char *customer_id;
	const char *key;      /* our payment key: the gateway's paymentKey and
	                         idempotency key; a refund of an unknown
	                         outcome cancels it */
	long timeout_ms;      /* the whole call, at most */
	struct pg_deposit *deposit; /* non-NULL: by virtual account (card
	                         NULL); PG_WAITING fills it */
};

/* Where the refund of a deposit goes (Toss's refundReceiveAccount). */
struct pg_account {
	char bank[8];         /* a bank code */
	char number[24];
	char holder[256];
};

/* What to give back. Borrowed strings. */
struct pg_refund {
	const char *ref;      /* the charge: approve's ref (or the key) */
	const char *idem_key; /* this cancel's Idempotency-Key */
	int64_t amount;       /* cancelAmount; 0: the whole balance */
	int64_t balance_after;/* the payment's balance once this cancel has
	                         landed (0 for a whole one) */
	int recheck;          /* read the payment first: when it shows this
	                         cancel landed, it is done without a new one */
	const char *reason;
	long timeout_ms;
	const struct pg_account *account; /* a virtual account's: sent as
	                         refundReceiveAccount; NULL: none */
};

struct payment_gateway {
	const char *name;
	int slow;             /* calls block on I/O: run them off the loop */
	char url[512];        /* HTTP: the gateway's base URL; else "" */
	const char *secret;   /* HTTP: sent as Basic auth user; may be NULL */
	/*
	 * Charge c. PG_DONE fills ref with the gateway's reference;
	 * PG_WAITING (c->deposit set) fills ref and *c->deposit. Anything
	 * else fills err: payment_declined for PG_REFUSED,
	 * payment_unavailable otherwise.
	 */
	enum pg_outcome (*approve)(const struct payment_gateway *self,
	    const struct pg_charge *c, char ref[PG_REF_MAX],
	    struct wire_error *err);
	/*
	 * Give back r. PG_DONE or PG_REFUSED (nothing was charged) end the
	 * matter; PG_UNAVAILABLE and PG_UNKNOWN mean try again later,
	 * PG_INFLIGHT the same with r->recheck set, PG_FINAL never without a
	 * person (err says why, code the gateway's error code or "").
	 */
	enum pg_outcome (*refund)(const struct payment_gateway *self,
	    const struct pg_refund *r, char code[PG_CODE_MAX],
	    struct wire_error *err);
};

/* Fill gw with the gateway cfg asks for: HTTP when cfg->pg_url is set,
 * else the built-in test gateway. Its strings live as long as cfg. */
void payment_gateway_init(struct payment_gateway *gw,
    const struct config *cfg);

/* What a Toss-style answer means, by its HTTP status and error code. */
enum pg_class {
	PG_CLASS_OK,        /* 2xx */
	PG_CLASS_CANCELED,  /* ALREADY_CANCELED_PAYMENT: a cancel is done */
	PG_CLASS_NOT_FOUND, /* 404 NOT_FOUND_PAYMENT */
	PG_CLASS_FINAL,     /* refused for good (and any unknown 4xx) */
	PG_CLASS_INFLIGHT,  /* the gateway is at work on it: read again */
	PG_CLASS_TRANSIENT, /* 408, 429, 5xx, PROVIDER_ERROR, ... */
};

/* Classify an answer: status is the HTTP status, code the answer's
 * "code" member (NULL when none). Pure; see payment_classify.c. */
enum pg_class pg_classify(long status, const char *code);

/* Fill gw with the HTTP gateway at cfg->pg_url (payment_http.c). */
void payment_gateway_http(struct payment_gateway *gw,
    const struct config *cfg);

#endif
