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

#include <getopt.h>

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

/* getopt_long codes of the shared options; a program's own options
 * start at FRONT_O_NEXT. Put FRONT_LONG_OPTIONS in its option table. */
enum { FRONT_O_HOME = 0x100, FRONT_O_CONNECT, FRONT_O_USER, FRONT_O_TOKEN,
    FRONT_O_NEXT };
#define FRONT_LONG_OPTIONS \
	{ "home", required_argument, NULL, FRONT_O_HOME }, \
	{ "connect", required_argument, NULL, FRONT_O_CONNECT }, \
	{ "user", required_argument, NULL, FRONT_O_USER }, \
	{ "token", required_argument, NULL, FRONT_O_TOKEN }

/* When c is one of the shared options, store arg in id and return 1;
 * otherwise return 0 and change nothing. */
int front_option(struct front_id *id, int c, const char *arg);

/* Parse a count (0 to 100000000, e.g. --exit-after); -1 if arg is not
 * one, and *out is unchanged. */
int front_count(const char *arg, int *out);

/* The usage lines for the options above, for --help texts. */
extern const char front_usage[];

#endif
