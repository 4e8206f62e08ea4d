/*
 * shop.c: baedal-shop's main: options and the event loop's callbacks (the
 * app's ops); the alerts are in shop_alert.c.
 */
#include "shop.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front.h"
#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_term.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

/* A failed sync is tried again after this long. */
#define SYNC_RETRY_MS 5000
/* While a new order waits unseen, alert again this often (--remind). */
#define REMIND_MS 60000
#define REMIND_MAX_S 3600

static void
shop_usage(FILE *out)
{
	fprintf(out, _("사용법: baedal-shop [options]\n\n"
    "가게 주인의 실시간 주문 콘솔: 들어오는 새 주문, 접수, 거절, 조리,\n"
    "배달 출발, 배달 완료, 메뉴 품절 관리. 키는 안에서 ?를 누르세요.\n\n"
    "옵션:\n%s"
    "  --exit-after N   루프 N번(한 번에 약 250 ms) 뒤 끝내기, 테스트용\n"
    "  --no-bell        새 주문에 소리 알림 없음 (화면 깜빡임)\n"
    "  --remind SECONDS 새 주문을 아무도 보지 않으면 이 간격으로 다시\n"
    "                   알림 (1-3600, 기본값 60); 자동 취소가 가까운\n"
    "                   주문은 더 급하게: 10초마다 (--remind가 더 짧으면\n"
    "                   그 간격으로) 빨간 알림과 소리 세 번 (깜빡임)\n"
    "  --mono           흑백 (NO_COLOR가 있어도)\n"
    "  -h, --help       이 도움말\n"
    "  -V, --version    버전\n\n"
    "종료 상태: 0 정상, 1 실패, 2 사용법 오류.\n"
    "예: baedal-shop --home DIR --connect ipc:///tmp/bd/front "
    "--user chicken_owner\n"), front_usage_text());
}

/* An order changed under an open dialog or the owner's eyes. */
static void
shop_note_changed(struct shop_app *app, struct shop_order *o)
{
	if (strcmp(o->status, "PAID") != 0)
		o->fresh = 0;
	if (strcmp(o->status, "CANCELLED") == 0 && app->live) {
		app->cancel_pending++; /* announced by shop_alerts */
		app->cancel_last_id = o->id;
	}
	if (app->dialog != NULL && app->dialog_order == o->id &&
	    strcmp(o->status, "PAID") != 0) {
		/* nothing left to decide */
		shop_dialog_show(app, NULL, 0);
		ui_app_notice(UI_COLOR_WARN, _("주문 #%lld: 그 사이 '%s' 상태가 "
		    "되어 창을 닫았습니다"), (long long)o->id,
		    shop_status_label(o->status));
	}
}

static void
shop_on_event(void *model, json_t *msg)
{
	struct shop_app *app = model;
	const json_t *ev = json_object_get(msg, "event");
	const char *type = json_string_value(json_object_get(ev, "type"));
	struct shop_order *o;

	if (type == NULL) {
		/* {"sub","live"}: caught up, what follows is live. */
		app->live = json_object_get(msg, "live") != NULL;
		return;
	}
	ui_views_event(&app->views, app, ev);
	if (shop_print_event(app, ev))
		return;
	switch (shop_queue_apply(&app->queue, ev, &o)) {
	case SHOP_APPLIED_NEW:
		o->fresh = 1; /* shop_alerts announces it */
		shop_app_refresh(app);
		break;
	case SHOP_APPLIED_CHANGED:
		shop_note_changed(app, o);
		shop_app_refresh(app);
		break;
	default:
		break;
	}
}

static void
shop_on_tick(void *model, int64_t now)
{
	static int64_t last_second;
	struct shop_app *app = model;
	struct wire_error err;
	int online = client_online(app->c);

	if (online != app->was_online) {
		app->need_sync = 1; /* both ways: resync once back */
		app->sync_retry_at = 0;
		app->was_online = online;
		app->live = 0;
		ui_app_dirty();
	}
	if (online && app->need_sync && mono_ms() >= app->sync_retry_at) {
		if (shop_app_sync(app) == 0)
			app->need_sync = 0;
		else
			app->sync_retry_at = mono_ms() + SYNC_RETRY_MS;
	}
	if (!online && client_wait_ready(app->c, 0, &err) == NULL &&
	    strcmp(err.code, E_UNAUTHORIZED) == 0) {
		free(app->fatal);
		app->fatal = xasprintf(_("브로커가 토큰을 거절했습니다: %s"),
		    err.message);
		ui_app_quit();
		return;
	}
	shop_alerts(app);
	ui_views_tick(&app->views, app, now);
	if (now / 1000 != last_second) {
		last_second = now / 1000; /* clocks and countdowns */
		ui_app_dirty();
	}
}

static int
shop_on_key(void *model, int ch)
{
	struct shop_app *app = model;

	if (app->help.up) {
		ui_help_key(&app->help, ch);
		return 0;
	}
	if (app->dialog != NULL) {
		shop_dialog_key(app, ch);
		return 0;
	}
	if (shop_menu_search_key(app, ch))
		return 0;
	shop_view(app)->key(app, ui_keymap_lookup(shop_keymap(app), ch));
	return 0;
}

static void
shop_on_draw(void *model)
{
	shop_draw(model);
}

/* The app's view for the event loop. */
static const struct ui_app_ops shop_ops = {
	.draw = shop_on_draw,
	.key = shop_on_key,
	.event = shop_on_event,
	.tick = shop_on_tick,
};

static void
shop_app_free(struct shop_app *app)
{
	shop_queue_clear(&app->queue);
	free(app->view);
	free(app->shop_id);
	free(app->shop_name);
	free(app->pause_reason);
	free(app->fatal);
	shop_app_release(app);
	client_destroy(&app->c);
}

/* baedal-shop's own options. */
enum { O_NO_BELL = FRONT_O_APP_NEXT, O_REMIND };

static int
shop_option(void *ctx, int c)
{
	struct shop_app *app = ctx;
	char *end;
	long s;

	if (c == O_REMIND) {
		s = strtol(optarg, &end, 10);
		if (*optarg == '\0' || *end != '\0' || s < 1 ||
		    s > REMIND_MAX_S)
			return -1;
		app->remind_ms = (int64_t)s * 1000;
		return 0;
	}
	if (c != O_NO_BELL)
		return -1;
	app->bell = 0;
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		FRONT_APP_LONG_OPTIONS,
		{ "no-bell", no_argument, NULL, O_NO_BELL },
		{ "remind", required_argument, NULL, O_REMIND },
		{ NULL, 0, NULL, 0 },
	};
	struct front_app opt = {
		.name = "baedal-shop",
		.usage = shop_usage,
	};
	struct shop_app app;
	char why[256];
	int rc;

	memset(&app, 0, sizeof app);
	app.bell = 1;
	app.remind_ms = REMIND_MS;
	app.shop_open = -1;
	app.paused_until = -1;
	app.filter = SHOP_FILTER_ALL;
	app.need_sync = 1;
	shop_app_init(&app);
	if ((rc = front_app_parse(&opt, argc, argv, opts, shop_option,
	    &app)) >= 0)
		goto out;
	ui_app_set_monochrome(opt.mono);
	/* Do not wait: the console starts (with a banner) even when the
	 * backend is down, and catches up when it comes. */
	if ((app.c = front_app_connect(&opt)) == NULL) {
		rc = FRONT_EXIT_FAIL;
		goto out;
	}
	/* Who we are first (exit 1), then where we draw (exit 2). */
	if (ui_term_check(why, sizeof why) != 0) {
		fprintf(stderr, "baedal-shop: %s\n", why);
		rc = FRONT_EXIT_USAGE;
		goto out; /* shop_app_free destroys the client */
	}
	app.user = opt.id.user;
	/* q, ^C, SIGTERM and --exit-after end it well; app.fatal not. */
	rc = ui_app_run(app.c, &shop_ops, &app, opt.exit_after);
	rc = front_app_exit(&opt, rc, app.fatal);
out:
	shop_app_free(&app);
	front_app_free(&opt);
	return rc;
}
