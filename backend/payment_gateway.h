/*
 * payment_gateway.h: the card gateway behind the payment service, as a
 * small table of functions, so another one (HTTP) is one more file and
 * one more line in payment_gateway_get.
 */
#ifndef BAEDAL_PAYMENT_GATEWAY_H
#define BAEDAL_PAYMENT_GATEWAY_H

#include <stdint.h>

#include "config.h"
#include "wire.h"

#define PG_REF_MAX 65 /* a gateway's transaction reference, with its NUL */

/* What to charge. Borrowed strings. */
struct pg_charge {
	int64_t order_id;
	int64_t amount;     /* won */
	const char *card;   /* 12..19 digits, already checked */
	const char *customer_id;
};

struct payment_gateway {
	const char *name;
	/*
	 * Charge c. Returns 0 and fills ref with the gateway's reference,
	 * or -1 with err: payment_declined (the gateway said no) or
	 * payment_unavailable (it could not be asked; nothing charged).
	 */
	int (*approve)(const struct payment_gateway *self,
	    const struct pg_charge *c, char ref[PG_REF_MAX],
	    struct wire_error *err);
	/* Give back amount of the charge ref. Returns 0, or -1 with err
	 * (payment_unavailable: try again later). */
	int (*refund)(const struct payment_gateway *self, const char *ref,
	    int64_t amount, struct wire_error *err);
};

/* The gateway cfg asks for (the built-in test gateway when cfg->pg_url
 * is NULL). Borrowed, static. */
const struct payment_gateway *payment_gateway_get(const struct config *cfg);

#endif
