/*
 * test_wire.c: the wire format: decoding, a table of bad inputs with
 * their error codes, member validation, replies.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util.h"
#include "wire.h"

struct bad_frame {
	const char *name;
	const char *bytes;
	size_t len;       /* 0: strlen */
	const char *code;
};

static const struct bad_frame bad_frames[] = {
	{ "malformed JSON", "{\"type\":", 0, E_BAD_JSON },
	{ "trailing garbage", "{\"type\":\"x\"} x", 0, E_BAD_JSON },
	{ "not an object", "[1,2,3]", 0, E_BAD_REQUEST },
	{ "a bare string", "\"hello\"", 0, E_BAD_JSON },
	{ "no type", "{\"id\":\"a\"}", 0, E_BAD_REQUEST },
	{ "type of the wrong type", "{\"type\":7}", 0, E_BAD_REQUEST },
	{ "duplicate members", "{\"type\":\"a\",\"type\":\"b\"}", 0,
	    E_BAD_JSON },
	{ "invalid UTF-8 byte", "{\"type\":\"\xff\"}", 0, E_BAD_UTF8 },
	{ "overlong encoding", "{\"type\":\"\xc0\xaf\"}", 0, E_BAD_UTF8 },
	{ "UTF-16 surrogate", "{\"type\":\"\xed\xa0\x80\"}", 0, E_BAD_UTF8 },
	{ "truncated sequence", "{\"type\":\"\xea\xb0\"}", 0, E_BAD_UTF8 },
	{ "past U+10FFFF", "{\"type\":\"\xf4\x90\x80\x80\"}", 0, E_BAD_UTF8 },
	{ "embedded NUL", "{\"type\":\"a\"}\0", 14, E_BAD_JSON },
	{ "empty frame", "", 0, E_BAD_JSON },
};

static void
test_bad_frames(void)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(bad_frames); i++) {
		const struct bad_frame *b = &bad_frames[i];
		struct wire_error err;
		json_t *msg = wire_decode(b->bytes, b->len ? b->len :
		    strlen(b->bytes), &err);

		check(msg == NULL && strcmp(err.code, b->code) == 0,
		    "bad frame: %s -> %s (got %s)", b->name, b->code,
		    msg ? "a message" : err.code);
		json_decref(msg);
	}
}

static void
test_size_limit(void)
{
	size_t n = WIRE_MAX_FRAME + 1;
	char *big = xmalloc(n);
	struct wire_error err;
	json_t *msg;

	memset(big, ' ', n);
	memcpy(big, "{\"type\":\"x\"}", 12);
	msg = wire_decode(big, n, &err);
	check(msg == NULL && strcmp(err.code, E_TOO_LARGE) == 0,
	    "a frame one byte over the limit is too_large");
	msg = wire_decode(big, n - 1, &err);
	check(msg != NULL, "a frame exactly at the limit decodes");
	json_decref(msg);
	free(big);
}

static void
test_good_frame(void)
{
	const char *s = "{\"type\":\"request\",\"id\":\"c1\",\"service\":"
	    "\"order\",\"method\":\"place\",\"body\":{\"qty\":2,\"addr\":"
	    "\"서울시 마포구\",\"ok\":true,\"items\":[]}}";
	struct wire_error err;
	json_t *msg = wire_decode(s, strlen(s), &err), *body = NULL;
	json_t *items = NULL;
	const char *str = NULL;
	int64_t n = 0;
	int b = 0;

	check(msg != NULL, "a well-formed request decodes");
	check(wire_get_id(msg, "service", 1, &str, &err) == 0 &&
	    strcmp(str, "order") == 0, "wire_get_id reads an identifier");
	check(wire_get_object(msg, "body", 1, &body, &err) == 0,
	    "wire_get_object reads an object");
	check(wire_get_int(body, "qty", 1, 1, 50, &n, &err) == 0 && n == 2,
	    "wire_get_int reads an integer in range");
	check(wire_get_int(body, "qty", 1, 3, 50, &n, &err) == -1 &&
	    strcmp(err.code, E_BAD_REQUEST) == 0 &&
	    strstr(err.message, "qty") != NULL,
	    "an integer out of range is bad_request naming the member");
	check(wire_get_str(body, "addr", 1, &str, &err) == 0 &&
	    strcmp(str, "서울시 마포구") == 0, "Hangul strings survive");
	check(wire_get_id(body, "addr", 1, &str, &err) == -1,
	    "Hangul is not an identifier");
	check(wire_get_bool(body, "ok", 1, &b, &err) == 0 && b == 1,
	    "wire_get_bool reads true");
	check(wire_get_int(body, "addr", 1, 0, 9, &n, &err) == -1 &&
	    strstr(err.message, "integer") != NULL,
	    "a string where an integer belongs is refused");
	check(wire_get_array(body, "items", 1, &items, &err) == 0,
	    "wire_get_array reads an array");
	check(wire_get_str(body, "missing", 1, &str, &err) == -1 &&
	    strstr(err.message, "missing") != NULL,
	    "a missing required member is named");
	str = "kept";
	check(wire_get_str(body, "missing", 0, &str, &err) == 0 &&
	    strcmp(str, "kept") == 0, "an absent optional member is left");
	json_decref(msg);
}

static void
test_ids(void)
{
	char long_id[WIRE_MAX_ID + 2];

	memset(long_id, 'a', sizeof long_id - 1);
	long_id[sizeof long_id - 1] = '\0';
	check(wire_id_valid("order.paid") && wire_id_valid("minji:c7"),
	    "ordinary identifiers are valid");
	check(!wire_id_valid("") && !wire_id_valid("a b") &&
	    !wire_id_valid("x/y") && !wire_id_valid(long_id),
	    "empty, spaced, slashed and 65-byte identifiers are not");
}

static void
test_replies(void)
{
	struct wire_error err, got;
	json_t *r = wire_reply_ok("c1", json_pack("{s:i}", "n", 3)), *res;
	char *s;

	check(wire_reply_parse(r, &res, &got) == 1 &&
	    json_integer_value(json_object_get(res, "n")) == 3,
	    "an ok reply parses with its result");
	json_decref(r);
	wire_error_set(&err, "payment_unavailable", "busy, retry in %d s", 4);
	err.retry_after_ms = 4000;
	r = wire_reply_error("c2", &err);
	s = wire_encode(r, NULL, &got);
	check(s != NULL && strstr(s, "\"retry_after_ms\":4000") != NULL,
	    "an error reply carries retry_after_ms");
	check(wire_reply_parse(r, &res, &got) == 0 &&
	    strcmp(got.code, "payment_unavailable") == 0 &&
	    got.retry_after_ms == 4000, "an error reply parses back");
	free(s);
	json_decref(r);
	r = json_pack("{s:s}", "type", "reply");
	check(wire_reply_parse(r, &res, &got) == -1,
	    "a reply without ok is malformed");
	json_decref(r);
}

static void
test_lenient_readers(void)
{
	json_t *o = json_pack("{s:s, s:i, s:f, s:n}", "name", "치킨", "n", 7,
	    "price", 1.5, "gone");
	struct wire_error err;

	check(strcmp(wire_str(o, "name", ""), "치킨") == 0, "wire_str reads a string");
	check(strcmp(wire_str(o, "n", "-"), "-") == 0, "wire_str: not a string is the default");
	check(wire_str(o, "absent", NULL) == NULL, "wire_str: absent is the default");
	check(wire_str(NULL, "name", NULL) == NULL, "wire_str accepts a NULL object");
	check(wire_int(o, "n", -1) == 7, "wire_int reads an integer");
	check(wire_int(o, "price", -1) == -1, "wire_int: a real is the default");
	check(wire_int(o, "gone", 9) == 9, "wire_int: null is the default");
	json_decref(o);
	wire_error_set(&err, E_TIMEOUT, "slow");
	check(wire_error_transient(&err), "a timeout is transient");
	wire_error_set(&err, E_NO_SESSION, "restarted");
	check(wire_error_transient(&err), "no_session is transient");
	wire_error_set(&err, E_NOT_FOUND, "no such order");
	check(!wire_error_transient(&err), "not_found is final");
	wire_error_set(&err, E_BAD_REQUEST, "bad");
	check(!wire_error_transient(&err), "bad_request is final");
}

static void
test_won(void)
{
	char buf[64];

	util_won(buf, sizeof buf, 18000);
	check_str(buf, "18,000원", "won with a thousands separator");
	util_won(buf, sizeof buf, 0);
	check_str(buf, "0원", "won zero");
	util_won(buf, sizeof buf, 999);
	check_str(buf, "999원", "won below a thousand");
	util_won(buf, sizeof buf, 1234567);
	check_str(buf, "1,234,567원", "won millions");
	util_won(buf, sizeof buf, -3000);
	check_str(buf, "-3,000원", "won negative");
	util_won(buf, sizeof buf, INT64_MIN);
	check_str(buf, "-9,223,372,036,854,775,808원", "won INT64_MIN");
	util_won(buf, 4, 18000);
	check(strlen(buf) == 3, "won truncates to the buffer");
}

/* UTF-8 checked 8 ASCII bytes a step: a bad or cut sequence is found
 * wherever it falls against the steps, and a good one passes there. */
static void
test_utf8_steps(void)
{
	char buf[40];
	int at, bad = 0, good = 0;

	for (at = 0; at < 24; at++) {
		memset(buf, 'a', sizeof buf);
		buf[at] = (char)0xff;
		bad += wire_utf8_valid(buf, sizeof buf);
		memset(buf, 'a', sizeof buf);
		memcpy(buf + at, "\xea\xb0\x80", 3); /* 가 */
		good += wire_utf8_valid(buf, sizeof buf);
		bad += wire_utf8_valid(buf, (size_t)at + 2); /* cut short */
		buf[at + 1] = 'a'; /* a lead byte without its continuation */
		bad += wire_utf8_valid(buf, sizeof buf);
	}
	check(bad == 0, "a bad byte or sequence is found at every offset");
	check(good == 24, "a good sequence passes at every offset");
	memset(buf, 'a', sizeof buf);
	check(wire_utf8_valid(buf, sizeof buf) && wire_utf8_valid(buf, 7) &&
	    wire_utf8_valid(buf, 0), "ASCII of any length");
}

int
main(void)
{
	test_utf8_steps();
	test_bad_frames();
	test_size_limit();
	test_good_frame();
	test_ids();
	test_replies();
	test_lenient_readers();
	test_won();
	return check_status();
}
