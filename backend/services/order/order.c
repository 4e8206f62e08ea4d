/*
 * order.c: the order service: its schema, its lifetime and its table of
 * methods (see order_int.h for the map of the files).
 */
#include "order_int.h"

#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "util.h"

static const char order_schema[] =
    "CREATE TABLE IF NOT EXISTS catalog ("
    " shop_id TEXT PRIMARY KEY, shop_json TEXT NOT NULL,"
    " seq INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    " version INTEGER);"
    "CREATE TABLE IF NOT EXISTS orders ("
    " id INTEGER PRIMARY KEY, customer_id TEXT NOT NULL,"
    " shop_id TEXT NOT NULL, shop_name TEXT NOT NULL,"
    " status TEXT NOT NULL, items_json TEXT NOT NULL,"
    " subtotal INTEGER NOT NULL, delivery_fee INTEGER NOT NULL,"
    " total INTEGER NOT NULL, address TEXT NOT NULL,"
    " card_last4 TEXT NOT NULL, payment_id TEXT,"
    " pay_deadline INTEGER, accept_by INTEGER, eta_min INTEGER,"
    " eta_at INTEGER, reason TEXT,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    " request_key TEXT, note TEXT, rider_note TEXT,"
    " kind TEXT NOT NULL DEFAULT 'delivery', reason_code TEXT,"
    " extended_min INTEGER NOT NULL DEFAULT 0,"
    " refunded INTEGER NOT NULL DEFAULT 0,"
    " removals INTEGER NOT NULL DEFAULT 0,"
    " version INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX IF NOT EXISTS orders_status ON orders(status);";

/* The columns earlier versions lacked, oldest first. */
static const struct db_column order_columns[] = {
	{ "orders", "request_key", "TEXT" },
	{ "catalog", "version", "INTEGER" },
	{ "orders", "note", "TEXT" },
	{ "orders", "rider_note", "TEXT" },
	{ "orders", "kind", "TEXT NOT NULL DEFAULT 'delivery'" },
	{ "orders", "reason_code", "TEXT" },
	{ "orders", "extended_min", "INTEGER NOT NULL DEFAULT 0" },
	{ "orders", "refunded", "INTEGER NOT NULL DEFAULT 0" },
	{ "orders", "removals", "INTEGER NOT NULL DEFAULT 0" },
	{ "orders", "version", "INTEGER NOT NULL DEFAULT 0" },
};

/* svc_start_fn: the columns an earlier version lacked, the unique
 * request key (one order per place request, whichever process of the
 * service takes it) and the payment breaker, from the configuration. */
static int
order_start(struct svc *svc)
{
	struct order_state *st = order_state(svc);
	const struct config *cfg = svc_config(svc);

	if (db_add_columns(svc_db(svc), order_columns,
	    ARRAY_LEN(order_columns)) != 0 ||
	    db_exec(svc_db(svc), "CREATE UNIQUE INDEX IF NOT EXISTS "
	    "orders_request_key ON orders(request_key)") != 0)
		return -1;

	breaker_init(&st->breaker, cfg->breaker_window,
	    cfg->breaker_failure_pct, cfg->breaker_min_calls,
	    cfg->breaker_open_ms);
	breaker_set_name(&st->breaker, "payment");
	return 0;
}

/* svc_stop_fn: the payment calls still waiting (the runtime has dropped
 * the calls and freed their requests). */
static void
order_stop(struct svc *svc)
{
	struct order_state *st = order_state(svc);
	struct order_pending *p;

	while ((p = st->pending) != NULL) {
		st->pending = p->next;
		free(p);
	}
}

static int
order_stats(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	struct order_state *st = order_state(svc);
	struct order_pending *p;
	json_int_t in_flight = 0;

	(void)req;
	(void)body;
	(void)err;
	for (p = st->pending; p != NULL; p = p->next)
		in_flight++;
	*result = json_pack("{s:o, s:I, s:I, s:I, s:I, s:I}", "breaker",
	    breaker_stats(&st->breaker, mono_ms()), "placed",
	    (json_int_t)st->placed, "refused", (json_int_t)st->refused,
	    "declined", (json_int_t)st->declined, "failed",
	    (json_int_t)st->failed, "in_flight", in_flight);
	return 0;
}

static int
order_on_event(struct svc *svc, const json_t *event, struct wire_error *err)
{
	const char *type = json_string_value(json_object_get(event, "type"));

	if (type != NULL && strncmp(type, "order.", 6) == 0)
		return order_log_apply(svc, event, err);
	if (type != NULL && strcmp(type, "payment.approved") == 0)
		return order_log_orphan(svc, event, err);
	if (type != NULL && strcmp(type, "shop.updated") == 0)
		return order_catalog_apply(svc, event, err);
	if (type != NULL && strncmp(type, "payment.deposit", 15) == 0)
		return order_deposit_apply(svc, event, err);
	if (type != NULL && (strcmp(type, "delivery.picked_up") == 0 ||
	    strcmp(type, "delivery.delivered") == 0))
		return order_rider_apply(svc, event, err);
	return 0;
}

static void
order_on_tick(struct svc *svc, int64_t now)
{
	struct order_state *st = order_state(svc);

	order_auto_cancel(svc, now);
	order_sweep_paying(svc, now);
	metrics_set(svc_metrics(svc), METRIC_BREAKER, "breaker=\"payment\"",
	    (double)breaker_state(&st->breaker, mono_ms()));
}

static const struct svc_method order_methods[] = {
	{ "quote", order_quote, 0, NULL },
	{ "catalog", order_catalog_take, 0, "service" },
	{ "place", order_place, SVC_WRITE, "customer" },
	{ "cancel", order_cancel, SVC_WRITE, "customer" },
	{ "transition", order_transition, SVC_WRITE, "service" },
	{ "stats", order_stats, 0, NULL },
};

static const char *const order_consumes[] = { "order.", "shop.updated",
	"payment.approved", "payment.deposit", "delivery.picked_up",
	"delivery.delivered", NULL };

/* Its own events: the orders it announced (order_log.c). */
static const char *const order_own[] = { "order.", NULL };

const struct svc_def order_service = {
	.name = "order",
	.schema = order_schema,
	.methods = order_methods,
	.n_methods = ARRAY_LEN(order_methods),
	.consumes = order_consumes,
	.on_event = order_on_event,
	.on_tick = order_on_tick,
	.tick_ms = 1000,
	.state_size = sizeof(struct order_state),
	.start = order_start,
	.stop = order_stop,
	.own = order_own,
	.reply_after_log = 1,
};
