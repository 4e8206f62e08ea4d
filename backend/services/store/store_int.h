/*
 * store_int.h: the store service's parts, shared by store*.c only.
 *
 * store.c          the service table: schema, methods, consumed events
 * store_catalog.c  shops and menus: reads, owner edits, shop.updated
 * store_shops.c    store.shops, answered from text kept while it holds
 * store_demo.c     the demo catalog (data) and the seed callback
 * store_queue.c    each shop's order queue, a read model of order.*
 * store_actions.c  owner actions forwarded to order.transition
 * store_print.c    kitchen ticket jobs: made, sent by a pool, recorded
 * store_printer.c  the owner's printer requests
 * store_ticket.c   a kitchen ticket as ESC/POS bytes (store_ticket.h)
 *
 * Method functions follow svc_method_fn (svc.h): 0 with *result, -1 with
 * err, 1 deferred.
 */
#ifndef BAEDAL_STORE_INT_H
#define BAEDAL_STORE_INT_H

#include "jbuf.h"
#include "svc.h"

/* The answer to store.shops as text, and what it holds for
 * (store_shops.c). */
struct store_shops_cache {
	struct jbuf text;        /* {"shops":[...]} */
	int valid;
	int64_t made_at;         /* the shops' clock when it was made */
	int64_t until;           /* and before which it holds */
	uint64_t writes_seen;    /* store_state.catalog_writes then */
	int64_t data_version;    /* PRAGMA data_version then */
};

/* The store's memory (svc_state): the auto-pause's question to the
 * broker, the shop list's answer. */
struct store_state {
	int asking;          /* a consoles call is in flight */
	int64_t asked_at;    /* when the last one was sent (mono ms) */
	struct worker_pool *print_pool; /* kitchen tickets (store_print.c);
	                                 * NULL until the first tick */
	int placed;          /* the demo shops' positions are set */
	uint64_t catalog_writes; /* writes to the catalog tables and
	                          * rollbacks on this connection */
	struct store_shops_cache shops;
};

/* ---- store_catalog.c ---- */

/*
 * The owner's shop id (borrowed from req), or NULL with a forbidden err
 * when the caller has no shop.
 */
const char *store_owner_shop(const struct svc_req *req,
    struct wire_error *err);

/* The columns of a shop as its objects show them. */
#define STORE_SHOP_COLUMNS "id, name, category, owner_id," \
    " CASE WHEN open THEN 'true' ELSE 'false' END AS open_json," \
    " min_order, delivery_fee, version, paused_until, pause_reason," \
    " busy_min, tz, hours_json, closed_dates_json," \
    " CASE WHEN auto_paused THEN 'true' ELSE 'false' END AS auto_paused_json," \
    " lat, lon"

/* The shop as {id,name,category,owner_id,open,min_order,delivery_fee,
 * version,paused_until,pause_reason,busy_min,tz} (owned by the caller),
 * or NULL when there is no such shop. */
json_t *store_shop_get(struct db *db, const char *shop_id);

/* The shop's items in menu order as [{id,name,price,sold_out,
 * sold_out_until,options:[{id,name,price,group}]}] (owned by the caller;
 * group is null for a free-standing option; sold_out as written, see
 * shop_menu_at), or NULL on a storage error. */
json_t *store_menu_get(struct db *db, const char *shop_id);

/* Emit shop.updated {shop: the shop with "menu"} for shop_id, in the
 * current transaction. Returns 0, or -1 when the shop is unknown or the
 * outbox write failed. */
int store_shop_publish(struct svc *svc, const char *shop_id);

/* Publish the change of the owner's shop_id and hand the shop to the
 * order service; req is answered with result (stolen) once it has taken
 * it. Returns 1 (deferred) or -1. */
int store_shop_changed(struct svc *svc, struct svc_req *req,
    const char *shop_id, json_t *result);

/* store.menu {shop_id}: the shop and its menu; not_found when unknown. */
int store_menu(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
/* store.open {open}: open or close the owner's shop; emits shop.updated. */
int store_open(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);

/* ---- store_shops.c ---- */

/* store.shops: every shop, in catalog order, with its state now
 * (shop_state_add); answered from the kept text while it holds. */
int store_shops(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
/* From start: count writes to the catalog tables (and rollbacks) on the
 * store's connection, which spoil the kept answer. */
void store_shops_watch(struct svc *svc);
/* From stop: stop counting and free the kept answer. */
void store_shops_unwatch(struct svc *svc);

/* ---- store_soldout.c ---- */

/* store.soldout {item_id, option_id?, sold_out, until? (ms, "HH:MM" or
 * "today")}: an item (or one of its options) of the owner's shop,
 * indefinitely or until then; emits shop.updated. */
int store_soldout(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
/* Write down the sold-out items whose time has come, at now (the shops'
 * clock): available again, shop.updated for each shop. */
void store_soldout_tick(struct svc *svc, int64_t now);

/* ---- store_hours.c ---- */

/* store.hours {hours?, closed_dates?, tz?} (at least one): set the
 * owner's shop's opening hours, closed dates and time zone
 * (shop_hours.h); emits shop.updated. */
int store_hours(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);

/* ---- store_pause.c ---- */

/* store.pause {minutes? (1-1440; absent: until resumed), reason?}:
 * the owner's shop takes no orders until then; emits shop.updated. */
int store_pause(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
/* store.resume {}: end a pause now. */
int store_resume(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
/* store.busy {on, minutes? (5-120, default 20)}: busy mode adds minutes
 * to the ETA proposed and shown. */
int store_busy(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
/* The busy minutes of shop_id (0 when not busy). */
int64_t store_busy_min(struct db *db, const char *shop_id);

/* store.position: {lat, lon} of the owner's shop, in degrees (both
 * required, -90..90 and -180..180); answered once the order service
 * holds the change. */
int store_position(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
/* svc_tick_fn: write down the pauses whose time has come (shop.updated
 * for each, so followers see the shop take orders again). */
void store_on_tick(struct svc *svc, int64_t now);

/* ---- store_away.c ---- */

/* Every few seconds: ask the broker which shops have an owner's console
 * connected and record when each was last seen (console_seen_at); with
 * auto-pause on, a shop with none for the configured time is
 * auto-paused (shop.updated), and resumed when one connects. Called
 * from the tick. */
void store_away_tick(struct svc *svc);

/* ---- store_offline.c ---- */

/* store.offline {} (admin): the shops with orders waiting to be
 * accepted and no owner's console connected, asked of the broker
 * (broker.consoles); deferred (returns 1), or -1 with err. */
int store_offline(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);

/* ---- store_log.c ---- */

/* Apply a shop.updated event of a version above the shop's here (a
 * sibling's change, or any while rebuilding from the log): the shop and
 * its whole menu as it carries them. 0, or -1 with err. */
int store_log_apply(struct svc *svc, const json_t *event,
    struct wire_error *err);

/* ---- store_demo.c ---- */

/* svc_seed_fn: insert the demo shops (only when the config wants demo
 * data and the log announced no shop) and emit shop.updated for each.
 * Returns 0 or -1. */
int store_demo_seed(struct svc *svc);
/* Once a process: give each demo shop without a position its demo one
 * (a data directory from before positions, or one just seeded) and
 * announce it with shop.updated. Inside the tick's transaction. */
void store_demo_place(struct svc *svc);

/* ---- store_queue.c ---- */

/* Apply one order.* event to the queue. Events for orders the queue has
 * never seen, and order types it does not track, change nothing.
 * Returns 0, or -1 with err on a storage error (the event is
 * dead-lettered). */
int store_queue_apply(struct svc *svc, const json_t *event,
    struct wire_error *err);

/* 1 when order_id is in shop_id's queue, else 0. */
int store_queue_has(struct db *db, int64_t order_id, const char *shop_id);

/* store.queue {filter?, shop_id? (admin), limit?}: the shop's orders,
 * newest first, with the applied event offset "seq". */
int store_queue(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);

/* store.reasons {shop_id? (admin)}: how many of the shop's orders were
 * rejected and cancelled, by reason code: {shop_id, rejected: {CODE: n},
 * cancelled: {CODE: n}} (orders from before codes count as OTHER). */
int store_reasons(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);

/* ---- store_actions.c ---- */

/* store.accept / reject / cook / ready / dispatch / deliver / picked_up
 * {order_id, ...}:
 * forwarded to order.transition; deferred (return 1) on success. */
int store_accept(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
int store_reject(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
int store_cook(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
int store_ready(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
int store_picked_up(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);
int store_dispatch(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
int store_deliver(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);

/* store.extend {order_id, minutes (5|10|15)}: more time for an accepted
 * or cooking order (order.transition "extend"); deferred on success. */
int store_extend(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);

/* store.unavailable {order_id, lines: [line numbers from 1]}: lines the
 * shop cannot make, before cooking (order.transition "unavailable": they
 * are removed and refunded); deferred on success. */
int store_unavailable(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);

/* ---- store_print.c ---- */

/*
 * Queue a kitchen ticket of order_id for shop_id, in the current
 * transaction. reason "paid" or "accepted" (an order event) makes a job
 * only when the shop has a printer set to print then, and at most one
 * such job per order; "reprint" always makes a new one. Returns 0 or -1.
 */
int store_print_enqueue(struct svc *svc, const char *shop_id,
    int64_t order_id, const char *reason, int64_t now);
/* From the tick: record finished sends, and lease due jobs to the
 * printer pool (sent once the lease is committed). */
void store_print_tick(struct svc *svc, int64_t now);
/* svc_stop_fn part: wait a while (a send's deadlines) for tickets on
 * their way and record them, then stop the printer pool. */
void store_print_stop(struct svc *svc);

/* ---- store_printer.c ---- */

#define PRINT_JOBS_MAX 200

/* store.printer {address "HOST:PORT", width? (58|80, 80), print_on?
 * ("accepted"|"paid")} or {off:true}: the owner's kitchen printer. */
int store_printer(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
/* store.print {order_id}: print the order's ticket again (a new job). */
int store_print(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err);
/* store.print_jobs {state?, limit?}: the printer, job counts by state
 * and the latest jobs. */
int store_print_jobs(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);

#endif
