/*
 * bank_account.c: refund accounts and bank codes (see bank_account.h).
 */
#include "bank_account.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

/* Toss Payments' bank codes (the ones a refund account may name). */
static const struct {
	const char *code, *name;
} bank_codes[] = {
	{ "02", "KDB산업" }, { "03", "IBK기업" }, { "06", "KB국민" },
	{ "07", "Sh수협" }, { "11", "NH농협" }, { "12", "단위농협" },
	{ "20", "우리" }, { "23", "SC제일" }, { "27", "씨티" },
	{ "31", "iM뱅크" }, { "32", "부산" }, { "34", "광주" },
	{ "35", "제주" }, { "37", "전북" }, { "39", "경남" },
	{ "45", "새마을" }, { "48", "신협" }, { "50", "저축은행" },
	{ "64", "산림조합" }, { "71", "우체국" }, { "81", "하나" },
	{ "88", "신한" }, { "89", "케이뱅크" }, { "90", "카카오뱅크" },
	{ "92", "토스뱅크" },
};

const char *
bank_name(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < ARRAY_LEN(bank_codes); i++)
		if (strcmp(bank_codes[i].code, code) == 0)
			return bank_codes[i].name;
	return NULL;
}

/* Characters (UTF-8 code points) in s, which is valid UTF-8; -1 when it
 * has a control character. */
static long
holder_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long n = 0;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return -1;
		if ((*p & 0xC0) != 0x80)
			n++;
	}
	return n;
}

int
bank_account_get(const json_t *obj, const char *name, int required,
    const json_t **out, struct wire_error *err)
{
	json_t *acct = NULL;
	const char *bank = NULL, *number = NULL, *holder = NULL;
	char why[sizeof err->message];
	size_t digits;
	long chars;

	*out = NULL;
	if (wire_get_object(obj, name, required, &acct, err) != 0)
		return -1;
	if (acct == NULL)
		return 0;
	if (wire_get_str(acct, "bank", 1, &bank, err) != 0 ||
	    wire_get_str(acct, "account_number", 1, &number, err) != 0 ||
	    wire_get_str(acct, "holder_name", 1, &holder, err) != 0) {
		snprintf(why, sizeof why, "%s", err->message);
		return wire_error_set(err, E_BAD_REQUEST, "%s: %s", name, why);
	}
	if (bank_name(bank) == NULL)
		return wire_error_set(err, E_BAD_REQUEST, "%s.bank: not a bank "
		    "code baedal knows (\"88\" 신한, \"20\" 우리, \"06\" KB국민, "
		    "...)", name);
	digits = strspn(number, "0123456789");
	if (number[digits] != '\0' || digits < BANK_NUMBER_MIN ||
	    digits > BANK_NUMBER_MAX)
		return wire_error_set(err, E_BAD_REQUEST, "%s.account_number: "
		    "%d to %d digits, nothing else", name, BANK_NUMBER_MIN,
		    BANK_NUMBER_MAX);
	chars = holder_chars(holder);
	if (chars < 1 || chars > BANK_HOLDER_MAX)
		return wire_error_set(err, E_BAD_REQUEST, "%s.holder_name: 1 to "
		    "%d characters, no control characters", name,
		    BANK_HOLDER_MAX);
	*out = acct;
	return 0;
}

void
bank_account_mask(const char *number, char out[BANK_MASK_MAX])
{
	size_t n = number ? strlen(number) : 0, i;

	if (n >= BANK_MASK_MAX)
		n = BANK_MASK_MAX - 1;
	for (i = 0; i < n; i++)
		out[i] = i + 4 < n ? '*' : number[i];
	out[n] = '\0';
}

json_t *
bank_account_masked(const json_t *account)
{
	char masked[BANK_MASK_MAX];
	json_t *copy;

	if (!json_is_object(account))
		return json_null();
	copy = json_deep_copy(account);
	bank_account_mask(wire_str(account, "account_number", ""), masked);
	json_object_set_new(copy, "account_number", json_string(masked));
	return copy;
}
