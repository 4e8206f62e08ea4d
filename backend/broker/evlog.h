/*
 * evlog.h: the broker's durable event log, on one of two backends:
 *
 *   embedded   SQLite in the broker's database (WAL, synchronous=FULL);
 *              the default, needs no server.
 *   JetStream  a NATS JetStream stream (file storage, replicated); the
 *              broker keeps a copy of it in its own SQLite file, which
 *              readers are served from.
 *
 * Events are appended inside a batch (one transaction, or one window of
 * acknowledgements, per poll batch: group commit) and become visible to
 * readers once the batch commits (embedded) or once the stream hands them
 * back (JetStream). Each event may carry a publisher-chosen key;
 * appending a key that is already in the log returns the existing seq
 * instead of a duplicate.
 */
#ifndef BAEDAL_EVLOG_H
#define BAEDAL_EVLOG_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"

struct evlog;

/* Which events a reader wants. NULL / 0 members match anything. */
struct evfilter {
	char *shop_id;
	char *customer_id;
	int64_t order_id;
	char **types;       /* type prefixes, NULL-terminated, or NULL */
};

/* Open the embedded log inside db (the broker's database). Never NULL. */
struct evlog *evlog_new(struct db *db);

/* Where a JetStream log lives. */
struct evlog_nats_opts {
	const char *urls;         /* nats://HOST:PORT[,nats://HOST:PORT...] */
	const char *stream;       /* stream name; subject <stream>.events */
	int replicas;             /* the stream's replicas (1..5) */
	int64_t dup_window_ms;    /* JetStream's duplicate window */
	int64_t max_wait_ms;      /* an append not acknowledged by then fails */
};

/*
 * Open the log on JetStream (see evlog_nats_opts), with the broker's copy
 * of the stream in the SQLite file copy_path, and catch the copy up with
 * the stream before returning. Returns NULL, with the reason in err
 * (errlen bytes), when the servers cannot be reached, the stream is not
 * as configured, or the copy cannot be opened.
 */
struct evlog *evlog_open_nats(const struct evlog_nats_opts *o,
    const char *copy_path, char *err, size_t errlen);

/*
 * 1 when this broker's copy holds every event the log held at monotonic
 * time since: always on the embedded log; on JetStream once the stream's
 * last message, as read from JetStream at or after since (one read
 * serves every caller asking with an earlier since), is copied. A
 * subscriber is told "live" only then, so a service that takes over a
 * lease has everything its predecessor published, even through another
 * broker or while this one's follower was being made again. 0: not yet
 * (ask again later; a failed read is tried again a second later).
 */
int evlog_synced(struct evlog *self, int64_t since);

/* Close the log (and its connection); accepts NULL, nulls *self_p. */
void evlog_destroy(struct evlog **self_p);

/* The seq of the last committed event (0 when empty). */
int64_t evlog_head(const struct evlog *self);

/* The events appended since the last call are one publish, whole. On
 * JetStream the appends of a batch go to the stream together, as one
 * message stored whole or not at all; here that message is sent early
 * when it is already large (a publish is never split). Nothing on the
 * embedded log. */
void evlog_publish_end(struct evlog *self);

/*
 * Append event {key?, type, order_id?, shop_id?, customer_id?, at?, data?}
 * (validated by the caller) to the open batch, starting one if needed.
 * *seq gets its seq (the earlier one for a known key): at once on the
 * embedded log. On JetStream *seq is 0 until the broker's copy of the
 * stream holds the event; a later evlog_commit (or evlog_settle) sets
 * it, -1 meaning the batch's message was not stored, or not copied in
 * time (it may be tried again with its keys); *seq must stay valid until
 * it is set. Returns 0, or -1 (and *seq = -1, at once or by the next
 * commit) when it cannot be appended now.
 */
int evlog_append(struct evlog *self, const json_t *event, int64_t *seq);

/* An event to append, as its publisher wrote it (validated by the
 * caller); strings NUL-terminated, data JSON text of data_len bytes. */
struct evlog_in {
	const char *key;        /* NULL: none */
	const char *type;
	int64_t order_id;       /* 0: none */
	const char *shop_id;    /* NULL: none */
	const char *customer_id; /* NULL: none */
	int64_t at;             /* -1: now */
	const char *data;       /* NULL: {} */
	size_t data_len;
};

/* evlog_append for an event already taken apart: its data is stored as
 * the text it is, never parsed. The same contract otherwise. */
int evlog_append_in(struct evlog *self, const struct evlog_in *in,
    int64_t *seq);

/* Commit the open batch, if any; on JetStream, set the seqs of the
 * appends the stream has answered since, without waiting (the others
 * stay 0: commit again later; the descriptor of evlog_fd turns readable
 * when answers come). Returns 0, or -1 when the batch was lost (rolled
 * back): then nothing of it may be acknowledged. */
int evlog_commit(struct evlog *self);

/* On JetStream, wait (bounded) until every append is answered and its
 * seq set; nothing on the embedded log. For a broker that stops. */
void evlog_settle(struct evlog *self);

/* A descriptor that turns readable when evlog_poll has work (events
 * followed from JetStream), or -1 for the embedded log. */
int evlog_fd(const struct evlog *self);

/* Take in what the stream handed back since the last call, moving the
 * head. Returns how many events became readable (0 on the embedded log,
 * whose events become readable at commit). */
int evlog_poll(struct evlog *self);

/*
 * An event as the log holds it: the members a filter looks at, and its
 * wire text ({"seq","type","order_id"?,"shop_id"?,"customer_id"?,"at",
 * "data"}), serialised once when it was appended (or when read back from
 * disk). Everything is borrowed and valid only during the callback.
 */
struct evlog_event {
	int64_t seq;
	int64_t order_id;       /* 0: none */
	const char *type;
	const char *shop_id;    /* NULL: none */
	const char *customer_id;
	const char *text;
	size_t len;
};

/* What evlog_each does with each event; nonzero stops it there. */
typedef int (*evlog_fn)(void *arg, const struct evlog_event *ev);

/*
 * Give fn, in seq order, up to limit committed events with seq > after
 * that match f: the recent ones from memory, older ones from disk.
 * Returns how many fn took, or -1 when the log cannot be read (try again
 * later). *scanned is set to the last seq examined, so a reader whose
 * filter matched nothing can move its cursor past what it skipped; when
 * fn stops early, *scanned is the seq of the event it stopped at minus
 * one.
 */
int evlog_each(struct evlog *self, int64_t after, const struct evfilter *f,
    int limit, evlog_fn fn, void *arg, int64_t *scanned);

/*
 * Records every broker of a JetStream log shares (named sets of JSON
 * objects by key, such as the users): *out gets all the records of set
 * name as an array (owned), or NULL on the embedded log. Returns 0, or
 * -1 (logged) when JetStream cannot give them.
 */
int evlog_shared_all(struct evlog *self, const char *name, json_t **out);

/* Add record value under key to set name, unless one is there already
 * (the first stays). 0 (also on the embedded log, which shares nothing),
 * or -1 (logged). */
int evlog_shared_add(struct evlog *self, const char *name, const char *key,
    const json_t *value);

/*
 * A service's lease: which of its processes may act (take requests, act
 * on events, publish), under which epoch, until when. The epoch grows by
 * one each time the lease changes hands: it is the fencing token a
 * holder's publishes carry (broker_lease.c).
 */
#define EVLEASE_HOLDER_MAX 96
struct evlease {
	char holder[EVLEASE_HOLDER_MAX]; /* "" when never held */
	int64_t epoch;          /* 0 when never held */
	int64_t expires_at;     /* wall-clock ms; 0 when given up */
};

/*
 * Take or renew service's lease for holder until now + ttl_ms: done when
 * nobody holds it, it expired or was given up, or holder holds it;
 * ttl_ms 0 gives up holder's own. *out gets the lease as it stands
 * after. Every broker of a JetStream log shares one lease (a key-value
 * bucket written only over the revision read, so two brokers never both
 * grant it); the embedded log keeps it in its database, committed
 * before this returns. Returns 1 when taken, renewed or given up, 0 when
 * another holds it (*out says who, until when), -1 (logged) when it
 * cannot be read or stored.
 */
int evlog_lease(struct evlog *self, const char *service, const char *holder,
    int64_t ttl_ms, int64_t now, struct evlease *out);

/* Read service's lease into *out (all zero: never held). 0, or -1
 * (logged). */
int evlog_lease_get(struct evlog *self, const char *service,
    struct evlease *out);

/* 1 when ev matches f. */
int evfilter_match(const struct evfilter *f, const struct evlog_event *ev);
/* Free the filter's strings (not the struct). */
void evfilter_clear(struct evfilter *f);

#endif
