/*
 * view_apply.c: events in, read model out (see view_apply.h).
 *
 * One table says, for each event type, what it changes (the order, its
 * payment or its delivery), the status it leaves, the timeline's label and
 * the sentence people read (a rule may ask for a member of the data,
 * "member=value", for an event type whose cases differ). An order paid by
 * virtual account appears with order.awaiting_deposit (with the account
 * to pay into; paid = 0: no owner sees it) and order.paid makes it PAID.
 * payment.approved comes before order.paid (the
 * payment is approved first, then the order commits), so payments and
 * deliveries are kept in their own tables keyed by order_id and joined
 * when read; they never need the order row to exist.
 */
#include "view_apply.h"
#include "view_sales.h"

#include <stdlib.h>
#include <string.h>

#include "order_text.h"
#include "util.h"

const char view_schema[] =
    "CREATE TABLE IF NOT EXISTS orders ("
    " order_id INTEGER PRIMARY KEY, shop_id TEXT NOT NULL, shop_name TEXT,"
    " customer_id TEXT NOT NULL, status TEXT NOT NULL,"
    " items_json TEXT NOT NULL, item_summary TEXT NOT NULL,"
    " subtotal INTEGER, delivery_fee INTEGER, total INTEGER, address TEXT,"
    " eta_min INTEGER, eta_at INTEGER, placed_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL, accept_by INTEGER,"
    " cancel_reason TEXT, cancelled_by TEXT, reject_reason TEXT,"
    " note TEXT, rider_note TEXT, kind TEXT NOT NULL DEFAULT 'delivery',"
    " reason_code TEXT,"
    " virtual_account_json TEXT, paid INTEGER NOT NULL DEFAULT 1,"
    " refunded INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX IF NOT EXISTS orders_customer"
    " ON orders(customer_id, placed_at);"
    "CREATE INDEX IF NOT EXISTS orders_shop ON orders(shop_id, placed_at);"
    "CREATE INDEX IF NOT EXISTS orders_placed ON orders(placed_at);"
    "CREATE TABLE IF NOT EXISTS payments ("
    " order_id INTEGER PRIMARY KEY, payment_id_json TEXT,"
    " status TEXT NOT NULL, amount INTEGER, approved_at INTEGER,"
    " refunded_at INTEGER, updated_at INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS deliveries ("
    " order_id INTEGER PRIMARY KEY, delivery_id_json TEXT,"
    " status TEXT NOT NULL, updated_at INTEGER NOT NULL, rider_id TEXT,"
    " rider_name TEXT);"
    "CREATE TABLE IF NOT EXISTS timeline ("
    " order_id INTEGER NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL,"
    " event TEXT NOT NULL, status TEXT NOT NULL, text TEXT NOT NULL,"
    " PRIMARY KEY (order_id, seq));"
    VIEW_SALES_SCHEMA;

/* The columns earlier versions lacked, oldest first. */
static const struct db_column view_columns[] = {
	{ "orders", "note", "TEXT" },
	{ "orders", "rider_note", "TEXT" },
	{ "orders", "kind", "TEXT NOT NULL DEFAULT 'delivery'" },
	{ "orders", "reason_code", "TEXT" },
	{ "orders", "virtual_account_json", "TEXT" },
	{ "orders", "paid", "INTEGER NOT NULL DEFAULT 1" },
	{ "deliveries", "rider_id", "TEXT" },
	{ "deliveries", "rider_name", "TEXT" },
	{ "payments", "card_last4", "TEXT" },
	{ "orders", "refunded", "INTEGER NOT NULL DEFAULT 0" },
};

int
view_migrate(struct svc *svc)
{
	return db_add_columns(svc_db(svc), view_columns,
	    ARRAY_LEN(view_columns));
}

/* An event, unpacked. Strings and data are borrowed from it. */
struct view_event {
	int64_t seq, order_id, at;
	const char *type, *shop_id, *customer_id;
	const json_t *data;
};

struct view_rule;

/* Change the model for ev. Returns 1 when something changed, 0 when not,
 * -1 with err. */
typedef int (*view_apply_fn)(struct db *db, const struct view_rule *rule,
    const struct view_event *ev, struct wire_error *err);

struct view_rule {
	const char *type;
	const char *match;   /* "member=value" the data must have; NULL: any */
	view_apply_fn apply;
	const char *status;  /* the order's, payment's or delivery's, after
	                        (a payment's NULL: unchanged) */
	const char *label;   /* the timeline entry's status */
	const char *text;    /* order_text template over data + order_id */
};

static int view_order_new(struct db *, const struct view_rule *,
    const struct view_event *, struct wire_error *);
static int view_order_status(struct db *, const struct view_rule *,
    const struct view_event *, struct wire_error *);
static int view_order_eta(struct db *, const struct view_rule *,
    const struct view_event *, struct wire_error *);
static int view_order_lines(struct db *, const struct view_rule *,
    const struct view_event *, struct wire_error *);
static int view_payment(struct db *, const struct view_rule *,
    const struct view_event *, struct wire_error *);
static int view_delivery(struct db *, const struct view_rule *,
    const struct view_event *, struct wire_error *);

static const struct view_rule view_rules[] = {
	{ "order.awaiting_deposit", NULL, view_order_new, "AWAITING_DEPOSIT",
	  "AWAITING_DEPOSIT", "입금 대기 · {bank} {account_number} · "
	  "{total:won} · {due_at:kst}까지" },
	{ "order.paid", NULL, view_order_new, "PAID", "PAID",
	  "주문이 결제되었습니다 · 총 {total:won}" },
	{ "order.accepted", NULL, view_order_status, "ACCEPTED", "ACCEPTED",
	  "주문이 접수되었습니다 (ETA {eta_min}분)" },
	{ "order.cooking", NULL, view_order_status, "COOKING", "COOKING",
	  "조리를 시작했습니다" },
	{ "order.ready", NULL, view_order_status, "READY", "READY",
	  "조리가 끝났습니다{kind:ready}" },
	{ "order.picked_up", NULL, view_order_status, "PICKED_UP",
	  "PICKED_UP", "주문을 찾아가셨습니다" },
	{ "order.delivering", "by=rider", view_order_status, "DELIVERING",
	  "DELIVERING", "라이더 {rider_name}님이 배달을 시작했습니다" },
	{ "order.delivering", NULL, view_order_status, "DELIVERING",
	  "DELIVERING", "배달을 시작했습니다" },
	{ "order.delivered", NULL, view_order_status, "DELIVERED",
	  "DELIVERED", "배달이 완료되었습니다" },
	{ "order.cancelled", NULL, view_order_status, "CANCELLED", "CANCELLED",
	  "주문이 취소되었습니다 ({by:by})" },
	{ "order.rejected", NULL, view_order_status, "REJECTED", "REJECTED",
	  "가게가 주문을 거절했습니다: {reason}" },
	{ "order.eta_extended", NULL, view_order_eta, NULL, "ETA_EXTENDED",
	  "가게가 조리 시간을 {minutes}분 늘렸습니다 (ETA {eta_min}분)" },
	{ "order.lines_removed", NULL, view_order_lines, NULL,
	  "LINES_REMOVED", "품절로 {count}개 항목이 환불되었어요 · "
	  "{amount:won}" },
	{ "order.deposit_expired", NULL, view_order_status, "EXPIRED",
	  "EXPIRED", "입금 기한이 지나 주문이 취소되었습니다" },
	/* Given up by the customer while its deposit waited (the others of
	 * this type concern orders no one saw). */
	{ "order.payment_abandoned", "was=AWAITING_DEPOSIT", view_order_status,
	  "CANCELLED", "CANCELLED", "입금 전에 주문을 취소했습니다" },
	{ "payment.approved", NULL, view_payment, "APPROVED",
	  "payment APPROVED", "결제가 승인되었습니다 · {amount:won}" },
	{ "payment.deposited", NULL, view_payment, "APPROVED",
	  "payment DEPOSITED", "입금이 확인되었습니다 · {amount:won}" },
	{ "payment.deposit_reversed", "status=VOID", view_payment, "VOID",
	  "payment REVERSED", "입금이 취소되었습니다 · {amount:won}" },
	{ "payment.deposit_reversed", NULL, view_payment, "AWAITING_DEPOSIT",
	  "payment REVERSED", "입금이 취소되었습니다 · {amount:won}" },
	{ "payment.deposit_expired", NULL, view_payment, "VOID",
	  "payment VOID", "가상계좌가 닫혔습니다 · 결제된 금액 없음" },
	{ "payment.partially_refunded", NULL, view_payment, NULL,
	  "payment PARTIALLY_REFUNDED", "부분 환불 · {amount:won} · "
	  "남은 금액 {balance:won}" },
	{ "payment.refunded", NULL, view_payment, "REFUNDED",
	  "payment REFUNDED", "환불되었습니다 · {amount:won}" },
	{ "delivery.created", NULL, view_delivery, "PENDING",
	  "delivery PENDING", "배달 요청이 등록되었습니다" },
	{ "delivery.assigned", NULL, view_delivery, "ASSIGNED",
	  "delivery ASSIGNED", "라이더 {rider_name}님이 배정되었습니다" },
	{ "delivery.released", NULL, view_delivery, "PENDING",
	  "delivery PENDING", "라이더 {rider_name}님의 응답이 없어 다른 "
	  "라이더를 찾고 있습니다" },
	{ "delivery.picked_up", NULL, view_delivery, "DELIVERING",
	  "delivery DELIVERING", "라이더 {rider_name}님이 음식을 픽업했습니다" },
	{ "delivery.delivered", NULL, view_delivery, "DELIVERED",
	  "delivery DELIVERED", "라이더 {rider_name}님이 배달을 마쳤습니다" },
	{ "delivery.started", NULL, view_delivery, "DELIVERING",
	  "delivery DELIVERING", "라이더가 출발했습니다" },
	{ "delivery.completed", NULL, view_delivery, "DELIVERED",
	  "delivery DELIVERED", "라이더가 배달을 마쳤습니다" },
	{ "delivery.cancelled", NULL, view_delivery, "CANCELLED",
	  "delivery CANCELLED", "배달이 취소되었습니다" },
};

static int
view_order_new(struct db *db, const struct view_rule *rule,
    const struct view_event *ev, struct wire_error *err)
{
	const json_t *items = json_object_get(ev->data, "items");
	char *summary;
	int rc;

	if (ev->shop_id == NULL || ev->customer_id == NULL ||
	    !json_is_array(items))
		return wire_error_set(err, E_BAD_REQUEST, "%s for order %lld "
		    "lacks shop_id, customer_id or items", ev->type,
		    (long long)ev->order_id);
	summary = order_text_items(items);
	/* order.paid after order.awaiting_deposit: the waiting order is paid
	 * (and the shop may see it); any other repeat changes nothing. */
	rc = db_do(db, "INSERT INTO orders(order_id, shop_id, shop_name, "
	    "customer_id, status, items_json, item_summary, subtotal, "
	    "delivery_fee, total, address, placed_at, updated_at, accept_by, "
	    "note, rider_note, kind, virtual_account_json, paid) VALUES "
	    "(?,?,?,?,?,?,?,?,?,?,?,?,?,nullif(?,0),?,?,?,?,?) "
	    "ON CONFLICT(order_id) DO UPDATE SET status = "
	    "excluded.status, accept_by = excluded.accept_by, paid = 1, "
	    "updated_at = excluded.updated_at WHERE orders.status = "
	    "'AWAITING_DEPOSIT' AND excluded.paid = 1",
	    "issssjsiiisiiisssji", ev->order_id, ev->shop_id,
	    wire_str(ev->data, "shop_name", NULL), ev->customer_id, rule->status, items,
	    summary, wire_int(ev->data, "subtotal", 0), wire_int(ev->data, "delivery_fee", 0),
	    wire_int(ev->data, "total", 0), wire_str(ev->data, "address", NULL), ev->at, ev->at,
	    wire_int(ev->data, "accept_by", 0), wire_str(ev->data, "note",
	    NULL), wire_str(ev->data, "rider_note", NULL),
	    wire_str(ev->data, "kind", "delivery"), json_object_get(ev->data,
	    "virtual_account"), (int64_t)(strcmp(rule->status, "PAID") == 0));
	free(summary);
	return rc < 0 ? wire_error_set(err, E_INTERNAL, "storage") : rc;
}

static int
view_order_status(struct db *db, const struct view_rule *rule,
    const struct view_event *ev, struct wire_error *err)
{
	const char *reason = wire_str(ev->data, "reason", NULL);
	int cancelled = strcmp(rule->status, "CANCELLED") == 0 ||
	    strcmp(rule->status, "EXPIRED") == 0;
	int rc = db_do(db, "UPDATE orders SET status = ?, updated_at = ?, "
	    "eta_min = coalesce(nullif(?, 0), eta_min), "
	    "eta_at = coalesce(nullif(?, 0), eta_at), "
	    "cancel_reason = coalesce(?, cancel_reason), "
	    "cancelled_by = coalesce(?, cancelled_by), "
	    "reject_reason = coalesce(?, reject_reason), "
	    "reason_code = coalesce(?, reason_code) WHERE order_id = ?",
	    "siiissssi", rule->status, ev->at, wire_int(ev->data, "eta_min", 0),
	    wire_int(ev->data, "eta_at", 0), cancelled ? reason : NULL,
	    wire_str(ev->data, "by", NULL), cancelled ? NULL : reason,
	    wire_str(ev->data, "code", NULL), ev->order_id);

	if (rc == 0)
		return wire_error_set(err, E_NOT_FOUND, "%s for order %lld, "
		    "which was never paid", ev->type, (long long)ev->order_id);
	return rc < 0 ? wire_error_set(err, E_INTERNAL, "storage") : 1;
}

/* The shop took more time: the ETA moves, the status stays. */
static int
view_order_eta(struct db *db, const struct view_rule *rule,
    const struct view_event *ev, struct wire_error *err)
{
	int rc = db_do(db, "UPDATE orders SET updated_at = ?, "
	    "eta_min = coalesce(nullif(?, 0), eta_min), "
	    "eta_at = coalesce(nullif(?, 0), eta_at) WHERE order_id = ?",
	    "iiii", ev->at, wire_int(ev->data, "eta_min", 0),
	    wire_int(ev->data, "eta_at", 0), ev->order_id);

	(void)rule;
	if (rc == 0)
		return wire_error_set(err, E_NOT_FOUND, "%s for order %lld, "
		    "which was never paid", ev->type, (long long)ev->order_id);
	return rc < 0 ? wire_error_set(err, E_INTERNAL, "storage") : 1;
}

/* Lines the shop cannot make: the order's lines (removed ones marked),
 * its amounts and what was refunded change; the status stays. */
static int
view_order_lines(struct db *db, const struct view_rule *rule,
    const struct view_event *ev, struct wire_error *err)
{
	const json_t *items = json_object_get(ev->data, "items"), *line;
	json_t *left = json_array();
	char *summary;
	size_t i;
	int rc;

	(void)rule;
	if (!json_is_array(items)) {
		json_decref(left);
		return wire_error_set(err, E_BAD_REQUEST, "%s for order %lld "
		    "lacks items", ev->type, (long long)ev->order_id);
	}
	json_array_foreach(items, i, line)
		if (!json_is_true(json_object_get(line, "removed")))
			json_array_append(left, (json_t *)line);
	summary = order_text_items(left);
	json_decref(left);
	rc = db_do(db, "UPDATE orders SET updated_at = ?, items_json = ?, "
	    "item_summary = ?, subtotal = ?, total = ?, refunded = ? WHERE "
	    "order_id = ?", "ijsiiii", ev->at, items, summary,
	    wire_int(ev->data, "subtotal", 0), wire_int(ev->data, "total", 0),
	    wire_int(ev->data, "refunded", 0), ev->order_id);
	free(summary);
	if (rc == 0)
		return wire_error_set(err, E_NOT_FOUND, "%s for order %lld, "
		    "which was never paid", ev->type, (long long)ev->order_id);
	return rc < 0 ? wire_error_set(err, E_INTERNAL, "storage") : 1;
}

static int
view_payment(struct db *db, const struct view_rule *rule,
    const struct view_event *ev, struct wire_error *err)
{
	const char *status = rule->status;
	int approved = status != NULL && strcmp(status, "APPROVED") == 0;
	int refunded = status != NULL && strcmp(status, "REFUNDED") == 0;
	int rc = db_do(db, "INSERT INTO payments(order_id, payment_id_json, "
	    "status, amount, approved_at, refunded_at, updated_at, "
	    "card_last4) "
	    "VALUES (?1,?2,coalesce(?3, 'APPROVED'),nullif(?4,0),nullif(?5,0),"
	    "nullif(?6,0),?7,?8) ON CONFLICT(order_id) DO UPDATE SET "
	    "payment_id_json = coalesce(excluded.payment_id_json, "
	    "payment_id_json), status = coalesce(?3, status), "
	    "amount = coalesce(excluded.amount, amount), "
	    "approved_at = coalesce(excluded.approved_at, approved_at), "
	    "refunded_at = coalesce(excluded.refunded_at, refunded_at), "
	    "updated_at = excluded.updated_at, "
	    "card_last4 = coalesce(excluded.card_last4, card_last4)",
	    "ijsiiiis", ev->order_id,
	    json_object_get(ev->data, "payment_id"), status,
	    status == NULL ? 0 : wire_int(ev->data, "amount", 0),
	    approved ? ev->at : 0, refunded ? ev->at : 0, ev->at,
	    approved ? json_string_value(json_object_get(ev->data,
	    "card_last4")) : NULL);

	return rc < 0 ? wire_error_set(err, E_INTERNAL, "storage") : 1;
}

/* The delivery's status and its rider: the event's (a delivery.released
 * names the rider who let it go: none carries it now). */
static int
view_delivery(struct db *db, const struct view_rule *rule,
    const struct view_event *ev, struct wire_error *err)
{
	int released = strcmp(rule->status, "PENDING") == 0;
	int rc = db_do(db, "INSERT INTO deliveries(order_id, delivery_id_json, "
	    "status, updated_at, rider_id, rider_name) VALUES (?,?,?,?,?,?) "
	    "ON CONFLICT(order_id) DO "
	    "UPDATE SET delivery_id_json = coalesce(excluded.delivery_id_json,"
	    " delivery_id_json), status = excluded.status, "
	    "updated_at = excluded.updated_at, rider_id = excluded.rider_id, "
	    "rider_name = excluded.rider_name", "ijsiss", ev->order_id,
	    json_object_get(ev->data, "delivery_id"), rule->status, ev->at,
	    released ? NULL : wire_str(ev->data, "rider_id", NULL),
	    released ? NULL : wire_str(ev->data, "rider_name", NULL));

	return rc < 0 ? wire_error_set(err, E_INTERNAL, "storage") : 1;
}

static const struct view_rule *
view_rule_find(const char *type, const json_t *data)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(view_rules); i++)
		if (strcmp(view_rules[i].type, type) == 0 &&
		    order_text_match(view_rules[i].match, data))
			return &view_rules[i];
	return NULL;
}

/* The timeline entry for a change, and the order's updated_at (which
 * the order's own rules have set already). */
static int
view_timeline_add(struct db *db, const struct view_rule *rule,
    const struct view_event *ev)
{
	/* The text's variables: order_id, the event's data, and a virtual
	 * account's bank, account_number and due_at (looked up in that
	 * order; the data is not copied). */
	json_t *id = json_pack("{s:I}", "order_id", (json_int_t)ev->order_id);
	const json_t *scopes[3];
	char *text;
	int rc;

	scopes[0] = id;
	scopes[1] = ev->data;
	scopes[2] = json_object_get(ev->data, "virtual_account");
	text = order_text_expand_in(rule->text, scopes, ARRAY_LEN(scopes));
	json_decref(id);
	rc = db_do(db, "INSERT OR IGNORE INTO timeline(order_id, seq, at, "
	    "event, status, text) VALUES (?,?,?,?,?,?)", "iiisss",
	    ev->order_id, ev->seq, ev->at, ev->type, rule->label, text);
	free(text);
	if (rc >= 0 && (rule->apply == view_payment ||
	    rule->apply == view_delivery))
		rc = db_do(db, "UPDATE orders SET updated_at = max(updated_at, ?)"
		    " WHERE order_id = ?", "ii", ev->at, ev->order_id);
	return rc < 0 ? -1 : 0;
}

int
view_apply_event(struct svc *svc, const json_t *event, struct wire_error *err)
{
	struct view_event ev;
	const struct view_rule *rule;
	int rc;

	ev.seq = json_integer_value(json_object_get(event, "seq"));
	ev.order_id = json_integer_value(json_object_get(event, "order_id"));
	ev.at = json_integer_value(json_object_get(event, "at"));
	ev.type = json_string_value(json_object_get(event, "type"));
	ev.shop_id = json_string_value(json_object_get(event, "shop_id"));
	ev.customer_id = json_string_value(json_object_get(event,
	    "customer_id"));
	ev.data = json_object_get(event, "data");
	if (ev.type != NULL && strncmp(ev.type, "shop.", 5) == 0)
		return view_sales_shop_event(svc, event, err);
	if (ev.shop_id == NULL) /* an order the shop does not see yet */
		ev.shop_id = wire_str(ev.data, "shop_id", NULL);
	if (ev.type == NULL || (rule = view_rule_find(ev.type, ev.data)) == NULL)
		return 0; /* not followed (order.payment_abandoned, ...) */
	if (ev.order_id <= 0)
		return wire_error_set(err, E_BAD_REQUEST, "%s without an "
		    "order_id", ev.type);
	if (ev.at <= 0)
		ev.at = now_ms();
	rc = rule->apply(svc_db(svc), rule, &ev, err);
	if (rc <= 0)
		return rc;
	if (view_timeline_add(svc_db(svc), rule, &ev) != 0)
		return wire_error_set(err, E_INTERNAL, "storage");
	return 0;
}

