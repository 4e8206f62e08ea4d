/*
 * evlog.c: the event log table, group commit, filtered reads.
 */
#include "evlog.h"

#include <stdlib.h>
#include <string.h>

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

struct evlog {
	struct db *db;
	int64_t head;      /* last committed */
	int64_t staged;    /* last appended in the open batch */
	int in_batch;
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
	if (*self_p == NULL)
		return;
	if ((*self_p)->in_batch)
		evlog_commit(*self_p);
	free(*self_p);
	*self_p = NULL;
}

int64_t
evlog_head(const struct evlog *self)
{
	return self->head;
}

int64_t
evlog_append(struct evlog *self, const json_t *ev)
{
	const char *key = json_string_value(json_object_get(ev, "key"));
	const char *type = json_string_value(json_object_get(ev, "type"));
	json_t *order = json_object_get(ev, "order_id");
	json_t *at = json_object_get(ev, "at");
	json_t *data = json_object_get(ev, "data");
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
	    "ississis", seq, key, type, (int64_t)json_integer_value(order),
	    json_string_value(json_object_get(ev, "shop_id")),
	    json_string_value(json_object_get(ev, "customer_id")),
	    json_is_integer(at) ? (int64_t)json_integer_value(at) : now_ms(),
	    text ? text : "{}");
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

int
evfilter_match(const struct evfilter *f, const json_t *ev)
{
	const char *shop = json_string_value(json_object_get(ev, "shop_id"));
	const char *cust = json_string_value(
	    json_object_get(ev, "customer_id"));
	const char *type = json_string_value(json_object_get(ev, "type"));

	if (f->shop_id && (shop == NULL || strcmp(shop, f->shop_id) != 0))
		return 0;
	if (f->customer_id &&
	    (cust == NULL || strcmp(cust, f->customer_id) != 0))
		return 0;
	if (f->order_id != 0 && json_integer_value(json_object_get(ev,
	    "order_id")) != f->order_id)
		return 0;
	return evfilter_type_match(f->types, type ? type : "");
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
 * member matches, using that member's index (seq order). */
static json_t *
evlog_select(struct evlog *self, int64_t after, const struct evfilter *f,
    int limit)
{
	if (f->customer_id != NULL)
		return db_rows(self->db, "SELECT seq, type, order_id, shop_id,"
		    " customer_id, at, data AS data_json FROM events WHERE "
		    "customer_id = ?1 AND seq > ?2 AND seq <= ?3 AND "
		    "(?4 IS NULL OR shop_id = ?4) AND (?5 = 0 OR order_id = ?5) "
		    "ORDER BY seq LIMIT ?6", "siisii", f->customer_id, after,
		    self->head, f->shop_id, f->order_id, (int64_t)limit);
	if (f->shop_id != NULL)
		return db_rows(self->db, "SELECT seq, type, order_id, shop_id,"
		    " customer_id, at, data AS data_json FROM events WHERE "
		    "shop_id = ?1 AND seq > ?2 AND seq <= ?3 AND "
		    "(?4 = 0 OR order_id = ?4) ORDER BY seq LIMIT ?5", "siiii",
		    f->shop_id, after, self->head, f->order_id, (int64_t)limit);
	if (f->order_id != 0)
		return db_rows(self->db, "SELECT seq, type, order_id, shop_id,"
		    " customer_id, at, data AS data_json FROM events WHERE "
		    "order_id = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq "
		    "LIMIT ?4", "iiii", f->order_id, after, self->head,
		    (int64_t)limit);
	return db_rows(self->db, "SELECT seq, type, order_id, shop_id, "
	    "customer_id, at, data AS data_json FROM events WHERE seq > ?1 "
	    "AND seq <= ?2 ORDER BY seq LIMIT ?3", "iii", after, self->head,
	    (int64_t)limit);
}

json_t *
evlog_read(struct evlog *self, int64_t after, const struct evfilter *f,
    int limit, int64_t *scanned)
{
	json_t *rows, *out, *ev;
	size_t i;

	*scanned = after;
	if (after >= self->head)
		return json_array();
	/* Shop, customer and order narrow in SQL through their indexes;
	 * type prefixes in C. The scan is bounded by the committed head,
	 * never the open batch. */
	if ((rows = evlog_select(self, after, f, limit)) == NULL)
		return NULL;
	out = json_array();
	json_array_foreach(rows, i, ev) {
		const char *type = json_string_value(
		    json_object_get(ev, "type"));

		if (!evfilter_type_match(f->types, type ? type : ""))
			continue;
		wire_strip_nulls(ev);
		json_array_append(out, ev);
	}
	if (json_array_size(rows) < (size_t)limit)
		*scanned = self->head;
	else
		*scanned = json_integer_value(json_object_get(
		    json_array_get(rows, json_array_size(rows) - 1), "seq"));
	json_decref(rows);
	return out;
}
