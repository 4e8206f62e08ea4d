/*
 * front.c: endpoint and identity options shared by the front-ends.
 */
#include "front.h"

#include <errno.h>
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
