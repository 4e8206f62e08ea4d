/*
 * wire.h: the baedal wire format, in one header.
 *
 * Every message is one ZeroMQ frame holding one JSON object with a string
 * member "type". Peers talk to the broker with DEALER sockets; the broker's
 * ROUTER adds and strips the routing frame. protocol/PROTOCOL.md is the
 * specification; this file is its C binding. It needs jansson only, so it
 * can be tested and fuzzed alone.
 */
#ifndef BAEDAL_WIRE_H
#define BAEDAL_WIRE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Largest frame accepted; larger ones get "too_large". */
#define WIRE_MAX_FRAME (64 * 1024)
/* The broker's socket refuses anything past this outright (disconnects). */
#define WIRE_MAX_TRANSPORT (1024 * 1024)
/* Longest request id, service, method, subscription id, user name. */
#define WIRE_MAX_ID 64
/* Default and largest deadline a request may ask for. */
#define WIRE_DEFAULT_DEADLINE_MS 5000
#define WIRE_MAX_DEADLINE_MS 60000
/* Heartbeats: sent after this much silence; a peer silent for
 * WIRE_PEER_TIMEOUT_MS is taken for dead. */
#define WIRE_HEARTBEAT_MS 1000
#define WIRE_PEER_TIMEOUT_MS 3500
/* Largest event a service may publish (it must still fit in a frame
 * once the broker adds seq and the envelope). */
#define WIRE_MAX_EVENT (WIRE_MAX_FRAME - 1024)
/* Per session: requests waiting for an answer, and subscriptions. */
#define WIRE_MAX_PENDING 256
#define WIRE_MAX_SUBS 32
#define WIRE_MAX_BATCH 64   /* events a subscriber may take in one frame */
/* Events a subscriber may have unacknowledged before the broker waits. */
#define WIRE_SUB_WINDOW 512

/* Message types (the "type" member). */
#define WIRE_HELLO "hello"
#define WIRE_REGISTER "register"
#define WIRE_REQUEST "request"
#define WIRE_REPLY "reply"
#define WIRE_PUBLISH "publish"
#define WIRE_SUBSCRIBE "subscribe"
#define WIRE_UNSUBSCRIBE "unsubscribe"
#define WIRE_EVENT "event"
#define WIRE_EVENTS "events"     /* several events in one frame */
#define WIRE_ACK "ack"
#define WIRE_LIVE "live"
#define WIRE_BYE "bye"
#define WIRE_BEHIND "behind"
#define WIRE_HEARTBEAT "heartbeat"
#define WIRE_ERROR "error"

/* Stable error codes. Clients branch on these, never on messages. */
#define E_BAD_REQUEST "bad_request"
#define E_BAD_JSON "bad_json"
#define E_BAD_UTF8 "bad_utf8"
#define E_TOO_LARGE "too_large"
#define E_UNKNOWN_TYPE "unknown_type"
#define E_UNKNOWN_METHOD "unknown_method"
#define E_NO_SESSION "no_session"
#define E_UNAUTHORIZED "unauthorized"
#define E_FORBIDDEN "forbidden"
#define E_NOT_FOUND "not_found"
#define E_SERVICE_UNAVAILABLE "service_unavailable"
#define E_TIMEOUT "timeout"
#define E_CONFLICT "conflict"
#define E_TOO_MANY "too_many_requests"
#define E_INVALID_STATE "invalid_state"
#define E_INTERNAL "internal"
#define E_IN_PROGRESS "in_progress"
/* Domain codes (ordering and payment). */
#define E_SHOP_CLOSED "shop_closed"
#define E_SHOP_PAUSED "shop_paused"
#define E_SOLD_OUT "sold_out"
#define E_BELOW_MINIMUM "below_minimum"
/* The options of a line break a rule of their group (min, max). */
#define E_OPTION_RULE "option_rule"
#define E_PAYMENT_DECLINED "payment_declined"
#define E_PAYMENT_UNAVAILABLE "payment_unavailable"
#define E_EXCEEDS_BALANCE "exceeds_balance"
/* Free text a person typed (text_check.h). */
#define E_BAD_TEXT "bad_text"
#define E_TEXT_TOO_LONG "text_too_long"
#define E_ALREADY_REVIEWED "already_reviewed" /* one review per order */
#define E_ALREADY_REPLIED "already_replied"   /* one reply per review */
/* A reason code that is unknown or not the caller's to give (reasons.h). */
#define E_BAD_REASON_CODE "bad_reason_code"
/* A per-user limit of saved things is reached (view.address_save). */
#define E_LIMIT_REACHED "limit_reached"
/* A service process whose lease another holds now (broker_lease.c). */
#define E_FENCED "fenced"

/* Domain limits (PROTOCOL.md section 5), in bytes of UTF-8: an order's
 * address (order.place) and a reject reason (store.reject). */
#define WIRE_MAX_ADDRESS 200
#define WIRE_MAX_REASON 200

/* An error: a stable code and a sentence for people. */
struct wire_error {
	char code[32];
	char message[256];
	int64_t retry_after_ms; /* 0 unless the caller should retry later */
};

/* Fill err (may be NULL) with code and a printf-style message; returns -1. */
int wire_error_set(struct wire_error *err, const char *code,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Returns 1 when buf[0..len) is well-formed UTF-8 (no overlongs, no
 * surrogates, nothing past U+10FFFF), else 0. */
int wire_utf8_valid(const char *buf, size_t len);

/*
 * Decode one frame into a JSON object with a string "type". Checks, in this
 * order: size (too_large), UTF-8 (bad_utf8), JSON syntax (bad_json), that it
 * is an object with a string "type" (bad_request). Returns the object (the
 * caller owns it) or NULL with err filled.
 */
json_t *wire_decode(const void *buf, size_t len, struct wire_error *err);

/* Serialise msg compactly; returns a string the caller frees, or NULL if
 * it would exceed WIRE_MAX_FRAME (err filled). */
char *wire_encode(const json_t *msg, size_t *len, struct wire_error *err);

/* Member accessors. Each returns 0 and sets *out, or -1 with a bad_request
 * err naming the member. An absent optional member leaves *out as given. */
int wire_get_str(const json_t *obj, const char *key, int required,
    const char **out, struct wire_error *err);
/* A string member that must also be a short identifier (1..WIRE_MAX_ID
 * bytes of [A-Za-z0-9_.:-]). */
int wire_get_id(const json_t *obj, const char *key, int required,
    const char **out, struct wire_error *err);
int wire_get_int(const json_t *obj, const char *key, int required,
    int64_t min, int64_t max, int64_t *out, struct wire_error *err);
int wire_get_bool(const json_t *obj, const char *key, int required,
    int *out, struct wire_error *err);
/* Borrowed object / array member. */
int wire_get_object(const json_t *obj, const char *key, int required,
    json_t **out, struct wire_error *err);
int wire_get_array(const json_t *obj, const char *key, int required,
    json_t **out, struct wire_error *err);

/* Lenient readers for data already checked (replies, rows, events): the
 * string member key of obj, or dflt when it is absent or not a string
 * (borrowed from obj); the integer member, or dflt. obj may be NULL. */
const char *wire_str(const json_t *obj, const char *key, const char *dflt);
int64_t wire_int(const json_t *obj, const char *key, int64_t dflt);

/* Returns 1 when err may go away by itself (a timeout, an absent or
 * restarting peer, an internal error, a conflict, payment unavailable): a
 * retry should try again, and such an answer is never kept as final. */
int wire_error_transient(const struct wire_error *err);

/* Remove the members of obj whose value is null (members that do not
 * apply are absent on the wire). */
void wire_strip_nulls(json_t *obj);

/* Returns 1 when s is a valid identifier as wire_get_id defines it. */
int wire_id_valid(const char *s);

/* Builders. Each returns a new object the caller owns. */
json_t *wire_reply_ok(const char *id, json_t *result /* stolen, may be NULL */);
json_t *wire_reply_error(const char *id, const struct wire_error *err);
/* A reply-less error message (for frames that had no usable id). */
json_t *wire_error_msg(const struct wire_error *err);

/*
 * Read a reply: returns 1 when ok (result borrowed into *result, may be
 * NULL), 0 when it carries an error (copied into err), -1 when it is not a
 * well-formed reply (err says why).
 */
int wire_reply_parse(const json_t *reply, json_t **result,
    struct wire_error *err);

#endif
