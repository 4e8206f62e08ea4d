/*
 * svc_lease.h: a service process's lease (the broker's broker.lease).
 *
 * Replicas of a service that keep a data directory each would both act
 * on one event and both number orders; with a lease only its holder
 * does. The runtime asks for the lease every third of its time to live
 * (renewing it while held), and a holder that could not renew it in
 * time stops acting until it renews it: the broker may have given it to
 * another, whose epoch is newer, and refuses the old holder's publishes
 * (the fence). Renewed under the same epoch, nobody held it between, and
 * it goes on; a "held" answer under another epoch means another held it
 * meanwhile: lost.
 * This module is the bookkeeping: what to ask, what an answer means.
 */
#ifndef BAEDAL_SVC_LEASE_H
#define BAEDAL_SVC_LEASE_H

#include <jansson.h>
#include <stdint.h>

struct svc_lease {
	char service[32];
	char holder[96];        /* this process: "host:pid:nonce" */
	int64_t ttl_ms;         /* 0: no lease (the service always acts) */
	int64_t epoch;          /* held under this; 0 when not held */
	int64_t valid_until;    /* monotonic: held until then at least */
	int64_t asked_at;       /* monotonic: the question in flight, 0 */
	int64_t asked_n;        /* its number, in its id "lease:<n>" */
	int64_t next_ask;       /* monotonic */
	char other[96];         /* the holder when another, for the logs */
};

enum svc_lease_news {
	SVC_LEASE_NONE,         /* nothing changed */
	SVC_LEASE_WON,          /* held now, not before */
	SVC_LEASE_LOST,         /* held before, another holds it now */
	SVC_LEASE_WAITING       /* another holds it (first heard, or anew) */
};

/* Set l up for service, with time to live ttl_ms (0: no lease). */
void svc_lease_init(struct svc_lease *l, const char *service, int64_t ttl_ms);

/* The broker.lease request to send now (new reference), or NULL when it
 * is not yet time (or no lease is used). now is monotonic. */
json_t *svc_lease_ask(struct svc_lease *l, int64_t now);

/* The request giving the lease up (new reference), or NULL when not
 * held: for a clean stop, so a standby takes over at once. */
json_t *svc_lease_give_up(struct svc_lease *l);

/* 1 when id is a question's (svc_lease_ask's). */
int svc_lease_question(const char *id);

/* Take the answer to question id (result, or NULL after an error) at
 * monotonic now; only the last question's counts. */
enum svc_lease_news svc_lease_answer(struct svc_lease *l, const char *id,
    const json_t *result, int64_t now);

/* 1 when the lease was held and has run out unrenewed at now. */
int svc_lease_expired(const struct svc_lease *l, int64_t now);

/* 1 when the process may act: no lease is used, or it is held. */
int svc_lease_acts(const struct svc_lease *l);

#endif
