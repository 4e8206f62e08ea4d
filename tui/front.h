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
#include <stdio.h>

#include "client.h"

#define FRONT_DEFAULT_ENDPOINT "tcp://127.0.0.1:8088"

/* The exit statuses of all three programs (their --help texts say so). */
#define FRONT_EXIT_OK 0     /* done; or -h, -V */
#define FRONT_EXIT_FAIL 1   /* a request, connecting or the terminal */
#define FRONT_EXIT_USAGE 2  /* a bad option, argument or command */

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

/* Parse a rider's position "LAT,LON" (degrees; the service checks the
 * ranges) into lat and lon; 0, or -1 when spec is not two numbers. */
int front_parse_at(const char *spec, double *lat, double *lon);

/* The usage lines for the options above, for --help texts, in the
 * locale's language. Borrowed, static: valid until the next call. */
const char *front_usage_text(void);


/*
 * -h or -V (c is 'h' or 'V') for the program name: print usage(stdout),
 * or "NAME VERSION". Returns FRONT_EXIT_OK.
 */
int front_help(const char *name, int c, void (*usage)(FILE *out));

/* Print "Try 'NAME --help'." on stderr; returns FRONT_EXIT_USAGE. */
int front_try_help(const char *name);

/*
 * Messages in the language the locale asks for (gettext, domain "baedal"):
 * sets LC_CTYPE and LC_MESSAGES from the environment and binds the
 * catalogues of $BAEDAL_LOCALEDIR, the build tree (next to the binary) or
 * PREFIX/share/locale. Korean, the language of the source, when no
 * catalogue matches. A language whose locale is not installed
 * (LANG=en_US.UTF-8 with only C.UTF-8 present) still gets its catalogue,
 * through LC_MESSAGES=C.UTF-8 and LANGUAGE. Call once, first thing in main.
 */
void front_i18n_init(void);

/* ---- the two terminal apps (baedal-customer, baedal-shop) ---- */

/* getopt_long codes of the apps' shared options; an app's own options
 * start at FRONT_O_APP_NEXT. Put FRONT_APP_LONG_OPTIONS in its table. */
enum { FRONT_O_EXIT_AFTER = FRONT_O_NEXT, FRONT_O_MONO, FRONT_O_APP_NEXT };
#define FRONT_APP_LONG_OPTIONS \
	FRONT_LONG_OPTIONS, \
	{ "exit-after", required_argument, NULL, FRONT_O_EXIT_AFTER }, \
	{ "mono", no_argument, NULL, FRONT_O_MONO }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }

/* A terminal app's command line and connection. */
struct front_app {
	const char *name;          /* "baedal-shop": messages, log tag */
	void (*usage)(FILE *out);  /* the --help text */
	int say_code;              /* a failed connect names the error code */
	struct front_id id;        /* owned; front_app_free */
	int exit_after;            /* --exit-after N ticks, 0: until quit */
	int mono;                  /* --mono */
};

/*
 * Set the locale and the log tag, then parse argv with opts (which holds
 * FRONT_APP_LONG_OPTIONS): the identity options, --exit-after, --mono,
 * -h, -V, and the app's own, for which own(ctx, c) is called (return 0
 * when it took c, -1 for a usage error; own may be NULL). No arguments
 * are accepted. Returns -1 to go on, or the exit status after printing
 * the help or version (FRONT_EXIT_OK) or a usage error
 * (FRONT_EXIT_USAGE).
 */
int front_app_parse(struct front_app *app, int argc, char **argv,
    const struct option *opts, int (*own)(void *ctx, int c), void *ctx);

/*
 * Fill the identity's defaults and connect without waiting (the apps
 * show a banner until the broker answers). Returns the client, or NULL
 * after printing why on stderr (with the error code when app->say_code).
 */
struct client *front_app_connect(struct front_app *app);

/*
 * The exit status for how ui_app_run ended (run_rc) and a reason to fail
 * (fatal, may be NULL): FRONT_EXIT_FAIL after saying why on stderr (the
 * terminal could not be used, or fatal), else FRONT_EXIT_OK.
 */
int front_app_exit(const struct front_app *app, int run_rc,
    const char *fatal);

/* Free the identity; app may be parsed again. */
void front_app_free(struct front_app *app);

#endif
