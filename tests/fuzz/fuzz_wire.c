/*
 * fuzz_wire.c: libFuzzer target for the wire decoder and the member
 * accessors the broker runs on every frame from the network, and for
 * jscan, the broker's reader of the frames it passes on: whatever jscan
 * judges, jansson must judge alike (it aborts otherwise).
 *   make fuzz            build build/fuzz/fuzz_wire (clang, libFuzzer)
 *   build/fuzz/fuzz_wire -max_total_time=60 tests/fuzz/corpus
 */
#include <stdint.h>
#include <stdlib.h>

#include "jscan.h"
#include "wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_error err;
	json_t *msg = wire_decode(data, size, &err), *obj = NULL, *res;
	const char *s = NULL;
	int64_t n = 0;
	int b = 0;
	char *out;

	struct jscan_obj o;
	enum jscan_result r = size <= WIRE_MAX_FRAME &&
	    wire_utf8_valid((const char *)data, size) ?
	    jscan_object((const char *)data, size, &o) : JSCAN_ASK;

	json_t *any = r == JSCAN_ASK ? NULL : json_loadb((const char *)data,
	    size, JSON_REJECT_DUPLICATES, NULL);

	if (r == JSCAN_BAD && any != NULL)
		abort(); /* jscan refused what jansson takes */
	if (r == JSCAN_OK && (any == NULL || (size_t)o.n !=
	    json_object_size(any)))
		abort(); /* jscan took what jansson refuses */
	json_decref(any);
	if (msg == NULL)
		return 0;
	/* Everything the broker reads from a request or an event. */
	wire_get_id(msg, "id", 0, &s, &err);
	wire_get_id(msg, "service", 0, &s, &err);
	wire_get_str(msg, "token", 0, &s, &err);
	wire_get_int(msg, "deadline_ms", 0, 1, WIRE_MAX_DEADLINE_MS, &n, &err);
	wire_get_int(msg, "from", 0, 0, INT64_MAX, &n, &err);
	wire_get_bool(msg, "ok", 0, &b, &err);
	wire_get_object(msg, "body", 0, &obj, &err);
	wire_get_array(msg, "events", 0, &obj, &err);
	wire_reply_parse(msg, &res, &err);
	wire_strip_nulls(msg);
	out = wire_encode(msg, NULL, &err);
	free(out);
	json_decref(msg);
	return 0;
}
