/*
 * db.h: the small layer over SQLite every baedal store uses.
 *
 * WAL mode with synchronous=FULL (a commit is on disk before anyone can be
 * told of it: a stored reply, an applied offset, an outbox row), a busy
 * timeout, foreign keys, a cache of prepared statements
 * keyed by the SQL text's address (so pass string literals), and binders
 * driven by a type string:
 *   's' const char * (NULL binds NULL)   'i' int64_t   'n' NULL (no arg)
 *   'j' const json_t * stored as compact JSON text (NULL binds NULL)
 * Columns whose name ends in "_json" are decoded back into JSON by
 * db_rows/db_row. Errors are logged with the SQL and returned as -1.
 */
#ifndef BAEDAL_DB_H
#define BAEDAL_DB_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>

struct db;

/* Open (creating) path and run schema (may be NULL). Returns NULL on
 * failure, with the reason logged. */
struct db *db_open(const char *path, const char *schema);
/* Finalise cached statements and close; accepts NULL, nulls *self_p. */
void db_destroy(struct db **self_p);
/* The raw handle, borrowed. */
sqlite3 *db_handle(struct db *self);

/* Run SQL with no parameters (may hold several statements). 0 / -1. */
int db_exec(struct db *self, const char *sql);

/*
 * Migration: add column (declared as decl, e.g. "TEXT" or "INTEGER NOT
 * NULL DEFAULT 0") to table when the table exists without it, as a file
 * an earlier version made has it. A table that does not exist yet is left
 * to the schema. 0 / -1.
 */
int db_add_column(struct db *self, const char *table, const char *column,
    const char *decl);

/* A column a later version added to a table. */
struct db_column {
	const char *table, *column, *decl;
};

/* db_add_column for each of cols[0..n), in order; 0, or -1 at the first
 * that fails. */
int db_add_columns(struct db *self, const struct db_column *cols, size_t n);

/*
 * Transactions. begin is BEGIN IMMEDIATE; savepoints nest inside.
 *
 * A failed statement spoils the transaction it runs in: whether or not
 * the caller looks at the -1, commit then refuses (it rolls the whole
 * transaction back and returns -1), so a half-written change never
 * lands. Rolling back to a savepoint undoes the failed part and restores
 * the transaction to how it stood when the savepoint was taken; releasing
 * a savepoint keeps what failed inside it.
 */
int db_begin(struct db *self);
/* 0 when committed; -1 (and rolled back) when spoiled or COMMIT failed. */
int db_commit(struct db *self);
void db_rollback(struct db *self);
int db_savepoint(struct db *self);
void db_release(struct db *self);
void db_rollback_to(struct db *self);
/* 1 when a statement failed in the open transaction (see above). */
int db_spoiled(struct db *self);
/* 1 inside a transaction. */
int db_in_tx(struct db *self);

/* Execute a statement to completion. Returns the number of rows changed,
 * or -1 on error. */
int db_do(struct db *self, const char *sql, const char *types, ...);
/* All rows as an array of objects (owned by the caller); NULL on error. */
json_t *db_rows(struct db *self, const char *sql, const char *types, ...);
/* The first row as an object (owned), or NULL when none or on error. */
json_t *db_row(struct db *self, const char *sql, const char *types, ...);
/* The first column of the first row as an integer, or dflt. */
int64_t db_int(struct db *self, int64_t dflt, const char *sql,
    const char *types, ...);
/*
 * Rows one at a time, for readers that must not build JSON trees: the
 * cached statement for sql, bound, to step with sqlite3_step and read
 * with sqlite3_column_*. End it with db_query_end, which resets it (it
 * then holds no read lock). NULL on error.
 */
sqlite3_stmt *db_query(struct db *self, const char *sql, const char *types,
    ...);
void db_query_end(sqlite3_stmt *stmt);

/* The rowid of the last insert. */
int64_t db_last_id(struct db *self);

#endif
