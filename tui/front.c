/*
 * front.c: endpoint and identity options shared by the front-ends.
 */
#include "front.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credentials.h"
#include "util.h"

const char front_usage[] =
"  --home DIR       data directory of a local backend, for --user\n"
"                   (BAEDAL_HOME; default ~/.local/share/baedal)\n"
"  --connect EP     the broker (BAEDAL_ENDPOINT; default "
    FRONT_DEFAULT_ENDPOINT ")\n"
"  --user NAME      act as NAME, with its token from HOME/credentials.json\n"
"                   (BAEDAL_USER)\n"
"  --token TOKEN    act as the owner of this secret token (BAEDAL_TOKEN)\n";

void
front_id_set(char **slot, const char *value)
{
	free(*slot);
	*slot = xstrdup(value);
}

int
front_option(struct front_id *id, int c, const char *arg)
{
	switch (c) {
	case FRONT_O_HOME: front_id_set(&id->home, arg); return 1;
	case FRONT_O_CONNECT: front_id_set(&id->endpoint, arg); return 1;
	case FRONT_O_USER: front_id_set(&id->user, arg); return 1;
	case FRONT_O_TOKEN: front_id_set(&id->token, arg); return 1;
	default: return 0;
	}
}

int
front_count(const char *arg, int *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || n < 0 ||
	    n > 100000000L)
		return -1;
	*out = (int)n;
	return 0;
}

int
front_parse_at(const char *spec, double *lat, double *lon)
{
	char *end;

	if (spec == NULL || *spec == '\0')
		return -1;
	errno = 0;
	*lat = strtod(spec, &end);
	if (errno != 0 || end == spec || *end != ',')
		return -1;
	spec = end + 1;
	*lon = strtod(spec, &end);
	if (errno != 0 || end == spec || *end != '\0')
		return -1;
	return 0;
}

static void
from_env(char **slot, const char *name)
{
	const char *v = getenv(name);

	if (*slot == NULL && v != NULL && *v != '\0')
		*slot = xstrdup(v);
}

void
front_id_defaults(struct front_id *id)
{
	if (id->home == NULL)
		id->home = baedal_default_home();
	from_env(&id->endpoint, "BAEDAL_ENDPOINT");
	if (id->endpoint == NULL)
		id->endpoint = xstrdup(FRONT_DEFAULT_ENDPOINT);
	from_env(&id->user, "BAEDAL_USER");
	from_env(&id->token, "BAEDAL_TOKEN");
}

void
front_id_free(struct front_id *id)
{
	free(id->home);
	free(id->endpoint);
	free(id->user);
	free(id->token);
	memset(id, 0, sizeof *id);
}

char *
front_token(const struct front_id *id, struct wire_error *err)
{
	if (id->token != NULL)
		return xstrdup(id->token);
	if (id->user == NULL) {
		wire_error_set(err, E_UNAUTHORIZED, "say who you are: --user "
		    "NAME (see %s/credentials.json) or --token TOKEN",
		    id->home);
		return NULL;
	}
	return credentials_token(id->home, id->user, err);
}

struct client *
front_connect(const struct front_id *id, int wait_ms, struct wire_error *err)
{
	char *token = front_token(id, err);
	struct client *c;

	if (token == NULL)
		return NULL;
	c = client_new(NULL, id->endpoint, token, err);
	free(token);
	if (c == NULL || wait_ms == 0)
		return c;
	if (client_wait_ready(c, wait_ms, err) == NULL) {
		if (strcmp(err->code, E_SERVICE_UNAVAILABLE) == 0)
			wire_error_set(err, E_SERVICE_UNAVAILABLE,
			    "no broker answered at %s (is baedald running?)",
			    id->endpoint);
		client_destroy(&c);
	}
	return c;
}

int
front_help(const char *name, int c, void (*usage)(FILE *out))
{
	if (c == 'h')
		usage(stdout);
	else
		printf("%s %s\n", name, BAEDAL_VERSION);
	return FRONT_EXIT_OK;
}

int
front_try_help(const char *name)
{
	fprintf(stderr, "Try '%s --help'.\n", name);
	return FRONT_EXIT_USAGE;
}

int
front_app_parse(struct front_app *app, int argc, char **argv,
    const struct option *opts, int (*own)(void *ctx, int c), void *ctx)
{
	int c;

	setlocale(LC_ALL, "");
	log_set_tag(app->name);
	while ((c = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		if (front_option(&app->id, c, optarg))
			continue;
		switch (c) {
		case FRONT_O_MONO:
			app->mono = 1;
			break;
		case FRONT_O_EXIT_AFTER:
			if (front_count(optarg, &app->exit_after) == 0)
				break;
			fprintf(stderr, "%s: --exit-after needs a number, not "
			    "'%s'\n", app->name, optarg);
			return front_try_help(app->name);
		case 'h':
		case 'V':
			return front_help(app->name, c, app->usage);
		default:
			if (c != '?' && own != NULL && own(ctx, c) == 0)
				break;
			return front_try_help(app->name);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", app->name,
		    argv[optind]);
		return front_try_help(app->name);
	}
	return -1;
}

struct client *
front_app_connect(struct front_app *app)
{
	struct wire_error err;
	struct client *c;

	front_id_defaults(&app->id);
	if ((c = front_connect(&app->id, 0, &err)) != NULL)
		return c;
	if (app->say_code)
		fprintf(stderr, "%s: %s (%s)\n", app->name, err.message,
		    err.code);
	else
		fprintf(stderr, "%s: %s\n", app->name, err.message);
	return NULL;
}

int
front_app_exit(const struct front_app *app, int run_rc, const char *fatal)
{
	const char *term = getenv("TERM");

	if (run_rc < 0) {
		fprintf(stderr, "%s: cannot use this terminal (TERM=%s)\n",
		    app->name, term != NULL ? term : "");
		return FRONT_EXIT_FAIL;
	}
	if (fatal != NULL) {
		fprintf(stderr, "%s: %s\n", app->name, fatal);
		return FRONT_EXIT_FAIL;
	}
	return FRONT_EXIT_OK;
}

void
front_app_free(struct front_app *app)
{
	front_id_free(&app->id);
}
