/*
 * ui_input.h: the one-line editor every text field of both apps uses
 * (address, card number, reject reason). The text is always valid UTF-8
 * of at most max bytes; the cursor sits between characters and moves by
 * character (a Hangul syllable is one, two cells wide):
 *
 *   Left / Right, Home / ^A, End / ^E   move
 *   Backspace, Delete / ^D              delete before / under the cursor
 *   ^K, ^U                              delete to the end / to the start
 *   ^W                                  delete the word before the cursor
 *   any printable character (a paste comes as many)   insert
 *
 * The draw places the terminal's own cursor on the field (see
 * ui_input_cursor), so an input method composes Hangul where it lands.
 */
#ifndef BAEDAL_UI_INPUT_H
#define BAEDAL_UI_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct ui_input {
	char *text;
	size_t len, cap, max;
	size_t cur;          /* the cursor, a byte offset in text */
};

/* Start empty with a limit of max bytes (0: 1024). Pair with _free. */
void ui_input_init(struct ui_input *self, size_t max);
/* Free the text; the struct may be initialised again. Accepts NULL. */
void ui_input_free(struct ui_input *self);
/* Replace the text with utf8 (invalid bytes and control characters
 * dropped, cut at max); the cursor goes to the end. */
void ui_input_set(struct ui_input *self, const char *utf8);
/* Empty the text. */
void ui_input_clear(struct ui_input *self);
/* Insert a printable character at the cursor; 0, or -1 (nothing
 * changes) for a control character, an invalid code point, or no room. */
int ui_input_insert(struct ui_input *self, uint32_t cp);
/* Remove the character before the cursor; 0, or -1 when there is none. */
int ui_input_backspace(struct ui_input *self);
/* The text, borrowed until the next change; never NULL. */
const char *ui_input_text(const struct ui_input *self);
/*
 * Apply key value ch (see ui_keys.h and the table above). Returns 1 when
 * ch is an editing or moving key (even if it changed nothing), 0 when it
 * is not (Enter, Esc, Up, Down, Tab: the caller's).
 */
int ui_input_key(struct ui_input *self, int ch);
/*
 * Draw the field at (y, x), cols wide, in attr: the part of the text
 * around the cursor, the cursor as a reverse cell, and the terminal's
 * cursor put there (ui_input_cursor).
 */
void ui_input_draw(const struct ui_input *self, int y, int x, int cols,
    int attr);
/*
 * Where the last ui_input_draw since the previous call put the cursor:
 * 1 with *y, *x set, or 0 when no field was drawn. The app loop calls it
 * after each draw to show the terminal's cursor there (or hide it).
 */
int ui_input_cursor(int *y, int *x);
/* Ask for the terminal's cursor at (y, x): a field drawn its own way
 * (the card number in groups) says where its cursor is. */
void ui_input_cursor_at(int y, int x);

#endif
