/*
 * evlog.c: the event log table, group commit, filtered reads.
 *
 * Each event is serialised once, when it is appended: the text stored
 * beside its columns in memory is what every subscriber is sent. The
 * last EVLOG_CACHE events stay in memory (a ring indexed by seq), so
 * live subscribers are fed without touching SQLite; older ones are read
 * from disk and their text rebuilt from the columns (the stored data is
 * already JSON text).
 */
#include "evlog.h"

#include <stdlib.h>
#include <string.h>

#include "jbuf.h"
#include "util.h"
#include "wire.h"

static const char evlog_schema[] =
    "CREATE TABLE IF NOT EXISTS events ("
    " seq INTEGER PRIMARY KEY,"
    " key TEXT UNIQUE,"
    " type TEXT NOT NULL,"
    " order_id INTEGER,"
    " shop_id TEXT,"
    " customer_id TEXT,"
    " at INTEGER NOT NULL,"
    " data TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS events_order ON events(order_id, seq);"
    "CREATE INDEX IF NOT EXISTS events_customer ON events(customer_id, seq);"
    "CREATE INDEX IF NOT EXISTS events_shop ON events(shop_id, seq);";

#define EVLOG_CACHE 4096     /* events kept in memory, a power of two */
#define EXAMINE_MAX 4096     /* events one call looks at, at most */

/* One event in memory: its text, then its type, shop and customer, in
 * one allocation. */
struct cached {
	int64_t seq;            /* 0: empty */
	struct evlog_event ev;
	struct jbuf buf;        /* the text, then type, shop, customer */
};

struct evlog {
	struct db *db;
	int64_t head;      /* last committed */
	int64_t staged;    /* last appended in the open batch */
	int in_batch;
	struct cached cache[EVLOG_CACHE];
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
	for (size_t i = 0; i < EVLOG_CACHE; i++)
		jbuf_free(&self->cache[i].buf);
	free(self);
	*self_p = NULL;
}

int64_t
evlog_head(const struct evlog *self)
{
	return self->head;
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

int64_t
evlog_append(struct evlog *self, const json_t *ev)
{
	const char *key = json_string_value(json_object_get(ev, "key"));
	const char *type = json_string_value(json_object_get(ev, "type"));
	const char *shop = json_string_value(json_object_get(ev, "shop_id"));
	const char *cust = json_string_value(json_object_get(ev,
	    "customer_id"));
	int64_t order = json_integer_value(json_object_get(ev, "order_id"));
	json_t *at = json_object_get(ev, "at");
	json_t *data = json_object_get(ev, "data");
	int64_t when = json_is_integer(at) ? json_integer_value(at) : now_ms();
	char *text;
	int64_t seq;
	int rc;

	if (!self->in_batch) {
		if (db_begin(self->db) != 0)
			return -1;
		self->in_batch = 1;
	}
	if (key != NULL && (seq = db_int(self->db, 0,
	    "SELECT seq FROM events WHERE key = ?", "s", key)) > 0)
		return seq;
	seq = self->staged + 1;
	text = data ? json_dumps(data, JSON_COMPACT) : NULL;
	rc = db_do(self->db, "INSERT INTO events(seq, key, type, order_id, "
	    "shop_id, customer_id, at, data) "
	    "VALUES (?,?,?,nullif(?,0),?,?,?,?)",
	    "ississis", seq, key, type, order, shop, cust, when,
	    text ? text : "{}");
	if (rc == 1)
		cached_fill(&self->cache[seq & (EVLOG_CACHE - 1)], seq, type,
		    order, shop, cust, when, text ? text : "{}");
	free(text);
	if (rc != 1)
		return -1;
	self->staged = seq;
	return seq;
}

int
evlog_commit(struct evlog *self)
{
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
