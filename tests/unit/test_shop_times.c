/*
 * test_shop_times.c: the shapes of the times an owner types into
 * baedal-shop (tui/shop/shop_times.c): clocks, ranges (overnight ones
 * marked), dates of the calendar. Each is checked on both sides of its
 * edges.
 */
#include "check.h"
#include "shop.h"

int
main(void)
{
	static const char *const clocks_ok[] = { "00:00", "09:05", "15:00",
	    "23:59" };
	static const char *const clocks_bad[] = { "", "9:00", "24:00",
	    "12:60", "12-00", "1200", "12:000", "ab:cd", "12:0a", " 12:00" };
	static const char *const ranges_ok[] = { "11:00-22:00",
	    "17:00-02:00", "10:00-24:00", "00:00-00:00" };
	static const char *const ranges_bad[] = { "25:00-26:00",
	    "24:00-02:00", "11:00-22:60", "11:00 22:00", "11:00-22:00,",
	    "11-22", "" };
	static const char *const dates_ok[] = { "2026-12-25", "2028-02-29",
	    "2000-02-29", "1999-01-31" };
	static const char *const dates_bad[] = { "2030-02-31", "2027-02-29",
	    "2100-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
	    "2026-1-01", "2026/12/25", "2026-12-2a", "20261225", "" };
	size_t i;

	for (i = 0; i < sizeof clocks_ok / sizeof *clocks_ok; i++)
		check(shop_clock_valid(clocks_ok[i]), "clock %s", clocks_ok[i]);
	for (i = 0; i < sizeof clocks_bad / sizeof *clocks_bad; i++)
		check(!shop_clock_valid(clocks_bad[i]), "not a clock: '%s'",
		    clocks_bad[i]);
	for (i = 0; i < sizeof ranges_ok / sizeof *ranges_ok; i++)
		check(shop_range_valid(ranges_ok[i]), "range %s", ranges_ok[i]);
	for (i = 0; i < sizeof ranges_bad / sizeof *ranges_bad; i++)
		check(!shop_range_valid(ranges_bad[i]), "not a range: '%s'",
		    ranges_bad[i]);
	check(shop_range_overnight("17:00-02:00"), "17:00-02:00 is overnight");
	check(shop_range_overnight("00:00-00:00"),
	    "00:00-00:00 runs to the next midnight");
	check(!shop_range_overnight("11:00-22:00"), "11:00-22:00 is not");
	check(!shop_range_overnight("10:00-24:00"), "10:00-24:00 is not");
	check(!shop_range_overnight("25:00-02:00"), "a bad range is not");
	for (i = 0; i < sizeof dates_ok / sizeof *dates_ok; i++)
		check(shop_date_valid(dates_ok[i]), "date %s", dates_ok[i]);
	for (i = 0; i < sizeof dates_bad / sizeof *dates_bad; i++)
		check(!shop_date_valid(dates_bad[i]), "not a date: '%s'",
		    dates_bad[i]);
	return check_status();
}
