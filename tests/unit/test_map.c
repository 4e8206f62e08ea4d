/*
 * test_map.c: the broker's string-keyed map (backend/broker/map.c): put,
 * get, replace, delete, growth, tombstones, and iteration that may
 * delete.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "map.h"

#define MANY 5000

static int values[MANY];

static void
key_of(char *buf, size_t n, int i)
{
	snprintf(buf, n, "session-%d", i);
}

static void
test_basics(void)
{
	struct map *m = map_new();
	char key[32] = "alpha";
	int a = 1, b = 2;

	check(m != NULL && map_size(m) == 0, "a new map is empty");
	check(map_get(m, "alpha") == NULL, "get of a missing key is NULL");
	map_put(m, key, &a);
	strcpy(key, "gamma"); /* the map copied the key */
	check(map_get(m, "alpha") == &a && map_get(m, "gamma") == NULL,
	    "the key is copied, not borrowed");
	map_put(m, "alpha", &b);
	check(map_get(m, "alpha") == &b && map_size(m) == 1,
	    "put on a known key replaces its value");
	map_put(m, "", &a);
	check(map_get(m, "") == &a && map_size(m) == 2,
	    "the empty string is a key like another");
	check(map_del(m, "alpha") == &b && map_get(m, "alpha") == NULL &&
	    map_size(m) == 1, "del returns the value and forgets the key");
	check(map_del(m, "alpha") == NULL && map_size(m) == 1,
	    "del of a missing key is NULL and changes nothing");
	map_destroy(&m);
	check(m == NULL, "destroy nulls the pointer");
	map_destroy(&m);
	check(m == NULL, "destroy accepts NULL");
}

static void
test_many(void)
{
	struct map *m = map_new();
	char key[32];
	int i, bad = 0;

	for (i = 0; i < MANY; i++) {
		key_of(key, sizeof key, i);
		map_put(m, key, &values[i]);
	}
	check(map_size(m) == MANY, "%d keys in (size %zu)", MANY,
	    map_size(m));
	for (i = 0; i < MANY; i++) {
		key_of(key, sizeof key, i);
		bad += map_get(m, key) != &values[i];
	}
	check(bad == 0, "each finds its own value after growing (%d wrong)",
	    bad);
	for (i = 0; i < MANY; i += 2) {
		key_of(key, sizeof key, i);
		bad += map_del(m, key) != &values[i];
	}
	check(bad == 0 && map_size(m) == MANY / 2, "half deleted");
	for (i = 0; i < MANY; i++) {
		key_of(key, sizeof key, i);
		bad += map_get(m, key) != (i % 2 ? &values[i] : NULL);
	}
	check(bad == 0, "the others are still found past the tombstones");
	map_destroy(&m);
}

static void
test_churn(void)
{
	struct map *m = map_new();
	char key[32];
	int i, bad = 0;

	/* Sessions come and go: distinct keys, never more than a few live.
	 * Tombstones must not fill the table (a lookup would never end). */
	for (i = 0; i < 20 * MANY; i++) {
		key_of(key, sizeof key, i);
		map_put(m, key, &values[i % MANY]);
		if (map_get(m, key) != &values[i % MANY])
			bad++;
		if (i >= 3) {
			key_of(key, sizeof key, i - 3);
			if (map_del(m, key) != &values[(i - 3) % MANY])
				bad++;
		}
	}
	check(bad == 0 && map_size(m) == 3,
	    "put and delete %d distinct keys, three live (size %zu)",
	    20 * MANY, map_size(m));
	key_of(key, sizeof key, 4);
	check(map_get(m, key) == NULL, "a long-deleted key stays gone");
	map_destroy(&m);
}

static void
test_iterate(void)
{
	struct map *m = map_new();
	char key[32];
	const char *k;
	size_t pos = 0, seen = 0;
	int i, mark[100] = { 0 }, bad = 0;
	void *v;

	for (i = 0; i < 100; i++) {
		key_of(key, sizeof key, i);
		map_put(m, key, &values[i]);
	}
	while ((v = map_next(m, &pos, &k)) != NULL) {
		i = (int)((int *)v - values);
		key_of(key, sizeof key, i);
		if (strcmp(k, key) != 0 || mark[i]++)
			bad++;
		seen++;
		if (i % 3 == 0)
			map_del(m, k); /* the current key, while iterating */
	}
	check(seen == 100 && bad == 0,
	    "iteration visits each key once, with its value (%zu seen)", seen);
	check(map_size(m) == 100 - 34, "deleting the current key while "
	    "iterating works (%zu left)", map_size(m));
	pos = seen = 0;
	while (map_next(m, &pos, NULL) != NULL)
		seen++;
	check(seen == 100 - 34, "a second pass sees only the rest");
	map_destroy(&m);
}

int
main(void)
{
	test_basics();
	test_many();
	test_iterate();
	test_churn();
	return check_status();
}
