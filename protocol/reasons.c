/*
 * reasons.c: the table of reason codes (see reasons.h).
 */
#include "reasons.h"

#include <string.h>

#include "util.h"

/* The texts are Korean msgids of the apps' catalogue (po/): marked for
 * xgettext here, translated where the apps show them. The services store
 * and send them as they are. */
#define N_(text) text

static const struct reason_code reasons[] = {
	{ "OUT_OF_ITEMS", N_("재료가 떨어졌어요"), REASON_BY_SHOP },
	{ "TOO_BUSY", N_("주문이 많아 지금은 조리가 어려워요"), REASON_BY_SHOP },
	{ "CLOSING_SOON", N_("곧 영업을 마감해요"), REASON_BY_SHOP },
	{ "OUT_OF_AREA", N_("배달할 수 없는 지역이에요"), REASON_BY_SHOP },
	{ "CUSTOMER_REQUEST", N_("고객 요청으로 취소했어요"),
	    REASON_BY_CUSTOMER },
	{ "PAYMENT_FAILED", N_("결제에 실패했어요"), REASON_BY_SYSTEM },
	{ "NOT_ACCEPTED_IN_TIME", N_("가게가 제시간에 접수하지 않았어요"),
	    REASON_BY_SYSTEM },
	{ REASON_OTHER, N_("기타"), REASON_BY_SHOP | REASON_BY_CUSTOMER },
};

const struct reason_code *
reason_find(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < ARRAY_LEN(reasons); i++)
		if (strcmp(reasons[i].code, code) == 0)
			return &reasons[i];
	return NULL;
}

const struct reason_code *
reason_for(const char *code, unsigned giver)
{
	const struct reason_code *r = reason_find(code);

	return r != NULL && (r->by & giver) != 0 ? r : NULL;
}

const struct reason_code *
reason_at(unsigned i)
{
	return i < ARRAY_LEN(reasons) ? &reasons[i] : NULL;
}
