/*
 * order_price.c: pricing and validating order lines (see order_price.h).
 */
#include "order_price.h"

#include <stdio.h>
#include <string.h>

#include "order_rules.h"
#include "text_check.h"

#define ORDER_MAX_OPTIONS 16
#define ORDER_MAX_PRICE 100000000 /* won; larger catalog values are bad */

/* A money member of a catalog object: 0..ORDER_MAX_PRICE, absent is 0
 * when optional. Returns 0, or -1 with an internal err. */
static int
catalog_money(const json_t *obj, const char *key, int optional,
    json_int_t *out, struct wire_error *err)
{
	const json_t *v = json_object_get(obj, key);

	if (v == NULL && optional) {
		*out = 0;
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > ORDER_MAX_PRICE)
		return wire_error_set(err, E_INTERNAL,
		    "the catalog has a bad \"%s\"", key);
	*out = json_integer_value(v);
	return 0;
}

/* The element of arr whose "id" is id, or NULL. Borrowed. */
static const json_t *
find_by_id(const json_t *arr, const char *id)
{
	size_t i;
	const json_t *v;

	json_array_foreach(arr, i, v) {
		const char *vid = json_string_value(json_object_get(v, "id"));

		if (vid != NULL && strcmp(vid, id) == 0)
			return v;
	}
	return NULL;
}

static const char *
str_or(const json_t *obj, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : dflt;
}

/*
 * Price the options wanted (an array of option ids, or NULL) for item.
 * Returns a new array of {"id","name","price"} and adds their prices to
 * *sum, or NULL with err.
 */
static json_t *
price_options(const json_t *item, const json_t *wanted, size_t line,
    json_int_t *sum, struct wire_error *err)
{
	const json_t *offered = json_object_get(item, "options");
	const char *item_name = str_or(item, "name", "this item");
	json_t *out = json_array();
	size_t i, j;

	if (wanted != NULL && !json_is_array(wanted)) {
		wire_error_set(err, E_BAD_REQUEST,
		    "items[%zu].options must be an array of option ids", line);
		goto fail;
	}
	if (json_array_size(wanted) > ORDER_MAX_OPTIONS) {
		wire_error_set(err, E_BAD_REQUEST,
		    "items[%zu] has more than %d options", line,
		    ORDER_MAX_OPTIONS);
		goto fail;
	}
	for (i = 0; i < json_array_size(wanted); i++) {
		const char *id = json_string_value(json_array_get(wanted, i));
		const json_t *opt;
		const char *group;
		json_int_t price;

		if (id == NULL) {
			wire_error_set(err, E_BAD_REQUEST,
			    "items[%zu].options[%zu] must be a string", line, i);
			goto fail;
		}
		if ((opt = find_by_id(offered, id)) == NULL) {
			wire_error_set(err, E_BAD_REQUEST,
			    "%s has no option \"%.64s\"", item_name, id);
			goto fail;
		}
		group = json_string_value(json_object_get(opt, "group"));
		for (j = 0; j < i; j++) {
			const char *prev = json_string_value(
			    json_array_get(wanted, j));
			const char *pgroup = json_string_value(json_object_get(
			    find_by_id(offered, prev), "group"));

			if (strcmp(prev, id) == 0) {
				wire_error_set(err, E_BAD_REQUEST,
				    "option \"%.64s\" is listed twice", id);
				goto fail;
			}
			/* Groups with a rule are counted below instead. */
			if (group != NULL && *group != '\0' && pgroup != NULL &&
			    strcmp(group, pgroup) == 0 &&
			    order_rule_of(item, group) == NULL) {
				wire_error_set(err, E_BAD_REQUEST,
				    "options \"%.64s\" and \"%.64s\" exclude "
				    "each other: choose one", prev, id);
				goto fail;
			}
		}
		if (json_is_true(json_object_get(opt, "sold_out"))) {
			wire_error_set(err, E_SOLD_OUT, "%.60s: option %.60s is "
			    "sold out", item_name, str_or(opt, "name", id));
			goto fail;
		}
		if (catalog_money(opt, "price", 1, &price, err) != 0)
			goto fail;
		*sum += price;
		json_array_append_new(out, json_pack("{s:s, s:s, s:I}", "id",
		    id, "name", str_or(opt, "name", id), "price", price));
	}
	if (order_rules_check(item, wanted, line, err) != 0)
		goto fail;
	return out;
fail:
	json_decref(out);
	return NULL;
}

/* The note of line number n ("less spicy"), or NULL when it has none;
 * -1 with err when it is not a string or breaks text_check. */
static int
line_note(const json_t *line, size_t n, const char **note,
    struct wire_error *err)
{
	char name[48];

	*note = NULL;
	snprintf(name, sizeof name, "items[%zu].note", n);
	if (wire_get_str(line, "note", 0, note, err) != 0)
		return -1;
	if (*note != NULL && text_check(*note, name, TEXT_MAX_LINE_NOTE,
	    err) != 0)
		return -1;
	return 0;
}

/* Price line number n of the order; a new priced line or NULL with err. */
static json_t *
price_line(const json_t *menu, const json_t *line, size_t n,
    struct wire_error *err)
{
	const json_t *item, *qty_v = json_object_get(line, "qty");
	const char *item_id = json_string_value(json_object_get(line,
	    "item_id"));
	json_int_t qty, unit;
	const char *note;
	json_t *options;

	if (!json_is_object(line) || item_id == NULL) {
		wire_error_set(err, E_BAD_REQUEST,
		    "items[%zu] must be {\"item_id\",\"qty\",\"options\"}", n);
		return NULL;
	}
	if (!json_is_integer(qty_v) || json_integer_value(qty_v) < 1 ||
	    json_integer_value(qty_v) > ORDER_MAX_QTY) {
		wire_error_set(err, E_BAD_REQUEST,
		    "items[%zu].qty must be a whole number from 1 to %d", n,
		    ORDER_MAX_QTY);
		return NULL;
	}
	qty = json_integer_value(qty_v);
	if ((item = find_by_id(menu, item_id)) == NULL) {
		wire_error_set(err, E_NOT_FOUND, "the menu has no item \"%.64s\"",
		    item_id);
		return NULL;
	}
	if (json_is_true(json_object_get(item, "sold_out"))) {
		wire_error_set(err, E_SOLD_OUT, "%.100s is sold out",
		    str_or(item, "name", item_id));
		return NULL;
	}
	if (catalog_money(item, "price", 0, &unit, err) != 0)
		return NULL;
	if (line_note(line, n, &note, err) != 0)
		return NULL;
	options = price_options(item, json_object_get(line, "options"), n,
	    &unit, err);
	if (options == NULL)
		return NULL;
	return json_pack("{s:s, s:s, s:I, s:I, s:o, s:I, s:s*}", "item_id",
	    item_id, "name", str_or(item, "name", item_id), "qty", qty,
	    "unit_price", unit, "options", options, "line_total", unit * qty,
	    "note", note);
}

json_t *
order_price(const json_t *shop, const json_t *lines, struct wire_error *err)
{
	const json_t *menu = json_object_get(shop, "menu");
	const char *shop_id = json_string_value(json_object_get(shop, "id"));
	json_int_t subtotal = 0, fee, min_order;
	json_t *items, *priced;
	size_t i;

	if (shop_id == NULL || !json_is_array(menu))
		return wire_error_set(err, E_INTERNAL,
		    "the catalog entry is malformed"), NULL;
	if (catalog_money(shop, "delivery_fee", 1, &fee, err) != 0 ||
	    catalog_money(shop, "min_order", 1, &min_order, err) != 0)
		return NULL;
	if (!json_is_true(json_object_get(shop, "open")))
		return wire_error_set(err, E_SHOP_CLOSED,
		    "%.100s is not taking orders right now",
		    str_or(shop, "name", shop_id)), NULL;
	if (!json_is_array(lines) || json_array_size(lines) < 1 ||
	    json_array_size(lines) > ORDER_MAX_LINES)
		return wire_error_set(err, E_BAD_REQUEST,
		    "member \"items\" must be an array of 1 to %d lines",
		    ORDER_MAX_LINES), NULL;
	items = json_array();
	for (i = 0; i < json_array_size(lines); i++) {
		if ((priced = price_line(menu, json_array_get(lines, i), i,
		    err)) == NULL) {
			json_decref(items);
			return NULL;
		}
		subtotal += json_integer_value(json_object_get(priced,
		    "line_total"));
		json_array_append_new(items, priced);
	}
	return json_pack("{s:s, s:o, s:I, s:I, s:I, s:I, s:b}", "shop_id",
	    shop_id, "items", items, "subtotal", subtotal, "delivery_fee", fee,
	    "total", subtotal + fee, "min_order", min_order, "below_minimum",
	    subtotal < min_order);
}

int
order_text_check(const char *text, const char *name, size_t max,
    struct wire_error *err)
{
	size_t n, blank = 0;

	if (text == NULL)
		return wire_error_set(err, E_BAD_REQUEST,
		    "member \"%s\" is required", name);
	for (n = 0; text[n] != '\0'; n++) {
		unsigned char c = (unsigned char)text[n];

		if (c < 0x20 || c == 0x7f)
			return wire_error_set(err, E_BAD_REQUEST,
			    "member \"%s\" has a control character", name);
		if (c == ' ')
			blank++;
	}
	if (n < 1 || n > max || blank == n)
		return wire_error_set(err, E_BAD_REQUEST,
		    "member \"%s\" must be 1 to %zu bytes and not blank",
		    name, max);
	return 0;
}
