/*
 * users.c: the users table, demo identities and the credentials file.
 */
#include "users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "util.h"

static const char users_schema[] =
    "CREATE TABLE IF NOT EXISTS users ("
    " name TEXT PRIMARY KEY,"
    " role TEXT NOT NULL,"
    " token TEXT NOT NULL UNIQUE,"
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

char *
users_add(struct db *db, const char *name, const char *role,
    const char *shop_id, const char *display)
{
	char *token = users_new_token();

	if (db_do(db, "INSERT OR REPLACE INTO users(name, role, token, "
	    "shop_id, display) VALUES (?,?,?,?,?)", "sssss", name, role,
	    token, shop_id, display ? display : name) != 1) {
		free(token);
		return NULL;
	}
	return token;
}

static int
users_write_credentials(struct db *db, const char *home)
{
	json_t *rows = db_rows(db, "SELECT name, role, token, shop_id, "
	    "display FROM users ORDER BY role, name", NULL);
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

int
users_init(struct db *db, const char *home, int demo)
{
	size_t i;

	if (db_exec(db, users_schema) != 0)
		return -1;
	if (db_int(db, 0, "SELECT count(*) FROM users", NULL) == 0) {
		db_begin(db);
		free(users_add(db, "svc", "service", NULL, "baedal services"));
		free(users_add(db, "admin", "admin", NULL, "관리자"));
		for (i = 0; demo && i < ARRAY_LEN(demo_users); i++)
			free(users_add(db, demo_users[i].name,
			    demo_users[i].role, demo_users[i].shop_id,
			    demo_users[i].display));
		if (db_commit(db) != 0)
			return -1;
	}
	return users_write_credentials(db, home);
}

int
users_by_token(struct db *db, const char *token, struct user *out)
{
	json_t *row = db_row(db, "SELECT name, role, shop_id, display FROM "
	    "users WHERE token = ?", "s", token);
	const char *shop;

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
