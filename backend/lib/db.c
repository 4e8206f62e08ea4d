/*
 * db.c: SQLite with WAL, a prepared-statement cache and typed binders.
 */
#include "db.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define DB_CACHE_SIZE 256   /* statements, in sets of DB_CACHE_WAYS */
#define DB_CACHE_WAYS 4
#define DB_MAX_SAVEPOINTS 32

struct db_cached {
	const char *sql; /* the caller's literal: compared by address */
	sqlite3_stmt *stmt;
};

struct db {
	sqlite3 *h;
	char *path;
	struct db_cached cache[DB_CACHE_SIZE];
	unsigned evict;     /* round robin within a set */
	int savepoints;
	int spoiled;        /* a statement failed in the open transaction */
	unsigned char spoiled_at[DB_MAX_SAVEPOINTS]; /* spoiled at each
	                                             * savepoint's start */
};

static sqlite3_stmt *db_prepare(struct db *self, const char *sql);
static int db_step(struct db *self, const char *sql);

/* A statement failed: inside a transaction, that transaction may not
 * commit until the failed part is rolled back (see db.h). */
static void
db_failed(struct db *self)
{
	if (!sqlite3_get_autocommit(self->h))
		self->spoiled = 1;
}

/*
 * The savepoint (statement) journal kept in memory up to this size. The
 * runtime applies each event inside a savepoint, and the first change to
 * a page in it copies the page there: an event that changes some 16
 * pages (notify's order.paid: two notifications, their indexes and
 * outbox rows) passes SQLite's default of 64 KiB, and from then on that
 * transaction's journal is a temporary file written page by page
 * (two pwrite calls a page, every event of the batch). It is emptied at
 * each savepoint's release, so what it holds is one event's pages.
 */
#define DB_STMT_JOURNAL_MEMORY (4 * 1024 * 1024)

/* Before SQLite's first use: no memory statistics (they take a mutex
 * that every thread shares on every allocation, and baedal reads none
 * of them), and savepoint journals in memory (above). */
static void
db_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, DB_STMT_JOURNAL_MEMORY);
}

struct db *
db_open(const char *path, const char *schema)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	struct db *self;
	sqlite3 *h = NULL;

	pthread_once(&configured, db_configure);
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		log_error("cannot open %s: %s", path,
		    h ? sqlite3_errmsg(h) : "out of memory");
		sqlite3_close(h);
		return NULL;
	}
	self = xcalloc(1, sizeof *self);
	self->h = h;
	self->path = xstrdup(path);
	sqlite3_busy_timeout(h, 5000);
	if (db_exec(self, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	    "PRAGMA foreign_keys=ON;") != 0 ||
	    (schema != NULL && db_exec(self, schema) != 0)) {
		db_destroy(&self);
		return NULL;
	}
	return self;
}

void
db_destroy(struct db **self_p)
{
	struct db *self = *self_p;
	size_t i;

	if (self == NULL)
		return;
	for (i = 0; i < DB_CACHE_SIZE; i++)
		sqlite3_finalize(self->cache[i].stmt);
	sqlite3_close(self->h);
	free(self->path);
	free(self);
	*self_p = NULL;
}

sqlite3 *
db_handle(struct db *self)
{
	return self->h;
}

int
db_exec(struct db *self, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(self->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("%s: %s (in: %.80s)", self->path,
		    msg ? msg : "error", sql);
		sqlite3_free(msg);
		db_failed(self);
		return -1;
	}
	return 0;
}

int
db_add_column(struct db *self, const char *table, const char *column,
    const char *decl)
{
	char *sql;
	int rc;

	if (db_int(self, 0, "SELECT count(*) FROM sqlite_master WHERE type = "
	    "'table' AND name = ?", "s", table) == 0 || db_int(self, 1,
	    "SELECT count(*) FROM pragma_table_info(?) WHERE name = ?", "ss",
	    table, column) != 0)
		return 0;
	sql = xasprintf("ALTER TABLE %s ADD COLUMN %s %s", table, column, decl);
	rc = db_exec(self, sql);
	free(sql);
	if (rc == 0)
		log_info("%s: %s gained the column %s", self->path, table,
		    column);
	return rc;
}

int
db_add_columns(struct db *self, const struct db_column *cols, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (db_add_column(self, cols[i].table, cols[i].column,
		    cols[i].decl) != 0)
			return -1;
	return 0;
}

int
db_begin(struct db *self)
{
	self->savepoints = 0;
	self->spoiled = 0;
	return db_step(self, "BEGIN IMMEDIATE");
}

int
db_commit(struct db *self)
{
	self->savepoints = 0;
	if (self->spoiled) {
		log_error("%s: a write failed in this transaction; rolled back",
		    self->path);
		db_rollback(self);
		return -1;
	}
	return db_step(self, "COMMIT");
}

void
db_rollback(struct db *self)
{
	self->savepoints = 0;
	self->spoiled = 0;
	if (!sqlite3_get_autocommit(self->h))
		db_step(self, "ROLLBACK");
}

int
db_savepoint(struct db *self)
{
	if (self->savepoints < DB_MAX_SAVEPOINTS)
		self->spoiled_at[self->savepoints] = (unsigned char)self->spoiled;
	self->savepoints++;
	return db_step(self, "SAVEPOINT sp");
}

void
db_release(struct db *self)
{
	/* What failed inside stays failed: the transaction stays spoiled. */
	self->savepoints--;
	db_step(self, "RELEASE sp");
}

void
db_rollback_to(struct db *self)
{
	int depth = --self->savepoints;

	if (db_step(self, "ROLLBACK TO sp") != 0 ||
	    db_step(self, "RELEASE sp") != 0)
		return; /* not undone: stays spoiled */
	/* The failed part is undone: back to how it stood at the savepoint
	 * (deeper than the stack keeps, stay spoiled: the safe answer). */
	if (depth >= 0 && depth < DB_MAX_SAVEPOINTS)
		self->spoiled = self->spoiled_at[depth];
}

int
db_spoiled(struct db *self)
{
	return self->spoiled;
}

int
db_in_tx(struct db *self)
{
	return !sqlite3_get_autocommit(self->h);
}

/*
 * A prepared statement for sql, from the cache when it was seen before.
 * The cache is keyed by the literal's address, DB_CACHE_WAYS statements
 * to a set, so two hot statements never keep evicting each other.
 */
static sqlite3_stmt *
db_prepare(struct db *self, const char *sql)
{
	uintptr_t set = (((uintptr_t)sql >> 3) * 0x9E3779B97F4A7C15u) >>
	    (sizeof(uintptr_t) * 8 - 6);
	struct db_cached *ways = &self->cache[set * DB_CACHE_WAYS], *c = NULL;
	sqlite3_stmt *stmt = NULL;
	int i;

	for (i = 0; i < DB_CACHE_WAYS; i++) {
		if (ways[i].sql == sql && ways[i].stmt != NULL) {
			sqlite3_reset(ways[i].stmt);
			sqlite3_clear_bindings(ways[i].stmt);
			return ways[i].stmt;
		}
		if (c == NULL && ways[i].stmt == NULL)
			c = &ways[i];
	}
	if (sqlite3_prepare_v3(self->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &stmt, NULL) != SQLITE_OK) {
		log_error("%s: %s (in: %.120s)", self->path,
		    sqlite3_errmsg(self->h), sql);
		db_failed(self);
		return NULL;
	}
	if (c == NULL)
		c = &ways[self->evict++ % DB_CACHE_WAYS];
	sqlite3_finalize(c->stmt);
	c->sql = sql;
	c->stmt = stmt;
	return stmt;
}

/* Run sql, one statement without results (transaction control), from
 * the cache: no parsing on the hot path. Returns 0 or -1. */
static int
db_step(struct db *self, const char *sql)
{
	sqlite3_stmt *stmt = db_prepare(self, sql);
	int rc;

	if (stmt == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	log_error("%s: %s (in: %s)", self->path, sqlite3_errmsg(self->h), sql);
	db_failed(self);
	return -1;
}

static sqlite3_stmt *
db_bindv(struct db *self, const char *sql, const char *types, va_list ap)
{
	sqlite3_stmt *stmt = db_prepare(self, sql);
	int i, rc = SQLITE_OK;

	if (stmt == NULL)
		return NULL;
	if (types != NULL &&
	    (int)strlen(types) > sqlite3_bind_parameter_count(stmt)) {
		/* More values than the statement has parameters: reading
		 * them would walk off the caller's arguments. */
		log_error("db: %zu values for %d parameters in %.80s",
		    strlen(types), sqlite3_bind_parameter_count(stmt), sql);
		return NULL;
	}
	for (i = 0; types != NULL && types[i] != '\0' && rc == SQLITE_OK;
	    i++) {
		const char *s;
		const json_t *j;
		char *text;

		switch (types[i]) {
		case 's':
			s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(stmt, i + 1, s, -1,
			    SQLITE_TRANSIENT) : sqlite3_bind_null(stmt, i + 1);
			break;
		case 'i':
			rc = sqlite3_bind_int64(stmt, i + 1,
			    va_arg(ap, int64_t));
			break;
		case 'n':
			rc = sqlite3_bind_null(stmt, i + 1);
			break;
		case 'j':
			j = va_arg(ap, const json_t *);
			if (j == NULL) {
				rc = sqlite3_bind_null(stmt, i + 1);
				break;
			}
			text = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
			rc = sqlite3_bind_text(stmt, i + 1, text, -1,
			    SQLITE_TRANSIENT);
			free(text);
			break;
		default:
			log_error("db: bad bind type '%c' for %.80s", types[i],
			    sql);
			db_failed(self);
			return NULL;
		}
	}
	if (rc != SQLITE_OK) {
		log_error("%s: bind: %s", self->path, sqlite3_errmsg(self->h));
		db_failed(self);
		return NULL;
	}
	return stmt;
}

int
db_do(struct db *self, const char *sql, const char *types, ...)
{
	va_list ap;
	sqlite3_stmt *stmt;
	int rc;

	va_start(ap, types);
	stmt = db_bindv(self, sql, types, ap);
	va_end(ap);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		;
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		log_error("%s: %s (in: %.120s)", self->path,
		    sqlite3_errmsg(self->h), sql);
		db_failed(self);
		return -1;
	}
	return sqlite3_changes(self->h);
}

static json_t *
db_column(sqlite3_stmt *stmt, int col)
{
	const char *name = sqlite3_column_name(stmt, col);
	size_t n = strlen(name);
	const char *text;

	switch (sqlite3_column_type(stmt, col)) {
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(stmt, col));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(stmt, col));
	case SQLITE_NULL:
		return json_null();
	default:
		text = (const char *)sqlite3_column_text(stmt, col);
		if (n > 5 && strcmp(name + n - 5, "_json") == 0) {
			json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);

			return v ? v : json_null();
		}
		return json_string(text);
	}
}

/* Collect up to max rows (0: all) from a bound statement. */
static json_t *
db_collect(struct db *self, sqlite3_stmt *stmt, size_t max)
{
	json_t *rows = json_array();
	int rc, ncol = sqlite3_column_count(stmt), col;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		json_t *row = json_object();

		for (col = 0; col < ncol; col++) {
			const char *name = sqlite3_column_name(stmt, col);
			size_t n = strlen(name);
			char key[128];

			/* "items_json" is handed out as "items". */
			if (n > 5 && strcmp(name + n - 5, "_json") == 0 &&
			    n - 5 < sizeof key) {
				memcpy(key, name, n - 5);
				key[n - 5] = '\0';
				name = key;
			}
			json_object_set_new(row, name, db_column(stmt, col));
		}
		json_array_append_new(rows, row);
		if (max != 0 && json_array_size(rows) >= max)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_error("%s: %s", self->path, sqlite3_errmsg(self->h));
		db_failed(self);
		json_decref(rows);
		rows = NULL;
	}
	sqlite3_reset(stmt);
	return rows;
}

json_t *
db_rows(struct db *self, const char *sql, const char *types, ...)
{
	va_list ap;
	sqlite3_stmt *stmt;

	va_start(ap, types);
	stmt = db_bindv(self, sql, types, ap);
	va_end(ap);
	return stmt ? db_collect(self, stmt, 0) : NULL;
}

json_t *
db_row(struct db *self, const char *sql, const char *types, ...)
{
	va_list ap;
	sqlite3_stmt *stmt;
	json_t *rows, *row;

	va_start(ap, types);
	stmt = db_bindv(self, sql, types, ap);
	va_end(ap);
	if (stmt == NULL || (rows = db_collect(self, stmt, 1)) == NULL)
		return NULL;
	row = json_array_get(rows, 0);
	json_incref(row);
	json_decref(rows);
	return row;
}

int64_t
db_int(struct db *self, int64_t dflt, const char *sql, const char *types, ...)
{
	va_list ap;
	sqlite3_stmt *stmt;
	int64_t v = dflt;

	va_start(ap, types);
	stmt = db_bindv(self, sql, types, ap);
	va_end(ap);
	if (stmt == NULL)
		return dflt;
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return v;
}

sqlite3_stmt *
db_query(struct db *self, const char *sql, const char *types, ...)
{
	va_list ap;
	sqlite3_stmt *stmt;

	va_start(ap, types);
	stmt = db_bindv(self, sql, types, ap);
	va_end(ap);
	return stmt;
}

void
db_query_end(sqlite3_stmt *stmt)
{
	if (stmt != NULL)
		sqlite3_reset(stmt);
}

int64_t
db_last_id(struct db *self)
{
	return sqlite3_last_insert_rowid(self->h);
}
