/*
 * broker_lease.c: services' leases and the fence they make.
 *
 * A service whose replicas keep a data directory each (order, payment
 * and store, rebuilt from the log) runs with a lease: only its holder
 * takes requests, acts on events and publishes. A replica asks for the
 * lease with broker.lease and renews it; the log keeps it (evlog_lease:
 * on JetStream in a key-value bucket every broker shares, written only
 * over the revision read). The epoch, which grows each time the lease
 * changes hands, is the fencing token: the holder registers and
 * publishes with it, and a broker refuses a publish or a registration
 * whose epoch is older than the lease's. A holder that stopped (SIGSTOP,
 * a long pause) and comes back after another took over can thus write
 * nothing to the log, and takes no more requests: a broker that knows
 * the newer epoch unseats it (route_worker_gone) and tells it so.
 *
 * Each broker keeps the leases it has seen, and reads one again from
 * the log when its copy is older than LEASE_CHECK_MS and a worker or a
 * publish depends on it. Reads and writes wait on the broker's loop (at
 * most KV_WAIT_MS each on JetStream): after one fails, none is tried for
 * LEASE_DOWN_MS (questions are answered service_unavailable at once), so
 * a lease store electing a leader does not hold every request up.
 * Its holder's renewals failed too, and it waits for the store (svc.c
 * pauses): while the store is out and for a lease's time to live after
 * it answers again, another asking is told to try later, so the holder
 * this broker knows renews it first (lease_holders_turn).
 */
#include "broker_int.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

#define LEASE_CHECK_MS 500     /* a lease known longer: read it again */
#define LEASE_TTL_MAX 60000
#define LEASE_DOWN_MS 1000     /* the lease store failed: not asked again
                                  before this */
#define LEASE_SLOW_MS 100      /* an answer slower than this counts as a
                                  failure (the loop must not crawl) */

/* Note that the lease store took since..now: too slow, or failed (rc < 0),
 * and it is left alone for LEASE_DOWN_MS; out after a failure, back at
 * its next answer. */
static void
lease_store_took(struct broker *b, int64_t since, int rc)
{
	int64_t now = mono_ms();

	if (rc < 0 || now - since > LEASE_SLOW_MS)
		b->lease_down_until = now + LEASE_DOWN_MS;
	if (rc < 0)
		b->lease_out = 1;
	else if (b->lease_out) {
		b->lease_out = 0;
		b->lease_back_at = now;
	}
}

/* A lease as this broker last read or granted it. */
struct lease_seen {
	struct evlease l;
	int64_t read_at;        /* monotonic ms */
};

static struct lease_seen *
lease_seen(struct broker *b, const char *service)
{
	struct lease_seen *ls = map_get(b->leases, service);

	if (ls == NULL) {
		ls = xcalloc(1, sizeof *ls);
		map_put(b->leases, service, ls);
	}
	return ls;
}

/* Tell the workers of service on this broker whose epoch is older than
 * the lease's that they hold it no more, and give their requests to
 * another. */
static void
lease_unseat(struct broker *b, const char *service, int64_t epoch)
{
	struct session *s;
	size_t pos = 0;
	struct wire_error err;

	while ((s = map_next(b->sessions, &pos, NULL)) != NULL) {
		if (s->lease_epoch == 0 || s->lease_epoch >= epoch ||
		    strcmp(s->lease_service, service) != 0)
			continue;
		log_warn("service %s (%s): its lease (epoch %lld) was taken "
		    "over (epoch %lld); fenced", service, s->key,
		    (long long)s->lease_epoch, (long long)epoch);
		if (s->service[0] != '\0')
			route_worker_gone(b, s);
		s->lease_epoch = 0;
		wire_error_set(&err, E_FENCED, "the lease of %s is held by "
		    "another process now (epoch %lld)", service,
		    (long long)epoch);
		broker_send_error(b, s, NULL, &err);
	}
}

/* The lease of service as known here, read again when old. */
static const struct evlease *
lease_known(struct broker *b, const char *service, int64_t now)
{
	struct lease_seen *ls = lease_seen(b, service);
	struct evlease l;

	int rc;

	if (now - ls->read_at < LEASE_CHECK_MS || now < b->lease_down_until)
		return &ls->l;
	rc = evlog_lease_get(b->log, service, &l);
	lease_store_took(b, now, rc);
	if (rc != 0)
		return &ls->l;
	ls->read_at = now;
	if (l.epoch >= ls->l.epoch)
		ls->l = l;
	lease_unseat(b, service, ls->l.epoch);
	return &ls->l;
}

int
lease_fenced(struct broker *b, const char *service, int64_t epoch,
    struct wire_error *err)
{
	const struct evlease *l = lease_known(b, service, mono_ms());

	if (epoch >= l->epoch)
		return 0;
	wire_error_set(err, E_FENCED, "the lease of %s is held by %s under "
	    "epoch %lld; epoch %lld is over", service, l->holder,
	    (long long)l->epoch, (long long)epoch);
	return 1;
}

/* 1 when holder, not the holder of service's lease this broker knows,
 * must wait: the lease store is out, or answered again less than ttl ms
 * ago (now monotonic); the known holder renews first. While it is out,
 * a read tells whether it is back (a lost holder's standby then waits
 * one time to live, not for ever). */
static int
lease_holders_turn(struct broker *b, const char *service, const char *holder,
    int64_t ttl, int64_t now)
{
	const struct evlease *l = &lease_seen(b, service)->l;

	if (l->epoch == 0 || l->expires_at == 0 || strcmp(l->holder,
	    holder) == 0)
		return 0;
	if (b->lease_out)
		lease_known(b, service, now);
	return b->lease_out || now - b->lease_back_at < ttl;
}

/* Answer broker.lease question id: held or not, and lease l. */
static void
lease_answer(struct broker *b, struct session *s, const char *id, int held,
    const struct evlease *l, int64_t now)
{
	broker_send(b, s, wire_reply_ok(id, json_pack("{s:b, s:s, s:I, s:I}",
	    "held", held, "holder", l->holder, "epoch", (json_int_t)l->epoch,
	    "expires_in_ms", (json_int_t)(l->expires_at > now ?
	    l->expires_at - now : 0))));
}

void
lease_request(struct broker *b, struct session *s, const char *id,
    const json_t *msg)
{
	const json_t *body = json_object_get(msg, "body");
	const char *service = NULL, *holder = NULL;
	int64_t ttl = 0, now = now_ms();
	struct lease_seen *ls;
	struct evlease l;
	struct wire_error err;
	int rc;

	if (strcmp(s->user.role, "service") != 0) {
		wire_error_set(&err, E_FORBIDDEN, "leases are for services");
		broker_send_error(b, s, id, &err);
		return;
	}
	if (!json_is_object(body)) {
		wire_error_set(&err, E_BAD_REQUEST, "body must be an object");
		broker_send_error(b, s, id, &err);
		return;
	}
	if (wire_get_id(body, "service", 1, &service, &err) != 0 ||
	    wire_get_str(body, "holder", 1, &holder, &err) != 0 ||
	    wire_get_int(body, "ttl_ms", 1, 0, LEASE_TTL_MAX, &ttl,
	    &err) != 0) {
		broker_send_error(b, s, id, &err);
		return;
	}
	if (holder[0] == '\0' || strlen(holder) >= EVLEASE_HOLDER_MAX) {
		wire_error_set(&err, E_BAD_REQUEST, "holder: 1 to %d bytes",
		    EVLEASE_HOLDER_MAX - 1);
		broker_send_error(b, s, id, &err);
		return;
	}
	int64_t began = mono_ms();

	if (lease_holders_turn(b, service, holder, ttl, began)) {
		wire_error_set(&err, E_SERVICE_UNAVAILABLE, "the lease of %s "
		    "is its holder's to renew first", service);
		err.retry_after_ms = LEASE_DOWN_MS / 2;
		broker_send_error(b, s, id, &err);
		return;
	}
	if (began < b->lease_down_until || (rc = evlog_lease(b->log,
	    service, holder, ttl, now, &l), lease_store_took(b, began, rc),
	    rc) < 0) {
		wire_error_set(&err, E_SERVICE_UNAVAILABLE, "the lease of %s "
		    "cannot be read or stored just now", service);
		err.retry_after_ms = LEASE_DOWN_MS / 2;
		broker_send_error(b, s, id, &err);
		return;
	}
	ls = lease_seen(b, service);
	if (l.epoch >= ls->l.epoch) {
		ls->l = l;
		ls->read_at = mono_ms();
	}
	lease_unseat(b, service, l.epoch);
	lease_answer(b, s, id, rc == 1 && ttl > 0, &l, now);
}

int
lease_register(struct broker *b, struct session *s, const char *service,
    const json_t *msg, struct wire_error *err)
{
	json_int_t epoch;

	if (json_object_get(msg, "epoch") == NULL)
		return 0;
	epoch = json_integer_value(json_object_get(msg, "epoch"));
	if (epoch <= 0)
		return wire_error_set(err, E_BAD_REQUEST, "epoch: a lease's, "
		    "from 1");
	if (lease_fenced(b, service, epoch, err))
		return -1;
	s->lease_epoch = epoch;
	snprintf(s->lease_service, sizeof s->lease_service, "%s", service);
	return 0;
}

void
lease_tick(struct broker *b, int64_t now)
{
	struct session *s;
	size_t pos = 0;

	/* Every worker's lease stays current: one taken over on another
	 * broker unseats its old holder here too. */
	while ((s = map_next(b->sessions, &pos, NULL)) != NULL)
		if (s->lease_epoch != 0)
			(void)lease_known(b, s->lease_service, now);
}

json_t *
lease_stats(struct broker *b)
{
	json_t *out = json_object();
	struct lease_seen *ls;
	const char *service;
	size_t pos = 0;
	int64_t now = now_ms();

	while ((ls = map_next(b->leases, &pos, &service)) != NULL)
		if (ls->l.epoch > 0)
			json_object_set_new(out, service, json_pack("{s:s, s:I,"
			    " s:I}", "holder", ls->l.holder, "epoch",
			    (json_int_t)ls->l.epoch, "expires_in_ms",
			    (json_int_t)(ls->l.expires_at > now ?
			    ls->l.expires_at - now : 0)));
	return out;
}

void
lease_free_all(struct broker *b)
{
	struct lease_seen *ls;
	size_t pos = 0;

	if (b->leases == NULL)
		return; /* the broker did not get that far */
	while ((ls = map_next(b->leases, &pos, NULL)) != NULL)
		free(ls);
	map_destroy(&b->leases);
}
