/*
 * jbuf.h: a growing byte buffer for writing JSON text by hand, where
 * building a jansson tree only to print it would cost more than the work
 * it carries (event frames, outbox relays). Like redis's sds: append,
 * keep the storage, start again.
 *
 *   struct jbuf b = JBUF_INIT;
 *   jbuf_lit(&b, "{\"seq\":"); jbuf_int(&b, 42); jbuf_lit(&b, "}");
 *   send(b.data, b.len); jbuf_reset(&b); ... jbuf_free(&b);
 *
 * The text is always NUL-terminated after len bytes. Allocation failure
 * aborts (xrealloc), so no call fails.
 */
#ifndef BAEDAL_JBUF_H
#define BAEDAL_JBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct jbuf {
	char *data;      /* owned; NULL until the first append */
	size_t len;
	size_t cap;
};

#define JBUF_INIT { NULL, 0, 0 }

/* Make room for n more bytes and the NUL (for jbuf_put). */
void jbuf_reserve(struct jbuf *b, size_t n);

/* Append n bytes of s. Inline, so a literal's copy is a few moves: event
 * and reply frames are written a member at a time. */
static inline void
jbuf_put(struct jbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
		jbuf_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}
/* Append a string literal (its length known at compile time). */
#define jbuf_lit(b, lit) jbuf_put((b), (lit), sizeof(lit) - 1)
/* Append the decimal digits of v. */
void jbuf_int(struct jbuf *b, int64_t v);
/* Append s (UTF-8) as a JSON string, quoted and escaped. */
void jbuf_str(struct jbuf *b, const char *s);
/* The same without the quotes: for a string made of several pieces. */
void jbuf_str_raw(struct jbuf *b, const char *s);
/* Append ,"name":"value" (value escaped); name must need no escaping. */
void jbuf_member_str(struct jbuf *b, const char *name, const char *value);
/* Append ,"name":v. */
void jbuf_member_int(struct jbuf *b, const char *name, int64_t v);
/* Forget the text, keep the storage. */
void jbuf_reset(struct jbuf *b);
/* Free the storage; b is empty (and reusable) afterwards. */
void jbuf_free(struct jbuf *b);

#endif
