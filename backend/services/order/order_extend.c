/*
 * order_extend.c: the shop needs more time. After accepting, the owner
 * may add 5, 10 or 15 minutes to the order's ETA, at most
 * ORDER_EXTEND_MAX_MIN in all, while it is ACCEPTED or COOKING; the
 * order's eta_min and eta_at move and order.eta_extended tells the
 * store, the view and the customer (one notification per extension).
 */
#include "order_int.h"

#include <string.h>

#include "util.h"

int
order_extend(struct svc *svc, const json_t *order, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *status = wire_str(order, "status", "");
	int64_t id = wire_int(order, "order_id", 0), minutes = 0, done;
	int64_t eta_min, eta_at;

	if (wire_get_int(body, "minutes", 1, 5, 15, &minutes, err) != 0)
		return -1;
	if (minutes % 5 != 0)
		return wire_error_set(err, E_BAD_REQUEST, "member \"minutes\" "
		    "must be 5, 10 or 15");
	if (strcmp(status, "ACCEPTED") != 0 && strcmp(status, "COOKING") != 0)
		return wire_error_set(err, E_INVALID_STATE, "cannot extend "
		    "order %lld: it is %s (only accepted or cooking orders)",
		    (long long)id, status);
	done = db_int(svc_db(svc), 0, "SELECT extended_min FROM orders WHERE "
	    "id = ?", "i", id);
	if (done + minutes > ORDER_EXTEND_MAX_MIN)
		return wire_error_set(err, E_INVALID_STATE, "order %lld was "
		    "extended by %lld minutes already: at most %d in all",
		    (long long)id, (long long)done, ORDER_EXTEND_MAX_MIN);
	eta_min = wire_int(order, "eta_min", 0) + minutes;
	eta_at = wire_int(order, "eta_at", now_ms()) + minutes * 60 * 1000;
	if (db_do(svc_db(svc), "UPDATE orders SET eta_min = ?, eta_at = ?, "
	    "extended_min = ?, updated_at = ? WHERE id = ? AND status = ?",
	    "iiiiis", eta_min, eta_at, done + minutes, now_ms(), id,
	    status) != 1)
		return wire_error_set(err, E_INTERNAL, "the order could not be "
		    "saved");
	*result = json_pack("{s:I, s:s, s:I, s:I, s:I, s:I}", "order_id",
	    (json_int_t)id, "status", status, "minutes", (json_int_t)minutes,
	    "eta_min", (json_int_t)eta_min, "eta_at", (json_int_t)eta_at,
	    "extended_min", (json_int_t)(done + minutes));
	if (order_emit(svc, "order.eta_extended", order, json_pack("{s:I, "
	    "s:I, s:I, s:I}", "minutes", (json_int_t)minutes, "eta_min",
	    (json_int_t)eta_min, "eta_at", (json_int_t)eta_at,
	    "extended_min", (json_int_t)(done + minutes))) != 0) {
		json_decref(*result);
		*result = NULL;
		return wire_error_set(err, E_INTERNAL, "the event could not be "
		    "saved");
	}
	return 0;
}
