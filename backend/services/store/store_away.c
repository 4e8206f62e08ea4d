/*
 * store_away.c: auto-pause. A shop takes orders only while someone can
 * accept them: when none of its owner's consoles (sessions of the owner
 * on the broker's front door) has been connected for the configured
 * time, it is auto-paused, so orders are not taken only to be
 * auto-cancelled; it takes orders again once one connects. The broker
 * is asked every few seconds (broker.consoles); the change is published
 * as shop.updated with "auto_paused", from which the order service
 * refuses (shop_paused). The broker is asked with auto-pause off too,
 * so console_seen_at always says when a console was last seen (for
 * store.offline); only the pausing needs auto-pause on.
 */
#include "store_int.h"
#include "util.h"

#define AWAY_ASK_MS 2000

/* Record what the broker says of shop (a row {id, console_seen_at,
 * auto_paused}) at now; publishes when it changes. */
static void
away_shop(struct svc *svc, const json_t *row, const json_t *consoles,
    int64_t now)
{
	struct db *db = svc_db(svc);
	const char *id = wire_str(row, "id", "");
	int away = wire_int(row, "auto_paused", 0) != 0;
	int64_t seen = wire_int(row, "console_seen_at", 0);
	int here = wire_int(consoles, id, 0) > 0;

	if (here || seen == 0)
		db_do(db, "UPDATE shops SET console_seen_at = ? WHERE id = ?",
		    "is", now, id);
	if (svc_config(svc)->auto_pause_ms <= 0)
		return; /* seen recorded; auto-pause is off */
	if (here && away) {
		if (db_do(db, "UPDATE shops SET auto_paused = 0 WHERE id = ?",
		    "s", id) == 1 && store_shop_publish(svc, id) == 0)
			log_info("shop %s: a console is back, orders are taken",
			    id);
	} else if (!here && !away && seen > 0 &&
	    now - seen >= svc_config(svc)->auto_pause_ms) {
		if (db_do(db, "UPDATE shops SET auto_paused = 1 WHERE id = ?",
		    "s", id) == 1 && store_shop_publish(svc, id) == 0)
			log_info("shop %s: no console for %lld ms, auto-paused",
			    id, (long long)(now - seen));
	}
}

/* svc_reply_fn of broker.consoles. */
static void
away_answered(struct svc *svc, const json_t *result,
    const struct wire_error *err, void *arg)
{
	struct store_state *st = svc_state(svc);
	const json_t *consoles = json_object_get(result, "shops");
	int64_t now = now_ms();
	json_t *rows, *row;
	size_t i;

	(void)arg;
	st->asking = 0;
	if (err != NULL || !json_is_object(consoles)) {
		log_warn("broker.consoles: %s", err ? err->message : "no shops");
		return;
	}
	rows = db_rows(svc_db(svc), "SELECT id, console_seen_at, auto_paused "
	    "FROM shops", NULL);
	json_array_foreach(rows, i, row)
		away_shop(svc, row, consoles, now);
	json_decref(rows);
}

/* With auto-pause off, no shop stays auto-paused (it was on before a
 * restart). */
static void
away_off(struct svc *svc)
{
	json_t *rows = db_rows(svc_db(svc), "SELECT id FROM shops WHERE "
	    "auto_paused", NULL), *row;
	size_t i;

	json_array_foreach(rows, i, row)
		if (db_do(svc_db(svc), "UPDATE shops SET auto_paused = 0 WHERE "
		    "id = ?", "s", wire_str(row, "id", "")) == 1)
			store_shop_publish(svc, wire_str(row, "id", ""));
	json_decref(rows);
}

void
store_away_tick(struct svc *svc)
{
	struct store_state *st = svc_state(svc);
	int64_t now = mono_ms();

	if (svc_config(svc)->auto_pause_ms <= 0)
		away_off(svc);
	if (st->asking ||
	    now - st->asked_at < AWAY_ASK_MS)
		return;
	st->asking = 1;
	st->asked_at = now;
	svc_call(svc, "broker", "consoles", json_object(), AWAY_ASK_MS,
	    away_answered, NULL);
}
