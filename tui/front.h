/*
 * front.h: what the three front-ends (baedal, baedal-customer, baedal-shop)
 * share: where the backend is, who the user is, and connecting as them.
 *
 * Flags override BAEDAL_* environment variables, which override defaults:
 *   --home DIR        BAEDAL_HOME       (for --user: HOME/credentials.json)
 *   --connect EP      BAEDAL_ENDPOINT   (default tcp://127.0.0.1:8088)
 *   --user NAME       BAEDAL_USER       (a user from credentials.json)
 *   --token TOKEN     BAEDAL_TOKEN      (a secret token; wins over --user)
 */
#ifndef BAEDAL_FRONT_H
#define BAEDAL_FRONT_H

#include "client.h"

#define FRONT_DEFAULT_ENDPOINT "tcp://127.0.0.1:8088"

struct front_id {
	char *home;
	char *endpoint;
	char *user;
	char *token;
};

/* Fill the members that are still NULL from the environment and the
 * defaults. */
void front_id_defaults(struct front_id *id);
/* Free the strings. */
void front_id_free(struct front_id *id);
/* Replace one member with a copy of value. */
void front_id_set(char **slot, const char *value);

/*
 * Find the token to use: id->token, else id->user's from
 * HOME/credentials.json. Returns a string the caller frees, or NULL with
 * err saying what to do.
 */
char *front_token(const struct front_id *id, struct wire_error *err);

/*
 * Connect as the user and wait up to wait_ms for the broker to accept
 * them. Returns the client, or NULL with err filled. With wait_ms 0 it
 * does not wait (the TUIs show a banner until the broker answers).
 */
struct client *front_connect(const struct front_id *id, int wait_ms,
    struct wire_error *err);

/* The usage lines for the options above, for --help texts. */
extern const char front_usage[];

#endif
