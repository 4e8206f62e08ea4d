/*
 * shop_times.c: the shapes of the times an owner types into the console
 * (a clock "15:00", a range "17:00-02:00", a date "2026-12-25"), checked
 * before anything is sent, as the backend checks them again
 * (PROTOCOL.md, "Opening hours" and "Sold out until"). Pure: no terminal,
 * no connection.
 */
#include "shop.h"

#include <stdlib.h>
#include <string.h>

/* "HH:MM" of 24:00 at most into minutes of the day; -1 when s (its first
 * 5 bytes and what follows them ignored) is not one. */
static int
times_minutes(const char *s, int allow_24)
{
	int h, m;

	if (strspn(s, "0123456789") != 2 || s[2] != ':' ||
	    strspn(s + 3, "0123456789") < 2)
		return -1;
	h = (s[0] - '0') * 10 + s[1] - '0';
	m = (s[3] - '0') * 10 + s[4] - '0';
	if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allow_24)))
		return -1;
	return h * 60 + m;
}

int
shop_clock_valid(const char *hhmm)
{
	return strlen(hhmm) == 5 && times_minutes(hhmm, 0) >= 0;
}

int
shop_range_valid(const char *range)
{
	return strlen(range) == 11 && range[5] == '-' &&
	    times_minutes(range, 0) >= 0 && times_minutes(range + 6, 1) >= 0;
}

int
shop_range_overnight(const char *range)
{
	return shop_range_valid(range) && times_minutes(range + 6, 1) <=
	    times_minutes(range, 0);
}

int
shop_date_valid(const char *date)
{
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int y, m, d;

	if (strlen(date) != 10 || date[4] != '-' || date[7] != '-' ||
	    strspn(date, "0123456789") != 4 ||
	    strspn(date + 5, "0123456789") != 2 ||
	    strspn(date + 8, "0123456789") != 2)
		return 0;
	y = atoi(date);
	m = (date[5] - '0') * 10 + date[6] - '0';
	d = (date[8] - '0') * 10 + date[9] - '0';
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0));
}
