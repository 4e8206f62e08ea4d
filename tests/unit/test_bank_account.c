/*
 * test_bank_account.c: refund accounts of payments by virtual account
 * (backend/services/common/bank_account.c): bank codes from the fixed
 * list, 6-20 digits, a holder name of 1-60 characters (not bytes), each
 * mistake a bad_request naming the member; and the masked number.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "bank_account.h"
#include "check.h"

/* Check body's "refund_account"; 0 / -1, and the error's message. */
static int
account(const char *body_json, struct wire_error *err)
{
	json_t *body = json_loads(body_json, 0, NULL);
	const json_t *out = NULL;
	int rc;

	memset(err, 0, sizeof *err);
	rc = bank_account_get(body, "refund_account", 1, &out, err);
	check(rc != 0 || out != NULL, "a good account is handed out");
	json_decref(body);
	return rc;
}

static void
refused(const char *why, const char *body_json, const char *member)
{
	struct wire_error err;

	check(account(body_json, &err) == -1 && strcmp(err.code,
	    E_BAD_REQUEST) == 0 && strncmp(err.message, member,
	    strlen(member)) == 0, "%s: bad_request about %s (got %s: %s)", why,
	    member, err.code, err.message);
}

static void
test_check(void)
{
	struct wire_error err;
	char h60[60 * 3 + 1] = "", h61[61 * 3 + 1] = "", body[512];
	int i;

	check(account("{\"refund_account\": {\"bank\": \"20\", "
	    "\"account_number\": \"1002123456789\", \"holder_name\": "
	    "\"김민지\"}}", &err) == 0, "a good account (%s)", err.message);
	refused("absent", "{}", "missing member \"refund_account\"");
	refused("not an object", "{\"refund_account\": \"20\"}",
	    "member \"refund_account\"");
	refused("no bank", "{\"refund_account\": {\"account_number\": "
	    "\"1002123456789\", \"holder_name\": \"김\"}}", "refund_account:");
	refused("unknown bank", "{\"refund_account\": {\"bank\": \"99\", "
	    "\"account_number\": \"1002123456789\", \"holder_name\": \"김\"}}",
	    "refund_account.bank");
	refused("dashes", "{\"refund_account\": {\"bank\": \"20\", "
	    "\"account_number\": \"1002-123456\", \"holder_name\": \"김\"}}",
	    "refund_account.account_number");
	refused("5 digits", "{\"refund_account\": {\"bank\": \"20\", "
	    "\"account_number\": \"12345\", \"holder_name\": \"김\"}}",
	    "refund_account.account_number");
	refused("21 digits", "{\"refund_account\": {\"bank\": \"20\", "
	    "\"account_number\": \"123456789012345678901\", \"holder_name\": "
	    "\"김\"}}", "refund_account.account_number");
	refused("empty holder", "{\"refund_account\": {\"bank\": \"20\", "
	    "\"account_number\": \"1002123456\", \"holder_name\": \"\"}}",
	    "refund_account.holder_name");
	refused("a tab in the holder", "{\"refund_account\": {\"bank\": "
	    "\"20\", \"account_number\": \"1002123456\", \"holder_name\": "
	    "\"김\\t민지\"}}", "refund_account.holder_name");
	for (i = 0; i < 61; i++) {
		if (i < 60)
			strcat(h60, "가");
		strcat(h61, "가");
	}
	snprintf(body, sizeof body, "{\"refund_account\": {\"bank\": \"88\", "
	    "\"account_number\": \"110123456789\", \"holder_name\": \"%s\"}}",
	    h60);
	check(account(body, &err) == 0, "60 Hangul characters (180 bytes) "
	    "are a good name (%s)", err.message);
	snprintf(body, sizeof body, "{\"refund_account\": {\"bank\": \"88\", "
	    "\"account_number\": \"110123456789\", \"holder_name\": \"%s\"}}",
	    h61);
	refused("61 characters", body, "refund_account.holder_name");
}

static void
test_banks_and_mask(void)
{
	char m[BANK_MASK_MAX];
	json_t *acct, *masked;

	check(bank_name("88") && strcmp(bank_name("88"), "신한") == 0,
	    "88 is 신한");
	check(bank_name("우리") == NULL && bank_name("") == NULL &&
	    bank_name(NULL) == NULL, "names and nothing are not codes");
	bank_account_mask("1002123456789", m);
	check(strcmp(m, "*********6789") == 0, "masked: %s", m);
	bank_account_mask("1234", m);
	check(strcmp(m, "1234") == 0, "four digits stay (%s)", m);
	acct = json_pack("{s:s, s:s, s:s}", "bank", "20", "account_number",
	    "1002123456789", "holder_name", "김민지");
	masked = bank_account_masked(acct);
	check(strcmp(json_string_value(json_object_get(masked,
	    "account_number")), "*********6789") == 0 &&
	    strcmp(json_string_value(json_object_get(acct, "account_number")),
	    "1002123456789") == 0, "a masked copy leaves the original whole");
	json_decref(masked);
	json_decref(acct);
	masked = bank_account_masked(NULL);
	check(json_is_null(masked), "no account: null");
	json_decref(masked);
}

int
main(void)
{
	test_check();
	test_banks_and_mask();
	return check_status();
}
