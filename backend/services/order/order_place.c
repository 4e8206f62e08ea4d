/*
 * order_place.c: quoting, placing, and the payment call behind a circuit
 * breaker (guarantee 1 of DESIGN.md).
 *
 * place inserts the order as PAYING (invisible: no event), asks
 * payment.approve with a deadline and defers its answer. The callback
 * makes the order PAID (order.paid) or FAILED; when payment did not
 * answer in time it also emits order.payment_abandoned, so payment
 * refunds an approval that lands late. Paid by virtual account, the
 * order waits as AWAITING_DEPOSIT, still unseen (order_deposit.c).
 */
#include "order_int.h"

#include <stdio.h>
#include <string.h>

#include "order_price.h"
#include "bank_account.h"
#include "card.h"
#include "shop_state.h"
#include "shop_tz.h"
#include "text_check.h"
#include "util.h"

#define ORDER_RETRY_AFTER_MS 1000  /* when the breaker is still closed */
#define ORDER_SWEEP_GRACE_MS 5000  /* PAYING past its deadline by this */

/* The member "kind" of body: "delivery" (also when absent) or
 * "pickup"; -1 with a bad_request err otherwise. */
static int
order_kind_read(const json_t *body, const char **kind,
    struct wire_error *err)
{
	*kind = "delivery";
	if (wire_get_str(body, "kind", 0, kind, err) != 0)
		return -1;
	if (strcmp(*kind, "delivery") != 0 && strcmp(*kind, "pickup") != 0)
		return wire_error_set(err, E_BAD_REQUEST, "member \"kind\" "
		    "must be \"delivery\" or \"pickup\"");
	return 0;
}

/* Price items of a kind of order at shop_id from the catalog, at now
 * (the shops' clock: a paused shop refuses, shop_state_check):
 * order_price's object plus "shop_name" and "kind" (a pickup order has
 * no delivery fee), or NULL with err (not_found for an unknown shop). */
static json_t *
order_price_at(struct db *db, const char *shop_id, const json_t *items,
    const char *kind, int64_t now, struct wire_error *err)
{
	json_t *shop = order_catalog_get(db, shop_id, err), *quote = NULL;

	if (shop == NULL)
		return NULL;
	shop_menu_at(json_object_get(shop, "menu"), now);
	if (shop_state_check(shop, now, err) == 0)
		quote = order_price(shop, items, err);
	if (quote != NULL) {
		json_object_set(quote, "shop_name", json_object_get(shop,
		    "name"));
		json_object_set_new(quote, "kind", json_string(kind));
		if (strcmp(kind, "pickup") == 0) {
			json_object_set_new(quote, "delivery_fee",
			    json_integer(0));
			json_object_set(quote, "total", json_object_get(quote,
			    "subtotal"));
		}
	}
	json_decref(shop);
	return quote;
}

int
order_quote(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *shop_id = NULL, *kind;
	json_t *items = NULL;

	(void)req;
	if (wire_get_id(body, "shop_id", 1, &shop_id, err) != 0 ||
	    wire_get_array(body, "items", 1, &items, err) != 0 ||
	    order_kind_read(body, &kind, err) != 0)
		return -1;
	*result = order_price_at(svc_db(svc), shop_id, items, kind,
	    shop_now(svc_config(svc)), err);
	if (*result == NULL)
		return -1;
	json_object_del(*result, "shop_name");
	return 0;
}

static struct order_pending *
pending_take(struct order_state *st, struct order_pending *p)
{
	struct order_pending **pp;

	for (pp = &st->pending; *pp != NULL; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			return p;
		}
	return NULL;
}

static int
pending_has(const struct order_state *st, int64_t order_id)
{
	const struct order_pending *p;

	for (p = st->pending; p != NULL; p = p->next)
		if (p->order_id == order_id)
			return 1;
	return 0;
}

/* PAYING -> FAILED (why is kept as the reason); returns 1 when it was
 * still PAYING. */
static int
order_fail(struct svc *svc, int64_t id, const char *why)
{
	return db_do(svc_db(svc), "UPDATE orders SET status = 'FAILED', "
	    "reason = ?, updated_at = ? WHERE id = ? AND status = 'PAYING'",
	    "sii", why, now_ms(), id) == 1;
}

/* FAILED, and tell payment to refund whatever may still come through;
 * both or neither (then the order stays PAYING for the sweeper). */
static void
order_abandon(struct svc *svc, const json_t *order, const char *why)
{
	int64_t id = json_integer_value(json_object_get(order, "order_id"));

	db_savepoint(svc_db(svc));
	if (!order_fail(svc, id, why) || order_emit(svc,
	    "order.payment_abandoned", order, json_pack("{s:O, s:s, s:s}",
	    "amount", json_object_get(order, "total"), "reason", why,
	    "status", "FAILED")) != 0) {
		db_rollback_to(svc_db(svc));
		return;
	}
	db_release(svc_db(svc));
	log_warn("order %lld: payment abandoned (%s)", (long long)id, why);
}

static void
order_unavailable(struct order_state *st, struct wire_error *err)
{
	int64_t now = mono_ms();
	json_t *stats = breaker_stats(&st->breaker, now);
	int64_t retry = json_integer_value(json_object_get(stats,
	    "retry_after_ms"));

	json_decref(stats);
	wire_error_set(err, E_PAYMENT_UNAVAILABLE,
	    "payment is busy; please try again in a moment");
	err->retry_after_ms = retry > 0 ? retry : ORDER_RETRY_AFTER_MS;
}

json_t *
order_mark_paid(struct svc *svc, json_t *order, const char *payment_id,
    const char *from)
{
	int64_t id = json_integer_value(json_object_get(order, "order_id"));
	int64_t now = now_ms();
	int64_t accept_by = now + svc_config(svc)->auto_cancel_ms;
	json_t *data;

	if (db_do(svc_db(svc), "UPDATE orders SET status = 'PAID', "
	    "payment_id = ?, accept_by = ?, updated_at = ? WHERE id = ? AND "
	    "status = ?", "siiis", payment_id, accept_by, now, id, from) != 1)
		return NULL;
	json_object_set_new(order, "status", json_string("PAID"));
	data = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:s, s:I, s:O*, "
	    "s:O*, s:O, s:s}", "shop_name",
	    json_object_get(order, "shop_name"), "items",
	    json_object_get(order, "items"), "subtotal",
	    json_object_get(order, "subtotal"), "delivery_fee",
	    json_object_get(order, "delivery_fee"), "total",
	    json_object_get(order, "total"), "address", json_object_get(order,
	    "address"), "payment_id", payment_id, "accept_by",
	    (json_int_t)accept_by, "note", json_object_get(order, "note"),
	    "rider_note", json_object_get(order, "rider_note"), "kind",
	    json_object_get(order, "kind"), "pay",
	    strcmp(from, "AWAITING_DEPOSIT") == 0 ? "virtual_account" : "card");
	if (strcmp(wire_str(order, "kind", ""), "pickup") == 0)
		json_object_del(data, "address"); /* collected: none */
	wire_strip_nulls(data); /* no note: no member */
	order_log_whole(svc, order, data);
	if (order_emit(svc, "order.paid", order, data) != 0)
		return NULL;
	return json_pack("{s:I, s:s, s:O, s:s, s:I}", "order_id",
	    (json_int_t)id, "status", "PAID", "total", json_object_get(order,
	    "total"), "payment_id", payment_id, "accept_by",
	    (json_int_t)accept_by);
}

/* svc_reply_fn for payment.approve; arg is the order_pending. */
static void
order_payment_done(struct svc *svc, const json_t *result,
    const struct wire_error *perr, void *arg)
{
	struct order_state *st = order_state(svc);
	struct order_pending *p = pending_take(st, arg);
	struct svc_req *req = p->req;
	int64_t id = p->order_id;
	json_t *order = order_load(svc_db(svc), id), *answer = NULL;
	const char *payment_id = json_string_value(json_object_get(result,
	    "payment_id"));
	struct wire_error err = { "", "", 0 };
	int approved = payment_id != NULL && json_integer_value(
	    json_object_get(result, "order_id")) == id;
	/* Any answer that is not transient shows payment is up... */
	int answered = approved || (perr != NULL && !wire_error_transient(perr));
	/* ...but only the card's own refusal settles the order. Anything
	 * else (invalid_state: a restart settled the payment meanwhile) may
	 * still succeed when retried: it is given up like a timeout. */
	int refused = perr != NULL && (strcmp(perr->code, E_PAYMENT_DECLINED) ==
	    0 || strcmp(perr->code, E_BAD_REQUEST) == 0);

	free(p);
	if (result != NULL && !approved)
		log_error("order %lld: payment answered for another order",
		    (long long)id);
	breaker_record(&st->breaker, mono_ms(), answered);
	if (order == NULL || strcmp(json_string_value(json_object_get(order,
	    "status")), "PAYING") != 0) {
		/* Given up already (swept): its abandon event went out. */
		order_unavailable(st, &err);
	} else if (approved && json_object_get(result, "virtual_account")) {
		/* A virtual account: the order waits for the deposit, unseen
		 * by the shop (payment.deposited makes it PAID). */
		db_savepoint(svc_db(svc));
		if ((answer = order_mark_waiting(svc, order, payment_id,
		    json_object_get(result, "virtual_account"))) != NULL)
			db_release(svc_db(svc));
		else {
			db_rollback_to(svc_db(svc));
			order_abandon(svc, order, "not saved");
			wire_error_set(&err, E_INTERNAL, "the order could not "
			    "be saved");
		}
	} else if (approved) {
		db_savepoint(svc_db(svc));
		if ((answer = order_mark_paid(svc, order, payment_id,
		    "PAYING")) != NULL) {
			db_release(svc_db(svc));
			st->placed++;
		} else {
			db_rollback_to(svc_db(svc));
			order_abandon(svc, order, "not saved");
			wire_error_set(&err, E_INTERNAL, "the order could "
			    "not be saved; the payment will be refunded");
		}
	} else if (refused) {
		st->declined++;
		order_fail(svc, id, perr->code);
		err = *perr;
	} else {
		st->failed++;
		order_abandon(svc, order, perr ? perr->code : "bad reply");
		order_unavailable(st, &err);
		/* Payment's own account (the gateway is down...) is clearer. */
		if (perr != NULL && strcmp(perr->code, E_PAYMENT_UNAVAILABLE) ==
		    0 && perr->message[0] != '\0')
			snprintf(err.message, sizeof err.message, "%s",
			    perr->message);
	}
	svc_req_finish(svc, req, answer, answer ? NULL : &err);
	json_decref(order);
}

/*
 * What an earlier try of the place request with idempotency key says (a
 * try made by another process of this service, or by this one before a
 * restart; the runtime has already answered retries it keeps an answer
 * for). Returns 0 when the request may place an order (no earlier try, or
 * one that failed and left no answer: its key is freed), -1 with err
 * while the earlier try is paying (in_progress), 1 with *result when it
 * made an order.
 */
static int
order_earlier_try(struct svc *svc, const char *key, json_t **result,
    struct wire_error *err)
{
	json_t *row;
	const char *status;
	int64_t id;
	int rc = 0;

	if (key == NULL || (row = db_row(svc_db(svc), "SELECT id, status, "
	    "total, payment_id, accept_by FROM orders WHERE request_key = ?",
	    "s", key)) == NULL)
		return 0;
	id = wire_int(row, "id", 0);
	status = wire_str(row, "status", "");
	if (strcmp(status, "PAYING") == 0) {
		wire_error_set(err, E_IN_PROGRESS, "order %lld of this request "
		    "is being paid for; ask again with the same id",
		    (long long)id);
		err->retry_after_ms = ORDER_RETRY_AFTER_MS;
		rc = -1;
	} else if (strcmp(status, "FAILED") == 0) {
		if (db_do(svc_db(svc), "UPDATE orders SET request_key = NULL "
		    "WHERE id = ?", "i", id) != 1)
			rc = wire_error_set(err, E_INTERNAL, "the order could "
			    "not be saved");
	} else {
		*result = json_pack("{s:I, s:s, s:I, s:s?, s:I}", "order_id",
		    (json_int_t)id, "status", status, "total",
		    (json_int_t)wire_int(row, "total", 0), "payment_id",
		    wire_str(row, "payment_id", NULL), "accept_by",
		    (json_int_t)wire_int(row, "accept_by", 0));
		rc = 1;
	}
	json_decref(row);
	return rc;
}

/* What a place request asks for besides its lines. Borrowed. */
struct order_wish {
	const char *shop_id, *address;
	const char *pay;         /* "card" or "virtual_account" */
	const char *card;        /* NULL for a virtual account */
	const json_t *refund_account; /* a virtual account's, else NULL */
	const char *bank;        /* a virtual account's bank, or NULL */
	const char *kind;        /* "delivery" or "pickup" */
	const char *note;        /* to the shop, or NULL */
	const char *rider_note;  /* to the rider, or NULL */
};

/* Read and check the members of a place request but its lines; 0, or -1
 * with err. */
static int
order_wish_read(const json_t *body, struct order_wish *w,
    struct wire_error *err)
{
	int pickup, va;

	memset(w, 0, sizeof *w);
	w->pay = "card";
	if (wire_get_id(body, "shop_id", 1, &w->shop_id, err) != 0 ||
	    order_kind_read(body, &w->kind, err) != 0 ||
	    wire_get_str(body, "pay", 0, &w->pay, err) != 0)
		return -1;
	if ((va = strcmp(w->pay, "virtual_account") == 0) == 0 &&
	    strcmp(w->pay, "card") != 0)
		return wire_error_set(err, E_BAD_REQUEST, "pay: card or "
		    "virtual_account");
	/* By virtual account: where a refund goes (Toss needs it), and the
	 * bank of the account to pay into (the gateway's choice if none). */
	if (va && (bank_account_get(body, "refund_account", 1,
	    &w->refund_account, err) != 0 ||
	    wire_get_str(body, "bank", 0, &w->bank, err) != 0))
		return -1;
	if (w->bank != NULL && bank_name(w->bank) == NULL)
		return wire_error_set(err, E_BAD_REQUEST, "bank: not a bank "
		    "code baedal knows (\"88\" 신한, \"20\" 우리, ...)");
	pickup = strcmp(w->kind, "pickup") == 0;
	if (wire_get_str(body, "address", !pickup, &w->address, err) != 0 ||
	    wire_get_str(body, "card", !va, &w->card, err) != 0 ||
	    wire_get_str(body, "note", 0, &w->note, err) != 0 ||
	    wire_get_str(body, "rider_note", 0, &w->rider_note, err) != 0)
		return -1;
	if (pickup && (w->address != NULL || w->rider_note != NULL))
		return wire_error_set(err, E_BAD_REQUEST, "a pickup order has "
		    "no \"%s\": the customer collects it",
		    w->address != NULL ? "address" : "rider_note");
	if ((!pickup && order_text_check(w->address, "address",
	    ORDER_MAX_ADDRESS, err) != 0) ||
	    (w->card != NULL && card_check(w->card, err) != 0))
		return -1;
	if (w->note != NULL && text_check(w->note, "note", TEXT_MAX_NOTE,
	    err) != 0)
		return -1;
	if (w->rider_note != NULL && text_check(w->rider_note, "rider_note",
	    TEXT_MAX_RIDER_NOTE, err) != 0)
		return -1;
	return 0;
}

/* Insert the priced order as PAYING under the request's key; returns its
 * id, or 0. */
static int64_t
order_insert(struct svc *svc, const char *key, const char *customer,
    const json_t *quote, const struct order_wish *w)
{
	struct db *db = svc_db(svc);
	int64_t now = now_ms();
	char last4[5];

	last4[0] = '\0';
	if (w->card != NULL)
		card_last4(w->card, last4);
	if (db_do(db, "INSERT INTO orders(id, customer_id, shop_id, shop_name,"
	    " status, items_json, subtotal, delivery_fee, total, address, "
	    "card_last4, pay_deadline, created_at, updated_at, request_key, "
	    "note, rider_note, kind) "
	    "VALUES ((SELECT max(coalesce(max(id), 0) + 1, ?) FROM orders), "
	    "?, ?, ?, 'PAYING', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "isssjiiisiiiissss", (int64_t)ORDER_FIRST_ID, customer,
	    json_string_value(json_object_get(quote, "shop_id")),
	    json_string_value(json_object_get(quote, "shop_name")),
	    json_object_get(quote, "items"),
	    (int64_t)json_integer_value(json_object_get(quote, "subtotal")),
	    (int64_t)json_integer_value(json_object_get(quote,
	    "delivery_fee")),
	    (int64_t)json_integer_value(json_object_get(quote, "total")),
	    w->address ? w->address : "", last4,
	    now + svc_config(svc)->payment_deadline_ms, now, now, key, w->note,
	    w->rider_note, w->kind) != 1)
		return 0;
	return db_last_id(db);
}

int
order_place(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	struct order_state *st = order_state(svc);
	const char *customer = svc_req_caller(req)->user;
	const char *key = svc_req_key(req);
	struct order_wish w;
	json_t *items = NULL, *quote, *call;
	struct order_pending *p;
	int64_t id, total, retry;
	int earlier;

	if (wire_get_array(body, "items", 1, &items, err) != 0 ||
	    order_wish_read(body, &w, err) != 0)
		return -1;
	if ((earlier = order_earlier_try(svc, key, result, err)) != 0)
		return earlier > 0 ? 0 : -1;
	if ((retry = svc_log_stalled(svc)) > 0) {
		/* Nothing is charged for an order no one could hear of. */
		st->refused++;
		wire_error_set(err, E_SERVICE_UNAVAILABLE, "orders cannot be "
		    "recorded just now (the event log is not taking writes); "
		    "please try again in a moment");
		err->retry_after_ms = retry;
		return -1;
	}
	if ((quote = order_price_at(svc_db(svc), w.shop_id, items, w.kind,
	    shop_now(svc_config(svc)), err)) == NULL)
		return -1;
	total = json_integer_value(json_object_get(quote, "total"));
	if (json_is_true(json_object_get(quote, "below_minimum"))) {
		wire_error_set(err, E_BELOW_MINIMUM, "the minimum order is "
		    "%lld won; this order's items come to %lld won",
		    (long long)json_integer_value(json_object_get(quote,
		    "min_order")), (long long)json_integer_value(
		    json_object_get(quote, "subtotal")));
		json_decref(quote);
		return -1;
	}
	id = order_insert(svc, key, customer, quote, &w);
	json_decref(quote);
	if (id == 0)
		return wire_error_set(err, E_INTERNAL, "the order could not "
		    "be saved");
	if (!breaker_allow(&st->breaker, mono_ms(), &retry)) {
		st->refused++;
		wire_error_set(err, E_PAYMENT_UNAVAILABLE, "payment is busy; "
		    "please try again in a moment");
		err->retry_after_ms = retry;
		return -1; /* rolls the PAYING row back: nothing exists */
	}
	p = xcalloc(1, sizeof *p);
	p->req = req;
	p->order_id = id;
	p->next = st->pending;
	st->pending = p;
	call = json_pack("{s:I, s:I, s:s, s:s, s:s}", "order_id",
	    (json_int_t)id, "amount", (json_int_t)total, "customer_id",
	    customer, "shop_id", w.shop_id, "method", w.pay);
	if (w.card != NULL)
		json_object_set_new(call, "card", json_string(w.card));
	if (w.refund_account != NULL)
		json_object_set(call, "refund_account",
		    (json_t *)w.refund_account);
	if (w.bank != NULL)
		json_object_set_new(call, "bank", json_string(w.bank));
	svc_call(svc, "payment", "approve", call,
	    svc_config(svc)->payment_deadline_ms, order_payment_done, p);
	return 1;
}

void
order_sweep_paying(struct svc *svc, int64_t now)
{
	struct order_state *st = order_state(svc);
	json_t *rows = db_rows(svc_db(svc), "SELECT id FROM orders WHERE "
	    "status = 'PAYING' AND pay_deadline < ? LIMIT 64", "i",
	    now - ORDER_SWEEP_GRACE_MS), *row, *order;
	size_t i;

	json_array_foreach(rows, i, row) {
		int64_t id = json_integer_value(json_object_get(row, "id"));

		if (pending_has(st, id) ||
		    (order = order_load(svc_db(svc), id)) == NULL)
			continue;
		order_abandon(svc, order, "interrupted");
		json_decref(order);
	}
	json_decref(rows);
}
