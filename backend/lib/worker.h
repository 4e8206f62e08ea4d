/*
 * worker.h: a few threads for blocking calls (HTTP to a payment gateway
 * or a webhook) that a service's single-threaded loop must not wait for.
 *
 * The loop submits a job (its own struct; the pool moves only the
 * pointer); a pool thread runs it; the loop takes finished jobs back from
 * its tick (worker_pool_take; a service's pool made with svc_pool_new
 * runs the tick as soon as a job is done), where it may touch its database and call
 * svc_req_finish. The run function must not touch the service (no svc_*,
 * no db): everything it needs is in the job. A service makes its pools in
 * its start hook (or on first use) and destroys them in its stop hook.
 */
#ifndef BAEDAL_WORKER_H
#define BAEDAL_WORKER_H

#include <stdint.h>

struct worker_pool;

/* Runs on a pool thread; fills the job's outcome fields. */
typedef void (*worker_run_fn)(void *job);

/*
 * A pool of threads (1..16) running run; name is for log lines. The
 * threads start at once. Never returns NULL (aborts when no thread can
 * be started at all).
 */
struct worker_pool *worker_pool_new(const char *name, int threads,
    worker_run_fn run);

/*
 * Stop the threads (each finishes the job it is running first), join
 * them, and free every job still queued or finished with free_job (may
 * be NULL); accepts NULL and nulls *self_p.
 */
void worker_pool_destroy(struct worker_pool **self_p,
    void (*free_job)(void *job));

/* Queue job (not NULL) for a thread; its ownership moves to the pool
 * until worker_pool_take hands it back. Jobs start in submission order. */
void worker_pool_submit(struct worker_pool *self, void *job);

/* A finished job, given back to the caller, or NULL when none is ready.
 * Never blocks. */
void *worker_pool_take(struct worker_pool *self);

/* Jobs submitted and not yet taken back (queued, running or finished). */
int worker_pool_busy(struct worker_pool *self);

/* A descriptor that turns readable when a job is done, so a loop can
 * wake for it instead of looking on a timer; worker_pool_take clears it.
 * Owned by the pool. */
int worker_pool_fd(const struct worker_pool *self);

/*
 * The wait before retry number attempt (1, 2, ...): base_ms * 2^(attempt-1)
 * with +-20% jitter, at most cap_ms, at least 1.
 */
int64_t retry_backoff_ms(int64_t base_ms, int attempt, int64_t cap_ms);

#endif
