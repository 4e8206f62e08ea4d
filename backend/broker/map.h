/*
 * map.h: a string-keyed hash map of borrowed pointers (open addressing).
 * Keys are copied; values are the caller's.
 */
#ifndef BAEDAL_MAP_H
#define BAEDAL_MAP_H

#include <stddef.h>

struct map;

/* A new, empty map; never NULL. */
struct map *map_new(void);
/* Free the map (not the values); accepts NULL, nulls *self_p. */
void map_destroy(struct map **self_p);
/* The value for key, or NULL. */
void *map_get(const struct map *self, const char *key);
/* Set key to value (not NULL), replacing any previous value. */
void map_put(struct map *self, const char *key, void *value);
/* Remove key; returns its value or NULL. */
void *map_del(struct map *self, const char *key);
size_t map_size(const struct map *self);
/* Iterate: start with *pos = 0; returns the next value and its key, or
 * NULL at the end. Deleting the current key while iterating is allowed. */
void *map_next(const struct map *self, size_t *pos, const char **key);

#endif
