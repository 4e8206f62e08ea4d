/*
 * store_log.c: shops and menus as the log announces them (svc.h "own").
 * shop.updated carries the whole shop, menu included, with its version;
 * a replica applies one of a version above its own (a sibling's change,
 * or every one while its database is rebuilt from the log): the shop's
 * row is replaced, and its items, options and option groups are written
 * again in menu order. What shop.updated does not carry stays with the
 * replica: when an owner's console was last seen (it is seen again).
 */
#include <string.h>

#include "store_int.h"
#include "util.h"

/* v, or NULL for a JSON null (bound as SQL NULL, not the text "null"). */
static const json_t *
nn(const json_t *v)
{
	return json_is_null(v) ? NULL : v;
}

/* The shop's row from its object (as STORE_SHOP_COLUMNS show it). */
static int
store_log_shop(struct db *db, const json_t *shop)
{
	return db_do(db, "INSERT INTO shops(id, name, category, owner_id, open,"
	    " min_order, delivery_fee, version, paused_until, pause_reason,"
	    " busy_min, tz, hours_json, closed_dates_json, auto_paused, lat,"
	    " lon) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id)"
	    " DO UPDATE SET name = excluded.name, category = excluded.category,"
	    " owner_id = excluded.owner_id, open = excluded.open, min_order ="
	    " excluded.min_order, delivery_fee = excluded.delivery_fee,"
	    " version = excluded.version, paused_until = excluded.paused_until,"
	    " pause_reason = excluded.pause_reason, busy_min ="
	    " excluded.busy_min, tz = excluded.tz, hours_json ="
	    " excluded.hours_json, closed_dates_json ="
	    " excluded.closed_dates_json, auto_paused = excluded.auto_paused,"
	    " lat = excluded.lat, lon = excluded.lon", "ssssiiiijsisjjijj",
	    wire_str(shop, "id", NULL), wire_str(shop, "name", ""),
	    wire_str(shop, "category", ""), wire_str(shop, "owner_id", ""),
	    (int64_t)json_is_true(json_object_get(shop, "open")),
	    wire_int(shop, "min_order", 0), wire_int(shop, "delivery_fee", 0),
	    wire_int(shop, "version", 0), nn(json_object_get(shop,
	    "paused_until")), wire_str(shop, "pause_reason", NULL),
	    wire_int(shop, "busy_min", 0), wire_str(shop, "tz", "Asia/Seoul"),
	    nn(json_object_get(shop, "hours")), nn(json_object_get(shop,
	    "closed_dates")), (int64_t)json_is_true(json_object_get(shop,
	    "auto_paused")), nn(json_object_get(shop, "lat")),
	    nn(json_object_get(shop, "lon"))) == 1 ? 0 : -1;
}

/* One menu item of shop_id with its options and groups. 0 / -1. */
static int
store_log_item(struct db *db, const char *shop_id, const json_t *item)
{
	const char *id = wire_str(item, "id", NULL);
	const json_t *o;
	size_t i;

	if (db_do(db, "INSERT INTO items(shop_id, id, name, price, sold_out,"
	    " sold_out_until) VALUES (?,?,?,?,?,?)", "sssiij", shop_id, id,
	    wire_str(item, "name", ""), wire_int(item, "price", 0),
	    (int64_t)json_is_true(json_object_get(item, "sold_out")),
	    nn(json_object_get(item, "sold_out_until"))) != 1)
		return -1;
	json_array_foreach(json_object_get(item, "options"), i, o)
		if (db_do(db, "INSERT INTO options(shop_id, item_id, id, name,"
		    " price, grp, sold_out, sold_out_until) VALUES"
		    " (?,?,?,?,?,?,?,?)", "ssssisij", shop_id, id,
		    wire_str(o, "id", NULL), wire_str(o, "name", ""),
		    wire_int(o, "price", 0), wire_str(o, "group", NULL),
		    (int64_t)json_is_true(json_object_get(o, "sold_out")),
		    nn(json_object_get(o, "sold_out_until"))) != 1)
			return -1;
	json_array_foreach(json_object_get(item, "option_groups"), i, o)
		if (db_do(db, "INSERT INTO option_groups(shop_id, item_id, id,"
		    " name, min_count, max_count) VALUES (?,?,?,?,?,?)",
		    "ssssii", shop_id, id, wire_str(o, "id", NULL),
		    wire_str(o, "name", ""), wire_int(o, "min", 0),
		    wire_int(o, "max", 1)) != 1)
			return -1;
	return 0;
}

int
store_log_apply(struct svc *svc, const json_t *event, struct wire_error *err)
{
	struct db *db = svc_db(svc);
	const json_t *shop = json_object_get(json_object_get(event, "data"),
	    "shop"), *item;
	const char *id = wire_str(shop, "id", NULL);
	size_t i;

	if (id == NULL || !json_is_array(json_object_get(shop, "menu")))
		return wire_error_set(err, E_BAD_REQUEST, "shop.updated without "
		    "a shop and its menu");
	if (db_int(db, -1, "SELECT version FROM shops WHERE id = ?", "s", id) >=
	    wire_int(shop, "version", 0))
		return 0; /* this version or a later one is here */
	if (store_log_shop(db, shop) != 0 ||
	    db_do(db, "DELETE FROM options WHERE shop_id = ?", "s", id) < 0 ||
	    db_do(db, "DELETE FROM option_groups WHERE shop_id = ?", "s",
	    id) < 0 ||
	    db_do(db, "DELETE FROM items WHERE shop_id = ?", "s", id) < 0)
		return wire_error_set(err, E_INTERNAL, "shop %s could not be "
		    "written", id);
	json_array_foreach(json_object_get(shop, "menu"), i, item)
		if (store_log_item(db, id, item) != 0)
			return wire_error_set(err, E_INTERNAL, "the menu of shop "
			    "%s could not be written", id);
	return 0;
}
