/*
 * customer_cart.c: the cart. Lines keep what the customer chose (item,
 * options, quantity); every amount on screen comes from order.quote,
 * asked again after each change. Enter opens the checkout dialog
 * (customer_checkout.c), whose fields are part of the cart's state.
 */
#include "customer_cart_int.h"

#include <stdio.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

#define CART_QTY_MAX 50
#define CART_LINES_MAX 30
/* Rows under the list: blank, subtotal, fee, total, a hint. */
#define CART_FOOTER 5

enum { CART_MORE, CART_LESS, CART_DELETE, CART_ORDER, CART_EMPTY };

static const struct ui_key cart_keys[] = {
	UI_KEY('\n', N_("주문하기"), N_("주문하기: 주소, 결제, 확인"),
	    CART_ORDER),
	UI_KEY_ALIAS('p', CART_ORDER),
	UI_KEY('+', "+1", N_("선택한 줄 하나 더"), CART_MORE),
	UI_KEY_ALIAS('=', CART_MORE),
	UI_KEY_ALIAS('l', CART_MORE),
	UI_KEY_ALIAS(KEY_RIGHT, CART_MORE),
	UI_KEY('-', "-1", N_("선택한 줄 하나 빼기"), CART_LESS),
	UI_KEY('d', N_("삭제"), N_("선택한 줄 삭제"), CART_DELETE),
	UI_KEY_ALIAS(KEY_DC, CART_DELETE),
	UI_KEY('x', NULL, N_("장바구니 비우기"), CART_EMPTY),
};

struct cart *
cart_of(struct cust *m)
{
	return cust_state(m, CUST_CART);
}

static void
cart_init(void *state)
{
	struct cart *c = state;

	c->lines = json_array();
	checkout_init(&c->checkout);
}

static void
cart_release(void *state)
{
	struct cart *c = state;

	json_decref(c->lines);
	json_decref(c->quote);
	checkout_release(&c->checkout);
}

static const struct cust_col cart_cols[] = {
	{ N_(" 메뉴"), 0, UI_ALIGN_LEFT, 0 },
	{ N_("옵션"), 20, UI_ALIGN_LEFT, 1 },
	{ N_("수량"), 4, UI_ALIGN_RIGHT, 0 },
	{ N_("금액"), 10, UI_ALIGN_RIGHT, 0 },
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

void
cart_clear(struct cust *m)
{
	struct cart *ct = cart_of(m);

	json_array_clear(ct->lines);
	cust_json_set(&ct->quote, NULL);
	ct->quote_err[0] = '\0';
	ui_list_set_count(&ct->list, 0);
}

json_t *
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

void
cart_requote(struct cust *m)
{
	struct cart *ct = cart_of(m);
	struct wire_error err;
	json_t *r;

	ct->quote_err[0] = '\0';
	ui_list_set_count(&ct->list, (int)json_array_size(ct->lines));
	if (json_array_size(ct->lines) == 0) {
		cust_json_set(&ct->quote, NULL);
		return;
	}
	r = cust_call(m, "order", "quote", json_pack("{s:s, s:o, s:s}",
	    "shop_id", ct->shop, "items", cart_request_items(ct), "kind",
	    ct->pickup ? "pickup" : "delivery"), &err);
	cust_json_set(&ct->quote, r);
	if (r == NULL)
		ui_app_error_text(&err, ct->quote_err, sizeof ct->quote_err);
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
	struct cart *ct = cart_of(m);

	cust_json_set(&ct->quote, NULL);
	ct->quote_err[0] = '\0';
	ui_list_set_count(&ct->list, (int)json_array_size(ct->lines));
	ct->need_quote = 1;
}

void
cust_cart_replace(struct cust *m, const char *shop_id,
    const char *shop_name, json_t *lines)
{
	struct cart *ct = cart_of(m);

	cart_clear(m);
	snprintf(ct->shop, sizeof ct->shop, "%s", shop_id);
	snprintf(ct->shop_name, sizeof ct->shop_name, "%s", shop_name);
	json_array_extend(ct->lines, lines);
	json_decref(lines);
	ui_list_select(&ct->list, 0);
	cart_changed(m);
}

const char *
cust_cart_other_shop(struct cust *m)
{
	struct cart *ct = cart_of(m);

	if (json_array_size(ct->lines) == 0 ||
	    strcmp(ct->shop, cust_menu_shop_id(m)) == 0)
		return NULL;
	return ct->shop_name;
}

void
cust_cart_add(struct cust *m, const json_t *item, json_t *options, int qty)
{
	struct cart *ct = cart_of(m);
	const json_t *shop = cust_menu_shop(m);
	json_t *line;
	char names[256];
	size_t i;

	if (cust_cart_other_shop(m) != NULL)
		cart_clear(m);
	snprintf(ct->shop, sizeof ct->shop, "%s", cust_menu_shop_id(m));
	snprintf(ct->shop_name, sizeof ct->shop_name, "%s",
	    wire_str(shop, "name", ""));
	json_array_foreach(ct->lines, i, line) {
		if (strcmp(wire_str(line, "item_id", ""),
		    wire_str(item, "id", "")) == 0 &&
		    json_equal(json_object_get(line, "options"), options)) {
			qty += (int)wire_int(line, "qty", 0);
			json_object_set_new(line, "qty", json_integer(
			    qty < CART_QTY_MAX ? qty : CART_QTY_MAX));
			json_decref(options);
			ui_list_select(&ct->list, (int)i);
			goto added;
		}
	}
	if (json_array_size(ct->lines) >= CART_LINES_MAX) {
		json_decref(options);
		ui_app_notice(UI_COLOR_WARN, _("한 주문에 %d줄까지 담을 수 있습니다"),
		    CART_LINES_MAX);
		return;
	}
	cart_option_names(item, options, names, sizeof names);
	json_array_append_new(ct->lines, json_pack("{s:s, s:i, s:o, s:s, s:s}",
	    "item_id", wire_str(item, "id", ""), "qty", qty, "options", options,
	    "name", wire_str(item, "name", ""), "opts", names));
	ui_list_set_count(&ct->list, (int)json_array_size(ct->lines));
	ui_list_select(&ct->list, (int)json_array_size(ct->lines) - 1);
added:
	line = json_array_get(ct->lines, (size_t)ct->list.selected);
	cart_changed(m);
	ui_app_notice(UI_COLOR_OK, _("장바구니에 담았습니다: %s ×%lld%s%s   "
	    "(b: 장바구니)"), wire_str(item, "name", ""),
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
	snprintf(buf, n, _("%s 더 담아야 주문할 수 있어요%s%s%s"), more,
	    full ? _(" (최소주문 ") : "", full ? min : "", full ? ")" : "");
	return 1;
}

static void
cart_open(void *app)
{
	cart_of(app)->need_quote = 1;
}

/* Price the cart when asked (on any screen: the status line shows its
 * total). */
static void
cart_tick(void *app, int64_t now)
{
	struct cust *m = app;
	struct cart *c = cart_of(m);

	(void)now;
	if (c->need_quote) {
		c->need_quote = 0;
		cart_requote(m);
		ui_app_dirty();
	}
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
	    _(" 🛒 장바구니 %d개 · 합계 %s · %s%s%s   (b: 장바구니)"),
	    cust_cart_count(m), total, c->shop_name, more[0] ? " · " : "",
	    more);
}

static void
cart_row(void *ctx, int index, int y, int x, int w, int selected)
{
	struct cust *m = ctx;
	struct cart *ct = cart_of(m);
	const json_t *line = json_array_get(ct->lines, (size_t)index);
	const json_t *items = json_object_get(ct->quote, "items");
	const json_t *priced = json_array_size(items) ==
	    json_array_size(ct->lines) ? json_array_get(items, (size_t)index) :
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
	struct cart *ct = cart_of(m);
	struct ui_rect list;
	char more[160];
	int y, rows;

	if (json_array_size(ct->lines) == 0) {
		cust_draw_message(body, UI_COLOR_DIM, _("장바구니가 비어 있습니다 · "
		    "가게(s)에서 메뉴를 담아 보세요"));
		return;
	}
	ui_draw_textf(body.y, body.x, body.w, UI_ALIGN_LEFT,
	    ui_attr(UI_COLOR_NORMAL) | A_BOLD, " %s", ct->shop_name);
	cust_draw_row(body.y + 1, body.x, body.w, cart_cols,
	    ARRAY_LEN(cart_cols), NULL, NULL, 0);
	rows = (int)json_array_size(ct->lines);
	if (rows > body.h - 2 - CART_FOOTER)
		rows = body.h - 2 - CART_FOOTER;
	list = (struct ui_rect){ body.y + 2, body.x, rows, body.w };
	ui_list_draw(&ct->list, list, cart_row, m);
	y = list.y + (rows > 0 ? rows : 0) + 1;
	if (ct->quote == NULL) {
		ui_draw_text(y, 1, body.w - 1, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_ERROR), ct->quote_err[0] ? ct->quote_err :
		    _("합계를 계산하는 중…"));
		return;
	}
	cart_total_row(y, body.w, _("주문금액"), wire_int(ct->quote, "subtotal", 0),
	    ui_attr(UI_COLOR_NORMAL));
	cart_total_row(y + 1, body.w, _("배달팁"),
	    wire_int(ct->quote, "delivery_fee", 0), ui_attr(UI_COLOR_NORMAL));
	cart_total_row(y + 2, body.w, _("합계"), wire_int(ct->quote,
	    "total", 0), ui_attr(UI_COLOR_PRICE) | A_BOLD);
	if (cart_missing(ct->quote, 1, more, sizeof more))
		ui_draw_text(y + 3, 1, body.w - 1, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_WARN), more);
}

static void
cart_change_qty(struct cust *m, int delta)
{
	struct cart *ct = cart_of(m);
	json_t *line = json_array_get(ct->lines, (size_t)ct->list.selected);
	int64_t qty = wire_int(line, "qty", 0) + delta;

	if (line == NULL)
		return;
	if (qty < 1)
		ui_app_notice(UI_COLOR_WARN, _("1개보다 적게는 안 됩니다 · d: 삭제"));
	else if (qty > CART_QTY_MAX)
		ui_app_notice(UI_COLOR_WARN, _("한 줄에 %d개까지 담을 수 있습니다"),
		    CART_QTY_MAX);
	else {
		json_object_set_new(line, "qty", json_integer(qty));
		cart_changed(m);
	}
}

/* Emptying the cart: yes empties it. */
static void
cart_empty_key(void *app, int action, int ch)
{
	(void)ch;
	if (cust_confirm_answer(app, action) == UI_CONFIRM_YES)
		cart_clear(app);
}

static const struct ui_dialog cart_empty_dialog = CUST_CONFIRM_DIALOG(
    N_("장바구니 비우기"), cart_empty_key);

/* Check out: after the cart is priced again, and only above the
 * minimum order. */
static void
cart_checkout(struct cust *m)
{
	struct cart *ct = cart_of(m);
	char more[160];

	if (json_array_size(ct->lines) == 0) {
		ui_app_notice(UI_COLOR_WARN, _("장바구니가 비어 있습니다"));
		return;
	}
	cart_requote(m);
	if (ct->quote == NULL) {
		ui_app_notice(UI_COLOR_ERROR, _("주문할 수 없습니다: %s"),
		    ct->quote_err);
		return;
	}
	if (cart_missing(ct->quote, 1, more, sizeof more)) {
		ui_app_notice(UI_COLOR_WARN, "%s", more);
		return;
	}
	checkout_start(m);
}

static void
cart_key(void *app, int action)
{
	struct cust *m = app;
	struct cart *ct = cart_of(m);
	const char *lines[] = { N_("장바구니를 모두 비울까요?"), NULL };

	switch (action) {
	case CART_MORE: cart_change_qty(m, 1); break;
	case CART_LESS: cart_change_qty(m, -1); break;
	case CART_DELETE:
		if (json_array_remove(ct->lines,
		    (size_t)ct->list.selected) == 0)
			cart_changed(m);
		break;
	case CART_EMPTY:
		if (json_array_size(ct->lines) > 0)
			cust_confirm_show(m, &cart_empty_dialog, lines);
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
	.title = N_("장바구니"),
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
