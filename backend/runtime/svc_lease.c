/*
 * svc_lease.c: a service process's lease (see svc_lease.h).
 *
 * Time is counted on this process's monotonic clock from when a question
 * was sent: a grant for ttl_ms answers a question sent at t, so the
 * lease is held until t + ttl_ms at least, whatever the answer's delay.
 * The broker counts from when it granted it, later than t. Each question
 * has an id of its own ("lease:<n>"), and only the answer to the last
 * one counts: an older one's grant, counted from a later send time,
 * would outlive the broker's. The holder stops acting LEASE_SKEW of the
 * time to live before that, for the brokers' wall clocks, which judge
 * the lease, may disagree that much.
 */
#include "svc_lease.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "wire.h"

#define LEASE_ASK_RETRY_MS 250 /* a question unanswered: ask again then */
#define LEASE_SKEW 10          /* percent of the time to live kept in hand */

void
svc_lease_init(struct svc_lease *l, const char *service, int64_t ttl_ms)
{
	char host[48] = "host", nonce[9];

	memset(l, 0, sizeof *l);
	snprintf(l->service, sizeof l->service, "%s", service);
	l->ttl_ms = ttl_ms;
	gethostname(host, sizeof host - 1);
	random_hex(nonce, 4);
	snprintf(l->holder, sizeof l->holder, "%s:%ld:%s", host,
	    (long)getpid(), nonce);
}

/* A broker.lease request asking for ttl ms (0: give it up) under id. */
static json_t *
lease_msg(const struct svc_lease *l, const char *id, int64_t ttl)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:{s:s, s:s, s:I}}",
	    "type", WIRE_REQUEST, "id", id,
	    "service", "broker", "method", "lease", "deadline_ms",
	    (int)(l->ttl_ms > 1000 ? l->ttl_ms / 3 : 333), "body", "service",
	    l->service, "holder", l->holder, "ttl_ms", (json_int_t)ttl);
}

json_t *
svc_lease_ask(struct svc_lease *l, int64_t now)
{
	char id[32];

	if (l->ttl_ms <= 0 || now < l->next_ask)
		return NULL;
	l->asked_at = now;
	l->asked_n++;
	l->next_ask = now + LEASE_ASK_RETRY_MS;
	snprintf(id, sizeof id, "lease:%lld", (long long)l->asked_n);
	return lease_msg(l, id, l->ttl_ms);
}

json_t *
svc_lease_give_up(struct svc_lease *l)
{
	if (l->epoch == 0)
		return NULL;
	l->epoch = 0;
	return lease_msg(l, "lease-end", 0);
}

int
svc_lease_question(const char *id)
{
	return strncmp(id, "lease:", 6) == 0;
}

enum svc_lease_news
svc_lease_answer(struct svc_lease *l, const char *id, const json_t *result,
    int64_t now)
{
	int64_t asked = l->asked_at, epoch;
	const char *holder;

	if (asked == 0 || strtoll(id + 6, NULL, 10) != l->asked_n)
		return SVC_LEASE_NONE; /* an older question's: not counted */
	l->asked_at = 0;
	if (result == NULL)
		return SVC_LEASE_NONE; /* asked again at next_ask */
	epoch = wire_int(result, "epoch", 0);
	holder = wire_str(result, "holder", "");
	if (json_is_true(json_object_get(result, "held"))) {
		int won = l->epoch == 0;

		if (!won && epoch != l->epoch) {
			/* Held under another epoch: someone held it between. */
			l->epoch = 0;
			snprintf(l->other, sizeof l->other, "(epoch %lld)",
			    (long long)epoch);
			return SVC_LEASE_LOST;
		}
		l->epoch = epoch;
		l->valid_until = asked + l->ttl_ms - l->ttl_ms * LEASE_SKEW /
		    100;
		l->next_ask = now + l->ttl_ms / 3;
		return won ? SVC_LEASE_WON : SVC_LEASE_NONE;
	}
	l->next_ask = now + l->ttl_ms / 3;
	if (l->epoch != 0) {
		l->epoch = 0;
		snprintf(l->other, sizeof l->other, "%s", holder);
		return SVC_LEASE_LOST;
	}
	if (strcmp(l->other, holder) == 0)
		return SVC_LEASE_NONE;
	snprintf(l->other, sizeof l->other, "%s", holder);
	return SVC_LEASE_WAITING;
}

int
svc_lease_expired(const struct svc_lease *l, int64_t now)
{
	return l->ttl_ms > 0 && l->epoch != 0 && now >= l->valid_until;
}

int
svc_lease_acts(const struct svc_lease *l)
{
	return l->ttl_ms <= 0 || l->epoch != 0;
}
