/*
 * users.h: identities and their secret tokens, kept in the broker's
 * database. The broker attaches a user to every connection that says
 * hello with a known token.
 */
#ifndef BAEDAL_USERS_H
#define BAEDAL_USERS_H

#include "db.h"

struct user {
	char name[65];
	char role[16];     /* customer, owner, rider, admin, service */
	char shop_id[65];  /* an owner's shop; "" otherwise */
	char display[128]; /* a name for people */
};

/*
 * Create the users table. On first start, add the service user "svc" and
 * "admin", and with demo set the demo customers, owners and rider, and
 * write their tokens to <home>/credentials.json (mode 0600), which
 * front-ends read for --user NAME; the table keeps only SHA-256 digests
 * of the tokens. A broker.db of an earlier version that kept tokens in
 * clear is migrated (and the file rewritten from it). Returns 0 or -1.
 */
int users_init(struct db *db, const char *home, int demo);

/* Look token up. Returns 1 and fills out, or 0 when unknown. */
int users_by_token(struct db *db, const char *token, struct user *out);

/* Add (or replace) a user with a fresh token, stored as its digest;
 * returns the clear token (the caller frees it) or NULL. shop_id may be
 * NULL. */
char *users_add(struct db *db, const char *name, const char *role,
    const char *shop_id, const char *display);

/* Every user as {name, role, token_sha256, shop_id, display} (digests
 * only), an array the caller owns; NULL on error. */
json_t *users_rows(struct db *db);

/* Add or replace the users rows (as users_rows gives them), making the
 * table if needed: users shared by another broker. 0 or -1. */
int users_import(struct db *db, const json_t *rows);

/* 1 when role is one of the five roles. */
int users_role_valid(const char *role);

#endif
