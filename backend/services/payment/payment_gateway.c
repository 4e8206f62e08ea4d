/*
 * payment_gateway.c: choosing a gateway, and the built-in test gateway:
 * cards ending in 0002 are declined, every other card is approved, and
 * refunds always go through (PROTOCOL.md, "Test cards"). It issues no
 * virtual accounts.
 */
#include "payment_gateway.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

static enum pg_outcome
pg_test_approve(const struct payment_gateway *self, const struct pg_charge *c,
    char ref[PG_REF_MAX], struct wire_error *err)
{
	size_t n = c->card ? strlen(c->card) : 0;

	(void)self;
	if (c->deposit != NULL) {
		wire_error_set(err, E_PAYMENT_DECLINED, "the built-in test "
		    "gateway has no virtual accounts (use --pg-url)");
		return PG_REFUSED;
	}
	if (n >= 4 && strcmp(c->card + n - 4, "0002") == 0) {
		wire_error_set(err, E_PAYMENT_DECLINED, "the card was declined");
		return PG_REFUSED;
	}
	snprintf(ref, PG_REF_MAX, "test-%lld", (long long)c->order_id);
	return PG_DONE;
}

static enum pg_outcome
pg_test_refund(const struct payment_gateway *self, const struct pg_refund *r,
    char code[PG_CODE_MAX], struct wire_error *err)
{
	(void)self;
	(void)r;
	(void)err;
	code[0] = '\0';
	return PG_DONE;
}

static const struct payment_gateway pg_test = {
	.name = "test",
	.approve = pg_test_approve,
	.refund = pg_test_refund,
};

void
payment_gateway_init(struct payment_gateway *gw, const struct config *cfg)
{
	if (cfg->pg_url != NULL)
		payment_gateway_http(gw, cfg);
	else
		*gw = pg_test;
}
