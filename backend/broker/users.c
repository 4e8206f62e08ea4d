/*
 * users.c: the users table, demo identities and the credentials file.
 *
 * Tokens are kept as SHA-256 digests only: broker.db holds nothing that
 * says hello. The clear tokens exist in one place, credentials.json
 * (0600), written once when the users are made (or when an older
 * broker.db that kept them in clear is migrated).
 */
#include "users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "sha256.h"
#include "wire.h"
#include "util.h"

static const char users_schema[] =
    "CREATE TABLE IF NOT EXISTS users ("
    " name TEXT PRIMARY KEY,"
    " role TEXT NOT NULL,"
    " token_sha256 TEXT NOT NULL UNIQUE,"
    " shop_id TEXT,"
    " display TEXT NOT NULL)";

struct demo_user {
	const char *name, *role, *shop_id, *display;
};

/* Shop ids match the store service's demo shops. */
static const struct demo_user demo_users[] = {
	{ "minji", "customer", NULL, "김민지" },
	{ "junho", "customer", NULL, "이준호" },
	{ "seoyeon", "customer", NULL, "박서연" },
	{ "chicken_owner", "owner", "chicken", "바삭치킨 사장님" },
	{ "bunsik_owner", "owner", "bunsik", "엄마손분식 사장님" },
	{ "china_owner", "owner", "china", "홍콩반점 사장님" },
	{ "pizza_owner", "owner", "pizza", "피자명가 사장님" },
	{ "rider1", "rider", NULL, "김배달" },
	{ "rider2", "rider", NULL, "이배송" },
};

int
users_role_valid(const char *role)
{
	static const char *roles[] = { "customer", "owner", "rider", "admin",
	    "service" };
	size_t i;

	for (i = 0; i < ARRAY_LEN(roles); i++)
		if (strcmp(role, roles[i]) == 0)
			return 1;
	return 0;
}

/* A fresh 128-bit secret as 32 hex digits; the caller frees it. */
static char *
users_new_token(void)
{
	char *hex = xmalloc(33);

	random_hex(hex, 16);
	return hex;
}

/* Insert (or replace) one user whose clear token is token. 0 / -1. */
static int
users_put(struct db *db, const char *name, const char *role,
    const char *token, const char *shop_id, const char *display)
{
	char digest[SHA256_HEX_LEN + 1];

	sha256_hex(token, strlen(token), digest);
	return db_do(db, "INSERT OR REPLACE INTO users(name, role, "
	    "token_sha256, shop_id, display) VALUES (?,?,?,?,?)", "sssss", name,
	    role, digest, shop_id, display) == 1 ? 0 : -1;
}

char *
users_add(struct db *db, const char *name, const char *role,
    const char *shop_id, const char *display)
{
	char *token = users_new_token();

	if (users_put(db, name, role, token, shop_id,
	    display ? display : name) != 0) {
		free(token);
		return NULL;
	}
	return token;
}

/* Write rows ({name, role, token, shop_id, display}, stolen) as the
 * credentials file, atomically. 0 / -1. */
static int
users_write_credentials(json_t *rows, const char *home)
{
	char *path = xasprintf("%s/credentials.json", home);
	char *tmp = xasprintf("%s.tmp", path);
	json_t *doc;
	int fd, rc = -1;

	if (rows == NULL)
		goto out;
	doc = json_pack("{s:o}", "users", rows);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0 && json_dumpfd(doc, fd, JSON_INDENT(2)) == 0 &&
	    fsync(fd) == 0) {
		rc = close(fd) == 0 && rename(tmp, path) == 0 ? 0 : -1;
		fd = -1;
	}
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		log_error("cannot write %s", path);
	json_decref(doc);
out:
	free(tmp);
	free(path);
	return rc;
}

/* Append the user made by users_add to rows (the credentials to write);
 * -1 when it was not made. */
static int
users_add_listed(struct db *db, json_t *rows, const char *name,
    const char *role, const char *shop_id, const char *display)
{
	char *token = users_add(db, name, role, shop_id, display);

	if (token == NULL)
		return -1;
	json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s?, s:s}",
	    "name", name, "role", role, "token", token, "shop_id", shop_id,
	    "display", display ? display : name));
	free(token);
	return 0;
}

/* First start: the service user, admin and (with demo) the demo users, in
 * a transaction left open; returns the credentials rows (owned), or NULL
 * with nothing written. */
static json_t *
users_create(struct db *db, int demo)
{
	json_t *rows = json_array();
	int rc = db_begin(db);
	size_t i;

	rc |= users_add_listed(db, rows, "svc", "service", NULL,
	    "baedal services");
	rc |= users_add_listed(db, rows, "admin", "admin", NULL, "관리자");
	for (i = 0; demo && i < ARRAY_LEN(demo_users); i++)
		rc |= users_add_listed(db, rows, demo_users[i].name,
		    demo_users[i].role, demo_users[i].shop_id,
		    demo_users[i].display);
	if (rc != 0) {
		db_rollback(db);
		json_decref(rows);
		return NULL;
	}
	return rows;
}

/*
 * A broker.db from before digests kept users.token in clear: rebuild the
 * table with token_sha256 in a transaction left open. Returns the clear
 * rows (owned), to write the credentials file from, or NULL with nothing
 * changed.
 */
static json_t *
users_migrate_clear_tokens(struct db *db)
{
	json_t *rows, *u;
	size_t i;
	int rc;

	/* Freed pages are zeroed, so no old token stays in the file. */
	if (db_exec(db, "PRAGMA secure_delete = ON") != 0 || db_begin(db) != 0)
		return NULL;
	rows = db_rows(db, "SELECT name, role, token, shop_id, display FROM "
	    "users ORDER BY role, name", NULL);
	rc = rows == NULL || db_exec(db, "ALTER TABLE users RENAME TO "
	    "users_clear") != 0 || db_exec(db, users_schema) != 0;
	json_array_foreach(rows, i, u)
		if (!rc)
			rc = users_put(db, wire_str(u, "name", ""),
			    wire_str(u, "role", ""), wire_str(u, "token", ""),
			    wire_str(u, "shop_id", NULL),
			    wire_str(u, "display", "")) != 0;
	if (rc || db_exec(db, "DROP TABLE users_clear") != 0) {
		db_rollback(db);
		json_decref(rows);
		return NULL;
	}
	log_info("users: %zu tokens to be kept as digests only",
	    json_array_size(rows));
	return rows;
}

json_t *
users_rows(struct db *db)
{
	return db_rows(db, "SELECT name, role, token_sha256, shop_id, display "
	    "FROM users ORDER BY name", NULL);
}

int
users_import(struct db *db, const json_t *rows)
{
	const json_t *r;
	size_t i;
	int rc = 0;

	if (db_exec(db, users_schema) != 0)
		return -1;
	json_array_foreach(rows, i, r) {
		const char *name = json_string_value(json_object_get(r, "name"));
		const char *role = json_string_value(json_object_get(r, "role"));
		const char *digest = json_string_value(json_object_get(r,
		    "token_sha256"));
		const char *display = json_string_value(json_object_get(r,
		    "display"));

		if (name == NULL || role == NULL || digest == NULL ||
		    display == NULL || !users_role_valid(role)) {
			log_warn("a shared user record is malformed; skipped");
			continue;
		}
		if (db_do(db, "INSERT OR REPLACE INTO users(name, role, "
		    "token_sha256, shop_id, display) VALUES (?,?,?,?,?)",
		    "sssss", name, role, digest, json_string_value(
		    json_object_get(r, "shop_id")), display) != 1)
			rc = -1;
	}
	return rc;
}

int
users_init(struct db *db, const char *home, int demo)
{
	json_t *rows = NULL;
	char *path;
	int rc = 0;

	if (db_int(db, 0, "SELECT count(*) FROM pragma_table_info('users') "
	    "WHERE name = 'token'", NULL) > 0) {
		if ((rows = users_migrate_clear_tokens(db)) == NULL)
			return -1;
	} else if (db_exec(db, users_schema) != 0) {
		return -1;
	} else if (db_int(db, 0, "SELECT count(*) FROM users", NULL) == 0 &&
	    (rows = users_create(db, demo)) == NULL) {
		return -1;
	}
	/* The file first: a crash before the commit leaves tokens in the
	 * file that the next start replaces, never digests without tokens. */
	if (rows != NULL) {
		if (users_write_credentials(rows, home) != 0 ||
		    db_commit(db) != 0) {
			db_rollback(db);
			return -1;
		}
		/* And none in the WAL: copy it back and empty it. */
		return db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE);"
		    "PRAGMA secure_delete = OFF");
	}
	path = xasprintf("%s/credentials.json", home);
	if (access(path, R_OK) != 0)
		log_warn("%s is missing: tokens are kept as digests only, so "
		    "front-ends need --token", path);
	free(path);
	return rc;
}

int
users_by_token(struct db *db, const char *token, struct user *out)
{
	char digest[SHA256_HEX_LEN + 1];
	json_t *row;
	const char *shop;

	/* Looked up by digest: how long the index search takes says
	 * nothing about the token. */
	sha256_hex(token, strlen(token), digest);
	row = db_row(db, "SELECT name, role, shop_id, display FROM users "
	    "WHERE token_sha256 = ?", "s", digest);
	if (row == NULL)
		return 0;
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s",
	    json_string_value(json_object_get(row, "name")));
	snprintf(out->role, sizeof out->role, "%s",
	    json_string_value(json_object_get(row, "role")));
	shop = json_string_value(json_object_get(row, "shop_id"));
	snprintf(out->shop_id, sizeof out->shop_id, "%s", shop ? shop : "");
	snprintf(out->display, sizeof out->display, "%s",
	    json_string_value(json_object_get(row, "display")));
	json_decref(row);
	return 1;
}
