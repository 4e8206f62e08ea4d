/*
 * payment_classify.c: what a Toss-Payments-style answer means
 * (payment_gateway.h, enum pg_class). The codes are Toss's own:
 *
 *   final      NOT_CANCELABLE_PAYMENT, NOT_CANCELABLE_AMOUNT,
 *              EXCEED_MAX_REFUND_DUE, INVALID_REFUND_ACCOUNT_INFO, and
 *              any other 4xx this table does not know
 *   done       ALREADY_CANCELED_PAYMENT
 *   in flight  IDEMPOTENT_REQUEST_PROCESSING (409),
 *              FORBIDDEN_CONSECUTIVE_REQUEST (403: a second cancel of one
 *              payment within a second; only the first is processed)
 *   transient  PROVIDER_ERROR, FAILED_INTERNAL_SYSTEM_PROCESSING, 408,
 *              429, 5xx
 * The code decides before the status, since Toss answers 403 for final
 * and in-flight codes alike.
 */
#include "payment_gateway.h"

#include <string.h>

#include "util.h"

static const struct {
	const char *code;
	enum pg_class class;
} pg_codes[] = {
	{ "ALREADY_CANCELED_PAYMENT", PG_CLASS_CANCELED },
	{ "NOT_FOUND_PAYMENT", PG_CLASS_NOT_FOUND },
	{ "NOT_CANCELABLE_PAYMENT", PG_CLASS_FINAL },
	{ "NOT_CANCELABLE_AMOUNT", PG_CLASS_FINAL },
	{ "EXCEED_MAX_REFUND_DUE", PG_CLASS_FINAL },
	{ "INVALID_REFUND_ACCOUNT_INFO", PG_CLASS_FINAL },
	{ "IDEMPOTENT_REQUEST_PROCESSING", PG_CLASS_INFLIGHT },
	{ "FORBIDDEN_CONSECUTIVE_REQUEST", PG_CLASS_INFLIGHT },
	{ "PROVIDER_ERROR", PG_CLASS_TRANSIENT },
	{ "FAILED_INTERNAL_SYSTEM_PROCESSING", PG_CLASS_TRANSIENT },
};

enum pg_class
pg_classify(long status, const char *code)
{
	size_t i;

	if (status >= 200 && status < 300)
		return PG_CLASS_OK;
	for (i = 0; code != NULL && i < ARRAY_LEN(pg_codes); i++)
		if (strcmp(pg_codes[i].code, code) == 0)
			return pg_codes[i].class;
	if (status == 404)
		return PG_CLASS_NOT_FOUND;
	if (status == 408 || status == 429 || status >= 500 || status < 400)
		return PG_CLASS_TRANSIENT;
	return PG_CLASS_FINAL;
}
