/*
 * ui_help.h: what a key table shows a person: the help screen (every
 * action with its keys and sentence) and the one-line hint bar.
 */
#ifndef BAEDAL_UI_HELP_H
#define BAEDAL_UI_HELP_H

#include <stddef.h>

#include "ui_keys.h"

/*
 * Draw a boxed help screen centred on stdscr: one row per action with a
 * help sentence (every table of map, in order), its keys on the left, and
 * a "press any key" line. Only
 * draws: the view keeps a "help shown" flag and closes it on the next key.
 */
void ui_help_draw(const char *title, const struct ui_keymap *map);

/*
 * Draw a one-line hint bar "q Quit  Enter Open ..." at row y, columns
 * [0, cols), from the entries with a label, in map's order; items that do
 * not fit are left out. The whole row gets UI_COLOR_STATUSBAR.
 */
void ui_help_hint_bar(int y, const struct ui_keymap *map, int cols);

#endif
