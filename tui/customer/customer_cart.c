/*
 * customer_cart.c: the cart and checkout. Lines keep what the customer
 * chose (item, options, quantity); every amount on screen comes from
 * order.quote, asked again after each change. Checkout asks for the
 * address and card, shows the total to confirm, then order.place.
 */
#include "customer.h"

#include <stdio.h>
#include <string.h>

#include "ui_app.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

#define CART_QTY_MAX 50
#define CART_LINES_MAX 30
/* Rows under the list: blank, subtotal, fee, total, a hint. */
#define CART_FOOTER 5

enum { CART_MORE, CART_LESS, CART_DELETE, CART_ORDER, CART_EMPTY };

static const struct ui_key cart_keys[] = {
	UI_KEY('\n', "Order", "Check out: address, card, confirm",
	    CART_ORDER),
	UI_KEY_ALIAS('p', CART_ORDER),
	UI_KEY('+', "+1", "One more of the selected line", CART_MORE),
	UI_KEY_ALIAS('=', CART_MORE),
	UI_KEY_ALIAS('l', CART_MORE),
	UI_KEY_ALIAS(KEY_RIGHT, CART_MORE),
	UI_KEY('-', "-1", "One less of the selected line", CART_LESS),
	UI_KEY('d', "Delete", "Delete the selected line", CART_DELETE),
	UI_KEY_ALIAS(KEY_DC, CART_DELETE),
	UI_KEY('x', NULL, "Empty the cart", CART_EMPTY),
};

enum cust_checkout_step { CHECKOUT_ADDRESS, CHECKOUT_CARD, CHECKOUT_CONFIRM };

/* The checkout dialog's state. */
struct cust_checkout {
	int step;                     /* enum cust_checkout_step */
	struct ui_input address, card;
	char error[256];              /* the last refusal, in plain words */
	int64_t retry_at;             /* payment_unavailable: wall ms, or 0 */
	char place_id[48];            /* the order request's id until it has
	                                 a final answer: a retry reuses it */
};

/* The screen's state: the lines, their shop, the last quote, and the
 * checkout dialog opened from it. */
struct cart {
	json_t *lines;                /* [{"item_id","qty","options":[id],
	                                 "name","opts"}] */
	char shop[65], shop_name[128];
	json_t *quote;                /* order.quote of the cart, owned */
	char quote_err[256];
	int need_quote;               /* price it again on the next tick */
	struct ui_list list;
	struct cust_checkout checkout;
};

static struct cart *
cart_of(struct cust *m)
{
	return cust_state(m, CUST_CART);
}

static void
cart_init(void *state)
{
	struct cart *c = state;

	c->lines = json_array();
	ui_input_init(&c->checkout.address, 200);
	ui_input_init(&c->checkout.card, 19);
	ui_input_set(&c->checkout.address, CUST_DEFAULT_ADDRESS);
	ui_input_set(&c->checkout.card, CUST_DEFAULT_CARD);
}

static void
cart_release(void *state)
{
	struct cart *c = state;

	json_decref(c->lines);
	json_decref(c->quote);
	ui_input_free(&c->checkout.address);
	ui_input_free(&c->checkout.card);
}

static const struct cust_col cart_cols[] = {
	{ " 메뉴", 0, UI_ALIGN_LEFT, 0 },
	{ "옵션", 20, UI_ALIGN_LEFT, 1 },
	{ "수량", 4, UI_ALIGN_RIGHT, 0 },
	{ "금액", 10, UI_ALIGN_RIGHT, 0 },
};

int
cust_cart_count(struct cust *m)
{
	const json_t *line;
	size_t i;
	int n = 0;

	json_array_foreach(cart_of(m)->lines, i, line)
		n += (int)wire_int(line, "qty", 0);
	return n;
}

/* Empty the cart. */
static void
cart_clear(struct cust *m)
{
	json_array_clear(cart_of(m)->lines);
	cust_json_set(&cart_of(m)->quote, NULL);
	cart_of(m)->quote_err[0] = '\0';
	ui_list_set_count(&cart_of(m)->list, 0);
}

/* The cart's lines as a request names them (a new array). */
static json_t *
cart_request_items(const struct cart *c)
{
	json_t *items = json_array(), *line;
	size_t i;

	json_array_foreach(c->lines, i, line)
		json_array_append_new(items, json_pack("{s:O, s:O, s:O}",
		    "item_id", json_object_get(line, "item_id"), "qty",
		    json_object_get(line, "qty"), "options",
		    json_object_get(line, "options")));
	return items;
}

/* Re-read the cart's totals from order.quote, now. */
static void
cart_requote(struct cust *m)
{
	struct wire_error err;
	json_t *r;

	cart_of(m)->quote_err[0] = '\0';
	ui_list_set_count(&cart_of(m)->list, (int)json_array_size(cart_of(m)->lines));
	if (json_array_size(cart_of(m)->lines) == 0) {
		cust_json_set(&cart_of(m)->quote, NULL);
		return;
	}
	r = cust_call(m, "order", "quote", json_pack("{s:s, s:o}", "shop_id",
	    cart_of(m)->shop, "items", cart_request_items(cart_of(m))),
	    &err);
	cust_json_set(&cart_of(m)->quote, r);
	if (r == NULL)
		ui_app_error_text(&err, cart_of(m)->quote_err, sizeof cart_of(m)->quote_err);
}

/* The names of the chosen options, "순살 변경, 1.5마리", into buf. */
static void
cart_option_names(const json_t *item, const json_t *ids, char *buf,
    size_t n)
{
	const json_t *op, *id;
	size_t i, j, used = 0;

	buf[0] = '\0';
	json_array_foreach(ids, i, id)
		json_array_foreach(json_object_get(item, "options"), j, op)
			if (json_equal(json_object_get(op, "id"), id) &&
			    used < n)
				used += (size_t)snprintf(buf + used, n - used,
				    "%s%s", used ? ", " : "",
				    wire_str(op, "name", ""));
}

/* The cart changed: its old totals no longer hold; price it again on the
 * next tick. */
static void
cart_changed(struct cust *m)
{
	cust_json_set(&cart_of(m)->quote, NULL);
	cart_of(m)->quote_err[0] = '\0';
	ui_list_set_count(&cart_of(m)->list, (int)json_array_size(cart_of(m)->lines));
	cart_of(m)->need_quote = 1;
}

const char *
cust_cart_other_shop(struct cust *m)
{
	if (json_array_size(cart_of(m)->lines) == 0 ||
	    strcmp(cart_of(m)->shop, cust_menu_shop_id(m)) == 0)
		return NULL;
	return cart_of(m)->shop_name;
}

void
cust_cart_add(struct cust *m, const json_t *item, json_t *options, int qty)
{
	const json_t *shop = cust_menu_shop(m);
	json_t *line;
	char names[256];
	size_t i;

	if (cust_cart_other_shop(m) != NULL)
		cart_clear(m);
	snprintf(cart_of(m)->shop, sizeof cart_of(m)->shop, "%s", cust_menu_shop_id(m));
	snprintf(cart_of(m)->shop_name, sizeof cart_of(m)->shop_name, "%s",
	    wire_str(shop, "name", ""));
	json_array_foreach(cart_of(m)->lines, i, line) {
		if (strcmp(wire_str(line, "item_id", ""), wire_str(item, "id", ""))
		    == 0 && json_equal(json_object_get(line, "options"),
		    options)) {
			qty += (int)wire_int(line, "qty", 0);
			json_object_set_new(line, "qty", json_integer(
			    qty < CART_QTY_MAX ? qty : CART_QTY_MAX));
			json_decref(options);
			ui_list_select(&cart_of(m)->list, (int)i);
			goto added;
		}
	}
	if (json_array_size(cart_of(m)->lines) >= CART_LINES_MAX) {
		json_decref(options);
		ui_app_notice(UI_COLOR_WARN, "한 주문에 %d줄까지 담을 수 있습니다",
		    CART_LINES_MAX);
		return;
	}
	cart_option_names(item, options, names, sizeof names);
	json_array_append_new(cart_of(m)->lines, json_pack("{s:s, s:i, s:o, s:s, s:s}",
	    "item_id", wire_str(item, "id", ""), "qty", qty, "options", options,
	    "name", wire_str(item, "name", ""), "opts", names));
	ui_list_set_count(&cart_of(m)->list, (int)json_array_size(cart_of(m)->lines));
	ui_list_select(&cart_of(m)->list, (int)json_array_size(cart_of(m)->lines) - 1);
added:
	line = json_array_get(cart_of(m)->lines, (size_t)cart_of(m)->list.selected);
	cart_changed(m);
	ui_app_notice(UI_COLOR_OK, "장바구니에 담았습니다: %s ×%lld%s%s   "
	    "(b: 장바구니)", wire_str(item, "name", ""),
	    (long long)wire_int(line, "qty", 0), wire_str(line, "opts", "")[0] ?
	    " · " : "", wire_str(line, "opts", ""));
}

/*
 * When quote (borrowed, may be NULL) is under the shop's minimum order,
 * what is missing in words, "10,000원 더 담아야 주문할 수 있어요", and
 * with full set " (최소주문 15,000원)" after it, into buf; returns 1.
 * Else 0, buf untouched.
 */
static int
cart_missing(const json_t *quote, int full, char *buf, size_t n)
{
	char min[32], more[32];
	int64_t need = wire_int(quote, "min_order", 0);

	if (!json_is_true(json_object_get(quote, "below_minimum")))
		return 0;
	util_won(min, sizeof min, need);
	util_won(more, sizeof more, need - wire_int(quote, "subtotal", 0));
	snprintf(buf, n, "%s 더 담아야 주문할 수 있어요%s%s%s", more,
	    full ? " (최소주문 " : "", full ? min : "", full ? ")" : "");
	return 1;
}

static void
cart_open(void *app)
{
	cart_of(app)->need_quote = 1;
}

/* Price the cart when asked (on any screen: the status line shows its
 * total), and keep the payment retry countdown moving. */
static void
cart_tick(void *app, int64_t now)
{
	struct cust *m = app;
	struct cart *c = cart_of(m);

	if (c->need_quote) {
		c->need_quote = 0;
		cart_requote(m);
		ui_app_dirty();
	}
	if (c->checkout.retry_at == 0)
		return;
	if (now >= c->checkout.retry_at)
		c->checkout.retry_at = 0;
	ui_app_dirty();
}

void
cust_cart_draw_line(struct cust *m, int y)
{
	const struct cart *c = cart_of(m);
	char total[48], more[160] = "";

	if (cust_cart_count(m) == 0)
		return;
	if (c->quote != NULL)
		util_won(total, sizeof total, wire_int(c->quote, "total", 0));
	else
		snprintf(total, sizeof total, "—");
	cart_missing(c->quote, 0, more, sizeof more);
	/* Most useful first: on a narrow screen the end is cut. */
	ui_draw_textf(y, 0, COLS, UI_ALIGN_LEFT, ui_attr(UI_COLOR_PRICE),
	    " 🛒 장바구니 %d개 · 합계 %s · %s%s%s   (b: 장바구니)",
	    cust_cart_count(m), total, c->shop_name, more[0] ? " · " : "",
	    more);
}

static void
cart_row(void *ctx, int index, int y, int x, int w, int selected)
{
	struct cust *m = ctx;
	const json_t *line = json_array_get(cart_of(m)->lines, (size_t)index);
	const json_t *items = json_object_get(cart_of(m)->quote, "items");
	const json_t *priced = json_array_size(items) ==
	    json_array_size(cart_of(m)->lines) ? json_array_get(items, (size_t)index) :
	    NULL;
	char qty[16], amount[32], name[160];
	const char *cells[ARRAY_LEN(cart_cols)];
	int attrs[ARRAY_LEN(cart_cols)], base, i;

	snprintf(name, sizeof name, " %s", wire_str(line, "name", ""));
	snprintf(qty, sizeof qty, "%lld", (long long)wire_int(line, "qty", 0));
	if (priced != NULL)
		util_won(amount, sizeof amount, wire_int(priced,
		    "line_total", 0));
	else
		snprintf(amount, sizeof amount, "—");
	cells[0] = name;
	cells[1] = wire_str(line, "opts", "");
	cells[2] = qty;
	cells[3] = amount;
	base = ui_attr(selected ? UI_COLOR_SELECTED : UI_COLOR_NORMAL);
	for (i = 0; i < (int)ARRAY_LEN(attrs); i++)
		attrs[i] = base;
	if (!selected) {
		attrs[1] = ui_attr(UI_COLOR_DIM);
		attrs[3] = ui_attr(UI_COLOR_PRICE);
	}
	cust_draw_row(y, x, w, cart_cols, ARRAY_LEN(cart_cols), cells, attrs,
	    base);
}

/* One "label ....... amount" row of the totals, right-aligned. */
static void
cart_total_row(int y, int w, const char *label, int64_t won, int attr)
{
	char amount[32];

	util_won(amount, sizeof amount, won);
	ui_draw_textf(y, 0, w, UI_ALIGN_RIGHT, attr, "%s  %12s", label,
	    amount);
}

static void
cart_draw(void *app, struct ui_rect body)
{
	struct cust *m = app;
	struct ui_rect list;
	char more[160];
	int y, rows;

	if (json_array_size(cart_of(m)->lines) == 0) {
		cust_draw_message(body, UI_COLOR_DIM, "장바구니가 비어 있습니다 · "
		    "가게(s)에서 메뉴를 담아 보세요");
		return;
	}
	ui_draw_textf(body.y, body.x, body.w, UI_ALIGN_LEFT,
	    ui_attr(UI_COLOR_NORMAL) | A_BOLD, " %s", cart_of(m)->shop_name);
	cust_draw_row(body.y + 1, body.x, body.w, cart_cols,
	    ARRAY_LEN(cart_cols), NULL, NULL, 0);
	rows = (int)json_array_size(cart_of(m)->lines);
	if (rows > body.h - 2 - CART_FOOTER)
		rows = body.h - 2 - CART_FOOTER;
	list = (struct ui_rect){ body.y + 2, body.x, rows, body.w };
	ui_list_draw(&cart_of(m)->list, list, cart_row, m);
	y = list.y + (rows > 0 ? rows : 0) + 1;
	if (cart_of(m)->quote == NULL) {
		ui_draw_text(y, 1, body.w - 1, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_ERROR), cart_of(m)->quote_err[0] ? cart_of(m)->quote_err :
		    "합계를 계산하는 중… (quoting)");
		return;
	}
	cart_total_row(y, body.w, "주문금액", wire_int(cart_of(m)->quote, "subtotal", 0),
	    ui_attr(UI_COLOR_NORMAL));
	cart_total_row(y + 1, body.w, "배달팁",
	    wire_int(cart_of(m)->quote, "delivery_fee", 0), ui_attr(UI_COLOR_NORMAL));
	cart_total_row(y + 2, body.w, "합계 total", wire_int(cart_of(m)->quote,
	    "total", 0), ui_attr(UI_COLOR_PRICE) | A_BOLD);
	if (cart_missing(cart_of(m)->quote, 1, more, sizeof more))
		ui_draw_text(y + 3, 1, body.w - 1, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_WARN), more);
}

static void
cart_change_qty(struct cust *m, int delta)
{
	json_t *line = json_array_get(cart_of(m)->lines, (size_t)cart_of(m)->list.selected);
	int64_t qty = wire_int(line, "qty", 0) + delta;

	if (line == NULL)
		return;
	if (qty < 1)
		ui_app_notice(UI_COLOR_WARN, "1개보다 적게는 안 됩니다 · d: 삭제 "
		    "(delete the line)");
	else if (qty > CART_QTY_MAX)
		ui_app_notice(UI_COLOR_WARN, "한 줄에 %d개까지 담을 수 있습니다 "
		    "(at most %d)", CART_QTY_MAX, CART_QTY_MAX);
	else {
		json_object_set_new(line, "qty", json_integer(qty));
		cart_changed(m);
	}
}

static void
cart_empty_yes(struct cust *m)
{
	cart_clear(m);
}

static void
cart_checkout(struct cust *m)
{
	struct cust_checkout *c = &cart_of(m)->checkout;
	char more[160];

	if (json_array_size(cart_of(m)->lines) == 0) {
		ui_app_notice(UI_COLOR_WARN, "장바구니가 비어 있습니다");
		return;
	}
	cart_requote(m);
	if (cart_of(m)->quote == NULL) {
		ui_app_notice(UI_COLOR_ERROR, "주문할 수 없습니다: %s",
		    cart_of(m)->quote_err);
		return;
	}
	if (cart_missing(cart_of(m)->quote, 1, more, sizeof more)) {
		ui_app_notice(UI_COLOR_WARN, "%s", more);
		return;
	}
	c->step = CHECKOUT_ADDRESS;
	c->place_id[0] = '\0'; /* a new checkout is a new order */
	c->error[0] = '\0';
	cust_dialog_show(m, &cust_checkout_dialog);
}

static void
cart_key(void *app, int action)
{
	struct cust *m = app;
	const char *lines[] = { "장바구니를 모두 비울까요?", NULL };

	switch (action) {
	case CART_MORE: cart_change_qty(m, 1); break;
	case CART_LESS: cart_change_qty(m, -1); break;
	case CART_DELETE:
		if (json_array_remove(cart_of(m)->lines,
		    (size_t)cart_of(m)->list.selected) == 0)
			cart_changed(m);
		break;
	case CART_EMPTY:
		if (json_array_size(cart_of(m)->lines) > 0)
			cust_confirm_ask(m, "장바구니 비우기", lines,
			    cart_empty_yes, NULL);
		break;
	case CART_ORDER: cart_checkout(m); break;
	default: break;
	}
}

static struct ui_list *
cart_list(void *app)
{
	return &cart_of(app)->list;
}

const struct ui_view cust_cart_view = {
	.title = "장바구니 Cart",
	.keys = cart_keys,
	.n_keys = ARRAY_LEN(cart_keys),
	.open = cart_open,
	.draw = cart_draw,
	.key = cart_key,
	.tick = cart_tick,
	.list = cart_list,
	.state_size = sizeof (struct cart),
	.init = cart_init,
	.release = cart_release,
};

/* ---- checkout ---- */

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
	struct cust_checkout *c = &cart_of(m)->checkout;
	struct wire_error err;
	json_t *r;
	int64_t id;

	/* A timed-out attempt may have gone through: retrying with the same
	 * id gets its answer instead of a second order. */
	if (c->place_id[0] == '\0')
		client_new_id(m->client, c->place_id, sizeof c->place_id);
	r = client_online(m->client) ? client_request(m->client, c->place_id,
	    "order", "place", json_pack("{s:s, s:o, s:s, s:s}",
	    "shop_id", cart_of(m)->shop, "items", cart_request_items(cart_of(m)),
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

	if (action == CHECKOUT_BACK) {
		if (c->step == CHECKOUT_ADDRESS)
			cust_dialog_show(m, NULL);
		else
			c->step--;
	} else if (action == CHECKOUT_NEXT) {
		if (in != NULL && ui_input_text(in)[0] == '\0')
			ui_app_notice(UI_COLOR_WARN, "입력해 주세요");
		else if (c->step != CHECKOUT_CONFIRM)
			c->step++;
		else if (c->retry_at > now_ms())
			ui_app_notice(UI_COLOR_WARN, "잠시 후 다시 시도해 "
			    "주세요 (retry shortly)");
		else
			checkout_place(m);
	} else if (in != NULL)
		ui_input_key(in, ch);
}

/* "•••• 1111" */
static void
checkout_masked(const char *card, char *buf, size_t n)
{
	size_t len = strlen(card);

	snprintf(buf, n, "•••• %s", len > 4 ? card + len - 4 : card);
}

static void
checkout_draw(void *app)
{
	struct cust *m = app;
	struct cust_checkout *c = &cart_of(m)->checkout;
	char l0[256], l1[256], l2[128], card[64], won[32];
	const char *lines[] = { l0, l1, l2 };
	struct ui_rect r;
	int64_t left;

	if (c->step != CHECKOUT_CONFIRM) {
		snprintf(l0, sizeof l0, "%s", c->step == CHECKOUT_ADDRESS ?
		    "1/3 배달 주소 (delivery address)" :
		    "2/3 카드 번호 (card; test: …0002 is declined)");
		r = ui_dialog_draw("주문하기 Checkout", lines, 1, 2, 48);
		if (r.h >= 1)
			ui_input_draw(c->step == CHECKOUT_ADDRESS ?
			    &c->address : &c->card, r.y, r.x, r.w,
			    ui_attr(UI_COLOR_NORMAL) | A_UNDERLINE);
		return;
	}
	util_won(won, sizeof won, wire_int(cart_of(m)->quote, "total", 0));
	checkout_masked(ui_input_text(&c->card), card, sizeof card);
	snprintf(l0, sizeof l0, "3/3 확인 · %s · %d개", cart_of(m)->shop_name,
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
};
