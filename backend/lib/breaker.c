/*
 * breaker.c: the circuit breaker state machine (see breaker.h).
 */
#include "breaker.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

static int
clamp_int(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void
window_clear(struct breaker *b)
{
	memset(b->ring, 0, sizeof b->ring);
	b->head = 0;
	b->count = 0;
	b->fails = 0;
}

/* Push one outcome, dropping the oldest once the window is full. */
static void
window_push(struct breaker *b, int failed)
{
	if (b->count == b->window)
		b->fails -= b->ring[b->head];
	else
		b->count++;
	b->ring[b->head] = failed ? 1 : 0;
	b->fails += b->ring[b->head];
	b->head = (b->head + 1) % b->window;
}

static int
window_tripped(const struct breaker *b)
{
	return b->count >= b->min_calls &&
	    (int64_t)b->fails * 100 >= (int64_t)b->failure_pct * b->count;
}

static void
breaker_open(struct breaker *b, int64_t now, const char *why)
{
	log_warn("%s breaker: %s -> open (%s); refusing calls for %lld ms",
	    b->name, breaker_state_name(b->state), why, (long long)b->open_ms);
	b->state = BREAKER_OPEN;
	b->opened_at = now;
	b->probing = 0;
	b->opened++;
}

static int
open_expired(const struct breaker *b, int64_t now)
{
	return now - b->opened_at >= b->open_ms;
}

void
breaker_init(struct breaker *b, int window, int failure_pct, int min_calls,
    int64_t open_ms)
{
	memset(b, 0, sizeof *b);
	breaker_set_name(b, "breaker");
	b->window = clamp_int(window, 1, BREAKER_WINDOW_MAX);
	b->failure_pct = clamp_int(failure_pct, 1, 100);
	b->min_calls = clamp_int(min_calls, 1, b->window);
	b->open_ms = open_ms < 1 ? 1 : open_ms;
	b->state = BREAKER_CLOSED;
}

void
breaker_set_name(struct breaker *b, const char *name)
{
	snprintf(b->name, sizeof b->name, "%s", name ? name : "breaker");
}

int
breaker_allow(struct breaker *b, int64_t now, int64_t *retry_after_ms)
{
	int64_t wait;

	if (b->state == BREAKER_OPEN && open_expired(b, now)) {
		log_info("%s breaker: open -> half-open (letting one probe "
		    "through)", b->name);
		b->state = BREAKER_HALF_OPEN;
		b->probing = 0;
	}
	switch (b->state) {
	case BREAKER_CLOSED:
		return 1;
	case BREAKER_HALF_OPEN:
		if (!b->probing || now - b->probe_at >= b->open_ms) {
			b->probing = 1;
			b->probe_at = now;
			return 1;
		}
		wait = b->probe_at + b->open_ms - now;
		if (wait > BREAKER_PROBE_RETRY_MS)
			wait = BREAKER_PROBE_RETRY_MS;
		break;
	case BREAKER_OPEN:
	default:
		wait = b->opened_at + b->open_ms - now;
		break;
	}
	b->rejected++;
	if (retry_after_ms != NULL)
		*retry_after_ms = wait < 1 ? 1 : wait;
	return 0;
}

void
breaker_record(struct breaker *b, int64_t now, int ok)
{
	char why[64];

	b->calls++;
	if (!ok)
		b->failures++;
	switch (b->state) {
	case BREAKER_CLOSED:
		window_push(b, !ok);
		if (window_tripped(b)) {
			snprintf(why, sizeof why, "%d of %d calls failed",
			    b->fails, b->count);
			breaker_open(b, now, why);
		}
		break;
	case BREAKER_HALF_OPEN:
		if (!b->probing)
			break; /* a late outcome from before it opened */
		if (ok) {
			log_info("%s breaker: half-open -> closed (probe "
			    "succeeded)", b->name);
			b->state = BREAKER_CLOSED;
			b->probing = 0;
			b->closed++;
			window_clear(b);
		} else {
			breaker_open(b, now, "probe failed");
		}
		break;
	case BREAKER_OPEN:
	default:
		break; /* a late outcome: totals only */
	}
}

enum breaker_state
breaker_state(const struct breaker *b, int64_t now)
{
	if (b->state == BREAKER_OPEN && open_expired(b, now))
		return BREAKER_HALF_OPEN;
	return b->state;
}

const char *
breaker_state_name(enum breaker_state state)
{
	switch (state) {
	case BREAKER_CLOSED:
		return "closed";
	case BREAKER_OPEN:
		return "open";
	case BREAKER_HALF_OPEN:
		return "half-open";
	}
	return "unknown";
}

json_t *
breaker_stats(const struct breaker *b, int64_t now)
{
	enum breaker_state st = breaker_state(b, now);
	int64_t retry = 0;

	if (st == BREAKER_OPEN)
		retry = b->opened_at + b->open_ms - now;
	return json_pack("{s:s, s:i, s:i, s:I, s:I, s:I, s:I, s:I, s:I}",
	    "state", breaker_state_name(st),
	    "window_calls", b->count,
	    "window_failures", b->fails,
	    "calls", (json_int_t)b->calls,
	    "failures", (json_int_t)b->failures,
	    "rejected", (json_int_t)b->rejected,
	    "opened", (json_int_t)b->opened,
	    "closed", (json_int_t)b->closed,
	    "retry_after_ms", (json_int_t)retry);
}
