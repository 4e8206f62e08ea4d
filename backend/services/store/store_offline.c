/*
 * store_offline.c: store.offline, for the admin: the shops whose orders
 * wait to be accepted while none of their owner's consoles is connected
 * (the broker says which are, broker.consoles), so someone can call the
 * shop before its orders are auto-cancelled.
 */
#include <string.h>

#include "store_int.h"
#include "util.h"

#define OFFLINE_ASK_MS 2000

/* Per shop with orders waiting (PAID): how many, since when, the first
 * auto-cancel, and when a console was last seen. */
#define OFFLINE_SQL \
    "SELECT s.id AS shop_id, s.name, s.console_seen_at," \
    " count(q.order_id) AS waiting, min(q.placed_at) AS oldest_at," \
    " min(q.accept_by) AS accept_by FROM shops s JOIN queue q" \
    " ON q.shop_id = s.id AND q.status = 'PAID'" \
    " GROUP BY s.id ORDER BY min(q.accept_by), s.id"

/* svc_reply_fn of broker.consoles: answer the admin. */
static void
offline_answered(struct svc *svc, const json_t *result,
    const struct wire_error *err, void *arg)
{
	struct svc_req *req = arg;
	const json_t *consoles = json_object_get(result, "shops");
	json_t *rows, *row, *shops;
	struct wire_error e;
	size_t i;

	if (err != NULL || !json_is_object(consoles)) {
		wire_error_set(&e, E_SERVICE_UNAVAILABLE, "the broker did not "
		    "say which consoles are connected (%s)", err ? err->code :
		    "no shops");
		svc_req_finish(svc, req, NULL, &e);
		return;
	}
	if ((rows = db_rows(svc_db(svc), OFFLINE_SQL, NULL)) == NULL) {
		wire_error_set(&e, E_INTERNAL, "cannot read the queue");
		svc_req_finish(svc, req, NULL, &e);
		return;
	}
	shops = json_array();
	json_array_foreach(rows, i, row)
		if (wire_int(consoles, wire_str(row, "shop_id", ""), 0) == 0)
			json_array_append(shops, row);
	json_decref(rows);
	svc_req_finish(svc, req, json_pack("{s:o, s:I}", "shops", shops, "at",
	    (json_int_t)now_ms()), NULL);
}

int
store_offline(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	(void)result;
	if (json_object_size(body) != 0)
		return wire_error_set(err, E_BAD_REQUEST, "store.offline takes "
		    "no members");
	svc_call_for(svc, req, "broker", "consoles", json_object(),
	    OFFLINE_ASK_MS, offline_answered, req);
	return 1;
}
