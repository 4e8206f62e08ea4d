/*
 * test_breaker.c: the circuit breaker state machine, driven with a fake
 * clock. Prints "ok - name" / "not ok - name" per check (tests/run.sh
 * counts them) and exits 1 if any failed.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "breaker.h"
#include "util.h"

/* Record n outcomes, each after an allowed call; returns calls refused. */
static int
feed(struct breaker *b, int64_t now, int n, int ok)
{
	int64_t retry;
	int refused = 0;

	while (n-- > 0) {
		if (breaker_allow(b, now, &retry))
			breaker_record(b, now, ok);
		else
			refused++;
	}
	return refused;
}

/* window 10, opens at 50 % failures once 5 calls are in, open 1000 ms */
static void
setup(struct breaker *b)
{
	breaker_init(b, 10, 50, 5, 1000);
	breaker_set_name(b, "test");
}

static void
test_below_min_calls(void)
{
	struct breaker b;

	setup(&b);
	feed(&b, 0, 4, 0);
	check(breaker_state(&b, 0) == BREAKER_CLOSED,
	    "stays closed below min_calls, even with every call failing");
	check(b.count == 4 && b.fails == 4, "window counts 4 of 4 failed");
}

static void
test_opens_at_share(void)
{
	struct breaker b;

	setup(&b);
	feed(&b, 0, 5, 1);
	feed(&b, 0, 4, 0);
	check(breaker_state(&b, 0) == BREAKER_CLOSED,
	    "4 failures of 9 (44 %%) keeps it closed");
	feed(&b, 0, 1, 0);
	check(breaker_state(&b, 0) == BREAKER_OPEN,
	    "5 failures of 10 (50 %%) opens it");
	check(b.opened == 1, "opened counter is 1");
	check(b.calls == 10 && b.failures == 5, "totals 10 calls, 5 failures");
}

static void
test_refuses_while_open(void)
{
	struct breaker b;
	int64_t r1 = 0, r2 = 0, r3 = 0;
	int a1, a2, a3;

	setup(&b);
	feed(&b, 100, 5, 0);
	a1 = breaker_allow(&b, 100, &r1);
	a2 = breaker_allow(&b, 600, &r2);
	a3 = breaker_allow(&b, 1099, &r3);
	check(!a1 && !a2 && !a3, "refuses calls while open");
	check(r1 == 1000 && r2 == 500 && r3 == 1,
	    "retry_after decreases to the end of open_ms (1000, 500, 1)");
	check(b.rejected == 3, "rejected counter is 3");
	check(breaker_state(&b, 1099) == BREAKER_OPEN, "still open at 999 ms");
	check(breaker_state(&b, 1100) == BREAKER_HALF_OPEN,
	    "reads half-open once open_ms passed");
}

static void
test_half_open_one_probe(void)
{
	struct breaker b;
	int64_t retry = 0;
	int first, second;

	setup(&b);
	feed(&b, 0, 5, 0);
	first = breaker_allow(&b, 1000, &retry);
	second = breaker_allow(&b, 1000, &retry);
	check(first == 1, "half-open admits a probe");
	check(second == 0 && retry >= 1 && retry <= BREAKER_PROBE_RETRY_MS,
	    "half-open refuses a second call while the probe is in flight");
	check(breaker_allow(&b, 1200, &retry) == 0,
	    "still refused 200 ms into the probe");
	check(breaker_allow(&b, 2000, &retry) == 1,
	    "a probe never recorded is written off after open_ms");
}

static void
test_probe_success_closes(void)
{
	struct breaker b;
	int64_t retry;

	setup(&b);
	feed(&b, 0, 5, 0);
	breaker_allow(&b, 1000, &retry);
	breaker_record(&b, 1010, 1);
	check(breaker_state(&b, 1010) == BREAKER_CLOSED,
	    "probe success closes it");
	check(b.count == 0 && b.fails == 0, "closing empties the window");
	check(b.opened == 1 && b.closed == 1, "the opening and the closing "
	    "are counted");
	check(breaker_allow(&b, 1010, &retry) == 1 &&
	    breaker_allow(&b, 1010, &retry) == 1,
	    "closed again: calls go through");
	/* the old failures are gone: 4 new failures do not reopen it */
	feed(&b, 1020, 4, 0);
	check(breaker_state(&b, 1020) == BREAKER_CLOSED,
	    "after closing, min_calls applies afresh");
}

static void
test_probe_failure_reopens(void)
{
	struct breaker b;
	int64_t retry = 0;

	setup(&b);
	feed(&b, 0, 5, 0);
	breaker_allow(&b, 1000, &retry);
	breaker_record(&b, 1500, 0);
	check(breaker_state(&b, 1500) == BREAKER_OPEN, "probe failure reopens");
	check(b.opened == 2, "opened counter is 2");
	check(breaker_allow(&b, 1500, &retry) == 0 && retry == 1000,
	    "reopened for a full open_ms from the probe's failure");
	check(breaker_allow(&b, 2500, &retry) == 1,
	    "half-open again after another open_ms");
}

static void
test_window_slides(void)
{
	struct breaker b;

	setup(&b);
	feed(&b, 0, 6, 1);
	feed(&b, 0, 4, 0);  /* 4 of 10 failed: still closed */
	feed(&b, 0, 6, 1);  /* the failures are now the oldest */
	check(b.count == 10 && b.fails == 4, "window holds the last 10 calls");
	feed(&b, 0, 4, 1);  /* push them all out */
	check(b.count == 10 && b.fails == 0 &&
	    breaker_state(&b, 0) == BREAKER_CLOSED,
	    "old failures fall out of the window");
	feed(&b, 0, 4, 0);
	check(breaker_state(&b, 0) == BREAKER_CLOSED,
	    "4 fresh failures of 10 keep it closed");
	feed(&b, 0, 1, 0);
	check(breaker_state(&b, 0) == BREAKER_OPEN,
	    "the 5th fresh failure of the last 10 opens it");
}

static void
test_late_outcomes(void)
{
	struct breaker b;

	setup(&b);
	feed(&b, 0, 5, 0);
	breaker_record(&b, 10, 1); /* admitted before it opened */
	check(breaker_state(&b, 10) == BREAKER_OPEN,
	    "a late success while open does not close it");
	check(b.calls == 6, "late outcome counts in the totals");
}

static void
test_stats(void)
{
	struct breaker b;
	json_t *st;
	int64_t retry;

	setup(&b);
	feed(&b, 0, 5, 0);
	breaker_allow(&b, 250, &retry);
	st = breaker_stats(&b, 400);
	check(st != NULL &&
	    strcmp(json_string_value(json_object_get(st, "state")), "open") == 0 &&
	    json_integer_value(json_object_get(st, "window_calls")) == 5 &&
	    json_integer_value(json_object_get(st, "window_failures")) == 5 &&
	    json_integer_value(json_object_get(st, "calls")) == 5 &&
	    json_integer_value(json_object_get(st, "failures")) == 5 &&
	    json_integer_value(json_object_get(st, "rejected")) == 1 &&
	    json_integer_value(json_object_get(st, "opened")) == 1 &&
	    json_integer_value(json_object_get(st, "retry_after_ms")) == 600,
	    "stats report state, window, counters and retry_after_ms");
	json_decref(st);
	check(strcmp(breaker_state_name(BREAKER_HALF_OPEN), "half-open") == 0,
	    "state names");
}

static void
test_clamping(void)
{
	struct breaker b;

	breaker_init(&b, 100000, 0, 0, 0);
	check(b.window == BREAKER_WINDOW_MAX && b.failure_pct == 1 &&
	    b.min_calls == 1 && b.open_ms == 1,
	    "out-of-range settings are clamped");
	breaker_init(&b, 3, 50, 10, 1000);
	check(b.min_calls == 3, "min_calls is at most the window");
}

int
main(void)
{
	log_set_level("error"); /* transitions are logged at info/warn */
	test_below_min_calls();
	test_opens_at_share();
	test_refuses_while_open();
	test_half_open_one_probe();
	test_probe_success_closes();
	test_probe_failure_reopens();
	test_window_slides();
	test_late_outcomes();
	test_stats();
	test_clamping();
	return check_status();
}
