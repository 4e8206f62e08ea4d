/*
 * customer_shops.c: the shops screen: every shop with its category,
 * whether it is open, its minimum order and delivery fee. Closed shops
 * are dimmed and cannot be entered.
 */
#include "customer.h"

#include <stdio.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

enum { SHOPS_OPEN, SHOPS_SEARCH };

static const struct ui_key shops_keys[] = {
	UI_KEY('\n', N_("메뉴"), N_("선택한 가게의 메뉴 열기"), SHOPS_OPEN),
	UI_KEY('/', N_("검색"), N_("가게 검색 (초성: ㅊㅋ)"), SHOPS_SEARCH),
	UI_KEY_ALIAS('l', SHOPS_OPEN),
	UI_KEY_ALIAS(KEY_RIGHT, SHOPS_OPEN),
};

static const struct cust_col shops_cols[] = {
	{ N_(" 가게"), 0, UI_ALIGN_LEFT, 0 },
	{ N_("상태"), 18, UI_ALIGN_LEFT, 1 },
	{ N_("분류"), 6, UI_ALIGN_LEFT, 1 },
	{ N_("최소주문"), 10, UI_ALIGN_RIGHT, 0 },
	{ N_("배달팁"), 8, UI_ALIGN_RIGHT, 0 },
};

/* The screen's state: store.shops' "shops". */
static struct cust_listing *
shops_of(struct cust *m)
{
	return cust_state(m, CUST_SHOPS);
}

static void
shops_open(void *app)
{
	struct cust *m = app;

	cust_listing_load(m, shops_of(m), "store", "shops", NULL, "shops");
}

static void
shops_row(const json_t *s, int y, int x, int w, int selected)
{
	int open = cust_shop_accepting(s);
	char min[32], fee[32], name[160], status[128];
	const char *cells[ARRAY_LEN(shops_cols)];
	int attrs[ARRAY_LEN(shops_cols)], base, i;

	snprintf(name, sizeof name, " %s", wire_str(s, "name", ""));
	util_won(min, sizeof min, wire_int(s, "min_order", 0));
	util_won(fee, sizeof fee, wire_int(s, "delivery_fee", 0));
	cells[0] = name;
	cust_shop_status(s, status, sizeof status);
	cells[1] = status;
	cells[2] = wire_str(s, "category", "");
	cells[3] = min;
	cells[4] = fee;
	base = selected ? ui_attr(UI_COLOR_SELECTED) :
	    ui_attr(open ? UI_COLOR_NORMAL : UI_COLOR_DIM);
	for (i = 0; i < (int)ARRAY_LEN(attrs); i++)
		attrs[i] = base;
	if (!selected && open) {
		attrs[1] = ui_attr(UI_COLOR_OK);
		attrs[3] = attrs[4] = ui_attr(UI_COLOR_PRICE);
	}
	cust_draw_row(y, x, w, shops_cols, ARRAY_LEN(shops_cols), cells,
	    attrs, base);
}

static const struct cust_table shops_table = {
	.cols = shops_cols,
	.n_cols = ARRAY_LEN(shops_cols),
	.row = shops_row,
	.loading = N_("가게 목록을 불러오는 중…"),
};

static void
shops_draw(void *app, struct ui_rect body)
{
	cust_listing_draw(shops_of(app), body, &shops_table);
}

static void
shops_key(void *app, int action)
{
	struct cust *m = app;
	const json_t *s = cust_listing_selected(shops_of(m));
	char status[128];

	if (action == SHOPS_SEARCH) {
		cust_listing_search(shops_of(m));
		return;
	}
	if (action != SHOPS_OPEN || s == NULL)
		return;
	if (!cust_shop_accepting(s)) {
		cust_shop_status(s, status, sizeof status);
		ui_app_notice(UI_COLOR_WARN, _("%s: 지금은 %s이라 주문할 수 "
		    "없습니다"), wire_str(s, "name", ""), status);
		return;
	}
	cust_menu_open(m, wire_str(s, "id", ""));
}

/* A shop opened, closed or changed: read the list again when shown. */
static void
shops_event(void *app, const json_t *event)
{
	struct cust *m = app;

	if (m->screen == CUST_SHOPS &&
	    strcmp(wire_str(event, "type", ""), "shop.updated") == 0)
		m->need_open = 1;
}

static struct ui_list *
shops_list(void *app)
{
	return &shops_of(app)->list;
}

const struct ui_view cust_shops_view = {
	.title = N_("가게 목록"),
	.keys = shops_keys,
	.n_keys = ARRAY_LEN(shops_keys),
	.open = shops_open,
	.draw = shops_draw,
	.key = shops_key,
	.event = shops_event,
	.list = shops_list,
	.state_size = sizeof (struct cust_listing),
	.release = cust_listing_release,
};
