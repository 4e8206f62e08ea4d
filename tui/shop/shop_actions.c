/*
 * shop_actions.c: what the owner does to an order (accept with an ETA,
 * reject with a reason, cook, dispatch, deliver) and the small dialogs
 * for the first two. The queue is never changed here: the order's event
 * changes it, so the console never shows a state the backend lacks.
 */
#include "shop.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "order_moves.h"
#include "reasons.h"
#include "ui_app.h"
#include "ui_confirm.h"
#include "ui_help.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

/* The owner's steps, in the order's life; which status each one moves
 * on from is the status machine's table (order_moves.h), as the order
 * service has it. */
static const struct step {
	const char *method; /* store.<method>, an action of the table */
	const char *label;  /* for the hint bar and failures ("... 실패") */
	const char *done;   /* the notice once it went through */
} steps[] = {
	{ "accept", N_("접수"), N_("접수했습니다") },
	{ "cook", N_("조리 시작"), N_("조리를 시작했습니다") },
	{ "ready", N_("조리 완료"), N_("조리를 마쳤습니다") },
	{ "dispatch", N_("배달 출발"), N_("배달을 보냈습니다") },
	{ "deliver", N_("배달 완료"), N_("배달을 마쳤습니다") },
	{ "picked_up", N_("픽업 완료"), N_("포장 주문을 건넸습니다") },
	{ "reject", N_("거절"), N_("거절했습니다") },
	{ "extend", N_("시간 연장"), N_("조리 시간을 늘렸습니다") },
	{ "unavailable", N_("품절 처리"), N_("품절 항목을 빼고 환불했습니다") },
};

static const int eta_presets[] = { 10, 20, 30, 40, 60 };
#define ETA_DEFAULT_INDEX 2 /* 30 minutes */

enum dialog_action { DACT_DOWN, DACT_UP, DACT_OK, DACT_CANCEL, DACT_FIELD };

static const struct ui_key eta_keys[] = {
	UI_KEY('\n', N_("확인"), N_("이 시간으로 접수"), DACT_OK),
	UI_KEY(UI_KEY_ESC, N_("취소"), N_("접수하지 않고 닫기"), DACT_CANCEL),
	UI_KEY_ALIAS('q', DACT_CANCEL),
	UI_KEY(KEY_DOWN, N_("이동"), N_("더 긴 시간"), DACT_DOWN),
	UI_KEY_ALIAS('j', DACT_DOWN),
	UI_KEY_ALIAS(KEY_RIGHT, DACT_DOWN),
	UI_KEY(KEY_UP, NULL, N_("더 짧은 시간"), DACT_UP),
	UI_KEY_ALIAS('k', DACT_UP),
	UI_KEY_ALIAS(KEY_LEFT, DACT_UP),
};

/*
 * The reject dialog has two places, and a key means one thing in each:
 * on the reason list j/k move as the arrows do, and any other character
 * starts the free text (it moves there and types itself); in the free
 * text every character is text, and Up or Tab goes back to the list.
 * So moving never types into the reason sent to the customer.
 */
static const struct ui_key reject_keys[] = {
	UI_KEY('\n', N_("거절"), N_("이 사유로 거절"), DACT_OK),
	UI_KEY(UI_KEY_ESC, N_("취소"), N_("거절하지 않고 닫기"), DACT_CANCEL),
	UI_KEY(KEY_DOWN, N_("이동"), N_("다음 사유 / 직접 입력"), DACT_DOWN),
	UI_KEY(KEY_UP, NULL, N_("이전 사유 / 목록으로"), DACT_UP),
	UI_KEY('\t', N_("직접 입력"), N_("사유 목록 / 직접 입력 오가기"), DACT_FIELD),
};

/* On the reason list only (in the free text they are text). */
static const struct ui_key reject_list_keys[] = {
	UI_KEY('j', NULL, N_("다음 사유"), DACT_DOWN),
	UI_KEY('k', NULL, N_("이전 사유"), DACT_UP),
};

/* Closing the shop: a yes/no question (ui_confirm.h). */
static const struct ui_key close_keys[] = {
	UI_CONFIRM_KEYS(N_("영업 종료"), N_("가게 문을 닫습니다"), N_("취소"),
	    N_("그대로 둡니다")),
};

static const struct ui_confirm close_question = {
	.title = N_("영업 종료"),
	.lines = {
		N_("가게 문을 닫으면 새 주문을 받지 않습니다."),
		N_("영업을 종료할까요?  y: 종료   n: 취소"),
	},
};

struct shop_dialogs *
shop_dialogs_of(struct shop_app *app)
{
	return shop_state(app, SHOP_SCREEN_QUEUE);
}

void
shop_dialogs_init(void *state)
{
	ui_input_init(&((struct shop_dialogs *)state)->reason,
	    WIRE_MAX_REASON);
}

void
shop_dialogs_release(void *state)
{
	ui_input_free(&((struct shop_dialogs *)state)->reason);
}

static const struct step *
step_find(const char *method)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(steps); i++)
		if (strcmp(steps[i].method, method) == 0)
			return &steps[i];
	return NULL;
}

void
shop_action_call(struct shop_app *app, int64_t id, const char *method,
    json_t *body)
{
	const struct step *st = step_find(method);
	struct wire_error err;
	char what[96];
	json_t *res;

	snprintf(what, sizeof what, _("#%lld %s 실패"), (long long)id,
	    st ? _(st->label) : method);
	if (!client_online(app->c)) {
		json_decref(body);
		ui_app_notice(UI_COLOR_ERROR, _("%s: 백엔드에 연결되어 있지 "
		    "않습니다"), what);
		return;
	}
	json_object_set_new(body, "order_id", json_integer(id));
	res = client_call(app->c, "store", method, body, SHOP_CALL_MS, &err);
	if (res == NULL) {
		ui_app_error(what, &err);
		return;
	}
	ui_app_notice(UI_COLOR_OK, "#%lld %s", (long long)id,
	    st ? _(st->done) : method);
	json_decref(res);
}

struct shop_order *
shop_action_selected(struct shop_app *app)
{
	struct shop_order *o = shop_app_selected(app);

	if (o == NULL) {
		ui_app_notice(UI_COLOR_WARN, _("선택된 주문이 없습니다"));
		return NULL;
	}
	if (!shop_app_as_seen(app)) {
		/* The list moved under the cursor since the owner looked:
		 * show what is selected now and let the owner press again. */
		ui_app_notice(UI_COLOR_WARN, _("주문 목록이 바뀌었습니다: 선택된 "
		    "주문 #%lld (%s)을(를) 확인하고 다시 눌러 주세요"),
		    (long long)o->id, shop_status_label(o->status));
		return NULL;
	}
	o->fresh = 0;
	return o;
}

/* The owner's next step on o (accept first: reject is no next step),
 * or NULL when o is NULL or finished. */
static const struct step *
step_next(const struct shop_order *o)
{
	size_t i;

	for (i = 0; o != NULL && i < ARRAY_LEN(steps); i++)
		if (shop_action_allowed(o, steps[i].method))
			return &steps[i];
	return NULL;
}

const char *
shop_action_next_label(const struct shop_order *o)
{
	const struct step *st = step_next(o);

	return st != NULL ? st->label : NULL;
}

int
shop_action_allowed(const struct shop_order *o, const char *method)
{
	return o != NULL && order_move_to_kind(method, 1, o->status,
	    o->kind[0] != '\0' ? o->kind : NULL, NULL) != NULL;
}

/* 1 when method (accept or reject: a new order's) applies to o; else 0
 * after a notice saying why the owner cannot do what ("거절할"). */
static int
waiting_or_say(const struct shop_order *o, const char *method,
    const char *what)
{
	const char *next = shop_action_next_label(o);

	if (shop_action_allowed(o, method))
		return 1;
	ui_app_notice(UI_COLOR_WARN, _("#%lld은(는) 이미 '%s' 상태라 %s 수 "
	    "없습니다 (신규 주문만)%s%s"), (long long)o->id,
	    shop_status_label(o->status), what, next ? " · Space: " : "",
	    next ? next : "");
	return 0;
}

void
shop_action_simple(struct shop_app *app, const char *method)
{
	struct shop_order *o = shop_action_selected(app);

	if (o == NULL)
		return;
	if (strcmp(o->kind, "pickup") == 0 &&
	    !shop_action_allowed(o, method) &&
	    (strcmp(method, "dispatch") == 0 ||
	    strcmp(method, "deliver") == 0)) {
		ui_app_notice(UI_COLOR_WARN, _("#%lld은(는) 포장 주문이라 배달하지 "
		    "않습니다"), (long long)o->id);
		return;
	}
	shop_action_call(app, o->id, method, json_object());
}

void
shop_dialogs_minutes(struct shop_dialogs *dl, const int *minutes, size_t n,
    const char *sign)
{
	size_t i;

	memset(dl->items, 0, sizeof dl->items);
	for (i = 0; i < n && i < ARRAY_LEN(dl->items); i++) {
		snprintf(dl->labels[i], sizeof dl->labels[i], _("%s%d분"), sign,
		    minutes[i]);
		dl->items[i] = (struct ui_choice_item){
		    UI_CHOICE_RADIO, 0, dl->labels[i], NULL, 0, 0 };
	}
	ui_choice_init(&dl->choice, dl->items, i);
}

void
shop_action_accept(struct shop_app *app)
{
	struct shop_dialogs *dl = shop_dialogs_of(app);
	struct shop_order *o = shop_action_selected(app);

	if (o == NULL || !waiting_or_say(o, "accept", _("접수할")))
		return;
	shop_dialogs_minutes(dl, eta_presets, ARRAY_LEN(eta_presets), "");
	ui_choice_move(&dl->choice, ETA_DEFAULT_INDEX);
	ui_choice_toggle(&dl->choice);
	shop_dialog_show(app, &shop_eta_dialog, o->id);
}

void
shop_action_reject(struct shop_app *app)
{
	struct shop_dialogs *dl = shop_dialogs_of(app);
	struct shop_order *o = shop_action_selected(app);
	size_t i;

	const struct reason_code *rc;
	size_t n = 0;

	if (o == NULL || !waiting_or_say(o, "reject", _("거절할")))
		return;
	memset(dl->items, 0, sizeof dl->items);
	/* The shop's codes (reasons.h), OTHER last: it needs words. */
	for (i = 0; (rc = reason_at((unsigned)i)) != NULL &&
	    n < ARRAY_LEN(dl->items); i++) {
		if (!(rc->by & REASON_BY_SHOP))
			continue;
		dl->codes[n] = rc->code;
		dl->items[n++] = (struct ui_choice_item){ UI_CHOICE_RADIO, 0,
		    strcmp(rc->code, REASON_OTHER) == 0 ?
		    _("기타 (직접 입력)") : _(rc->text), NULL, 0, 0 };
	}
	ui_choice_init(&dl->choice, dl->items, n);
	ui_choice_toggle(&dl->choice);
	ui_input_clear(&dl->reason);
	dl->typing = 0;
	shop_dialog_show(app, &shop_reject_dialog, o->id);
}

void
shop_action_next(struct shop_app *app)
{
	struct shop_order *o = shop_action_selected(app);
	const struct step *st = step_next(o);

	if (o == NULL)
		return;
	if (st != NULL && strcmp(st->method, "accept") == 0)
		shop_action_accept(app);
	else if (st != NULL)
		shop_action_simple(app, st->method);
	else
		ui_app_notice(UI_COLOR_DIM, _("#%lld: 끝난 주문입니다 (%s)"),
		    (long long)o->id, shop_status_label(o->status));
}

static void
dialog_move(struct shop_app *app, int delta)
{
	struct shop_dialogs *dl = shop_dialogs_of(app);

	ui_choice_move(&dl->choice, delta);
	ui_choice_toggle(&dl->choice);
}

/* Take the dialog down; returns the order it was about. */
static int64_t
dialog_close(struct shop_app *app)
{
	int64_t id = app->dialog_order;

	shop_dialog_show(app, NULL, 0);
	return id;
}

static void
eta_key(void *model, int action, int ch)
{
	struct shop_app *app = model;
	struct shop_dialogs *dl = shop_dialogs_of(app);
	int minutes;

	(void)ch;
	if (action == DACT_DOWN || action == DACT_UP)
		dialog_move(app, action == DACT_DOWN ? 1 : -1);
	else if (action == DACT_CANCEL)
		dialog_close(app);
	else if (action == DACT_OK) {
		minutes = eta_presets[dl->choice.list.selected];
		shop_action_call(app, dialog_close(app), "accept",
		    json_pack("{s:i}", "eta_min", minutes));
	}
}

/* Focus on the free text: the reason is OTHER, so the list shows it. */
static void
reject_type(struct shop_app *app)
{
	struct shop_dialogs *dl = shop_dialogs_of(app);

	dl->typing = 1;
	dialog_move(app, (int)dl->choice.n - 1 - dl->choice.list.selected);
}

/* Enter in the reject dialog: a code from the list, or OTHER with the
 * words typed (asked for when there are none). */
static void
reject_send(struct shop_app *app)
{
	struct shop_dialogs *dl = shop_dialogs_of(app);
	const char *code = dl->codes[dl->choice.list.selected];
	const char *words = ui_input_text(&dl->reason);

	if (dl->typing || strcmp(code, REASON_OTHER) == 0) {
		if (words[0] == '\0') {
			reject_type(app);
			ui_app_notice(UI_COLOR_WARN, _("기타 사유를 입력하세요"));
			return;
		}
		shop_action_call(app, dialog_close(app), "reject", json_pack(
		    "{s:s, s:s}", "code", REASON_OTHER, "reason", words));
		return;
	}
	shop_action_call(app, dialog_close(app), "reject",
	    json_pack("{s:s}", "code", code));
}

static void
reject_key(void *model, int action, int ch)
{
	struct shop_app *app = model;
	struct shop_dialogs *dl = shop_dialogs_of(app);

	if (action < 0 && !dl->typing)
		action = ui_keys_lookup(reject_list_keys,
		    ARRAY_LEN(reject_list_keys), ch);
	if (action == DACT_CANCEL) {
		dialog_close(app);
	} else if (action == DACT_FIELD) {
		if (dl->typing)
			dl->typing = 0;
		else
			reject_type(app);
	} else if (action == DACT_UP) {
		if (dl->typing)
			dl->typing = 0;
		else
			dialog_move(app, -1);
	} else if (action == DACT_DOWN) {
		if (dl->typing)
			return; /* the field is the last place */
		if (dl->choice.list.selected + 1 < (int)dl->choice.n)
			dialog_move(app, 1);
		else
			reject_type(app);
	} else if (action == DACT_OK) {
		reject_send(app);
	} else if (dl->typing) {
		ui_input_key(&dl->reason, ch);
	} else if (ui_keys_char(ch) > ' ') {
		reject_type(app); /* typing picks the free text: OTHER */
		ui_input_key(&dl->reason, ch);
	}
}

/* Closing the shop: yes closes it. */
static void
close_key(void *model, int action, int ch)
{
	struct shop_app *app = model;
	int answer = ui_confirm_answer(action);

	(void)ch;
	if (answer >= 0)
		dialog_close(app);
	if (answer == UI_CONFIRM_YES)
		shop_menu_set_open(app, 0);
}

void
shop_dialog_key(struct shop_app *app, int ch)
{
	const struct ui_dialog *d = app->dialog;

	if (app->dialog_order != 0 &&
	    shop_queue_find(&app->queue, app->dialog_order) == NULL) {
		dialog_close(app);
		return;
	}
	d->key(app, ui_keys_lookup(d->keys, d->n_keys, ch), ch);
}

static void
close_draw(void *model)
{
	(void)model;
	ui_confirm_draw(&close_question);
}

/* The order a dialog is about, with its items and total as the first
 * line into head; NULL when it is gone (the next key closes it). */
static const struct shop_order *
dialog_head(struct shop_app *app, char *head, size_t n)
{
	const struct shop_order *o = shop_queue_find(&app->queue,
	    app->dialog_order);
	char items[200], won[32];

	if (o == NULL)
		return NULL;
	shop_order_items_text(o, items, sizeof items);
	util_won(won, sizeof won, o->total);
	snprintf(head, n, "%s · %s", items, won);
	return o;
}

static void
eta_draw(void *model)
{
	struct shop_app *app = model;
	struct shop_dialogs *dl = shop_dialogs_of(app);
	char head[256], title[64];
	const char *lines[2] = { head, _("예상 소요 시간 (위/아래, Enter 확인, "
	    "Esc 취소)") };
	const struct shop_order *o = dialog_head(app, head, sizeof head);
	struct ui_rect r;

	if (o == NULL)
		return;
	snprintf(title, sizeof title, _(" 주문 #%lld 접수 "), (long long)o->id);
	r = ui_dialog_draw(title, lines, 2, (int)dl->choice.n + 1, 40);
	r.y++;
	r.h--;
	ui_choice_draw(&dl->choice, r);
}

static void
reject_draw(void *model)
{
	struct shop_app *app = model;
	struct shop_dialogs *dl = shop_dialogs_of(app);
	char head[256], title[64];
	const char *lines[2] = { head, _("거절 사유 (j/k 이동 또는 입력, Enter "
	    "거절, Esc 취소)") };
	const struct shop_order *o = dialog_head(app, head, sizeof head);
	struct ui_rect r;
	int input_attr;

	if (o == NULL)
		return;
	snprintf(title, sizeof title, _(" 주문 #%lld 거절 "), (long long)o->id);
	r = ui_dialog_draw(title, lines, 2, (int)dl->choice.n + 3, 48);
	if (r.h < 3)
		return;
	r.y++;
	r.h -= 2;
	ui_choice_draw(&dl->choice, r);
	input_attr = dl->typing ? ui_attr(UI_COLOR_SELECTED) :
	    ui_attr(UI_COLOR_DIM);
	ui_draw_text(r.y + r.h, r.x, 10, UI_ALIGN_LEFT, input_attr,
	    _("직접 입력"));
	ui_input_draw(&dl->reason, r.y + r.h, r.x + 11, r.w - 11,
	    dl->typing ? ui_attr(UI_COLOR_NORMAL) | A_UNDERLINE :
	    ui_attr(UI_COLOR_DIM) | A_UNDERLINE);
}

const struct ui_dialog shop_eta_dialog = {
	.title = N_("접수"),
	.keys = eta_keys,
	.n_keys = ARRAY_LEN(eta_keys),
	.draw = eta_draw,
	.key = eta_key,
};

const struct ui_dialog shop_reject_dialog = {
	.title = N_("거절"),
	.keys = reject_keys,
	.n_keys = ARRAY_LEN(reject_keys),
	.draw = reject_draw,
	.key = reject_key,
};

const struct ui_dialog shop_close_dialog = UI_CONFIRM_DIALOG(N_("영업 종료"),
    close_keys, close_draw, close_key);
