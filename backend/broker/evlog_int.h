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

/*
 * evnats_follow on a thread of its own: the caller goes on at once (what
 * the old follower queued is dropped, and nothing more of it is taken),
 * and messages come again once the new follower is made. Asked again
 * while that thread is at work, it follows from the newer point once it
 * is done with the one in hand. Failures are logged; evnats_following
 * tells.
 */
void evnats_refollow(struct evnats *self, int64_t after);

/* 1 while a follower is there or being made (0 after the last try
 * failed: try it again later). */
int evnats_following(struct evnats *self);

/* 1 once after the connection came back (to this or another server):
 * the caller should follow again from what it has. */
int evnats_reconnected(struct evnats *self);

/* The largest message the server takes, in bytes. */
int64_t evnats_max_payload(const struct evnats *self);

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
 * A JetStream log's appends, gathered into one stream message a commit
 * (evlog_batch.c). Each event appended gets a seq slot that stays 0 until
 * the broker's copy of the stream holds the message (then the seq the
 * copy gave the event, or the first seq of its key), or -1 when the
 * message was refused or not copied in time.
 */
struct evbatch;

/* A new, empty batch (its message ids are this process's own). */
struct evbatch *evbatch_new(void);

/* Free it and every slot record; accepts NULL, nulls *self_p. Call it
 * after evnats_close (the slots of sent messages are evnats'). */
void evbatch_destroy(struct evbatch **self_p);

/* Add the event in (data: its JSON text) to the open message; *seq is
 * set to 0 and must stay valid until it is set again. */
void evbatch_add(struct evbatch *self, const struct evlog_in *in,
    const char *data, int64_t *seq);

/* Bytes of the open message so far (0 when none is open). */
size_t evbatch_bytes(const struct evbatch *self);

/* Publish the open message, if any, through nats; a message that cannot
 * be sent fails its events at the next evbatch_collect. */
void evbatch_send(struct evbatch *self, struct evnats *nats);

/* The copy met message msg_id holding n events: when it is one of ours,
 * the array (n seqs) the copy fills for them, else NULL. What it fills
 * counts once evbatch_copied says the copy committed. */
int64_t *evbatch_mine(struct evbatch *self, const char *msg_id, size_t n);

/* The copy's transaction ended (committed or not): the seqs filled since
 * evbatch_mine become their events' answers, or are forgotten. */
void evbatch_copied(struct evbatch *self, int committed);

/* Take, renew or give up l for holder at now (ttl_ms 0: give up the
 * holder's own), as evlog_lease says. Returns 1 when l changed (store
 * it), 0 when it stays as it is (another holds it, or there is nothing
 * of holder's to give up). */
int evlease_decide(struct evlease *l, const char *holder, int64_t ttl_ms,
    int64_t now);

/* The stream's last sequence now, asked of JetStream (KV_WAIT_MS at
 * most). 0, or -1 when it does not answer. */
int evnats_last(struct evnats *self, int64_t *last);

/* The value of key in the bucket <stream>_<name> (made when missing) in
 * *value (malloc'd, NUL-terminated) and its revision in *rev. Returns 1,
 * 0 when there is none (*value NULL, *rev 0), or -1 (logged). */
int evnats_kv_get(struct evnats *self, const char *name, const char *key,
    char **value, uint64_t *rev);

/* Store value under key in bucket <stream>_<name> only if its revision
 * is still rev (0: only if there is none). Returns 0, 1 when another
 * write came first (read again), or -1 (logged). */
int evnats_kv_put(struct evnats *self, const char *name, const char *key,
    const char *value, uint64_t rev);

/* When (monotonic ms) the oldest message the stream acknowledged but the
 * copy has not yet had back was acknowledged; 0 when there is none. A
 * follower that stays silent past an acknowledgement is lost. */
int64_t evbatch_uncopied_since(const struct evbatch *self);

/* After evnats_collect: fail (-1) the events of messages refused, or
 * stored but not copied within max_wait_ms of the stream's answer (all
 * of those with give_up); forget settled messages. Returns how many
 * messages still wait for an answer. */
size_t evbatch_collect(struct evbatch *self, int64_t max_wait_ms,
    int give_up);

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
