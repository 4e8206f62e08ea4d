/*
 * test_cust_eta.c: baedal-customer's ETA line (customer_eta.c): the
 * countdown in minutes and seconds, "조금 늦어지고 있어요" once the ETA
 * has passed, "준비 완료 예정" for a pickup, nothing for an order with no
 * ETA running, and clock times in KST whatever the machine's zone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "customer.h"

/* 2026-12-06 12:00:00 UTC, 21:00 in Seoul. */
#define NOON_UTC 1796558400000LL

/* The ETA line of an order in status of kind, due at eta, at now. */
static int
eta(const char *status, const char *kind, int64_t eta_at, int64_t now,
    char *buf, size_t n)
{
	json_t *o = json_pack("{s:s, s:s, s:I}", "status", status, "kind",
	    kind, "eta_at", (json_int_t)eta_at);
	int r = cust_eta_text(o, now, buf, n);

	json_decref(o);
	return r;
}

static void
test_countdown(void)
{
	char buf[256];
	int64_t due = NOON_UTC + 30 * 60000LL;

	check(eta("ACCEPTED", "delivery", due, NOON_UTC + 5 * 60000LL + 500,
	    buf, sizeof buf) == CUST_ETA_COUNTING, "an accepted order counts");
	check_str(buf, "도착까지 25분 00초 · 21:30 도착 예정",
	    "half a second gone still shows the whole second");
	eta("COOKING", "delivery", due, NOON_UTC + 5 * 60000LL, buf,
	    sizeof buf);
	check_str(buf, "도착까지 25분 00초 · 21:30 도착 예정",
	    "minutes and seconds left, the time in KST");
	eta("DELIVERING", "delivery", due, due - 61000, buf, sizeof buf);
	check_str(buf, "도착까지 1분 01초 · 21:30 도착 예정",
	    "seconds are two digits");
	eta("DELIVERING", "delivery", due, due - 400, buf, sizeof buf);
	check_str(buf, "도착까지 0분 01초 · 21:30 도착 예정",
	    "a part of a second left counts as one");
	check(eta("DELIVERING", "delivery", due, due, buf, sizeof buf) ==
	    CUST_ETA_LATE, "at the ETA it is late");
	check_str(buf, "조금 늦어지고 있어요 · 21:30 도착 예정이었어요",
	    "late says so, with the time it was due");
	eta("COOKING", "pickup", due, due - 90000, buf, sizeof buf);
	check_str(buf, "준비 완료 예정 21:30 · 1분 30초 남음",
	    "a pickup says 준비 완료 예정");
	eta("COOKING", "pickup", due, due + 1, buf, sizeof buf);
	check_str(buf, "조금 늦어지고 있어요 · 21:30 준비 완료 예정이었어요",
	    "a late pickup");
}

static void
test_none(void)
{
	static const char *const none[] = {
		"PAID", "AWAITING_DEPOSIT", "DELIVERED", "PICKED_UP",
		"CANCELLED", "REJECTED", "EXPIRED"
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof none / sizeof none[0]; i++)
		check(eta(none[i], "delivery", NOON_UTC, 0, buf, sizeof buf) ==
		    CUST_ETA_NONE && buf[0] == '\0', "no ETA line when %s",
		    none[i]);
	check(eta("READY", "pickup", NOON_UTC, 0, buf, sizeof buf) ==
	    CUST_ETA_NONE, "a pickup that is ready waits: no countdown");
	check(eta("READY", "delivery", NOON_UTC, 0, buf, sizeof buf) ==
	    CUST_ETA_COUNTING, "a delivery that is ready still counts");
	check(eta("ACCEPTED", "delivery", 0, 0, buf, sizeof buf) ==
	    CUST_ETA_NONE, "no ETA, no line");
}

static void
test_kst(void)
{
	char buf[32];

	setenv("TZ", "America/New_York", 1);
	tzset();
	cust_kst(buf, sizeof buf, NOON_UTC, "%Y-%m-%d %H:%M");
	check_str(buf, "2026-12-06 21:00", "KST whatever the machine's zone");
	cust_kst(buf, sizeof buf, NOON_UTC + 3 * 3600000LL, "%m/%d %H:%M");
	check_str(buf, "12/07 00:00", "KST passes midnight before UTC does");
	cust_kst(buf, sizeof buf, 0, "%H:%M");
	check_str(buf, "-", "no time is -");
}

int
main(void)
{
	test_countdown();
	test_none();
	test_kst();
	return check_status();
}
