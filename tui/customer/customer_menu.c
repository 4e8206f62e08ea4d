/*
 * customer_menu.c: a shop's menu, and the options dialog that puts an
 * item in the cart: one radio group per option group (with "기본" for
 * none), check boxes for the other options, and a quantity. The price
 * shown in the dialog comes from order.quote, never from arithmetic here.
 */
#include "customer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

#define OPT_QTY_MAX 50
/* From this width on, the list keeps to MENU_LIST_W columns (prices
 * stay near the names) and the selected item's options show beside it. */
#define MENU_PANE_FROM 120
#define MENU_LIST_W 72
/* The latest reviews shown under the menu, on a screen tall enough. */
#define MENU_REVIEWS 3
#define MENU_REVIEWS_FROM 16

enum { MENU_ADD, MENU_SEARCH };

static const struct ui_key menu_keys[] = {
	UI_KEY('\n', N_("담기"), N_("옵션을 골라 장바구니에 담기"), MENU_ADD),
	UI_KEY('/', N_("검색"), N_("메뉴 검색 (초성: ㄸㅂ)"), MENU_SEARCH),
	UI_KEY_ALIAS('a', MENU_ADD),
	UI_KEY_ALIAS('l', MENU_ADD),
	UI_KEY_ALIAS(KEY_RIGHT, MENU_ADD),
};

static const struct cust_col menu_cols[] = {
	{ N_(" 메뉴"), 0, UI_ALIGN_LEFT, 0 },
	{ N_("가격"), 10, UI_ALIGN_RIGHT, 0 },
	{ "", 4, UI_ALIGN_LEFT, 0 },
	{ N_("옵션"), 7, UI_ALIGN_LEFT, 1 },
};

/* Names for option groups; others show their id. */
static const struct {
	const char *group, *label;
} opt_groups[] = {
	{ "size", N_("크기") }, { "spicy", N_("맵기") },
};

/* The options dialog's state. */
struct cust_options {
	json_t *item;                 /* the menu item, owned */
	struct ui_choice_item *rows;  /* labels borrowed from item */
	int *option_of;               /* row -> index in item.options, -1 */
	char (*notes)[24];            /* row -> "+2,000원" */
	char (*heads)[96];            /* row -> "맛 선택 · 1개 필수" */
	const char **group_of;        /* row -> its option's group, or NULL */
	char err[256];                /* a rule unmet, or order.quote's
	                                 refusal (option_rule), or "" */
	struct ui_choice choice;
	int qty;
	json_t *quote;                /* order.quote of this one line, owned */
	int need_quote;               /* price it again on the next tick */
};

/* The screen's state: the shop browsed, store.menu's result and its
 * "menu", and the options dialog opened from it. */
struct menu {
	char shop[65];
	struct cust_listing listing;
	json_t *reviews;              /* view.reviews of the shop, owned */
	struct cust_options opt;
};

static struct menu *
menu_state(struct cust *m)
{
	return cust_state(m, CUST_MENU);
}

static struct cust_listing *
menu_of(struct cust *m)
{
	return &menu_state(m)->listing;
}

static void opt_free(struct cust_options *o);
static void opt_open(struct cust *m, const json_t *item);

static void
menu_release(void *state)
{
	struct menu *s = state;

	cust_listing_release(&s->listing);
	json_decref(s->reviews);
	opt_free(&s->opt);
}

struct cust_listing *
cust_menu_listing(struct cust *m)
{
	return menu_of(m);
}

const json_t *
cust_menu_shop(struct cust *m)
{
	return json_object_get(menu_of(m)->result, "shop");
}

const char *
cust_menu_shop_id(struct cust *m)
{
	return menu_state(m)->shop;
}

void
cust_menu_open(struct cust *m, const char *shop_id)
{
	struct menu *s = menu_state(m);

	snprintf(s->shop, sizeof s->shop, "%s", shop_id);
	cust_open(m, CUST_MENU);
}

static void
menu_open(void *app)
{
	struct cust *m = app;
	struct menu *s = menu_state(m);
	struct cust_listing *l = &s->listing;
	/* Another shop's menu starts at its first item. */
	int other = l->result != NULL && strcmp(wire_str(cust_menu_shop(m),
	    "id", ""), s->shop) != 0;

	if (cust_listing_load(m, l, "store", "menu", json_pack("{s:s}",
	    "shop_id", s->shop), "menu") == 0 && other)
		ui_list_select(&l->list, 0);
	cust_json_set(&s->reviews, cust_reviews_read(m, s->shop,
	    MENU_REVIEWS));
}

/* The browsed shop changed (an item sold out, the shop closed): read
 * the menu again when shown. */
static void
menu_event(void *app, const json_t *event)
{
	struct cust *m = app;

	if (m->screen == CUST_MENU && strcmp(wire_str(event, "type", ""),
	    "shop.updated") == 0 && strcmp(wire_str(event, "shop_id", ""),
	    menu_state(m)->shop) == 0)
		m->need_open = 1;
}

static void
menu_row(const json_t *it, int y, int x, int w, int selected)
{
	int sold = cust_sold_out(it), base, i;
	size_t nopt = json_array_size(json_object_get(it, "options"));
	char price[32], opts[32], name[160];
	const char *cells[ARRAY_LEN(menu_cols)];
	int attrs[ARRAY_LEN(menu_cols)];

	snprintf(name, sizeof name, " %s", wire_str(it, "name", ""));
	util_won(price, sizeof price, wire_int(it, "price", 0));
	opts[0] = '\0';
	if (nopt > 0)
		snprintf(opts, sizeof opts, _("옵션 %zu"), nopt);
	cells[0] = name;
	cells[1] = price;
	cells[2] = sold ? _("품절") : "";
	cells[3] = opts;
	base = selected ? ui_attr(UI_COLOR_SELECTED) :
	    ui_attr(sold ? UI_COLOR_DIM : UI_COLOR_NORMAL);
	for (i = 0; i < (int)ARRAY_LEN(attrs); i++)
		attrs[i] = base;
	if (!selected && !sold)
		attrs[1] = ui_attr(UI_COLOR_PRICE);
	if (!selected && sold)
		attrs[2] = ui_attr(UI_COLOR_ORDER_CANCELLED);
	if (!selected)
		attrs[3] = ui_attr(UI_COLOR_DIM);
	cust_draw_row(y, x, w, menu_cols, ARRAY_LEN(menu_cols), cells, attrs,
	    base);
}

/* The shop's line is drawn above: no words for loading here. */
static const struct cust_table menu_table = {
	.cols = menu_cols,
	.n_cols = ARRAY_LEN(menu_cols),
	.row = menu_row,
};

static const char *opt_group_label(const char *group);

/* The selected item (borrowed, may be NULL) in r: its name and price,
 * then each option with its price and group. */
static void
menu_pane(const json_t *it, struct ui_rect r)
{
	const json_t *op, *opts = json_object_get(it, "options");
	const char *group;
	char price[32];
	size_t i;
	int y = r.y;

	if (it == NULL || r.h < 3 || r.w < 10)
		return;
	util_won(price, sizeof price, wire_int(it, "price", 0));
	ui_draw_textf(y++, r.x, r.w, UI_ALIGN_LEFT, ui_attr(UI_COLOR_NORMAL) |
	    A_BOLD, "%s  %s", wire_str(it, "name", ""), price);
	if (json_array_size(opts) == 0)
		ui_draw_text(y, r.x, r.w, UI_ALIGN_LEFT, ui_attr(UI_COLOR_DIM),
		    _("옵션 없음"));
	json_array_foreach(opts, i, op) {
		if (++y >= r.y + r.h)
			break;
		util_won(price, sizeof price, wire_int(op, "price", 0));
		group = wire_str(op, "group", "");
		ui_draw_textf(y, r.x, r.w, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_NORMAL), "  %s  +%s%s%s%s",
		    wire_str(op, "name", ""), price, group[0] ? " (" : "",
		    group[0] ? opt_group_label(group) : "", group[0] ? ")" :
		    "");
	}
}

static void
menu_draw(void *app, struct ui_rect body)
{
	struct cust *m = app;
	struct cust_listing *l = menu_of(m);
	const json_t *shop = cust_menu_shop(m);
	struct ui_rect list = { body.y + 1, body.x, body.h - 1, body.w };
	struct ui_rect pane;
	char min[32], fee[32], status[128], stars[64];
	int used;

	if (l->result == NULL || strcmp(wire_str(shop, "id", ""),
	    cust_menu_shop_id(m)) != 0) {
		cust_listing_message(l, body,
		    _("메뉴를 불러오는 중…"));
		return;
	}
	util_won(min, sizeof min, wire_int(shop, "min_order", 0));
	util_won(fee, sizeof fee, wire_int(shop, "delivery_fee", 0));
	status[0] = '\0';
	if (!cust_shop_accepting(shop))
		cust_shop_status(shop, status, sizeof status);
	ui_draw_textf(body.y, body.x, body.w, UI_ALIGN_LEFT,
	    ui_attr(UI_COLOR_NORMAL) | A_BOLD, _(" %s · %s · 최소주문 %s · "
	    "배달팁 %s%s%s · %s"), wire_str(shop, "name", ""),
	    wire_str(shop, "category", ""), min, fee,
	    cust_shop_accepting(shop) ? "" : " · ", status,
	    cust_reviews_summary(menu_state(m)->reviews, stars, sizeof stars));
	used = (int)json_array_size(json_object_get(menu_state(m)->reviews,
	    "reviews"));
	used = used > MENU_REVIEWS ? MENU_REVIEWS + 1 : used + (used > 0);
	if (body.h >= MENU_REVIEWS_FROM && used > 0) {
		list.h -= cust_reviews_draw(menu_state(m)->reviews,
		    (struct ui_rect){ body.y + body.h - used, body.x, used,
		    body.w });
	}
	if (body.w >= MENU_PANE_FROM) {
		list.w = MENU_LIST_W;
		mvvline(list.y, list.x + list.w + 1, ACS_VLINE, list.h);
		pane = (struct ui_rect){ list.y + 1, list.x + list.w + 3,
		    list.h - 1, body.w - list.w - 4 };
		menu_pane(cust_listing_selected(l), pane);
	}
	cust_listing_draw(l, list, &menu_table);
}

/* 1 when the browsed shop takes orders now; else 0 after saying so
 * (it may close while its menu is open: shop.updated reloads it). */
static int
menu_shop_open_or_say(struct cust *m)
{
	const json_t *shop = cust_menu_shop(m);
	char status[128];

	if (cust_shop_accepting(shop))
		return 1;
	cust_shop_status(shop, status, sizeof status);
	ui_app_notice(UI_COLOR_WARN, _("%s: 지금은 %s이라 담을 수 없습니다"),
	    wire_str(shop, "name", ""), status);
	return 0;
}

static void
menu_key(void *app, int action)
{
	struct cust *m = app;
	const json_t *it = cust_listing_selected(menu_of(m));

	if (action == MENU_SEARCH) {
		cust_listing_search(menu_of(m));
		return;
	}
	if (action != MENU_ADD || it == NULL || !menu_shop_open_or_say(m))
		return;
	if (cust_sold_out(it)) {
		ui_app_notice(UI_COLOR_WARN, _("%s: 품절된 메뉴라 주문할 수 "
		    "없습니다"), wire_str(it, "name", ""));
		return;
	}
	opt_open(m, it);
}

static struct ui_list *
menu_list(void *app)
{
	return &menu_of(app)->list;
}

const struct ui_view cust_menu_view = {
	.title = N_("메뉴"),
	.keys = menu_keys,
	.n_keys = ARRAY_LEN(menu_keys),
	.open = menu_open,
	.draw = menu_draw,
	.key = menu_key,
	.event = menu_event,
	.list = menu_list,
	.state_size = sizeof (struct menu),
	.release = menu_release,
};

/* ---- the options dialog ---- */

enum { OPT_DOWN, OPT_UP, OPT_TOGGLE, OPT_MORE, OPT_LESS, OPT_ADD,
    OPT_CANCEL, OPT_HELP };

static const struct ui_key opt_keys[] = {
	UI_KEY('\n', N_("담기"), N_("장바구니에 담기"), OPT_ADD),
	UI_KEY(' ', N_("고르기"), N_("커서 위치의 옵션 고르기"),
	    OPT_TOGGLE),
	UI_KEY_ALIAS('x', OPT_TOGGLE),
	UI_KEY('+', N_("더"), N_("하나 더"), OPT_MORE),
	UI_KEY_ALIAS('=', OPT_MORE),
	UI_KEY_ALIAS('l', OPT_MORE),
	UI_KEY_ALIAS(KEY_RIGHT, OPT_MORE),
	UI_KEY('-', N_("빼기"), N_("하나 빼기"), OPT_LESS),
	UI_KEY_ALIAS('h', OPT_LESS),
	UI_KEY_ALIAS(KEY_LEFT, OPT_LESS),
	UI_KEY(KEY_DOWN, NULL, N_("다음 옵션"), OPT_DOWN),
	UI_KEY_ALIAS('j', OPT_DOWN),
	UI_KEY(KEY_UP, NULL, N_("이전 옵션"), OPT_UP),
	UI_KEY_ALIAS('k', OPT_UP),
	UI_KEY(UI_KEY_ESC, N_("취소"), N_("담지 않고 닫기"), OPT_CANCEL),
	UI_KEY_ALIAS('q', OPT_CANCEL),
	UI_KEY('?', N_("도움말"), N_("이 도움말 보기"), OPT_HELP),
};

static void
opt_free(struct cust_options *o)
{
	json_decref(o->item);
	json_decref(o->quote);
	free(o->rows);
	free(o->option_of);
	free(o->notes);
	free(o->heads);
	free(o->group_of);
	memset(o, 0, sizeof *o);
}

static const char *
opt_group_label(const char *group)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(opt_groups); i++)
		if (strcmp(group, opt_groups[i].group) == 0)
			return _(opt_groups[i].label);
	return group;
}

/* Append a row; returns its index. */
static size_t
opt_row(struct cust_options *o, size_t n, int kind, int group,
    const char *label, int option, int64_t price)
{
	o->rows[n] = (struct ui_choice_item){ .kind = kind, .group = group,
	    .label = label };
	o->option_of[n] = option;
	o->group_of[n] = NULL;
	if (option >= 0) {
		const json_t *op = json_array_get(json_object_get(o->item,
		    "options"), (size_t)option);

		o->group_of[n] = json_string_value(json_object_get(op,
		    "group"));
		if (cust_sold_out(op)) {
			o->rows[n].disabled = 1;
			o->rows[n].note = _("품절");
			return n + 1;
		}
	}
	if (kind != UI_CHOICE_HEADER && price != 0) {
		util_won(o->notes[n] + 1, sizeof o->notes[n] - 1, price);
		o->notes[n][0] = '+';
		o->rows[n].note = o->notes[n];
	}
	return n + 1;
}

/* The rule of group g in item's option_groups (borrowed), or NULL. */
static const json_t *
opt_rule(const json_t *item, const char *g)
{
	const json_t *r;
	size_t i;

	json_array_foreach(json_object_get(item, "option_groups"), i, r)
		if (strcmp(wire_str(r, "id", ""), g) == 0)
			return r;
	return NULL;
}

/* A group's header, with its rule when it has one: "맛 선택 · 1개 필수",
 * "토핑 추가 · 0~3개", into buf. */
static void
opt_head(const json_t *rule, const char *g, char *buf, size_t n)
{
	int64_t min = wire_int(rule, "min", 0), max = wire_int(rule, "max", 0);

	if (rule == NULL)
		snprintf(buf, n, "%s", opt_group_label(g));
	else if (min == max)
		snprintf(buf, n, _("%s · %lld개 필수"), wire_str(rule, "name", g),
		    (long long)min);
	else
		snprintf(buf, n, _("%s · %lld~%lld개"),
		    wire_str(rule, "name", g),
		    (long long)min, (long long)max);
}

/* The rows: per group a header (with its rule), "기본" (unless one is
 * required) and its options, radios when one at most may be chosen,
 * check boxes when more; then the rest. Sold-out options show, dim. */
static size_t
opt_build(struct cust_options *o)
{
	const json_t *opts = json_object_get(o->item, "options"), *op, *q;
	const json_t *rule;
	const char *g;
	size_t i, j, n = 0;
	int group = 0, seen, extra = 0, kind;

	json_array_foreach(opts, i, op) {
		g = json_string_value(json_object_get(op, "group"));
		if (g == NULL) {
			extra = 1;
			continue;
		}
		for (seen = 0, j = 0; j < i && !seen; j++)
			seen = strcmp(g, wire_str(json_array_get(opts, j),
			    "group", "")) == 0;
		if (seen)
			continue;
		rule = opt_rule(o->item, g);
		opt_head(rule, g, o->heads[n], sizeof o->heads[n]);
		n = opt_row(o, n, UI_CHOICE_HEADER, 0, o->heads[n], -1, 0);
		kind = rule == NULL || wire_int(rule, "max", 1) <= 1 ?
		    UI_CHOICE_RADIO : UI_CHOICE_CHECK;
		++group;
		if (kind == UI_CHOICE_RADIO && wire_int(rule, "min", 0) == 0) {
			n = opt_row(o, n, UI_CHOICE_RADIO, group, _("기본"), -1,
			    0);
			o->rows[n - 1].checked = 1;
		}
		json_array_foreach(opts, j, q)
			if (strcmp(wire_str(q, "group", ""), g) == 0)
				n = opt_row(o, n, kind, kind ==
				    UI_CHOICE_RADIO ? group : 0,
				    wire_str(q, "name", ""), (int)j,
				    wire_int(q, "price", 0));
	}
	if (extra)
		n = opt_row(o, n, UI_CHOICE_HEADER, 0, _("추가 선택"), -1, 0);
	json_array_foreach(opts, i, op)
		if (json_string_value(json_object_get(op, "group")) == NULL)
			n = opt_row(o, n, UI_CHOICE_CHECK, 0, wire_str(op,
			    "name", ""), (int)i, wire_int(op, "price", 0));
	return n;
}

/* The options of group g checked now. */
static int64_t
opt_count(const struct cust_options *o, const char *g)
{
	int64_t k = 0;
	size_t i;

	for (i = 0; i < o->choice.n; i++)
		if (o->rows[i].checked && o->group_of[i] != NULL &&
		    strcmp(o->group_of[i], g) == 0)
			k++;
	return k;
}

/* 1 when the choice keeps every group's rule; else 0 with what is
 * missing in o->err. */
static int
opt_rules_kept(struct cust_options *o)
{
	const json_t *r;
	size_t i;

	json_array_foreach(json_object_get(o->item, "option_groups"), i, r) {
		if (opt_count(o, wire_str(r, "id", "")) >=
		    wire_int(r, "min", 0))
			continue;
		snprintf(o->err, sizeof o->err, _("%s: %lld개 이상 골라 주세요"),
		    wire_str(r, "name", ""), (long long)wire_int(r, "min", 0));
		return 0;
	}
	return 1;
}

/* 1 when toggling the selected row keeps its group within its max;
 * else 0 after saying so. */
static int
opt_toggle_allowed(const struct cust_options *o)
{
	size_t at = (size_t)o->choice.list.selected;
	const json_t *rule;

	if (at >= o->choice.n || o->rows[at].kind != UI_CHOICE_CHECK ||
	    o->rows[at].checked || o->group_of[at] == NULL)
		return 1;
	rule = opt_rule(o->item, o->group_of[at]);
	if (rule == NULL || opt_count(o, o->group_of[at]) <
	    wire_int(rule, "max", 0))
		return 1;
	ui_app_notice(UI_COLOR_WARN, _("%s: 최대 %lld개까지 고를 수 있어요"),
	    wire_str(rule, "name", ""), (long long)wire_int(rule, "max", 0));
	return 0;
}

/* The chosen option ids, a new array. */
static json_t *
opt_chosen(const struct cust_options *o)
{
	const json_t *opts = json_object_get(o->item, "options");
	json_t *ids = json_array();
	size_t i;

	for (i = 0; i < o->choice.n; i++)
		if (o->rows[i].checked && o->option_of[i] >= 0)
			json_array_append(ids, json_object_get(json_array_get(
			    opts, (size_t)o->option_of[i]), "id"));
	return ids;
}

/* Price this one line with order.quote. */
static void
opt_requote(struct cust *m)
{
	struct cust_options *o = &menu_state(m)->opt;
	struct wire_error err;
	json_t *r;

	o->err[0] = '\0';
	if (!opt_rules_kept(o)) {
		cust_json_set(&o->quote, NULL);
		return;
	}
	r = cust_call(m, "order", "quote", json_pack("{s:s, s:[{s:s,"
	    " s:i, s:o}]}", "shop_id", cust_menu_shop_id(m), "items", "item_id",
	    wire_str(o->item, "id", ""), "qty", o->qty, "options",
	    opt_chosen(o)), &err);
	cust_json_set(&o->quote, r);
	if (r != NULL)
		return;
	ui_app_error_text(&err, o->err, sizeof o->err);
	if (strcmp(err.code, "option_rule") != 0)
		ui_app_error(_("가격 계산 실패"), &err);
}

/* Price the line again when asked (the dialog's tick). */
static void
opt_tick(void *app, int64_t now)
{
	struct cust *m = app;
	struct cust_options *o = &menu_state(m)->opt;

	(void)now;
	if (o->need_quote) {
		o->need_quote = 0;
		opt_requote(m);
		ui_app_dirty();
	}
}

/* The choice changed: its old price no longer holds; price it again on
 * the next tick (so keys typed quickly cost one request). */
static void
opt_changed(struct cust_options *o)
{
	cust_json_set(&o->quote, NULL);
	o->need_quote = 1;
}

/* Open the options dialog on menu item (borrowed). */
static void
opt_open(struct cust *m, const json_t *item)
{
	struct cust_options *o = &menu_state(m)->opt;
	size_t cap;

	opt_free(o);
	o->item = json_deep_copy(item);
	/* At most a header and a "기본" per option, plus one header. */
	cap = 2 * json_array_size(json_object_get(item, "options")) + 2;
	o->rows = xcalloc(cap, sizeof *o->rows);
	o->option_of = xcalloc(cap, sizeof *o->option_of);
	o->notes = xcalloc(cap, sizeof *o->notes);
	o->heads = xcalloc(cap, sizeof *o->heads);
	o->group_of = xcalloc(cap, sizeof *o->group_of);
	ui_choice_init(&o->choice, o->rows, opt_build(o));
	o->qty = 1;
	opt_changed(o);
	cust_dialog_show(m, &cust_options_dialog);
}

static void
opt_draw(void *app)
{
	struct cust_options *o = &menu_state(app)->opt;
	const json_t *line = json_array_get(json_object_get(o->quote, "items"),
	    0);
	char base[64], total[32], head[96];
	const char *lines[] = { base };
	struct ui_rect r, list;
	int list_h = (int)o->choice.n;

	util_won(total, sizeof total, wire_int(o->item, "price", 0));
	snprintf(base, sizeof base, _("기본 가격 %s"), total);
	r = ui_dialog_draw(wire_str(o->item, "name", ""), lines, 1, list_h + 3,
	    44);
	if (r.h < 3)
		return;
	list = (struct ui_rect){ r.y, r.x, r.h - 3, r.w };
	ui_choice_draw(&o->choice, list);
	ui_draw_textf(r.y + r.h - 2, r.x, r.w, UI_ALIGN_LEFT,
	    ui_attr(UI_COLOR_KEY), _("수량  [-]  %d  [+]"), o->qty);
	if (line != NULL)
		util_won(total, sizeof total, wire_int(line, "line_total", 0));
	else
		snprintf(total, sizeof total, "—");
	snprintf(head, sizeof head, _("합계 %s"), total);
	ui_draw_text(r.y + r.h - 1, r.x, r.w, UI_ALIGN_RIGHT,
	    ui_attr(UI_COLOR_PRICE), head);
	if (o->err[0] != '\0')
		ui_draw_text(r.y + r.h - 1, r.x, r.w - (int)strlen(head) / 2 -
		    4, UI_ALIGN_LEFT, ui_attr(UI_COLOR_ERROR), o->err);
}

/* Put the dialog's choice in the cart and close it. */
static void
opt_add(struct cust *m)
{
	struct cust_options *o = &menu_state(m)->opt;

	cust_cart_add(m, o->item, opt_chosen(o), o->qty);
	cust_dialog_show(m, NULL);
	opt_free(o);
}

/* Replacing another shop's cart: yes adds the choice in its place; no
 * goes back to the options, to cancel or change
 * them. */
static void
opt_switch_key(void *app, int action, int ch)
{
	(void)ch;
	switch (cust_confirm_answer(app, action)) {
	case UI_CONFIRM_YES: opt_add(app); break;
	case UI_CONFIRM_NO: cust_dialog_show(app, &cust_options_dialog); break;
	default: break;
	}
}

static const struct ui_dialog opt_switch_dialog = CUST_CONFIRM_DIALOG(
    N_("장바구니 바꾸기"), opt_switch_key);

/* Enter: a radio under the cursor that is not chosen yet is chosen first
 * (its price shows; a second Enter adds), so what the customer points at
 * is what goes into the cart. A cart of another shop is replaced only
 * after a yes. */
static void
opt_enter(struct cust *m)
{
	struct cust_options *o = &menu_state(m)->opt;
	const struct ui_choice_item *it = o->choice.n > 0 ?
	    &o->rows[o->choice.list.selected] : NULL;
	const char *other = cust_cart_other_shop(m);
	char line[192];
	const char *lines[] = { line, N_("비우고 새로 담을까요? (한 주문에 한 "
	    "가게)"), NULL };

	if (it != NULL && it->kind == UI_CHOICE_RADIO && !it->checked &&
	    ui_choice_toggle(&o->choice) == 0) {
		opt_changed(o);
		ui_app_notice(UI_COLOR_OK, _("%s 선택 · Enter: 담기"),
		    it->label);
		return;
	}
	if (!menu_shop_open_or_say(m))
		return;
	o->err[0] = '\0';
	if (!opt_rules_kept(o)) {
		ui_app_notice(UI_COLOR_WARN, "%s", o->err);
		return;
	}
	if (other == NULL) {
		opt_add(m);
		return;
	}
	snprintf(line, sizeof line, _("장바구니에 %s의 메뉴 %d개가 있습니다."),
	    other, cust_cart_count(m));
	cust_confirm_show(m, &opt_switch_dialog, lines);
}

static void
opt_key(void *app, int action, int ch)
{
	struct cust *m = app;
	struct cust_options *o = &menu_state(m)->opt;

	(void)ch;
	switch (action) {
	case OPT_DOWN: ui_choice_move(&o->choice, 1); break;
	case OPT_UP: ui_choice_move(&o->choice, -1); break;
	case OPT_TOGGLE:
		if (opt_toggle_allowed(o) && ui_choice_toggle(&o->choice) == 0)
			opt_changed(o);
		break;
	case OPT_MORE:
	case OPT_LESS:
		if (action == OPT_MORE ? o->qty < OPT_QTY_MAX : o->qty > 1) {
			o->qty += action == OPT_MORE ? 1 : -1;
			opt_changed(o);
		} else
			ui_app_notice(UI_COLOR_WARN, _("수량은 1–%d개입니다"),
			    OPT_QTY_MAX);
		break;
	case OPT_ADD:
		opt_enter(m);
		break;
	case OPT_CANCEL:
		cust_dialog_show(m, NULL);
		opt_free(o);
		break;
	case OPT_HELP:
		ui_help_open(&m->help);
		break;
	default:
		break;
	}
}

const struct ui_dialog cust_options_dialog = {
	.title = N_("옵션 선택"),
	.keys = opt_keys,
	.n_keys = ARRAY_LEN(opt_keys),
	.draw = opt_draw,
	.key = opt_key,
	.tick = opt_tick,
};
