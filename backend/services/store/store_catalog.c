/*
 * store_catalog.c: shops and menus. Reads for everyone, sold-out and
 * open/close for the shop's owner; every change is announced as
 * shop.updated carrying the whole shop, from which the order service
 * keeps its copy of the catalog.
 */
#include "store_int.h"

json_t *
store_shop_get(struct db *db, const char *shop_id)
{
	return db_row(db, "SELECT id, name, category, owner_id,"
	    " CASE WHEN open THEN 'true' ELSE 'false' END AS open_json,"
	    " min_order, delivery_fee FROM shops WHERE id = ?", "s", shop_id);
}

json_t *
store_menu_get(struct db *db, const char *shop_id)
{
	return db_rows(db, "SELECT i.id, i.name, i.price,"
	    " CASE WHEN i.sold_out THEN 'true' ELSE 'false' END AS sold_out_json,"
	    " (SELECT json_group_array(json_object('id', o.id, 'name', o.name,"
	    "   'price', o.price, 'group', o.grp))"
	    "  FROM (SELECT id, name, price, grp FROM options"
	    "   WHERE shop_id = i.shop_id AND item_id = i.id ORDER BY rowid) o)"
	    "  AS options_json"
	    " FROM items i WHERE i.shop_id = ? ORDER BY i.rowid", "s", shop_id);
}

int
store_shop_publish(struct svc *svc, const char *shop_id)
{
	json_t *shop = store_shop_get(svc_db(svc), shop_id);
	json_t *menu = store_menu_get(svc_db(svc), shop_id);

	if (shop == NULL || menu == NULL) {
		json_decref(shop);
		json_decref(menu);
		return -1;
	}
	json_object_set_new(shop, "menu", menu);
	return svc_emit(svc, "shop.updated", 0, shop_id, NULL,
	    json_pack("{s:o}", "shop", shop));
}

const char *
store_owner_shop(const struct svc_req *req, struct wire_error *err)
{
	const char *shop_id = svc_req_caller(req)->shop_id;

	if (shop_id == NULL || *shop_id == '\0') {
		wire_error_set(err, E_FORBIDDEN, "this owner has no shop");
		return NULL;
	}
	return shop_id;
}

int
store_shops(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	json_t *shops = db_rows(svc_db(svc), "SELECT id, name, category,"
	    " CASE WHEN open THEN 'true' ELSE 'false' END AS open_json,"
	    " min_order, delivery_fee FROM shops ORDER BY rowid", NULL);

	(void)req;
	(void)body;
	(void)err;
	if (shops == NULL)
		return -1;
	*result = json_pack("{s:o}", "shops", shops);
	return 0;
}

int
store_menu(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *shop_id = NULL;
	json_t *shop, *menu;

	(void)req;
	if (wire_get_id(body, "shop_id", 1, &shop_id, err) != 0)
		return -1;
	if ((shop = store_shop_get(svc_db(svc), shop_id)) == NULL)
		return wire_error_set(err, E_NOT_FOUND, "no shop %s", shop_id);
	json_object_del(shop, "owner_id");
	if ((menu = store_menu_get(svc_db(svc), shop_id)) == NULL) {
		json_decref(shop);
		return -1;
	}
	*result = json_pack("{s:o, s:o}", "shop", shop, "menu", menu);
	return 0;
}

int
store_soldout(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *shop_id, *item_id = NULL;
	int sold_out = 0, n;

	if ((shop_id = store_owner_shop(req, err)) == NULL ||
	    wire_get_id(body, "item_id", 1, &item_id, err) != 0 ||
	    wire_get_bool(body, "sold_out", 1, &sold_out, err) != 0)
		return -1;
	n = db_do(svc_db(svc), "UPDATE items SET sold_out = ? WHERE"
	    " shop_id = ? AND id = ?", "iss", (int64_t)sold_out, shop_id,
	    item_id);
	if (n < 0)
		return -1;
	if (n == 0)
		return wire_error_set(err, E_NOT_FOUND, "no item %s in %s",
		    item_id, shop_id);
	if (store_shop_publish(svc, shop_id) != 0)
		return -1;
	*result = json_pack("{s:s, s:b}", "item_id", item_id, "sold_out",
	    sold_out);
	return 0;
}

int
store_open(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *shop_id;
	int open = 0, n;

	if ((shop_id = store_owner_shop(req, err)) == NULL ||
	    wire_get_bool(body, "open", 1, &open, err) != 0)
		return -1;
	n = db_do(svc_db(svc), "UPDATE shops SET open = ? WHERE id = ?", "is",
	    (int64_t)open, shop_id);
	if (n < 0)
		return -1;
	if (n == 0)
		return wire_error_set(err, E_NOT_FOUND, "no shop %s", shop_id);
	if (store_shop_publish(svc, shop_id) != 0)
		return -1;
	*result = json_pack("{s:s, s:b}", "shop_id", shop_id, "open", open);
	return 0;
}
