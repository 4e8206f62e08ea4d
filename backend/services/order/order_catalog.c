/*
 * order_catalog.c: the order service's own copy of every shop's menu,
 * fed by store's shop.updated events (never by reading store's database).
 */
#include "order_int.h"

#include "util.h"

int
order_catalog_apply(struct svc *svc, const json_t *event,
    struct wire_error *err)
{
	const json_t *shop = json_object_get(json_object_get(event, "data"),
	    "shop");
	const char *id = json_string_value(json_object_get(shop, "id"));

	if (!json_is_object(shop) || id == NULL || !wire_id_valid(id) ||
	    !json_is_array(json_object_get(shop, "menu")))
		return wire_error_set(err, E_BAD_REQUEST,
		    "shop.updated without a shop {id, menu}");
	if (db_do(svc_db(svc), "INSERT INTO catalog(shop_id, shop_json, seq, "
	    "updated_at) VALUES (?,?,?,?) ON CONFLICT(shop_id) DO UPDATE SET "
	    "shop_json = excluded.shop_json, seq = excluded.seq, "
	    "updated_at = excluded.updated_at", "sjii", id, shop,
	    (int64_t)json_integer_value(json_object_get(event, "seq")),
	    now_ms()) != 1)
		return wire_error_set(err, E_INTERNAL, "catalog write failed");
	return 0;
}

json_t *
order_catalog_get(struct db *db, const char *shop_id, struct wire_error *err)
{
	json_t *row = db_row(db, "SELECT shop_json FROM catalog WHERE "
	    "shop_id = ?", "s", shop_id);
	json_t *shop = json_incref(json_object_get(row, "shop"));

	json_decref(row);
	if (!json_is_object(shop)) {
		json_decref(shop);
		wire_error_set(err, E_NOT_FOUND, "no shop \"%s\"", shop_id);
		return NULL;
	}
	return shop;
}
