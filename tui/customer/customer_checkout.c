/*
 * customer_checkout.c: the checkout dialog over the cart: the address,
 * the card, the total to confirm, then order.place (a retry after a
 * timeout reuses the request's id, so it never places twice).
 */
#include "customer_cart_int.h"

#include <stdio.h>
#include <string.h>

#include "ui_app.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"
#include "wire.h"

#define CARD_MAX_BYTES 19

void
checkout_init(struct cust_checkout *c)
{
	/* Room past the order service's limit: a long address is shown and
	 * refused with a message, never cut as it is typed. */
	ui_input_init(&c->address, 4 * WIRE_MAX_ADDRESS);
	ui_input_init(&c->card, CARD_MAX_BYTES);
	ui_input_set(&c->address, CUST_DEFAULT_ADDRESS);
	ui_input_set(&c->card, CUST_DEFAULT_CARD);
}

void
checkout_release(struct cust_checkout *c)
{
	ui_input_free(&c->address);
	ui_input_free(&c->card);
}

void
checkout_start(struct cust *m)
{
	struct cust_checkout *c = &cart_of(m)->checkout;

	c->step = CHECKOUT_ADDRESS;
	c->place_id[0] = '\0'; /* a new checkout is a new order */
	c->error[0] = '\0';
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

enum { CHECKOUT_NEXT, CHECKOUT_BACK };

static const struct ui_key checkout_keys[] = {
	UI_KEY('\n', "Next", "Next step; on the last, pay", CHECKOUT_NEXT),
	UI_KEY(UI_KEY_ESC, "Back", "Previous step, or close", CHECKOUT_BACK),
	UI_KEY(KEY_UP, NULL, "Previous step", CHECKOUT_BACK),
	UI_KEY(KEY_DOWN, NULL, "Next step", CHECKOUT_NEXT),
};

static void
checkout_place(struct cust *m)
{
	struct cart *ct = cart_of(m);
	struct cust_checkout *c = &ct->checkout;
	struct wire_error err;
	json_t *r;
	int64_t id;

	/* A timed-out attempt may have gone through: retrying with the same
	 * id gets its answer instead of a second order. */
	if (c->place_id[0] == '\0')
		client_new_id(m->client, c->place_id, sizeof c->place_id);
	r = client_online(m->client) ? client_request(m->client, c->place_id,
	    "order", "place", json_pack("{s:s, s:o, s:s, s:s}",
	    "shop_id", ct->shop, "items", cart_request_items(ct),
	    "address",
	    ui_input_text(&c->address), "card", ui_input_text(&c->card)),
	    CUST_CALL_MS, &err) : NULL;
	if (r == NULL && !client_online(m->client))
		wire_error_set(&err, E_SERVICE_UNAVAILABLE,
		    "the backend is unreachable");
	if (r == NULL && !wire_error_transient(&err))
		c->place_id[0] = '\0'; /* a final answer: next time is new */
	if (r == NULL) {
		ui_app_error_text(&err, c->error, sizeof c->error);
		if (strcmp(err.code, "payment_unavailable") == 0 &&
		    err.retry_after_ms > 0)
			c->retry_at = now_ms() + err.retry_after_ms;
		ui_app_error("주문 실패", &err);
		return;
	}
	c->place_id[0] = '\0';
	id = wire_int(r, "order_id", 0);
	ui_app_notice(UI_COLOR_OK, "주문 완료! #%lld · %s", (long long)id,
	    wire_str(r, "status", ""));
	json_decref(r);
	cust_dialog_show(m, NULL);
	cart_clear(m);
	cust_track_open(m, id);
}

static void
checkout_key(void *app, int action, int ch)
{
	struct cust *m = app;
	struct cust_checkout *c = &cart_of(m)->checkout;
	struct ui_input *in = c->step == CHECKOUT_ADDRESS ? &c->address :
	    c->step == CHECKOUT_CARD ? &c->card : NULL;
	char why[160];

	if (action == CHECKOUT_BACK) {
		if (c->step == CHECKOUT_ADDRESS)
			cust_dialog_show(m, NULL);
		else
			c->step--;
	} else if (action == CHECKOUT_NEXT) {
		if (in != NULL && ui_input_text(in)[0] == '\0')
			ui_app_notice(UI_COLOR_WARN, "입력해 주세요");
		else if (c->step == CHECKOUT_ADDRESS && !cust_address_check(
		    ui_input_text(in), why, sizeof why))
			ui_app_notice(UI_COLOR_WARN, "%s", why);
		else if (c->step == CHECKOUT_CARD && !cust_card_check(
		    ui_input_text(in), why, sizeof why))
			ui_app_notice(UI_COLOR_WARN, "%s", why);
		else if (c->step != CHECKOUT_CONFIRM)
			c->step++;
		else if (c->retry_at > now_ms())
			ui_app_notice(UI_COLOR_WARN, "잠시 후 다시 시도해 "
			    "주세요 (retry shortly)");
		else
			checkout_place(m);
	} else if (in != NULL && (in == &c->card ? cust_card_key(in, ch) :
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

/* The address or card field on r's first row, its check line on the
 * second (red when the service would refuse it). */
static void
checkout_draw_field(const struct cust_checkout *c, struct ui_rect r)
{
	char line[192], grouped[32];
	int ok, at, field = ui_attr(UI_COLOR_NORMAL) | A_UNDERLINE;

	if (c->step == CHECKOUT_ADDRESS) {
		ui_input_draw(&c->address, r.y, r.x, r.w, field);
		ok = cust_address_check(ui_input_text(&c->address), line,
		    sizeof line);
	} else {
		cust_card_grouped(ui_input_text(&c->card), grouped,
		    sizeof grouped);
		ui_draw_text(r.y, r.x, r.w, UI_ALIGN_LEFT, field, grouped);
		/* Before digit i sit i / 4 group spaces; the end follows the
		 * last digit. */
		at = (int)(c->card.cur + (c->card.cur < c->card.len ?
		    c->card.cur / 4 : c->card.cur > 0 ?
		    (c->card.cur - 1) / 4 : 0));
		ui_draw_text(r.y, r.x + at, 1, UI_ALIGN_LEFT,
		    field | A_REVERSE, c->card.cur < c->card.len ?
		    (char[2]){ c->card.text[c->card.cur], '\0' } : "");
		ui_input_cursor_at(r.y, r.x + at);
		ok = cust_card_check(ui_input_text(&c->card), line,
		    sizeof line);
	}
	ui_draw_text(r.y + 1, r.x, r.w, UI_ALIGN_LEFT,
	    ui_attr(ok ? UI_COLOR_DIM : UI_COLOR_ERROR), line);
}

static void
checkout_draw(void *app)
{
	struct cust *m = app;
	struct cart *ct = cart_of(m);
	struct cust_checkout *c = &ct->checkout;
	char l0[256], l1[256], l2[128], card[64], won[32];
	const char *lines[] = { l0, l1, l2 };
	struct ui_rect r;
	int64_t left;

	if (c->step != CHECKOUT_CONFIRM) {
		snprintf(l0, sizeof l0, "%s", c->step == CHECKOUT_ADDRESS ?
		    "1/3 배달 주소 (delivery address)" :
		    "2/3 카드 번호 (card; test: …0002 is declined)");
		r = ui_dialog_draw("주문하기 Checkout", lines, 1, 2, 48);
		if (r.h >= 2)
			checkout_draw_field(c, r);
		return;
	}
	util_won(won, sizeof won, wire_int(ct->quote, "total", 0));
	checkout_masked(ui_input_text(&c->card), card, sizeof card);
	snprintf(l0, sizeof l0, "3/3 확인 · %s · %d개", ct->shop_name,
	    cust_cart_count(m));
	snprintf(l1, sizeof l1, "주소  %s", ui_input_text(&c->address));
	snprintf(l2, sizeof l2, "카드  %s", card);
	r = ui_dialog_draw("주문하기 Checkout", lines, ARRAY_LEN(lines), 4, 56);
	if (r.h < 4)
		return;
	ui_draw_textf(r.y, r.x, r.w, UI_ALIGN_LEFT,
	    ui_attr(UI_COLOR_PRICE) | A_BOLD, "결제 금액 total  %s", won);
	left = c->retry_at - now_ms();
	if (c->retry_at != 0 && left > 0)
		ui_draw_textf(r.y + 3, r.x, r.w, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_WARN), "%lld.%llds 후 다시 시도할 수 "
		    "있습니다 (retry in %lld.%llds)", (long long)(left / 1000),
		    (long long)(left % 1000 / 100), (long long)(left / 1000),
		    (long long)(left % 1000 / 100));
	else
		ui_draw_text(r.y + 3, r.x, r.w, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_KEY), "Enter: 결제하기 (pay)   Esc: 뒤로");
	if (c->error[0] != '\0')
		ui_draw_text(r.y + 2, r.x, r.w, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_ERROR), c->error);
}

const struct ui_dialog cust_checkout_dialog = {
	.title = "주문하기 Checkout",
	.keys = checkout_keys,
	.n_keys = ARRAY_LEN(checkout_keys),
	.draw = checkout_draw,
	.key = checkout_key,
	.tick = checkout_tick,
};
