/*
 * order_deposit.c: orders paid by virtual account. Placed, such an order
 * waits as AWAITING_DEPOSIT (order.awaiting_deposit: the customer sees it
 * with the account to pay into; its envelope names no shop, so no shop's
 * subscription gets it and the shop's queue never shows it). The payment
 * service says what became of the deposit:
 *   payment.deposited        AWAITING_DEPOSIT -> PAID, order.paid (the
 *                            shop sees it from now on)
 *   payment.deposit_expired  AWAITING_DEPOSIT -> EXPIRED,
 *                            order.deposit_expired (never established)
 *   payment.deposit_reversed a deposit undone after the order was PAID:
 *                            the order is taken back, whatever the shop
 *                            did with it (PAID, ACCEPTED, COOKING,
 *                            DELIVERING -> CANCELLED, order.cancelled with
 *                            "by":"payment", "code":"deposit_reversed",
 *                            "refund":0); payment then voids the account,
 *                            so nothing is owed back. A DELIVERED order
 *                            is only logged.
 * Events for orders in another status change nothing (redelivery, and
 * Toss's retries of one callback). The customer may cancel an order still
 * waiting (order_flow.c, order_deposit_cancel).
 */
#include "order_int.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

/* Why a reversed deposit cancelled an order, for people. */
#define REASON_REVERSED "입금이 취소되었습니다 (deposit reversed)"

/* Statuses a reversed deposit takes an order back from. */
static const char *const reversible[] = { "PAID", "ACCEPTED", "COOKING",
	"DELIVERING" };

int
order_emit_unseen(struct svc *svc, const char *type, const json_t *order,
    json_t *data)
{
	if (order_stamp(svc, wire_int(order, "order_id", 0), data) != 0) {
		json_decref(data);
		return -1;
	}
	json_object_set(data, "shop_id", json_object_get(order, "shop_id"));
	if (json_object_get(data, "status") == NULL)
		json_object_set(data, "status", json_object_get(order,
		    "status"));
	return svc_emit(svc, type, wire_int(order, "order_id", 0), NULL,
	    wire_str(order, "customer_id", NULL), data);
}

json_t *
order_mark_waiting(struct svc *svc, json_t *order, const char *payment_id,
    const json_t *va)
{
	int64_t id = wire_int(order, "order_id", 0);
	json_t *data;

	if (db_do(svc_db(svc), "UPDATE orders SET status = "
	    "'AWAITING_DEPOSIT', payment_id = ?, updated_at = ? WHERE id = ? "
	    "AND status = 'PAYING'", "sii", payment_id, now_ms(), id) != 1)
		return NULL;
	json_object_set_new(order, "status", json_string("AWAITING_DEPOSIT"));
	data = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:s, s:O}",
	    "shop_name", json_object_get(order, "shop_name"), "items",
	    json_object_get(order, "items"), "subtotal", json_object_get(order,
	    "subtotal"), "delivery_fee", json_object_get(order,
	    "delivery_fee"), "total", json_object_get(order, "total"),
	    "address", json_object_get(order, "address"), "payment_id",
	    payment_id, "virtual_account", va);
	order_log_whole(svc, order, data);
	if (order_emit_unseen(svc, "order.awaiting_deposit", order, data) != 0)
		return NULL;
	return json_pack("{s:I, s:s, s:O, s:s, s:O}", "order_id",
	    (json_int_t)id, "status", "AWAITING_DEPOSIT", "total",
	    json_object_get(order, "total"), "payment_id", payment_id,
	    "virtual_account", va);
}

/* A deposit undone after the order reached the shop: cancel it. */
static int
order_deposit_take_back(struct svc *svc, json_t *order,
    struct wire_error *err)
{
	int64_t id = wire_int(order, "order_id", 0);
	char status[24];
	size_t i;

	/* A copy: the order's own status is replaced below. */
	snprintf(status, sizeof status, "%s", wire_str(order, "status", ""));
	for (i = 0; i < ARRAY_LEN(reversible); i++)
		if (strcmp(status, reversible[i]) == 0)
			break;
	if (i == ARRAY_LEN(reversible)) {
		log_warn("order %lld: its deposit was undone while it is %s; "
		    "it stays so", (long long)id, status);
		return 0;
	}
	if (db_do(svc_db(svc), "UPDATE orders SET status = 'CANCELLED', "
	    "reason = ?, updated_at = ? WHERE id = ? AND status = ?", "siis",
	    REASON_REVERSED, now_ms(), id, status) != 1)
		return wire_error_set(err, E_INTERNAL, "storage");
	json_object_set_new(order, "status", json_string("CANCELLED"));
	if (order_emit(svc, "order.cancelled", order, json_pack("{s:s, s:s, "
	    "s:s, s:O, s:i, s:s}", "reason", REASON_REVERSED, "by", "payment",
	    "code", "deposit_reversed", "total", json_object_get(order,
	    "total"), "refund", 0, "was", status)) != 0)
		return wire_error_set(err, E_INTERNAL, "storage");
	log_warn("order %lld: its deposit was undone while it was %s; "
	    "cancelled", (long long)id, status);
	return 0;
}

/* The deposit never came (or the gateway cancelled the account). */
static int
order_deposit_expire(struct svc *svc, json_t *order, const json_t *data,
    struct wire_error *err)
{
	if (db_do(svc_db(svc), "UPDATE orders SET status = 'EXPIRED', reason "
	    "= 'deposit_expired', updated_at = ? WHERE id = ? AND status = "
	    "'AWAITING_DEPOSIT'", "ii", now_ms(), wire_int(order, "order_id",
	    0)) != 1)
		return wire_error_set(err, E_INTERNAL, "storage");
	json_object_set_new(order, "status", json_string("EXPIRED"));
	if (order_emit_unseen(svc, "order.deposit_expired", order, json_pack(
	    "{s:s, s:O}", "reason", wire_str(data, "reason",
	    "no deposit before the due date"), "total",
	    json_object_get(order, "total"))) != 0)
		return wire_error_set(err, E_INTERNAL, "storage");
	return 0;
}

int
order_deposit_apply(struct svc *svc, const json_t *event,
    struct wire_error *err)
{
	const char *type = wire_str(event, "type", "");
	const json_t *data = json_object_get(event, "data");
	int64_t id = wire_int(event, "order_id", 0);
	json_t *order = order_load(svc_db(svc), id), *paid;
	int waiting = strcmp(wire_str(order, "status", ""),
	    "AWAITING_DEPOSIT") == 0;
	int rc = 0;

	if (order == NULL) {
		log_warn("order: %s for order %lld, which does not exist", type,
		    (long long)id);
		return 0;
	}
	if (strcmp(type, "payment.deposit_reversed") == 0) {
		rc = order_deposit_take_back(svc, order, err);
	} else if (waiting && strcmp(type, "payment.deposited") == 0) {
		paid = order_mark_paid(svc, order, wire_str(data, "payment_id",
		    ""), "AWAITING_DEPOSIT");
		if (paid == NULL)
			rc = wire_error_set(err, E_INTERNAL, "order %lld could "
			    "not be marked paid", (long long)id);
		json_decref(paid);
	} else if (waiting && strcmp(type, "payment.deposit_expired") == 0) {
		rc = order_deposit_expire(svc, order, data, err);
	}
	json_decref(order);
	return rc;
}
