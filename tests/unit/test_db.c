/*
 * test_db.c: the SQLite layer. Every database is WAL with synchronous=FULL
 * (an acknowledged commit survives a power loss), and a failed write
 * spoils its transaction: commit refuses unless the failed part was rolled
 * back to its savepoint. A savepoint's journal stays in memory (no
 * temporary file written page by page) for an event's worth of pages,
 * and still undoes them.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "db.h"

static int64_t
rows(struct db *db)
{
	return db_int(db, -1, "SELECT count(*) FROM t", NULL);
}

/* A write that fails: n is UNIQUE and 1 is there already. */
static int
failing_write(struct db *db)
{
	return db_do(db, "INSERT INTO t(n) VALUES (1)", NULL);
}

static void
test_spoiled(struct db *db)
{
	db_do(db, "INSERT INTO t(n) VALUES (1)", NULL);
	check(rows(db) == 1 && !db_spoiled(db), "a write outside a "
	    "transaction does not spoil anything");
	check(failing_write(db) == -1 && !db_spoiled(db),
	    "nor does a failure outside one");

	db_begin(db);
	db_do(db, "INSERT INTO t(n) VALUES (2)", NULL);
	failing_write(db);
	check(db_spoiled(db), "a failed write spoils the transaction");
	check(db_commit(db) == -1, "and commit refuses it");
	check(!db_in_tx(db) && rows(db) == 1, "rolling all of it back: the "
	    "good write before the failure is gone too");

	db_begin(db);
	db_do(db, "INSERT INTO t(n) VALUES (2)", NULL);
	db_savepoint(db);
	db_do(db, "INSERT INTO t(n) VALUES (3)", NULL);
	failing_write(db);
	db_rollback_to(db);
	check(!db_spoiled(db), "rolling back to the savepoint undoes the "
	    "failed part");
	check(db_commit(db) == 0 && rows(db) == 2, "and the rest commits "
	    "(the savepoint's own writes undone)");

	db_begin(db);
	db_savepoint(db);
	failing_write(db);
	db_release(db);
	check(db_spoiled(db) && db_commit(db) == -1, "releasing a savepoint "
	    "keeps its failure: commit refuses");

	db_begin(db);
	failing_write(db);
	db_savepoint(db);
	db_rollback_to(db);
	check(db_spoiled(db), "a savepoint taken after the failure does not "
	    "clear it");
	db_rollback(db);
	db_begin(db);
	check(!db_spoiled(db), "a new transaction starts clean");
	db_do(db, "INSERT INTO t(n) VALUES (4)", NULL);
	check(db_commit(db) == 0 && rows(db) == 3, "and commits");
}

/* How many descriptors this process has open. */
static int
open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (d == NULL)
		return -1;
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

/* A savepoint that changes ~500 KiB of existing pages (SQLite's own
 * default spills its journal to a temporary file past 64 KiB). */
static void
test_savepoint_journal(struct db *db)
{
	int i, before;

	db_exec(db, "CREATE TABLE big (id INTEGER PRIMARY KEY, pad TEXT)");
	db_begin(db);
	for (i = 0; i < 500; i++)
		db_do(db, "INSERT INTO big(pad) VALUES (hex(randomblob(500)))",
		    NULL);
	check(db_commit(db) == 0, "500 rows of 1,000 bytes are written");
	db_begin(db);
	db_savepoint(db);
	before = open_fds();
	check(db_do(db, "UPDATE big SET pad = lower(pad)", NULL) == 500,
	    "a savepoint changes every page of them");
	check(before > 0 && open_fds() == before, "its journal is kept in "
	    "memory: no temporary file is opened (%d descriptors, then %d)",
	    before, open_fds());
	db_rollback_to(db);
	check(db_int(db, -1, "SELECT count(*) FROM big WHERE pad = upper(pad)",
	    NULL) == 500 && !db_spoiled(db), "and rolling back to it "
	    "restores every page");
	check(db_commit(db) == 0, "the transaction still commits");
}

int
main(void)
{
	char dir[] = "/tmp/bdl-db.XXXXXX", path[64];
	struct db *db;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/x.db", dir);
	db = db_open(path, "CREATE TABLE t (n INTEGER UNIQUE)");
	check(db != NULL, "a new database opens with its schema");
	check(db_int(db, -1, "PRAGMA synchronous", NULL) == 2,
	    "synchronous is FULL (2)");
	check(db_int(db, -1, "SELECT count(*) FROM pragma_journal_mode "
	    "WHERE journal_mode = 'wal'", NULL) == 1, "journal mode is WAL");
	test_spoiled(db);
	test_savepoint_journal(db);
	/* More values than parameters: refused (a crash before), the
	 * database untouched. */
	check(db_do(db, "INSERT INTO t(n) VALUES (?)", "ii", (int64_t)7,
	    (int64_t)8) < 0 && db_int(db, -1, "SELECT count(*) FROM t WHERE "
	    "n = 7", NULL) == 0, "a statement given more values than its "
	    "parameters is refused");
	db_destroy(&db);
	check(db == NULL, "db_destroy nulls the pointer");
	unlink(path);
	snprintf(path, sizeof path, "%s/x.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/x.db-shm", dir);
	unlink(path);
	rmdir(dir);
	return check_status();
}
