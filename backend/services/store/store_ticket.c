/*
 * store_ticket.c: a kitchen ticket as ESC/POS bytes (store_int.h). The
 * text is encoded in CP949 (the Korean code page of receipt printers)
 * with iconv; in CP949 a Hangul syllable is two bytes and two columns
 * wide, so lines are wrapped by counting bytes.
 */
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shop_tz.h"
#include "store_ticket.h"
#include "util.h"
#include "wire.h"

#define ESC 0x1b
#define GS 0x1d
#define TICKET_BIG 0x11     /* GS ! n: double width and height */
#define TICKET_NORMAL 0x00

/* A growing byte string. */
struct ticket {
	unsigned char *p;
	size_t len, cap;
	int cols;           /* characters per line in normal type */
	iconv_t cd;
};

static void
ticket_put(struct ticket *t, const void *bytes, size_t n)
{
	if (t->len + n > t->cap) {
		t->cap = (t->len + n) * 2 + 64;
		if ((t->p = realloc(t->p, t->cap)) == NULL)
			abort();
	}
	memcpy(t->p + t->len, bytes, n);
	t->len += n;
}

static void
ticket_cmd(struct ticket *t, unsigned char a, unsigned char b,
    unsigned char c)
{
	unsigned char cmd[3] = { a, b, c };

	ticket_put(t, cmd, 3);
}

/* UTF-8 text in CP949; a character it cannot encode becomes '?'.
 * Returns an owned string. */
static char *
ticket_encode(struct ticket *t, const char *utf8, size_t *out_len)
{
	size_t in_left = strlen(utf8), out_left = in_left * 2 + 8;
	char *out = xcalloc(1, out_left + 1), *in = (char *)utf8, *o = out;

	iconv(t->cd, NULL, NULL, NULL, NULL);
	while (in_left > 0 && out_left > 0) {
		if (iconv(t->cd, &in, &in_left, &o, &out_left) != (size_t)-1)
			break;
		/* Skip one UTF-8 character the code page lacks. */
		*o++ = '?';
		out_left--;
		do {
			in++;
			in_left--;
		} while (in_left > 0 && ((unsigned char)*in & 0xc0) == 0x80);
	}
	*out_len = (size_t)(o - out);
	return out;
}

/* One paragraph of text, wrapped at the line width (halved in big
 * type), each line ended with LF; a two-byte character is never split. */
static void
ticket_text(struct ticket *t, const char *utf8, int big)
{
	size_t n, i = 0, start = 0, col = 0, w;
	size_t cols = (size_t)(big ? t->cols / 2 : t->cols);
	char *s = ticket_encode(t, utf8, &n);

	ticket_cmd(t, GS, '!', big ? TICKET_BIG : TICKET_NORMAL);
	while (i < n) {
		w = (unsigned char)s[i] >= 0x81 && i + 1 < n ? 2 : 1;
		if (col + w > cols) {
			ticket_put(t, s + start, i - start);
			ticket_put(t, "\n", 1);
			start = i;
			col = 0;
		}
		col += w;
		i += w;
	}
	ticket_put(t, s + start, n - start);
	ticket_put(t, "\n", 1);
	if (big)
		ticket_cmd(t, GS, '!', TICKET_NORMAL);
	free(s);
}

static void
ticket_textf(struct ticket *t, int big, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
ticket_textf(struct ticket *t, int big, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ticket_text(t, buf, big);
}

static void
ticket_rule(struct ticket *t)
{
	int i;

	for (i = 0; i < t->cols; i++)
		ticket_put(t, "-", 1);
	ticket_put(t, "\n", 1);
}

/* Each line: name and quantity, its options, its note in big type; a
 * line the shop marked unavailable is not cooked, so not printed. */
static void
ticket_items(struct ticket *t, const json_t *items)
{
	const json_t *l, *o;
	size_t i, j;

	json_array_foreach(items, i, l) {
		if (json_is_true(json_object_get(l, "removed")))
			continue;
		ticket_textf(t, 0, "%s x%lld", wire_str(l, "name", "?"),
		    (long long)wire_int(l, "qty", 1));
		json_array_foreach(json_object_get(l, "options"), j, o)
			ticket_textf(t, 0, "  + %s", wire_str(o, "name", "?"));
		if (*wire_str(l, "note", ""))
			ticket_textf(t, 1, " > %s", wire_str(l, "note", ""));
	}
}

unsigned char *
store_ticket_render(const json_t *order, int width_mm, const char *tz,
    int reprint, size_t *len)
{
	struct ticket t = { .cols = width_mm == 58 ? 32 : 48 };
	int pickup = strcmp(wire_str(order, "kind", ""), "pickup") == 0;
	struct tm tm;
	char when[32];

	if ((t.cd = iconv_open("CP949", "UTF-8")) == (iconv_t)-1)
		return NULL;
	ticket_put(&t, "\x1b@", 2);       /* ESC @: initialise */
	ticket_cmd(&t, ESC, 'a', 1);    /* centred */
	ticket_textf(&t, 1, "주문 #%lld", (long long)wire_int(order,
	    "order_id", 0));
	ticket_text(&t, pickup ? "포장" : "배달", 1);
	shop_tz_local(tz, wire_int(order, "placed_at", 0), &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	ticket_textf(&t, 0, "주문 시각 %s", when);
	if (reprint)
		ticket_text(&t, "(재출력)", 0);
	ticket_cmd(&t, ESC, 'a', 0);    /* left */
	ticket_rule(&t);
	ticket_items(&t, json_object_get(order, "items"));
	ticket_rule(&t);
	if (*wire_str(order, "note", ""))
		ticket_textf(&t, 1, "요청: %s", wire_str(order, "note", ""));
	if (*wire_str(order, "rider_note", ""))
		ticket_textf(&t, 0, "라이더: %s", wire_str(order, "rider_note",
		    ""));
	if (!pickup && *wire_str(order, "address", ""))
		ticket_textf(&t, 0, "주소: %s", wire_str(order, "address", ""));
	if (wire_int(order, "eta_min", 0) > 0)
		ticket_textf(&t, 0, "예상 %lld분", (long long)wire_int(order,
		    "eta_min", 0));
	ticket_cmd(&t, ESC, 'd', 4);    /* feed to the cutter */
	ticket_cmd(&t, GS, 'V', 0);     /* full cut */
	iconv_close(t.cd);
	*len = t.len;
	return t.p;
}
