/*
 * order_data.c: the order service's floor: its state, loading an order
 * and emitting an order event, used by every other order_*.c file.
 */
#include "order_int.h"

struct order_state *
order_state(struct svc *svc)
{
	return svc_state(svc);
}

json_t *
order_load(struct db *db, int64_t id)
{
	return db_row(db, "SELECT id AS order_id, customer_id, shop_id, "
	    "shop_name, status, items_json, subtotal, delivery_fee, total, "
	    "address, card_last4, payment_id, pay_deadline, accept_by, "
	    "eta_min, eta_at, reason, created_at, updated_at, note, rider_note, "
	    "kind "
	    "FROM orders "
	    "WHERE id = ?", "i", id);
}

int
order_emit(struct svc *svc, const char *type, const json_t *order,
    json_t *data)
{
	json_t *d = data ? data : json_object();

	if (order_stamp(svc, json_integer_value(json_object_get(order,
	    "order_id")), d) != 0) {
		json_decref(d);
		return -1;
	}
	/* Every order event says the status it leaves the order in, and
	 * the order's kind. */
	if (json_object_get(d, "status") == NULL)
		json_object_set(d, "status", json_object_get(order, "status"));
	if (json_is_string(json_object_get(order, "kind")))
		json_object_set(d, "kind", json_object_get(order, "kind"));
	return svc_emit(svc, type, json_integer_value(json_object_get(order,
	    "order_id")), json_string_value(json_object_get(order, "shop_id")),
	    json_string_value(json_object_get(order, "customer_id")), d);
}
