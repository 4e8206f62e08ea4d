/*
 * notify_alimtalk.h: AlimTalk (KakaoTalk business messages) to customers,
 * through a message dealer's API shaped like NCP SENS's:
 *
 *   send    POST {url}/alimtalk/v2/services/{serviceId}/messages
 *           {"plusFriendId","templateCode","messages":[{"to","content",
 *            "buttons","useSmsFailover","failoverConfig"}]}
 *   result  GET  {url}/alimtalk/v2/services/{serviceId}/messages/{id}
 *
 * each signed with x-ncp-apigw-timestamp, x-ncp-iam-access-key and
 * x-ncp-apigw-signature-v2 = base64(HMAC-SHA256(secret key,
 * "METHOD PATH\nTIMESTAMP\nACCESS_KEY")).
 *
 * One template per status change (BDL_PAID, BDL_ACCEPTED, ...), its
 * #{변수} filled from the order's facts. A customer notification is
 * queued for AlimTalk in the event's transaction when a dealer is
 * configured and the customer has a phone number (notify_phone.h). Rows
 * go pending -> requested (the dealer took it: a messageId) -> delivered
 * (AlimTalk), sms (AlimTalk failed, the SMS failover went out) or failed;
 * results are polled per message. Sends are retried like webhook posts
 * (webhook_backoff_ms, webhook_max_attempts); a 4xx is final. The dealer
 * has no idempotency key: a send whose answer was lost is sent again, so
 * a message may then reach the customer twice.
 */
#ifndef BAEDAL_NOTIFY_ALIMTALK_H
#define BAEDAL_NOTIFY_ALIMTALK_H

#include <jansson.h>
#include <stdint.h>

#include "svc.h"

/*
 * Queue notification notification_id (its template key: the status, or
 * a case of it such as "DEPOSIT_REVERSED"; to customer_id, the template
 * variables vars) for AlimTalk, inside the event's transaction. Nothing
 * when no dealer is configured, the customer has no number or the key has
 * no template. 0, or -1 on a storage error.
 */
int notify_alimtalk_enqueue(struct svc *svc, int64_t notification_id,
    const char *key, const char *customer_id, const json_t *vars);

/* Inside the tick's transaction: record the dealer's answers, then send
 * the rows that are due and poll the results that are due. */
void notify_alimtalk_deliver(struct svc *svc, int64_t now);

/* svc_stop_fn part: join the threads; jobs not taken back are dropped
 * (their rows are sent or polled again after the lease). */
void notify_alimtalk_stop(struct svc *svc);

/* For notify.outbox: replace the a_* members of an outbox item (from the
 * LEFT JOIN in notify_webhook.c) by "alimtalk": {...} or null. */
void notify_alimtalk_fold(json_t *item);

/* For notify.outbox: {"pending","requested","delivered","sms","failed"}
 * counts (a new object). */
json_t *notify_alimtalk_counts(struct db *db);

#endif
