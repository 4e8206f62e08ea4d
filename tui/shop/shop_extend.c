/*
 * shop_extend.c: more prep time for an accepted order (store.extend):
 * the key's check and the small dialog offering +5, +10 or +15 minutes.
 * The ETA on screen moves with the order.eta_extended event, not here.
 */
#include "shop.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_theme.h"
#include "util.h"

static const int extend_presets[] = { 5, 10, 15 };

enum extend_action { EACT_DOWN, EACT_UP, EACT_OK, EACT_CANCEL };

static const struct ui_key extend_keys[] = {
	UI_KEY('\n', N_("확인"), N_("이만큼 시간 늘리기"), EACT_OK),
	UI_KEY(UI_KEY_ESC, N_("취소"), N_("늘리지 않고 닫기"), EACT_CANCEL),
	UI_KEY_ALIAS('q', EACT_CANCEL),
	UI_KEY(KEY_DOWN, N_("이동"), N_("더 긴 시간"), EACT_DOWN),
	UI_KEY_ALIAS('j', EACT_DOWN),
	UI_KEY(KEY_UP, NULL, N_("더 짧은 시간"), EACT_UP),
	UI_KEY_ALIAS('k', EACT_UP),
};

int
shop_extend_allowed(const struct shop_order *o)
{
	return o != NULL && (strcmp(o->status, "ACCEPTED") == 0 ||
	    strcmp(o->status, "COOKING") == 0);
}

void
shop_action_extend(struct shop_app *app)
{
	struct shop_dialogs *dl = shop_dialogs_of(app);
	struct shop_order *o = shop_action_selected(app);

	if (o == NULL)
		return;
	if (!shop_extend_allowed(o)) {
		ui_app_notice(UI_COLOR_WARN, _("#%lld은(는) '%s' 상태라 시간을 늘릴 "
		    "수 없습니다 (접수, 조리중만)"), (long long)o->id,
		    shop_status_label(o->status));
		return;
	}
	shop_dialogs_minutes(dl, extend_presets, ARRAY_LEN(extend_presets),
	    "+");
	ui_choice_toggle(&dl->choice);
	shop_dialog_show(app, &shop_extend_dialog, o->id);
}

static void
extend_key(void *model, int action, int ch)
{
	struct shop_app *app = model;
	struct shop_dialogs *dl = shop_dialogs_of(app);
	int64_t id = app->dialog_order;

	(void)ch;
	if (action == EACT_DOWN || action == EACT_UP) {
		ui_choice_move(&dl->choice, action == EACT_DOWN ? 1 : -1);
		ui_choice_toggle(&dl->choice);
	} else if (action == EACT_CANCEL) {
		shop_dialog_show(app, NULL, 0);
	} else if (action == EACT_OK) {
		shop_dialog_show(app, NULL, 0);
		shop_action_call(app, id, "extend", json_pack("{s:i}",
		    "minutes", extend_presets[dl->choice.list.selected]));
	}
}

static void
extend_draw(void *model)
{
	struct shop_app *app = model;
	struct shop_dialogs *dl = shop_dialogs_of(app);
	const struct shop_order *o = shop_queue_find(&app->queue,
	    app->dialog_order);
	char head[96], title[64];
	const char *lines[2] = { head, _("늘릴 시간 (위/아래, Enter 확인, "
	    "Esc 취소)") };
	struct ui_rect r;

	if (o == NULL)
		return;
	snprintf(head, sizeof head, _("지금 예상 %lld분"), (long long)o->eta_min);
	snprintf(title, sizeof title, _(" 주문 #%lld 시간 연장 "),
	    (long long)o->id);
	r = ui_dialog_draw(title, lines, 2, (int)dl->choice.n + 1, 40);
	r.y++;
	r.h--;
	ui_choice_draw(&dl->choice, r);
}

const struct ui_dialog shop_extend_dialog = {
	.title = N_("시간 연장"),
	.keys = extend_keys,
	.n_keys = ARRAY_LEN(extend_keys),
	.draw = extend_draw,
	.key = extend_key,
};
