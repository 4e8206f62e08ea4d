/*
 * evlog_int.h: the event log's insides. evlog.c is the log the broker
 * sees (the memory ring, the SQLite table, filtered reads, the embedded
 * backend's append and commit); evlog_nats.c is the link to a NATS
 * JetStream stream (publishing with acknowledgements, following the
 * stream), which evlog.c uses when the log lives there. evlog_nats.c
 * knows nothing of SQLite or of the event's members: it moves bytes.
 * Not for other modules.
 */
#ifndef BAEDAL_EVLOG_INT_H
#define BAEDAL_EVLOG_INT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "evlog.h"

struct evnats;

/* One message followed from the stream. key and body are borrowed from
 * the message and valid until evnats_msg_done. */
struct evnats_msg {
	int64_t seq;            /* the stream sequence */
	const char *key;        /* its Nats-Msg-Id, or NULL */
	const char *body;
	size_t len;
	void *own;              /* the library's message */
};

/*
 * Connect to o->urls, then find the stream o->stream (subject
 * "<stream>.events") or create it (file storage, o->replicas,
 * o->dup_window_ms). An existing stream with another replica count is
 * an error; its duplicate window is set to o->dup_window_ms. Returns the
 * link, with *created (ns since the epoch) and *last (its last seq) of
 * the stream; NULL with the reason in err (errlen bytes) when the
 * servers cannot be reached or the stream is not right.
 */
struct evnats *evnats_open(const struct evlog_nats_opts *o, int64_t *created,
    int64_t *last, char *err, size_t errlen);

/* Close the connection, drop what was followed and not taken; accepts
 * NULL and nulls *self_p. */
void evnats_close(struct evnats **self_p);

/*
 * Follow the stream from the event after seq `after`: its messages, in
 * stream order, become available to evnats_take, and the descriptor of
 * evnats_fd turns readable. Following again restarts from the new point.
 * Returns 0, or -1 (logged).
 */
int evnats_follow(struct evnats *self, int64_t after);

/* 1 while a follower is there (0 after evnats_follow failed: try it
 * again later). */
int evnats_following(const struct evnats *self);

/* 1 once after the connection came back (to this or another server):
 * the caller should follow again from what it has. */
int evnats_reconnected(struct evnats *self);

/* A descriptor readable while followed messages wait. */
int evnats_fd(const struct evnats *self);

/* Take up to max followed messages into out; each must be given back
 * with evnats_msg_done. Returns how many. */
int evnats_take(struct evnats *self, struct evnats_msg *out, int max);

/* Free a message taken with evnats_take. */
void evnats_msg_done(struct evnats_msg *m);

/*
 * Publish body[0..len) with key as its Nats-Msg-Id (NULL: none), without
 * waiting: *slot is 0 while it waits, and evnats_collect (or evnats_wait)
 * sets it to its stream sequence (an earlier one for a key the stream
 * has seen within its duplicate window) once JetStream acknowledges it,
 * or to -1. *slot must stay valid until then. Returns 0, or -1 when it
 * cannot be sent (not connected, or the window stayed full): *slot is -1
 * by the next collect.
 */
int evnats_publish(struct evnats *self, const char *key, const char *body,
    size_t len, int64_t *slot);

/* Hand the answers that came to their slots (-1 for a publish unanswered
 * for max_wait_ms + 250 ms), without waiting. Returns how many publishes
 * still wait. */
size_t evnats_collect(struct evnats *self);

/* Wait (bounded by max_wait_ms + 250 ms) until every publish is answered,
 * then collect: every slot is set (-1 for those unanswered). */
void evnats_wait(struct evnats *self);

/*
 * The records kept in the key-value bucket <stream>_<name> (file
 * storage, the stream's replicas; made when missing): *out gets an array
 * of them (owned), each the JSON object stored. Returns 0, or -1
 * (logged).
 */
int evnats_records(struct evnats *self, const char *name, json_t **out);

/* Store record value (compact JSON) under key in bucket <stream>_<name>
 * unless the key is there already (the first one stays). 0 or -1. */
int evnats_record_add(struct evnats *self, const char *name,
    const char *key, const json_t *value);

#endif
