/*
 * ui_widgets.h: drawing helpers and small widget models shared by the
 * apps: fitted text, boxes, dialogs, a scrolling list, a one-line text
 * input and a choice list (radio groups and check boxes).
 *
 * Models (ui_list, ui_input, ui_choice) hold state only and need no
 * terminal; the *_draw functions draw on stdscr and never refresh: the
 * event loop (ui_app_run) refreshes once after the view's draw.
 */
#ifndef BAEDAL_UI_WIDGETS_H
#define BAEDAL_UI_WIDGETS_H

#include <stddef.h>
#include <stdint.h>

#include "ui_input.h"
#include "ui_keys.h"

/* A rectangle on the screen: top row, left column, rows, columns. */
struct ui_rect {
	int y, x, h, w;
};

/* Draw utf8 at (y, x) fitted to exactly cols columns (ui_text_fit: padded
 * by align, cut with "…"), in attr; clipped to the screen's right edge. */
void ui_draw_text(int y, int x, int cols, int align, int attr,
    const char *utf8);

/* The same with printf formatting. */
void ui_draw_textf(int y, int x, int cols, int align, int attr,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* A rectangle of h x w centred on stdscr, shrunk to fit the screen. */
struct ui_rect ui_rect_centered(int h, int w);

/* Clear r, draw its border in attr, and title (may be NULL) centred in the
 * top border. */
void ui_draw_box(struct ui_rect r, int attr, const char *title);

/*
 * A centred dialog: a box titled title, the n lines (borrowed UTF-8) one
 * per row, then extra_rows empty rows; at least min_w columns inside.
 * Returns the rectangle of the extra rows, inside the border, for the
 * caller to draw an input or a choice into (h == 0 when extra_rows == 0
 * or the screen is too small).
 */
struct ui_rect ui_dialog_draw(const char *title, const char *const *lines,
    size_t n, int extra_rows, int min_w);

/*
 * A scrolling list: count rows, the selected one, and the first one shown.
 * Zero-initialise it ({0}). selected is 0 when count is 0.
 */
struct ui_list {
	int count;
	int selected;
	int top;
};

/* Set the number of rows, keeping the selection inside [0, count). */
void ui_list_set_count(struct ui_list *self, int count);
/* Select index, clamped to the rows. */
void ui_list_select(struct ui_list *self, int index);
/* Move the selection by delta rows (page: +-height; ends: +-count). */
void ui_list_move(struct ui_list *self, int delta);

/* The list keys every list screen shares (a table to chain after a
 * screen's own, see struct ui_keymap), and their actions. */
enum ui_list_action {
	UI_LIST_DOWN = 900, UI_LIST_UP, UI_LIST_PGDN, UI_LIST_PGUP,
	UI_LIST_TOP, UI_LIST_BOTTOM
};
#define UI_LIST_KEYS_N 12
extern const struct ui_key ui_list_keys[UI_LIST_KEYS_N];

/* Apply a list action to self, page rows at a time for PgUp/PgDn.
 * Returns 1 when action is one of enum ui_list_action, else 0. */
int ui_list_key(struct ui_list *self, int action, int page);
/* Adjust top so that the selection shows in a window of height rows, and
 * no rows are left empty at the bottom when the list could fill them. */
void ui_list_scroll(struct ui_list *self, int height);

/* Draws row index of the list at (y, x), w columns wide; selected is 1 for
 * the selected row (draw it with UI_COLOR_SELECTED). */
typedef void (*ui_list_row_fn)(void *ctx, int index, int y, int x, int w,
    int selected);

/* Scroll to the selection, then call row for each visible row of r. */
void ui_list_draw(struct ui_list *self, struct ui_rect r, ui_list_row_fn row,
    void *ctx);

/* A row of a choice list. */
enum ui_choice_kind {
	UI_CHOICE_HEADER, /* a group title; cannot be selected */
	UI_CHOICE_RADIO,  /* exactly one per group may be checked */
	UI_CHOICE_CHECK   /* any number may be checked */
};

struct ui_choice_item {
	int kind;          /* enum ui_choice_kind */
	int group;         /* radio items with the same group exclude each other */
	const char *label; /* borrowed */
	const char *note;  /* borrowed, right-aligned ("+500원"), or NULL */
	int checked;
	int disabled;      /* shown dim, cannot be checked (sold out) */
};

/* A choice list over the caller's items (borrowed, not copied). */
struct ui_choice {
	struct ui_choice_item *items;
	size_t n;
	struct ui_list list;
};

/* Borrow items[0..n) and select the first selectable row. */
void ui_choice_init(struct ui_choice *self, struct ui_choice_item *items,
    size_t n);
/* Move by delta selectable rows (headers and disabled rows are skipped). */
void ui_choice_move(struct ui_choice *self, int delta);
/* Check the selected radio (unchecking its group) or toggle the selected
 * check box. Returns 0, or -1 when the row is a header or disabled. */
int ui_choice_toggle(struct ui_choice *self);
/* The first radio group with nothing checked, or -1 when all are chosen. */
int ui_choice_missing_group(const struct ui_choice *self);
/* Draw the rows into r, scrolled to the selection. */
void ui_choice_draw(struct ui_choice *self, struct ui_rect r);

#endif
