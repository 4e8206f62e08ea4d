/*
 * order_flow.h: the order status machine's one question, for the order
 * service's files and the unit tests (order_int.h is its own folder's
 * only). Pure: no database, no clock. The rest of order_flow.c is in
 * order_int.h.
 */
#ifndef BAEDAL_ORDER_FLOW_H
#define BAEDAL_ORDER_FLOW_H

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

#endif
