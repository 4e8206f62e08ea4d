/*
 * front.c: endpoint and identity options shared by the front-ends.
 */
#include "front.h"

#include <errno.h>
#include <math.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "credentials.h"
#include "util.h"

const char *
front_usage_text(void)
{
	static char text[1024];

	snprintf(text, sizeof text, gettext(
"  --home DIR       로컬 백엔드의 데이터 디렉터리, --user용\n"
"                   (BAEDAL_HOME; 기본값 ~/.local/share/baedal)\n"
"  --connect EP     브로커 (BAEDAL_ENDPOINT; 기본값 %s)\n"
"  --user NAME      NAME으로, HOME/credentials.json의 토큰을 써서\n"
"                   (BAEDAL_USER)\n"
"  --token TOKEN    이 비밀 토큰의 주인으로 (BAEDAL_TOKEN)\n"),
	    FRONT_DEFAULT_ENDPOINT);
	return text;
}

#ifndef BAEDAL_LOCALEDIR
#define BAEDAL_LOCALEDIR "/usr/local/share/locale"
#endif

/* 1 when dir/en/LC_MESSAGES/baedal.mo exists. */
static int
i18n_has_catalogue(const char *dir)
{
	char path[PATH_MAX + 64];
	struct stat st;

	snprintf(path, sizeof path, "%s/en/LC_MESSAGES/baedal.mo", dir);
	return stat(path, &st) == 0;
}

/* The catalogues' directory: $BAEDAL_LOCALEDIR, else the build tree's
 * (EXEDIR/locale), else the installed one beside the binary
 * (EXEDIR/../share/locale), else the one compiled in. */
static void
i18n_dir(char *dir, size_t n)
{
	const char *env = getenv("BAEDAL_LOCALEDIR");
	char exe[PATH_MAX];
	ssize_t len;
	char *slash;

	if (env != NULL && *env != '\0') {
		snprintf(dir, n, "%s", env);
		return;
	}
	len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		exe[len] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		snprintf(dir, n, "%s/locale", exe);
		if (i18n_has_catalogue(dir))
			return;
		snprintf(dir, n, "%s/../share/locale", exe);
		if (i18n_has_catalogue(dir))
			return;
	}
	snprintf(dir, n, "%s", BAEDAL_LOCALEDIR);
}

/* The language the environment asks for (LC_ALL, LC_MESSAGES, LANG), or
 * NULL for none or C/POSIX. */
static const char *
i18n_wanted(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		v = getenv(vars[i]);
		if (v == NULL || *v == '\0')
			continue;
		if (strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 ||
		    strncmp(v, "C.", 2) == 0)
			return NULL;
		return v;
	}
	return NULL;
}

void
front_i18n_init(void)
{
	char dir[PATH_MAX + 32], lang[32];
	const char *cur, *want = i18n_wanted();
	size_t len;

	setlocale(LC_CTYPE, "");
	cur = setlocale(LC_MESSAGES, "");
	/* A language whose locale is not installed (LANG=en_US.UTF-8 on a
	 * machine with C.UTF-8 only) leaves LC_MESSAGES at C, where gettext
	 * ignores LANGUAGE: use C.UTF-8 and ask for the language by
	 * LANGUAGE, unless that is set already. */
	if (cur == NULL && want != NULL &&
	    setlocale(LC_MESSAGES, "C.UTF-8") != NULL) {
		len = strcspn(want, ".@");
		if (len < sizeof lang) {
			memcpy(lang, want, len);
			lang[len] = '\0';
			setenv("LANGUAGE", lang, 0);
		}
	}
	i18n_dir(dir, sizeof dir);
	bindtextdomain("baedal", dir);
	bind_textdomain_codeset("baedal", "UTF-8");
	textdomain("baedal");
}

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
	if (errno != 0 || end == spec || *end != '\0' || !isfinite(*lat) ||
	    !isfinite(*lon))
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
	fprintf(stderr, gettext("자세한 것은 '%s --help'.\n"), name);
	return FRONT_EXIT_USAGE;
}

int
front_app_parse(struct front_app *app, int argc, char **argv,
    const struct option *opts, int (*own)(void *ctx, int c), void *ctx)
{
	int c;

	setlocale(LC_ALL, "");
	front_i18n_init();
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
			fprintf(stderr, gettext("%s: --exit-after에는 숫자가 필요합니다 "
			    "('%s'이(가) 아님)\n"), app->name, optarg);
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
		fprintf(stderr, gettext("%s: 예상하지 못한 인자 '%s'\n"), app->name,
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
		fprintf(stderr, gettext("%s: 이 터미널을 쓸 수 없습니다 (TERM=%s)\n"),
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
