/*
 * ui_confirm.h: the parts of a yes/no dialog (cancel an order, quit with
 * a full cart, close the shop). Each question is an entry of the one
 * dialog shape, a struct ui_dialog (ui_view.h), made with
 * UI_CONFIRM_DIALOG: a key table made with UI_CONFIRM_KEYS, so y/Enter
 * and n/Esc/q mean the same in both apps while each names the answers
 * its own way; a draw hook showing a struct ui_confirm (the question's
 * words); and a key hook of its own, which reads the answer with
 * ui_confirm_answer and does what it means. No answer is kept in the
 * model as a function pointer.
 */
#ifndef BAEDAL_UI_CONFIRM_H
#define BAEDAL_UI_CONFIRM_H

#include "ui_i18n.h"
#include "ui_keys.h"

/* The answers: the actions of a UI_CONFIRM_KEYS table. */
enum ui_confirm_answer { UI_CONFIRM_YES, UI_CONFIRM_NO };

/* A yes/no key table's entries: y (or Enter) answers yes, n (or Esc, q)
 * no; the labels and help sentences are for the hint bar and help. */
#define UI_CONFIRM_KEYS(yes, yes_help, no, no_help) \
	UI_KEY('y', (yes), (yes_help), UI_CONFIRM_YES), \
	UI_KEY_ALIAS('\n', UI_CONFIRM_YES), \
	UI_KEY('n', (no), (no_help), UI_CONFIRM_NO), \
	UI_KEY_ALIAS(UI_KEY_ESC, UI_CONFIRM_NO), \
	UI_KEY_ALIAS('q', UI_CONFIRM_NO)
#define UI_CONFIRM_KEYS_N 5

/* A yes/no struct ui_dialog's initializer: title, a UI_CONFIRM_KEYS
 * table keys (an array), and the draw and key hooks. */
#define UI_CONFIRM_DIALOG(title_, keys_, draw_, key_) { \
	.title = (title_), .keys = (keys_), \
	.n_keys = sizeof (keys_) / sizeof (keys_)[0], \
	.draw = (draw_), .key = (key_) }

/* The usual line of keys under the question. */
#define UI_CONFIRM_PROMPT N_("[y] 예     [n] 아니오")

/* A question: a title and up to three lines, copied. */
struct ui_confirm {
	char title[64];
	char lines[3][160];
	const char *prompt;  /* borrowed (static), or NULL */
};

/*
 * Set the question: title and lines (up to 3; NULL ends them, lines may
 * be NULL) are copied, prompt (a static string such as
 * UI_CONFIRM_PROMPT, or NULL for none) is drawn under them.
 */
void ui_confirm_set(struct ui_confirm *self, const char *title,
    const char *const *lines, const char *prompt);

/* Draw the question as a centred dialog over the screen. */
void ui_confirm_draw(const struct ui_confirm *self);

/*
 * The answer a yes/no dialog's key hook got as action (from a
 * UI_CONFIRM_KEYS table): UI_CONFIRM_YES, UI_CONFIRM_NO, or -1 for any
 * other key, after a notice asking for y or n (the dialog stays up).
 */
int ui_confirm_answer(int action);

#endif
