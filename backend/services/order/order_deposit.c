/*
 * order_deposit.c: orders paid by virtual account. Placed, such an order
 * waits as AWAITING_DEPOSIT (order_place.c), unseen by the shop; the
 * payment service says what became of the deposit:
 *   payment.deposited        AWAITING_DEPOSIT -> PAID, order.paid (the
 *                            shop sees it from now on)
 *   payment.deposit_expired  AWAITING_DEPOSIT -> FAILED (never shown)
 *   payment.deposit_reversed a deposit undone after the order was PAID:
 *                            logged only; taking the order back from the
 *                            shop is not done yet
 * Events for orders in another status change nothing (redelivery). The
 * customer may cancel an order still waiting (order_flow.c,
 * order_deposit_cancel).
 */
#include "order_int.h"

#include <string.h>

#include "util.h"

int
order_deposit_apply(struct svc *svc, const json_t *event,
    struct wire_error *err)
{
	const char *type = wire_str(event, "type", "");
	int64_t id = wire_int(event, "order_id", 0);
	json_t *order = order_load(svc_db(svc), id), *paid;
	const char *status = wire_str(order, "status", "");
	int rc = 0;

	if (order == NULL) {
		log_warn("order: %s for order %lld, which does not exist", type,
		    (long long)id);
		return 0;
	}
	if (strcmp(status, "AWAITING_DEPOSIT") != 0) {
		if (strcmp(type, "payment.deposit_reversed") == 0)
			log_warn("order %lld: its deposit was undone while it "
			    "is %s; the shop keeps it", (long long)id, status);
	} else if (strcmp(type, "payment.deposited") == 0) {
		paid = order_mark_paid(svc, order, wire_str(json_object_get(event,
		    "data"), "payment_id", ""), "AWAITING_DEPOSIT");
		if (paid == NULL)
			rc = wire_error_set(err, E_INTERNAL, "order %lld could "
			    "not be marked paid", (long long)id);
		json_decref(paid);
	} else if (strcmp(type, "payment.deposit_expired") == 0 &&
	    db_do(svc_db(svc), "UPDATE orders SET status = 'FAILED', reason = "
	    "'deposit_expired', updated_at = ? WHERE id = ? AND status = "
	    "'AWAITING_DEPOSIT'", "ii", now_ms(), id) < 0) {
		rc = wire_error_set(err, E_INTERNAL, "storage");
	}
	json_decref(order);
	return rc;
}
