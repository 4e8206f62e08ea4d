/*
 * shop_tz.h: a shop's wall clock. A shop keeps its hours in its own time
 * zone (an IANA name such as "Asia/Seoul", the default), whatever the
 * server's TZ is: the offset is read from the zone's TZif file under
 * $TZDIR or /usr/share/zoneinfo, never from the process's TZ (services
 * are threads of one process, and localtime would be shared state).
 * After a file's last transition the last offset holds (Korea has no
 * daylight saving time; a zone that does is right until its file's
 * last listed change).
 */
#ifndef BAEDAL_SHOP_TZ_H
#define BAEDAL_SHOP_TZ_H

#include <stdint.h>
#include <time.h>

#include "config.h"

#define SHOP_TZ_DEFAULT "Asia/Seoul"

/* The shops' now, in ms since the epoch: the wall clock plus the
 * configuration's clock offset (a knob for tests and demos). */
int64_t shop_now(const struct config *cfg);

/* 1 when tz names a zone file that can be read, else 0. */
int shop_tz_valid(const char *tz);

/*
 * Break ms (since the epoch, UTC) down into the wall-clock time of zone
 * tz into *tm (tm_wday 0 = Sunday); an unknown zone is taken as UTC+9
 * (Asia/Seoul) and logged. Returns the offset from UTC in seconds.
 */
int32_t shop_tz_local(const char *tz, int64_t ms, struct tm *tm);

/*
 * The ms since the epoch of wall-clock day (tm's year, month and day
 * of month, normalised like timegm) at minute of day min in zone tz.
 */
int64_t shop_tz_ms(const char *tz, const struct tm *day, int min);

/*
 * Parse a calendar date "YYYY-MM-DD" (years 2000-2100, a day that exists:
 * no 2026-02-30) into *tm (year, month, day of month; the rest zero).
 * Returns 0, or -1 leaving *tm unspecified.
 */
int shop_tz_date_parse(const char *s, struct tm *tm);

/* Write tm's date as "YYYY-MM-DD" into out (11 bytes); returns out. */
char *shop_tz_date_format(const struct tm *tm, char out[11]);

#endif
