/*
 * test_jbuf.c: JSON text written by hand. Every string jbuf_str writes
 * must parse back (jansson) to the same string, whatever bytes it holds,
 * and numbers must print as jansson prints them.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "jbuf.h"

/* 1 when s written by jbuf_str parses back to s. */
static int
round_trips(struct jbuf *b, const char *s)
{
	json_t *v;
	int same;

	jbuf_reset(b);
	jbuf_str(b, s);
	v = json_loadb(b->data, b->len, JSON_DECODE_ANY, NULL);
	same = json_is_string(v) && strcmp(json_string_value(v), s) == 0;
	json_decref(v);
	return same;
}

int
main(void)
{
	struct jbuf b = JBUF_INIT;
	char controls[32], text[64];
	int64_t nums[] = { 0, 7, -1, 1700000000000, INT64_MAX, INT64_MIN };
	int all = 1;
	size_t i;
	json_t *v;

	for (i = 1; i < 32; i++)
		controls[i - 1] = (char)i;
	controls[31] = '\0';
	check(round_trips(&b, ""), "the empty string");
	check(round_trips(&b, "order.paid"), "an identifier");
	check(round_trips(&b, "문 앞에 두고 \"벨\" 누르지 마세요 \\ /"),
	    "Hangul, quotes, backslash and slash");
	check(round_trips(&b, controls), "every control character");
	check(round_trips(&b, "a\nb\tc\r"), "newline, tab, return");
	check(strcmp(b.data, "\"a\\nb\\u0009c\\u000d\"") == 0,
	    "controls escaped as JSON requires: %s", b.data);

	for (i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		jbuf_reset(&b);
		jbuf_int(&b, nums[i]);
		snprintf(text, sizeof text, "%lld", (long long)nums[i]);
		if (strcmp(b.data, text) != 0)
			all = 0;
	}
	check(all, "integers as printf prints them, INT64_MIN included");
	for (i = 0, all = 1; i < 200000; i++) {
		int64_t n = (int64_t)i * 7919 - 700000;

		jbuf_reset(&b);
		jbuf_int(&b, n);
		snprintf(text, sizeof text, "%lld", (long long)n);
		all &= strcmp(b.data, text) == 0;
	}
	check(all, "and every digit pair, both signs");

	jbuf_reset(&b);
	jbuf_lit(&b, "{\"seq\":");
	jbuf_int(&b, 5);
	jbuf_member_str(&b, "type", "order.\"paid\"");
	jbuf_member_int(&b, "at", -3);
	jbuf_lit(&b, "}");
	v = json_loadb(b.data, b.len, 0, NULL);
	check(v != NULL && json_integer_value(json_object_get(v, "seq")) == 5 &&
	    strcmp(json_string_value(json_object_get(v, "type")),
	    "order.\"paid\"") == 0 &&
	    json_integer_value(json_object_get(v, "at")) == -3,
	    "members make an object: %s", b.data);
	json_decref(v);

	jbuf_reset(&b);
	for (i = 0; i < 10000; i++)
		jbuf_lit(&b, "0123456789");
	check(b.len == 100000 && b.data[b.len] == '\0' && b.cap >= b.len + 1,
	    "grows past its first size, NUL-terminated");
	jbuf_reset(&b);
	check(b.len == 0 && b.data[0] == '\0' && b.cap >= 100001,
	    "reset keeps the storage");
	jbuf_free(&b);
	check(b.data == NULL && b.len == 0 && b.cap == 0, "free empties it");
	return check_status();
}
