/*
 * view_apply.h: the view service's read model, written from events.
 */
#ifndef BAEDAL_VIEW_APPLY_H
#define BAEDAL_VIEW_APPLY_H

#include <jansson.h>

#include "svc.h"

/* The read model's tables (orders, payments, deliveries, timeline). */
extern const char view_schema[];

/* svc_start_fn: add the columns an earlier version's read model lacks
 * (notes, kind, reason code, virtual account, paid, a payment's card).
 * 0 / -1. */
int view_migrate(struct svc *svc);

/*
 * Apply one event (order.*, payment.*, delivery.*; shop.* goes to view_sales.c) to the read model,
 * inside the runtime's transaction: update the order, payment or delivery
 * and append a timeline entry when something changed. Types the view does
 * not follow are ignored. Returns 0, or -1 with err (the event is
 * dead-lettered) when it lacks its order or names an order never paid.
 */
int view_apply_event(struct svc *svc, const json_t *event,
    struct wire_error *err);

#endif
