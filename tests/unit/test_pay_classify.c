/*
 * test_pay_classify.c: every Toss error code issue 17 names lands in its
 * class, the code decides before the status (403 is final or in flight),
 * and answers without a known code fall back on the status.
 */
#include "check.h"
#include "payment_gateway.h"

static void
is(long status, const char *code, enum pg_class want, const char *name)
{
	enum pg_class got = pg_classify(status, code);

	check(got == want, "%s (%ld %s): class %d, want %d", name, status,
	    code ? code : "-", (int)got, (int)want);
}

int
main(void)
{
	is(200, NULL, PG_CLASS_OK, "2xx is done");
	is(201, "WHATEVER", PG_CLASS_OK, "any 2xx is done, whatever it says");
	is(403, "NOT_CANCELABLE_PAYMENT", PG_CLASS_FINAL, "final");
	is(403, "NOT_CANCELABLE_AMOUNT", PG_CLASS_FINAL, "final");
	is(403, "EXCEED_MAX_REFUND_DUE", PG_CLASS_FINAL, "final");
	is(400, "INVALID_REFUND_ACCOUNT_INFO", PG_CLASS_FINAL, "final");
	is(400, "ALREADY_CANCELED_PAYMENT", PG_CLASS_CANCELED,
	    "already cancelled is done");
	is(409, "IDEMPOTENT_REQUEST_PROCESSING", PG_CLASS_INFLIGHT, "in flight");
	is(403, "FORBIDDEN_CONSECUTIVE_REQUEST", PG_CLASS_INFLIGHT,
	    "403 in flight, not final");
	is(400, "PROVIDER_ERROR", PG_CLASS_TRANSIENT, "a 400 that is transient");
	is(500, "FAILED_INTERNAL_SYSTEM_PROCESSING", PG_CLASS_TRANSIENT,
	    "transient");
	is(503, NULL, PG_CLASS_TRANSIENT, "5xx without a code");
	is(502, "SOMETHING_NEW", PG_CLASS_TRANSIENT, "5xx with an unknown code");
	is(408, NULL, PG_CLASS_TRANSIENT, "408");
	is(429, "TOO_MANY_REQUESTS", PG_CLASS_TRANSIENT, "429");
	is(404, "NOT_FOUND_PAYMENT", PG_CLASS_NOT_FOUND, "not found");
	is(404, NULL, PG_CLASS_NOT_FOUND, "404 without a code");
	is(400, "REJECT_CARD_PAYMENT", PG_CLASS_FINAL, "an unknown 4xx is final");
	is(401, "UNAUTHORIZED_KEY", PG_CLASS_FINAL, "a bad key is final");
	is(302, NULL, PG_CLASS_TRANSIENT, "a redirect is not an answer");
	return check_status();
}
