/*
 * customer_reorder.c: an earlier order's lines into the cart again (다시
 * 담기), with today's menu (store.menu): today's prices, and what is sold
 * out or no longer on the menu (an item, or one of a line's options) left
 * out. A yes/no dialog says how many lines went in, which were left out
 * and why, and which prices changed; yes goes to the cart.
 */
#include "customer.h"

#include <stdio.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_theme.h"
#include "util.h"

/* What a reorder found: the new lines and the words about them. */
struct reorder {
	json_t *lines;           /* the cart's lines, owned */
	char gone[160], priced[160];
	size_t gone_n, priced_n; /* bytes used in each */
};

/* Append ", text" (or "text" first) to buf of n bytes at *used. */
static void
reorder_note(char *buf, size_t n, size_t *used, const char *text)
{
	if (*used < n)
		*used += (size_t)snprintf(buf + *used, n - *used, "%s%s",
		    *used ? ", " : "", text);
}

/* The entry of array key of obj whose "id" is id (borrowed), or NULL. */
static const json_t *
reorder_find(const json_t *obj, const char *key, const char *id)
{
	const json_t *e;
	size_t i;

	json_array_foreach(json_object_get(obj, key), i, e)
		if (strcmp(wire_str(e, "id", ""), id) == 0)
			return e;
	return NULL;
}

/* Why thing (a menu item or option, NULL when gone) is left out, or
 * NULL when it may go in. */
static const char *
reorder_why(const json_t *thing)
{
	if (thing == NULL)
		return _("메뉴에 없음");
	return cust_sold_out(thing) ? _("품절") : NULL;
}

/* One line of the earlier order (a priced line) against today's menu. */
static void
reorder_line(struct reorder *r, const json_t *menu, const json_t *line)
{
	const json_t *item = reorder_find(menu, "menu", wire_str(line,
	    "item_id", "")), *op, *now;
	const char *why = reorder_why(item);
	json_t *ids = json_array();
	char text[200], opts[200] = "", was[32], is[32];
	size_t i, used = 0;
	int64_t old_unit = wire_int(line, "unit_price", 0), new_unit;

	if (why != NULL) {
		snprintf(text, sizeof text, "%s(%s)", wire_str(line, "name", ""),
		    why);
		reorder_note(r->gone, sizeof r->gone, &r->gone_n, text);
		json_decref(ids);
		return;
	}
	new_unit = wire_int(item, "price", 0);
	json_array_foreach(json_object_get(line, "options"), i, op) {
		now = reorder_find(item, "options", wire_str(op, "id", ""));
		/* A dropped option's old price does not count either. */
		old_unit -= wire_int(op, "price", 0);
		if ((why = reorder_why(now)) != NULL) {
			snprintf(text, sizeof text, "%s %s(%s)", wire_str(line,
			    "name", ""), wire_str(op, "name", ""), why);
			reorder_note(r->gone, sizeof r->gone, &r->gone_n, text);
			continue;
		}
		old_unit += wire_int(op, "price", 0);
		new_unit += wire_int(now, "price", 0);
		json_array_append_new(ids, json_string(wire_str(op, "id", "")));
		reorder_note(opts, sizeof opts, &used, wire_str(now, "name", ""));
	}
	if (new_unit != old_unit) {
		util_won(was, sizeof was, old_unit);
		util_won(is, sizeof is, new_unit);
		snprintf(text, sizeof text, "%s %s→%s", wire_str(item, "name",
		    ""), was, is);
		reorder_note(r->priced, sizeof r->priced, &r->priced_n, text);
	}
	json_array_append_new(r->lines, json_pack("{s:s, s:I, s:o, s:s, s:s}",
	    "item_id", wire_str(item, "id", ""), "qty", (json_int_t)wire_int(
	    line, "qty", 1), "options", ids, "name", wire_str(item, "name", ""),
	    "opts", opts));
}

/* The question after a reorder: yes goes to the cart. */
static void
reorder_key(void *app, int action, int ch)
{
	(void)ch;
	if (cust_confirm_answer(app, action) == UI_CONFIRM_YES)
		cust_open(app, CUST_CART);
}

static const struct ui_dialog reorder_dialog = CUST_CONFIRM_DIALOG(
    N_("다시 담기"), reorder_key);

/* Read order_id and its shop's menu; NULL after a notice. */
static json_t *
reorder_read(struct cust *m, int64_t order_id, json_t **menu)
{
	struct wire_error err;
	char text[300];
	json_t *o = cust_call(m, "view", "status", json_pack("{s:I}",
	    "order_id", (json_int_t)order_id), &err);

	if (o != NULL && (*menu = cust_call(m, "store", "menu",
	    json_pack("{s:s}", "shop_id", wire_str(o, "shop_id", "")),
	    &err)) != NULL)
		return o;
	json_decref(o);
	ui_app_error_text(&err, text, sizeof text);
	ui_app_notice(UI_COLOR_ERROR, _("다시 담지 못했습니다: %s"), text);
	return NULL;
}

void
cust_reorder(struct cust *m, int64_t order_id)
{
	struct reorder r = { json_array(), "", "", 0, 0 };
	json_t *menu = NULL, *o = reorder_read(m, order_id, &menu);
	const json_t *line;
	char done[160], gone[160], priced[160];
	const char *lines[] = { done, gone, priced, NULL };
	size_t i;

	if (o == NULL) {
		json_decref(r.lines);
		return;
	}
	json_array_foreach(json_object_get(o, "items"), i, line)
		reorder_line(&r, menu, line);
	if (json_array_size(r.lines) == 0) {
		ui_app_notice(UI_COLOR_WARN, _("다시 담을 수 있는 메뉴가 "
		    "없습니다: %s"), r.gone);
		json_decref(r.lines);
	} else {
		snprintf(done, sizeof done, _("%zu줄을 오늘 가격으로 담았어요 · "
		    "장바구니로 갈까요?"), json_array_size(r.lines));
		snprintf(gone, sizeof gone, r.gone_n ? _("빠진 메뉴: %s") :
		    _("빠진 메뉴 없음%s"), r.gone);
		snprintf(priced, sizeof priced, r.priced_n ? _("가격 변경: "
		    "%s") : _("가격 변경 없음%s"), r.priced);
		cust_cart_replace(m, wire_str(o, "shop_id", ""),
		    wire_str(json_object_get(menu, "shop"), "name", ""),
		    r.lines);
		cust_confirm_show(m, &reorder_dialog, lines);
	}
	json_decref(o);
	json_decref(menu);
}
