/*
 * order_unavailable.c: the shop cannot make some lines of an order.
 *
 * Before cooking (PAID or ACCEPTED) the owner names lines, numbered from
 * 1 in the order's own order, as unavailable (품절). They stay in the
 * order's items marked "removed": true, so the customer still sees them;
 * the subtotal and the total go down by their line totals. The delivery
 * fee stays. The minimum order is not checked again: the order was above
 * it when placed, and what is missing is the shop's doing, not the
 * customer's (who may still cancel while it is allowed and get the rest
 * back). order.lines_removed carries the removal's number (1, 2, ... per
 * order): payment refunds exactly its amount once, keyed by the order and
 * that number; store, view and notify follow it.
 *
 * Removing every line still in the order is no partial refund: the order
 * is given up (OUT_OF_ITEMS): rejected while PAID, cancelled by the shop
 * once ACCEPTED; the whole balance goes back as for any of them.
 */
#include "order_int.h"

#include <stdlib.h>
#include <string.h>

#include "order_price.h"
#include "order_text.h"
#include "util.h"

/*
 * Read body.lines against items (the order's lines): 1 to ORDER_MAX_LINES
 * distinct integers, each a line of the order still in it. Sets marks[i]
 * for each named line (marks has room for every line). Returns how many
 * were named, or -1 with bad_request (malformed, no such line) or
 * invalid_state (a line removed already).
 */
static int
lines_read(const json_t *body, const json_t *items, int64_t id, char *marks,
    struct wire_error *err)
{
	json_t *lines = NULL, *v;
	size_t i, n = json_array_size(items);
	int64_t k;

	if (wire_get_array(body, "lines", 1, &lines, err) != 0)
		return -1;
	if (json_array_size(lines) == 0 ||
	    json_array_size(lines) > ORDER_MAX_LINES)
		return wire_error_set(err, E_BAD_REQUEST, "member \"lines\": "
		    "1 to %d line numbers", ORDER_MAX_LINES);
	json_array_foreach(lines, i, v) {
		if (!json_is_integer(v))
			return wire_error_set(err, E_BAD_REQUEST, "lines[%zu]: "
			    "a line number (an integer)", i);
		k = json_integer_value(v);
		if (k < 1 || (size_t)k > n)
			return wire_error_set(err, E_BAD_REQUEST, "lines[%zu]: "
			    "order %lld has no line %lld (lines 1 to %zu)", i,
			    (long long)id, (long long)k, n);
		if (marks[k - 1])
			return wire_error_set(err, E_BAD_REQUEST, "lines[%zu]: "
			    "line %lld is named twice", i, (long long)k);
		if (json_is_true(json_object_get(json_array_get(items, k - 1),
		    "removed")))
			return wire_error_set(err, E_INVALID_STATE, "line %lld "
			    "of order %lld was removed already", (long long)k,
			    (long long)id);
		marks[k - 1] = 1;
	}
	return (int)json_array_size(lines);
}

/* The lines of items still in the order (a new array). */
static json_t *
lines_left(const json_t *items)
{
	json_t *left = json_array(), *line;
	size_t i;

	json_array_foreach(items, i, line)
		if (!json_is_true(json_object_get(line, "removed")))
			json_array_append(left, line);
	return left;
}

/* Every line of the order named: the order is given up instead. */
static int
unavailable_all(struct svc *svc, json_t *order, json_t **result,
    struct wire_error *err)
{
	int64_t id = wire_int(order, "order_id", 0);

	if (order_shop_reject(svc, order, "OUT_OF_ITEMS",
	    "주문하신 메뉴가 모두 품절되었어요", err) != 0)
		return -1;
	*result = json_pack("{s:I, s:s, s:O, s:b}", "order_id", (json_int_t)id,
	    "status", wire_str(order, "status", ""), "refund",
	    json_object_get(order, "total"), "all_lines", 1);
	return 0;
}

/* Mark the lines in marks removed, in items (changed in place); fills
 * the removed lines' numbers, their priced lines and their amount. */
static void
lines_mark(json_t *items, const char *marks, json_t *numbers,
    json_t *removed, int64_t *amount)
{
	json_t *line;
	size_t i;

	json_array_foreach(items, i, line) {
		if (!marks[i])
			continue;
		json_object_set_new(line, "removed", json_true());
		json_array_append_new(numbers, json_integer((json_int_t)i + 1));
		json_array_append(removed, line);
		*amount += wire_int(line, "line_total", 0);
	}
}

int
order_lines_unavailable(struct svc *svc, json_t *order, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *status = wire_str(order, "status", "");
	json_t *items = json_object_get(order, "items"), *numbers, *removed;
	json_t *left, *data;
	int64_t id = wire_int(order, "order_id", 0), amount = 0, subtotal;
	int64_t total, refunded, removal;
	char *marks, *summary, *reason;
	int named, rc = -1;

	if (strcmp(status, "PAID") != 0 && strcmp(status, "ACCEPTED") != 0)
		return wire_error_set(err, E_INVALID_STATE, "cannot mark lines "
		    "of order %lld unavailable: it is %s (only before cooking: "
		    "paid or accepted)", (long long)id, status);
	if (!json_is_array(items))
		return wire_error_set(err, E_INTERNAL, "order %lld has no "
		    "lines", (long long)id);
	marks = xcalloc(json_array_size(items) + 1, 1);
	if ((named = lines_read(body, items, id, marks, err)) < 0) {
		free(marks);
		return -1;
	}
	left = lines_left(items);
	if ((size_t)named == json_array_size(left)) {
		free(marks);
		json_decref(left);
		return unavailable_all(svc, order, result, err);
	}
	json_decref(left);
	numbers = json_array();
	removed = json_array();
	lines_mark(items, marks, numbers, removed, &amount);
	free(marks);
	subtotal = wire_int(order, "subtotal", 0) - amount;
	total = wire_int(order, "total", 0) - amount;
	refunded = db_int(svc_db(svc), 0, "SELECT refunded FROM orders WHERE "
	    "id = ?", "i", id) + amount;
	removal = db_int(svc_db(svc), 0, "SELECT removals FROM orders WHERE "
	    "id = ?", "i", id) + 1;
	summary = order_text_items(removed);
	reason = xasprintf("품절: %s", summary);
	free(summary);
	/* Conditional on the removals seen: another process of the service
	 * removing lines of this order at once makes this one try again, so
	 * no two removals share a number (payment's key). */
	if (subtotal < 0 || total < 0 || (rc = db_do(svc_db(svc), "UPDATE "
	    "orders SET items_json = ?, subtotal = ?, total = ?, refunded = ?, "
	    "removals = ?, updated_at = ? WHERE id = ? AND status = ? AND "
	    "removals = ?", "jiiiiiisi", items, subtotal, total, refunded,
	    removal, now_ms(), id, status, removal - 1)) != 1) {
		json_decref(numbers);
		json_decref(removed);
		free(reason);
		if (rc == 0)
			return wire_error_set(err, E_CONFLICT, "order %lld "
			    "changed meanwhile: try again", (long long)id);
		return wire_error_set(err, E_INTERNAL, "the order could not be "
		    "saved");
	}
	*result = json_pack("{s:I, s:s, s:O, s:I, s:I, s:O, s:I, s:I}",
	    "order_id", (json_int_t)id, "status", status, "lines", numbers,
	    "amount", (json_int_t)amount, "subtotal", (json_int_t)subtotal,
	    "delivery_fee", json_object_get(order, "delivery_fee"), "total",
	    (json_int_t)total, "refunded", (json_int_t)refunded);
	data = json_pack("{s:o, s:o, s:i, s:I, s:O, s:I, s:O, s:I, s:I, s:I, "
	    "s:s}", "lines", numbers, "removed", removed, "count", named,
	    "amount", (json_int_t)amount, "items", items, "subtotal",
	    (json_int_t)subtotal, "delivery_fee", json_object_get(order,
	    "delivery_fee"), "total", (json_int_t)total, "refunded",
	    (json_int_t)refunded, "removal", (json_int_t)removal, "reason",
	    reason);
	free(reason);
	if (order_emit(svc, "order.lines_removed", order, data) != 0) {
		json_decref(*result);
		*result = NULL;
		return wire_error_set(err, E_INTERNAL, "the event could not be "
		    "saved");
	}
	return 0;
}
