/*
 * client.h: a connection to the baedal broker's front door (or back door,
 * for services), shared by the CLI, the TUIs and the service runtime.
 *
 * One DEALER socket. The client says hello with its token once, then makes
 * requests and follows subscriptions over the same connection. It sends
 * heartbeats, notices a silent broker (or, with a list of brokers, one
 * whose connection is lost or refused: client_eps.h), and after the broker
 * comes back, or at the next one, it says hello again and resumes every
 * subscription from the last event it received, so nothing is lost or
 * doubled. Not thread-safe: one thread.
 */
#ifndef BAEDAL_CLIENT_H
#define BAEDAL_CLIENT_H

#include <jansson.h>
#include <stdint.h>

#include "client_eps.h"
#include "wire.h"

struct client;

/* client_frame_send's answer for a message that can never be sent. */
#define CLIENT_TOO_LARGE (-2)

/*
 * Send msg (stolen) on the ZeroMQ socket sock without blocking, as one
 * frame, after a routing frame rid[0..rid_len) when rid is not NULL (a
 * ROUTER's peer) and an empty delimiter frame when req_style (a REQ peer
 * behind it). Returns 0 when sent, -1 when it could not be sent now (full
 * queue, peer gone), CLIENT_TOO_LARGE when it exceeds WIRE_MAX_FRAME. The
 * one way every baedal program puts a message on the wire.
 */
int client_frame_send(void *sock, const void *rid, size_t rid_len,
    int req_style, json_t *msg);
/* The same for a frame already encoded: buf[0..len), at most
 * WIRE_MAX_FRAME bytes (the caller's to check), not taken. */
int client_bytes_send(void *sock, const void *rid, size_t rid_len,
    int req_style, const void *buf, size_t len);

/*
 * Prepare sock, before it connects to endpoint, for the broker's
 * security. On tcp:// it speaks CURVE, with a fresh key pair of its own
 * and the broker's public key (Z85) from BAEDAL_SERVER_KEY (the key, or
 * a file holding it), else <home>/server.pub (home NULL: BAEDAL_HOME, or
 * the default data directory), unless insecure or BAEDAL_INSECURE=1 (a
 * broker run with --insecure). ipc and inproc are left alone. Returns
 * 1 when CURVE is on, 0 when not needed, or -1 with err when a tcp
 * endpoint has no usable key.
 */
int client_secure(void *sock, const char *endpoint, const char *home,
    int insecure, struct wire_error *err);

/*
 * Connect to endpoint ("tcp://127.0.0.1:8088", "ipc:///path", "inproc://x",
 * or a comma-separated list of them: see client_eps.h for when a broker
 * is left for the next; the call in progress is sent there again with the
 * same id) as the user whose secret is token. zmq_ctx may be NULL (the client makes
 * its own context) or shared (inproc needs the broker's). Never blocks:
 * hello is sent at once and answered later. Returns NULL with err filled
 * when the endpoint is malformed, or is tcp:// with no server key (see
 * client_secure).
 */
struct client *client_new(void *zmq_ctx, const char *endpoint,
    const char *token, struct wire_error *err);

/* Close and free; accepts NULL and sets *self_p to NULL. */
void client_destroy(struct client **self_p);

/*
 * Block until the hello is answered or timeout_ms passes. Returns the
 * identity the broker gave ({"user","role","shop_id","name"}, borrowed,
 * valid until the next call) or NULL with err (unauthorized, timeout; on
 * tcp:// a broker that keeps refusing the encrypted handshake, as with
 * a wrong server key or a plain client, is unauthorized at once).
 */
const json_t *client_wait_ready(struct client *self, int timeout_ms,
    struct wire_error *err);

/*
 * A request to service.method with body (stolen; NULL means {}), waiting
 * at most timeout_ms for the answer. Returns the result (the caller owns
 * it) or NULL with err. Events that arrive meanwhile are queued for
 * client_next_event.
 */
json_t *client_call(struct client *self, const char *service,
    const char *method, json_t *body, int timeout_ms, struct wire_error *err);

/*
 * The same as client_call, with the request id given: a retry of an
 * action that may have happened (a timeout, a lost connection) must reuse
 * its id, so the service answers it with the first answer instead of doing
 * it twice. id NULL makes a fresh one. An in_progress answer (an earlier
 * try of the same request still at work) is asked again, same id, after
 * its retry_after_ms, while timeout_ms lasts (both functions).
 */
json_t *client_request(struct client *self, const char *id,
    const char *service, const char *method, json_t *body, int timeout_ms,
    struct wire_error *err);

/* Write a fresh request id (never used before, by any process) into buf
 * (at least 48 bytes), for client_request. */
void client_new_id(struct client *self, char *buf, size_t size);

/*
 * Follow the events that match filter (stolen; NULL means all the caller
 * may see: {"shop_id","order_id","customer_id","types":[prefix,...]}) with
 * seq greater than from; from < 0 means only events from now on (the
 * position is then the first event received). sub names the subscription
 * (an identifier).
 * The backlog arrives first, then live events, in order. Returns 0, or -1
 * with err when the broker refuses.
 */
int client_subscribe(struct client *self, const char *sub, json_t *filter,
    int64_t from, struct wire_error *err);

/* Stop following sub (and forget its position). Events of it already
 * queued are still returned. */
void client_unsubscribe(struct client *self, const char *sub);

/*
 * Wait at most timeout_ms (0: do not wait) for the next event, driving
 * heartbeats and reconnection meanwhile. Returns
 * {"sub": name, "event": {seq,type,order_id,shop_id,customer_id,at,data}},
 * or {"sub": name, "live": seq} once a subscription's backlog is drained
 * (after each (re)subscribe), owned by the caller; NULL when none came.
 */
json_t *client_next_event(struct client *self, int timeout_ms);

/* 1 while the broker has been heard from recently and the session is
 * established; 0 while it is unreachable or the hello is pending. */
int client_online(const struct client *self);

/* The ZeroMQ socket, for a caller's own zmq_poll alongside stdin. */
void *client_socket(struct client *self);

/* The last broker-side error the session got (for example a refused
 * token), or NULL. Borrowed. */
const struct wire_error *client_last_error(const struct client *self);

#endif
