/*
 * wire.c: decoding, validating and building baedal frames (jansson only).
 */
#include "wire.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
wire_error_set(struct wire_error *err, const char *code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	snprintf(err->code, sizeof err->code, "%s", code);
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	err->retry_after_ms = 0;
	return -1;
}

int
wire_utf8_valid(const char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0, n, k;
	uint32_t cp, min;

	while (i < len) {
		if (s[i] < 0x80) {
			uint64_t w;

			/* ASCII, most of every frame: 8 bytes a step. */
			while (len - i >= 8 && (memcpy(&w, s + i, 8),
			    (w & 0x8080808080808080ULL) == 0))
				i += 8;
			if (i < len && s[i] < 0x80)
				i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			n = 1; cp = s[i] & 0x1f; min = 0x80;
		} else if ((s[i] & 0xf0) == 0xe0) {
			n = 2; cp = s[i] & 0x0f; min = 0x800;
		} else if ((s[i] & 0xf8) == 0xf0) {
			n = 3; cp = s[i] & 0x07; min = 0x10000;
		} else
			return 0;
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

json_t *
wire_decode(const void *buf, size_t len, struct wire_error *err)
{
	json_error_t jerr;
	json_t *msg, *type;

	if (len > WIRE_MAX_FRAME) {
		wire_error_set(err, E_TOO_LARGE,
		    "frame of %zu bytes exceeds the limit of %d", len,
		    WIRE_MAX_FRAME);
		return NULL;
	}
	if (!wire_utf8_valid(buf, len)) {
		wire_error_set(err, E_BAD_UTF8, "frame is not valid UTF-8");
		return NULL;
	}
	msg = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (msg == NULL) {
		wire_error_set(err, E_BAD_JSON, "malformed JSON at %d:%d: %s",
		    jerr.line, jerr.column, jerr.text);
		return NULL;
	}
	if (!json_is_object(msg)) {
		json_decref(msg);
		wire_error_set(err, E_BAD_REQUEST, "frame must be a JSON object");
		return NULL;
	}
	type = json_object_get(msg, "type");
	if (!json_is_string(type)) {
		json_decref(msg);
		wire_error_set(err, E_BAD_REQUEST,
		    "member \"type\" must be a string");
		return NULL;
	}
	return msg;
}

char *
wire_encode(const json_t *msg, size_t *len, struct wire_error *err)
{
	char *s = json_dumps(msg, JSON_COMPACT);
	size_t n;

	if (s == NULL) {
		wire_error_set(err, E_INTERNAL, "cannot encode message");
		return NULL;
	}
	n = strlen(s);
	if (n > WIRE_MAX_FRAME) {
		free(s);
		wire_error_set(err, E_TOO_LARGE,
		    "message of %zu bytes exceeds the limit of %d", n,
		    WIRE_MAX_FRAME);
		return NULL;
	}
	if (len != NULL)
		*len = n;
	return s;
}

/* Look up key; -1 with err when required and absent, 1 when present. */
static int
member(const json_t *obj, const char *key, int required, json_t **out,
    struct wire_error *err)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	if (v == NULL || json_is_null(v)) {
		if (required)
			return wire_error_set(err, E_BAD_REQUEST,
			    "missing member \"%s\"", key);
		return 0;
	}
	*out = v;
	return 1;
}

static int
wrong_type(const char *key, const char *want, struct wire_error *err)
{
	return wire_error_set(err, E_BAD_REQUEST, "member \"%s\" must be %s",
	    key, want);
}

int
wire_get_str(const json_t *obj, const char *key, int required,
    const char **out, struct wire_error *err)
{
	json_t *v = NULL;
	int r = member(obj, key, required, &v, err);

	if (r <= 0)
		return r;
	if (!json_is_string(v))
		return wrong_type(key, "a string", err);
	*out = json_string_value(v);
	return 0;
}

const char *
wire_str(const json_t *obj, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL ? s : dflt;
}

int64_t
wire_int(const json_t *obj, const char *key, int64_t dflt)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : dflt;
}

int
wire_error_transient(const struct wire_error *err)
{
	static const char *const codes[] = { E_TIMEOUT, E_SERVICE_UNAVAILABLE,
	    E_INTERNAL, E_CONFLICT, E_PAYMENT_UNAVAILABLE, E_NO_SESSION,
	    E_IN_PROGRESS };
	size_t i;

	for (i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (strcmp(err->code, codes[i]) == 0)
			return 1;
	return 0;
}

void
wire_strip_nulls(json_t *obj)
{
	const char *key;
	json_t *v;
	void *tmp;

	json_object_foreach_safe(obj, tmp, key, v)
		if (json_is_null(v))
			json_object_del(obj, key);
}

int
wire_id_valid(const char *s)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++) {
		char c = s[n];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		    c == ':' || c == '-'))
			return 0;
	}
	return n >= 1 && n <= WIRE_MAX_ID;
}

int
wire_get_id(const json_t *obj, const char *key, int required,
    const char **out, struct wire_error *err)
{
	const char *s = NULL;

	if (wire_get_str(obj, key, required, &s, err) != 0)
		return -1;
	if (s == NULL)
		return 0;
	if (!wire_id_valid(s))
		return wrong_type(key, "an identifier of 1 to 64 characters "
		    "from A-Z a-z 0-9 _ . : -", err);
	*out = s;
	return 0;
}

int
wire_get_int(const json_t *obj, const char *key, int required, int64_t min,
    int64_t max, int64_t *out, struct wire_error *err)
{
	json_t *v = NULL;
	json_int_t n;
	int r = member(obj, key, required, &v, err);

	if (r <= 0)
		return r;
	if (!json_is_integer(v))
		return wrong_type(key, "an integer", err);
	n = json_integer_value(v);
	if (n < min || n > max)
		return wire_error_set(err, E_BAD_REQUEST,
		    "member \"%s\" must be between %lld and %lld", key,
		    (long long)min, (long long)max);
	*out = n;
	return 0;
}

int
wire_get_bool(const json_t *obj, const char *key, int required, int *out,
    struct wire_error *err)
{
	json_t *v = NULL;
	int r = member(obj, key, required, &v, err);

	if (r <= 0)
		return r;
	if (!json_is_boolean(v))
		return wrong_type(key, "true or false", err);
	*out = json_is_true(v);
	return 0;
}

int
wire_get_object(const json_t *obj, const char *key, int required,
    json_t **out, struct wire_error *err)
{
	json_t *v = NULL;
	int r = member(obj, key, required, &v, err);

	if (r <= 0)
		return r;
	if (!json_is_object(v))
		return wrong_type(key, "an object", err);
	*out = v;
	return 0;
}

int
wire_get_array(const json_t *obj, const char *key, int required,
    json_t **out, struct wire_error *err)
{
	json_t *v = NULL;
	int r = member(obj, key, required, &v, err);

	if (r <= 0)
		return r;
	if (!json_is_array(v))
		return wrong_type(key, "an array", err);
	*out = v;
	return 0;
}

json_t *
wire_reply_ok(const char *id, json_t *result)
{
	json_t *msg = json_pack("{s:s, s:s?, s:b}", "type", WIRE_REPLY, "id",
	    id, "ok", 1);

	json_object_set_new(msg, "result", result ? result : json_object());
	return msg;
}

static json_t *
error_object(const struct wire_error *err)
{
	json_t *e = json_pack("{s:s, s:s}", "code", err->code, "message",
	    err->message);

	if (err->retry_after_ms > 0)
		json_object_set_new(e, "retry_after_ms",
		    json_integer(err->retry_after_ms));
	return e;
}

json_t *
wire_reply_error(const char *id, const struct wire_error *err)
{
	json_t *msg = json_pack("{s:s, s:s?, s:b}", "type", WIRE_REPLY, "id",
	    id, "ok", 0);

	json_object_set_new(msg, "error", error_object(err));
	return msg;
}

json_t *
wire_error_msg(const struct wire_error *err)
{
	json_t *msg = json_pack("{s:s}", "type", WIRE_ERROR);

	json_object_set_new(msg, "error", error_object(err));
	return msg;
}

int
wire_reply_parse(const json_t *reply, json_t **result, struct wire_error *err)
{
	json_t *e = NULL;
	const char *code = NULL, *message = "";
	int64_t retry = 0;
	int ok = 0;

	if (wire_get_bool(reply, "ok", 1, &ok, err) != 0)
		return -1;
	if (ok) {
		*result = json_object_get(reply, "result");
		return 1;
	}
	if (wire_get_object(reply, "error", 1, &e, err) != 0 ||
	    wire_get_str(e, "code", 1, &code, err) != 0 ||
	    wire_get_str(e, "message", 0, &message, err) != 0 ||
	    wire_get_int(e, "retry_after_ms", 0, 0, INT64_MAX, &retry,
	    err) != 0)
		return -1;
	wire_error_set(err, code, "%s", message);
	if (err != NULL)
		err->retry_after_ms = retry;
	return 0;
}
