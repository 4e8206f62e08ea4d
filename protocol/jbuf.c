/*
 * jbuf.c: a growing byte buffer for JSON text written by hand.
 */
#include "jbuf.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Make room for n more bytes and the NUL. */
static void
jbuf_grow(struct jbuf *b, size_t n)
{
	size_t cap = b->cap ? b->cap : 256;

	if (b->len + n + 1 <= b->cap)
		return;
	while (cap < b->len + n + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void
jbuf_put(struct jbuf *b, const char *s, size_t n)
{
	jbuf_grow(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
jbuf_int(struct jbuf *b, int64_t v)
{
	char digits[24], *p = digits + sizeof digits;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	jbuf_put(b, p, (size_t)(digits + sizeof digits - p));
}

void
jbuf_str_raw(struct jbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };

		if (c >= 0x20 && c != '"' && c != '\\')
			continue; /* UTF-8 passes as it is */
		jbuf_put(b, run, (size_t)(s - run));
		run = s + 1;
		if (c == '"' || c == '\\') {
			esc[1] = (char)c;
			jbuf_put(b, esc, 2);
		} else if (c == '\n')
			jbuf_lit(b, "\\n");
		else
			jbuf_put(b, esc, sizeof esc);
	}
	jbuf_put(b, run, (size_t)(s - run));
}

void
jbuf_str(struct jbuf *b, const char *s)
{
	jbuf_lit(b, "\"");
	jbuf_str_raw(b, s);
	jbuf_lit(b, "\"");
}

void
jbuf_member_str(struct jbuf *b, const char *name, const char *value)
{
	jbuf_lit(b, ",\"");
	jbuf_put(b, name, strlen(name));
	jbuf_lit(b, "\":");
	jbuf_str(b, value);
}

void
jbuf_member_int(struct jbuf *b, const char *name, int64_t v)
{
	jbuf_lit(b, ",\"");
	jbuf_put(b, name, strlen(name));
	jbuf_lit(b, "\":");
	jbuf_int(b, v);
}

void
jbuf_reset(struct jbuf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
jbuf_free(struct jbuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
