/*
 * jbuf.c: a growing byte buffer for JSON text written by hand.
 */
#include "jbuf.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void
jbuf_reserve(struct jbuf *b, size_t n)
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
jbuf_int(struct jbuf *b, int64_t v)
{
	static const char pairs[] =
	    "000102030405060708091011121314151617181920212223242526272829"
	    "303132333435363738394041424344454647484950515253545556575859"
	    "606162636465666768697071727374757677787980818283848586878889"
	    "90919293949596979899";
	char digits[24], *p = digits + sizeof digits;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	/* Two digits a division: a seq and a time in ms are 13 digits. */
	while (u >= 100) {
		p -= 2;
		memcpy(p, pairs + 2 * (u % 100), 2);
		u /= 100;
	}
	if (u >= 10) {
		p -= 2;
		memcpy(p, pairs + 2 * u, 2);
	} else
		*--p = (char)('0' + u);
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
