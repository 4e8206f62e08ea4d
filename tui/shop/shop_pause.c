/*
 * shop_pause.c: pausing orders (store.pause: 15, 30 or 60 minutes or
 * until resumed, with a reason), resuming (store.resume) and busy mode
 * (store.busy), from the console; the shop's state for the header comes
 * from its shop object (store.menu, shop.updated).
 */
#include "shop.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

static const int pause_presets[] = { 15, 30, 60 };

enum pause_action { PACT_DOWN, PACT_UP, PACT_OK, PACT_CANCEL };

/* Arrows move, every character is the reason's: nothing moves by a
 * letter, so no key meant to move is typed into the reason. */
static const struct ui_key pause_keys[] = {
	UI_KEY('\n', N_("확인"), N_("주문 일시정지"), PACT_OK),
	UI_KEY(UI_KEY_ESC, N_("취소"), N_("정지하지 않고 닫기"), PACT_CANCEL),
	UI_KEY(KEY_DOWN, N_("이동"), N_("더 긴 시간"), PACT_DOWN),
	UI_KEY(KEY_UP, NULL, N_("더 짧은 시간"), PACT_UP),
};

void
shop_pause_take(struct shop_app *app, const json_t *shop)
{
	const json_t *until = json_object_get(shop, "paused_until");
	const char *reason = json_string_value(json_object_get(shop,
	    "pause_reason"));

	if (json_object_get(shop, "paused_until") != NULL)
		app->paused_until = json_is_integer(until) ?
		    json_integer_value(until) : -1;
	if (json_is_false(json_object_get(shop, "paused")))
		app->paused_until = -1;
	free(app->pause_reason);
	app->pause_reason = reason ? xstrdup(reason) : NULL;
	if (json_is_integer(json_object_get(shop, "busy_min")))
		app->busy_min = (int)json_integer_value(json_object_get(shop,
		    "busy_min"));
	else if (json_object_get(shop, "busy_min") != NULL)
		app->busy_min = 0;
}

int
shop_paused(const struct shop_app *app, int64_t now)
{
	return app->paused_until == 0 || app->paused_until > now;
}

/* store.<method> with body (stolen); the result's shop state taken. */
static void
pause_call(struct shop_app *app, const char *method, json_t *body,
    const char *done)
{
	struct wire_error err;
	json_t *res = client_call(app->c, "store", method, body, SHOP_CALL_MS,
	    &err);

	if (res == NULL) {
		ui_app_error(_("가게 상태 변경 실패"), &err);
		return;
	}
	shop_pause_take(app, res);
	ui_app_notice(UI_COLOR_OK, "%s", done);
	json_decref(res);
}

void
shop_action_pause(struct shop_app *app)
{
	struct shop_dialogs *dl = shop_dialogs_of(app);
	size_t n = ARRAY_LEN(pause_presets);

	if (shop_paused(app, now_ms())) {
		pause_call(app, "resume", json_object(),
		    _("주문을 다시 받습니다"));
		return;
	}
	shop_dialogs_minutes(dl, pause_presets, n, "");
	dl->items[n] = (struct ui_choice_item){ UI_CHOICE_RADIO, 0,
	    _("다시 열 때까지"), NULL, 0, 0 };
	ui_choice_init(&dl->choice, dl->items, n + 1);
	ui_choice_toggle(&dl->choice);
	ui_input_clear(&dl->reason);
	shop_dialog_show(app, &shop_pause_dialog, 0);
}

void
shop_action_busy(struct shop_app *app)
{
	if (app->busy_min > 0)
		pause_call(app, "busy", json_pack("{s:b}", "on", 0),
		    _("바쁨 모드를 껐습니다"));
	else
		pause_call(app, "busy", json_pack("{s:b}", "on", 1),
		    _("바쁨 모드: 예상 시간이 늘어납니다"));
}

static void
pause_key(void *model, int action, int ch)
{
	struct shop_app *app = model;
	struct shop_dialogs *dl = shop_dialogs_of(app);
	const char *reason = ui_input_text(&dl->reason);
	int i = dl->choice.list.selected;
	json_t *body;

	if (action == PACT_DOWN || action == PACT_UP) {
		ui_choice_move(&dl->choice, action == PACT_DOWN ? 1 : -1);
		ui_choice_toggle(&dl->choice);
	} else if (action == PACT_CANCEL) {
		shop_dialog_show(app, NULL, 0);
	} else if (action == PACT_OK) {
		body = json_object();
		if (i < (int)ARRAY_LEN(pause_presets))
			json_object_set_new(body, "minutes",
			    json_integer(pause_presets[i]));
		if (reason[0] != '\0')
			json_object_set_new(body, "reason",
			    json_string(reason));
		shop_dialog_show(app, NULL, 0);
		pause_call(app, "pause", body, _("주문을 잠시 멈췄습니다"));
	} else {
		ui_input_key(&dl->reason, ch);
	}
}

static void
pause_draw(void *model)
{
	struct shop_app *app = model;
	struct shop_dialogs *dl = shop_dialogs_of(app);
	const char *lines[1] = { _("얼마 동안? (위/아래, 사유 입력, Enter, Esc)") };
	struct ui_rect r;

	r = ui_dialog_draw(_(" 주문 일시정지 "), lines, 1, (int)dl->choice.n + 2,
	    48);
	if (r.h < 3)
		return;
	r.y++;
	r.h -= 2;
	ui_choice_draw(&dl->choice, r);
	ui_draw_text(r.y + r.h, r.x, 6, UI_ALIGN_LEFT, ui_attr(UI_COLOR_DIM),
	    _("사유"));
	ui_input_draw(&dl->reason, r.y + r.h, r.x + 6, r.w - 6,
	    ui_attr(UI_COLOR_NORMAL) | A_UNDERLINE);
}

const struct ui_dialog shop_pause_dialog = {
	.title = N_("일시정지"),
	.keys = pause_keys,
	.n_keys = ARRAY_LEN(pause_keys),
	.draw = pause_draw,
	.key = pause_key,
};
