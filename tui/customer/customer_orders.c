/*
 * customer_orders.c: the order history (view.orders), newest first;
 * Enter opens an order on the tracking screen.
 */
#include "customer.h"

#include <stdio.h>

#include "ui_app.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

#define ORDERS_LIMIT 100

enum { ORDERS_OPEN };

static const struct ui_key orders_keys[] = {
	UI_KEY('\n', "Open", "Follow the selected order", ORDERS_OPEN),
	UI_KEY_ALIAS('l', ORDERS_OPEN),
	UI_KEY_ALIAS(KEY_RIGHT, ORDERS_OPEN),
};

static const struct cust_col orders_cols[] = {
	{ "주문", 6, UI_ALIGN_RIGHT, 0 },
	{ "시각", 5, UI_ALIGN_LEFT, 1 },
	{ "가게", 10, UI_ALIGN_LEFT, 1 },
	{ "메뉴", 0, UI_ALIGN_LEFT, 0 },
	{ "합계", 10, UI_ALIGN_RIGHT, 0 },
	{ "상태", 8, UI_ALIGN_LEFT, 0 },
};

static void
orders_open(struct cust *m)
{
	struct wire_error err;
	json_t *r = cust_read(m, "view", "orders", json_pack("{s:i}", "limit",
	    ORDERS_LIMIT), &err);

	if (r == NULL) {
		ui_app_error_text(&err, m->orders_err, sizeof m->orders_err);
		return;
	}
	m->orders_err[0] = '\0';
	cust_json_set(&m->orders, json_incref(json_object_get(r, "orders")));
	json_decref(r);
	ui_list_set_count(&m->orders_list, (int)json_array_size(m->orders));
}

static void
orders_row(void *ctx, int index, int y, int x, int w, int selected)
{
	struct cust *m = ctx;
	const json_t *o = json_array_get(m->orders, (size_t)index);
	const char *status = wire_str(o, "status", "");
	char id[24], when[16], total[32];
	const char *cells[ARRAY_LEN(orders_cols)];
	int attrs[ARRAY_LEN(orders_cols)], base, i;

	snprintf(id, sizeof id, "#%lld", (long long)wire_int(o, "order_id", 0));
	ui_text_clock(when, sizeof when, wire_int(o, "placed_at", 0));
	util_won(total, sizeof total, wire_int(o, "total", 0));
	cells[0] = id;
	cells[1] = when;
	cells[2] = wire_str(o, "shop_name", "");
	cells[3] = wire_str(o, "item_summary", "");
	cells[4] = total;
	cells[5] = cust_status_word(status);
	base = ui_attr(selected ? UI_COLOR_SELECTED : UI_COLOR_NORMAL);
	for (i = 0; i < (int)ARRAY_LEN(attrs); i++)
		attrs[i] = base;
	if (!selected) {
		attrs[1] = ui_attr(UI_COLOR_DIM);
		attrs[4] = ui_attr(UI_COLOR_PRICE);
		attrs[5] = ui_attr((enum ui_color)ui_status_color(status));
	}
	cust_draw_row(y, x, w, orders_cols, ARRAY_LEN(orders_cols), cells,
	    attrs, base);
}

static void
orders_draw(struct cust *m, struct ui_rect body)
{
	struct ui_rect list = { body.y + 1, body.x, body.h - 1, body.w };

	if (m->orders == NULL || json_array_size(m->orders) == 0) {
		cust_draw_message(body, m->orders_err[0] ? UI_COLOR_ERROR :
		    UI_COLOR_DIM, m->orders_err[0] ? m->orders_err :
		    m->orders == NULL ? "주문 내역을 불러오는 중… (loading)" :
		    "아직 주문이 없습니다 (no orders yet)");
		return;
	}
	cust_draw_row(body.y, body.x, body.w, orders_cols,
	    ARRAY_LEN(orders_cols), NULL, NULL, 0);
	ui_list_draw(&m->orders_list, list, orders_row, m);
}

static void
orders_key(struct cust *m, int action)
{
	const json_t *o = json_array_get(m->orders,
	    (size_t)m->orders_list.selected);

	if (action == ORDERS_OPEN && o != NULL)
		cust_track_open(m, wire_int(o, "order_id", 0));
}

static struct ui_list *
orders_list(struct cust *m)
{
	return &m->orders_list;
}

const struct cust_view cust_orders_view = {
	"주문 내역 Orders", orders_keys, ARRAY_LEN(orders_keys), orders_open,
	orders_draw, orders_key, orders_list,
};
