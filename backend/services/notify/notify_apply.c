/*
 * notify_apply.c: order events in, notifications out (see notify_apply.h).
 *
 * One table says which events tell the customer and which tell the shop,
 * and in what words (a rule may ask for a member of the data,
 * "member=value", where one event type has cases that read differently:
 * an order paid by its deposit, a cancel because the deposit was undone). The words are order_text templates over the event's
 * data, the order's facts remembered from order.paid (shop_name, total,
 * item_summary; an event's own total wins) and order_id. Each
 * notification is stored in the inbox and queued in notify_outbox in the event's transaction, and announced with
 * notification.created: customer_id set for a customer's, shop_id for a
 * shop's, so each live subscription sees only its own. A customer's is
 * also queued for AlimTalk when that is set up (notify_alimtalk.h).
 */
#include "notify_apply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify_alimtalk.h"
#include "order_text.h"
#include "util.h"

const char notify_schema[] =
    "CREATE TABLE IF NOT EXISTS notify_orders ("
    " order_id INTEGER PRIMARY KEY, shop_id TEXT NOT NULL,"
    " shop_name TEXT, customer_id TEXT NOT NULL, total INTEGER,"
    " item_summary TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS inbox ("
    " id INTEGER PRIMARY KEY, recipient TEXT NOT NULL, order_id INTEGER,"
    " status TEXT, text TEXT NOT NULL, at INTEGER NOT NULL,"
    " read INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL,"
    " UNIQUE (seq, recipient));"
    "CREATE INDEX IF NOT EXISTS inbox_recipient ON inbox(recipient, id);"
    "CREATE INDEX IF NOT EXISTS inbox_unread ON inbox(recipient)"
    " WHERE read = 0;"
    "CREATE TABLE IF NOT EXISTS notify_outbox ("
    " id INTEGER PRIMARY KEY,"
    " notification_id INTEGER NOT NULL UNIQUE REFERENCES inbox(id),"
    " attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL,"
    " state TEXT NOT NULL DEFAULT 'pending'"
    "  CHECK (state IN ('pending', 'sent', 'dead', 'inbox')),"
    " last_error TEXT);"
    "CREATE INDEX IF NOT EXISTS notify_outbox_due"
    " ON notify_outbox(state, next_at);"
    "CREATE TABLE IF NOT EXISTS notify_contacts ("
    " user TEXT PRIMARY KEY, phone TEXT NOT NULL,"
    " updated_at INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS notify_alimtalk ("
    " id INTEGER PRIMARY KEY,"
    " notification_id INTEGER NOT NULL UNIQUE REFERENCES inbox(id),"
    " template TEXT NOT NULL, to_phone TEXT NOT NULL,"
    " content TEXT NOT NULL, link TEXT,"
    " state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN"
    "  ('pending', 'requested', 'delivered', 'sms', 'failed')),"
    " message_id TEXT, result TEXT,"
    " attempts INTEGER NOT NULL DEFAULT 0, polls INTEGER NOT NULL DEFAULT 0,"
    " next_at INTEGER NOT NULL, last_error TEXT,"
    " created_at INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS notify_alimtalk_due"
    " ON notify_alimtalk(state, next_at);";

struct notify_rule {
	const char *type;
	const char *match;          /* "member=value" the data must have;
	                               NULL: any (the first rule that fits) */
	const char *status;         /* the order's status after it */
	const char *template;       /* AlimTalk's, if not the status's */
	int new_order;              /* remember the order's facts first */
	const char *customer_text;  /* NULL: the customer is not told */
	const char *shop_text;      /* NULL: the shop is not told */
};

static const struct notify_rule notify_rules[] = {
	{ "order.awaiting_deposit", NULL, "AWAITING_DEPOSIT", NULL, 1,
	  "[{shop_name}] 입금 대기 · {bank} {account_number} 계좌로 "
	  "{total:won}을 {due_at:kst}까지 입금해 주세요", NULL },
	{ "order.paid", "pay=virtual_account", "PAID", "DEPOSITED", 1,
	  "[{shop_name}] 입금이 확인되었습니다 · 주문이 가게에 전달되었습니다 "
	  "· 총 {total:won}",
	  "[{shop_name}] 새 주문 #{order_id}{kind:kind} · {item_summary} · "
	  "{total:won}{note:note}" },
	{ "order.paid", NULL, "PAID", NULL, 1,
	  "[{shop_name}] 주문이 결제되었습니다 · 총 {total:won}",
	  "[{shop_name}] 새 주문 #{order_id}{kind:kind} · {item_summary} · "
	  "{total:won}{note:note}" },
	{ "order.accepted", NULL, "ACCEPTED", NULL, 0,
	  "[{shop_name}] 주문이 접수되었습니다 · 약 {eta_min}분 후 도착 예정",
	  NULL },
	{ "order.eta_extended", NULL, "ETA_EXTENDED", NULL, 0,
	  "[{shop_name}] 가게가 조리 시간을 {minutes}분 늘렸습니다 · "
	  "도착이 {minutes}분 늦어질 예정입니다", NULL },
	{ "order.lines_removed", NULL, "LINES_REMOVED", NULL, 0,
	  "[{shop_name}] 품절로 {count}개 항목이 환불되었어요 · {amount:won} · "
	  "남은 결제 금액 {total:won}", NULL },
	{ "order.cooking", NULL, "COOKING", NULL, 0,
	  "[{shop_name}] 음식을 조리하고 있습니다", NULL },
	{ "order.ready", NULL, "READY", NULL, 0,
	  "[{shop_name}] 음식이 준비되었습니다{kind:ready}", NULL },
	{ "order.picked_up", NULL, "PICKED_UP", NULL, 0,
	  "[{shop_name}] 주문을 찾아가셨습니다. 맛있게 드세요!", NULL },
	{ "delivery.assigned", NULL, "RIDER_ASSIGNED", NULL, 0,
	  "[{shop_name}] 라이더 {rider_name}님이 배정되었습니다", NULL },
	{ "order.delivering", "by=rider", "DELIVERING", NULL, 0,
	  "[{shop_name}] 라이더 {rider_name}님이 음식을 픽업해 배달을 "
	  "시작했습니다", NULL },
	{ "order.delivering", NULL, "DELIVERING", NULL, 0,
	  "[{shop_name}] 배달이 시작되었습니다", NULL },
	{ "order.delivered", NULL, "DELIVERED", NULL, 0,
	  "[{shop_name}] 배달이 완료되었습니다. 맛있게 드세요!", NULL },
	/* The deposit was undone after the shop got the order: both are
	 * told, and nothing is refunded (nothing was kept). */
	{ "order.cancelled", "code=deposit_reversed", "CANCELLED",
	  "DEPOSIT_REVERSED", 0,
	  "[{shop_name}] 입금이 취소되어 주문이 취소되었습니다 · 환불할 금액 "
	  "없음",
	  "[{shop_name}] 주문 #{order_id} 취소 · 고객의 입금이 취소되었습니다 "
	  "(조리·배달을 멈춰 주세요)" },
	{ "order.cancelled", NULL, "CANCELLED", NULL, 0,
	  "[{shop_name}] 주문이 취소되었습니다 ({by:by}) · "
	  "{total:won} 환불 예정", NULL },
	{ "order.rejected", NULL, "REJECTED", NULL, 0,
	  "[{shop_name}] 가게에서 주문을 거절했습니다: {reason} · "
	  "{total:won} 환불 예정", NULL },
	{ "order.deposit_expired", NULL, "EXPIRED", NULL, 0,
	  "[{shop_name}] 입금 기한이 지나 주문이 취소되었습니다 · 결제된 금액 "
	  "없음", NULL },
	/* Given up by the customer while the deposit waited (the others of
	 * this type concern orders no one saw: no notification). */
	{ "order.payment_abandoned", "was=AWAITING_DEPOSIT", "CANCELLED",
	  "DEPOSIT_CANCELLED", 0,
	  "[{shop_name}] 입금 전에 주문을 취소했습니다 · 결제된 금액 없음",
	  NULL },
};

/* One notification about to be made. Strings borrowed. */
struct notify_note {
	int64_t seq, order_id, at;
	const char *status;
	const char *template;     /* AlimTalk's template key */
	const char *recipient;
	const char *customer_id;  /* set for a customer's, else NULL */
	const char *shop_id;      /* set for a shop's, else NULL */
};

const char *
notify_recipient_of(const struct svc_caller *caller, char *buf, size_t n)
{
	if (strcmp(caller->role, "owner") == 0 && caller->shop_id != NULL)
		snprintf(buf, n, NOTIFY_SHOP_PREFIX "%s", caller->shop_id);
	else
		snprintf(buf, n, "%s", caller->user);
	return buf;
}

static const struct notify_rule *
notify_rule_find(const char *type, const json_t *data)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(notify_rules); i++)
		if (strcmp(notify_rules[i].type, type) == 0 &&
		    order_text_match(notify_rules[i].match, data))
			return &notify_rules[i];
	return NULL;
}

/*
 * Remember what later notifications about a new order need. 0, with *row
 * set to the facts as notify_orders now holds them when this call stored
 * them (owned; NULL when they were there already or nobody is to be
 * told), or -1.
 */
static int
notify_remember(struct db *db, const json_t *event, int64_t order_id,
    json_t **row)
{
	const json_t *data = json_object_get(event, "data");
	const char *shop_id = wire_str(event, "shop_id", wire_str(data,
	    "shop_id", NULL)); /* data's: an order the shop does not see */
	const char *customer_id = json_string_value(json_object_get(event,
	    "customer_id"));
	const char *shop_name = wire_str(data, "shop_name", NULL);
	json_int_t total = json_integer_value(json_object_get(data, "total"));
	char *summary;
	int rc;

	*row = NULL;
	if (shop_id == NULL || customer_id == NULL)
		return 0; /* nobody to tell: later, not_found */
	summary = order_text_items(json_object_get(data, "items"));
	rc = db_do(db, "INSERT OR IGNORE INTO notify_orders(order_id, shop_id,"
	    " shop_name, customer_id, total, item_summary) VALUES "
	    "(?,?,?,?,?,?)", "isssis", order_id, shop_id, shop_name,
	    customer_id, (int64_t)total, summary);
	if (rc == 1) /* as notify_vars would read it back */
		*row = json_pack("{s:s, s:s, s:s, s:I, s:s}", "shop_id",
		    shop_id, "shop_name", shop_name ? shop_name : shop_id,
		    "customer_id", customer_id, "total", total,
		    "item_summary", summary);
	free(summary);
	return rc < 0 ? -1 : 0;
}

/*
 * The template variables for an event: the order's facts remembered from
 * order.paid (shop_name defaults to the shop id; row when the caller has
 * them, taken over, else read), the event's data for what they lack, and
 * order_id. NULL when the order was never paid. The caller owns it.
 */
static json_t *
notify_vars(struct db *db, const json_t *event, int64_t order_id,
    json_t *row)
{
	const json_t *data = json_object_get(event, "data");
	json_t *vars = row != NULL ? row : db_row(db, "SELECT shop_id, "
	    "coalesce(shop_name, shop_id) AS shop_name, customer_id, total, "
	    "item_summary FROM notify_orders WHERE order_id = ?", "i",
	    order_id);

	if (vars == NULL)
		return NULL;
	if (json_is_object(data))
		json_object_update_missing(vars, (json_t *)data);
	/* An event's total is the order's now (lines the shop could not
	 * make lower it after order.paid). */
	if (json_is_integer(json_object_get(data, "total")))
		json_object_set(vars, "total", json_object_get(data, "total"));
	/* A virtual account's bank, account_number and due_at. */
	if (json_is_object(json_object_get(data, "virtual_account")))
		json_object_update_missing(vars, json_object_get(data,
		    "virtual_account"));
	json_object_set_new(vars, "order_id", json_integer(order_id));
	return vars;
}

/* Store, queue and announce one notification. 0 or -1. */
static int
notify_post(struct svc *svc, const struct notify_note *note,
    const char *tmpl, const json_t *vars)
{
	struct db *db = svc_db(svc);
	char *text = order_text_expand(tmpl, vars);
	int64_t id;
	int rc;

	rc = db_do(db, "INSERT OR IGNORE INTO inbox(recipient, order_id, "
	    "status, text, at, seq) VALUES (?,?,?,?,?,?)", "sissii",
	    note->recipient, note->order_id, note->status, text, note->at,
	    note->seq);
	if (rc != 1) {
		free(text);
		return rc; /* 0: made before (redelivered); -1: storage */
	}
	id = db_last_id(db);
	/* With no webhook it is delivered once stored: in the inbox. */
	rc = db_do(db, "INSERT INTO notify_outbox(notification_id, next_at, "
	    "state) VALUES (?,?,?)", "iis", id, now_ms(),
	    svc_config(svc)->webhook_url ? "pending" : "inbox");
	if (rc == 1 && notify_alimtalk_enqueue(svc, id, note->template,
	    note->customer_id, vars) != 0)
		rc = -1;
	if (rc == 1)
		rc = svc_emit(svc, "notification.created", note->order_id,
		    note->shop_id, note->customer_id, json_pack("{s:I, s:s, "
		    "s:I, s:s, s:s, s:I}", "id", (json_int_t)id, "recipient",
		    note->recipient, "order_id", (json_int_t)note->order_id,
		    "status", note->status, "text", text, "at",
		    (json_int_t)note->at));
	free(text);
	return rc < 0 ? -1 : 0;
}

int
notify_apply_event(struct svc *svc, const json_t *event,
    struct wire_error *err)
{
	const char *type = json_string_value(json_object_get(event, "type"));
	const struct notify_rule *rule;
	struct notify_note note;
	const char *customer_id, *shop_id;
	char shop_recipient[WIRE_MAX_ID + sizeof NOTIFY_SHOP_PREFIX];
	json_t *vars, *row = NULL;
	int rc = 0;

	if (type == NULL || (rule = notify_rule_find(type,
	    json_object_get(event, "data"))) == NULL)
		return 0;
	memset(&note, 0, sizeof note);
	note.seq = json_integer_value(json_object_get(event, "seq"));
	note.order_id = json_integer_value(json_object_get(event, "order_id"));
	note.at = json_integer_value(json_object_get(event, "at"));
	note.status = rule->status;
	note.template = rule->template ? rule->template : rule->status;
	if (note.at <= 0)
		note.at = now_ms();
	if (note.order_id <= 0)
		return wire_error_set(err, E_BAD_REQUEST, "%s without an "
		    "order_id", type);
	if (rule->new_order &&
	    notify_remember(svc_db(svc), event, note.order_id, &row) != 0)
		return wire_error_set(err, E_INTERNAL, "storage");
	if ((vars = notify_vars(svc_db(svc), event, note.order_id, row)) ==
	    NULL)
		return wire_error_set(err, E_NOT_FOUND, "%s for order %lld, "
		    "which was never paid", type, (long long)note.order_id);
	customer_id = json_string_value(json_object_get(vars, "customer_id"));
	shop_id = json_string_value(json_object_get(vars, "shop_id"));
	if (rule->customer_text != NULL) {
		note.recipient = note.customer_id = customer_id;
		rc = notify_post(svc, &note, rule->customer_text, vars);
	}
	if (rc == 0 && rule->shop_text != NULL) {
		snprintf(shop_recipient, sizeof shop_recipient,
		    NOTIFY_SHOP_PREFIX "%s", shop_id);
		note.recipient = shop_recipient;
		note.customer_id = NULL;
		note.shop_id = shop_id;
		rc = notify_post(svc, &note, rule->shop_text, vars);
	}
	json_decref(vars);
	return rc == 0 ? 0 : wire_error_set(err, E_INTERNAL, "storage");
}
