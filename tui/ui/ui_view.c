/*
 * ui_view.c: the states of an app's screens (allocated, handed out,
 * released by each screen's own hook) and a screen's hint bar.
 */
#include "ui_view.h"

#include <stdlib.h>

#include "ui_help.h"
#include "util.h"

/* A screen's own key table fits in this many entries. */
#define VIEW_KEYS_MAX 64

void
ui_views_init(struct ui_views *self, const struct ui_view *const *views,
    size_t n)
{
	size_t i;

	self->views = views;
	self->n = n;
	self->state = xcalloc(n, sizeof *self->state);
	for (i = 0; i < n; i++) {
		if (views[i]->state_size == 0)
			continue;
		self->state[i] = xcalloc(1, views[i]->state_size);
		if (views[i]->init != NULL)
			views[i]->init(self->state[i]);
	}
}

void *
ui_views_state(const struct ui_views *self, size_t i)
{
	return i < self->n ? self->state[i] : NULL;
}

void
ui_views_event(const struct ui_views *self, void *app, const json_t *event)
{
	size_t i;

	for (i = 0; i < self->n; i++)
		if (self->views[i]->event != NULL)
			self->views[i]->event(app, event);
}

void
ui_views_tick(const struct ui_views *self, void *app, int64_t now)
{
	size_t i;

	for (i = 0; i < self->n; i++)
		if (self->views[i]->tick != NULL)
			self->views[i]->tick(app, now);
}

void
ui_views_release(struct ui_views *self)
{
	size_t i;

	for (i = 0; self->state != NULL && i < self->n; i++) {
		if (self->state[i] != NULL && self->views[i]->release != NULL)
			self->views[i]->release(self->state[i]);
		free(self->state[i]);
	}
	free(self->state);
	self->state = NULL;
	self->n = 0;
}

void
ui_view_hint_bar(const struct ui_view *v, void *app,
    const struct ui_keymap *map, int y, int cols)
{
	struct ui_key keys[VIEW_KEYS_MAX];
	struct ui_keymap now;
	size_t i;

	if (v->label == NULL || map->keys != v->keys ||
	    map->n > VIEW_KEYS_MAX) {
		ui_help_hint_bar(y, map, cols);
		return;
	}
	for (i = 0; i < map->n; i++) {
		keys[i] = map->keys[i];
		if (keys[i].label != NULL)
			keys[i].label = v->label(app, &map->keys[i]);
	}
	now = (struct ui_keymap){ keys, map->n, map->next };
	ui_help_hint_bar(y, &now, cols);
}
