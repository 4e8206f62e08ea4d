/*
 * view.c: the view service, the CQRS read model that answers "where is my
 * order?" from its own tables, fed only by events (view_apply.c), and
 * the keeper of each customer's saved addresses (view_address.c).
 *
 * Who sees what is one table (view_scopes): a customer their own orders,
 * an owner their shop's once paid, admins and services everything.
 * Reviews of delivered orders are kept here too (view_review.c).
 * Someone else's order is not_found, so its existence does not leak.
 */
#include <string.h>

#include "svc.h"
#include "util.h"
#include "view_address.h"
#include "view_apply.h"
#include "view_sales.h"
#include "view_review.h"

#define VIEW_LIST_DEFAULT 50
#define VIEW_LIST_MAX 200

#define VIEW_SUMMARY "SELECT order_id, shop_id, shop_name, customer_id, " \
    "status, total, placed_at, updated_at, eta_at, item_summary, kind " \
    "FROM orders "
#define VIEW_NEWEST " ORDER BY placed_at DESC, order_id DESC LIMIT ? OFFSET ?"
#define VIEW_OFFSET_MAX 100000

/* What a role may see: orders whose column equals the caller's key. */
struct view_scope {
	const char *role;
	const char *column;  /* NULL: every order */
	int key_is_shop;     /* the key is the caller's shop_id, else user */
	const char *list_sql;/* binds the key, the limit, the offset */
};

static const struct view_scope view_scopes[] = {
	{ "customer", "customer_id", 0,
	  VIEW_SUMMARY "WHERE customer_id = ?" VIEW_NEWEST },
	/* An owner sees no order before it is paid (paid = 0: it waits for
	 * its deposit, or never got it). */
	{ "owner", "shop_id", 1,
	  VIEW_SUMMARY "WHERE shop_id = ? AND paid = 1" VIEW_NEWEST },
	/* Unscoped: the key (the caller's name) is bound but matches all. */
	{ "admin", NULL, 0, VIEW_SUMMARY "WHERE ? IS NOT NULL" VIEW_NEWEST },
	{ "service", NULL, 0, VIEW_SUMMARY "WHERE ? IS NOT NULL" VIEW_NEWEST },
};

/* The caller's scope and key, or NULL with a forbidden err. */
static const struct view_scope *
view_scope_of(const struct svc_caller *caller, const char **key,
    struct wire_error *err)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(view_scopes); i++) {
		const struct view_scope *s = &view_scopes[i];

		if (strcmp(s->role, caller->role) != 0)
			continue;
		*key = s->key_is_shop ? caller->shop_id : caller->user;
		if (*key == NULL)
			break;
		return s;
	}
	wire_error_set(err, E_FORBIDDEN, "a %s without a shop sees no orders",
	    caller->role);
	return NULL;
}

static int64_t
view_offset(struct db *db)
{
	return db_int(db, 0, "SELECT seq FROM svc_offset WHERE id = 1", NULL);
}

/* Set member name to a db_row result, or null when there is none. */
static void
view_set_or_null(json_t *obj, const char *name, json_t *row)
{
	json_object_set_new(obj, name, row ? row : json_null());
}

static int
view_status(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	struct db *db = svc_db(svc);
	const struct view_scope *scope;
	const char *key, *owner;
	json_t *order, *timeline;
	int64_t order_id;

	if (wire_get_int(body, "order_id", 1, 1, INT64_MAX, &order_id,
	    err) != 0)
		return -1;
	if ((scope = view_scope_of(svc_req_caller(req), &key, err)) == NULL)
		return -1;
	order = db_row(db, "SELECT order_id, shop_id, shop_name, customer_id, "
	    "status, items_json, subtotal, delivery_fee, total, address, "
	    "eta_min, eta_at, placed_at, updated_at, accept_by, cancel_reason, "
	    "cancelled_by, reject_reason, reason_code, note, rider_note, kind, "
	    "virtual_account_json, paid, refunded FROM orders WHERE "
	    "order_id = ?", "i",
	    order_id);
	owner = scope->column ?
	    json_string_value(json_object_get(order, scope->column)) : NULL;
	if (order == NULL || (scope->column != NULL &&
	    (owner == NULL || strcmp(owner, key) != 0)) ||
	    (scope->key_is_shop && wire_int(order, "paid", 1) == 0)) {
		json_decref(order);
		return wire_error_set(err, E_NOT_FOUND, "no order %lld",
		    (long long)order_id);
	}
	view_set_or_null(order, "payment", db_row(db, "SELECT "
	    "payment_id_json, status, amount, approved_at, refunded_at, "
	    "card_last4 FROM payments WHERE order_id = ?", "i", order_id));
	view_set_or_null(order, "delivery", db_row(db, "SELECT "
	    "delivery_id_json, status, rider_id, rider_name, updated_at "
	    "FROM deliveries WHERE order_id = ?", "i", order_id));
	timeline = db_rows(db, "SELECT at, seq, event, status, text FROM "
	    "timeline WHERE order_id = ? ORDER BY seq", "i", order_id);
	json_object_set_new(order, "timeline", timeline ? timeline :
	    json_array());
	view_set_or_null(order, "review", view_review_of_order(db, order_id));
	json_object_set_new(order, "seq", json_integer(view_offset(db)));
	json_object_del(order, "paid");
	if (json_object_get(order, "virtual_account") == NULL)
		json_object_set_new(order, "virtual_account", json_null());
	*result = order;
	return 0;
}

static int
view_orders(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	struct db *db = svc_db(svc);
	const struct view_scope *scope;
	const char *key;
	int64_t limit = VIEW_LIST_DEFAULT, offset = 0;
	json_t *orders;
	int more;

	if (wire_get_int(body, "limit", 0, 1, VIEW_LIST_MAX, &limit, err) != 0 ||
	    wire_get_int(body, "offset", 0, 0, VIEW_OFFSET_MAX, &offset,
	    err) != 0)
		return -1;
	if ((scope = view_scope_of(svc_req_caller(req), &key, err)) == NULL)
		return -1;
	/* One row more than asked says whether there is a next page. */
	if ((orders = db_rows(db, scope->list_sql, "sii", key, limit + 1,
	    offset)) == NULL)
		return wire_error_set(err, E_INTERNAL, "cannot read orders");
	more = (int64_t)json_array_size(orders) > limit;
	if (more)
		json_array_remove(orders, json_array_size(orders) - 1);
	*result = json_pack("{s:o, s:I, s:b, s:I}", "orders", orders, "seq",
	    (json_int_t)view_offset(db), "more", more, "offset",
	    (json_int_t)offset);
	return 0;
}

static const struct svc_method view_methods[] = {
	{ "status", view_status, 0, "customer owner admin service" },
	{ "orders", view_orders, 0, "customer owner admin" },
	{ "addresses", view_addresses, 0, "customer" },
	{ "address_save", view_address_save, SVC_WRITE, "customer" },
	{ "address_delete", view_address_delete, SVC_WRITE, "customer" },
	{ "address_default", view_address_default, SVC_WRITE, "customer" },
	{ "sales", view_sales, 0, "owner admin" },
	{ "review_write", view_review_write, SVC_WRITE, "customer" },
	{ "reviews", view_reviews, 0, NULL },
	{ "review_reply", view_review_reply, SVC_WRITE, "owner" },
};

/* svc_start_fn: the read model's new columns, the reviews table and the
 * addresses table. */
static int
view_start(struct svc *svc)
{
	if (view_migrate(svc) != 0 || view_review_migrate(svc) != 0)
		return -1;
	return view_address_migrate(svc);
}

static const char *const view_consumes[] = {
	"order.", "payment.", "delivery.", "shop.", NULL
};

const struct svc_def view_service = {
	.name = "view",
	.schema = view_schema,
	.methods = view_methods,
	.n_methods = ARRAY_LEN(view_methods),
	.consumes = view_consumes,
	.on_event = view_apply_event,
	.seed = view_review_seed,
	.start = view_start,
};
