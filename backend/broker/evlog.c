/*
 * evlog.c: the event log table, group commit, filtered reads.
 *
 * Each event is serialised once, when it is appended: the text stored
 * beside its columns in memory is what every subscriber is sent. The
 * last EVLOG_CACHE events stay in memory (a ring indexed by seq), so
 * live subscribers are fed without touching SQLite; older ones are read
 * from disk and their text rebuilt from the columns (the stored data is
 * already JSON text).
 *
 * On JetStream the table is the broker's copy of the stream: the appends
 * of a commit go to the stream as one message (evlog_batch.c,
 * evlog_nats.c), and the events come back, in stream order, into the
 * copy and the ring (evlog_poll). The copy numbers them itself, the same
 * way on every broker following the stream, so they all serve the same
 * seqs: the events of a message take the next seqs in turn, except one
 * whose key the copy holds already (a publisher's retry), which is
 * dropped and answered with its first seq. A message of the previous
 * version (one event, its key as Nats-Msg-Id) or not an event keeps its
 * stream seq's place, as that version numbered it.
 */
#include "evlog_int.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jbuf.h"
#include "util.h"
#include "wire.h"

/* The events table: the key's declaration, then the rest. */
#define EVENTS_TABLE(key) \
    "CREATE TABLE IF NOT EXISTS events (" \
    " seq INTEGER PRIMARY KEY," \
    " key TEXT " key "," \
    " type TEXT NOT NULL," \
    " order_id INTEGER," \
    " shop_id TEXT," \
    " customer_id TEXT," \
    " at INTEGER NOT NULL," \
    " data TEXT NOT NULL);" \
    "CREATE INDEX IF NOT EXISTS events_order ON events(order_id, seq);" \
    "CREATE INDEX IF NOT EXISTS events_customer ON events(customer_id, seq);" \
    "CREATE INDEX IF NOT EXISTS events_shop ON events(shop_id, seq);"

static const char evlog_schema[] = EVENTS_TABLE("UNIQUE")
    /* Services' leases (evlog_lease); made by the version that brought
     * them, in a database of an earlier one too. */
    "CREATE TABLE IF NOT EXISTS leases ("
    " service TEXT PRIMARY KEY, holder TEXT NOT NULL,"
    " epoch INTEGER NOT NULL, expires_at INTEGER NOT NULL);";

/* The broker's copy of a JetStream stream: keys repeat (a retry later
 * than the duplicate window, a keyless event), and which stream it is a
 * copy of is remembered, so a stream made anew is copied anew. */
static const char copy_schema[] = EVENTS_TABLE("")
    "CREATE INDEX IF NOT EXISTS events_key ON events(key);"
    "CREATE TABLE IF NOT EXISTS copy_of ("
    " id INTEGER PRIMARY KEY CHECK (id = 1), stream TEXT NOT NULL,"
    " created INTEGER NOT NULL);"
    /* The last stream seq copied (a copy made before this table: its
     * last event's seq, then the stream's). */
    "CREATE TABLE IF NOT EXISTS copy_pos ("
    " id INTEGER PRIMARY KEY CHECK (id = 1), stream_seq INTEGER NOT NULL);";

#define EVLOG_CACHE 4096     /* events kept in memory, a power of two */
#define EXAMINE_MAX 4096     /* events one call looks at, at most */
#define POLL_MAX 4096        /* followed events taken in per evlog_poll */
#define CATCH_UP_IDLE_MS 15000 /* catching up: give up after no progress */
#define REFOLLOW_MS 1000     /* a follower that could not be made: again */
#define SYNC_RETRY_MS 1000   /* evlog_synced: a failed read tried again */
#define COPY_STALL_MS 500    /* an acknowledged message not back by then:
                                the follower is lost (on a server gone) */
#define MESSAGE_BYTES (256 * 1024) /* a JetStream message is sent at a
                                   publish's end once this large */
#define PUBLISH_BYTES (WIRE_MAX_FRAME + 4096) /* a publish's events, at
                                   most, as a JetStream message has them */

/* One event in memory: its text, then its type, shop and customer, in
 * one allocation. */
struct cached {
	int64_t seq;            /* 0: empty */
	struct evlog_event ev;
	struct jbuf buf;        /* the text, then type, shop, customer */
};

struct evlog {
	struct db *db;
	struct evnats *nats; /* NULL: the embedded log */
	struct evbatch *batch; /* JetStream: the open message, those sent */
	int64_t max_wait_ms; /* JetStream: a message unanswered fails then */
	int64_t stream_head; /* JetStream: the last stream seq copied */
	int64_t message_bytes; /* JetStream: send the open message once this
	                          large, at a publish's end */
	int own_db;        /* the JetStream copy: closed with the log */
	int64_t follow_at; /* JetStream: follow again then, if not following */
	int64_t sync_target; /* JetStream: the stream's last seq as read... */
	int64_t sync_at;   /* ...then (monotonic ms; 0 never) */
	int64_t sync_failed; /* JetStream: when that read last failed */
	int64_t head;      /* last committed (JetStream: copied) */
	int64_t staged;    /* last appended in the open batch */
	int in_batch;
	int lost;          /* a batch committed early (evlog_lease) failed:
	                      the next evlog_commit says so to its caller */
	struct jbuf data;  /* an appended event's data, NUL-terminated */
	struct cached cache[EVLOG_CACHE];
	struct evnats_msg taken[POLL_MAX]; /* JetStream: being copied */
};

struct evlog *
evlog_new(struct db *db)
{
	struct evlog *self = xcalloc(1, sizeof *self);

	self->db = db;
	db_exec(db, evlog_schema);
	self->head = self->staged = db_int(db, 0,
	    "SELECT max(seq) FROM events", NULL);
	return self;
}

void
evlog_destroy(struct evlog **self_p)
{
	struct evlog *self = *self_p;

	if (self == NULL)
		return;
	if (self->in_batch)
		evlog_commit(self);
	evnats_close(&self->nats);
	evbatch_destroy(&self->batch);
	if (self->own_db)
		db_destroy(&self->db);
	for (size_t i = 0; i < EVLOG_CACHE; i++)
		jbuf_free(&self->cache[i].buf);
	jbuf_free(&self->data);
	free(self);
	*self_p = NULL;
}

int64_t
evlog_head(const struct evlog *self)
{
	return self->head;
}

void
evlog_publish_end(struct evlog *self)
{
	if (self->nats != NULL &&
	    (int64_t)evbatch_bytes(self->batch) >= self->message_bytes)
		evbatch_send(self->batch, self->nats);
}

/* Append s and its NUL; returns where s starts in b. */
static size_t
put_cstr(struct jbuf *b, const char *s)
{
	size_t at = b->len;

	jbuf_put(b, s, strlen(s) + 1);
	return at;
}

/*
 * Fill c with event seq: its wire text, then copies of type, shop and
 * customer after the text's NUL, and the event's view of all of them.
 * The text has the members in the order the wire has always had them.
 */
static void
cached_fill(struct cached *c, int64_t seq, const char *type,
    int64_t order_id, const char *shop, const char *cust, int64_t at,
    const char *data)
{
	struct jbuf *b = &c->buf;
	size_t len, t, sh = 0, cu = 0;

	jbuf_reset(b);
	jbuf_lit(b, "{\"seq\":");
	jbuf_int(b, seq);
	jbuf_member_str(b, "type", type);
	if (order_id != 0)
		jbuf_member_int(b, "order_id", order_id);
	if (shop != NULL)
		jbuf_member_str(b, "shop_id", shop);
	if (cust != NULL)
		jbuf_member_str(b, "customer_id", cust);
	jbuf_member_int(b, "at", at);
	jbuf_lit(b, ",\"data\":");
	jbuf_put(b, data, strlen(data));
	jbuf_lit(b, "}");
	len = b->len;
	jbuf_put(b, "", 1);
	t = put_cstr(b, type);
	if (shop != NULL)
		sh = put_cstr(b, shop);
	if (cust != NULL)
		cu = put_cstr(b, cust);
	c->seq = seq;
	c->ev = (struct evlog_event){ .seq = seq, .order_id = order_id,
	    .type = b->data + t, .shop_id = shop ? b->data + sh : NULL,
	    .customer_id = cust ? b->data + cu : NULL, .text = b->data,
	    .len = len };
}

/* Store event seq in the table (inside the open transaction) and in
 * the ring. Returns 0, or -1 when the row could not be written. */
static int
evlog_store(struct evlog *self, int64_t seq, const char *key,
    const char *type, int64_t order, const char *shop, const char *cust,
    int64_t when, const char *data)
{
	if (db_do(self->db, "INSERT INTO events(seq, key, type, order_id, "
	    "shop_id, customer_id, at, data) "
	    "VALUES (?,?,?,nullif(?,0),?,?,?,?)",
	    "ississis", seq, key, type, order, shop, cust, when, data) != 1)
		return -1;
	cached_fill(&self->cache[seq & (EVLOG_CACHE - 1)], seq, type, order,
	    shop, cust, when, data);
	return 0;
}

/* The first seq of key in the table, or 0. */
static int64_t
evlog_key_seq(struct evlog *self, const char *key)
{
	return db_int(self->db, 0, "SELECT seq FROM events WHERE key = ? "
	    "ORDER BY seq LIMIT 1", "s", key);
}

int
evlog_append_in(struct evlog *self, const struct evlog_in *in,
    int64_t *seq_out)
{
	const char *data = "{}";
	int64_t seq;

	*seq_out = -1;
	if (in->data != NULL) {
		/* A NUL-terminated copy, as SQLite and the cache take it. */
		jbuf_reset(&self->data);
		jbuf_put(&self->data, in->data, in->data_len);
		data = self->data.data;
	}
	if (self->nats != NULL) {
		/* Its key is looked for when the copy takes it in. */
		evbatch_add(self->batch, in, data, seq_out);
		return 0;
	}
	if (!self->in_batch) {
		if (db_begin(self->db) != 0)
			return -1;
		self->in_batch = 1;
	}
	if (in->key != NULL && (seq = evlog_key_seq(self, in->key)) > 0) {
		*seq_out = seq;
		return 0;
	}
	seq = self->staged + 1;
	if (evlog_store(self, seq, in->key, in->type, in->order_id,
	    in->shop_id, in->customer_id, in->at >= 0 ? in->at : now_ms(),
	    data) != 0)
		return -1;
	self->staged = seq;
	*seq_out = seq;
	return 0;
}

int
evlog_append(struct evlog *self, const json_t *ev, int64_t *seq_out)
{
	json_t *at = json_object_get(ev, "at");
	json_t *data = json_object_get(ev, "data");
	char *text = data ? json_dumps(data, JSON_COMPACT) : NULL;
	struct evlog_in in = {
		.key = json_string_value(json_object_get(ev, "key")),
		.type = json_string_value(json_object_get(ev, "type")),
		.order_id = json_integer_value(json_object_get(ev, "order_id")),
		.shop_id = json_string_value(json_object_get(ev, "shop_id")),
		.customer_id = json_string_value(json_object_get(ev,
		    "customer_id")),
		.at = json_is_integer(at) ? json_integer_value(at) : -1,
		.data = text,
		.data_len = text ? strlen(text) : 0,
	};
	int rc = evlog_append_in(self, &in, seq_out);

	free(text);
	return rc;
}

void
evlog_settle(struct evlog *self)
{
	struct pollfd p;
	int64_t until;

	if (self->nats == NULL)
		return;
	evbatch_send(self->batch, self->nats);
	evnats_wait(self->nats);
	/* Stored: wait for the copy to give the seqs, bounded. */
	p = (struct pollfd){ .fd = evnats_fd(self->nats), .events = POLLIN };
	until = mono_ms() + self->max_wait_ms;
	while (evbatch_collect(self->batch, self->max_wait_ms, 0) > 0 &&
	    mono_ms() < until) {
		poll(&p, 1, 50);
		evlog_poll(self);
	}
	evbatch_collect(self->batch, self->max_wait_ms, 1);
}

int
evlog_commit(struct evlog *self)
{
	if (self->nats != NULL) {
		evbatch_send(self->batch, self->nats);
		evnats_collect(self->nats);
		evbatch_collect(self->batch, self->max_wait_ms, 0);
		return 0; /* each event's seq says how it went */
	}
	if (self->lost) {
		self->lost = 0;
		return -1; /* the publishes waiting were not stored */
	}
	if (!self->in_batch)
		return 0;
	self->in_batch = 0;
	if (db_commit(self->db) != 0) {
		/* What was staged in memory is past the head, never read,
		 * and overwritten by the next appends of the same seqs. */
		db_rollback(self->db);
		self->staged = self->head;
		return -1;
	}
	self->head = self->staged;
	return 0;
}

static int
evfilter_type_match(char **types, const char *type)
{
	if (types == NULL)
		return 1;
	for (; *types != NULL; types++)
		if (strncmp(type, *types, strlen(*types)) == 0)
			return 1;
	return 0;
}

static int
same(const char *want, const char *have)
{
	return want == NULL || (have != NULL && strcmp(want, have) == 0);
}

int
evfilter_match(const struct evfilter *f, const struct evlog_event *ev)
{
	return same(f->shop_id, ev->shop_id) &&
	    same(f->customer_id, ev->customer_id) &&
	    (f->order_id == 0 || ev->order_id == f->order_id) &&
	    evfilter_type_match(f->types, ev->type);
}

void
evfilter_clear(struct evfilter *f)
{
	char **t;

	free(f->shop_id);
	free(f->customer_id);
	if (f->types != NULL) {
		for (t = f->types; *t != NULL; t++)
			free(*t);
		free(f->types);
	}
	memset(f, 0, sizeof *f);
}

/* The committed events after `after` that the filter's most selective
 * member matches, using that member's index (seq order), as a bound
 * statement to step (columns: seq, type, order_id, shop_id, customer_id,
 * at, data). */
static sqlite3_stmt *
evlog_select(struct evlog *self, int64_t after, const struct evfilter *f,
    int limit)
{
	if (f->customer_id != NULL)
		return db_query(self->db, "SELECT seq, type, order_id, shop_id,"
		    " customer_id, at, data FROM events WHERE "
		    "customer_id = ?1 AND seq > ?2 AND seq <= ?3 AND "
		    "(?4 IS NULL OR shop_id = ?4) AND (?5 = 0 OR order_id = ?5) "
		    "ORDER BY seq LIMIT ?6", "siisii", f->customer_id, after,
		    self->head, f->shop_id, f->order_id, (int64_t)limit);
	if (f->shop_id != NULL)
		return db_query(self->db, "SELECT seq, type, order_id, shop_id,"
		    " customer_id, at, data FROM events WHERE "
		    "shop_id = ?1 AND seq > ?2 AND seq <= ?3 AND "
		    "(?4 = 0 OR order_id = ?4) ORDER BY seq LIMIT ?5", "siiii",
		    f->shop_id, after, self->head, f->order_id, (int64_t)limit);
	if (f->order_id != 0)
		return db_query(self->db, "SELECT seq, type, order_id, shop_id,"
		    " customer_id, at, data FROM events WHERE "
		    "order_id = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq "
		    "LIMIT ?4", "iiii", f->order_id, after, self->head,
		    (int64_t)limit);
	return db_query(self->db, "SELECT seq, type, order_id, shop_id, "
	    "customer_id, at, data FROM events WHERE seq > ?1 "
	    "AND seq <= ?2 ORDER BY seq LIMIT ?3", "iii", after, self->head,
	    (int64_t)limit);
}

static const char *
column_text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* Events from disk: shop, customer and order narrow in SQL through
 * their indexes, type prefixes here. */
static int
evlog_each_disk(struct evlog *self, int64_t after, const struct evfilter *f,
    int limit, evlog_fn fn, void *arg, int64_t *scanned)
{
	sqlite3_stmt *st = evlog_select(self, after, f, limit);
	struct cached row = { 0 };
	int n = 0, rows = 0, rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);

		rows++;
		cached_fill(&row, seq, column_text(st, 1),
		    sqlite3_column_int64(st, 2), column_text(st, 3),
		    column_text(st, 4), sqlite3_column_int64(st, 5),
		    column_text(st, 6));
		if (evfilter_type_match(f->types, row.ev.type)) {
			if (fn(arg, &row.ev) != 0) {
				*scanned = seq - 1;
				break;
			}
			n++;
		}
		*scanned = seq;
	}
	db_query_end(st);
	jbuf_free(&row.buf);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (rc == SQLITE_DONE && rows < limit)
		*scanned = self->head; /* nothing more matches up to the head */
	return n;
}

int
evlog_each(struct evlog *self, int64_t after, const struct evfilter *f,
    int limit, evlog_fn fn, void *arg, int64_t *scanned)
{
	int64_t seq = after + 1;
	int n = 0, examined = 0;

	*scanned = after;
	/* The scan is bounded by the committed head, never the open batch. */
	for (; seq <= self->head && n < limit && examined < EXAMINE_MAX;
	    seq++, examined++) {
		const struct cached *c = &self->cache[seq & (EVLOG_CACHE - 1)];

		if (c->seq != seq)
			break; /* no longer in memory */
		if (evfilter_match(f, &c->ev)) {
			if (fn(arg, &c->ev) != 0)
				return n;
			n++;
		}
		*scanned = seq;
	}
	if (seq > self->head || n >= limit || examined >= EXAMINE_MAX ||
	    examined > 0)
		return n;
	return evlog_each_disk(self, after, f, limit, fn, arg, scanned);
}

/* ---- JetStream: the broker's copy of the stream ------------------- */

/* Store ev (an object with "type") as event seq in the open
 * transaction. Returns 0, or -1 when the row could not be written. */
static int
evlog_copy_event(struct evlog *self, const json_t *ev, const char *key,
    int64_t seq)
{
	json_t *data = json_object_get(ev, "data");
	char *text = data ? json_dumps(data, JSON_COMPACT) : NULL;
	int rc = evlog_store(self, seq, key,
	    json_string_value(json_object_get(ev, "type")),
	    json_integer_value(json_object_get(ev, "order_id")),
	    json_string_value(json_object_get(ev, "shop_id")),
	    json_string_value(json_object_get(ev, "customer_id")),
	    json_integer_value(json_object_get(ev, "at")),
	    text ? text : "{}");

	free(text);
	return rc;
}

/* A message of this version: its events take the seqs after *last in
 * turn, but for a key the copy holds already (its first seq is the
 * event's). The publishing broker gets the seqs (evbatch_mine). */
static int
evlog_copy_batch(struct evlog *self, const struct evnats_msg *m,
    const json_t *events, int64_t *last)
{
	size_t i, n = json_array_size(events);
	int64_t *mine = evbatch_mine(self->batch, m->key, n), seq;
	const json_t *ev;
	const char *key;

	json_array_foreach(events, i, ev) {
		key = json_string_value(json_object_get(ev, "key"));
		seq = 0;
		if (json_string_value(json_object_get(ev, "type")) == NULL) {
			log_warn("event log: stream message %lld holds a "
			    "non-event; skipped", (long long)m->seq);
			seq = -1;
		} else if (key == NULL || (seq = evlog_key_seq(self, key)) == 0) {
			seq = *last + 1;
			if (evlog_copy_event(self, ev, key, seq) != 0)
				return -1;
			*last = seq;
		}
		if (mine != NULL)
			mine[i] = seq;
	}
	return 0;
}

/* Copy one followed message into the open transaction, *last being the
 * last seq given and prev the stream seq of the message before. A
 * message of the previous version (an event, its key the Nats-Msg-Id)
 * and one that is not an event (written to the subject by someone
 * else, skipped) keep the place of their stream seq. */
static int
evlog_copy_one(struct evlog *self, const struct evnats_msg *m, int64_t prev,
    int64_t *last)
{
	json_t *msg = json_loadb(m->body, m->len, 0, NULL);
	json_t *events = json_object_get(msg, "events");
	int rc = 0;

	if (json_is_array(events) && json_object_get(msg, "type") == NULL) {
		rc = evlog_copy_batch(self, m, events, last);
		json_decref(msg);
		return rc;
	}
	*last += m->seq - prev;
	if (json_string_value(json_object_get(msg, "type")) != NULL)
		rc = evlog_copy_event(self, msg, m->key, *last);
	else
		log_warn("event log: stream message %lld is not an event; "
		    "skipped", (long long)m->seq);
	json_decref(msg);
	return rc;
}

int
evlog_shared_all(struct evlog *self, const char *name, json_t **out)
{
	*out = NULL;
	return self->nats != NULL ? evnats_records(self->nats, name, out) : 0;
}

int
evlog_shared_add(struct evlog *self, const char *name, const char *key,
    const json_t *value)
{
	return self->nats != NULL ?
	    evnats_record_add(self->nats, name, key, value) : 0;
}

int
evlog_synced(struct evlog *self, int64_t since)
{
	int64_t now = mono_ms(), last;

	if (self->nats == NULL)
		return 1;
	if (self->sync_at < since) {
		if (now - self->sync_failed < SYNC_RETRY_MS)
			return 0;
		if (evnats_last(self->nats, &last) != 0) {
			self->sync_failed = now;
			return 0;
		}
		self->sync_target = last;
		self->sync_at = now;
	}
	return self->stream_head >= self->sync_target;
}

/* ---- leases ------------------------------------------------------ */

int
evlease_decide(struct evlease *l, const char *holder, int64_t ttl_ms,
    int64_t now)
{
	int mine = l->epoch > 0 && strcmp(l->holder, holder) == 0;

	if (ttl_ms <= 0) {
		if (!mine || l->expires_at == 0)
			return 0;
		l->expires_at = 0;
		return 1;
	}
	if (!mine && l->expires_at > now)
		return 0;
	if (!mine) {
		snprintf(l->holder, sizeof l->holder, "%s", holder);
		l->epoch++;
	}
	l->expires_at = now + ttl_ms;
	return 1;
}

/* The lease of service and its revision (0: none) from where the log
 * keeps it. 0 / -1. */
static int
evlog_lease_read(struct evlog *self, const char *service,
    struct evlease *l, uint64_t *rev)
{
	json_t *row = NULL;
	char *text = NULL;
	int rc;

	memset(l, 0, sizeof *l);
	*rev = 0;
	if (self->nats != NULL) {
		if ((rc = evnats_kv_get(self->nats, "leases", service, &text,
		    rev)) <= 0)
			return rc;
		row = json_loads(text, 0, NULL);
		free(text);
		if (!json_is_object(row)) {
			json_decref(row);
			log_error("event log: the lease of %s is not readable; "
			    "taken anew", service);
			return 0; /* rev stays: written over */
		}
	} else if ((row = db_row(self->db, "SELECT holder, epoch, expires_at "
	    "FROM leases WHERE service = ?", "s", service)) != NULL)
		*rev = 1;
	if (row != NULL) {
		snprintf(l->holder, sizeof l->holder, "%s",
		    wire_str(row, "holder", ""));
		l->epoch = wire_int(row, "epoch", 0);
		l->expires_at = wire_int(row, "expires_at", 0);
		json_decref(row);
	}
	return 0;
}

/* Store l over revision rev. 0, 1 when another write came first, -1. */
static int
evlog_lease_write(struct evlog *self, const char *service,
    const struct evlease *l, uint64_t rev)
{
	json_t *v;
	char *text;
	int rc;

	if (self->nats == NULL)
		return db_do(self->db, "INSERT OR REPLACE INTO leases(service, "
		    "holder, epoch, expires_at) VALUES (?,?,?,?)", "ssii",
		    service, l->holder, l->epoch, l->expires_at) == 1 ? 0 : -1;
	v = json_pack("{s:s, s:I, s:I}", "holder", l->holder, "epoch",
	    (json_int_t)l->epoch, "expires_at", (json_int_t)l->expires_at);
	text = json_dumps(v, JSON_COMPACT);
	rc = evnats_kv_put(self->nats, "leases", service, text, rev);
	free(text);
	json_decref(v);
	return rc;
}

int
evlog_lease(struct evlog *self, const char *service, const char *holder,
    int64_t ttl_ms, int64_t now, struct evlease *out)
{
	uint64_t rev;
	int tries, rc;

	/* Its own transaction: a grant is durable before it is answered. */
	if (self->nats == NULL && self->in_batch && evlog_commit(self) != 0) {
		self->lost = 1;
		return -1;
	}
	for (tries = 0; tries < 3; tries++) {
		if (evlog_lease_read(self, service, out, &rev) != 0)
			return -1;
		if (!evlease_decide(out, holder, ttl_ms, now))
			return 0;
		if ((rc = evlog_lease_write(self, service, out, rev)) <= 0)
			return rc == 0 ? 1 : -1;
		/* Another broker wrote it meanwhile: judge again. */
	}
	log_warn("event log: the lease of %s keeps changing under us", service);
	return -1;
}

int
evlog_lease_get(struct evlog *self, const char *service, struct evlease *out)
{
	uint64_t rev;

	return evlog_lease_read(self, service, out, &rev);
}

int
evlog_fd(const struct evlog *self)
{
	return self->nats != NULL ? evnats_fd(self->nats) : -1;
}

int
evlog_poll(struct evlog *self)
{
	struct evnats_msg *m = self->taken;
	int64_t last = self->head, slast = self->stream_head, since;
	int n, i, ok, added = 0;

	if (self->nats == NULL)
		return 0;
	if (evnats_reconnected(self->nats) || (!evnats_following(self->nats)
	    && mono_ms() >= self->follow_at)) {
		/* What was queued is dropped with the old follower: the new
		 * one starts after the head. JetStream may be electing a
		 * leader: a failure is tried again a second later. */
		log_info("event log: following the stream again from %lld",
		    (long long)self->head);
		evnats_refollow(self->nats, self->stream_head);
		self->follow_at = mono_ms() + REFOLLOW_MS;
	} else if ((since = evbatch_uncopied_since(self->batch)) != 0 &&
	    mono_ms() - since > COPY_STALL_MS && mono_ms() >= self->follow_at) {
		/* JetStream stored a message the follower has not brought
		 * back: its consumer was on a server now gone, and the
		 * library would notice only after missed heartbeats. */
		log_warn("event log: the stream holds messages the follower "
		    "has not delivered for %lld ms; following it again from "
		    "%lld", (long long)(mono_ms() - since),
		    (long long)self->head);
		evnats_refollow(self->nats, self->stream_head);
		self->follow_at = mono_ms() + REFOLLOW_MS;
	}
	if ((n = evnats_take(self->nats, m, POLL_MAX)) == 0)
		return 0;
	ok = db_begin(self->db) == 0;
	for (i = 0; i < n && ok; i++) {
		if (m[i].seq <= slast)
			continue; /* had it already (the follower restarted) */
		if (m[i].seq != slast + 1)
			log_warn("event log: the stream has no messages %lld to "
			    "%lld (removed from it)", (long long)slast + 1,
			    (long long)m[i].seq - 1);
		if (evlog_copy_one(self, &m[i], slast, &last) != 0)
			ok = 0;
		else
			slast = m[i].seq;
	}
	if (ok && slast > self->stream_head && db_do(self->db,
	    "INSERT OR REPLACE INTO copy_pos(id, stream_seq) VALUES (1, ?)",
	    "i", slast) != 1)
		ok = 0;
	if (ok && db_commit(self->db) == 0) {
		evbatch_copied(self->batch, 1);
		added = (int)(last - self->head);
		self->head = self->staged = last;
		self->stream_head = slast;
	} else {
		/* What went into the ring past the head is never read; follow
		 * again from the head so nothing is missed. */
		log_error("event log: cannot write the copy of the stream; "
		    "following again from %lld", (long long)self->head);
		if (db_in_tx(self->db))
			db_rollback(self->db);
		evbatch_copied(self->batch, 0);
		evnats_refollow(self->nats, self->stream_head);
	}
	for (i = 0; i < n; i++)
		evnats_msg_done(&m[i]);
	return added;
}

/* The last stream seq the copy holds: a copy made by the previous
 * version, which has no copy_pos, numbered its events as the stream
 * did. */
static int64_t
evlog_copy_pos(struct evlog *self)
{
	return db_int(self->db, db_int(self->db, 0,
	    "SELECT max(seq) FROM events", NULL),
	    "SELECT stream_seq FROM copy_pos WHERE id = 1", NULL);
}

/* Keep the copy only if it is a copy of this very stream (a stream
 * deleted and made anew numbers from 1 again). */
static void
evlog_copy_check(struct evlog *self, const char *stream, int64_t created,
    int64_t last)
{
	json_t *of = db_row(self->db, "SELECT stream, created FROM copy_of "
	    "WHERE id = 1", NULL);
	int64_t have = evlog_copy_pos(self);
	const char *was = json_string_value(json_object_get(of, "stream"));

	if (of == NULL || was == NULL || strcmp(was, stream) != 0 ||
	    json_integer_value(json_object_get(of, "created")) != created ||
	    have > last) {
		if (have > 0)
			log_warn("event log: the copy in this data directory "
			    "is of another stream; copying %s afresh", stream);
		db_exec(self->db, "DELETE FROM events; DELETE FROM copy_pos;");
		db_do(self->db, "INSERT OR REPLACE INTO copy_of(id, stream, "
		    "created) VALUES (1, ?, ?)", "si", stream, created);
	}
	json_decref(of);
}

/* Follow the stream until the copy holds everything up to last. */
static int
evlog_catch_up(struct evlog *self, int64_t last, char *err, size_t errlen)
{
	int64_t start = mono_ms(), moved = start, from = self->head;
	int64_t sfrom = self->stream_head, was;
	struct pollfd p = { .fd = evnats_fd(self->nats), .events = POLLIN };

	/* JetStream may place the follower's consumer on a server that is
	 * gone (nats-server 2.9 picks among all the stream's servers) and
	 * never answer: evlog_poll tries again, a second later. */
	if (evnats_follow(self->nats, self->stream_head) != 0)
		self->follow_at = mono_ms() + REFOLLOW_MS;
	while (self->stream_head < last) {
		if (mono_ms() - moved > CATCH_UP_IDLE_MS) {
			snprintf(err, errlen, evnats_following(self->nats) ?
			    "the stream stopped handing back messages at "
			    "%lld of %lld" : "cannot follow the stream (at "
			    "%lld of %lld)", (long long)self->stream_head,
			    (long long)last);
			return -1;
		}
		poll(&p, 1, 200);
		was = self->stream_head;
		evlog_poll(self);
		if (self->stream_head > was)
			moved = mono_ms();
	}
	log_info("event log: copy caught up from %lld to %lld (stream seq "
	    "%lld to %lld) in %lld ms", (long long)from,
	    (long long)self->head, (long long)sfrom,
	    (long long)self->stream_head, (long long)(mono_ms() - start));
	return 0;
}

struct evlog *
evlog_open_nats(const struct evlog_nats_opts *o, const char *copy_path,
    char *err, size_t errlen)
{
	int64_t created = 0, last = 0;
	struct evnats *nats = evnats_open(o, &created, &last, err, errlen);
	struct evlog *self;
	struct db *db;

	if (nats == NULL)
		return NULL;
	if ((db = db_open(copy_path, copy_schema)) == NULL) {
		snprintf(err, errlen, "cannot open %s", copy_path);
		evnats_close(&nats);
		return NULL;
	}
	/* A copy: the stream is what is durable. */
	db_exec(db, "PRAGMA synchronous=NORMAL;");
	self = xcalloc(1, sizeof *self);
	self->db = db;
	self->own_db = 1;
	self->nats = nats;
	self->batch = evbatch_new();
	self->max_wait_ms = o->max_wait_ms;
	/* Room for one more publish under the server's payload limit. */
	self->message_bytes = evnats_max_payload(nats) - PUBLISH_BYTES;
	if (self->message_bytes > MESSAGE_BYTES)
		self->message_bytes = MESSAGE_BYTES;
	evlog_copy_check(self, o->stream, created, last);
	self->head = self->staged = db_int(db, 0,
	    "SELECT max(seq) FROM events", NULL);
	self->stream_head = evlog_copy_pos(self);
	if (evlog_catch_up(self, last, err, errlen) != 0) {
		evlog_destroy(&self);
		return NULL;
	}
	return self;
}
