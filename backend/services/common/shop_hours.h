/*
 * shop_hours.h: a shop's opening hours and closed dates, in its own time
 * zone. "hours" is an object with a member per weekday ("mon" ... "sun"),
 * each an array of ranges "HH:MM-HH:MM"; a range that ends at or before
 * it starts runs past midnight ("17:00-02:00" is open until 2 in the
 * morning of the next day, which belongs to the day it started). A day
 * absent or [] is closed; "hours" null or absent means always open.
 * "closed_dates" is an array of local dates "YYYY-MM-DD" on which no
 * range starts (a range of the day before still ends as usual). Pure:
 * jansson and shop_tz only.
 */
#ifndef BAEDAL_SHOP_HOURS_H
#define BAEDAL_SHOP_HOURS_H

#include <jansson.h>
#include <stdint.h>

#include "wire.h"

#define SHOP_HOURS_MAX_RANGES 4   /* per day */
#define SHOP_HOURS_MAX_CLOSED 60  /* closed dates */

/*
 * 0 when hours (may be NULL or null) and closed (may be NULL or null)
 * are well formed as above; else -1 with a bad_request err naming what
 * is wrong ("hours.fri[0]").
 */
int shop_hours_check(const json_t *hours, const json_t *closed,
    struct wire_error *err);

/*
 * Where shop (with "hours", "closed_dates" and "tz") stands at now:
 * returns 1 when open (*edge: when the running range ends), 0 when
 * closed (*edge: when it next opens, 0 when it opens in none of the next
 * 14 days). A shop without hours is always open (*edge 0).
 */
int shop_hours_at(const json_t *shop, int64_t now, int64_t *edge);

/*
 * When an item sold out "for today" at now comes back: the next opening
 * after the range open now ends (or after now when closed); without
 * hours, or with no opening in 14 days, the next local midnight.
 */
int64_t shop_hours_today_ends(const json_t *shop, int64_t now);

/* The next time of the local clock "HH:MM" after now in shop's zone;
 * -1 when text is not HH:MM. */
int64_t shop_hours_next_clock(const json_t *shop, const char *text,
    int64_t now);

#endif
