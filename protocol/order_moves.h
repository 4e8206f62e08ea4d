/*
 * order_moves.h: the order status machine after payment, as one table
 * (PROTOCOL.md section 5, "Order status"): which action, by the shop or
 * by the customer, moves an order from which status to which, with the
 * event it emits. The order service enforces it (order.transition,
 * order.cancel, the auto-cancel) and the apps read it to offer only the
 * actions a status allows, so the two never disagree. Both kinds of
 * order cook and may be marked READY (조리 완료); a delivery then goes
 * out (dispatch, also straight from COOKING) and a pickup is picked up. Pure data: no
 * jansson, no clock.
 */
#ifndef BAEDAL_ORDER_MOVES_H
#define BAEDAL_ORDER_MOVES_H

/* One legal move. */
struct order_move {
	const char *action;   /* "accept", "cancel", ... */
	const char *from[2];  /* statuses it may start from (NULL: none) */
	const char *to;       /* the status it moves to */
	const char *event;    /* the event it emits */
	int by_shop;          /* 1: the shop's (order.transition); 0: the
	                         customer's (order.cancel) */
	const char *kind;     /* NULL: any order; else only orders of this
	                         kind ("delivery" or "pickup") */
};

/* The move named action by the shop (by_shop) or the customer, from
 * whatever status; NULL when there is none (or action is NULL).
 * Borrowed, static. */
const struct order_move *order_move_find(const char *action, int by_shop);

/*
 * May action (a shop's action of order.transition when by_shop, else the
 * customer's) move an order in status from? Returns the status it moves
 * to (a static string) and sets *event (may be NULL) to the event it
 * emits; NULL, *event untouched, when the move is not legal (unknown
 * action, not the caller's, not from that status, or action or from
 * NULL).
 */
const char *order_move_to(const char *action, int by_shop, const char *from,
    const char **event);

/*
 * The same for an order of kind ("delivery" or "pickup"; NULL is
 * "delivery", as orders made before pickup existed): also NULL when the
 * move is not for that kind (a pickup order is never dispatched, a
 * delivery never picked up). The apps use this one when they know the
 * order's kind.
 */
const char *order_move_to_kind(const char *action, int by_shop,
    const char *from, const char *kind, const char **event);

#endif
