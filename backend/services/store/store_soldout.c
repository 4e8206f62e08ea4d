/*
 * store_soldout.c: an owner marks an item sold out indefinitely, for
 * today (back at the shop's next opening) or until a time, and back. The
 * time is kept with the item; readers (store's menu, the order service)
 * compare it with the shops' clock (shop_menu_at), and the tick writes
 * the return down and publishes it.
 */
#include <string.h>

#include "shop_hours.h"
#include "shop_tz.h"
#include "store_int.h"
#include "util.h"

#define SOLDOUT_MAX_MS (7 * 24 * 3600 * 1000LL)

/* The member "until" of body as a time (0 when absent: indefinitely),
 * for shop_id at now; -1 with a bad_request err. */
static int
soldout_until(struct svc *svc, const json_t *body, const char *shop_id,
    int64_t now, int64_t *until, struct wire_error *err)
{
	const json_t *v = json_object_get(body, "until");
	json_t *shop;

	*until = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_integer(v))
		*until = json_integer_value(v);
	else if (json_is_string(v)) {
		if ((shop = store_shop_get(svc_db(svc), shop_id)) == NULL)
			return wire_error_set(err, E_NOT_FOUND, "no shop %s",
			    shop_id);
		*until = strcmp(json_string_value(v), "today") == 0 ?
		    shop_hours_today_ends(shop, now) :
		    shop_hours_next_clock(shop, json_string_value(v), now);
		json_decref(shop);
	}
	if (*until <= now || *until > now + SOLDOUT_MAX_MS)
		return wire_error_set(err, E_BAD_REQUEST, "member \"until\" must "
		    "be \"today\", a clock time \"HH:MM\" or a time in ms within "
		    "the next 7 days");
	return 0;
}

/* Write the sold-out state of an item, or of one of its options when
 * option_id is set; the rows changed (0: no such item or option). */
static int
soldout_write(struct db *db, const char *shop_id, const char *item_id,
    const char *option_id, int sold_out, int64_t until)
{
	if (option_id != NULL)
		return until > 0 ? db_do(db, "UPDATE options SET sold_out = 1, "
		    "sold_out_until = ? WHERE shop_id = ? AND item_id = ? AND "
		    "id = ?", "isss", until, shop_id, item_id, option_id) :
		    db_do(db, "UPDATE options SET sold_out = ?, sold_out_until "
		    "= NULL WHERE shop_id = ? AND item_id = ? AND id = ?", "isss",
		    (int64_t)sold_out, shop_id, item_id, option_id);
	return until > 0 ? db_do(db, "UPDATE items SET sold_out = 1, "
	    "sold_out_until = ? WHERE shop_id = ? AND id = ?", "iss", until,
	    shop_id, item_id) : db_do(db, "UPDATE items SET sold_out = ?, "
	    "sold_out_until = NULL WHERE shop_id = ? AND id = ?", "iss",
	    (int64_t)sold_out, shop_id, item_id);
}

int
store_soldout(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *shop_id, *item_id = NULL, *option_id = NULL;
	int64_t now = shop_now(svc_config(svc)), until = 0;
	int sold_out = 0, n;

	(void)result;
	if ((shop_id = store_owner_shop(req, err)) == NULL ||
	    wire_get_id(body, "item_id", 1, &item_id, err) != 0 ||
	    wire_get_id(body, "option_id", 0, &option_id, err) != 0 ||
	    wire_get_bool(body, "sold_out", 1, &sold_out, err) != 0 ||
	    soldout_until(svc, body, shop_id, now, &until, err) != 0)
		return -1;
	if (!sold_out && until != 0)
		return wire_error_set(err, E_BAD_REQUEST, "member \"until\" "
		    "goes with \"sold_out\": true");
	n = soldout_write(svc_db(svc), shop_id, item_id, option_id, sold_out,
	    until);
	if (n < 0)
		return -1;
	if (n == 0)
		return wire_error_set(err, E_NOT_FOUND, "no item %s%s%s in %s",
		    item_id, option_id ? " with option " : "",
		    option_id ? option_id : "", shop_id);
	return store_shop_changed(svc, req, shop_id, json_pack("{s:s, s:s*, "
	    "s:b, s:o}", "item_id", item_id, "option_id", option_id,
	    "sold_out", sold_out, "sold_out_until", until > 0 ?
	    json_integer(until) : json_null()));
}

void
store_soldout_tick(struct svc *svc, int64_t now)
{
	json_t *rows = db_rows(svc_db(svc), "SELECT shop_id FROM items WHERE "
	    "sold_out AND sold_out_until <= ?1 UNION SELECT shop_id FROM "
	    "options WHERE sold_out AND sold_out_until <= ?1", "i", now), *row;
	size_t i;

	json_array_foreach(rows, i, row) {
		const char *id = wire_str(row, "shop_id", "");

		if (db_do(svc_db(svc), "UPDATE items SET sold_out = 0, "
		    "sold_out_until = NULL WHERE shop_id = ? AND sold_out AND "
		    "sold_out_until <= ?", "si", id, now) >= 0 &&
		    db_do(svc_db(svc), "UPDATE options SET sold_out = 0, "
		    "sold_out_until = NULL WHERE shop_id = ? AND sold_out AND "
		    "sold_out_until <= ?", "si", id, now) >= 0 &&
		    store_shop_publish(svc, id) == 0)
			log_info("shop %s: sold-out items are back", id);
	}
	json_decref(rows);
}
