/*
 * ui_confirm.h: the yes/no dialog both apps ask with (cancel an order,
 * quit with a full cart, close the shop). The dialog holds its question;
 * the app keeps what to do on each answer and looks keys up in a table
 * made with UI_CONFIRM_KEYS, so y/Enter and n/Esc/q mean the same in
 * both apps while each names the answers its own way.
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

#endif
