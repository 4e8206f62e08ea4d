/*
 * order_text.h: the sentences people read about their orders, shared by
 * the notify service (notifications) and the view service (timelines).
 *
 * Texts are written as templates, so each service keeps its wording in a
 * table: "{name}" is replaced by the member name of a vars object (a
 * string as is, an integer in decimal), "{name:fmt}" formats it first:
 *   won    an integer amount of money: 21000 -> "21,000원"
 *   by     who cancelled ("customer", "auto", "payment", ...) as a phrase
 *   note   a request to the shop as " · 요청: ..." (nothing when absent)
 *   ready  what the customer of a ready order of this kind does next
 *   kind   " · 포장" for a pickup order (nothing for a delivery)
 *   kst    a time in ms since the epoch, in Korea: "12월 6일 21:40"
 * An absent member expands to nothing. Strings are cut (on a UTF-8
 * boundary, with "…") at ORDER_TEXT_VAR_MAX bytes, so a long reason
 * cannot swell a notification past a frame.
 */
#ifndef BAEDAL_ORDER_TEXT_H
#define BAEDAL_ORDER_TEXT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define ORDER_TEXT_VAR_MAX 160


/*
 * A one-line summary of order lines ([{name, qty}, ...]): "후라이드치킨 x2",
 * or "후라이드치킨 x2 외 1" when there are more lines; "" for none.
 * Returns a new string, the caller's to free; never NULL.
 */
char *order_text_items(const json_t *items);

/*
 * Expand tmpl against vars (an object, borrowed; NULL is empty). Returns
 * a new string, the caller's to free; never NULL.
 */
char *order_text_expand(const char *tmpl, const json_t *vars);

/*
 * The same over several objects (borrowed; NULL or not an object is
 * empty): each name is the member of the first of scopes[0..n) that has
 * it. For variables made of an event's data and a few members more,
 * without copying the data into a new object.
 */
char *order_text_expand_in(const char *tmpl, const json_t *const *scopes,
    size_t n);

/*
 * 1 when data (an event's, borrowed; may be NULL) has what match asks:
 * "member=value" (a string member equal to value), or NULL (anything).
 * The notify and view tables use it for an event type whose cases read
 * differently.
 */
int order_text_match(const char *match, const json_t *data);

#endif
