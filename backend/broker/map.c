/*
 * map.c: open-addressing hash map with linear probing and tombstones.
 */
#include "map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define TOMBSTONE ((char *)&tombstone_mark)

static const char tombstone_mark = 0;

struct map_slot {
	char *key;   /* NULL: empty; TOMBSTONE: deleted */
	void *value;
};

struct map {
	struct map_slot *slots;
	size_t cap;   /* a power of two */
	size_t used;  /* live keys */
	size_t dirty; /* live keys and tombstones */
};

struct map *
map_new(void)
{
	struct map *self = xcalloc(1, sizeof *self);

	self->cap = 16;
	self->slots = xcalloc(self->cap, sizeof *self->slots);
	return self;
}

void
map_destroy(struct map **self_p)
{
	struct map *self = *self_p;
	size_t i;

	if (self == NULL)
		return;
	for (i = 0; i < self->cap; i++)
		if (self->slots[i].key != NULL &&
		    self->slots[i].key != TOMBSTONE)
			free(self->slots[i].key);
	free(self->slots);
	free(self);
	*self_p = NULL;
}

/* The slot holding key, or NULL. */
static struct map_slot *
map_find(const struct map *self, const char *key)
{
	size_t mask = self->cap - 1, i = hash_str(key) & mask;

	for (;;) {
		struct map_slot *s = &self->slots[i];

		if (s->key == NULL)
			return NULL;
		if (s->key != TOMBSTONE && strcmp(s->key, key) == 0)
			return s;
		i = (i + 1) & mask;
	}
}

static void
map_grow(struct map *self)
{
	struct map_slot *old = self->slots;
	size_t oldcap = self->cap, i;

	if (self->used * 2 >= self->cap)
		self->cap *= 2;
	self->slots = xcalloc(self->cap, sizeof *self->slots);
	self->used = self->dirty = 0;
	for (i = 0; i < oldcap; i++) {
		if (old[i].key != NULL && old[i].key != TOMBSTONE) {
			map_put(self, old[i].key, old[i].value);
			free(old[i].key);
		}
	}
	free(old);
}

void *
map_get(const struct map *self, const char *key)
{
	struct map_slot *s = map_find(self, key);

	return s ? s->value : NULL;
}

void
map_put(struct map *self, const char *key, void *value)
{
	struct map_slot *s = map_find(self, key);
	size_t mask, i;

	if (s != NULL) {
		s->value = value;
		return;
	}
	if ((self->dirty + 1) * 4 >= self->cap * 3)
		map_grow(self);
	mask = self->cap - 1;
	for (i = hash_str(key) & mask;; i = (i + 1) & mask) {
		s = &self->slots[i];
		if (s->key == NULL || s->key == TOMBSTONE)
			break;
	}
	if (s->key == NULL)
		self->dirty++;
	s->key = xstrdup(key);
	s->value = value;
	self->used++;
}

void *
map_del(struct map *self, const char *key)
{
	struct map_slot *s = map_find(self, key);
	void *value;

	if (s == NULL)
		return NULL;
	value = s->value;
	free(s->key);
	s->key = TOMBSTONE;
	s->value = NULL;
	self->used--;
	return value;
}

size_t
map_size(const struct map *self)
{
	return self->used;
}

void *
map_next(const struct map *self, size_t *pos, const char **key)
{
	while (*pos < self->cap) {
		struct map_slot *s = &self->slots[(*pos)++];

		if (s->key != NULL && s->key != TOMBSTONE) {
			if (key != NULL)
				*key = s->key;
			return s->value;
		}
	}
	return NULL;
}
