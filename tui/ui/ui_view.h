/*
 * ui_view.h: one shape for a screen and for a dialog in both apps, as
 * tig's view_ops: a small table of functions per screen (open, draw,
 * key, event, tick) with the size of the screen's own state and a
 * release hook that frees what that state holds. An app keeps its
 * screens' tables in an array indexed by its own enum and their states
 * in a struct ui_views; a screen's file is the only one that reads its
 * state (the app gives it out through ui_views_state), and other files
 * reach it through that file's functions.
 *
 * Every callback gets the app's model (void *app) first, as the
 * callbacks of struct ui_app_ops do.
 */
#ifndef BAEDAL_UI_VIEW_H
#define BAEDAL_UI_VIEW_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "ui_keys.h"
#include "ui_widgets.h"

/* A screen. Every hook may be NULL but draw and key. */
struct ui_view {
	const char *title;          /* for the header and the help screen */
	const struct ui_key *keys;  /* the screen's own bindings */
	size_t n_keys;
	/* (Re)load the screen's data: on entering it, on a reload key,
	 * when the backend comes back. */
	void (*open)(void *app);
	/* Draw into body (the rows the app leaves to its screens). */
	void (*draw)(void *app, struct ui_rect body);
	/* One of the screen's actions: from keys (the app may pass its
	 * shared keys' actions on too, as it documents). */
	void (*key)(void *app, int action);
	/* An event ({seq, type, ...}, borrowed), given to every screen,
	 * shown or not: each keeps its own state current or marks it for a
	 * reload. */
	void (*event)(void *app, const json_t *event);
	/* Once per loop iteration with now_ms(), to every screen. */
	void (*tick)(void *app, int64_t now);
	/* The screen's list, for the app's shared list keys; NULL: none. */
	struct ui_list *(*list)(void *app);
	/* The hint bar's label for k (an entry of keys with a label) now,
	 * or NULL to leave it out, so the bar offers only what applies. */
	const char *(*label)(void *app, const struct ui_key *k);
	/* The size of the screen's own state (0: none), allocated zeroed
	 * at start; init (may be NULL) sets it up once, release (may be
	 * NULL) frees what it holds, at exit. */
	size_t state_size;
	void (*init)(void *state);
	void (*release)(void *state);
};

/* A modal dialog over a screen. Its state belongs to the screen that
 * opens it (or to the app); draw and key are required. */
struct ui_dialog {
	const char *title;
	const struct ui_key *keys;
	size_t n_keys;
	void (*draw)(void *app);
	/* action is from keys, or -1 for an unbound key ch (text input). */
	void (*key)(void *app, int action, int ch);
	/* Once per loop iteration while it is up; may be NULL. */
	void (*tick)(void *app, int64_t now);
};

/* An app's screens and each one's own state. */
struct ui_views {
	const struct ui_view *const *views;  /* borrowed, n of them */
	size_t n;
	void **state;                        /* owned, state[i] may be NULL */
};

/*
 * Give each of views[0..n) (borrowed, static) its state: state_size
 * bytes, zeroed, then its init hook. Aborts when out of memory.
 */
void ui_views_init(struct ui_views *self, const struct ui_view *const *views,
    size_t n);

/* Screen i's state (borrowed), or NULL when it has none. */
void *ui_views_state(const struct ui_views *self, size_t i);

/* Give event (borrowed) to every screen's event hook. */
void ui_views_event(const struct ui_views *self, void *app,
    const json_t *event);

/* Give now to every screen's tick hook. */
void ui_views_tick(const struct ui_views *self, void *app, int64_t now);

/* Run each screen's release hook on its state and free the states;
 * self may be released again (a no-op). */
void ui_views_release(struct ui_views *self);

/*
 * Draw the hint bar of map at row y, cols wide (ui_help_hint_bar), where
 * map's first table is v's keys: with v's label hook, each of those keys
 * with a label shows the label the hook gives now (NULL: left out).
 */
void ui_view_hint_bar(const struct ui_view *v, void *app,
    const struct ui_keymap *map, int y, int cols);

#endif
