/*
 * credentials.h: reading the credentials file, HOME/credentials.json, that
 * baedald writes (0600) beside its databases: {"users": [{"name", "role",
 * "token", "shop_id", "display"}, ...]}. Its writer is
 * users_write_credentials in backend/broker/users.c.
 */
#ifndef BAEDAL_CREDENTIALS_H
#define BAEDAL_CREDENTIALS_H

#include "wire.h"

/*
 * The token of the user named user in home's credentials file, as a string
 * the caller frees; NULL with an unauthorized err (the file unreadable, or
 * no such user) naming the file.
 */
char *credentials_token(const char *home, const char *user,
    struct wire_error *err);

#endif
