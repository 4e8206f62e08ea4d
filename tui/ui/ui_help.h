/*
 * ui_help.h: what a key table shows a person: the help screen (every
 * action with its keys and sentence) and the one-line hint bar.
 */
#ifndef BAEDAL_UI_HELP_H
#define BAEDAL_UI_HELP_H

#include <stddef.h>

#include "ui_keys.h"

/* A help screen: whether it is up, and how far it is scrolled. */
struct ui_help {
	int up;        /* shown */
	int top;       /* the first row shown */
	int top_max;   /* from the last draw: 0 when every row fits */
};

/* Put the help up, scrolled to its first row. */
void ui_help_open(struct ui_help *self);

/*
 * A key while the help is up. When its rows do not all fit, Down/j,
 * Up/k, PgDn/Space, PgUp, Home/g and End/G scroll and it returns 1; any
 * other key (every key, when all fits) takes the help down and it
 * returns 0 (the key is used up either way).
 */
int ui_help_key(struct ui_help *self, int ch);

/*
 * Draw a boxed help screen centred on stdscr: one row per action with a
 * help sentence (every table of map, in order, so a table's first keys
 * are its most important), its keys on the left, and a footer. When the
 * terminal is too small for every row the list scrolls from self->top
 * and its last row says which rows are shown of how many.
 */
void ui_help_draw(struct ui_help *self, const char *title,
    const struct ui_keymap *map);

/*
 * Draw a one-line hint bar "q Quit  Enter Open ..." at row y, columns
 * [0, cols), from the entries with a label, in map's order; items that do
 * not fit are left out. The whole row gets UI_COLOR_STATUSBAR.
 */
void ui_help_hint_bar(int y, const struct ui_keymap *map, int cols);

#endif
