/*
 * jscan.c: check a JSON frame and list its top-level members (jscan.h).
 *
 * One pass, no allocation, recursion bounded by SCAN_DEPTH. Whatever is
 * not plainly valid or plainly invalid is JSCAN_ASK: jansson decides.
 */
#include "jscan.h"

#include <string.h>

#define SCAN_DEPTH 32   /* nesting judged here; deeper: ask jansson */
#define OBJ_KEYS 32     /* keys of one object checked for repeats */

struct scan {
	const char *p, *end;
};

static enum jscan_result scan_value(struct scan *sc, int depth,
    struct jscan_value *v);

static void
skip_ws(struct scan *sc)
{
	while (sc->p < sc->end && (*sc->p == ' ' || *sc->p == '\t' ||
	    *sc->p == '\n' || *sc->p == '\r'))
		sc->p++;
}

static int
hex4(const char *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* A string from its opening quote; sc->p ends after the closing one. */
static enum jscan_result
scan_string(struct scan *sc, int *escaped)
{
	unsigned cp;

	*escaped = 0;
	for (sc->p++; sc->p < sc->end; sc->p++) {
		unsigned char c = (unsigned char)*sc->p;

		if (c == '"') {
			sc->p++;
			return JSCAN_OK;
		}
		if (c < 0x20)
			return JSCAN_BAD;
		if (c != '\\')
			continue;
		*escaped = 1;
		if (++sc->p >= sc->end)
			return JSCAN_BAD;
		if (strchr("\"\\/bfnrt", *sc->p) != NULL && *sc->p != '\0')
			continue;
		if (*sc->p != 'u' || sc->end - sc->p < 5 ||
		    hex4(sc->p + 1, &cp) != 0)
			return JSCAN_ASK;
		if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff))
			return JSCAN_ASK; /* NUL and surrogates: jansson's call */
		sc->p += 4;
	}
	return JSCAN_BAD; /* unterminated */
}

/* Skip digits; how many. */
static long
scan_digits(struct scan *sc)
{
	const char *from = sc->p;

	while (sc->p < sc->end && *sc->p >= '0' && *sc->p <= '9')
		sc->p++;
	return (long)(sc->p - from);
}

/* An integer, or one with a fraction of at most 17 digits (a shop's
 * position, an average: never out of a double's range). Exponents,
 * leading zeros and more than 18 digits before the point are left to
 * jansson. */
static enum jscan_result
scan_number(struct scan *sc)
{
	const char *digits;
	long n, frac;

	if (*sc->p == '-')
		sc->p++;
	digits = sc->p;
	n = scan_digits(sc);
	if (n == 0 || n > 18 || (*digits == '0' && n > 1))
		return JSCAN_ASK;
	if (sc->p < sc->end && *sc->p == '.') {
		sc->p++;
		frac = scan_digits(sc);
		if (frac == 0 || frac > 17)
			return JSCAN_ASK;
	}
	if (sc->p < sc->end && (*sc->p == 'e' || *sc->p == 'E'))
		return JSCAN_ASK;
	return JSCAN_OK;
}

static enum jscan_result
scan_literal(struct scan *sc, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(sc->end - sc->p) < n || memcmp(sc->p, word, n) != 0)
		return JSCAN_ASK;
	sc->p += n;
	return JSCAN_OK;
}

/* After a member or element: JSCAN_ASK when a ',' says another follows
 * (skipped, with the space after it), JSCAN_OK at the closing bracket
 * (skipped), JSCAN_BAD otherwise. */
static enum jscan_result
scan_after(struct scan *sc, char close)
{
	skip_ws(sc);
	if (sc->p < sc->end && *sc->p == ',') {
		sc->p++;
		skip_ws(sc);
		return JSCAN_ASK;
	}
	if (sc->p < sc->end && *sc->p == close) {
		sc->p++;
		return JSCAN_OK;
	}
	return JSCAN_BAD;
}

/* An object from its '{'. Keys are checked for repeats; top (when not
 * NULL) gets the members. */
static enum jscan_result
scan_object(struct scan *sc, int depth, struct jscan_obj *top)
{
	struct { const char *at; size_t len; } keys[OBJ_KEYS];
	struct jscan_value v;
	enum jscan_result r;
	int n = 0, escaped;
	const char *key;

	sc->p++;
	skip_ws(sc);
	if (sc->p < sc->end && *sc->p == '}') {
		sc->p++;
		return JSCAN_OK;
	}
	for (;;) {
		if (sc->p >= sc->end || *sc->p != '"')
			return JSCAN_BAD;
		key = sc->p + 1;
		if ((r = scan_string(sc, &escaped)) != JSCAN_OK)
			return r;
		if (escaped || n == OBJ_KEYS)
			return JSCAN_ASK;
		keys[n].at = key;
		keys[n].len = (size_t)(sc->p - 1 - key);
		for (int i = 0; i < n; i++)
			if (keys[i].len == keys[n].len &&
			    memcmp(keys[i].at, key, keys[n].len) == 0)
				return JSCAN_BAD; /* a repeated key */
		skip_ws(sc);
		if (sc->p >= sc->end || *sc->p != ':')
			return JSCAN_BAD;
		sc->p++;
		skip_ws(sc);
		if ((r = scan_value(sc, depth, &v)) != JSCAN_OK)
			return r;
		if (top != NULL) {
			if (n == JSCAN_MEMBERS)
				return JSCAN_ASK;
			top->m[n] = (struct jscan_member){ .key = key,
			    .key_len = keys[n].len, .v = v };
			top->n = n + 1;
		}
		n++;
		if ((r = scan_after(sc, '}')) != JSCAN_ASK)
			return r;
	}
}

static enum jscan_result
scan_array(struct scan *sc, int depth)
{
	struct jscan_value v;
	enum jscan_result r;

	sc->p++;
	skip_ws(sc);
	if (sc->p < sc->end && *sc->p == ']') {
		sc->p++;
		return JSCAN_OK;
	}
	for (;;) {
		if ((r = scan_value(sc, depth, &v)) != JSCAN_OK ||
		    (r = scan_after(sc, ']')) != JSCAN_ASK)
			return r;
	}
}

static enum jscan_result
scan_value(struct scan *sc, int depth, struct jscan_value *v)
{
	enum jscan_result r;

	if (sc->p >= sc->end)
		return JSCAN_BAD;
	v->at = sc->p;
	v->escaped = 0;
	switch (*sc->p) {
	case '{':
		v->type = JSCAN_OBJECT;
		r = depth >= SCAN_DEPTH ? JSCAN_ASK :
		    scan_object(sc, depth + 1, NULL);
		break;
	case '[':
		v->type = JSCAN_ARRAY;
		r = depth >= SCAN_DEPTH ? JSCAN_ASK : scan_array(sc, depth + 1);
		break;
	case '"':
		v->type = JSCAN_STRING;
		r = scan_string(sc, &v->escaped);
		break;
	case 't':
		v->type = JSCAN_TRUE;
		r = scan_literal(sc, "true");
		break;
	case 'f':
		v->type = JSCAN_FALSE;
		r = scan_literal(sc, "false");
		break;
	case 'n':
		v->type = JSCAN_NULL;
		r = scan_literal(sc, "null");
		break;
	default:
		v->type = JSCAN_NUMBER;
		r = (*sc->p == '-' || (*sc->p >= '0' && *sc->p <= '9')) ?
		    scan_number(sc) : JSCAN_ASK;
		break;
	}
	v->len = (size_t)(sc->p - v->at);
	return r;
}

enum jscan_result
jscan_object(const char *buf, size_t len, struct jscan_obj *out)
{
	struct scan sc = { buf, buf + len };
	enum jscan_result r;

	out->n = 0;
	if (memchr(buf, '\0', len) != NULL)
		return JSCAN_ASK; /* jansson reads a NUL byte its own way */
	skip_ws(&sc);
	if (sc.p >= sc.end || *sc.p != '{')
		return JSCAN_ASK; /* not an object: the caller's error */
	if ((r = scan_object(&sc, 1, out)) != JSCAN_OK)
		return r;
	skip_ws(&sc);
	return sc.p == sc.end ? JSCAN_OK : JSCAN_BAD;
}

const struct jscan_value *
jscan_get(const struct jscan_obj *o, const char *key)
{
	size_t n = strlen(key);

	for (int i = 0; i < o->n; i++)
		if (o->m[i].key_len == n && memcmp(o->m[i].key, key, n) == 0)
			return &o->m[i].v;
	return NULL;
}

int
jscan_is(const struct jscan_value *v, const char *s)
{
	size_t n = strlen(s);

	return v != NULL && v->type == JSCAN_STRING && !v->escaped &&
	    v->len == n + 2 && memcmp(v->at + 1, s, n) == 0;
}

int
jscan_str(const struct jscan_value *v, char *out, size_t cap)
{
	if (v == NULL || v->type != JSCAN_STRING || v->escaped ||
	    v->len - 2 >= cap)
		return -1;
	memcpy(out, v->at + 1, v->len - 2);
	out[v->len - 2] = '\0';
	return 0;
}

int
jscan_int(const struct jscan_value *v, int64_t *out)
{
	const char *p;
	int64_t n = 0;
	int neg;

	if (v == NULL || v->type != JSCAN_NUMBER)
		return -1;
	p = v->at;
	neg = *p == '-';
	if (memchr(v->at, '.', v->len) != NULL)
		return -1; /* a fraction */
	for (p += neg; p < v->at + v->len; p++)
		n = n * 10 + (*p - '0'); /* at most 18 digits: no overflow */
	*out = neg ? -n : n;
	return 0;
}

int
jscan_next(const struct jscan_value *v, size_t *pos, struct jscan_value *el)
{
	struct scan sc;

	if (v->type != JSCAN_ARRAY)
		return 0;
	sc.p = v->at + (*pos == 0 ? 1 : *pos);
	sc.end = v->at + v->len;
	skip_ws(&sc);
	if (*sc.p == ',') {
		sc.p++;
		skip_ws(&sc);
	}
	if (*sc.p == ']')
		return 0;
	/* Known valid: scanning again only finds where the element ends. */
	scan_value(&sc, 0, el);
	*pos = (size_t)(sc.p - v->at);
	return 1;
}
