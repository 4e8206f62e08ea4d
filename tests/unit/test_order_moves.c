/*
 * test_order_moves.c: the order status machine (protocol/order_moves.c,
 * through order_move_to, the check order.transition, order.cancel and the
 * auto-cancel all make, and the apps' offers). Every move PROTOCOL.md
 * section 5 draws is legal, with its target status and event; every other
 * pair of action and status, for the shop and for the customer, is
 * refused.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "order_moves.h"
#include "util.h"

/* PROTOCOL.md's diagram, written out again here on purpose. */
static const struct legal {
	const char *action;
	int by_shop;
	const char *from, *to, *event;
} legal[] = {
	{ "accept", 1, "PAID", "ACCEPTED", "order.accepted" },
	{ "reject", 1, "PAID", "REJECTED", "order.rejected" },
	{ "cook", 1, "ACCEPTED", "COOKING", "order.cooking" },
	{ "ready", 1, "COOKING", "READY", "order.ready" },
	{ "dispatch", 1, "COOKING", "DELIVERING", "order.delivering" },
	{ "dispatch", 1, "READY", "DELIVERING", "order.delivering" },
	{ "deliver", 1, "DELIVERING", "DELIVERED", "order.delivered" },
	{ "picked_up", 1, "READY", "PICKED_UP", "order.picked_up" },
	{ "cancel", 0, "PAID", "CANCELLED", "order.cancelled" },
	{ "cancel", 0, "ACCEPTED", "CANCELLED", "order.cancelled" },
};

static const char *const statuses[] = { "PAYING", "FAILED", "PAID",
    "ACCEPTED", "COOKING", "READY", "DELIVERING", "DELIVERED", "PICKED_UP",
    "CANCELLED", "REJECTED", "paid", "" };

static const char *const actions[] = { "accept", "reject", "cook",
    "ready", "dispatch", "deliver", "picked_up", "cancel", "place",
    "refund", "ACCEPT", "" };

static const struct legal *
expected(const char *action, int by_shop, const char *from)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(legal); i++)
		if (strcmp(legal[i].action, action) == 0 &&
		    legal[i].by_shop == by_shop &&
		    strcmp(legal[i].from, from) == 0)
			return &legal[i];
	return NULL;
}

static void
test_legal_moves(void)
{
	const char *event;
	const char *to;
	size_t i;

	for (i = 0; i < ARRAY_LEN(legal); i++) {
		event = NULL;
		to = order_move_to(legal[i].action, legal[i].by_shop,
		    legal[i].from, &event);
		check(to != NULL && strcmp(to, legal[i].to) == 0 &&
		    event != NULL && strcmp(event, legal[i].event) == 0,
		    "%s %s by the %s: %s and %s (got %s, %s)", legal[i].action,
		    legal[i].from, legal[i].by_shop ? "shop" : "customer",
		    legal[i].to, legal[i].event, to ? to : "refused",
		    event ? event : "-");
	}
}

static void
test_everything_else_refused(void)
{
	size_t a, s, wrong = 0, tried = 0;
	int by_shop;
	const char *event;

	for (a = 0; a < ARRAY_LEN(actions); a++)
		for (s = 0; s < ARRAY_LEN(statuses); s++)
			for (by_shop = 0; by_shop <= 1; by_shop++) {
				if (expected(actions[a], by_shop,
				    statuses[s]) != NULL)
					continue;
				tried++;
				event = "untouched";
				if (order_move_to(actions[a], by_shop,
				    statuses[s], &event) != NULL ||
				    strcmp(event, "untouched") != 0) {
					wrong++;
					printf("# %s from %s by the %s is "
					    "allowed\n", actions[a],
					    statuses[s], by_shop ? "shop" :
					    "customer");
				}
			}
	check(tried == ARRAY_LEN(actions) * ARRAY_LEN(statuses) * 2 -
	    ARRAY_LEN(legal), "every legal move is among those tried");
	check(wrong == 0, "the %zu other moves are refused (%zu allowed)",
	    tried, wrong);
}

static void
test_specific_refusals(void)
{
	check(order_move_to("cancel", 0, "COOKING", NULL) == NULL,
	    "a customer cannot cancel once cooking has started");
	check(order_move_to("cancel", 1, "PAID", NULL) == NULL,
	    "cancel is not a shop action (the shop rejects)");
	check(order_move_to("accept", 0, "PAID", NULL) == NULL,
	    "a customer cannot accept");
	check(order_move_to("accept", 1, "PAYING", NULL) == NULL,
	    "an order still paying cannot be accepted");
	check(order_move_to("accept", 1, NULL, NULL) == NULL,
	    "no status: refused, no crash");
	check(order_move_to("deliver", 1, "COOKING", NULL) == NULL,
	    "no step is skipped");
	check(order_move_to("cancel", 0, "READY", NULL) == NULL,
	    "a ready order cannot be cancelled");
}

static void
test_kinds(void)
{
	const char *ev = NULL;

	check(order_move_to_kind("picked_up", 1, "READY", "pickup", &ev) !=
	    NULL && strcmp(ev, "order.picked_up") == 0,
	    "a ready pickup order is picked up");
	check(order_move_to_kind("picked_up", 1, "READY", "delivery",
	    NULL) == NULL, "a delivery is never picked up");
	check(order_move_to_kind("picked_up", 1, "READY", NULL, NULL) == NULL,
	    "an order of no kind (made before pickup) is a delivery");
	check(order_move_to_kind("dispatch", 1, "READY", "pickup", NULL) ==
	    NULL, "a pickup order is never dispatched");
	check(order_move_to_kind("dispatch", 1, "READY", "delivery", NULL) !=
	    NULL, "a ready delivery goes out");
	check(order_move_to_kind("deliver", 1, "DELIVERING", "pickup",
	    NULL) == NULL, "a pickup order is never delivered");
	check(order_move_to_kind("ready", 1, "COOKING", "pickup", NULL) !=
	    NULL && order_move_to_kind("ready", 1, "COOKING", "delivery",
	    NULL) != NULL, "both kinds become READY");
	check(order_move_to_kind("cancel", 0, "PAID", "pickup", NULL) != NULL,
	    "a customer cancels a pickup order as a delivery");
}

int
main(void)
{
	test_legal_moves();
	test_everything_else_refused();
	test_specific_refusals();
	test_kinds();
	return check_status();
}
