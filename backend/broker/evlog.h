/*
 * evlog.h: the broker's durable event log (SQLite, WAL, synchronous=FULL).
 *
 * Events are appended inside a batch (one transaction per poll batch:
 * group commit) and become visible to readers once the batch commits.
 * Each event may carry a publisher-chosen key; appending a key that is
 * already in the log returns the existing seq instead of a duplicate.
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

/* Open the log inside db (the broker's database). Never NULL. */
struct evlog *evlog_new(struct db *db);
void evlog_destroy(struct evlog **self_p);

/* The seq of the last committed event (0 when empty). */
int64_t evlog_head(const struct evlog *self);

/*
 * Append event {key?, type, order_id?, shop_id?, customer_id?, at?, data?}
 * (validated by the caller) to the open batch, starting one if needed.
 * Returns its seq (the earlier one for a known key), or -1.
 */
int64_t evlog_append(struct evlog *self, const json_t *event);

/* Commit the open batch, if any. Returns 0, or -1 when the batch was
 * lost (rolled back): then nothing of it may be acknowledged. */
int evlog_commit(struct evlog *self);

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

/* 1 when ev matches f. */
int evfilter_match(const struct evfilter *f, const struct evlog_event *ev);
/* Free the filter's strings (not the struct). */
void evfilter_clear(struct evfilter *f);

#endif
