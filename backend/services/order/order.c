/*
 * order.c: the order service: its table, schema, state and the helpers
 * its files share (see order_int.h for the map of the files).
 */
#include "order_int.h"

#include <string.h>

#include "util.h"

static const char order_schema[] =
    "CREATE TABLE IF NOT EXISTS catalog ("
    " shop_id TEXT PRIMARY KEY, shop_json TEXT NOT NULL,"
    " seq INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS orders ("
    " id INTEGER PRIMARY KEY, customer_id TEXT NOT NULL,"
    " shop_id TEXT NOT NULL, shop_name TEXT NOT NULL,"
    " status TEXT NOT NULL, items_json TEXT NOT NULL,"
    " subtotal INTEGER NOT NULL, delivery_fee INTEGER NOT NULL,"
    " total INTEGER NOT NULL, address TEXT NOT NULL,"
    " card_last4 TEXT NOT NULL, payment_id TEXT,"
    " pay_deadline INTEGER, accept_by INTEGER, eta_min INTEGER,"
    " eta_at INTEGER, reason TEXT,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS orders_status ON orders(status);";

struct order_state *
order_state(struct svc *svc)
{
	/* Static, so in-flight calls stay reachable (no leak report) when
	 * the runtime stops with payments outstanding. */
	static struct order_state state;
	const struct config *cfg = svc_config(svc);

	if (!state.ready) {
		breaker_init(&state.breaker, cfg->breaker_window,
		    cfg->breaker_failure_pct, cfg->breaker_min_calls,
		    cfg->breaker_open_ms);
		breaker_set_name(&state.breaker, "payment");
		state.ready = 1;
		svc_set_state(svc, &state);
	}
	return &state;
}

json_t *
order_load(struct db *db, int64_t id)
{
	return db_row(db, "SELECT id AS order_id, customer_id, shop_id, "
	    "shop_name, status, items_json, subtotal, delivery_fee, total, "
	    "address, card_last4, payment_id, pay_deadline, accept_by, "
	    "eta_min, eta_at, reason, created_at, updated_at FROM orders "
	    "WHERE id = ?", "i", id);
}

int
order_emit(struct svc *svc, const char *type, const json_t *order,
    json_t *data)
{
	json_t *d = data ? data : json_object();

	/* Every order event says the status it leaves the order in. */
	if (json_object_get(d, "status") == NULL)
		json_object_set(d, "status", json_object_get(order, "status"));
	return svc_emit(svc, type, json_integer_value(json_object_get(order,
	    "order_id")), json_string_value(json_object_get(order, "shop_id")),
	    json_string_value(json_object_get(order, "customer_id")), d);
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

	if (type != NULL && strcmp(type, "shop.updated") == 0)
		return order_catalog_apply(svc, event, err);
	return 0;
}

static void
order_on_tick(struct svc *svc, int64_t now)
{
	order_auto_cancel(svc, now);
	order_sweep_paying(svc, now);
}

static const struct svc_method order_methods[] = {
	{ "quote", order_quote, 0, NULL },
	{ "place", order_place, SVC_WRITE, "customer" },
	{ "cancel", order_cancel, SVC_WRITE, "customer" },
	{ "transition", order_transition, SVC_WRITE, "service" },
	{ "stats", order_stats, 0, NULL },
};

static const char *const order_consumes[] = { "shop.updated", NULL };

const struct svc_def order_service = {
	.name = "order",
	.schema = order_schema,
	.methods = order_methods,
	.n_methods = ARRAY_LEN(order_methods),
	.consumes = order_consumes,
	.on_event = order_on_event,
	.on_tick = order_on_tick,
	.tick_ms = 1000,
};
