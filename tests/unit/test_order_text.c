/*
 * test_order_text.c: the sentences about orders that notify and view
 * share (backend/services/common/order_text.c): templates with {name} and
 * {name:fmt} (money as "21,000원", who cancelled as a phrase), item
 * summaries, and long strings cut on a UTF-8 boundary. {name:won} has
 * its own digit grouping (no printf on the consumers' hot path): it must
 * read as util_won does (test_wire's).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "order_text.h"

/* Expand tmpl against vars (a JSON text) and compare with want. */
static void
expands(const char *tmpl, const char *vars_json, const char *want)
{
	json_t *vars = vars_json ? json_loads(vars_json, 0, NULL) : NULL;
	char *s = order_text_expand(tmpl, vars);

	check(s != NULL && strcmp(s, want) == 0, "\"%s\" gives \"%s\" (got "
	    "\"%s\")", tmpl, want, s ? s : "NULL");
	free(s);
	json_decref(vars);
}

static void
test_templates(void)
{
	expands("주문 {order_id}번", "{\"order_id\": 1001}", "주문 1001번");
	expands("{shop} 접수, {eta}분", "{\"shop\": \"바삭치킨\", \"eta\": 25}",
	    "바삭치킨 접수, 25분");
	expands("결제 {total:won}", "{\"total\": 21000}", "결제 21,000원");
	expands("환불 {total:won}", "{\"total\": \"21000\"}", "환불 ");
	expands("{by:by}", "{\"by\": \"customer\"}", "고객 요청");
	expands("{by:by}", "{\"by\": \"auto\"}",
	    "가게가 제시간에 접수하지 않아 자동 취소");
	expands("{by:by}", "{\"by\": \"shop\"}", "가게 요청");
	expands("{by:by}", "{\"by\": \"admin\"}", "관리자 처리");
	expands("{by:by}", "{\"by\": \"someone\"}", "someone");
	expands("{by:by}", "{\"by\": 3}", "");
	expands("{total:won}", "{\"total\": -1500}", "-1,500원");
	expands("{n}{m}", "{\"n\": -42, \"m\": 0}", "-420");
	expands("[{missing}]", "{}", "[]");
	expands("[{x:nope}]", "{\"x\": 1}", "[]");
	expands("no vars {a}", NULL, "no vars ");
	expands("plain text", "{}", "plain text");
	expands("open { only", "{}", "open { only");
	expands("{a}{b}", "{\"a\": \"A\", \"b\": 2}", "A2");
	expands("{flag}", "{\"flag\": true}", "");
}

/* {name:won}'s digit grouping at the edges, as util_won reads them. */
static void
test_won(void)
{
	static const struct {
		const char *vars, *want;
	} cases[] = {
		{ "{\"total\": 0}", "0원" },
		{ "{\"total\": 999}", "999원" },
		{ "{\"total\": 1000}", "1,000원" },
		{ "{\"total\": 1234567}", "1,234,567원" },
		{ "{\"total\": -9223372036854775807}",
		  "-9,223,372,036,854,775,807원" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expands("{total:won}", cases[i].vars, cases[i].want);
}

/* order_text_expand_in: the first scope that has a name wins; scopes
 * that are NULL or not objects are empty. */
static void
test_scopes(void)
{
	json_t *a = json_loads("{\"order_id\": 7, \"bank\": null}", 0, NULL);
	json_t *b = json_loads("{\"order_id\": 1, \"total\": 21000}", 0,
	    NULL);
	json_t *c = json_loads("{\"bank\": \"KB\", \"total\": 5, "
	    "\"due\": 1796560800000}", 0, NULL);
	json_t *list = json_array();
	const json_t *scopes[5] = { NULL, a, list, b, c };
	char *s = order_text_expand_in("#{order_id} {total:won} [{bank}] "
	    "{due:kst} {none}", scopes, 5);

	check(strcmp(s, "#7 21,000원 [] 12월 6일 21:40 ") == 0, "the first "
	    "scope with a member gives it, a null one included (got \"%s\")",
	    s);
	free(s);
	s = order_text_expand_in("[{total}]", scopes, 0);
	check(strcmp(s, "[]") == 0, "no scopes: every member is absent");
	free(s);
	json_decref(a);
	json_decref(b);
	json_decref(c);
	json_decref(list);
}

static void
items_are(const char *items_json, const char *want)
{
	json_t *items = json_loads(items_json, 0, NULL);
	char *s = order_text_items(items);

	check(strcmp(s, want) == 0, "items %s: \"%s\" (got \"%s\")",
	    items_json, want, s);
	free(s);
	json_decref(items);
}

static void
test_items(void)
{
	items_are("[{\"name\": \"후라이드치킨\", \"qty\": 2}]", "후라이드치킨 x2");
	items_are("[{\"name\": \"후라이드치킨\", \"qty\": 2},"
	    " {\"name\": \"콜라\", \"qty\": 1}, {\"name\": \"치즈볼\", \"qty\": 1}]",
	    "후라이드치킨 x2 외 2");
	items_are("[]", "");
	items_are("[{\"qty\": 1}]", "");
}

/* 1 when s is whole UTF-8 sequences. */
static int
utf8_whole(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int more;

	while (*p) {
		more = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 :
		    (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
		if (more < 0)
			return 0;
		for (p++; more > 0; more--, p++)
			if ((*p & 0xC0) != 0x80)
				return 0;
	}
	return 1;
}

static void
test_cut(void)
{
	char ascii[ORDER_TEXT_VAR_MAX + 2], want[ORDER_TEXT_VAR_MAX + 8];
	char hangul[3 * 100 + 1];
	json_t *vars;
	char *s;
	int i;

	memset(ascii, 'a', ORDER_TEXT_VAR_MAX);
	ascii[ORDER_TEXT_VAR_MAX] = '\0';
	vars = json_pack("{s:s}", "r", ascii);
	s = order_text_expand("{r}", vars);
	check(strcmp(s, ascii) == 0, "a string of exactly %d bytes is whole",
	    ORDER_TEXT_VAR_MAX);
	free(s);
	json_decref(vars);

	ascii[ORDER_TEXT_VAR_MAX] = 'b';
	ascii[ORDER_TEXT_VAR_MAX + 1] = '\0';
	vars = json_pack("{s:s}", "r", ascii);
	s = order_text_expand("<{r}>", vars);
	memset(want, 0, sizeof want);
	want[0] = '<';
	memset(want + 1, 'a', ORDER_TEXT_VAR_MAX);
	strcat(want, "…>");
	check(strcmp(s, want) == 0, "one byte more is cut to %d and marked",
	    ORDER_TEXT_VAR_MAX);
	free(s);
	json_decref(vars);

	hangul[0] = '\0';
	for (i = 0; i < 100; i++)
		strcat(hangul, "가"); /* 3 bytes each: 300 */
	vars = json_pack("{s:s}", "r", hangul);
	s = order_text_expand("{r}", vars);
	/* 160 bytes end inside the 54th character: 53 whole ones stay. */
	check(strlen(s) == 53 * 3 + strlen("…") &&
	    strncmp(s, hangul, 53 * 3) == 0 &&
	    strcmp(s + 53 * 3, "…") == 0,
	    "Hangul is cut before the character that does not fit (%zu bytes)",
	    strlen(s));
	check(utf8_whole(s), "and the result is valid UTF-8");
	free(s);
	json_decref(vars);

	vars = json_pack("{s:s}", "by", hangul);
	s = order_text_expand("{by:by}", vars);
	check(strlen(s) == 53 * 3 + strlen("…") &&
	    strncmp(s, hangul, 53 * 3) == 0 &&
	    strcmp(s + 53 * 3, "…") == 0 && utf8_whole(s),
	    "an unknown canceller is cut the same way");
	free(s);
	json_decref(vars);
}

/* {name:kst}: a time in Korea (UTC+9), and who cancelled for a deposit
 * undone. */
static void
test_kst(void)
{
	/* 2026-12-06T12:40:00Z is 21:40 in Seoul. */
	expands("{due:kst}까지", "{\"due\": 1796560800000}",
	    "12월 6일 21:40까지");
	/* 2026-12-31T15:05:00Z is already 1월 1일 in Seoul. */
	expands("{due:kst}", "{\"due\": 1798729500000}", "1월 1일 00:05");
	expands("{due:kst}", "{\"due\": \"soon\"}", "");
	expands("{due:kst}", "{\"due\": 0}", "");
	expands("{by:by}", "{\"by\": \"payment\"}", "입금 취소");
}

/* Rules that ask for a member of the event's data. */
static void
test_match(void)
{
	json_t *data = json_loads("{\"code\": \"deposit_reversed\", "
	    "\"refund\": 0}", 0, NULL);

	check(order_text_match(NULL, data), "no match asked: anything fits");
	check(order_text_match(NULL, NULL), "even no data");
	check(order_text_match("code=deposit_reversed", data), "a member "
	    "equal to the value fits");
	check(!order_text_match("code=other", data), "another value does not");
	check(!order_text_match("was=AWAITING_DEPOSIT", data), "an absent "
	    "member does not");
	check(!order_text_match("refund=0", data), "nor a member that is not "
	    "a string");
	check(!order_text_match("code", data), "a match without = fits nothing");
	check(!order_text_match("code=deposit_reversed", NULL), "no data: "
	    "nothing fits");
	json_decref(data);
}

int
main(void)
{
	test_templates();
	test_won();
	test_scopes();
	test_items();
	test_cut();
	test_kst();
	test_match();
	return check_status();
}
