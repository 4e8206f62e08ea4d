/*
 * ui_searchline.h: the `/` search line of a list screen, in both apps.
 *
 * `/` opens it (the screen's key calls ui_searchline_start); while it is
 * being edited every key goes to it first: the line editor's keys
 * (ui_input.h) change the query and the list filters as one types, Esc
 * clears it and closes it, Enter closes it and keeps the filter. Keys it
 * does not take (Up, Down, Page keys) are the list's. Matching is
 * ui_search_match (ui_search.h): substrings and 초성.
 */
#ifndef BAEDAL_UI_SEARCHLINE_H
#define BAEDAL_UI_SEARCHLINE_H

#include "ui_input.h"

/* Zeroed is a closed, empty line. */
struct ui_searchline {
	struct ui_input in;
	int ready;    /* in is initialised */
	int editing;  /* keys go to the line */
};

/* What a key did to the line. */
enum ui_searchline_result {
	UI_SEARCH_NOT_MINE,  /* not the line's key: the caller's */
	UI_SEARCH_KEPT,      /* the line took it; the query is unchanged */
	UI_SEARCH_CHANGED,   /* the query changed: filter again */
};

/* Open the line for editing (the query stays). */
void ui_searchline_start(struct ui_searchline *self);
/* Apply key ch while editing (see above); UI_SEARCH_NOT_MINE when not
 * editing. */
enum ui_searchline_result ui_searchline_key(struct ui_searchline *self,
    int ch);
/* The query (borrowed; "" when none). */
const char *ui_searchline_query(const struct ui_searchline *self);
/* 1 when the line takes a row: being edited or holding a query. */
int ui_searchline_shown(const struct ui_searchline *self);
/* 1 when name matches the query (always with no query). */
int ui_searchline_match(const struct ui_searchline *self, const char *name);
/* Draw the line at (y, x), cols wide: "/ query" and, while editing, the
 * editor's cursor; shown matches out of total at the right. */
void ui_searchline_draw(const struct ui_searchline *self, int y, int x,
    int cols, int shown, int total);
/* Free the query. Accepts a line never started. */
void ui_searchline_free(struct ui_searchline *self);

#endif
