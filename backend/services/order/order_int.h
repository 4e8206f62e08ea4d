/*
 * order_int.h: what the order service's files share (not for other
 * services). order.c holds the schema, start/stop and the table of
 * methods; order_data.c the state, loading and emitting (what the others
 * call); order_catalog.c the copy of the menus; order_place.c quoting,
 * placing and the payment call; order_deposit.c orders paid by virtual
 * account; order_flow.c the status machine (cancel, shop actions,
 * auto-cancel); order_extend.c more time for an order;
 * order_unavailable.c lines the shop cannot make (partial refunds).
 *
 * Statuses never shown to the shop: PAYING (payment in flight) and
 * FAILED (payment declined or given up) emit no event; AWAITING_DEPOSIT
 * (a virtual account waits for the customer's deposit) and EXPIRED (it
 * never came) are announced to the customer only (order_emit_unseen).
 * The others are PROTOCOL.md's.
 */
#ifndef BAEDAL_ORDER_INT_H
#define BAEDAL_ORDER_INT_H

#include <jansson.h>
#include <stdint.h>

#include "breaker.h"
#include "svc.h"

#define ORDER_FIRST_ID 1001

/* A payment call in flight: the deferred place request and its order. */
struct order_pending {
	struct svc_req *req;
	int64_t order_id;
	struct order_pending *next;
};

/* The service's in-memory state, owned by the runtime (svc_state). */
struct order_state {
	struct breaker breaker;          /* guards payment.approve */
	struct order_pending *pending;   /* calls awaiting their answer */
	uint64_t placed;                 /* orders that became PAID */
	uint64_t refused;                /* refused: the breaker was open */
	uint64_t declined;               /* payment said no */
	uint64_t failed;                 /* payment timed out or was down */
};

/* ---- order_data.c ------------------------------------------------ */

/* The state (set up by order.c's start hook). Borrowed. */
struct order_state *order_state(struct svc *svc);

/* The order with that id as an object (the caller's), "items" decoded;
 * NULL when there is none (or on a storage error). */
json_t *order_load(struct db *db, int64_t id);

/* Emit type for order (a row from order_load), with its correlation keys;
 * data is stolen (NULL means {}). Returns 0 or -1. */
int order_emit(struct svc *svc, const char *type, const json_t *order,
    json_t *data);

/* ---- order_log.c ------------------------------------------------- */

/* Raise order id's version and put it in data as "version", for the
 * event data goes out with (in the current transaction). 0 / -1. */
int order_stamp(struct svc *svc, int64_t id, json_t *data);

/* Add to data, the first event of order (a row as order_load gives
 * it), what else a replica needs to make its row: the place request's
 * key ("request_key": a retry finds the order), its notes and kind. */
void order_log_whole(struct svc *svc, const json_t *order, json_t *data);

/* Apply an order.* event to the orders: one this replica has not made
 * or seen (its version is above the row's) makes or changes the row.
 * Returns 0, or -1 with err (a storage error; a malformed first event
 * is bad_request). */
int order_log_apply(struct svc *svc, const json_t *event,
    struct wire_error *err);

/* Apply payment.approved: for an order this replica has no row of (its
 * host was lost while it was paying, before order.paid went out), a
 * FAILED row and order.payment_abandoned, so payment refunds the charge;
 * else nothing. 0, or -1 with err. */
int order_log_orphan(struct svc *svc, const json_t *event,
    struct wire_error *err);

/* ---- order_catalog.c --------------------------------------------- */

/* Apply a shop.updated event: store data.shop as the shop's catalog
 * entry. Returns 0, or -1 with err when the event is malformed. */
int order_catalog_apply(struct svc *svc, const json_t *event,
    struct wire_error *err);
/* order.catalog {shop} (store, before it answers an owner's change):
 * keep the shop as shop.updated would; answers {shop_id, version}. */
int order_catalog_take(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);
/* The catalog entry of shop_id (the caller's), or NULL with not_found. */
json_t *order_catalog_get(struct db *db, const char *shop_id,
    struct wire_error *err);

/* ---- order_place.c ----------------------------------------------- */

/* order.quote and order.place (svc_method_fn contracts). */
int order_quote(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
int order_place(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
/* Payment approved: from (PAYING, AWAITING_DEPOSIT) -> PAID with
 * accept_by, order.paid; returns the place result (the caller's) or NULL
 * when the order was not in from or on a storage error. */
json_t *order_mark_paid(struct svc *svc, json_t *order,
    const char *payment_id, const char *from);
/* Give up orders left PAYING with no call in flight (the process
 * restarted while paying): FAILED, and order.payment_abandoned. */
void order_sweep_paying(struct svc *svc, int64_t now);

/* ---- order_deposit.c --------------------------------------------- */

/* Apply payment.deposited (AWAITING_DEPOSIT -> PAID, order.paid),
 * payment.deposit_expired (-> EXPIRED, order.deposit_expired) or
 * payment.deposit_reversed (an order the shop has is cancelled,
 * order.cancelled "by":"payment"). 0, or -1 with err. */
int order_deposit_apply(struct svc *svc, const json_t *event,
    struct wire_error *err);

/* Emit type for order with data (stolen) but no shop_id in its envelope
 * (it is in data.shop_id): the customer, view and notify see it, no
 * shop's subscription does. 0 / -1. */
int order_emit_unseen(struct svc *svc, const char *type, const json_t *order,
    json_t *data);

/* The approve gave a virtual account va (borrowed): PAYING ->
 * AWAITING_DEPOSIT and order.awaiting_deposit. The place answer (the
 * caller's), or NULL when the order was not PAYING or on a storage
 * error. */
json_t *order_mark_waiting(struct svc *svc, json_t *order,
    const char *payment_id, const json_t *va);

/* ---- order_flow.c ------------------------------------------------ */

/* A customer cancels order id while it waits for its deposit: FAILED and
 * order.payment_abandoned (payment voids the account; a deposit that
 * comes all the same is refunded). *result is the cancel answer with
 * "refund": 0; -1 with err on a storage error. */
int order_deposit_cancel(struct svc *svc, int64_t id, json_t **result,
    struct wire_error *err);

int order_cancel(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
/* A rider's delivery.picked_up (READY -> DELIVERING) or
 * delivery.delivered (DELIVERING -> DELIVERED): the order follows, with
 * data {by: "rider", rider_id, rider_name}. A move the order's status
 * does not allow is logged and skipped; returns -1 with err only on a
 * storage failure. */
int order_rider_apply(struct svc *svc, const json_t *event,
    struct wire_error *err);
int order_transition(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);
/* ---- order_extend.c ---------------------------------------------- */

/* The most minutes an order's ETA may be extended by, in all. */
#define ORDER_EXTEND_MAX_MIN 30

/* order.transition {action "extend", minutes (5|10|15)} on order (as
 * order_load gives it, the shop's): the ETA moves, order.eta_extended
 * is emitted. 0 with *result {order_id,status,minutes,eta_min,eta_at,
 * extended_min}; -1 with bad_request, invalid_state (not ACCEPTED or
 * COOKING, or past the limit; nothing changed) or internal. */
int order_extend(struct svc *svc, const json_t *order, const json_t *body,
    json_t **result, struct wire_error *err);

/* The shop gives up order (updated in place) with code and reason (its
 * words): a PAID one is REJECTED (order.rejected), an ACCEPTED one, which
 * may no longer be rejected, CANCELLED by "shop" (order.cancelled); the
 * whole balance is refunded either way. 0, or -1 with invalid_state
 * (another status) or internal. */
int order_shop_reject(struct svc *svc, json_t *order, const char *code,
    const char *reason, struct wire_error *err);

/* ---- order_unavailable.c ----------------------------------------- */

/* order.transition {action "unavailable", lines: [line numbers from 1]}
 * on order (as order_load gives it, the shop's): before cooking (PAID or
 * ACCEPTED) those lines are removed, the totals go down and
 * order.lines_removed is emitted (payment refunds that part). 0 with
 * *result {order_id,status,lines,amount,subtotal,delivery_fee,total,
 * refunded}; naming every line left gives the order up instead
 * (order_shop_reject, OUT_OF_ITEMS; *result {order_id,status:"REJECTED"
 * or "CANCELLED",refund,all_lines:true}). -1 with
 * bad_request (malformed, no such line, a line named twice),
 * invalid_state (after cooking, a line removed already; nothing changed)
 * or internal. */
int order_lines_unavailable(struct svc *svc, json_t *order,
    const json_t *body, json_t **result, struct wire_error *err);

/* Cancel PAID orders whose accept_by has passed. */
void order_auto_cancel(struct svc *svc, int64_t now);

#endif
