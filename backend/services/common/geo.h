/*
 * geo.h: a position on the map, in degrees, as requests carry it
 * ("lat" and "lon", both or neither): a rider's, a shop's.
 */
#ifndef BAEDAL_GEO_H
#define BAEDAL_GEO_H

#include <jansson.h>

#include "wire.h"

struct geo_pos {
	int known;           /* 0: the request gave none */
	double lat, lon;     /* degrees, -90..90 and -180..180 */
};

/*
 * Read body's "lat" and "lon" into pos. Both absent leaves pos unknown
 * (returns 0) unless required; both present must be numbers in range.
 * Returns 0, or -1 with bad_request in err (pos unknown).
 */
int geo_pos_read(const json_t *body, int required, struct geo_pos *pos,
    struct wire_error *err);

#endif
