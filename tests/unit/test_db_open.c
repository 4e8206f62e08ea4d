/*
 * test_db_open.c: what every database baedal opens is set to: WAL, and
 * synchronous=FULL so that an acknowledged commit survives a power loss.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "db.h"

int
main(void)
{
	char dir[] = "/tmp/bdl-dbopen.XXXXXX", path[64];
	struct db *db;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/x.db", dir);
	db = db_open(path, "CREATE TABLE t (n INTEGER)");
	check(db != NULL, "a new database opens with its schema");
	check(db_int(db, -1, "PRAGMA synchronous", NULL) == 2,
	    "synchronous is FULL (2)");
	check(db_int(db, -1, "SELECT count(*) FROM pragma_journal_mode "
	    "WHERE journal_mode = 'wal'", NULL) == 1, "journal mode is WAL");
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
