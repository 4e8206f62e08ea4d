/*
 * store_shops.c: store.shops, the shop list every customer reads, kept as
 * the answer's JSON text between requests. It is made (the rows, each
 * shop's state at now: hours in its zone, pause, busy, texts) and
 * printed once, then sent as it is until it may differ:
 *   - the shops' clock reaches the time shop_state_until gives (the next
 *     minute, or a pause's end, an opening, a closing before it);
 *   - this connection writes a catalog table (shops, items, options,
 *     option_groups; an update hook, which SQLite skips for a DELETE
 *     without WHERE and rows REPLACE drops: the store writes neither)
 *     or rolls a transaction back (a write it saw may be undone);
 *   - another connection (a second process of the store on this file)
 *     commits anything (PRAGMA data_version).
 * One answer is kept, no larger than a frame (a larger one is not kept,
 * and the runtime refuses it as before).
 */
#include <stdlib.h>
#include <string.h>

#include "shop_state.h"
#include "shop_tz.h"
#include "store_int.h"
#include "util.h"

/* sqlite3_update_hook: a write to a catalog table spoils the answer. */
static void
store_shops_on_write(void *arg, int op, const char *db, const char *table,
    sqlite3_int64 rowid)
{
	struct store_state *st = arg;

	(void)op;
	(void)db;
	(void)rowid;
	if (strcmp(table, "shops") == 0 || strcmp(table, "items") == 0 ||
	    strcmp(table, "options") == 0 ||
	    strcmp(table, "option_groups") == 0)
		st->catalog_writes++;
}

/* sqlite3_rollback_hook: what the answer was made from may be undone. */
static void
store_shops_on_rollback(void *arg)
{
	struct store_state *st = arg;

	st->catalog_writes++;
}

void
store_shops_watch(struct svc *svc)
{
	sqlite3 *h = db_handle(svc_db(svc));

	sqlite3_update_hook(h, store_shops_on_write, svc_state(svc));
	sqlite3_rollback_hook(h, store_shops_on_rollback, svc_state(svc));
}

void
store_shops_unwatch(struct svc *svc)
{
	struct store_state *st = svc_state(svc);
	sqlite3 *h = db_handle(svc_db(svc));

	if (h != NULL) {
		sqlite3_update_hook(h, NULL, NULL);
		sqlite3_rollback_hook(h, NULL, NULL);
	}
	jbuf_free(&st->shops.text);
	st->shops.valid = 0;
}

/*
 * Make the answer at now: kept as text in st->shops (0), or, when it is
 * larger than a frame, returned as a tree in *tree (1); -1 on a storage
 * error.
 */
static int
store_shops_make(struct svc *svc, struct store_state *st, int64_t now,
    int64_t data_version, json_t **tree)
{
	struct store_shops_cache *c = &st->shops;
	json_t *shops = db_rows(svc_db(svc), "SELECT " STORE_SHOP_COLUMNS
	    " FROM shops ORDER BY rowid", NULL), *shop, *answer;
	int64_t until = shop_state_until(NULL, now);
	char *text;
	size_t i, len;

	c->valid = 0;
	if (shops == NULL)
		return -1;
	json_array_foreach(shops, i, shop) {
		int64_t at;

		json_object_del(shop, "owner_id");
		json_object_del(shop, "version");
		shop_state_add(shop, now);
		if ((at = shop_state_until(shop, now)) < until)
			until = at;
	}
	answer = json_pack("{s:o}", "shops", shops);
	if ((text = json_dumps(answer, JSON_COMPACT)) == NULL) {
		json_decref(answer);
		return -1;
	}
	if ((len = strlen(text)) > WIRE_MAX_FRAME) {
		free(text);
		*tree = answer;
		return 1;
	}
	json_decref(answer);
	jbuf_reset(&c->text);
	jbuf_put(&c->text, text, len);
	free(text);
	c->made_at = now;
	c->until = until;
	c->writes_seen = st->catalog_writes;
	c->data_version = data_version;
	c->valid = 1;
	return 0;
}

int
store_shops(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	struct store_state *st = svc_state(svc);
	struct store_shops_cache *c = &st->shops;
	int64_t now = shop_now(svc_config(svc));
	int64_t dv = db_int(svc_db(svc), -1, "PRAGMA data_version", NULL);
	int rc;

	(void)body;
	(void)err;
	if (!c->valid || dv < 0 || dv != c->data_version ||
	    c->writes_seen != st->catalog_writes || now < c->made_at ||
	    now >= c->until) {
		if ((rc = store_shops_make(svc, st, now, dv, result)) != 0)
			return rc < 0 ? -1 : 0;
	}
	svc_req_answer_text(req, c->text.data, c->text.len);
	return 0;
}
