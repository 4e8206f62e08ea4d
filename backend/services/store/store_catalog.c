/*
 * store_catalog.c: shops and menus. Reads for everyone, sold-out and
 * open/close for the shop's owner; every change raises the shop's version
 * and is announced as shop.updated carrying the whole shop, from which
 * the order service keeps its copy of the catalog. An owner's change is
 * also handed to the order service directly, and the owner is answered
 * once it has taken it (read-your-writes: an order placed after the
 * answer sees the change).
 */
#include <stdlib.h>

#include "shop_state.h"
#include "shop_tz.h"
#include "store_int.h"
#include "util.h"

#define CATALOG_HANDOVER_MS 2000

json_t *
store_shop_get(struct db *db, const char *shop_id)
{
	return db_row(db, "SELECT " STORE_SHOP_COLUMNS " FROM shops WHERE id = ?",
	    "s", shop_id);
}

json_t *
store_menu_get(struct db *db, const char *shop_id)
{
	return db_rows(db, "SELECT i.id, i.name, i.price,"
	    " CASE WHEN i.sold_out THEN 'true' ELSE 'false' END AS sold_out_json,"
	    " i.sold_out_until,"
	    " (SELECT json_group_array(json_object('id', o.id, 'name', o.name,"
	    "   'price', o.price, 'group', o.grp, 'sold_out',"
	    "   json(CASE WHEN o.sold_out THEN 'true' ELSE 'false' END),"
	    "   'sold_out_until', o.sold_out_until))"
	    "  FROM (SELECT id, name, price, grp, sold_out, sold_out_until"
	    "   FROM options WHERE shop_id = i.shop_id AND item_id = i.id"
	    "   ORDER BY rowid) o) AS options_json,"
	    " (SELECT json_group_array(json_object('id', g.id, 'name', g.name,"
	    "   'min', g.min_count, 'max', g.max_count, 'required',"
	    "   json(CASE WHEN g.min_count > 0 THEN 'true' ELSE 'false' END)))"
	    "  FROM (SELECT id, name, min_count, max_count FROM option_groups"
	    "   WHERE shop_id = i.shop_id AND item_id = i.id ORDER BY rowid) g)"
	    "  AS option_groups_json"
	    " FROM items i WHERE i.shop_id = ? ORDER BY i.rowid", "s", shop_id);
}

/* The shop with its "menu" (owned), or NULL. */
static json_t *
store_shop_whole(struct db *db, const char *shop_id)
{
	json_t *shop = store_shop_get(db, shop_id);
	json_t *menu = store_menu_get(db, shop_id);

	if (shop == NULL || menu == NULL) {
		json_decref(shop);
		json_decref(menu);
		return NULL;
	}
	json_object_set_new(shop, "menu", menu);
	return shop;
}

int
store_shop_publish(struct svc *svc, const char *shop_id)
{
	json_t *shop;

	if (db_do(svc_db(svc), "UPDATE shops SET version = version + 1 WHERE "
	    "id = ?", "s", shop_id) != 1 ||
	    (shop = store_shop_whole(svc_db(svc), shop_id)) == NULL)
		return -1;
	return svc_emit(svc, "shop.updated", 0, shop_id, NULL,
	    json_pack("{s:o}", "shop", shop));
}

/* An owner's change waiting for the order service to take it. */
struct handover {
	struct svc_req *req;
	json_t *result;            /* the owner's answer */
};

/* svc_reply_fn of order.catalog: answer the owner. When the order service
 * did not take the change (it is down or slow), the change is saved and
 * its event will reach it, but the owner is not told it holds: a
 * try-later, and a retry with the same id hands it over again. */
static void
store_handed_over(struct svc *svc, const json_t *result,
    const struct wire_error *err, void *arg)
{
	struct handover *h = arg;
	struct wire_error e;

	(void)result;
	if (err != NULL) {
		wire_error_set(&e, E_SERVICE_UNAVAILABLE, "the change is saved, "
		    "but orders may not see it yet (%s); try again", err->code);
		json_decref(h->result);
		svc_req_finish(svc, h->req, NULL, &e);
	} else
		svc_req_finish(svc, h->req, h->result, NULL);
	free(h);
}

int
store_shop_changed(struct svc *svc, struct svc_req *req, const char *shop_id,
    json_t *result)
{
	struct handover *h;
	json_t *shop;

	if (store_shop_publish(svc, shop_id) != 0 ||
	    (shop = store_shop_whole(svc_db(svc), shop_id)) == NULL) {
		json_decref(result);
		return -1;
	}
	h = xcalloc(1, sizeof *h);
	h->req = req;
	h->result = result;
	svc_call(svc, "order", "catalog", json_pack("{s:o}", "shop", shop),
	    CATALOG_HANDOVER_MS, store_handed_over, h);
	return 1;
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
	shop_state_add(shop, shop_now(svc_config(svc)));
	if ((menu = store_menu_get(svc_db(svc), shop_id)) == NULL) {
		json_decref(shop);
		return -1;
	}
	shop_menu_at(menu, shop_now(svc_config(svc)));
	*result = json_pack("{s:o, s:o}", "shop", shop, "menu", menu);
	return 0;
}

int
store_open(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *shop_id;
	int open = 0, n;

	(void)result;
	if ((shop_id = store_owner_shop(req, err)) == NULL ||
	    wire_get_bool(body, "open", 1, &open, err) != 0)
		return -1;
	n = db_do(svc_db(svc), "UPDATE shops SET open = ? WHERE id = ?", "is",
	    (int64_t)open, shop_id);
	if (n < 0)
		return -1;
	if (n == 0)
		return wire_error_set(err, E_NOT_FOUND, "no shop %s", shop_id);
	return store_shop_changed(svc, req, shop_id, json_pack("{s:s, s:b}",
	    "shop_id", shop_id, "open", open));
}
