/*
 * order_catalog.c: the order service's own copy of every shop's menu
 * (never read from store's database). Store hands over each change twice:
 * directly (order.catalog, before it tells the owner the change is done,
 * so every order placed after that sees it) and as the shop.updated event
 * (which also reaches a copy that missed the first). Each shop carries
 * store's version of it; an older version never replaces a newer one, in
 * whichever order the two arrive.
 */
#include "order_int.h"

#include "util.h"

/* Keep shop (a shop.updated "shop" object) unless a newer version of it
 * is kept already; seq is the event's log position (0 for a direct
 * handover). Returns 0, or -1 with err. */
static int
catalog_put(struct svc *svc, const json_t *shop, int64_t seq,
    struct wire_error *err)
{
	const char *id = json_string_value(json_object_get(shop, "id"));

	if (!json_is_object(shop) || id == NULL || !wire_id_valid(id) ||
	    !json_is_array(json_object_get(shop, "menu")))
		return wire_error_set(err, E_BAD_REQUEST,
		    "a shop needs {id, menu}");
	if (db_do(svc_db(svc), "INSERT INTO catalog(shop_id, shop_json, seq, "
	    "updated_at, version) VALUES (?,?,?,?,?) ON CONFLICT(shop_id) DO "
	    "UPDATE SET shop_json = excluded.shop_json, seq = max(seq, "
	    "excluded.seq), updated_at = excluded.updated_at, version = "
	    "excluded.version WHERE excluded.version >= coalesce(version, 0)",
	    "sjiii", id, shop, seq, now_ms(),
	    (int64_t)wire_int(shop, "version", 0)) < 0)
		return wire_error_set(err, E_INTERNAL, "catalog write failed");
	return 0;
}

int
order_catalog_apply(struct svc *svc, const json_t *event,
    struct wire_error *err)
{
	return catalog_put(svc, json_object_get(json_object_get(event, "data"),
	    "shop"), wire_int(event, "seq", 0), err);
}

int
order_catalog_take(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const json_t *shop = json_object_get(body, "shop");

	(void)req;
	if (catalog_put(svc, shop, 0, err) != 0)
		return -1;
	*result = json_pack("{s:O, s:I}", "shop_id", json_object_get(shop,
	    "id"), "version", (json_int_t)wire_int(shop, "version", 0));
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
