/*
 * jscan.h: check a JSON frame and find its top-level members without
 * building a tree. The broker reads a few members of the messages it
 * passes on most (requests, replies, acknowledgements) and passes the
 * rest on as the bytes it received; jansson's tree, one allocation a
 * value, costs more than the routing itself.
 *
 * jscan is exact where it answers and honest where it does not: it
 * accepts only what jansson (json_loadb with JSON_REJECT_DUPLICATES)
 * accepts, and for anything unusual (deep nesting, many members, escaped
 * keys, surrogate escapes, fractions and exponents, integers beyond
 * 64 bits) it says "ask jansson" rather than judge. Callers then take
 * the ordinary path, so errors keep their codes and messages.
 *
 * The input must already be valid UTF-8 (wire_utf8_valid).
 */
#ifndef BAEDAL_JSCAN_H
#define BAEDAL_JSCAN_H

#include <stddef.h>
#include <stdint.h>

enum jscan_type {
	JSCAN_STRING, JSCAN_NUMBER, JSCAN_OBJECT, JSCAN_ARRAY,
	JSCAN_TRUE, JSCAN_FALSE, JSCAN_NULL,
};

/* A value as it stands in the input: at[0..len) is its text (a string's
 * with its quotes). */
struct jscan_value {
	enum jscan_type type;
	const char *at;
	size_t len;
	int escaped;        /* a string with a backslash in it */
};

struct jscan_member {
	const char *key;    /* not NUL-terminated; never escaped */
	size_t key_len;
	struct jscan_value v;
};

#define JSCAN_MEMBERS 24   /* top-level members jscan lists */

struct jscan_obj {
	int n;
	struct jscan_member m[JSCAN_MEMBERS];
};

enum jscan_result {
	JSCAN_OK = 0,       /* valid; out lists the members */
	JSCAN_BAD = -1,     /* jansson would refuse it too */
	JSCAN_ASK = 1,      /* not judged here: decode it with jansson */
};

/*
 * Check that buf[0..len) is one JSON object (whitespace around it
 * allowed) and list its members in out, in order. Returns JSCAN_OK,
 * JSCAN_BAD or JSCAN_ASK (see above).
 */
enum jscan_result jscan_object(const char *buf, size_t len,
    struct jscan_obj *out);

/* The member named key, or NULL. */
const struct jscan_value *jscan_get(const struct jscan_obj *o,
    const char *key);

/* 1 when v is a string with no escapes equal to s. */
int jscan_is(const struct jscan_value *v, const char *s);

/*
 * Copy string v without its quotes into out (cap bytes with the NUL).
 * Returns 0, or -1 when v is not a string, holds escapes, or does not
 * fit.
 */
int jscan_str(const struct jscan_value *v, char *out, size_t cap);

/* The integer v holds. Returns 0, or -1 when v is not an integer. */
int jscan_int(const struct jscan_value *v, int64_t *out);

/*
 * The elements of array v, one a call: *pos starts at 0; each call sets
 * *el and returns 1, then 0 after the last. v must come from a
 * successful jscan_object (its text is known to be valid).
 */
int jscan_next(const struct jscan_value *v, size_t *pos,
    struct jscan_value *el);

#endif
