/*
 * notify_webhook.c: the webhook delivery stub (see notify_webhook.h).
 */
#include "notify_webhook.h"

#include "util.h"

void
notify_webhook_deliver(struct svc *svc, int64_t now)
{
	static int warned;

	if (svc_config(svc)->webhook_url == NULL) {
		db_do(svc_db(svc), "UPDATE notify_outbox SET state = 'inbox' "
		    "WHERE state = 'pending' AND next_at <= ?", "i", now);
		return;
	}
	if (!warned) {
		warned = 1;
		log_warn("notify: webhook delivery is not implemented yet; "
		    "notifications wait in the outbox");
	}
}
