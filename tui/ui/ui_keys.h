/*
 * ui_keys.h: key bindings as data. Each view has a table of struct ui_key;
 * lookup here, the help screen and the hint bar (ui_help.h) are all
 * generated from it, so adding a binding touches one line.
 *
 * Key values (what ui_keys_read returns and ops->key receives):
 *   - ASCII characters and control codes as themselves ('j', '\n', 27);
 *   - curses function keys as KEY_* codes (KEY_DOWN, KEY_F(1), KEY_RESIZE);
 *   - any other character (Hangul...) as UI_KEY_WCHAR | code point, so it
 *     never collides with a KEY_* code. ui_keys_char() gives it back.
 *
 * Table convention: one UI_KEY entry per action carries the label (for the
 * hint bar, NULL to leave it out) and the help sentence (for the help
 * screen); its other keys are UI_KEY_ALIAS entries with the same action.
 * The help screen shows all keys of an action together ("Down/j").
 *
 *   static const struct ui_key list_keys[] = {
 *       UI_KEY('q', "Quit", "Quit the program", ACT_QUIT),
 *       UI_KEY(KEY_DOWN, NULL, "Move down", ACT_DOWN),
 *       UI_KEY_ALIAS('j', ACT_DOWN),
 *       UI_KEY('\n', "Open", "Open the selected order", ACT_OPEN),
 *       UI_KEY('?', "Help", "Show this help", ACT_HELP),
 *   };
 *
 * Enter: KEY_ENTER and '\r' also find a '\n' binding, so bind '\n' only.
 */
#ifndef BAEDAL_UI_KEYS_H
#define BAEDAL_UI_KEYS_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>

struct ui_key {
	int key;           /* a key value, see above */
	const char *label; /* short word for the hint bar, or NULL */
	const char *help;  /* sentence for the help screen, or NULL */
	int action;        /* the view's own action number, >= 0 */
};

#define UI_KEY(k, label, help, action) { (k), (label), (help), (action) }
#define UI_KEY_ALIAS(k, action) { (k), NULL, NULL, (action) }
#define UI_KEY_CTRL(c) ((c) & 0x1f)
#define UI_KEY_ESC 27
#define UI_KEY_WCHAR 0x01000000

/*
 * Read one key from stdscr (get_wch, so a Hangul syllable comes as one
 * key). Returns a key value, or ERR when none is waiting (nodelay).
 */
int ui_keys_read(void);

/* The printable character (code point) key value ch stands for, or 0 for
 * function keys, control codes and ERR. */
uint32_t ui_keys_char(int ch);

/* The action bound to ch in table[0..n), or -1 when none. */
int ui_keys_lookup(const struct ui_key *table, size_t n, int ch);

/*
 * A screen's bindings as a chain of tables, as tig's keymaps: its own
 * table first, then shared ones (the list keys, the app's global keys)
 * that it falls back on. The help screen and hint bar read the chain in
 * order; action numbers are each table's own, so keep them apart.
 */
struct ui_keymap {
	const struct ui_key *keys;
	size_t n;
	const struct ui_keymap *next;  /* falls back on this; NULL ends */
};

/* A one-table keymap for table[0..n), as an expression. */
#define UI_KEYMAP_OF(table, n) (&(const struct ui_keymap){ (table), (n), NULL })

/* The action the first table of map that binds ch gives it, or -1. */
int ui_keymap_lookup(const struct ui_keymap *map, int ch);

/* A short name for key value ch ("Enter", "Down", "^X", "F1", "q") into
 * buf (always terminated); returns buf. */
const char *ui_keys_name(int ch, char *buf, size_t n);

#endif
