/*
 * payment_account.c: the refund account of a payment by virtual account
 * (bank_account.h), where its deposit goes back. Taken at the order
 * (payment.approve) and replaced here by an administrator when the bank
 * refused it (a dead letter INVALID_REFUND_ACCOUNT_INFO): retrying that
 * dead letter then sends the new one. The number is kept whole in
 * payment.db only; answers and logs show it masked.
 */
#include "payment_int.h"

#include "bank_account.h"
#include "util.h"

int
payment_refund_account_set(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err)
{
	const json_t *acct = NULL;
	int64_t order_id = 0;
	char masked[BANK_MASK_MAX];
	json_t *row;

	(void)req;
	if (wire_get_int(body, "order_id", 1, 1, INT64_MAX, &order_id,
	    err) != 0 || bank_account_get(body, "refund_account", 1, &acct,
	    err) != 0)
		return -1;
	if ((row = payment_load(svc_db(svc), order_id)) == NULL)
		return wire_error_set(err, E_NOT_FOUND, "no payment for order "
		    "%lld", (long long)order_id);
	if (!json_is_object(json_object_get(row, "virtual_account"))) {
		json_decref(row);
		return wire_error_set(err, E_INVALID_STATE, "order %lld was not "
		    "paid by virtual account: its refund needs no account",
		    (long long)order_id);
	}
	if (db_do(svc_db(svc), "UPDATE payments SET refund_account_json = ?, "
	    "updated_at = ? WHERE order_id = ?", "jii", acct, now_ms(),
	    order_id) != 1) {
		json_decref(row);
		return wire_error_set(err, E_INTERNAL, "the account could not "
		    "be recorded");
	}
	bank_account_mask(wire_str(acct, "account_number", ""), masked);
	log_info("payment %s of order %lld: refunds go to %s %s from now on",
	    wire_str(row, "payment_id", ""), (long long)order_id,
	    wire_str(acct, "bank", ""), masked);
	*result = json_pack("{s:I, s:O, s:o}", "order_id",
	    (json_int_t)order_id, "payment_id", json_object_get(row,
	    "payment_id"), "refund_account", bank_account_masked(acct));
	json_decref(row);
	return 0;
}
