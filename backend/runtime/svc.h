/*
 * svc.h: the service runtime every baedal service is built from.
 *
 * A service is a table (struct svc_def): its name, its SQLite schema, its
 * request methods and the event types it consumes. svc_run connects to the
 * broker's back door, registers, and loops:
 *   - a request runs its method inside one transaction; a method flagged
 *     SVC_WRITE is idempotent by the caller's request id: its reply is
 *     stored in the same transaction, so a retry gets the first answer;
 *   - an event runs on_event inside the same transaction that records it as
 *     applied (the service's offset), so redelivery is harmless; a handler
 *     that fails has its effect rolled back, the event is kept in a dead
 *     letter table, and later events go on;
 *   - events a handler emits (svc_emit) go to an outbox in the handler's
 *     transaction and are published after commit, with keys the broker
 *     deduplicates, until the broker acknowledges them.
 * The runtime reconnects by itself and resumes from its offset.
 */
#ifndef BAEDAL_SVC_H
#define BAEDAL_SVC_H

#include <jansson.h>
#include <signal.h>
#include <stdint.h>

#include "config.h"
#include "worker.h"
#include "db.h"
#include "wire.h"

struct svc;
struct svc_req;

/* Who made a request, as the broker vouches for it. Borrowed strings. */
struct svc_caller {
	const char *user;    /* user name */
	const char *role;    /* "customer", "owner", "rider", "admin", "service" */
	const char *shop_id; /* for an owner: their shop; else NULL */
	const char *display; /* for a rider: their name; else NULL */
};

/*
 * A method. Runs inside a transaction. Returns:
 *   0  done: *result set (owned by the runtime after return; NULL means {});
 *  -1  refused: err filled; the transaction is rolled back;
 *   1  deferred: the transaction is committed, no reply yet; the method
 *      keeps req and later calls svc_req_finish (from a callback).
 */
typedef int (*svc_method_fn)(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);

#define SVC_WRITE 0x1 /* changes state: idempotent by request id */

struct svc_method {
	const char *name;
	svc_method_fn fn;
	unsigned flags;
	const char *roles; /* space-separated roles allowed; NULL: any */
};

/*
 * An event handler: runs inside the transaction that records the event as
 * applied. event is {seq,type,order_id,shop_id,customer_id,at,data}
 * (borrowed). Return 0, or -1 with err to dead-letter the event.
 */
typedef int (*svc_event_fn)(struct svc *svc, const json_t *event,
    struct wire_error *err);

/* A periodic job, inside a transaction, about every tick_ms. */
typedef void (*svc_tick_fn)(struct svc *svc, int64_t now);

/* Seed data on first start (the service's database was just created),
 * inside a transaction. Return 0 or -1 (the service stops). */
typedef int (*svc_seed_fn)(struct svc *svc);

/* Set up the service's own state (svc_state) once its database is open,
 * before the loop. Return 0, or -1 (the service does not run; stop is
 * still called, so it may release what it made). */
typedef int (*svc_start_fn)(struct svc *svc);

/* Release what the service holds, after the loop: calls still in flight
 * are dropped (their callbacks never run) and deferred requests freed
 * before it, the database still open. */
typedef void (*svc_stop_fn)(struct svc *svc);

struct svc_def {
	const char *name;
	const char *schema;              /* CREATE TABLE IF NOT EXISTS ... */
	const struct svc_method *methods;
	size_t n_methods;
	const char *const *consumes;     /* type prefixes, NULL-terminated */
	svc_event_fn on_event;
	svc_tick_fn on_tick;
	int tick_ms;                     /* 0: 250 */
	svc_seed_fn seed;
	size_t state_size;               /* bytes of svc_state, zeroed */
	svc_start_fn start;
	svc_stop_fn stop;
	/* The type prefixes of the events this service emits and keeps its
	 * own state by (NULL: none). Such a service consumes them too (list
	 * them in consumes): a replica applies what its siblings announce,
	 * and its own come back to it (on_event finds them applied). A new
	 * database is rebuilt from the log: these events from seq 0 first,
	 * then every consumed one from seq 0; its seed runs after that. It
	 * takes requests and ticks only once caught up (svc_caught_up). */
	const char *const *own;
	/* Nonzero: a reply is sent only once the broker has acknowledged
	 * the events written before it was queued (a lost host has answered
	 * nothing its outbox still held), at the cost of a publish's round
	 * trip for a request that writes. Not done inside the broker's own
	 * process on its embedded log (the outbox shares the log's disk). */
	int reply_after_log;
};

#define SVC_FENCED 2 /* svc_run: its lease went to another process */

/*
 * Run def until *stop becomes non-zero. endpoint is the broker's back
 * door; zmq_ctx may be shared with the broker (inproc) or NULL. The
 * database is <home>/<name>.db. A service that rebuilds its state from
 * the log (def->own), run as a process of its own (zmq_ctx NULL) with
 * cfg->lease_ms, acts only while it holds its lease (svc_lease.h): a
 * standby until then, applying its own events as its holder makes them.
 * Returns 0 on a clean stop, -1 when the service could not start,
 * SVC_FENCED when it lost its lease (it stops acting at once).
 */
int svc_run(const struct svc_def *def, const struct config *cfg,
    void *zmq_ctx, const char *endpoint, const char *token,
    volatile sig_atomic_t *stop);

/*
 * 1 once the service has applied the log up to the head the broker had
 * when it subscribed (always 1 for a service with no def->own). Before
 * that it takes no requests and runs no tick; an event handler asks it
 * to leave out effects outside (a kitchen ticket) that an old event
 * would cause again.
 */
int svc_caught_up(struct svc *svc);

/* Accessors, valid inside callbacks. */
struct db *svc_db(struct svc *svc);
const struct config *svc_config(struct svc *svc);
const char *svc_name(struct svc *svc);
/* This replica's figures (metrics.h): the runtime counts requests by
 * method and the applied offset; a service may add its own gauges
 * (a breaker's state). Every service also answers the read method
 * "metrics" (admins and services) with them. */
struct metrics *svc_metrics(struct svc *svc);
/* The service's own state: def->state_size zeroed bytes the runtime
 * allocates before start and frees after stop (NULL when the size is 0).
 * One per running service, so a service can run twice in one process. */
void *svc_state(struct svc *svc);

/*
 * The body of a "get {order_id}" method: reads order_id from body and
 * returns 0 with *result = load(db, order_id) (owned by the runtime after
 * the method returns), or -1 with bad_request, or not_found naming what
 * ("payment", "delivery") when load returns NULL.
 */
int svc_get_by_order(struct svc *svc, const json_t *body,
    json_t *(*load)(struct db *db, int64_t order_id), const char *what,
    json_t **result, struct wire_error *err);

/* The request's caller; borrowed, valid while the request lives. */
const struct svc_caller *svc_req_caller(const struct svc_req *req);
/* The request's idempotency key (caller, method and request id, as the
 * broker made it; borrowed), the same in every process of the service
 * that sees the request; NULL when it has none. */
const char *svc_req_key(const struct svc_req *req);

/*
 * Answer req, from inside its method, with result given as JSON text
 * text[0..len) (an object, borrowed: it must stay as it is until the
 * method returns), which then returns 0 leaving *result NULL. The text
 * goes into the reply frame as it is, so an answer the service keeps as
 * text is neither built as a tree nor printed again. For a SVC_WRITE
 * method the text is parsed (its reply is stored as JSON).
 */
void svc_req_answer_text(struct svc_req *req, const char *text, size_t len);

/*
 * Append an event to the outbox, in the current transaction; published
 * after commit. order_id 0, shop_id/customer_id NULL mean none. data is
 * stolen (NULL means {}). Returns 0 or -1.
 */
int svc_emit(struct svc *svc, const char *type, int64_t order_id,
    const char *shop_id, const char *customer_id, json_t *data);

/*
 * Whether the event log takes this service's events now: 0 when it does
 * (as far as the service knows: its last publish was acknowledged, or it
 * has none waiting), else the milliseconds a caller should wait before
 * trying again: the last publish was refused as "try later" (the log's
 * cluster has no leader, the broker lost it), or one has waited 1 s for
 * its answer. For a method that must not take work it cannot announce.
 */
int64_t svc_log_stalled(struct svc *svc);

/*
 * The answer to an svc_call, delivered inside a transaction. result is
 * borrowed and NULL on failure, when err says why (timeout after
 * timeout_ms gives E_TIMEOUT).
 */
typedef void (*svc_reply_fn)(struct svc *svc, const json_t *result,
    const struct wire_error *err, void *arg);

/* Ask service.method through the broker, without waiting. body is stolen.
 * cb runs exactly once. */
void svc_call(struct svc *svc, const char *service, const char *method,
    json_t *body, int64_t timeout_ms, svc_reply_fn cb, void *arg);

/*
 * The same, on behalf of req: the call's id is derived from req's
 * idempotency key, so when req is retried (after a timeout) the callee
 * sees the same call again and answers it with its first answer. One
 * such call per request.
 */
void svc_call_for(struct svc *svc, const struct svc_req *req,
    const char *service, const char *method, json_t *body,
    int64_t timeout_ms, svc_reply_fn cb, void *arg);

/*
 * Run fn(svc, arg, committed) when the current transaction ends:
 * committed is 1 once it is durable, 0 when it was rolled back. For work
 * that must not begin before the state it rests on is durable, such as a
 * call to an outside system. Register it only on a path that succeeds.
 */
typedef void (*svc_commit_fn)(struct svc *svc, void *arg, int committed);
void svc_after_commit(struct svc *svc, svc_commit_fn fn, void *arg);

/*
 * svc_after_commit, but later: fn runs once the events emitted so far in
 * the current request, event or callback are in the log too (the broker
 * acknowledged them), when the service holds its replies for the log
 * (svc_def's reply_after_log); 0 when the batch was undone or the
 * service stopped first. For an outside call whose intent must survive
 * the loss of this host: a replica rebuilt from the log finds it.
 */
void svc_after_published(struct svc *svc, svc_commit_fn fn, void *arg);

/* 1 when this process runs with a lease (svc_run): its database is
 * rebuilt from the log at every start, so the log alone is what another
 * replica will know of its work. */
int svc_leased(const struct svc *svc);

/*
 * A pool of worker threads (worker.h) whose finished jobs wake svc: its
 * on_tick runs as soon as one is done, not at the next tick. Destroy it
 * with worker_pool_destroy in the stop hook, as any pool; it must live
 * until then. Up to SVC_POOLS_MAX per service (more are woken on the
 * tick only).
 */
struct worker_pool *svc_pool_new(struct svc *svc, const char *name,
    int threads, worker_run_fn run);

/*
 * Complete a deferred request: result (stolen) on success, or NULL and
 * err. Call inside a runtime transaction (a reply callback or tick): for
 * a SVC_WRITE method the answer is stored for retries in that
 * transaction, and sent after it commits. req is freed.
 */
void svc_req_finish(struct svc *svc, struct svc_req *req, json_t *result,
    const struct wire_error *err);

#endif
