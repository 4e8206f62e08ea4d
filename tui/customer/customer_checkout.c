/*
 * customer_checkout.c: the checkout dialog over the cart: delivery or
 * pickup (포장), the address (delivery only), a request to the shop and
 * one to the rider (delivery only), the card, the total to confirm, then
 * order.place (a retry after a
 * timeout reuses the request's id, so it never places twice).
 */
#include "customer_cart_int.h"

#include <stdio.h>
#include <string.h>

#include "text_check.h"
#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"
#include "wire.h"

#define CARD_MAX_BYTES 19

/* Banks for a virtual account (PROTOCOL.md, codes as the gateway's). */
static const struct {
	const char *code, *name;
} checkout_banks[] = {
	{ "88", N_("신한") }, { "20", N_("우리") }, { "06", N_("KB국민") },
	{ "90", N_("카카오뱅크") },
};

static const char *const refund_names[] = { N_("은행 코드"), N_("계좌 번호"),
    N_("예금주") };

void
checkout_init(struct cust_checkout *c)
{
	/* Room past the order service's limit: a long address is shown and
	 * refused with a message, never cut as it is typed. */
	ui_input_init(&c->address, 4 * WIRE_MAX_ADDRESS);
	ui_input_init(&c->card, CARD_MAX_BYTES);
	/* Room past the limits, as for the address. */
	ui_input_init(&c->note, 4 * 4 * TEXT_MAX_NOTE);
	ui_input_init(&c->rider_note, 4 * 4 * TEXT_MAX_RIDER_NOTE);
	ui_input_set(&c->address, CUST_DEFAULT_ADDRESS);
	ui_input_set(&c->card, CUST_DEFAULT_CARD);
	ui_input_init(&c->refund[0], 8);
	ui_input_init(&c->refund[1], 32);
	ui_input_init(&c->refund[2], 128);
	ui_input_init(&c->label, 4 * 4 * 20); /* room past the limit */
}

void
checkout_release(struct cust_checkout *c)
{
	ui_input_free(&c->address);
	ui_input_free(&c->card);
	json_decref(c->saved);
	c->saved = NULL;
	ui_input_free(&c->note);
	ui_input_free(&c->rider_note);
	ui_input_free(&c->refund[0]);
	ui_input_free(&c->refund[1]);
	ui_input_free(&c->refund[2]);
	ui_input_free(&c->label);
}

/* 1 when step is asked for the order's kind (a pickup has no address
 * and no rider) and payment (only a virtual account has a refund
 * account). */
static int
checkout_has_step(const struct cust_checkout *c, int pickup, int step)
{
	if (step == CHECKOUT_REFUND && !c->va)
		return 0;
	return !pickup || (step != CHECKOUT_ADDRESS &&
	    step != CHECKOUT_RIDER_NOTE);
}

/* The step after (dir 1) or before (dir -1) the current one. */
static int
checkout_step_from(const struct cust_checkout *c, int pickup, int dir)
{
	int step = c->step + dir;

	while (step > CHECKOUT_KIND && step < CHECKOUT_CONFIRM &&
	    !checkout_has_step(c, pickup, step))
		step += dir;
	return step;
}

void
checkout_start(struct cust *m)
{
	struct cust_checkout *c = &cart_of(m)->checkout;

	c->step = CHECKOUT_KIND;
	c->place_id[0] = '\0'; /* a new checkout is a new order */
	c->error[0] = '\0';
	checkout_saved_load(m);
	cust_dialog_show(m, &cust_checkout_dialog);
}

/* Keep the payment retry countdown moving while the dialog is up. */
static void
checkout_tick(void *app, int64_t now)
{
	struct cust_checkout *c = &cart_of(app)->checkout;

	if (c->retry_at == 0)
		return;
	if (now >= c->retry_at)
		c->retry_at = 0;
	ui_app_dirty();
}

enum { CHECKOUT_NEXT, CHECKOUT_BACK, CHECKOUT_SAVE, CHECKOUT_BOOK };

static const struct ui_key checkout_keys[] = {
	UI_KEY('\n', N_("다음"), N_("다음 단계, 마지막 단계에서는 결제"), CHECKOUT_NEXT),
	UI_KEY(UI_KEY_ESC, N_("뒤로"), N_("이전 단계, 또는 닫기"), CHECKOUT_BACK),
	UI_KEY(KEY_UP, NULL, N_("이전 단계"), CHECKOUT_BACK),
	UI_KEY(KEY_DOWN, NULL, N_("다음 단계"), CHECKOUT_NEXT),
	UI_KEY(KEY_F(2), N_("주소 저장"), N_("배달 주소 단계: 주소를 이름(집, 회사)으로 "
	    "저장"), CHECKOUT_SAVE),
	UI_KEY(KEY_F(3), N_("주소 목록"), N_("배달 주소 단계: 저장된 주소 (쓰기, "
	    "기본값, 지우기)"), CHECKOUT_BOOK),
};

static void
checkout_place(struct cust *m)
{
	struct cart *ct = cart_of(m);
	struct cust_checkout *c = &ct->checkout;
	struct wire_error err;
	json_t *r, *body;
	int64_t id;

	/* A timed-out attempt may have gone through: retrying with the same
	 * id gets its answer instead of a second order. */
	if (c->place_id[0] == '\0')
		client_new_id(m->client, c->place_id, sizeof c->place_id);
	body = json_pack("{s:s, s:o, s:s}", "shop_id", ct->shop,
	    "items", cart_request_items(ct), "kind",
	    ct->pickup ? "pickup" : "delivery");
	if (c->va)
		json_object_update_new(body, json_pack("{s:s, s:s, s:{s:s, "
		    "s:s, s:s}}", "pay", "virtual_account", "bank",
		    checkout_banks[c->bank].code, "refund_account", "bank",
		    ui_input_text(&c->refund[0]), "account_number",
		    ui_input_text(&c->refund[1]), "holder_name",
		    ui_input_text(&c->refund[2])));
	else
		json_object_set_new(body, "card",
		    json_string(ui_input_text(&c->card)));
	if (!ct->pickup)
		json_object_set_new(body, "address",
		    json_string(ui_input_text(&c->address)));
	if (ui_input_text(&c->note)[0] != '\0')
		json_object_set_new(body, "note",
		    json_string(ui_input_text(&c->note)));
	if (!ct->pickup && ui_input_text(&c->rider_note)[0] != '\0')
		json_object_set_new(body, "rider_note",
		    json_string(ui_input_text(&c->rider_note)));
	r = client_online(m->client) ? client_request(m->client, c->place_id,
	    "order", "place", body, CUST_CALL_MS, &err) :
	    (json_decref(body), NULL);
	if (r == NULL && !client_online(m->client))
		wire_error_set(&err, E_SERVICE_UNAVAILABLE,
		    _("서버에 연결할 수 없습니다"));
	if (r == NULL && !wire_error_transient(&err))
		c->place_id[0] = '\0'; /* a final answer: next time is new */
	if (r == NULL) {
		ui_app_error_text(&err, c->error, sizeof c->error);
		if (strcmp(err.code, "payment_unavailable") == 0 &&
		    err.retry_after_ms > 0)
			c->retry_at = now_ms() + err.retry_after_ms;
		ui_app_error(_("주문 실패"), &err);
		return;
	}
	c->place_id[0] = '\0';
	id = wire_int(r, "order_id", 0);
	ui_app_notice(UI_COLOR_OK, "%s #%lld · %s", c->va ? _("입금해 주세요!") :
	    _("주문 완료!"), (long long)id,
	    wire_str(r, "status", ""));
	json_decref(r);
	cust_dialog_show(m, NULL);
	cart_clear(m);
	cust_track_open(m, id);
}

/* The field of the current step (borrowed), or NULL for the kind and
 * the confirmation. */
static struct ui_input *
checkout_field(struct cust_checkout *c)
{
	switch (c->step) {
	case CHECKOUT_ADDRESS: return &c->address;
	case CHECKOUT_NOTE: return &c->note;
	case CHECKOUT_RIDER_NOTE: return &c->rider_note;
	case CHECKOUT_CARD: return c->va ? NULL : &c->card;
	case CHECKOUT_REFUND: return &c->refund[c->refund_at];
	default: return NULL;
	}
}

/* The refund account's check line into why: 1 when the bank is a
 * code of digits, the account 6 to 20 digits and the holder given. */
static int
checkout_refund_ok(const struct cust_checkout *c, char *why, size_t n)
{
	const char *bank = ui_input_text(&c->refund[0]);
	const char *num = ui_input_text(&c->refund[1]);
	size_t len = strlen(num);

	if (bank[0] == '\0' || strspn(bank, "0123456789") != strlen(bank)) {
		snprintf(why, n, _("환불 은행 코드를 숫자로 (예: 88 신한) · Tab: "
		    "다음 칸"));
		return 0;
	}
	if (len < 6 || len > 20 || strspn(num, "0123456789") != len) {
		snprintf(why, n, _("환불 계좌 번호는 6–20자리 숫자예요 (지금 "
		    "%zu자) · Tab: 다음 칸"), len);
		return 0;
	}
	if (ui_input_text(&c->refund[2])[0] == '\0') {
		snprintf(why, n, _("예금주를 입력해 주세요 · Tab: 다음 칸"));
		return 0;
	}
	snprintf(why, n, _("환불 계좌 %s %s %s"), bank, num,
	    ui_input_text(&c->refund[2]));
	return 1;
}

/* The current step's check line into why; 1 when it may go on. */
static int
checkout_step_ok(struct cust_checkout *c, char *why, size_t n)
{
	switch (c->step) {
	case CHECKOUT_ADDRESS:
		return checkout_saved_check(c, why, n);
	case CHECKOUT_NOTE:
		return cust_note_check(ui_input_text(&c->note), "note",
		    TEXT_MAX_NOTE, why, n);
	case CHECKOUT_RIDER_NOTE:
		return cust_note_check(ui_input_text(&c->rider_note),
		    "rider_note", TEXT_MAX_RIDER_NOTE, why, n);
	case CHECKOUT_CARD:
		if (c->va) {
			snprintf(why, n, _("Tab: 카드로 · ←/→: 은행 바꾸기"));
			return 1;
		}
		return cust_card_check(ui_input_text(&c->card), why, n);
	case CHECKOUT_REFUND:
		return checkout_refund_ok(c, why, n);
	default:
		why[0] = '\0';
		return 1;
	}
}

/* Switch between delivery and pickup, and price the cart for it. */
static void
checkout_toggle_kind(struct cust *m)
{
	struct cart *ct = cart_of(m);

	ct->pickup = !ct->pickup;
	cart_requote(m);
}

static void
checkout_key(void *app, int action, int ch)
{
	struct cust *m = app;
	struct cart *ct = cart_of(m);
	struct cust_checkout *c = &ct->checkout;
	struct ui_input *in = checkout_field(c);
	int optional = c->step == CHECKOUT_NOTE ||
	    c->step == CHECKOUT_RIDER_NOTE;
	char why[256];

	if (action == CHECKOUT_BACK) {
		if (c->step == CHECKOUT_KIND)
			cust_dialog_show(m, NULL);
		else
			c->step = checkout_step_from(c, ct->pickup, -1);
	} else if (action == CHECKOUT_NEXT) {
		if (in != NULL && !optional && ui_input_text(in)[0] == '\0')
			ui_app_notice(UI_COLOR_WARN, _("입력해 주세요"));
		else if (!checkout_step_ok(c, why, sizeof why))
			ui_app_notice(UI_COLOR_WARN, "%s", why);
		else if (c->step != CHECKOUT_CONFIRM)
			c->step = checkout_step_from(c, ct->pickup, 1);
		else if (c->retry_at > now_ms())
			ui_app_notice(UI_COLOR_WARN, _("잠시 후 다시 시도해 "
			    "주세요"));
		else
			checkout_place(m);
	} else if (action == CHECKOUT_SAVE || action == CHECKOUT_BOOK) {
		if (c->step != CHECKOUT_ADDRESS)
			ui_app_notice(UI_COLOR_DIM, _("배달 주소 단계에서 쓰는 "
			    "키입니다"));
		else if (action == CHECKOUT_SAVE)
			checkout_book_save(m);
		else
			checkout_book_open(m);
	} else if (c->step == CHECKOUT_ADDRESS && (ch == '\t' ||
	    ch == KEY_BTAB)) {
		if (!checkout_saved_next(c, ch == '\t' ? 1 : -1))
			ui_app_notice(UI_COLOR_DIM, _("저장된 주소가 없습니다 "
			    "(baedal address add로 저장)"));
	} else if (c->step == CHECKOUT_CARD && ch == '\t') {
		c->va = !c->va;
	} else if (c->step == CHECKOUT_CARD && c->va && (ch == KEY_LEFT ||
	    ch == KEY_RIGHT)) {
		c->bank = (c->bank + (ch == KEY_LEFT ?
		    (int)ARRAY_LEN(checkout_banks) - 1 : 1)) %
		    (int)ARRAY_LEN(checkout_banks);
	} else if (c->step == CHECKOUT_REFUND && ch == '\t') {
		c->refund_at = (c->refund_at + 1) % 3;
	} else if (c->step == CHECKOUT_KIND) {
		/* Space, Left, Right and Tab switch; p and d choose. */
		if (ch == ' ' || ch == KEY_LEFT || ch == KEY_RIGHT ||
		    ch == '\t' || (ch == 'p' && !ct->pickup) ||
		    (ch == 'd' && ct->pickup))
			checkout_toggle_kind(m);
	} else if (in != NULL && (in == &c->card || in == &c->refund[1] ?
	    cust_card_key(in, ch) :
	    ui_input_key(in, ch)))
		c->error[0] = '\0'; /* it was about what is now changed */
}

/* "•••• 1111" */
static void
checkout_masked(const char *card, char *buf, size_t n)
{
	size_t len = strlen(card);

	snprintf(buf, n, "•••• %s", len > 4 ? card + len - 4 : card);
}

/* The card number in groups of four on row r.y, with its cursor. */
static void
checkout_draw_card(const struct cust_checkout *c, struct ui_rect r,
    int field)
{
	char grouped[32];
	int at;

	cust_card_grouped(ui_input_text(&c->card), grouped, sizeof grouped);
	ui_draw_text(r.y, r.x, r.w, UI_ALIGN_LEFT, field, grouped);
	/* Before digit i sit i / 4 group spaces; the end follows the last
	 * digit. */
	at = (int)(c->card.cur + (c->card.cur < c->card.len ?
	    c->card.cur / 4 : c->card.cur > 0 ? (c->card.cur - 1) / 4 : 0));
	ui_draw_text(r.y, r.x + at, 1, UI_ALIGN_LEFT, field | A_REVERSE,
	    c->card.cur < c->card.len ?
	    (char[2]){ c->card.text[c->card.cur], '\0' } : "");
	ui_input_cursor_at(r.y, r.x + at);
}

/* The kind's choice on r's first row, the quote for it on the second. */
static void
checkout_draw_kind(const struct cart *ct, struct ui_rect r)
{
	char fee[32], total[32];

	ui_draw_textf(r.y, r.x, r.w, UI_ALIGN_LEFT,
	    ui_attr(UI_COLOR_NORMAL) | A_BOLD, _("%s 배달   %s 포장"),
	    ct->pickup ? "( )" : "(*)", ct->pickup ? "(*)" : "( )");
	if (ct->quote == NULL) {
		ui_draw_text(r.y + 1, r.x, r.w, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_ERROR), ct->quote_err);
		return;
	}
	util_won(fee, sizeof fee, wire_int(ct->quote, "delivery_fee", 0));
	util_won(total, sizeof total, wire_int(ct->quote, "total", 0));
	ui_draw_textf(r.y + 1, r.x, r.w, UI_ALIGN_LEFT,
	    ui_attr(UI_COLOR_PRICE), _("배달팁 %s · 합계 %s"), fee, total);
}

/* The current step's field on r's first row, its check line on the
 * second (red when the service would refuse it). */
static void
checkout_draw_field(struct cust_checkout *c, struct ui_rect r)
{
	char line[256];
	int ok, field = ui_attr(UI_COLOR_NORMAL) | A_UNDERLINE;

	if (c->step == CHECKOUT_CARD && c->va)
		ui_draw_textf(r.y, r.x, r.w, UI_ALIGN_LEFT, field,
		    _("가상계좌 · 입금 은행 < %s (%s) >"),
		    _(checkout_banks[c->bank].name),
		    checkout_banks[c->bank].code);
	else if (c->step == CHECKOUT_CARD)
		checkout_draw_card(c, r, field);
	else if (c->step == CHECKOUT_REFUND) {
		ui_draw_textf(r.y, r.x, 12, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_KEY), "%s", _(refund_names[c->refund_at]));
		ui_input_draw(checkout_field(c), r.y, r.x + 12, r.w - 12,
		    field);
	} else
		ui_input_draw(checkout_field(c), r.y, r.x, r.w, field);
	ok = checkout_step_ok(c, line, sizeof line);
	ui_draw_text(r.y + 1, r.x, r.w, UI_ALIGN_LEFT,
	    ui_attr(ok ? UI_COLOR_DIM : UI_COLOR_ERROR), line);
}

/* The step's name, "2/5 배달 주소", into buf: its
 * place among the steps of the order's kind. */
static void
checkout_step_title(const struct cust_checkout *c, int pickup, char *buf,
    size_t n)
{
	static const char *const names[] = {
		N_("주문 방식 (Space: 배달/포장)"),
		N_("배달 주소 (Tab: 저장된 주소, F2 저장, F3 목록)"),
		N_("가게 요청사항"),
		N_("라이더 요청사항"),
		N_("카드 번호 (테스트: …0002는 거절 · Tab: 가상계좌)"),
		N_("환불 계좌 (Tab: 다음 칸)"), N_("확인")
	};
	int i, at = 0, all = 0;

	for (i = CHECKOUT_KIND; i <= CHECKOUT_CONFIRM; i++)
		if (checkout_has_step(c, pickup, i)) {
			all++;
			if (i <= c->step)
				at++;
		}
	snprintf(buf, n, "%d/%d %s", at, all, _(names[c->step]));
}

/* The confirmation: the order, the notes, the total, what Enter does. */
static void
checkout_draw_confirm(struct cust *m)
{
	struct cart *ct = cart_of(m);
	struct cust_checkout *c = &ct->checkout;
	char l[5][256], step[64], card[64], won[32];
	const char *lines[5];
	const char *note = ui_input_text(&c->note);
	const char *rider = ui_input_text(&c->rider_note);
	struct ui_rect r;
	int64_t left;
	size_t i;

	for (i = 0; i < ARRAY_LEN(lines); i++)
		lines[i] = l[i];
	util_won(won, sizeof won, wire_int(ct->quote, "total", 0));
	checkout_masked(ui_input_text(&c->card), card, sizeof card);
	checkout_step_title(c, ct->pickup, step, sizeof step);
	snprintf(l[0], sizeof l[0], _("%s · %s · %d개"), step, ct->shop_name,
	    cust_cart_count(m));
	if (ct->pickup)
		snprintf(l[1], sizeof l[1], _("포장  가게에서 찾아가기"));
	else
		snprintf(l[1], sizeof l[1], _("주소  %s%s%s"),
		    checkout_saved_label(c) ? checkout_saved_label(c) : "",
		    checkout_saved_label(c) ? " · " : "",
		    ui_input_text(&c->address));
	snprintf(l[2], sizeof l[2], _("가게 요청  %s"), note[0] ? note : _("없음"));
	snprintf(l[3], sizeof l[3], _("라이더 요청  %s"), ct->pickup ? "-" :
	    rider[0] ? rider : _("없음"));
	if (c->va)
		snprintf(l[4], sizeof l[4], _("가상계좌  %s 입금 · 환불 %s %s"),
		    _(checkout_banks[c->bank].name),
		    ui_input_text(&c->refund[1]),
		    ui_input_text(&c->refund[2]));
	else
		snprintf(l[4], sizeof l[4], _("카드  %s"), card);
	r = ui_dialog_draw(_("주문하기"), lines, ARRAY_LEN(lines), 4, 60);
	if (r.h < 4)
		return;
	ui_draw_textf(r.y, r.x, r.w, UI_ALIGN_LEFT,
	    ui_attr(UI_COLOR_PRICE) | A_BOLD, _("결제 금액  %s"), won);
	left = c->retry_at - now_ms();
	if (c->retry_at != 0 && left > 0)
		ui_draw_textf(r.y + 3, r.x, r.w, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_WARN), _("%lld.%llds 후 다시 시도할 수 "
		    "있습니다"), (long long)(left / 1000),
		    (long long)(left % 1000 / 100));
	else
		ui_draw_text(r.y + 3, r.x, r.w, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_KEY), _("Enter: 결제하기   Esc: 뒤로"));
	if (c->error[0] != '\0')
		ui_draw_text(r.y + 2, r.x, r.w, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_ERROR), c->error);
}

static void
checkout_draw(void *app)
{
	struct cust *m = app;
	struct cart *ct = cart_of(m);
	struct cust_checkout *c = &ct->checkout;
	char l0[128];
	const char *lines[] = { l0 };
	struct ui_rect r;

	if (c->step == CHECKOUT_CONFIRM) {
		checkout_draw_confirm(m);
		return;
	}
	checkout_step_title(c, ct->pickup, l0, sizeof l0);
	r = ui_dialog_draw(_("주문하기"), lines, 1, 2, 56);
	if (r.h < 2)
		return;
	if (c->step == CHECKOUT_KIND)
		checkout_draw_kind(ct, r);
	else
		checkout_draw_field(c, r);
}

const struct ui_dialog cust_checkout_dialog = {
	.title = N_("주문하기"),
	.keys = checkout_keys,
	.n_keys = ARRAY_LEN(checkout_keys),
	.draw = checkout_draw,
	.key = checkout_key,
	.tick = checkout_tick,
};
