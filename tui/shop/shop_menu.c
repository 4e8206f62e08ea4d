/*
 * shop_menu.c: the menu screen (items and, under each, its options, with
 * prices and sold-out state), selling out (shop_soldout.c's dialog),
 * opening or closing the shop, and the `/` search line over the items
 * (an item shown brings its options). Like the queue, it shows what the backend
 * says: store.menu, then shop.updated events. The menu and the shop
 * object it shows are its own state.
 */
#include "shop.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_searchline.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

enum menu_action { MACT_BACK, MACT_HELP, MACT_SOLDOUT, MACT_OPEN,
	MACT_RELOAD, MACT_HOURS, MACT_REASONS, MACT_SEARCH };

static const struct ui_key menu_keys[] = {
	UI_KEY('/', N_("검색"), N_("메뉴 검색 (초성: ㅊㅋ)"), MACT_SEARCH),
	UI_KEY(' ', N_("품절"), N_("품절 (다시 팔 때까지 / 오늘만 / 시각까지) "
	    "/ 판매 재개: 메뉴 또는 옵션"), MACT_SOLDOUT),
	UI_KEY_ALIAS('s', MACT_SOLDOUT),
	UI_KEY('o', N_("영업"), N_("영업 시작 / 종료"), MACT_OPEN),
	UI_KEY('H', N_("영업시간"), N_("영업시간과 휴무일"), MACT_HOURS),
	UI_KEY('S', NULL, N_("거절 / 취소 사유 통계"), MACT_REASONS),
	UI_KEY('R', N_("새로"), N_("메뉴 새로 받기"), MACT_RELOAD),
	UI_KEY(UI_KEY_ESC, N_("주문"), N_("주문 목록으로"), MACT_BACK),
	UI_KEY_ALIAS('m', MACT_BACK),
	UI_KEY_ALIAS('q', MACT_BACK),
	UI_KEY_ALIAS('h', MACT_BACK),
	UI_KEY_ALIAS(KEY_LEFT, MACT_BACK),
	UI_KEY('?', N_("도움말"), N_("이 도움말"), MACT_HELP),
};

/* A row of the screen: an item, or one of its options. */
struct menu_row {
	size_t item;
	long option;                /* -1: the item itself */
};

/* The screen's state: store.menu's "menu" array, the items the search
 * line lets through, their rows and the list over them, the shop object,
 * and the sold-out dialog's fields. */
struct menu {
	json_t *items;              /* owned; NULL before the first read */
	json_t *shown;              /* owned: items matching the search */
	json_t *shop;               /* owned; NULL before the first read */
	struct menu_row *rows;      /* owned, n_rows of them, over shown */
	size_t n_rows;
	struct ui_list list;        /* over rows */
	struct ui_searchline search;
	struct shop_soldout soldout;
};

static struct menu *
menu_of(struct shop_app *app)
{
	return shop_state(app, SHOP_SCREEN_MENU);
}

struct shop_soldout *
shop_soldout_of(struct shop_app *app)
{
	return &menu_of(app)->soldout;
}

const json_t *
shop_menu_shop(struct shop_app *app)
{
	return menu_of(app)->shop;
}

static void
menu_init(void *state)
{
	shop_soldout_init(&((struct menu *)state)->soldout);
}

static void
menu_release(void *state)
{
	struct menu *s = state;

	json_decref(s->items);
	json_decref(s->shown);
	json_decref(s->shop);
	free(s->rows);
	ui_searchline_free(&s->search);
	shop_soldout_release(&s->soldout);
}

/* Rebuild the items shown from the items and the query, and their
 * rows: one per item, then one per option of it. */
static void
menu_filter(struct menu *s)
{
	const json_t *item;
	size_t i, j, n = 0;

	json_decref(s->shown);
	s->shown = json_array();
	json_array_foreach(s->items, i, item)
		if (ui_searchline_match(&s->search, wire_str(item, "name", "")))
			json_array_append(s->shown, (json_t *)item);
	json_array_foreach(s->shown, i, item)
		n += 1 + json_array_size(json_object_get(item, "options"));
	s->rows = xrealloc(s->rows, (n + 1) * sizeof *s->rows);
	s->n_rows = 0;
	json_array_foreach(s->shown, i, item) {
		s->rows[s->n_rows++] = (struct menu_row){ i, -1 };
		for (j = 0; j < json_array_size(json_object_get(item,
		    "options")); j++)
			s->rows[s->n_rows++] = (struct menu_row){ i, (long)j };
	}
	ui_list_set_count(&s->list, (int)s->n_rows);
	ui_app_dirty();
}

int
shop_menu_search_key(struct shop_app *app, int ch)
{
	struct menu *s = menu_of(app);
	enum ui_searchline_result r;

	if (app->screen != SHOP_SCREEN_MENU || !s->search.editing)
		return 0;
	r = ui_searchline_key(&s->search, ch);
	if (r == UI_SEARCH_CHANGED)
		menu_filter(s);
	ui_app_dirty();
	return r != UI_SEARCH_NOT_MINE;
}

/* Row i's item and (NULL for an item row) option. Borrowed. */
static const json_t *
menu_row_of(const struct menu *s, size_t i, const json_t **option)
{
	const json_t *item;

	*option = NULL;
	if (i >= s->n_rows)
		return NULL;
	item = json_array_get(s->shown, s->rows[i].item);
	if (s->rows[i].option >= 0)
		*option = json_array_get(json_object_get(item, "options"),
		    (size_t)s->rows[i].option);
	return item;
}

/* Take the shop's name, open state and (when there) menu from a shop
 * object (borrowed): store.menu's "shop" or shop.updated's. */
static void
menu_take_shop(struct shop_app *app, const json_t *shop, const json_t *menu)
{
	struct menu *s = menu_of(app);
	const char *name = json_string_value(json_object_get(shop, "name"));
	json_t *open = json_object_get(shop, "open");

	if (name != NULL) {
		free(app->shop_name);
		app->shop_name = xstrdup(name);
	}
	if (json_is_boolean(open))
		app->shop_open = json_is_true(open);
	shop_pause_take(app, shop);
	if (json_is_object(shop)) {
		json_decref(s->shop);
		s->shop = json_deep_copy(shop);
	}
	if (json_is_array(menu)) {
		json_decref(s->items);
		s->items = json_deep_copy(menu);
		menu_filter(s);
	}
	ui_app_dirty();
}

int
shop_menu_load(struct shop_app *app)
{
	struct wire_error err;
	json_t *res;

	if (app->shop_id == NULL)
		return -1;
	res = client_call(app->c, "store", "menu", json_pack("{s:s}",
	    "shop_id", app->shop_id), SHOP_CALL_MS, &err);
	if (res == NULL) {
		if (app->screen == SHOP_SCREEN_MENU)
			ui_app_error(_("메뉴를 받지 못했습니다"), &err);
		return -1;
	}
	menu_take_shop(app, json_object_get(res, "shop"),
	    json_object_get(res, "menu"));
	json_decref(res);
	return 0;
}

/* A shop.updated event: take our shop's name, state and menu from it. */
static void
menu_event(void *model, const json_t *ev)
{
	struct shop_app *app = model;
	const json_t *shop = json_object_get(json_object_get(ev, "data"),
	    "shop");
	const char *id = json_string_value(json_object_get(shop, "id"));

	if (strcmp(wire_str(ev, "type", ""), "shop.updated") != 0 ||
	    id == NULL || app->shop_id == NULL ||
	    strcmp(id, app->shop_id) != 0)
		return;
	menu_take_shop(app, shop, json_object_get(shop, "menu"));
}

static void
menu_open(void *app)
{
	shop_menu_load(app);
}

void
shop_menu_set_open(struct shop_app *app, int open)
{
	struct wire_error err;
	json_t *res;

	res = client_call(app->c, "store", "open", json_pack("{s:b}", "open",
	    open), SHOP_CALL_MS, &err);
	if (res == NULL) {
		ui_app_error(open ? _("영업 시작 실패") : _("영업 종료 실패"),
		    &err);
		return;
	}
	json_decref(res);
	ui_app_notice(UI_COLOR_OK, "%s", open ? _("영업을 시작했습니다") :
	    _("영업을 종료했습니다"));
	shop_menu_load(app); /* the backend's word, in case no event comes */
}

void
shop_menu_toggle_open(struct shop_app *app)
{
	if (app->shop_open == 1)
		/* closing asks first */
		shop_dialog_show(app, &shop_close_dialog, 0);
	else
		shop_menu_set_open(app, 1);
}

/* Space on a row: put it back on sale, or ask how long to sell it out. */
static void
menu_toggle_soldout(struct shop_app *app)
{
	const struct menu *s = menu_of(app);
	const json_t *opt, *item = menu_row_of(s, (size_t)s->list.selected,
	    &opt);
	const json_t *row = opt != NULL ? opt : item;
	const char *id = json_string_value(json_object_get(item, "id"));
	const char *name = json_string_value(json_object_get(row, "name"));

	if (id == NULL)
		return;
	shop_soldout_ask(app, id, opt != NULL ? json_string_value(
	    json_object_get(opt, "id")) : NULL, name,
	    shop_soldout_now(row, now_ms()));
}

/* An action of the menu screen (the list keys' too). */
static void
menu_key(void *model, int action)
{
	struct shop_app *app = model;

	if (ui_list_key(&menu_of(app)->list, action, LINES > 8 ? LINES - 7 :
	    1))
		return;
	switch (action) {
	case MACT_BACK: shop_screen_open(app, SHOP_SCREEN_QUEUE); break;
	case MACT_HELP: ui_help_open(&app->help); break;
	case MACT_SOLDOUT: menu_toggle_soldout(app); break;
	case MACT_OPEN: shop_menu_toggle_open(app); break;
	case MACT_RELOAD: shop_menu_load(app); break;
	case MACT_HOURS: shop_screen_open(app, SHOP_SCREEN_HOURS); break;
	case MACT_REASONS: shop_screen_open(app, SHOP_SCREEN_REASONS); break;
	case MACT_SEARCH: ui_searchline_start(&menu_of(app)->search); break;
	default: break;
	}
}

/* The hint bar: Space says what it does to the row selected now. */
static const char *
menu_label(void *model, const struct ui_key *k)
{
	const struct menu *s = menu_of(model);
	const json_t *opt, *item = menu_row_of(s, (size_t)s->list.selected,
	    &opt);

	if (k->action != MACT_SOLDOUT)
		return k->label;
	if (item == NULL)
		return NULL;
	return shop_soldout_now(opt != NULL ? opt : item, now_ms()) ?
	    _("판매 재개") : _(k->label);
}

static void
menu_row(void *ctx, int index, int y, int x, int w, int selected)
{
	const struct menu *s = ctx;
	const json_t *opt, *item = menu_row_of(s, (size_t)index, &opt);
	const json_t *row = opt != NULL ? opt : item;
	int sold_out = shop_soldout_now(row, now_ms());
	int attr = selected ? ui_attr(UI_COLOR_SELECTED) :
	    ui_attr(sold_out ? UI_COLOR_ORDER_CANCELLED : opt != NULL ?
	    UI_COLOR_DIM : UI_COLOR_NORMAL);
	char won[32], price[40], name[160], label[48];
	int64_t p = json_integer_value(json_object_get(row, "price"));

	util_won(won, sizeof won, p);
	snprintf(price, sizeof price, "%s%s", opt != NULL ? "+" : "", won);
	snprintf(name, sizeof name, "%s%s", opt != NULL ? "  └ " : "",
	    wire_str(row, "name", "?"));
	ui_draw_text(y, x, w, UI_ALIGN_LEFT, attr, "");
	ui_draw_text(y, x + 1, 28, UI_ALIGN_LEFT, attr, name);
	ui_draw_text(y, x + 30, 10, UI_ALIGN_RIGHT, attr, price);
	ui_draw_text(y, x + 42, w - 42, UI_ALIGN_LEFT, sold_out && !selected ?
	    ui_attr(UI_COLOR_ERROR) | (int)A_BOLD : attr,
	    shop_soldout_label(row, now_ms(), label, sizeof label));
}

static void
menu_draw(void *model, struct ui_rect body)
{
	struct shop_app *app = model;
	struct menu *s = menu_of(app);
	int top = body.y;
	struct ui_rect r = { top + 2, 0, body.h - 2, COLS };
	int dim = ui_attr(UI_COLOR_DIM) | A_UNDERLINE;

	ui_draw_textf(top, 0, COLS, UI_ALIGN_LEFT, ui_attr(UI_COLOR_NORMAL) |
	    A_BOLD, _(" 메뉴 관리 · %s · %s"), app->shop_name ? app->shop_name :
	    "?", app->shop_open == 1 ? _("영업 중") : app->shop_open == 0 ?
	    _("영업 종료 (o: 영업 시작)") : "");
	ui_draw_text(top + 1, 0, COLS, UI_ALIGN_LEFT, dim, "");
	ui_draw_text(top + 1, 1, 28, UI_ALIGN_LEFT, dim, _("메뉴 / 옵션"));
	ui_draw_text(top + 1, 30, 10, UI_ALIGN_RIGHT, dim, _("가격"));
	ui_draw_text(top + 1, 42, COLS - 42, UI_ALIGN_LEFT, dim, _("상태"));
	if (s->items == NULL) {
		ui_draw_text(top + 3, 2, COLS - 2, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_DIM), _("메뉴를 받는 중…"));
		return;
	}
	if (ui_searchline_shown(&s->search) && r.h > 2) {
		r.h--;
		ui_searchline_draw(&s->search, r.y + r.h, 0, COLS,
		    (int)json_array_size(s->shown),
		    (int)json_array_size(s->items));
	}
	ui_list_draw(&s->list, r, menu_row, s);
}

const struct ui_view shop_menu_view = {
	.title = N_("메뉴 관리"),
	.keys = menu_keys,
	.n_keys = ARRAY_LEN(menu_keys),
	.open = menu_open,
	.draw = menu_draw,
	.key = menu_key,
	.event = menu_event,
	.label = menu_label,
	.state_size = sizeof (struct menu),
	.init = menu_init,
	.release = menu_release,
};
