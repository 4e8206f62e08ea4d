/*
 * notify_webhook.h: delivery of notify_outbox rows to the webhook.
 *
 * Rows go pending -> sent (the webhook answered 2xx), dead (gave up after
 * webhook_max_attempts), or inbox (no webhook configured: the in-app inbox
 * is where the notification lands; it is stored there in any case).
 *
 * Each notification is POSTed with an Idempotency-Key of its own
 * ("baedal-notification-<id>"), as JSON or as KakaoTalk's "send to me"
 * form (cfg->webhook_format; PROTOCOL.md section 6). The posts run on
 * worker threads, so the notify loop never waits on the network; a
 * failure is tried again after webhook_backoff_ms * 2^n (+-20%, at most
 * NOTIFY_HOOK_BACKOFF_CAP_MS), per row, so one failing message never
 * holds up the others, except those of the same order, which are sent in
 * order: a later one waits until the earlier ones are sent or dead.
 */
#ifndef BAEDAL_NOTIFY_WEBHOOK_H
#define BAEDAL_NOTIFY_WEBHOOK_H

#include <stdint.h>

#include "svc.h"

#define NOTIFY_HOOK_TIMEOUT_MS 2000         /* one POST, at most */
#define NOTIFY_HOOK_BACKOFF_CAP_MS 60000

struct worker_pool;

/* The notify service's state (svc_state): the webhook's and AlimTalk's
 * worker pools, made on the first delivery and destroyed by
 * notify_webhook_stop and notify_alimtalk_stop. */
struct notify_state {
	struct worker_pool *hook_pool;
	struct worker_pool *alimtalk_pool;
};

/* svc_stop_fn: join the webhook's threads; posts not taken back are
 * dropped (their rows stay pending and are sent again after the lease). */
void notify_webhook_stop(struct svc *svc);

/*
 * Deliver, inside the runtime's transaction (the service's tick): record
 * the answers to earlier posts, then send the rows that are due. With no
 * webhook configured, every pending row is marked 'inbox'.
 */
void notify_webhook_deliver(struct svc *svc, int64_t now);

/*
 * notify.outbox (admin), an svc_method_fn: body {"state"?, "limit"?};
 * result {"counts":{"pending","sent","dead","inbox"},"in_flight",
 * "alimtalk":{counts},"items":[{"id","notification_id","order_id",
 * "recipient","status","state","attempts","next_at","last_error",
 * "alimtalk"}]}, newest first, of the given state (all when absent);
 * each item's "alimtalk" is its AlimTalk message or null.
 */
int notify_webhook_outbox(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);

#endif
