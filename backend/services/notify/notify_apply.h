/*
 * notify_apply.h: the notify service's tables and what an event notifies.
 */
#ifndef BAEDAL_NOTIFY_APPLY_H
#define BAEDAL_NOTIFY_APPLY_H

#include <jansson.h>
#include <stddef.h>

#include "svc.h"

/* notify_orders (facts about each paid order), inbox, notify_outbox. */
extern const char notify_schema[];

/* Owners are addressed by shop: "shop:<shop_id>". */
#define NOTIFY_SHOP_PREFIX "shop:"

/*
 * Write into buf (n bytes) the recipient a caller's notifications go to:
 * an owner's shop ("shop:chicken") or the user's own name. Returns buf.
 */
const char *notify_recipient_of(const struct svc_caller *caller, char *buf,
    size_t n);

/*
 * Apply one order.* event, inside the runtime's transaction: store each
 * notification it yields (one to the customer per status change, one to
 * the shop per new order) in the inbox, queue it in notify_outbox, and
 * emit notification.created. Other types are ignored. Returns 0, or -1
 * with err (the event is dead-lettered).
 */
int notify_apply_event(struct svc *svc, const json_t *event,
    struct wire_error *err);

#endif
