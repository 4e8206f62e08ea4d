/*
 * test_shop_hours.c: a shop's clock (backend/services/common/shop_tz.c,
 * shop_hours.c): zone offsets from TZif files whatever TZ says, ranges
 * past midnight, closed dates, the next opening, "for today", and the
 * checks of hours an owner sends, and the dates of sales figures; and
 * until when a shop's state holds (shop_state.c), which store.shops's
 * kept answer lives by.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "shop_hours.h"
#include "shop_state.h"
#include "shop_tz.h"

/* Times in ms (Asia/Seoul, UTC+9). */
#define FRI_1800 1796374800000LL  /* Friday 2026-12-04 18:00 */
#define SAT_0100 1796400000000LL
#define SAT_0200 1796403600000LL
#define SAT_0300 1796407200000LL
#define SUN_0000 1796482800000LL
#define NEXT_FRI_1700 1796976000000LL

static json_t *
shop_with(const char *hours, const char *closed)
{
	json_t *shop = json_pack("{s:s}", "tz", "Asia/Seoul");

	json_object_set_new(shop, "hours", json_loads(hours, 0, NULL));
	if (closed != NULL)
		json_object_set_new(shop, "closed_dates", json_loads(closed, 0,
		    NULL));
	return shop;
}

static void
test_zones(void)
{
	struct tm tm;

	setenv("TZ", "America/Los_Angeles", 1);
	check(shop_tz_local("Asia/Seoul", FRI_1800, &tm) == 9 * 3600 &&
	    tm.tm_hour == 18 && tm.tm_wday == 5,
	    "Seoul's wall clock, whatever TZ says");
	check(shop_tz_local("America/New_York", 1782921600000LL, &tm) ==
	    -4 * 3600 && tm.tm_hour == 12, "New York in summer: UTC-4");
	check(shop_tz_local("America/New_York", 1768496400000LL, &tm) ==
	    -5 * 3600 && tm.tm_hour == 12, "and in winter: UTC-5");
	check(shop_tz_valid("Asia/Seoul") && !shop_tz_valid("Mars/Base") &&
	    !shop_tz_valid("../etc/passwd") && !shop_tz_valid("/etc/passwd") &&
	    !shop_tz_valid("Asia") && !shop_tz_valid(""),
	    "only zone files are zones");
}

static void
test_overnight(void)
{
	json_t *shop = shop_with("{\"fri\":[\"17:00-02:00\"]}", NULL);
	int64_t edge;

	check(shop_hours_at(shop, FRI_1800, &edge) == 1 && edge == SAT_0200,
	    "open on Friday evening until 2 on Saturday");
	check(shop_hours_at(shop, SAT_0100, &edge) == 1 && edge == SAT_0200,
	    "still open at 1 on Saturday (Friday's range)");
	check(shop_hours_at(shop, SAT_0200, &edge) == 0 &&
	    edge == NEXT_FRI_1700, "closed at 2, opening next Friday");
	check(shop_hours_today_ends(shop, FRI_1800) == NEXT_FRI_1700,
	    "sold out for today: back at the next opening");
	check(shop_hours_today_ends(shop, SAT_0300) == NEXT_FRI_1700,
	    "... also when closed");
	json_decref(shop);
	shop = shop_with("null", NULL);
	check(shop_hours_at(shop, SAT_0300, &edge) == 1 && edge == 0,
	    "no hours: always open");
	check(shop_hours_today_ends(shop, SAT_0300) == SUN_0000,
	    "no hours: for today lasts to the shop's midnight");
	json_decref(shop);
}

static void
test_closed_dates(void)
{
	json_t *shop = shop_with("{\"fri\":[\"17:00-02:00\"]}",
	    "[\"2026-12-04\"]");
	int64_t edge;

	check(shop_hours_at(shop, FRI_1800, &edge) == 0 &&
	    edge == NEXT_FRI_1700, "a closed Friday does not open");
	check(shop_hours_at(shop, SAT_0100, &edge) == 0,
	    "nor run past its midnight");
	json_decref(shop);
	shop = shop_with("{\"fri\":[\"17:00-02:00\"]}", "[\"2026-12-05\"]");
	check(shop_hours_at(shop, SAT_0100, &edge) == 1 && edge == SAT_0200,
	    "the range of the day before a closed date still runs");
	json_decref(shop);
}

static void
test_checks(void)
{
	static const char *const bad[] = {
		"[]", "{\"fri\":\"17:00-02:00\"}", "{\"xyz\":[]}",
		"{\"mon\":[\"24:30-25:00\"]}", "{\"mon\":[\"9:00-10:00\"]}",
		"{\"mon\":[\"10:00\"]}", "{\"mon\":[7]}",
		"{\"mon\":[\"01:00-02:00\",\"03:00-04:00\",\"05:00-06:00\","
		"\"07:00-08:00\",\"09:00-10:00\"]}",
	};
	struct wire_error err;
	json_t *h;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		h = json_loads(bad[i], 0, NULL);
		check(shop_hours_check(h, NULL, &err) == -1 &&
		    strcmp(err.code, "bad_request") == 0, "refused: %s", bad[i]);
		json_decref(h);
	}
	h = json_loads("{\"mon\":[\"11:00-22:00\"],\"fri\":[\"17:00-02:00\","
	    "\"11:00-14:00\"],\"sun\":[]}", 0, NULL);
	check(shop_hours_check(h, NULL, &err) == 0, "good hours pass");
	json_decref(h);
	static const char *const dates[][2] = {
		{ "2026-13-01", "0" }, { "2030-02-31", "0" },
		{ "2026-04-31", "0" }, { "2100-02-29", "0" },
		{ "2028-02-29", "1" }, { "2000-02-29", "1" },
		{ "2026-12-31", "1" },
	};
	char list[32];

	for (i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		snprintf(list, sizeof list, "[\"%s\"]", dates[i][0]);
		h = json_loads(list, 0, NULL);
		check((shop_hours_check(NULL, h, &err) == 0) ==
		    (dates[i][1][0] == '1'), "%s is %s", dates[i][0],
		    dates[i][1][0] == '1' ? "a date" : "refused");
		json_decref(h);
	}
}

/* Calendar dates and the local day's bounds (the sales day in Korea
 * begins at 15:00 UTC the day before). */
static void
test_dates(void)
{
	static const char *const bad[] = {
		"2026-02-30", "2026-13-01", "2026-00-10", "2026-1-01",
		"2026-01-1x", "1999-12-31", "2026/01/01", "", "2026-01-011",
		"+026-01-01",
	};
	struct tm tm, next;
	char out[11];
	size_t i;

	check(shop_tz_date_parse("2028-02-29", &tm) == 0 &&
	    strcmp(shop_tz_date_format(&tm, out), "2028-02-29") == 0,
	    "a leap day parses and prints back");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		check(shop_tz_date_parse(bad[i], &tm) == -1, "refused: '%s'",
		    bad[i]);
	shop_tz_date_parse("2026-12-01", &tm);
	next = tm;
	next.tm_mday++;
	check(shop_tz_ms("Asia/Seoul", &tm, 0) == 1796050800000LL &&
	    shop_tz_ms("Asia/Seoul", &next, 0) - shop_tz_ms("Asia/Seoul",
	    &tm, 0) == 86400000LL, "12-01 in Seoul: from 11-30 15:00 UTC, "
	    "24 hours");
	shop_tz_date_parse("2026-12-31", &tm);
	tm.tm_mday++;
	timegm(&tm);
	check(strcmp(shop_tz_date_format(&tm, out), "2027-01-01") == 0,
	    "the day after the year's last");
}

/* The state store.shops keeps holds until the next minute, or a pause's
 * end, an opening or a closing before it; and it does change then. */
static void
test_state_until(void)
{
	json_t *shop = shop_with("{\"fri\":[\"17:00-18:00\"]}", NULL);
	json_t *later;
	int64_t before = FRI_1800 - 90 * 1000; /* 17:58:30 */
	char *a, *b;

	json_object_set_new(shop, "open", json_true());
	shop_state_add(shop, before);
	check(shop_state_until(shop, before) == FRI_1800 - 60 * 1000,
	    "an open shop's state holds until the next minute");
	check(shop_state_until(shop, FRI_1800 - 60 * 1000) == FRI_1800,
	    "and from a minute on the dot, until the next one");
	check(shop_state_until(NULL, -1) == 0 &&
	    shop_state_until(NULL, -60000) == 0,
	    "before 1970 too (minutes round down)");
	json_object_set_new(shop, "paused_until", json_integer(before + 1234));
	check(shop_state_until(shop, before) == before + 1234,
	    "a pause that ends sooner: until it ends");
	json_object_set_new(shop, "paused_until", json_integer(0));
	check(shop_state_until(shop, before) == FRI_1800 - 60 * 1000,
	    "a pause until resumed: the minute");
	json_object_del(shop, "paused_until");
	shop_state_add(shop, FRI_1800 - 1);
	check(shop_state_until(shop, FRI_1800 - 1) == FRI_1800,
	    "open until 18:00: a millisecond before, until then");
	a = json_dumps(shop, JSON_COMPACT | JSON_SORT_KEYS);
	later = json_deep_copy(shop);
	shop_state_add(later, FRI_1800);
	b = json_dumps(later, JSON_COMPACT | JSON_SORT_KEYS);
	check(strcmp(a, b) != 0 && json_is_false(json_object_get(later,
	    "open_now")), "and at 18:00 the state is another (closed)");
	free(a);
	free(b);
	json_decref(later);
	json_decref(shop);
}

int
main(void)
{
	test_state_until();
	test_dates();
	test_zones();
	test_overnight();
	test_closed_dates();
	test_checks();
	return check_status();
}
