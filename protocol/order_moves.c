/*
 * order_moves.c: the order status machine's table and its two lookups.
 * Every legal move is one row; anything else is refused.
 */
#include "order_moves.h"

#include <string.h>

#include "util.h"

static const struct order_move order_moves[] = {
	{ "accept", { "PAID", NULL }, "ACCEPTED", "order.accepted", 1, NULL },
	{ "reject", { "PAID", NULL }, "REJECTED", "order.rejected", 1, NULL },
	{ "cook", { "ACCEPTED", NULL }, "COOKING", "order.cooking", 1, NULL },
	{ "ready", { "COOKING", NULL }, "READY", "order.ready", 1, NULL },
	{ "dispatch", { "READY", "COOKING" }, "DELIVERING", "order.delivering",
	    1, "delivery" },
	{ "deliver", { "DELIVERING", NULL }, "DELIVERED", "order.delivered",
	    1, "delivery" },
	{ "picked_up", { "READY", NULL }, "PICKED_UP", "order.picked_up", 1,
	    "pickup" },
	{ "cancel", { "PAID", "ACCEPTED" }, "CANCELLED", "order.cancelled", 0,
	    NULL },
};

const struct order_move *
order_move_find(const char *action, int by_shop)
{
	size_t i;

	for (i = 0; action != NULL && i < ARRAY_LEN(order_moves); i++)
		if (strcmp(order_moves[i].action, action) == 0 &&
		    order_moves[i].by_shop == by_shop)
			return &order_moves[i];
	return NULL;
}

const char *
order_move_to(const char *action, int by_shop, const char *from,
    const char **event)
{
	const struct order_move *m = order_move_find(action, by_shop);
	size_t i;

	for (i = 0; m != NULL && from != NULL && i < ARRAY_LEN(m->from); i++)
		if (m->from[i] != NULL && strcmp(from, m->from[i]) == 0) {
			if (event != NULL)
				*event = m->event;
			return m->to;
		}
	return NULL;
}

const char *
order_move_to_kind(const char *action, int by_shop, const char *from,
    const char *kind, const char **event)
{
	const struct order_move *m = order_move_find(action, by_shop);

	if (kind == NULL)
		kind = "delivery";
	if (m == NULL || (m->kind != NULL && strcmp(m->kind, kind) != 0))
		return NULL;
	return order_move_to(action, by_shop, from, event);
}
