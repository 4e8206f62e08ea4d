/*
 * store_actions.c: the owner's actions on an order. The order service
 * owns the state machine, so each action is checked against the owner's
 * queue, forwarded as order.transition, and answered with the order
 * service's reply (or error, e.g. invalid_state) unchanged. The queue
 * itself moves only when the resulting order.* event comes back.
 */
#include <string.h>

#include "order_reason.h"
#include "shop_state.h"
#include "store_int.h"

#define ACTION_TIMEOUT_MS 3000

/* The order service answered: pass its answer on to the owner. */
static void
action_answered(struct svc *svc, const json_t *result,
    const struct wire_error *err, void *arg)
{
	struct svc_req *req = arg;

	svc_req_finish(svc, req, err == NULL && result != NULL ?
	    json_deep_copy(result) : NULL, err);
}

/*
 * Check the order is in the owner's queue, then call order.transition
 * with action and the extra members the action needs (stolen; may be
 * NULL). Returns 1 (deferred) or -1 with err.
 */
static int
action_forward(struct svc *svc, struct svc_req *req, const json_t *body,
    const char *action, json_t *extra, struct wire_error *err)
{
	const char *shop_id;
	int64_t order_id = 0;
	json_t *call;

	if ((shop_id = store_owner_shop(req, err)) == NULL ||
	    wire_get_int(body, "order_id", 1, 1, INT64_MAX, &order_id,
	    err) != 0)
		goto fail;
	if (!store_queue_has(svc_db(svc), order_id, shop_id)) {
		wire_error_set(err, E_NOT_FOUND, "no order %lld in %s",
		    (long long)order_id, shop_id);
		goto fail;
	}
	call = json_pack("{s:I, s:s, s:s}", "order_id", (json_int_t)order_id,
	    "shop_id", shop_id, "action", action);
	if (extra != NULL)
		json_object_update(call, extra);
	json_decref(extra);
	/* A retried owner action asks again with the same call id, and so
	 * gets the first answer, not "already accepted". */
	svc_call_for(svc, req, "order", "transition", call, ACTION_TIMEOUT_MS,
	    action_answered, req);
	return 1;
fail:
	json_decref(extra);
	return -1;
}

int
store_accept(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	int64_t eta_min;
	const char *shop_id = svc_req_caller(req)->shop_id;

	(void)result;
	/* The ETA the console proposes: longer while the shop is busy. */
	eta_min = SHOP_ETA_BASE + (shop_id ? store_busy_min(svc_db(svc),
	    shop_id) : 0);
	if (wire_get_int(body, "eta_min", 0, 5, 180, &eta_min, err) != 0)
		return -1;
	return action_forward(svc, req, body, "accept",
	    json_pack("{s:I}", "eta_min", (json_int_t)eta_min), err);
}

int
store_reject(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *code, *reason;

	(void)result;
	/* Without a code, the owner's own words are an OTHER. */
	if (order_reason_read(body, REASON_BY_SHOP, REASON_OTHER, &code,
	    &reason, err) != 0)
		return -1;
	return action_forward(svc, req, body, "reject",
	    json_pack("{s:s, s:s}", "code", code, "reason", reason), err);
}

int
store_cook(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	(void)result;
	return action_forward(svc, req, body, "cook", NULL, err);
}

int
store_ready(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	(void)result;
	return action_forward(svc, req, body, "ready", NULL, err);
}

int
store_picked_up(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	(void)result;
	return action_forward(svc, req, body, "picked_up", NULL, err);
}

int
store_dispatch(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	(void)result;
	return action_forward(svc, req, body, "dispatch", NULL, err);
}

int
store_deliver(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	(void)result;
	return action_forward(svc, req, body, "deliver", NULL, err);
}

int
store_extend(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	int64_t minutes = 0;

	(void)result;
	if (wire_get_int(body, "minutes", 1, 5, 15, &minutes, err) != 0)
		return -1;
	return action_forward(svc, req, body, "extend",
	    json_pack("{s:I}", "minutes", (json_int_t)minutes), err);
}

int
store_unavailable(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	json_t *lines = NULL;

	(void)result;
	/* The order service checks the numbers against the order. */
	if (wire_get_array(body, "lines", 1, &lines, err) != 0)
		return -1;
	return action_forward(svc, req, body, "unavailable",
	    json_pack("{s:O}", "lines", lines), err);
}
