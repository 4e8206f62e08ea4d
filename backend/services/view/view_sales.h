/*
 * view_sales.h: a shop's sales and service figures, from the view's own
 * read model (its orders and their timelines, and each shop's time zone
 * from shop.updated), never from another service's database.
 */
#ifndef BAEDAL_VIEW_SALES_H
#define BAEDAL_VIEW_SALES_H

#include <jansson.h>

#include "svc.h"

/* The longest range view.sales answers for, in days. */
#define VIEW_SALES_MAX_DAYS 92

/* The table of each shop's time zone. */
#define VIEW_SALES_SCHEMA \
    "CREATE TABLE IF NOT EXISTS shop_zones (" \
    " shop_id TEXT PRIMARY KEY, tz TEXT NOT NULL, seq INTEGER NOT NULL);"

/*
 * Apply a shop.* event inside the runtime's transaction: shop.updated
 * records the shop's time zone (an older seq never overwrites a newer
 * one, so a replay leaves the same row). Other types are ignored.
 * Returns 0, or -1 with err (storage).
 */
int view_sales_shop_event(struct svc *svc, const json_t *event,
    struct wire_error *err);

/*
 * The view.sales method (svc_method_fn): body {day} or {from, to} (local
 * dates "YYYY-MM-DD" of the shop's zone, to inclusive, at most
 * VIEW_SALES_MAX_DAYS days; neither: the shop's today) and, for an
 * admin, shop_id. An owner sees only their own shop (another shop_id is
 * forbidden). *result is the figures (see PROTOCOL.md, view.sales).
 */
int view_sales(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);

#endif
