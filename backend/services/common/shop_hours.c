/*
 * shop_hours.c: opening hours (see shop_hours.h).
 */
#include "shop_hours.h"

#include <stdio.h>
#include <string.h>

#include "shop_tz.h"

#define DAY_MS (24 * 3600 * 1000LL)
#define LOOK_DAYS 14

static const char *const weekdays[] = { "sun", "mon", "tue", "wed", "thu",
    "fri", "sat" };

/* "HH:MM" (00:00-24:00) into minutes of the day; -1 when malformed. */
static int
clock_min(const char *s, size_t len)
{
	int h, m;

	if (len != 5 || s[2] != ':' || strspn(s, "0123456789:") != 5 ||
	    sscanf(s, "%2d:%2d", &h, &m) != 2 || m > 59 || h > 24 ||
	    (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

/* A range "HH:MM-HH:MM" into *from and *to (minutes); 0 or -1. */
static int
range_parse(const char *s, int *from, int *to)
{
	if (s == NULL || strlen(s) != 11 || s[5] != '-')
		return -1;
	*from = clock_min(s, 5);
	*to = clock_min(s + 6, 5);
	return *from < 0 || *to < 0 || *from == 24 * 60 ? -1 : 0;
}

/* 1 when s is a real calendar date "YYYY-MM-DD" of 2000-2100. */
static int
date_ok(const char *s)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, d, leap;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 2000 ||
	    y > 2100 || m < 1 || m > 12)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d >= 1 && d <= days[m - 1] + (m == 2 && leap);
}

int
shop_hours_check(const json_t *hours, const json_t *closed,
    struct wire_error *err)
{
	const char *key;
	json_t *v, *r;
	size_t i, j;
	int a, b;

	if (hours != NULL && !json_is_null(hours) && !json_is_object(hours))
		return wire_error_set(err, E_BAD_REQUEST, "member \"hours\" "
		    "must be an object of weekdays (mon ... sun)");
	json_object_foreach((json_t *)hours, key, v) {
		for (i = 0; i < 7 && strcmp(weekdays[i], key) != 0; i++)
			;
		if (i == 7)
			return wire_error_set(err, E_BAD_REQUEST, "hours: "
			    "\"%.16s\" is not mon, tue, wed, thu, fri, sat or "
			    "sun", key);
		if (!json_is_array(v) || json_array_size(v) >
		    SHOP_HOURS_MAX_RANGES)
			return wire_error_set(err, E_BAD_REQUEST, "hours.%s "
			    "must be an array of at most %d ranges", key,
			    SHOP_HOURS_MAX_RANGES);
		json_array_foreach(v, j, r)
			if (range_parse(json_string_value(r), &a, &b) != 0)
				return wire_error_set(err, E_BAD_REQUEST,
				    "hours.%s[%zu] must be \"HH:MM-HH:MM\"",
				    key, j);
	}
	if (closed != NULL && !json_is_null(closed) && (!json_is_array(closed)
	    || json_array_size(closed) > SHOP_HOURS_MAX_CLOSED))
		return wire_error_set(err, E_BAD_REQUEST, "member "
		    "\"closed_dates\" must be an array of at most %d dates",
		    SHOP_HOURS_MAX_CLOSED);
	json_array_foreach(closed, i, v)
		if (!date_ok(json_string_value(v)))
			return wire_error_set(err, E_BAD_REQUEST,
			    "closed_dates[%zu] must be \"YYYY-MM-DD\"", i);
	return 0;
}

/* 1 when the local date of day is one of closed. */
static int
day_closed(const json_t *closed, const struct tm *day)
{
	char date[40];
	size_t i;
	json_t *v;

	snprintf(date, sizeof date, "%04d-%02d-%02d", day->tm_year + 1900,
	    day->tm_mon + 1, day->tm_mday);
	json_array_foreach(closed, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), date) == 0)
			return 1;
	return 0;
}

/*
 * Walk the ranges of the days from yesterday to LOOK_DAYS ahead: *open_end
 * gets the end of a range holding now (0: none), *next_start the first
 * start after now (0: none). after: only starts at or after it count.
 */
static void
hours_scan(const json_t *shop, int64_t now, int64_t after,
    int64_t *open_end, int64_t *next_start)
{
	const json_t *hours = json_object_get(shop, "hours");
	const json_t *closed = json_object_get(shop, "closed_dates");
	const char *tz = json_string_value(json_object_get(shop, "tz"));
	struct tm today, day;
	json_t *r;
	size_t i;
	int d, a, b;

	*open_end = *next_start = 0;
	shop_tz_local(tz, now, &today);
	for (d = -1; d <= LOOK_DAYS; d++) {
		day = today;
		day.tm_mday += d;
		day.tm_hour = 12; /* normalise the date, whatever the zone */
		if (timegm(&day) == (time_t)-1 || day_closed(closed, &day))
			continue;
		json_array_foreach(json_object_get(hours,
		    weekdays[day.tm_wday]), i, r) {
			int64_t start, end;

			if (range_parse(json_string_value(r), &a, &b) != 0)
				continue;
			start = shop_tz_ms(tz, &day, a);
			end = shop_tz_ms(tz, &day, b <= a ? b + 24 * 60 : b);
			if (start <= now && now < end && end > *open_end)
				*open_end = end;
			if (start > now && start >= after &&
			    (*next_start == 0 || start < *next_start))
				*next_start = start;
		}
	}
}

int
shop_hours_at(const json_t *shop, int64_t now, int64_t *edge)
{
	int64_t end, next;

	*edge = 0;
	if (!json_is_object(json_object_get(shop, "hours")))
		return 1;
	hours_scan(shop, now, 0, &end, &next);
	*edge = end ? end : next;
	return end != 0;
}

/* The next local midnight after now in shop's zone. */
static int64_t
next_midnight(const json_t *shop, int64_t now)
{
	const char *tz = json_string_value(json_object_get(shop, "tz"));
	struct tm day;

	shop_tz_local(tz, now, &day);
	day.tm_mday += 1;
	return shop_tz_ms(tz, &day, 0);
}

int64_t
shop_hours_today_ends(const json_t *shop, int64_t now)
{
	int64_t end, next;

	if (!json_is_object(json_object_get(shop, "hours")))
		return next_midnight(shop, now);
	hours_scan(shop, now, 0, &end, &next);
	if (end != 0)
		hours_scan(shop, now, end, &end, &next);
	return next ? next : next_midnight(shop, now);
}

int64_t
shop_hours_next_clock(const json_t *shop, const char *text, int64_t now)
{
	const char *tz = json_string_value(json_object_get(shop, "tz"));
	int min = text ? clock_min(text, strlen(text)) : -1;
	struct tm day;
	int64_t at;

	if (min < 0 || min >= 24 * 60)
		return -1;
	shop_tz_local(tz, now, &day);
	at = shop_tz_ms(tz, &day, min);
	if (at <= now) {
		day.tm_mday += 1;
		at = shop_tz_ms(tz, &day, min);
	}
	return at;
}
