/*
 * delivery_int.h: what the delivery service's files share (not for other
 * services). delivery.c holds the schema, the order events a delivery
 * follows and the table of methods; delivery_rider.c the riders: what
 * they may take, the claim, picked up, delivered, and the release of a
 * silent rider's deliveries.
 *
 * Statuses: PENDING (no one carries it yet; riders see it once the order
 * is READY) -> ASSIGNED (a rider claimed it) -> DELIVERING (picked up, by
 * the rider or sent out by the shop itself) -> DELIVERED; CANCELLED with
 * the order. ASSIGNED goes back to PENDING when its rider is silent for
 * rider_timeout_ms.
 */
#ifndef BAEDAL_DELIVERY_INT_H
#define BAEDAL_DELIVERY_INT_H

#include <jansson.h>
#include <stdint.h>

#include "svc.h"

/* The columns of a delivery as the wire shows it, from deliveries d
 * joined (LEFT) with delivery_shops s. */
#define DELIVERY_COLUMNS "'d' || d.id AS delivery_id, d.order_id," \
    " d.shop_id, s.name AS shop_name, d.customer_id, d.status, d.address," \
    " d.rider_note, d.reason, d.rider_id, d.rider_name, d.ready_at," \
    " d.assigned_at, d.picked_up_at, d.created_at, d.updated_at," \
    " s.lat AS shop_lat, s.lon AS shop_lon"
#define DELIVERY_FROM " FROM deliveries d LEFT JOIN delivery_shops s" \
    " ON s.shop_id = d.shop_id"

/* ---- delivery.c -------------------------------------------------- */

/* The delivery of order_id as the wire shows it (owned), or NULL. */
json_t *delivery_get_row(struct db *db, int64_t order_id);

/* Emit type for delivery d (borrowed) with data {delivery_id, status,
 * rider_id, rider_name} plus extra members (stolen; may be NULL).
 * Returns 0 or -1. */
int delivery_emit(struct svc *svc, const char *type, const json_t *d,
    json_t *extra);

/* ---- delivery_rider.c -------------------------------------------- */

/* delivery.available, delivery.claim, delivery.picked_up,
 * delivery.delivered, delivery.mine (svc_method_fn contracts; riders). */
int delivery_available(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);
int delivery_claim(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);
int delivery_picked_up(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);
int delivery_delivered(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);
int delivery_mine(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);

/* svc_tick_fn: hand the ASSIGNED deliveries of riders silent for the
 * configured timeout back (PENDING, delivery.released). */
void delivery_release_silent(struct svc *svc, int64_t now);

#endif
