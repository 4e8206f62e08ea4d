/*
 * order_text.c: money, item summaries and sentence templates (see
 * order_text.h).
 */
#include "order_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
text_put_str(FILE *out, const char *s)
{
	size_t len = strlen(s);

	if (len <= ORDER_TEXT_VAR_MAX) {
		fputs(s, out);
		return;
	}
	len = ORDER_TEXT_VAR_MAX;
	while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	fwrite(s, 1, len, out);
	fputs("…", out);
}

static void
text_put_plain(FILE *out, const json_t *v)
{
	if (json_is_string(v))
		text_put_str(out, json_string_value(v));
	else if (json_is_integer(v))
		fprintf(out, "%lld", (long long)json_integer_value(v));
}

static void
text_put_won(FILE *out, const json_t *v)
{
	char buf[40];

	if (!json_is_integer(v))
		return;
	util_won(buf, sizeof buf, json_integer_value(v));
	fputs(buf, out);
}

static void
text_put_by(FILE *out, const json_t *v)
{
	const char *by = json_string_value(v);
	size_t i;

	if (by == NULL)
		return;
	for (i = 0; i < ARRAY_LEN(cancel_phrases); i++)
		if (strcmp(by, cancel_phrases[i].by) == 0) {
			fputs(cancel_phrases[i].phrase, out);
			return;
		}
	text_put_str(out, by);
}

/* A request to the shop, when there is one: " · 요청: ...". */
static void
text_put_note(FILE *out, const json_t *v)
{
	if (!json_is_string(v) || *json_string_value(v) == '\0')
		return;
	fputs(" · 요청: ", out);
	text_put_str(out, json_string_value(v));
}

/* " · 포장" for a pickup order, nothing for a delivery. */
static void
text_put_kind(FILE *out, const json_t *v)
{
	const char *kind = json_string_value(v);

	if (kind != NULL && strcmp(kind, "pickup") == 0)
		fputs(" · 포장", out);
}

/* What a ready order's customer does, by the order's kind. */
static void
text_put_ready(FILE *out, const json_t *v)
{
	const char *kind = json_string_value(v);

	fputs(kind != NULL && strcmp(kind, "pickup") == 0 ?
	    " · 가게에서 찾아가세요" : " · 곧 배달을 시작합니다", out);
}

/* A time (ms since the epoch) as Koreans read it, in KST (UTC+9, no
 * daylight saving): "12월 6일 21:40". */
static void
text_put_kst(FILE *out, const json_t *v)
{
	time_t t;
	struct tm tm;

	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return;
	t = (time_t)(json_integer_value(v) / 1000) + 9 * 3600;
	if (gmtime_r(&t, &tm) != NULL)
		fprintf(out, "%d월 %d일 %02d:%02d", tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min);
}

static const struct {
	const char *name;
	void (*put)(FILE *out, const json_t *v);
} text_formats[] = {
	{ "", text_put_plain },
	{ "won", text_put_won },
	{ "by", text_put_by },
	{ "note", text_put_note },
	{ "ready", text_put_ready },
	{ "kind", text_put_kind },
	{ "kst", text_put_kst },
};

/* Expand one "{name[:fmt]}" whose inside is spec[0..len). */
static void
text_put_var(FILE *out, const char *spec, size_t len, const json_t *vars)
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
	v = json_object_get(vars, name);
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
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	const char *p = tmpl, *open, *close;

	if (out == NULL) {
		log_error("open_memstream: out of memory");
		abort();
	}
	while ((open = strchr(p, '{')) != NULL &&
	    (close = strchr(open, '}')) != NULL) {
		fwrite(p, 1, (size_t)(open - p), out);
		text_put_var(out, open + 1, (size_t)(close - open - 1), vars);
		p = close + 1;
	}
	fputs(p, out);
	fclose(out);
	return buf;
}

char *
order_text_items(const json_t *items)
{
	const json_t *first = json_array_get(items, 0);
	const char *name = json_string_value(json_object_get(first, "name"));
	size_t more = json_array_size(items);
	json_t *vars;
	char *s;

	if (name == NULL)
		return xstrdup("");
	vars = json_pack("{s:s, s:O?, s:I}", "name", name, "qty",
	    json_object_get(first, "qty"), "more", (json_int_t)(more - 1));
	s = order_text_expand(more > 1 ? "{name} x{qty} 외 {more}" :
	    "{name} x{qty}", vars);
	json_decref(vars);
	return s;
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
