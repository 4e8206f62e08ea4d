/*
 * shop_unavailable.c: lines the shop cannot make (품절), before cooking:
 * the key's check and the checklist of the order's lines, one check box
 * each (lines removed already are shown dim and cannot be checked).
 * Enter sends store.unavailable with the numbers checked; the lines and
 * the total on screen change with the order.lines_removed event, not
 * here. Checking every line left gives the order up (rejected, or
 * cancelled once accepted; the dialog says so).
 */
#include "shop.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_theme.h"
#include "util.h"

enum unav_action { UACT_DOWN, UACT_UP, UACT_TOGGLE, UACT_OK, UACT_CANCEL };

static const struct ui_key unav_keys[] = {
	UI_KEY(' ', N_("선택"), N_("이 항목 품절 표시 / 해제"), UACT_TOGGLE),
	UI_KEY('\n', N_("환불"), N_("고른 항목을 빼고 환불하기"), UACT_OK),
	UI_KEY(UI_KEY_ESC, N_("취소"), N_("빼지 않고 닫기"), UACT_CANCEL),
	UI_KEY_ALIAS('q', UACT_CANCEL),
	UI_KEY(KEY_DOWN, N_("이동"), N_("다음 항목"), UACT_DOWN),
	UI_KEY_ALIAS('j', UACT_DOWN),
	UI_KEY(KEY_UP, NULL, N_("이전 항목"), UACT_UP),
	UI_KEY_ALIAS('k', UACT_UP),
};

int
shop_unavailable_allowed(const struct shop_order *o)
{
	return o != NULL && (strcmp(o->status, "PAID") == 0 ||
	    strcmp(o->status, "ACCEPTED") == 0);
}

/* One check box per line of o, into dl (at most SHOP_LINES_MAX). */
static void
unav_fill(struct shop_dialogs *dl, const struct shop_order *o)
{
	const json_t *line;
	size_t i, n = 0;

	json_array_foreach(o->items, i, line) {
		struct ui_choice_item *it = &dl->line_items[n];

		if (n == SHOP_LINES_MAX)
			break;
		snprintf(dl->line_labels[n], sizeof dl->line_labels[n],
		    "%zu. %s x%lld", i + 1, wire_str(line, "name", "?"),
		    (long long)wire_int(line, "qty", 1));
		util_won(dl->line_notes[n], sizeof dl->line_notes[n],
		    wire_int(line, "line_total", 0));
		memset(it, 0, sizeof *it);
		it->kind = UI_CHOICE_CHECK;
		it->label = dl->line_labels[n];
		it->note = dl->line_notes[n];
		it->disabled = json_is_true(json_object_get(line, "removed"));
		n++;
	}
	ui_choice_init(&dl->lines, dl->line_items, n);
}

void
shop_action_unavailable(struct shop_app *app)
{
	struct shop_order *o = shop_action_selected(app);

	if (o == NULL)
		return;
	if (!shop_unavailable_allowed(o)) {
		ui_app_notice(UI_COLOR_WARN, _("#%lld은(는) '%s' 상태라 품절 "
		    "처리할 수 없습니다 (조리 전: 신규, 접수만)"),
		    (long long)o->id, shop_status_label(o->status));
		return;
	}
	unav_fill(shop_dialogs_of(app), o);
	shop_dialog_show(app, &shop_unavailable_dialog, o->id);
}

/* Send the lines checked; nothing checked: say so, keep the dialog. */
static void
unav_send(struct shop_app *app, struct shop_dialogs *dl)
{
	json_t *lines = json_array();
	int64_t id = app->dialog_order;
	size_t i;

	for (i = 0; i < dl->lines.n; i++)
		if (dl->line_items[i].checked && !dl->line_items[i].disabled)
			json_array_append_new(lines, json_integer(
			    (json_int_t)i + 1));
	if (json_array_size(lines) == 0) {
		json_decref(lines);
		ui_app_notice(UI_COLOR_WARN, _("품절된 항목을 Space로 골라 "
		    "주세요"));
		return;
	}
	shop_dialog_show(app, NULL, 0);
	shop_action_call(app, id, "unavailable", json_pack("{s:o}", "lines",
	    lines));
}

static void
unav_key(void *model, int action, int ch)
{
	struct shop_app *app = model;
	struct shop_dialogs *dl = shop_dialogs_of(app);

	(void)ch;
	if (action == UACT_DOWN || action == UACT_UP)
		ui_choice_move(&dl->lines, action == UACT_DOWN ? 1 : -1);
	else if (action == UACT_TOGGLE)
		ui_choice_toggle(&dl->lines);
	else if (action == UACT_CANCEL)
		shop_dialog_show(app, NULL, 0);
	else if (action == UACT_OK)
		unav_send(app, dl);
}

/* The checklist over the order it is about (nothing once it is gone:
 * the next key closes it). */
static void
unav_draw(void *model)
{
	static const char *const lines[3] = {
		N_("품절된 항목을 고르면 그만큼 환불됩니다"),
		N_("모두 고르면 주문을 거절(접수 후엔 취소)하고 전액 환불"),
		N_("Space 선택, Enter 환불, Esc 취소"),
	};
	const char *shown[3];
	struct shop_app *app = model;
	struct shop_dialogs *dl = shop_dialogs_of(app);
	char title[64];
	size_t i;

	if (shop_queue_find(&app->queue, app->dialog_order) == NULL)
		return;
	for (i = 0; i < 3; i++)
		shown[i] = _(lines[i]);
	snprintf(title, sizeof title, _(" 주문 #%lld 품절 처리 "),
	    (long long)app->dialog_order);
	ui_choice_draw(&dl->lines, ui_dialog_draw(title, shown, 3,
	    (int)dl->lines.n, 56));
}

const struct ui_dialog shop_unavailable_dialog = {
	.title = N_("품절 처리"),
	.keys = unav_keys,
	.n_keys = ARRAY_LEN(unav_keys),
	.draw = unav_draw,
	.key = unav_key,
};
