/*
 * store_position.c: where the owner's shop is (lat, lon in degrees),
 * which riders' distances are measured from. The demo shops are placed
 * by store_demo.c; any other shop is placed by its owner here. A change
 * of the shop like any other: published and handed to the order service
 * (store_shop_changed).
 */
#include "geo.h"
#include "store_int.h"

int
store_position(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *shop_id;
	struct geo_pos pos;
	json_t *lat, *lon;
	int n;

	(void)result;
	if ((shop_id = store_owner_shop(req, err)) == NULL ||
	    geo_pos_read(body, 1, &pos, err) != 0)
		return -1;
	lat = json_real(pos.lat);
	lon = json_real(pos.lon);
	n = db_do(svc_db(svc), "UPDATE shops SET lat = CAST(?1 AS REAL), lon ="
	    " CAST(?2 AS REAL) WHERE id = ?3", "jjs", lat, lon, shop_id);
	if (n == 1)
		n = store_shop_changed(svc, req, shop_id, json_pack("{s:s, s:O,"
		    " s:O}", "shop_id", shop_id, "lat", lat, "lon", lon));
	else if (n == 0)
		n = wire_error_set(err, E_NOT_FOUND, "no shop %s", shop_id);
	json_decref(lat);
	json_decref(lon);
	return n;
}
