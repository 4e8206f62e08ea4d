/*
 * view_review.h: customers' reviews of shops and their owners' replies.
 *
 * Reviews live in the view service because it alone knows, from its own
 * read model, whose an order is and whether it was delivered (or picked
 * up). They are the view's own data, not derived from events: each write
 * is also emitted (review.written, review.replied), so the broker's
 * durable log holds every review and any service may follow them.
 */
#ifndef BAEDAL_VIEW_REVIEW_H
#define BAEDAL_VIEW_REVIEW_H

#include <jansson.h>

#include "svc.h"

/* Create the reviews table (a data directory from before reviews gets
 * it here). 0 / -1. */
int view_review_migrate(struct svc *svc);

/* svc_seed_fn: a few demo reviews (only when the config wants demo
 * data). 0 / -1. */
int view_review_seed(struct svc *svc);

/* The review of order_id as {review_id,rating,text,created_at,reply,
 * replied_at} (owned by the caller), or NULL when it has none. */
json_t *view_review_of_order(struct db *db, int64_t order_id);

/* view.review_write {order_id, rating (1-5), text? (1-300 characters)}:
 * the caller's own DELIVERED or PICKED_UP order, once (already_reviewed
 * after). Someone else's order is not_found, one not yet delivered
 * invalid_state. Result: the review. */
int view_review_write(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);

/* view.reviews {shop_id (an owner's own by default), before? (review id),
 * limit? (1-50, 20)}: {shop_id,count,average,reviews:[review],more},
 * newest first; average (one decimal) and count are over all of them. */
int view_reviews(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);

/* view.review_reply {review_id, text (1-300 characters)}: the owner of
 * the review's shop, once (already_replied after); another shop's review
 * is not_found. Result: the review. */
int view_review_reply(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);

#endif
