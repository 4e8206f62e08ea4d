/*
 * rider.c: baedal-rider's main: options (--at LAT,LON), the event loop's
 * callbacks, and the reloads: on start, when the backend comes back, on
 * a delivery event, and every RIDER_POLL_MS (the rider's heartbeat).
 */
#include "rider.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front.h"
#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_main.h"
#include "ui_theme.h"
#include "util.h"

static void
rider_usage(FILE *out)
{
	fprintf(out, _("사용법: baedal-rider [options]\n\n"
    "라이더 앱: 가까운 순으로 픽업을 기다리는 배달; 하나를 맡고, 픽업과\n"
    "배달 완료를 표시합니다. 키는 안에서 ?를 누르세요.\n\n"
    "옵션:\n%s"
    "  --at LAT,LON     지금 있는 곳, 도 단위 (없으면 BAEDAL_RIDER_AT,\n"
    "                   그것도 없으면 마지막으로 알린 곳)\n"
    "  --exit-after N   루프 N번(한 번에 약 250 ms) 뒤 끝내기, 테스트용\n"
    "  --mono           흑백 (NO_COLOR가 있어도)\n"
    "  -h, --help       이 도움말\n"
    "  -V, --version    버전\n\n"
    "종료 상태: 0 정상, 1 실패, 2 사용법 오류.\n"
    "예: baedal-rider --user rider1 --at 37.5563,126.9220\n"),
	    front_usage_text());
}

static void
rider_on_event(void *model, json_t *msg)
{
	struct rider_app *app = model;

	/* Any delivery event may change what is available or ours. */
	if (json_object_get(msg, "event") != NULL)
		app->need_load = 1;
}

static void
rider_on_tick(void *model, int64_t now)
{
	struct rider_app *app = model;
	struct wire_error err;
	int online = client_online(app->c);

	(void)now;
	if (online != app->was_online) {
		app->was_online = online;
		app->need_load = online;
		if (online && client_subscribe(app->c, "rider", NULL, -1,
		    &err) != 0)
			ui_app_error(_("구독 실패"), &err);
		ui_app_dirty();
	}
	if (!online && client_wait_ready(app->c, 0, &err) == NULL &&
	    strcmp(err.code, E_UNAUTHORIZED) == 0) {
		free(app->fatal);
		app->fatal = xasprintf(_("브로커가 토큰을 거절했습니다: %s"),
		    err.message);
		ui_app_quit();
		return;
	}
	if (online && (app->need_load ||
	    mono_ms() - app->loaded_at >= RIDER_POLL_MS)) {
		app->need_load = 0;
		rider_load(app);
	}
}

static int
rider_on_key(void *model, int ch)
{
	const struct ui_keymap map = { rider_keys, rider_n_keys,
	    &(const struct ui_keymap){ ui_list_keys, UI_LIST_KEYS_N, NULL } };
	struct rider_app *app = model;
	int action;

	if (app->help.up) {
		ui_help_key(&app->help, ch);
		ui_app_repaint();
		return 0;
	}
	action = ui_keymap_lookup(&map, ch);
	if (action == RIDER_QUIT)
		return 1;
	if (action == RIDER_HELP)
		ui_help_open(&app->help);
	else if (!ui_list_key(&app->list, action, LINES - 4))
		rider_act(app, action);
	ui_app_dirty();
	return 0;
}

static const struct ui_app_ops rider_ops = {
	.draw = rider_draw,
	.key = rider_on_key,
	.event = rider_on_event,
	.tick = rider_on_tick,
};

enum { O_AT = FRONT_O_APP_NEXT };

static int
rider_option(void *ctx, int c)
{
	struct rider_app *app = ctx;

	if (c != O_AT || front_parse_at(optarg, &app->lat, &app->lon) != 0)
		return -1;
	app->has_at = 1;
	return 0;
}

/* BAEDAL_RIDER_AT when no --at was given: -1 to go on, or the exit
 * status of a usage error. */
static int
rider_env_at(struct rider_app *app)
{
	const char *env = getenv("BAEDAL_RIDER_AT");

	if (app->has_at || env == NULL || *env == '\0')
		return -1;
	if (front_parse_at(env, &app->lat, &app->lon) != 0) {
		fprintf(stderr, _("baedal-rider: BAEDAL_RIDER_AT은 LAT,LON이어야 "
		    "합니다, '%s'가 아니라\n"), env);
		return FRONT_EXIT_USAGE;
	}
	app->has_at = 1;
	return -1;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		FRONT_APP_LONG_OPTIONS,
		{ "at", required_argument, NULL, O_AT },
		{ NULL, 0, NULL, 0 },
	};
	struct front_app opt = {
		.name = "baedal-rider",
		.usage = rider_usage,
	};
	struct rider_app app;
	int rc;

	memset(&app, 0, sizeof app);
	app.id = &opt.id;
	app.available = json_array();
	app.mine = json_array();
	if ((rc = front_app_parse(&opt, argc, argv, opts, rider_option,
	    &app)) < 0 && (rc = rider_env_at(&app)) < 0)
		rc = ui_main_run(&opt, &app.c, &rider_ops, &app, &app.fatal);
	json_decref(app.available);
	json_decref(app.mine);
	free(app.fatal);
	client_destroy(&app.c);
	front_app_free(&opt);
	return rc;
}
