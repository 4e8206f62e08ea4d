/*
 * customer_eta.c: the ETA as people read it: minutes and seconds left
 * ("도착까지 12분 05초"), "조금 늦어지고 있어요" once it has passed,
 * "준비 완료 예정" for a pickup; and dates in Korea's time (KST), whatever
 * the machine's zone. The clock is the machine's, moved by
 * BAEDAL_CLOCK_OFFSET_MS (tests and demos), like the daemon's.
 */
#include "customer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui_i18n.h"
#include "ui_text.h"
#include "util.h"

/* Korea keeps UTC+9 all year (no summer time since 1988). */
#define KST_OFFSET_S (9 * 3600)

int64_t
cust_now(void)
{
	static int64_t offset = -1;
	const char *env;

	if (offset < 0) {
		env = getenv("BAEDAL_CLOCK_OFFSET_MS");
		offset = env != NULL ? strtoll(env, NULL, 10) : 0;
		if (offset < 0)
			offset = 0;
	}
	return now_ms() + offset;
}

void
cust_kst(char *buf, size_t n, int64_t ms, const char *fmt)
{
	time_t t = (time_t)(ms / 1000) + KST_OFFSET_S;
	struct tm tm;

	if (ms <= 0 || gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, n, fmt, &tm) == 0)
		snprintf(buf, n, "-");
}

/* 1 when an order in status is on its way to its ETA: accepted and not
 * yet handed over (a pickup that is READY waits for its customer). */
static int
eta_running(const char *status, int pickup)
{
	static const char *const running[] = {
		"ACCEPTED", "COOKING", "READY", "DELIVERING"
	};
	size_t i;

	if (pickup && strcmp(status, "READY") == 0)
		return 0;
	for (i = 0; i < ARRAY_LEN(running); i++)
		if (strcmp(status, running[i]) == 0)
			return 1;
	return 0;
}

int
cust_eta_text(const json_t *o, int64_t now, char *buf, size_t n)
{
	const char *status = wire_str(o, "status", "");
	int pickup = strcmp(wire_str(o, "kind", "delivery"), "pickup") == 0;
	int64_t eta = wire_int(o, "eta_at", 0), left;
	char at[16];

	buf[0] = '\0';
	if (eta <= 0 || !eta_running(status, pickup))
		return CUST_ETA_NONE;
	cust_kst(at, sizeof at, eta, "%H:%M");
	left = (eta - now + 999) / 1000;
	if (left <= 0 && pickup)
		snprintf(buf, n, _("조금 늦어지고 있어요 · %s 준비 완료 "
		    "예정이었어요"), at);
	else if (left <= 0)
		snprintf(buf, n, _("조금 늦어지고 있어요 · %s 도착 "
		    "예정이었어요"), at);
	else if (pickup)
		snprintf(buf, n, _("준비 완료 예정 %s · %lld분 %02lld초 남음"),
		    at, (long long)(left / 60), (long long)(left % 60));
	else
		snprintf(buf, n, _("도착까지 %lld분 %02lld초 · %s 도착 예정"),
		    (long long)(left / 60), (long long)(left % 60), at);
	if (left <= 0)
		return CUST_ETA_LATE;
	return CUST_ETA_COUNTING;
}
