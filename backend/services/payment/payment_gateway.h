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
	PG_UNKNOWN,     /* asked, but no clear answer (timeout, 5xx): it may
	                   have happened */
};

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
};

/* What to give back. Borrowed strings. */
struct pg_refund {
	const char *ref;      /* the charge: approve's ref (or the key) */
	int64_t amount;
	const char *reason;
	long timeout_ms;
};

struct payment_gateway {
	const char *name;
	int slow;             /* calls block on I/O: run them off the loop */
	char url[512];        /* HTTP: the gateway's base URL; else "" */
	const char *secret;   /* HTTP: sent as Basic auth user; may be NULL */
	/*
	 * Charge c. PG_DONE fills ref with the gateway's reference. Anything
	 * else fills err: payment_declined for PG_REFUSED,
	 * payment_unavailable otherwise.
	 */
	enum pg_outcome (*approve)(const struct payment_gateway *self,
	    const struct pg_charge *c, char ref[PG_REF_MAX],
	    struct wire_error *err);
	/* Give back r. PG_DONE or PG_REFUSED (nothing was charged) end the
	 * matter; PG_UNAVAILABLE and PG_UNKNOWN mean try again later (err
	 * says why). */
	enum pg_outcome (*refund)(const struct payment_gateway *self,
	    const struct pg_refund *r, struct wire_error *err);
};

/* Fill gw with the gateway cfg asks for: HTTP when cfg->pg_url is set,
 * else the built-in test gateway. Its strings live as long as cfg. */
void payment_gateway_init(struct payment_gateway *gw,
    const struct config *cfg);

/* Fill gw with the HTTP gateway at cfg->pg_url (payment_http.c). */
void payment_gateway_http(struct payment_gateway *gw,
    const struct config *cfg);

#endif
