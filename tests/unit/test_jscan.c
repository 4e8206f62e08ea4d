/*
 * test_jscan.c: jscan against jansson. Whatever jscan judges, jansson
 * (json_loadb with JSON_REJECT_DUPLICATES) must judge the same way: a
 * frame jscan accepts decodes to an object with the same members and
 * values, one it refuses does not decode. Checked on hand-made frames
 * and on random mutations of real ones; JSCAN_SEED=N replays a run.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "jscan.h"
#include "wire.h"

struct tally {
	int judged, asked, disagreed;
	char first[200];
};

/* 1 when jscan's member list matches jansson's object. */
static int
same_members(const struct jscan_obj *o, json_t *j)
{
	if (!json_is_object(j) || (size_t)o->n != json_object_size(j))
		return 0;
	for (int i = 0; i < o->n; i++) {
		char key[256];
		json_t *mine, *theirs;
		int same;

		if (o->m[i].key_len >= sizeof key)
			return 0;
		memcpy(key, o->m[i].key, o->m[i].key_len);
		key[o->m[i].key_len] = '\0';
		theirs = json_object_get(j, key);
		mine = json_loadb(o->m[i].v.at, o->m[i].v.len,
		    JSON_DECODE_ANY, NULL);
		same = theirs != NULL && json_equal(mine, theirs);
		json_decref(mine);
		if (!same)
			return 0;
	}
	return 1;
}

static void
compare(const char *buf, size_t len, struct tally *t)
{
	struct jscan_obj o;
	enum jscan_result r;
	json_t *j;
	int agree;

	if (!wire_utf8_valid(buf, len))
		return; /* jscan's input is valid UTF-8 by contract */
	r = jscan_object(buf, len, &o);
	if (r == JSCAN_ASK) {
		t->asked++;
		return;
	}
	t->judged++;
	j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, NULL);
	agree = r == JSCAN_OK ? same_members(&o, j) : j == NULL;
	json_decref(j);
	if (!agree && t->disagreed++ == 0)
		snprintf(t->first, sizeof t->first, "%s: %.*s",
		    r == JSCAN_OK ? "accepted" : "refused", (int)len, buf);
}

static const char *const frames[] = {
	"{\"type\":\"request\",\"id\":\"r1\",\"service\":\"store\","
	    "\"method\":\"shops\",\"body\":{}}",
	"{\"type\":\"reply\",\"id\":\"b7\",\"ok\":true,\"result\":{\"order_id\":"
	    "1001,\"status\":\"PAID\",\"items\":[{\"name\":\"후라이드\","
	    "\"qty\":2,\"options\":[\"양념\"]}],\"total\":-0}}",
	"{\"type\":\"publish\",\"id\":\"publish:9\",\"events\":[{\"key\":"
	    "\"order:1\",\"type\":\"order.paid\",\"order_id\":5,\"at\":17,"
	    "\"data\":{\"note\":\"a\\\"b\\\\c\\n\\u00e9\\/\"}},{\"type\":\"x\"}]}",
	"{\"type\":\"ack\",\"sub\":\"svc\",\"count\":64}",
	"  {\"a\" : [ 1 , [ ] , { } , null , true , false ] }\r\n",
	"{\"a\":1,\"a\":2}",
	"{\"a\":{\"b\":1,\"b\":1}}",
	"{\"a\":1,}",
	"{\"a\" 1}",
	"{\"a\":[1,]}",
	"{\"a\":01}",
	"{\"a\":1.5e3}",
	"{\"lat\":37.5563,\"lon\":-126.922,\"avg\":0.5}",
	"{\"a\":1.}",
	"{\"a\":.5}",
	"{\"a\":1.2.3}",
	"{\"a\":1.12345678901234567890}",
	"{\"a\":99999999999999999999}",
	"{\"a\":\"\\u0000\"}",
	"{\"a\":\"\\ud83d\\ude00\"}",
	"{\"a\":\"\\ud83d\"}",
	"{\"a\":\"\\x\"}",
	"{\"a\":\"tab\there\"}",
	"{\"a\":tru}",
	"{\"a\":1}x",
	"{\"a\":1}{}",
	"[1,2]",
	"{\"\\u0061\":1}",
	"{\"a\":\"unterminated}",
	"{",
	"",
	"{\"a\":-}",
	"{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
};

/* Change buf[0..*len) a little at random (cap bytes of room). */
static void
mutate(char *buf, size_t *len, size_t cap, unsigned *seed)
{
	static const char alphabet[] = "{}[]\":,\\ 0123456789-.eEtrufalsn"
	    "ab\t\n\x01\xc3\xa9\0";
	int edits = 1 + rand_r(seed) % 3;

	while (edits-- > 0) {
		size_t at = *len ? (size_t)rand_r(seed) % *len : 0;
		char c = alphabet[rand_r(seed) % sizeof alphabet];

		switch (rand_r(seed) % 3) {
		case 0:
			if (*len)
				buf[at] = c;
			break;
		case 1:
			if (*len + 1 < cap) {
				memmove(buf + at + 1, buf + at, *len - at);
				buf[at] = c;
				(*len)++;
			}
			break;
		default:
			if (*len) {
				memmove(buf + at, buf + at + 1, *len - at - 1);
				(*len)--;
			}
		}
	}
}

int
main(void)
{
	struct tally hand = { 0 }, fuzz = { 0 };
	const char *env = getenv("JSCAN_SEED");
	unsigned seed = env ? (unsigned)strtoul(env, NULL, 10) :
	    (unsigned)time(NULL);
	struct jscan_obj o;
	const struct jscan_value *events, *v;
	struct jscan_value el;
	size_t n = sizeof frames / sizeof frames[0], pos = 0;
	char buf[1024], s[16];
	int64_t i64;
	int count = 0;

	printf("# JSCAN_SEED=%u\n", seed);
	for (size_t i = 0; i < n; i++)
		compare(frames[i], strlen(frames[i]), &hand);
	/* jansson takes a NUL byte after a number as the end of it. */
	compare("{\"type\":\"ho\",\"id\":2\0 }", 23, &hand);
	check(hand.disagreed == 0, "hand-made frames: jscan and jansson agree "
	    "(%d judged, %d asked) %s", hand.judged, hand.asked, hand.first);
	for (size_t i = 0; i < 5; i++)
		count += jscan_object(frames[i], strlen(frames[i]), &o) ==
		    JSCAN_OK;
	check(count == 5, "real frames (request, reply, publish, ack) are "
	    "judged here, not asked (%d of 5)", count);
	count = 0;

	for (int round = 0; round < 200000; round++) {
		const char *from = frames[rand_r(&seed) % 5];
		size_t len = strlen(from);

		memcpy(buf, from, len);
		mutate(buf, &len, sizeof buf, &seed);
		compare(buf, len, &fuzz);
	}
	check(fuzz.disagreed == 0, "200,000 mutated frames: jscan and jansson "
	    "agree (%d judged, %d asked) %s", fuzz.judged, fuzz.asked,
	    fuzz.first);

	check(jscan_object(frames[2], strlen(frames[2]), &o) == JSCAN_OK &&
	    jscan_is(jscan_get(&o, "type"), "publish") &&
	    jscan_get(&o, "nothing") == NULL, "members found by name");
	events = jscan_get(&o, "events");
	while (events && jscan_next(events, &pos, &el))
		count += el.type == JSCAN_OBJECT;
	check(count == 2, "an array's elements, one a call (%d)", count);
	check(jscan_object(frames[1], strlen(frames[1]), &o) == JSCAN_OK &&
	    (v = jscan_get(&o, "id")) != NULL && jscan_str(v, s, sizeof s) == 0
	    && strcmp(s, "b7") == 0 && jscan_str(v, s, 2) == -1,
	    "a string copied out, refused when it does not fit");
	check(jscan_object(frames[3], strlen(frames[3]), &o) == JSCAN_OK &&
	    jscan_int(jscan_get(&o, "count"), &i64) == 0 && i64 == 64 &&
	    jscan_int(jscan_get(&o, "sub"), &i64) == -1,
	    "an integer read, a string refused as one");
	/* A shop with its position (store.shops' answer) is judged here:
	 * a fraction is no reason to decode a whole frame with jansson. */
	static const char pos_frame[] = "{\"lat\":37.5563,\"n\":3}";

	check(jscan_object(pos_frame, strlen(pos_frame), &o) == JSCAN_OK &&
	    jscan_int(jscan_get(&o, "lat"), &i64) == -1 &&
	    jscan_int(jscan_get(&o, "n"), &i64) == 0 && i64 == 3,
	    "a fraction is judged here and refused as an integer");
	return check_status();
}
