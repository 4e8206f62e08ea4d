/*
 * delivery_rider.c: the riders' side of the delivery service (see
 * delivery_int.h). A rider sees the deliveries whose order is READY and
 * no one carries yet, nearest first (a plain distance from the shop),
 * claims one with a conditional update (of two riders claiming at once,
 * exactly one changes the row; the other is told it is taken), then
 * marks it picked up and delivered; the order service follows those
 * events. Every rider request is also a heartbeat: a rider silent for
 * rider_timeout_ms loses the deliveries they have not picked up yet.
 */
#include <stdlib.h>
#include <string.h>

#include "delivery_int.h"
#include "geo.h"
#include "util.h"

#define AVAILABLE_MAX 50
#define RADIUS_DEFAULT_M 5000
#define RADIUS_MAX_M 100000
#define RELEASE_BATCH 64

/* Note that the caller was seen now (and where, when pos is known);
 * fill pos with the last position known when it is not. 0 or -1. */
static int
rider_seen(struct svc *svc, const struct svc_req *req, struct geo_pos *pos)
{
	const struct svc_caller *c = svc_req_caller(req);
	json_t *lat = pos->known ? json_real(pos->lat) : NULL;
	json_t *lon = pos->known ? json_real(pos->lon) : NULL, *row;
	int n;

	n = db_do(svc_db(svc), "INSERT INTO riders(rider_id, name, lat, lon,"
	    " seen_at) VALUES (?1, ?2, CAST(?3 AS REAL), CAST(?4 AS REAL), ?5)"
	    " ON CONFLICT(rider_id) DO UPDATE SET name = excluded.name,"
	    " lat = coalesce(excluded.lat, lat), lon = coalesce(excluded.lon,"
	    " lon), seen_at = excluded.seen_at", "ssjji", c->user,
	    c->display ? c->display : c->user, lat, lon, now_ms());
	json_decref(lat);
	json_decref(lon);
	if (n < 0 || pos->known)
		return n < 0 ? -1 : 0;
	row = db_row(svc_db(svc), "SELECT lat, lon FROM riders WHERE"
	    " rider_id = ? AND lat IS NOT NULL", "s", c->user);
	if (row != NULL) {
		pos->lat = json_number_value(json_object_get(row, "lat"));
		pos->lon = json_number_value(json_object_get(row, "lon"));
		pos->known = 1;
	}
	json_decref(row);
	return 0;
}

/* x >= 0: its square root (Newton), without libm. */
static double
root(double x)
{
	double r = x > 1 ? x : 1;
	int i;

	for (i = 0; i < 60 && x > 0; i++)
		r = (r + x / r) / 2;
	return x > 0 ? r : 0;
}

/* cos of |x| <= pi/2 (Taylor, to within 1e-3): enough for a distance. */
static double
cosine(double x)
{
	double x2 = x * x;

	return 1 - x2 / 2 + x2 * x2 / 24 - x2 * x2 * x2 / 720;
}

/* Metres from pos to (lat, lon), on a plane around them. */
static int64_t
rider_distance_m(const struct geo_pos *pos, double lat, double lon)
{
	double mid = (pos->lat + lat) / 2 * 3.14159265358979 / 180;
	double dy = (lat - pos->lat) * 111320.0;
	double dx = (lon - pos->lon) * 111320.0 * cosine(mid);

	return (int64_t)(root(dx * dx + dy * dy) + 0.5);
}

/* Set "distance_m" on each row whose shop has a position (pos known). */
static void
rider_measure(json_t *rows, const struct geo_pos *pos)
{
	json_t *row;
	size_t i;

	json_array_foreach(rows, i, row) {
		const json_t *lat = json_object_get(row, "shop_lat");
		const json_t *lon = json_object_get(row, "shop_lon");

		json_object_set_new(row, "distance_m", pos->known &&
		    json_is_number(lat) && json_is_number(lon) ?
		    json_integer(rider_distance_m(pos, json_number_value(lat),
		    json_number_value(lon))) : json_null());
	}
}

/* qsort order: nearest first, unknown distances last, then oldest. */
static int
by_distance(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	const json_t *dx = json_object_get(x, "distance_m");
	const json_t *dy = json_object_get(y, "distance_m");
	int64_t ix, iy;

	if (json_is_integer(dx) != json_is_integer(dy))
		return json_is_integer(dx) ? -1 : 1;
	ix = json_integer_value(dx);
	iy = json_integer_value(dy);
	if (ix != iy)
		return ix < iy ? -1 : 1;
	ix = json_integer_value(json_object_get(x, "order_id"));
	iy = json_integer_value(json_object_get(y, "order_id"));
	return (ix > iy) - (ix < iy);
}

/* rows sorted by distance, without those beyond radius_m (a new array;
 * rows is released). */
static json_t *
rider_nearest(json_t *rows, int64_t radius_m)
{
	size_t n = json_array_size(rows), i, k = 0;
	json_t **v = xcalloc(n + 1, sizeof *v), *out = json_array();
	const json_t *d;

	for (i = 0; i < n; i++) {
		d = json_object_get(json_array_get(rows, i), "distance_m");
		if (!json_is_integer(d) || json_integer_value(d) <= radius_m)
			v[k++] = json_array_get(rows, i);
	}
	qsort(v, k, sizeof *v, by_distance);
	for (i = 0; i < k && i < AVAILABLE_MAX; i++)
		json_array_append(out, v[i]);
	free(v);
	json_decref(rows);
	return out;
}

int
delivery_available(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	struct geo_pos pos;
	int64_t radius = RADIUS_DEFAULT_M;
	json_t *rows;

	if (geo_pos_read(body, 0, &pos, err) != 0 || wire_get_int(body,
	    "radius_m", 0, 1, RADIUS_MAX_M, &radius, err) != 0)
		return -1;
	if (rider_seen(svc, req, &pos) != 0 || (rows = db_rows(svc_db(svc),
	    "SELECT " DELIVERY_COLUMNS DELIVERY_FROM " WHERE d.status ="
	    " 'PENDING' AND d.ready_at IS NOT NULL ORDER BY d.id LIMIT 500",
	    NULL)) == NULL)
		return wire_error_set(err, E_INTERNAL, "storage");
	rider_measure(rows, &pos);
	*result = json_pack("{s:o, s:o*, s:o*, s:I}", "deliveries",
	    rider_nearest(rows, radius), "lat", pos.known ? json_real(pos.lat) :
	    NULL, "lon", pos.known ? json_real(pos.lon) : NULL, "radius_m",
	    (json_int_t)radius);
	return 0;
}

int
delivery_mine(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	struct geo_pos pos;
	json_t *rows;

	if (geo_pos_read(body, 0, &pos, err) != 0)
		return -1;
	if (rider_seen(svc, req, &pos) != 0 || (rows = db_rows(svc_db(svc),
	    "SELECT " DELIVERY_COLUMNS DELIVERY_FROM " WHERE d.rider_id = ?"
	    " AND d.status IN ('ASSIGNED', 'DELIVERING') ORDER BY d.id",
	    "s", svc_req_caller(req)->user)) == NULL)
		return wire_error_set(err, E_INTERNAL, "storage");
	rider_measure(rows, &pos);
	*result = json_pack("{s:o}", "deliveries", rows);
	return 0;
}

/* Why the delivery of order_id did not move from want for rider me:
 * always -1 with err (not_found, conflict, forbidden or invalid_state). */
static int
rider_refuse(struct db *db, int64_t order_id, const char *me,
    const char *want, struct wire_error *err)
{
	json_t *d = delivery_get_row(db, order_id);
	const char *status = wire_str(d, "status", "");
	const char *rider = wire_str(d, "rider_id", NULL);
	int claiming = strcmp(want, "PENDING") == 0;

	if (d == NULL)
		wire_error_set(err, E_NOT_FOUND, "no delivery for order %lld",
		    (long long)order_id);
	else if (claiming && rider != NULL && strcmp(rider, me) != 0)
		wire_error_set(err, E_CONFLICT, "order %lld was claimed by "
		    "another rider", (long long)order_id);
	else if (!claiming && (rider == NULL || strcmp(rider, me) != 0))
		wire_error_set(err, E_FORBIDDEN, "the delivery of order %lld "
		    "is not yours", (long long)order_id);
	else if (claiming && rider != NULL)
		wire_error_set(err, E_INVALID_STATE, "the delivery of order "
		    "%lld is already yours (%s)", (long long)order_id, status);
	else if (claiming && strcmp(status, "PENDING") == 0)
		wire_error_set(err, E_INVALID_STATE, "order %lld is not ready "
		    "for pickup yet", (long long)order_id);
	else
		wire_error_set(err, E_INVALID_STATE, "the delivery of order "
		    "%lld is %s", (long long)order_id, status);
	json_decref(d);
	return -1;
}

/* A rider's step: the status it moves from, the conditional update (?1
 * now, ?2 order_id, ?3 rider, ?4 rider's name; every step binds all four,
 * so each statement names each) and its event. */
static const struct rider_step {
	const char *from, *sql, *event;
} rider_steps[] = {
	{ "PENDING", "UPDATE deliveries SET status = 'ASSIGNED',"
	    " rider_id = ?3, rider_name = ?4, assigned_at = ?1,"
	    " updated_at = ?1 WHERE order_id = ?2 AND status = 'PENDING'"
	    " AND ready_at IS NOT NULL", "delivery.assigned" },
	{ "ASSIGNED", "UPDATE deliveries SET status = 'DELIVERING',"
	    " picked_up_at = ?1, updated_at = ?1 WHERE order_id = ?2"
	    " AND status = 'ASSIGNED' AND rider_id = ?3 AND ?4 IS NOT NULL",
	    "delivery.picked_up" },
	{ "DELIVERING", "UPDATE deliveries SET status = 'DELIVERED',"
	    " updated_at = ?1 WHERE order_id = ?2 AND status = 'DELIVERING'"
	    " AND rider_id = ?3 AND ?4 IS NOT NULL", "delivery.delivered" },
};
enum { STEP_CLAIM, STEP_PICKED_UP, STEP_DELIVERED };

/*
 * Make step for the calling rider on body's order_id, announce it and
 * answer the delivery. Refusals change nothing.
 */
static int
rider_move(struct svc *svc, struct svc_req *req, const json_t *body,
    const struct rider_step *step, json_t **result, struct wire_error *err)
{
	const struct svc_caller *c = svc_req_caller(req);
	struct geo_pos pos;
	int64_t order_id = 0;
	json_t *d;
	int n;

	if (wire_get_int(body, "order_id", 1, 1, INT64_MAX, &order_id,
	    err) != 0 || geo_pos_read(body, 0, &pos, err) != 0)
		return -1;
	if (rider_seen(svc, req, &pos) != 0 || (n = db_do(svc_db(svc),
	    step->sql, "iiss", now_ms(), order_id, c->user, c->display ?
	    c->display : c->user)) < 0)
		return wire_error_set(err, E_INTERNAL, "storage");
	if (n == 0)
		return rider_refuse(svc_db(svc), order_id, c->user, step->from,
		    err);
	if ((d = delivery_get_row(svc_db(svc), order_id)) == NULL ||
	    delivery_emit(svc, step->event, d, json_pack("{s:O*}",
	    "shop_name", json_object_get(d, "shop_name"))) != 0) {
		json_decref(d);
		return wire_error_set(err, E_INTERNAL, "storage");
	}
	*result = d;
	return 0;
}

int
delivery_claim(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	return rider_move(svc, req, body, &rider_steps[STEP_CLAIM], result,
	    err);
}

int
delivery_picked_up(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	return rider_move(svc, req, body, &rider_steps[STEP_PICKED_UP],
	    result, err);
}

int
delivery_delivered(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	return rider_move(svc, req, body, &rider_steps[STEP_DELIVERED],
	    result, err);
}

void
delivery_release_silent(struct svc *svc, int64_t now)
{
	int64_t timeout = svc_config(svc)->rider_timeout_ms;
	json_t *rows, *row, *d;
	size_t i;

	if (timeout <= 0)
		return;
	rows = db_rows(svc_db(svc), "SELECT d.order_id, d.rider_id,"
	    " d.rider_name FROM deliveries d JOIN riders r ON r.rider_id ="
	    " d.rider_id WHERE d.status = 'ASSIGNED' AND r.seen_at <= ?"
	    " LIMIT ?", "ii", now - timeout, (int64_t)RELEASE_BATCH);
	json_array_foreach(rows, i, row) {
		int64_t id = json_integer_value(json_object_get(row,
		    "order_id"));

		if (db_do(svc_db(svc), "UPDATE deliveries SET status ="
		    " 'PENDING', rider_id = NULL, rider_name = NULL,"
		    " assigned_at = NULL, updated_at = ?1 WHERE order_id = ?2"
		    " AND status = 'ASSIGNED'", "ii", now, id) != 1 ||
		    (d = delivery_get_row(svc_db(svc), id)) == NULL)
			continue;
		/* The event names who let it go. */
		json_object_set(d, "rider_id", json_object_get(row,
		    "rider_id"));
		json_object_set(d, "rider_name", json_object_get(row,
		    "rider_name"));
		if (delivery_emit(svc, "delivery.released", d, json_pack(
		    "{s:s, s:O*}", "reason", "rider_timeout", "shop_name",
		    json_object_get(d, "shop_name"))) == 0)
			log_info("delivery of order %lld released: rider %s "
			    "silent", (long long)id, wire_str(row, "rider_id",
			    "?"));
		json_decref(d);
	}
	json_decref(rows);
}
