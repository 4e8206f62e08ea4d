/*
 * order_price.h: pricing and validating an order against a shop's menu.
 *
 * Pure functions (jansson only, no database, no clock), so they can be
 * unit-tested alone. The shop is a catalog entry as store publishes it in
 * shop.updated: {id,name,category,open,min_order,delivery_fee,
 * menu:[{id,name,price,sold_out,options:[{id,name,price,group}]}]}.
 */
#ifndef BAEDAL_ORDER_PRICE_H
#define BAEDAL_ORDER_PRICE_H

#include <jansson.h>
#include <stddef.h>

#include "wire.h"

#define ORDER_MAX_LINES 30
#define ORDER_MAX_QTY 50
#define ORDER_MAX_ADDRESS WIRE_MAX_ADDRESS
#define ORDER_MAX_REASON WIRE_MAX_REASON

/* Domain error codes of PROTOCOL.md section 3 that wire.h lacks. */

/*
 * Price lines ([{"item_id","qty","options"?:[option id]}]) against shop.
 * Returns a new object (the caller's) {"shop_id","items":[priced line],
 * "subtotal","delivery_fee","total","min_order","below_minimum"}, where a
 * priced line is {"item_id","name","qty","unit_price","options":[{"id",
 * "name","price"}],"line_total"} and unit_price includes the options.
 * Returns NULL with err set: shop_closed, not_found (unknown item),
 * sold_out, bad_request (malformed lines, qty outside 1..50, no line or
 * more than 30, unknown / duplicate option, two options of one group),
 * internal (a malformed catalog entry). The minimum is not enforced here:
 * the caller decides from "below_minimum".
 */
json_t *order_price(const json_t *shop, const json_t *lines,
    struct wire_error *err);

/* 0 when text (the member called name) is 1..max bytes, not blank and
 * free of control characters; else -1 with a bad_request err naming it. */
int order_text_check(const char *text, const char *name, size_t max,
    struct wire_error *err);

#endif
