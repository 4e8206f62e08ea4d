/*
 * store_hours.c: the owner sets the shop's opening hours, closed dates
 * and time zone. Whether the shop is within its hours is worked out when
 * asked (shop_state.c), by the store for its answers and by the order
 * service before it takes an order.
 */
#include <string.h>

#include "shop_hours.h"
#include "shop_tz.h"
#include "store_int.h"
#include "util.h"

/* Update one member of the shop: a JSON column, or the zone. */
static int
hours_put(struct db *db, const char *shop_id, const char *member,
    const json_t *v)
{
	if (strcmp(member, "hours") == 0)
		return db_do(db, "UPDATE shops SET hours_json = ? WHERE id = ?",
		    "js", json_is_null(v) ? NULL : v, shop_id);
	if (strcmp(member, "closed_dates") == 0)
		return db_do(db, "UPDATE shops SET closed_dates_json = ? WHERE "
		    "id = ?", "js", json_is_null(v) ? NULL : v, shop_id);
	return db_do(db, "UPDATE shops SET tz = ? WHERE id = ?", "ss",
	    json_string_value(v), shop_id);
}

int
store_hours(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	static const char *const members[] = { "hours", "closed_dates", "tz" };
	const json_t *hours = json_object_get(body, "hours");
	const json_t *closed = json_object_get(body, "closed_dates");
	const char *shop_id, *tz = NULL;
	json_t *shop;
	size_t i, given = 0;

	(void)result;
	if ((shop_id = store_owner_shop(req, err)) == NULL ||
	    wire_get_str(body, "tz", 0, &tz, err) != 0 ||
	    shop_hours_check(hours, closed, err) != 0)
		return -1;
	if (tz != NULL && !shop_tz_valid(tz))
		return wire_error_set(err, E_BAD_REQUEST, "member \"tz\" must "
		    "be a time zone such as \"Asia/Seoul\"");
	for (i = 0; i < ARRAY_LEN(members); i++) {
		const json_t *v = json_object_get(body, members[i]);

		if (v == NULL)
			continue;
		given++;
		if (hours_put(svc_db(svc), shop_id, members[i], v) != 1)
			return -1;
	}
	if (given == 0)
		return wire_error_set(err, E_BAD_REQUEST, "give \"hours\", "
		    "\"closed_dates\" or \"tz\"");
	json_t *answer;

	if ((shop = store_shop_get(svc_db(svc), shop_id)) == NULL)
		return -1;
	answer = json_pack("{s:s, s:O, s:O, s:O}", "shop_id", shop_id, "hours",
	    json_object_get(shop, "hours"), "closed_dates",
	    json_object_get(shop, "closed_dates"), "tz", json_object_get(shop,
	    "tz"));
	json_decref(shop);
	return store_shop_changed(svc, req, shop_id, answer);
}
