/*
 * customer_orders.c: the order history (view.orders), newest first, a
 * page of ORDERS_PAGE at a time with the date and time in KST; Enter
 * opens an order on the tracking screen, 'v' its receipt, 'r' puts its
 * lines into the cart again (customer_reorder.c).
 */
#include "customer.h"

#include <stdio.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

#define ORDERS_PAGE 20

enum { ORDERS_OPEN, ORDERS_RECEIPT, ORDERS_REORDER, ORDERS_NEXT,
    ORDERS_PREV };

static const struct ui_key orders_keys[] = {
	UI_KEY('\n', N_("열기"), N_("선택한 주문 따라가기"), ORDERS_OPEN),
	UI_KEY_ALIAS('l', ORDERS_OPEN),
	UI_KEY_ALIAS(KEY_RIGHT, ORDERS_OPEN),
	UI_KEY('v', N_("영수증"), N_("주문의 영수증"), ORDERS_RECEIPT),
	UI_KEY('r', N_("다시 담기"), N_("같은 메뉴를 오늘 가격으로 "
	    "장바구니에 다시 담기"), ORDERS_REORDER),
	UI_KEY(']', N_("이전"), N_("더 지난 주문 다음 쪽"), ORDERS_NEXT),
	UI_KEY('[', N_("최근"), N_("더 최근 주문 쪽"), ORDERS_PREV),
};

static const struct cust_col orders_cols[] = {
	{ N_("주문"), 6, UI_ALIGN_RIGHT, 0 },
	{ N_("일시 (KST)"), 11, UI_ALIGN_LEFT, 1 },
	{ N_("가게"), 10, UI_ALIGN_LEFT, 1 },
	{ N_("메뉴"), 0, UI_ALIGN_LEFT, 0 },
	{ N_("합계"), 10, UI_ALIGN_RIGHT, 0 },
	{ N_("상태"), 8, UI_ALIGN_LEFT, 0 },
};

/* The screen's state: view.orders' "orders", and when to read it
 * again after an event. */
struct orders {
	struct cust_listing listing;
	int64_t offset;           /* the page: orders skipped, newest first */
	int need;                 /* an order event came */
	int64_t recheck;          /* wall ms of a second look, or 0 */
};

static struct orders *
orders_state(struct cust *m)
{
	return cust_state(m, CUST_ORDERS);
}

static struct cust_listing *
orders_of(struct cust *m)
{
	return &orders_state(m)->listing;
}

static void
orders_open(void *app)
{
	struct cust *m = app;

	cust_listing_load(m, orders_of(m), "view", "orders",
	    json_pack("{s:i, s:I}", "limit", ORDERS_PAGE, "offset",
	    (json_int_t)orders_state(m)->offset), "orders");
}

static void
orders_event(void *app, const json_t *event)
{
	if (strncmp(wire_str(event, "type", ""), "order.", 6) == 0)
		orders_state(app)->need = 1;
}

/* After an order event the list is read at once, when shown, and once
 * more CUST_RECHECK_MS later (the view applies events asynchronously). */
static void
orders_tick(void *app, int64_t now)
{
	struct cust *m = app;
	struct orders *o = orders_state(m);

	if (!o->need && (o->recheck == 0 || now < o->recheck))
		return;
	o->recheck = o->need ? now + CUST_RECHECK_MS : 0;
	o->need = 0;
	if (m->screen == CUST_ORDERS)
		cust_open(m, CUST_ORDERS);
}

static void
orders_release(void *state)
{
	cust_listing_release(&((struct orders *)state)->listing);
}

static void
orders_row(const json_t *o, int y, int x, int w, int selected)
{
	const char *status = wire_str(o, "status", "");
	char id[24], when[24], total[32];
	const char *cells[ARRAY_LEN(orders_cols)];
	int attrs[ARRAY_LEN(orders_cols)], base, i;

	snprintf(id, sizeof id, "#%lld", (long long)wire_int(o, "order_id", 0));
	cust_kst(when, sizeof when, wire_int(o, "placed_at", 0), "%m/%d %H:%M");
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

static const struct cust_table orders_table = {
	.cols = orders_cols,
	.n_cols = ARRAY_LEN(orders_cols),
	.row = orders_row,
	.loading = N_("주문 내역을 불러오는 중…"),
	.empty = N_("아직 주문이 없습니다"),
};

/* 1 when older orders follow the page shown. */
static int
orders_more(struct cust *m)
{
	return json_is_true(json_object_get(orders_of(m)->result, "more"));
}

static void
orders_draw(void *app, struct ui_rect body)
{
	struct orders *o = orders_state(app);
	size_t n = json_array_size(o->listing.rows);
	char page[160];

	if (body.h > 3 && (n > 0 || o->offset > 0)) {
		body.h--;
		snprintf(page, sizeof page, _("%lld–%lld번째 주문%s%s "),
		    (long long)o->offset + (n > 0), (long long)(o->offset +
		    (int64_t)n), orders_more(app) ? _(" · ] 이전 주문") : "",
		    o->offset > 0 ? _(" · [ 최근 주문") : "");
		ui_draw_text(body.y + body.h, body.x, body.w, UI_ALIGN_RIGHT,
		    ui_attr(UI_COLOR_DIM), page);
	}
	cust_listing_draw(&o->listing, body, &orders_table);
}

/* Show the page offset orders from the newest. */
static void
orders_page(struct cust *m, int64_t offset)
{
	struct orders *o = orders_state(m);

	o->offset = offset > 0 ? offset : 0;
	ui_list_select(&o->listing.list, 0);
	cust_open(m, CUST_ORDERS);
}

static void
orders_key(void *app, int action)
{
	struct cust *m = app;
	struct orders *os = orders_state(m);
	const json_t *o = cust_listing_selected(orders_of(m));

	switch (action) {
	case ORDERS_NEXT:
		if (orders_more(m))
			orders_page(m, os->offset + ORDERS_PAGE);
		else
			ui_app_notice(UI_COLOR_DIM, "%s", _("더 이전 주문이 "
			    "없습니다"));
		return;
	case ORDERS_PREV:
		if (os->offset > 0)
			orders_page(m, os->offset - ORDERS_PAGE);
		return;
	default:
		break;
	}
	if (o == NULL)
		return;
	if (action == ORDERS_OPEN)
		cust_track_open(m, wire_int(o, "order_id", 0));
	else if (action == ORDERS_RECEIPT)
		cust_receipt_open(m, wire_int(o, "order_id", 0));
	else if (action == ORDERS_REORDER)
		cust_reorder(m, wire_int(o, "order_id", 0));
}

static struct ui_list *
orders_list(void *app)
{
	return &orders_of(app)->list;
}

const struct ui_view cust_orders_view = {
	.title = N_("주문 내역"),
	.keys = orders_keys,
	.n_keys = ARRAY_LEN(orders_keys),
	.open = orders_open,
	.draw = orders_draw,
	.key = orders_key,
	.event = orders_event,
	.tick = orders_tick,
	.list = orders_list,
	.state_size = sizeof (struct orders),
	.release = orders_release,
};
