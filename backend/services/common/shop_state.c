/*
 * shop_state.c: a shop's state at a time (see shop_state.h).
 */
#include "shop_state.h"

#include <stdio.h>
#include <string.h>

#include "shop_hours.h"
#include "shop_tz.h"

int
shop_paused(const json_t *shop, int64_t now)
{
	const json_t *until = json_object_get(shop, "paused_until");

	if (!json_is_integer(until))
		return 0;
	return json_integer_value(until) == 0 || json_integer_value(until) >
	    now;
}

void
shop_state_clock(char *buf, size_t n, const char *tz, int64_t ms,
    int64_t now)
{
	struct tm at, today;

	shop_tz_local(tz, ms, &at);
	shop_tz_local(tz, now, &today);
	if (at.tm_yday == today.tm_yday && at.tm_year == today.tm_year)
		snprintf(buf, n, "%02d:%02d", at.tm_hour, at.tm_min);
	else
		snprintf(buf, n, "%02d/%02d %02d:%02d", at.tm_mon + 1,
		    at.tm_mday, at.tm_hour, at.tm_min);
}

/* "잠시 주문을 받지 않아요 (14:30까지) · reason" into buf. */
static void
shop_pause_text(char *buf, size_t n, const json_t *shop, int64_t now)
{
	int64_t until = json_integer_value(json_object_get(shop,
	    "paused_until"));
	const char *reason = json_string_value(json_object_get(shop,
	    "pause_reason"));
	char when[32] = "";

	if (until > 0)
		shop_state_clock(when, sizeof when, json_string_value(
		    json_object_get(shop, "tz")), until, now);
	snprintf(buf, n, "잠시 주문을 받지 않아요%s%s%s%s%s", when[0] ? " (" :
	    "", when, when[0] ? "까지)" : "", reason ? " · " : "",
	    reason ? reason : "");
}

/* "지금은 영업시간이 아니에요 (17:00 오픈)" into buf; opens: the next
 * opening (0: none in two weeks). */
static void
shop_hours_text(char *buf, size_t n, const json_t *shop, int64_t opens,
    int64_t now)
{
	char when[32] = "";

	if (opens > 0)
		shop_state_clock(when, sizeof when, json_string_value(
		    json_object_get(shop, "tz")), opens, now);
	snprintf(buf, n, "지금은 영업시간이 아니에요%s%s%s", when[0] ? " (" : "",
	    when, when[0] ? " 오픈)" : "");
}

/* The text of a shop whose owner's consoles are all gone. */
#define AUTO_PAUSED_TEXT "가게가 잠시 자리를 비웠어요"

void
shop_state_add(json_t *shop, int64_t now)
{
	int open = json_is_true(json_object_get(shop, "open"));
	int paused = shop_paused(shop, now);
	int away = json_is_true(json_object_get(shop, "auto_paused"));
	int64_t edge;
	int in_hours = shop_hours_at(shop, now, &edge);
	json_int_t busy = json_integer_value(json_object_get(shop,
	    "busy_min"));
	char text[512];

	json_object_set_new(shop, "open_now", json_boolean(in_hours));
	json_object_set_new(shop, in_hours ? "closes_at" : "opens_at",
	    edge > 0 ? json_integer(edge) : json_null());
	if (!open)
		snprintf(text, sizeof text, "준비중");
	else if (!in_hours)
		shop_hours_text(text, sizeof text, shop, edge, now);
	else if (paused)
		shop_pause_text(text, sizeof text, shop, now);
	else if (away)
		snprintf(text, sizeof text, AUTO_PAUSED_TEXT);
	else if (busy > 0)
		snprintf(text, sizeof text, "바빠요 · 약 %lld분",
		    (long long)(SHOP_ETA_BASE + busy));
	else
		snprintf(text, sizeof text, "영업중");
	json_object_set_new(shop, "paused", json_boolean(paused));
	json_object_set_new(shop, "accepting", json_boolean(open && !paused &&
	    in_hours && !away));
	json_object_set_new(shop, "eta_min", json_integer(SHOP_ETA_BASE +
	    busy));
	json_object_set_new(shop, "status_text", json_string(text));
}

int64_t
shop_state_until(const json_t *shop, int64_t now)
{
	static const char *const edges[] = { "paused_until", "opens_at",
	    "closes_at" };
	int64_t into = now % 60000, until, at;
	size_t i;

	if (into < 0)
		into += 60000; /* C's % rounds towards zero */
	until = now - into + 60000;
	for (i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		const json_t *v = json_object_get(shop, edges[i]);

		if (json_is_integer(v) && (at = json_integer_value(v)) > now &&
		    at < until)
			until = at;
	}
	return until;
}

int
shop_state_check(const json_t *shop, int64_t now, struct wire_error *err)
{
	const char *name = json_string_value(json_object_get(shop, "name"));
	char text[512];

	if (!json_is_true(json_object_get(shop, "open")))
		return wire_error_set(err, E_SHOP_CLOSED, "%.100s is not taking "
		    "orders right now", name ? name : "the shop");
	int64_t edge;

	if (!shop_hours_at(shop, now, &edge)) {
		shop_hours_text(text, sizeof text, shop, edge, now);
		return wire_error_set(err, E_SHOP_CLOSED, "%.100s: %.140s",
		    name ? name : "the shop", text);
	}
	if (shop_paused(shop, now)) {
		shop_pause_text(text, sizeof text, shop, now);
		return wire_error_set(err, E_SHOP_PAUSED, "%.100s: %.140s",
		    name ? name : "the shop", text);
	}
	if (json_is_true(json_object_get(shop, "auto_paused")))
		return wire_error_set(err, E_SHOP_PAUSED, "%.100s: "
		    AUTO_PAUSED_TEXT, name ? name : "the shop");
	return 0;
}

/* An item or option whose sold_out_until has passed is available. */
static void
shop_back_at(json_t *thing, int64_t now)
{
	const json_t *until = json_object_get(thing, "sold_out_until");

	if (json_is_true(json_object_get(thing, "sold_out")) &&
	    json_is_integer(until) && json_integer_value(until) <= now) {
		json_object_set_new(thing, "sold_out", json_false());
		json_object_set_new(thing, "sold_out_until", json_null());
	}
}

void
shop_menu_at(json_t *menu, int64_t now)
{
	json_t *item, *opt;
	size_t i, j;

	json_array_foreach(menu, i, item) {
		shop_back_at(item, now);
		json_array_foreach(json_object_get(item, "options"), j, opt)
			shop_back_at(opt, now);
	}
}
