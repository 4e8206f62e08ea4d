/*
 * store_pause.c: the owner stops taking orders for a while (pause, with
 * a reason, ended by resume or by the clock) or says the kitchen is
 * busy (busy mode: more minutes on the ETA). Each is a change of the
 * shop, published and handed to the order service like any other
 * (store_shop_changed); the tick writes down pauses that have ended so
 * that followers of shop.updated see it.
 */
#include "shop_tz.h"
#include "store_int.h"
#include "text_check.h"
#include "util.h"

#define PAUSE_MAX_MIN 1440
#define BUSY_MIN_MIN 5
#define BUSY_MAX_MIN 120
#define BUSY_DEFAULT_MIN 20

/* Set the owner's shop's pause (paused_until: NULL none, 0 until
 * resumed, else ms) and answer with it once the order service holds it. */
static int
pause_set(struct svc *svc, struct svc_req *req, const char *shop_id,
    int64_t until, int paused, const char *reason)
{
	if ((paused ? db_do(svc_db(svc), "UPDATE shops SET paused_until = ?, "
	    "pause_reason = ? WHERE id = ?", "iss", until, reason, shop_id) :
	    db_do(svc_db(svc), "UPDATE shops SET paused_until = NULL, "
	    "pause_reason = NULL WHERE id = ?", "s", shop_id)) != 1)
		return -1;
	return store_shop_changed(svc, req, shop_id, json_pack("{s:s, s:b, "
	    "s:o, s:s?}", "shop_id", shop_id, "paused", paused,
	    "paused_until", paused && until > 0 ? json_integer(until) :
	    paused ? json_integer(0) : json_null(), "pause_reason", reason));
}

int
store_pause(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *shop_id, *reason = NULL;
	int64_t minutes = 0;

	(void)result;
	if ((shop_id = store_owner_shop(req, err)) == NULL ||
	    wire_get_int(body, "minutes", 0, 1, PAUSE_MAX_MIN, &minutes,
	    err) != 0 || wire_get_str(body, "reason", 0, &reason, err) != 0)
		return -1;
	if (reason != NULL && text_check(reason, "reason", TEXT_MAX_REASON,
	    err) != 0)
		return -1;
	return pause_set(svc, req, shop_id, minutes > 0 ?
	    shop_now(svc_config(svc)) + minutes * 60 * 1000 : 0, 1, reason);
}

int
store_resume(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *shop_id;

	(void)body;
	(void)result;
	if ((shop_id = store_owner_shop(req, err)) == NULL)
		return -1;
	return pause_set(svc, req, shop_id, 0, 0, NULL);
}

int
store_busy(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *shop_id;
	int64_t minutes = BUSY_DEFAULT_MIN;
	int on = 0;

	(void)result;
	if ((shop_id = store_owner_shop(req, err)) == NULL ||
	    wire_get_bool(body, "on", 1, &on, err) != 0 ||
	    wire_get_int(body, "minutes", 0, BUSY_MIN_MIN, BUSY_MAX_MIN,
	    &minutes, err) != 0)
		return -1;
	if (!on)
		minutes = 0;
	if (db_do(svc_db(svc), "UPDATE shops SET busy_min = ? WHERE id = ?",
	    "is", minutes, shop_id) != 1)
		return -1;
	return store_shop_changed(svc, req, shop_id, json_pack("{s:s, s:b, "
	    "s:I}", "shop_id", shop_id, "busy", on, "busy_min",
	    (json_int_t)minutes));
}

int64_t
store_busy_min(struct db *db, const char *shop_id)
{
	return db_int(db, 0, "SELECT busy_min FROM shops WHERE id = ?", "s",
	    shop_id);
}

void
store_on_tick(struct svc *svc, int64_t now)
{
	int64_t shop_time = shop_now(svc_config(svc));
	json_t *rows = db_rows(svc_db(svc), "SELECT id FROM shops WHERE "
	    "paused_until > 0 AND paused_until <= ?", "i", shop_time), *row;
	size_t i;

	json_array_foreach(rows, i, row) {
		const char *id = wire_str(row, "id", "");

		if (db_do(svc_db(svc), "UPDATE shops SET paused_until = NULL, "
		    "pause_reason = NULL WHERE id = ?", "s", id) == 1 &&
		    store_shop_publish(svc, id) == 0)
			log_info("shop %s: its pause is over", id);
	}
	json_decref(rows);
	store_soldout_tick(svc, shop_time);
	store_away_tick(svc);
	store_print_tick(svc, now);
	store_demo_place(svc);
}
