/*
 * view_review.c: reviews and replies (see view_review.h).
 *
 * One row per review; order_id is unique, so one order gets one review
 * even when two processes of the view take two requests for it at once
 * (the second insert changes nothing and is answered already_reviewed).
 * Demo reviews have no order (order_id NULL).
 */
#include "view_review.h"

#include <stdio.h>
#include <string.h>

#include "text_check.h"
#include "util.h"

#define REVIEW_LIST_DEFAULT 20
#define REVIEW_LIST_MAX 50

static const char review_schema[] =
    "CREATE TABLE IF NOT EXISTS reviews ("
    " id INTEGER PRIMARY KEY, order_id INTEGER UNIQUE,"
    " shop_id TEXT NOT NULL, customer_id TEXT NOT NULL,"
    " rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5), text TEXT,"
    " created_at INTEGER NOT NULL, reply TEXT, replied_at INTEGER);"
    "CREATE INDEX IF NOT EXISTS reviews_shop ON reviews(shop_id, id);";

#define REVIEW_COLUMNS "SELECT id AS review_id, order_id, shop_id," \
    " customer_id, rating, text, created_at, reply, replied_at FROM reviews "

/* Demo reviews: shop, customer, rating, text, reply, days ago. */
struct demo_review {
	const char *shop_id, *customer_id;
	int rating;
	const char *text, *reply;
	int days_ago;
};

static const struct demo_review demo_reviews[] = {
	{ "chicken", "junho", 5, "바삭하고 따뜻하게 왔어요. 양념도 최고!",
	  "감사합니다! 또 찾아주세요.", 3 },
	{ "chicken", "seoyeon", 4, "맛있어요. 배달이 조금 늦었어요.", NULL, 2 },
	{ "chicken", "minji", 5, NULL, NULL, 1 },
	{ "bunsik", "junho", 4, "떡볶이가 딱 알맞게 매워요", NULL, 2 },
	{ "china", "seoyeon", 3, "짬뽕 국물이 식어서 왔어요",
	  "죄송합니다. 포장을 더 신경 쓰겠습니다.", 4 },
};

int
view_review_migrate(struct svc *svc)
{
	return db_exec(svc_db(svc), review_schema);
}

int
view_review_seed(struct svc *svc)
{
	int64_t now = now_ms(), at;
	size_t i;

	if (view_review_migrate(svc) != 0)
		return -1;
	if (!svc_config(svc)->demo)
		return 0;
	for (i = 0; i < ARRAY_LEN(demo_reviews); i++) {
		const struct demo_review *d = &demo_reviews[i];

		at = now - (int64_t)d->days_ago * 86400000;
		if (db_do(svc_db(svc), "INSERT INTO reviews(shop_id, customer_id,"
		    " rating, text, created_at) VALUES (?,?,?,?,?)", "ssisi",
		    d->shop_id, d->customer_id, (int64_t)d->rating, d->text,
		    at) != 1)
			return -1;
		if (d->reply != NULL && db_do(svc_db(svc), "UPDATE reviews SET"
		    " reply = ?, replied_at = ? WHERE id = ?", "sii", d->reply,
		    at + 3600000, db_last_id(svc_db(svc))) != 1)
			return -1;
	}
	return 0;
}

/* A review row as people see it: the customer's id shortened
 * ("ju***"), "mine" when it is the caller's (user may be NULL). */
static json_t *
review_public(json_t *row, const char *user)
{
	const char *c = wire_str(row, "customer_id", "");
	char masked[8];

	snprintf(masked, sizeof masked, "%.2s***", c);
	json_object_set_new(row, "customer", json_string(masked));
	json_object_set_new(row, "mine", json_boolean(user != NULL &&
	    strcmp(user, c) == 0));
	json_object_del(row, "customer_id");
	return row;
}

json_t *
view_review_of_order(struct db *db, int64_t order_id)
{
	json_t *row = db_row(db, "SELECT id AS review_id, rating, text,"
	    " created_at, reply, replied_at FROM reviews WHERE order_id = ?",
	    "i", order_id);

	return row;
}

/* An optional text member checked as a person's words; 0 / -1. */
static int
review_text(const json_t *body, int required, size_t max, const char **text,
    struct wire_error *err)
{
	if (wire_get_str(body, "text", required, text, err) != 0)
		return -1;
	if (*text != NULL && text_check(*text, "text", max, err) != 0)
		return -1;
	return 0;
}

/* The review with id (public form for user), or NULL. */
static json_t *
review_get(struct db *db, int64_t id, const char *user)
{
	json_t *row = db_row(db, REVIEW_COLUMNS "WHERE id = ?", "i", id);

	return row ? review_public(row, user) : NULL;
}

int
view_review_write(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const struct svc_caller *caller = svc_req_caller(req);
	struct db *db = svc_db(svc);
	const char *text = NULL, *status;
	int64_t order_id, rating, id, now = now_ms();
	json_t *order;
	int rc;

	if (wire_get_int(body, "order_id", 1, 1, INT64_MAX, &order_id,
	    err) != 0 || wire_get_int(body, "rating", 1, 1, 5, &rating,
	    err) != 0 || review_text(body, 0, TEXT_MAX_REVIEW, &text, err) != 0)
		return -1;
	order = db_row(db, "SELECT shop_id, status FROM orders"
	    " WHERE order_id = ? AND customer_id = ?", "is", order_id,
	    caller->user);
	if (order == NULL)
		return wire_error_set(err, E_NOT_FOUND, "no order %lld",
		    (long long)order_id);
	status = wire_str(order, "status", "");
	if (strcmp(status, "DELIVERED") != 0 &&
	    strcmp(status, "PICKED_UP") != 0) {
		wire_error_set(err, E_INVALID_STATE, "order %lld is %s: "
		    "reviews are for delivered or picked-up orders",
		    (long long)order_id, status);
		json_decref(order);
		return -1;
	}
	rc = db_do(db, "INSERT INTO reviews(order_id, shop_id, customer_id,"
	    " rating, text, created_at) VALUES (?,?,?,?,?,?)"
	    " ON CONFLICT(order_id) DO NOTHING", "issisi", order_id,
	    wire_str(order, "shop_id", ""), caller->user, rating, text, now);
	if (rc == 0) {
		json_decref(order);
		return wire_error_set(err, E_ALREADY_REVIEWED, "order %lld "
		    "already has a review", (long long)order_id);
	}
	id = db_last_id(db);
	if (rc != 1 || svc_emit(svc, "review.written", order_id,
	    wire_str(order, "shop_id", NULL), caller->user, json_pack(
	    "{s:I, s:I, s:s?}", "review_id", (json_int_t)id, "rating",
	    (json_int_t)rating, "text", text)) != 0) {
		json_decref(order);
		return wire_error_set(err, E_INTERNAL, "cannot store the review");
	}
	json_decref(order);
	*result = review_get(db, id, caller->user);
	return 0;
}

int
view_reviews(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const struct svc_caller *caller = svc_req_caller(req);
	struct db *db = svc_db(svc);
	const char *shop_id = caller->shop_id;
	int64_t before = INT64_MAX, limit = REVIEW_LIST_DEFAULT;
	json_t *rows, *stats, *row;
	size_t i;
	int more;

	if (wire_get_id(body, "shop_id", shop_id == NULL, &shop_id, err) != 0 ||
	    wire_get_int(body, "before", 0, 1, INT64_MAX, &before, err) != 0 ||
	    wire_get_int(body, "limit", 0, 1, REVIEW_LIST_MAX, &limit,
	    err) != 0)
		return -1;
	rows = db_rows(db, REVIEW_COLUMNS "WHERE shop_id = ? AND id < ?"
	    " ORDER BY id DESC LIMIT ?", "sii", shop_id, before, limit + 1);
	stats = db_row(db, "SELECT COUNT(*) AS count,"
	    " ROUND(AVG(rating), 1) AS average FROM reviews WHERE shop_id = ?",
	    "s", shop_id);
	if (rows == NULL || stats == NULL) {
		json_decref(rows);
		json_decref(stats);
		return wire_error_set(err, E_INTERNAL, "cannot read reviews");
	}
	more = json_array_size(rows) > (size_t)limit;
	if (more)
		json_array_remove(rows, (size_t)limit);
	json_array_foreach(rows, i, row)
		review_public(row, caller->user);
	json_object_set_new(stats, "shop_id", json_string(shop_id));
	json_object_set_new(stats, "reviews", rows);
	json_object_set_new(stats, "more", json_boolean(more));
	if (json_object_get(stats, "average") == NULL)
		json_object_set_new(stats, "average", json_null());
	*result = stats;
	return 0;
}

int
view_review_reply(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const struct svc_caller *caller = svc_req_caller(req);
	struct db *db = svc_db(svc);
	const char *text = NULL;
	int64_t id, order_id;
	json_t *row;
	int rc;

	if (wire_get_int(body, "review_id", 1, 1, INT64_MAX, &id, err) != 0 ||
	    review_text(body, 1, TEXT_MAX_REPLY, &text, err) != 0)
		return -1;
	row = db_row(db, "SELECT order_id, customer_id FROM reviews"
	    " WHERE id = ? AND shop_id = ?", "is", id,
	    caller->shop_id ? caller->shop_id : "");
	if (row == NULL)
		return wire_error_set(err, E_NOT_FOUND, "no review %lld",
		    (long long)id);
	rc = db_do(db, "UPDATE reviews SET reply = ?, replied_at = ?"
	    " WHERE id = ? AND reply IS NULL", "sii", text, now_ms(), id);
	if (rc == 0) {
		json_decref(row);
		return wire_error_set(err, E_ALREADY_REPLIED, "review %lld "
		    "already has a reply", (long long)id);
	}
	order_id = wire_int(row, "order_id", 0);
	if (rc != 1 || svc_emit(svc, "review.replied", order_id,
	    caller->shop_id, wire_str(row, "customer_id", NULL), json_pack(
	    "{s:I, s:s}", "review_id", (json_int_t)id, "reply", text)) != 0) {
		json_decref(row);
		return wire_error_set(err, E_INTERNAL, "cannot store the reply");
	}
	json_decref(row);
	*result = review_get(db, id, caller->user);
	return 0;
}
