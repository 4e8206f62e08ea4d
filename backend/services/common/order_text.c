/*
 * order_text.c: money, item summaries and sentence templates (see
 * order_text.h).
 */
#include "order_text.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jbuf.h"
#include "util.h"
#include "wire.h"

/* Who cancelled an order, as people say it. */
static const struct {
	const char *by, *phrase;
} cancel_phrases[] = {
	{ "customer", "고객 요청" },
	{ "auto", "가게가 제시간에 접수하지 않아 자동 취소" },
	{ "shop", "가게 요청" },
	{ "admin", "관리자 처리" },
	{ "payment", "입금 취소" },
};

/* Write s, cut at ORDER_TEXT_VAR_MAX bytes on a character boundary. */
static void
text_put_str(struct jbuf *out, const char *s)
{
	size_t len = strlen(s);

	if (len <= ORDER_TEXT_VAR_MAX) {
		jbuf_put(out, s, len);
		return;
	}
	len = ORDER_TEXT_VAR_MAX;
	while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	jbuf_put(out, s, len);
	jbuf_lit(out, "…");
}

static void
text_puts(struct jbuf *out, const char *s)
{
	jbuf_put(out, s, strlen(s));
}

static void
text_put_plain(struct jbuf *out, const json_t *v)
{
	if (json_is_string(v))
		text_put_str(out, json_string_value(v));
	else if (json_is_integer(v))
		jbuf_int(out, json_integer_value(v));
}

/* 21000 -> "21,000원" (as util_won, without the printf family). */
static void
text_put_won(struct jbuf *out, const json_t *v)
{
	char digits[24], *p = digits + sizeof digits;
	json_int_t won;
	uint64_t mag;
	size_t len, i;

	if (!json_is_integer(v))
		return;
	won = json_integer_value(v);
	mag = won < 0 ? (uint64_t)-(won + 1) + 1 : (uint64_t)won;
	do
		*--p = (char)('0' + mag % 10);
	while ((mag /= 10) != 0);
	len = (size_t)(digits + sizeof digits - p);
	if (won < 0)
		jbuf_lit(out, "-");
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			jbuf_lit(out, ",");
		jbuf_put(out, p + i, 1);
	}
	jbuf_lit(out, "원");
}

static void
text_put_by(struct jbuf *out, const json_t *v)
{
	const char *by = json_string_value(v);
	size_t i;

	if (by == NULL)
		return;
	for (i = 0; i < ARRAY_LEN(cancel_phrases); i++)
		if (strcmp(by, cancel_phrases[i].by) == 0) {
			text_puts(out, cancel_phrases[i].phrase);
			return;
		}
	text_put_str(out, by);
}

/* A request to the shop, when there is one: " · 요청: ...". */
static void
text_put_note(struct jbuf *out, const json_t *v)
{
	if (!json_is_string(v) || *json_string_value(v) == '\0')
		return;
	jbuf_lit(out, " · 요청: ");
	text_put_str(out, json_string_value(v));
}

/* " · 포장" for a pickup order, nothing for a delivery. */
static void
text_put_kind(struct jbuf *out, const json_t *v)
{
	const char *kind = json_string_value(v);

	if (kind != NULL && strcmp(kind, "pickup") == 0)
		jbuf_lit(out, " · 포장");
}

/* What a ready order's customer does, by the order's kind. */
static void
text_put_ready(struct jbuf *out, const json_t *v)
{
	const char *kind = json_string_value(v);

	text_puts(out, kind != NULL && strcmp(kind, "pickup") == 0 ?
	    " · 가게에서 찾아가세요" : " · 곧 배달을 시작합니다");
}

/* n (0..99) in two digits. */
static void
text_put_2(struct jbuf *out, int n)
{
	char d[2] = { (char)('0' + n / 10 % 10), (char)('0' + n % 10) };

	jbuf_put(out, d, 2);
}

/* A time (ms since the epoch) as Koreans read it, in KST (UTC+9, no
 * daylight saving): "12월 6일 21:40". */
static void
text_put_kst(struct jbuf *out, const json_t *v)
{
	time_t t;
	struct tm tm;

	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return;
	t = (time_t)(json_integer_value(v) / 1000) + 9 * 3600;
	if (gmtime_r(&t, &tm) == NULL)
		return;
	jbuf_int(out, tm.tm_mon + 1);
	jbuf_lit(out, "월 ");
	jbuf_int(out, tm.tm_mday);
	jbuf_lit(out, "일 ");
	text_put_2(out, tm.tm_hour);
	jbuf_lit(out, ":");
	text_put_2(out, tm.tm_min);
}

static const struct {
	const char *name;
	void (*put)(struct jbuf *out, const json_t *v);
} text_formats[] = {
	{ "", text_put_plain },
	{ "won", text_put_won },
	{ "by", text_put_by },
	{ "note", text_put_note },
	{ "ready", text_put_ready },
	{ "kind", text_put_kind },
	{ "kst", text_put_kst },
};

/* Expand one "{name[:fmt]}" whose inside is spec[0..len): the member
 * of the first of scopes[0..n) that has it. */
static void
text_put_var(struct jbuf *out, const char *spec, size_t len,
    const json_t *const *scopes, size_t n)
{
	const char *colon = memchr(spec, ':', len);
	size_t name_len = colon ? (size_t)(colon - spec) : len;
	const char *fmt = colon ? colon + 1 : spec + len;
	size_t fmt_len = len - (size_t)(fmt - spec), i;
	char name[WIRE_MAX_ID + 1];
	const json_t *v;

	if (name_len >= sizeof name)
		return;
	memcpy(name, spec, name_len);
	name[name_len] = '\0';
	for (v = NULL, i = 0; v == NULL && i < n; i++)
		v = json_object_get(scopes[i], name);
	for (i = 0; i < ARRAY_LEN(text_formats); i++)
		if (strlen(text_formats[i].name) == fmt_len &&
		    strncmp(text_formats[i].name, fmt, fmt_len) == 0) {
			text_formats[i].put(out, v);
			return;
		}
}

char *
order_text_expand(const char *tmpl, const json_t *vars)
{
	return order_text_expand_in(tmpl, &vars, 1);
}

char *
order_text_expand_in(const char *tmpl, const json_t *const *scopes,
    size_t n)
{
	struct jbuf out = JBUF_INIT;
	const char *p = tmpl, *open, *close;

	while ((open = strchr(p, '{')) != NULL &&
	    (close = strchr(open, '}')) != NULL) {
		jbuf_put(&out, p, (size_t)(open - p));
		text_put_var(&out, open + 1, (size_t)(close - open - 1),
		    scopes, n);
		p = close + 1;
	}
	text_puts(&out, p); /* allocates: out.data is never NULL */
	return out.data;
}

char *
order_text_items(const json_t *items)
{
	const json_t *first = json_array_get(items, 0);
	const char *name = json_string_value(json_object_get(first, "name"));
	size_t more = json_array_size(items);
	struct jbuf out = JBUF_INIT;

	if (name == NULL)
		return xstrdup("");
	/* "{name} x{qty}", and " 외 {more}" when there are more lines */
	text_put_str(&out, name);
	jbuf_lit(&out, " x");
	text_put_plain(&out, json_object_get(first, "qty"));
	if (more > 1) {
		jbuf_lit(&out, " 외 ");
		jbuf_int(&out, (int64_t)(more - 1));
	}
	return out.data;
}

int
order_text_match(const char *match, const json_t *data)
{
	const char *eq = match ? strchr(match, '=') : NULL;
	char member[WIRE_MAX_ID + 1];
	const char *value;

	if (match == NULL)
		return 1;
	if (eq == NULL || (size_t)(eq - match) >= sizeof member)
		return 0;
	memcpy(member, match, (size_t)(eq - match));
	member[eq - match] = '\0';
	value = wire_str(data, member, NULL);
	return value != NULL && strcmp(value, eq + 1) == 0;
}
