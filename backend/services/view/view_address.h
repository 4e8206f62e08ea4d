/*
 * view_address.h: a customer's saved delivery addresses (집, 회사), kept
 * by the view service per customer, with one chosen as the default.
 * Only the customer who saved them ever reads or changes them.
 */
#ifndef BAEDAL_VIEW_ADDRESS_H
#define BAEDAL_VIEW_ADDRESS_H

#include <jansson.h>

#include "addr_limits.h"
#include "svc.h"

/* Create the addresses table when missing (an older data directory has
 * none). 0 / -1. */
int view_address_migrate(struct svc *svc);

/* view.addresses: {} → the caller's list (PROTOCOL.md, "Saved
 * addresses"). svc_method_fn. */
int view_addresses(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);

/* view.address_save: {"label","address","default"?} adds or replaces the
 * address with that label; the list after it. Bad input (bad_request,
 * bad_text, text_too_long) or an eleventh label (limit_reached) changes
 * nothing. */
int view_address_save(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);

/* view.address_delete: {"label"}; not_found when the caller has none by
 * that label. The default's removal makes the oldest left the default. */
int view_address_delete(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);

/* view.address_default: {"label"} becomes the default; not_found when
 * the caller has none by that label. */
int view_address_default(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);

#endif
