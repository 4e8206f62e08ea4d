/*
 * notify.c: the notify service, KakaoTalk-style notifications about
 * orders (notify_apply.c makes them from order events; notify_webhook.c
 * delivers them to the webhook, notify_alimtalk.c to customers' phones;
 * notify_phone.c keeps their numbers). This file is the service table
 * and the inbox methods.
 *
 * A customer's notifications are addressed to their user name, an
 * owner's to their shop ("shop:chicken"); anyone else reads those
 * addressed to their user name.
 */
#include "notify_alimtalk.h"
#include "notify_apply.h"
#include "notify_phone.h"
#include "notify_webhook.h"
#include "svc.h"
#include "util.h"

#define NOTIFY_LIST_DEFAULT 50
#define NOTIFY_LIST_MAX 200

/* A recipient: "shop:" and a shop id, or a user name. */
#define NOTIFY_RECIPIENT_MAX (WIRE_MAX_ID + sizeof NOTIFY_SHOP_PREFIX)

static int64_t
notify_unread(struct db *db, const char *recipient)
{
	return db_int(db, 0, "SELECT count(*) FROM inbox WHERE recipient = ? "
	    "AND read = 0", "s", recipient);
}

static int
notify_inbox(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	struct db *db = svc_db(svc);
	char buf[NOTIFY_RECIPIENT_MAX];
	const char *recipient;
	int64_t after_id = 0, limit = NOTIFY_LIST_DEFAULT;
	json_t *rows, *row;
	size_t i;

	if (wire_get_int(body, "after_id", 0, 0, INT64_MAX, &after_id,
	    err) != 0 || wire_get_int(body, "limit", 0, 1, NOTIFY_LIST_MAX,
	    &limit, err) != 0)
		return -1;
	recipient = notify_recipient_of(svc_req_caller(req), buf, sizeof buf);
	rows = db_rows(db, "SELECT id, at, order_id, status, text, read FROM "
	    "inbox WHERE recipient = ? AND id > ? ORDER BY id DESC LIMIT ?",
	    "sii", recipient, after_id, limit);
	if (rows == NULL)
		return wire_error_set(err, E_INTERNAL, "cannot read the inbox");
	json_array_foreach(rows, i, row)
		json_object_set_new(row, "read", json_boolean(json_integer_value(
		    json_object_get(row, "read"))));
	*result = json_pack("{s:o, s:I}", "notifications", rows, "unread",
	    (json_int_t)notify_unread(db, recipient));
	return 0;
}

static int
notify_read(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	struct db *db = svc_db(svc);
	char buf[NOTIFY_RECIPIENT_MAX];
	const char *recipient;
	int64_t up_to;

	if (wire_get_int(body, "up_to_id", 1, 0, INT64_MAX, &up_to, err) != 0)
		return -1;
	recipient = notify_recipient_of(svc_req_caller(req), buf, sizeof buf);
	if (db_do(db, "UPDATE inbox SET read = 1 WHERE recipient = ? AND "
	    "id <= ? AND read = 0", "si", recipient, up_to) < 0)
		return wire_error_set(err, E_INTERNAL, "cannot mark as read");
	*result = json_pack("{s:I}", "unread",
	    (json_int_t)notify_unread(db, recipient));
	return 0;
}

static void
notify_tick(struct svc *svc, int64_t now)
{
	notify_webhook_deliver(svc, now);
	notify_alimtalk_deliver(svc, now);
}

/* svc_stop_fn: join the delivery threads. */
static void
notify_stop(struct svc *svc)
{
	notify_webhook_stop(svc);
	notify_alimtalk_stop(svc);
}

static const struct svc_method notify_methods[] = {
	{ "inbox", notify_inbox, 0, NULL },
	{ "read", notify_read, SVC_WRITE, NULL },
	{ "outbox", notify_webhook_outbox, 0, "admin" },
	{ "profile", notify_profile_get, 0, NULL },
	{ "set_phone", notify_profile_set_phone, SVC_WRITE, "customer" },
};

static const char *const notify_consumes[] = { "order.",
	"delivery.assigned", NULL };

const struct svc_def notify_service = {
	.name = "notify",
	.schema = notify_schema,
	.methods = notify_methods,
	.n_methods = ARRAY_LEN(notify_methods),
	.consumes = notify_consumes,
	.on_event = notify_apply_event,
	.on_tick = notify_tick,
	.tick_ms = 250,
	.state_size = sizeof(struct notify_state),
	.stop = notify_stop,
};
