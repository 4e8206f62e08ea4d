/*
 * breaker.h: a circuit breaker (closed / open / half-open), pure state
 * machine: no I/O, no clock of its own, no locking. The caller passes the
 * time (mono_ms()) and serialises calls (one thread, or a mutex).
 *
 *   CLOSED     calls go through; their outcomes fill a sliding window of
 *              the last `window` calls. Once the window holds at least
 *              `min_calls` outcomes and failures >= failure_pct % of them,
 *              the breaker opens.
 *   OPEN       calls are refused with a retry-after, for open_ms.
 *   HALF_OPEN  after open_ms, exactly one probe call is let through at a
 *              time; its success closes the breaker (window emptied), its
 *              failure opens it again for another open_ms.
 *
 * The OPEN -> HALF_OPEN transition is lazy: breaker_allow makes it (and
 * logs it) on the first call after open_ms; breaker_state and
 * breaker_stats, being read-only, already report HALF_OPEN from then on.
 * Every transition is logged ("payment breaker: closed -> open (12 of 20
 * calls failed)"). The struct holds no pointers: it needs no destroy and
 * may live anywhere.
 */
#ifndef BAEDAL_BREAKER_H
#define BAEDAL_BREAKER_H

#include <jansson.h>
#include <stdint.h>

#define BREAKER_WINDOW_MAX 256     /* window sizes are clamped to this */
#define BREAKER_PROBE_RETRY_MS 1000 /* retry-after cap while probing */

enum breaker_state { BREAKER_CLOSED, BREAKER_OPEN, BREAKER_HALF_OPEN };

struct breaker {
	/* configuration (breaker_init) */
	char name[32];             /* for log lines; "breaker" by default */
	int window;                /* 1..BREAKER_WINDOW_MAX */
	int failure_pct;           /* 1..100 */
	int min_calls;             /* 1..window */
	int64_t open_ms;           /* >= 1 */

	/* state */
	enum breaker_state state;  /* as last stored; see breaker_state() */
	int64_t opened_at;         /* when it last opened */
	int probing;               /* half-open: a probe is in flight */
	int64_t probe_at;          /* when that probe was let through */
	unsigned char ring[BREAKER_WINDOW_MAX]; /* 1 = failed */
	int head;                  /* next slot to write */
	int count;                 /* outcomes in the window */
	int fails;                 /* failures in the window */

	/* counters since init */
	uint64_t calls;            /* outcomes recorded */
	uint64_t failures;         /* of which failed */
	uint64_t rejected;         /* calls refused by breaker_allow */
	uint64_t opened;           /* times it went to OPEN */
	uint64_t closed;           /* times a probe closed it again */
};

/*
 * Set up a closed breaker with an empty window. Out-of-range values are
 * clamped (window to 1..BREAKER_WINDOW_MAX, failure_pct to 1..100,
 * min_calls to 1..window, open_ms to >= 1); never fails.
 */
void breaker_init(struct breaker *b, int window, int failure_pct,
    int min_calls, int64_t open_ms);

/* Name used in log lines (copied, truncated to 31 bytes), e.g. "payment". */
void breaker_set_name(struct breaker *b, const char *name);

/*
 * May a call go now? Returns 1: make the call, then report its outcome
 * with breaker_record (in HALF_OPEN this call is the one probe). Returns
 * 0: refused, counted in `rejected`, and *retry_after_ms (if not NULL) is
 * set to the time in ms (at least 1) until a call may be admitted: until
 * half-open when OPEN, or, when a probe is already in flight, until it
 * would be written off, capped at BREAKER_PROBE_RETRY_MS. A probe whose
 * outcome is never recorded is written off after open_ms, and another
 * probe is admitted.
 */
int breaker_allow(struct breaker *b, int64_t now, int64_t *retry_after_ms);

/*
 * Record the outcome of a call breaker_allow admitted: ok = 1 success,
 * 0 failure (a timeout is a failure; a business refusal such as a
 * declined card is a success: the dependency answered). CLOSED: the
 * outcome enters the window and may open the breaker. HALF_OPEN with a
 * probe in flight: success closes (window emptied), failure reopens.
 * Late outcomes of calls admitted before the breaker opened (OPEN, or
 * HALF_OPEN with no probe in flight) count in the totals only.
 */
void breaker_record(struct breaker *b, int64_t now, int ok);

/* The state at time now (OPEN reads as HALF_OPEN once open_ms passed). */
enum breaker_state breaker_state(const struct breaker *b, int64_t now);

/* "closed", "open" or "half-open"; a static string. */
const char *breaker_state_name(enum breaker_state state);

/*
 * A new JSON object (the caller's to json_decref): {"state", "window_calls",
 * "window_failures", "calls", "failures", "rejected", "opened",
 * "retry_after_ms"}; retry_after_ms is 0 unless OPEN.
 */
json_t *breaker_stats(const struct breaker *b, int64_t now);

#endif
