/*
 * geo.c: reading a position from a request (see geo.h).
 */
#include "geo.h"

int
geo_pos_read(const json_t *body, int required, struct geo_pos *pos,
    struct wire_error *err)
{
	const json_t *lat = json_object_get(body, "lat");
	const json_t *lon = json_object_get(body, "lon");

	pos->known = 0;
	if (lat == NULL && lon == NULL && !required)
		return 0;
	if (!json_is_number(lat) || !json_is_number(lon))
		return wire_error_set(err, E_BAD_REQUEST, "members \"lat\" and "
		    "\"lon\" must both be numbers (degrees)");
	pos->lat = json_number_value(lat);
	pos->lon = json_number_value(lon);
	if (pos->lat < -90 || pos->lat > 90 || pos->lon < -180 ||
	    pos->lon > 180)
		return wire_error_set(err, E_BAD_REQUEST, "\"lat\" must be "
		    "within -90..90 and \"lon\" within -180..180");
	pos->known = 1;
	return 0;
}
