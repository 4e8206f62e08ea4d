/*
 * notify_webhook.h: delivery of notify_outbox rows to the webhook.
 *
 * Rows go pending -> sent (delivered), dead (gave up after
 * webhook_max_attempts), or inbox (no webhook configured: the in-app inbox
 * is where the notification lands).
 */
#ifndef BAEDAL_NOTIFY_WEBHOOK_H
#define BAEDAL_NOTIFY_WEBHOOK_H

#include <stdint.h>

#include "svc.h"

/*
 * Deliver the due pending rows, inside the runtime's transaction (the
 * service's tick). STUB: HTTP delivery (libcurl, retries with backoff via
 * attempts/next_at) is a later issue. Today, with no webhook configured,
 * every pending row is marked 'inbox'; with one configured, rows stay
 * pending (and a warning is logged once) so nothing is lost.
 */
void notify_webhook_deliver(struct svc *svc, int64_t now);

#endif
