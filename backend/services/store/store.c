/*
 * store.c: the store service, the shop owner's side. It owns shops and
 * menus, keeps each shop's order queue as a read model of the order.*
 * events, and forwards the owner's actions to the order service, which
 * owns the order state machine. The parts are listed in store_int.h.
 */
#include <string.h>

#include "store_int.h"
#include "util.h"

static const char store_schema[] =
    "CREATE TABLE IF NOT EXISTS shops ("
    " id TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL,"
    " owner_id TEXT NOT NULL, open INTEGER NOT NULL,"
    " min_order INTEGER NOT NULL, delivery_fee INTEGER NOT NULL,"
    " version INTEGER NOT NULL DEFAULT 0, paused_until INTEGER,"
    " pause_reason TEXT, busy_min INTEGER NOT NULL DEFAULT 0,"
    " tz TEXT NOT NULL DEFAULT 'Asia/Seoul', hours_json TEXT,"
    " closed_dates_json TEXT, console_seen_at INTEGER,"
    " auto_paused INTEGER NOT NULL DEFAULT 0, printer_host TEXT,"
    " printer_port INTEGER, printer_width INTEGER NOT NULL DEFAULT 80,"
    " print_on TEXT NOT NULL DEFAULT 'accepted', lat REAL, lon REAL);"
    "CREATE TABLE IF NOT EXISTS items ("
    " shop_id TEXT NOT NULL REFERENCES shops(id), id TEXT NOT NULL,"
    " name TEXT NOT NULL, price INTEGER NOT NULL,"
    " sold_out INTEGER NOT NULL DEFAULT 0, sold_out_until INTEGER,"
    " PRIMARY KEY (shop_id, id));"
    "CREATE TABLE IF NOT EXISTS options ("
    " shop_id TEXT NOT NULL, item_id TEXT NOT NULL, id TEXT NOT NULL,"
    " name TEXT NOT NULL, price INTEGER NOT NULL, grp TEXT,"
    " sold_out INTEGER NOT NULL DEFAULT 0, sold_out_until INTEGER,"
    " PRIMARY KEY (shop_id, item_id, id),"
    " FOREIGN KEY (shop_id, item_id) REFERENCES items(shop_id, id));"
    "CREATE TABLE IF NOT EXISTS option_groups ("
    " shop_id TEXT NOT NULL, item_id TEXT NOT NULL, id TEXT NOT NULL,"
    " name TEXT NOT NULL, min_count INTEGER NOT NULL DEFAULT 0,"
    " max_count INTEGER NOT NULL DEFAULT 1,"
    " CHECK (min_count >= 0 AND max_count >= min_count AND max_count >= 1),"
    " PRIMARY KEY (shop_id, item_id, id),"
    " FOREIGN KEY (shop_id, item_id) REFERENCES items(shop_id, id));"
    "CREATE TABLE IF NOT EXISTS queue ("
    " order_id INTEGER PRIMARY KEY, shop_id TEXT NOT NULL,"
    " customer_id TEXT, status TEXT NOT NULL, items_json TEXT NOT NULL,"
    " subtotal INTEGER, delivery_fee INTEGER, total INTEGER, address TEXT,"
    " placed_at INTEGER, accept_by INTEGER, eta_min INTEGER,"
    " eta_at INTEGER, reason TEXT, updated_at INTEGER, note TEXT,"
    " rider_note TEXT, kind TEXT NOT NULL DEFAULT 'delivery',"
    " reason_code TEXT);"
    "CREATE INDEX IF NOT EXISTS queue_by_shop ON queue(shop_id, placed_at);"
    "CREATE TABLE IF NOT EXISTS queue_timeline ("
    " order_id INTEGER NOT NULL REFERENCES queue(order_id),"
    " seq INTEGER NOT NULL, at INTEGER NOT NULL, status TEXT NOT NULL,"
    " PRIMARY KEY (order_id, seq));"
    /* Kitchen tickets (store_print.c): pending -> sending -> printed,
     * or back to pending (retry), dead, or unknown (a crash mid-send). */
    "CREATE TABLE IF NOT EXISTS print_jobs ("
    " id INTEGER PRIMARY KEY, shop_id TEXT NOT NULL,"
    " order_id INTEGER NOT NULL, reason TEXT NOT NULL,"
    " state TEXT NOT NULL DEFAULT 'pending',"
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " next_at INTEGER NOT NULL DEFAULT 0, last_error TEXT,"
    " created_at INTEGER NOT NULL, done_at INTEGER,"
    " auto_key INTEGER UNIQUE);"
    "CREATE INDEX IF NOT EXISTS print_jobs_due ON print_jobs(state, next_at);";

static const struct svc_method store_methods[] = {
	{ "shops", store_shops, 0, NULL },
	{ "menu", store_menu, 0, NULL },
	{ "queue", store_queue, 0, "owner admin" },
	{ "reasons", store_reasons, 0, "owner admin" },
	{ "offline", store_offline, 0, "admin" },
	{ "accept", store_accept, SVC_WRITE, "owner" },
	{ "reject", store_reject, SVC_WRITE, "owner" },
	{ "cook", store_cook, SVC_WRITE, "owner" },
	{ "ready", store_ready, SVC_WRITE, "owner" },
	{ "picked_up", store_picked_up, SVC_WRITE, "owner" },
	{ "dispatch", store_dispatch, SVC_WRITE, "owner" },
	{ "deliver", store_deliver, SVC_WRITE, "owner" },
	{ "extend", store_extend, SVC_WRITE, "owner" },
	{ "unavailable", store_unavailable, SVC_WRITE, "owner" },
	{ "soldout", store_soldout, SVC_WRITE, "owner" },
	{ "open", store_open, SVC_WRITE, "owner" },
	{ "pause", store_pause, SVC_WRITE, "owner" },
	{ "resume", store_resume, SVC_WRITE, "owner" },
	{ "busy", store_busy, SVC_WRITE, "owner" },
	{ "position", store_position, SVC_WRITE, "owner" },
	{ "hours", store_hours, SVC_WRITE, "owner" },
	{ "printer", store_printer, SVC_WRITE, "owner" },
	{ "print", store_print, SVC_WRITE, "owner" },
	{ "print_jobs", store_print_jobs, 0, "owner" },
};

static const char *const store_consumes[] = { "order.", "shop.updated",
	NULL };

/* Its own events: the shops it announced (store_log.c). */
static const char *const store_own[] = { "shop.updated", NULL };

static int
store_on_event(struct svc *svc, const json_t *event, struct wire_error *err)
{
	const char *type = json_string_value(json_object_get(event, "type"));

	if (type != NULL && strncmp(type, "order.", 6) == 0)
		return store_queue_apply(svc, event, err);
	if (type != NULL && strcmp(type, "shop.updated") == 0)
		return store_log_apply(svc, event, err);
	return 0;
}

/* The columns earlier versions lacked, oldest first: each is added to
 * a file made by one of them (db_add_column), once. */
static const struct db_column store_columns[] = {
	{ "shops", "version", "INTEGER NOT NULL DEFAULT 0" },
	{ "queue", "note", "TEXT" },
	{ "queue", "rider_note", "TEXT" },
	{ "queue", "kind", "TEXT NOT NULL DEFAULT 'delivery'" },
	{ "queue", "reason_code", "TEXT" },
	{ "shops", "paused_until", "INTEGER" },
	{ "shops", "pause_reason", "TEXT" },
	{ "shops", "busy_min", "INTEGER NOT NULL DEFAULT 0" },
	{ "shops", "tz", "TEXT NOT NULL DEFAULT 'Asia/Seoul'" },
	{ "items", "sold_out_until", "INTEGER" },
	{ "shops", "hours_json", "TEXT" },
	{ "shops", "closed_dates_json", "TEXT" },
	{ "shops", "console_seen_at", "INTEGER" },
	{ "shops", "auto_paused", "INTEGER NOT NULL DEFAULT 0" },
	{ "options", "sold_out", "INTEGER NOT NULL DEFAULT 0" },
	{ "options", "sold_out_until", "INTEGER" },
	{ "shops", "printer_host", "TEXT" },
	{ "shops", "printer_port", "INTEGER" },
	{ "shops", "printer_width", "INTEGER NOT NULL DEFAULT 80" },
	{ "shops", "print_on", "TEXT NOT NULL DEFAULT 'accepted'" },
	{ "shops", "lat", "REAL" },
	{ "shops", "lon", "REAL" },
};

/* svc_start_fn: the columns an earlier version lacked; the shop list's
 * answer watches the catalog. */
static int
store_start(struct svc *svc)
{
	store_shops_watch(svc);
	return db_add_columns(svc_db(svc), store_columns,
	    ARRAY_LEN(store_columns));
}

/* svc_stop_fn: the printer pool, the shop list's answer. */
static void
store_stop(struct svc *svc)
{
	store_print_stop(svc);
	store_shops_unwatch(svc);
}

/* The store service, for services.c. */
const struct svc_def store_service = {
	.name = "store",
	.schema = store_schema,
	.methods = store_methods,
	.n_methods = ARRAY_LEN(store_methods),
	.consumes = store_consumes,
	.on_event = store_on_event,
	.seed = store_demo_seed,
	.start = store_start,
	.stop = store_stop,
	.on_tick = store_on_tick,
	.tick_ms = 1000,
	.state_size = sizeof(struct store_state),
	.own = store_own,
	.reply_after_log = 1,
};
