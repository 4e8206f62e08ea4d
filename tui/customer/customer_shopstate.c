/*
 * customer_shopstate.c: whether a shop takes orders now and how to say
 * so in a short cell ("영업중", "쉬는중 (14:30까지)", "준비중 (17:00
 * 오픈)", "바빠요 · 약 50분"), from store.shops / store.menu's
 * `accepting` and `status_text`; and whether an item or option is sold
 * out now (a `sold_out_until` that has passed counts as available).
 */
#include "customer.h"

#include <stdio.h>
#include <string.h>

#include "ui_i18n.h"
#include "util.h"
#include "wire.h"

int
cust_shop_accepting(const json_t *shop)
{
	const json_t *a = json_object_get(shop, "accepting");

	if (json_is_boolean(a))
		return json_is_true(a);
	return json_is_true(json_object_get(shop, "open"));
}

void
cust_shop_status(const json_t *shop, char *buf, size_t n)
{
	const char *text = wire_str(shop, "status_text", "");
	const char *paren = strchr(text, '(');

	if (text[0] == '\0')
		snprintf(buf, n, "%s", cust_shop_accepting(shop) ? _("영업중") :
		    _("준비중"));
	else if (paren != NULL)
		snprintf(buf, n, "%s %s", json_is_true(json_object_get(shop,
		    "paused")) ? _("쉬는중") : _("준비중"), paren);
	else if (json_is_true(json_object_get(shop, "auto_paused")) &&
	    !cust_shop_accepting(shop))
		snprintf(buf, n, _("자리 비움"));
	else
		/* The store's word, translated when it is a known one. */
		snprintf(buf, n, "%s", _(text));
}

int
cust_sold_out(const json_t *thing)
{
	const json_t *until = json_object_get(thing, "sold_out_until");

	if (!json_is_true(json_object_get(thing, "sold_out")))
		return 0;
	return !json_is_integer(until) || json_integer_value(until) > now_ms();
}
