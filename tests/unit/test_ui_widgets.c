/*
 * test_ui_widgets.c: the terminal-free parts of the widget layer: key
 * tables, the list, the text input, the choice list and status colours.
 * Prints "ok - name" / "not ok - name" per check; exits 1 if any failed.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ui_keys.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "ui_widgets.h"
#include "util.h"

enum { ACT_QUIT, ACT_DOWN, ACT_OPEN };

static const struct ui_key keys[] = {
	UI_KEY('q', "Quit", "Quit the program", ACT_QUIT),
	UI_KEY(KEY_DOWN, NULL, "Move down", ACT_DOWN),
	UI_KEY_ALIAS('j', ACT_DOWN),
	UI_KEY('\n', "Open", "Open the order", ACT_OPEN),
};

static void
test_keys(void)
{
	char name[32];

	check(ui_keys_lookup(keys, ARRAY_LEN(keys), 'q') == ACT_QUIT,
	    "lookup finds a key");
	check(ui_keys_lookup(keys, ARRAY_LEN(keys), 'j') == ACT_DOWN &&
	    ui_keys_lookup(keys, ARRAY_LEN(keys), KEY_DOWN) == ACT_DOWN,
	    "lookup finds the arrow and its vi alias");
	check(ui_keys_lookup(keys, ARRAY_LEN(keys), 'x') == -1,
	    "lookup of an unbound key is -1");
	check(ui_keys_lookup(keys, ARRAY_LEN(keys), '\r') == ACT_OPEN &&
	    ui_keys_lookup(keys, ARRAY_LEN(keys), KEY_ENTER) == ACT_OPEN,
	    "lookup maps CR and KEY_ENTER to a newline binding");
	check(ui_keys_char('a') == 'a', "char of an ASCII key");
	check(ui_keys_char(UI_KEY_WCHAR | 0xD55C) == 0xD55C,
	    "char of a Hangul key");
	check(ui_keys_char(KEY_DOWN) == 0 && ui_keys_char('\n') == 0 &&
	    ui_keys_char(ERR) == 0, "function and control keys are no char");
	check(strcmp(ui_keys_name('\n', name, sizeof name), "Enter") == 0,
	    "name of Enter");
	check(strcmp(ui_keys_name(UI_KEY_CTRL('x'), name, sizeof name),
	    "^X") == 0, "name of a control key");
	check(strcmp(ui_keys_name(KEY_F(2), name, sizeof name), "F2") == 0,
	    "name of a function key");
	check(strcmp(ui_keys_name(UI_KEY_WCHAR | 0xD55C, name, sizeof name),
	    "한") == 0, "name of a Hangul key");
}

static void
test_list(void)
{
	struct ui_list l = { 0 };

	ui_list_set_count(&l, 0);
	ui_list_move(&l, 1);
	check(l.selected == 0 && l.top == 0, "empty list stays at 0");
	ui_list_set_count(&l, 20);
	ui_list_move(&l, 12);
	ui_list_scroll(&l, 5);
	check(l.selected == 12 && l.top == 8, "scroll keeps selection at bottom");
	ui_list_move(&l, -10);
	ui_list_scroll(&l, 5);
	check(l.selected == 2 && l.top == 2, "scroll keeps selection at top");
	ui_list_move(&l, 1 << 30);
	check(l.selected == 19, "move clamps to the last row");
	ui_list_move(&l, -(1 << 30));
	check(l.selected == 0, "move clamps to the first row");
	ui_list_select(&l, 19);
	ui_list_scroll(&l, 5);
	ui_list_set_count(&l, 3);
	ui_list_scroll(&l, 5);
	check(l.selected == 2 && l.top == 0, "shrinking clamps selection and top");
}

static void
test_input(void)
{
	struct ui_input in;

	ui_input_init(&in, 7);
	check(strcmp(ui_input_text(&in), "") == 0, "input starts empty");
	ui_input_key(&in, 'a');
	ui_input_key(&in, UI_KEY_WCHAR | 0xD55C);
	ui_input_key(&in, UI_KEY_WCHAR | 0xAE00);
	check(strcmp(ui_input_text(&in), "a한글") == 0, "input inserts Hangul");
	check(ui_input_insert(&in, 'b') == -1 &&
	    strcmp(ui_input_text(&in), "a한글") == 0,
	    "input refuses past its byte limit");
	check(ui_input_key(&in, KEY_BACKSPACE) == 1 &&
	    strcmp(ui_input_text(&in), "a한") == 0,
	    "backspace removes a whole Hangul syllable");
	check(ui_input_key(&in, '\n') == 0 && ui_input_key(&in, KEY_UP) == 0,
	    "input leaves Enter and Up to the caller");
	check(ui_input_insert(&in, '\t') == -1, "input refuses control chars");
	ui_input_set(&in, "x y\x01z");
	check(strcmp(ui_input_text(&in), "x yz") == 0,
	    "set drops control characters");
	ui_input_key(&in, UI_KEY_CTRL('w'));
	check(strcmp(ui_input_text(&in), "x ") == 0, "^W deletes a word");
	ui_input_key(&in, UI_KEY_CTRL('u'));
	check(ui_input_backspace(&in) == -1 && in.len == 0,
	    "^U at the end clears");
	ui_input_free(&in);
	ui_input_free(&in);
	check(in.text == NULL, "free twice is harmless");
}

/* The line editor: moving by character, editing in the middle. */
static void
test_input_edit(void)
{
	struct ui_input in;

	ui_input_init(&in, 0);
	ui_input_set(&in, "마포구 1");
	check(in.cur == in.len, "set puts the cursor at the end");
	ui_input_key(&in, KEY_HOME);
	ui_input_key(&in, UI_KEY_WCHAR | 0xC11C); /* 서 */
	check(strcmp(ui_input_text(&in), "서마포구 1") == 0,
	    "Home, then typing inserts at the start");
	ui_input_key(&in, KEY_RIGHT);
	ui_input_key(&in, KEY_RIGHT);
	ui_input_key(&in, KEY_DC);
	check(strcmp(ui_input_text(&in), "서마포 1") == 0,
	    "Right moves by a whole Hangul syllable; Delete takes the one "
	    "under the cursor");
	ui_input_key(&in, KEY_LEFT);
	ui_input_key(&in, KEY_BACKSPACE);
	check(strcmp(ui_input_text(&in), "서포 1") == 0,
	    "Backspace in the middle takes the one before the cursor");
	ui_input_key(&in, UI_KEY_CTRL('e'));
	ui_input_key(&in, '2');
	check(strcmp(ui_input_text(&in), "서포 12") == 0, "^E goes to the end");
	ui_input_key(&in, UI_KEY_CTRL('a'));
	ui_input_key(&in, KEY_RIGHT);
	ui_input_key(&in, UI_KEY_CTRL('k'));
	check(strcmp(ui_input_text(&in), "서") == 0, "^K cuts to the end");
	ui_input_set(&in, "서울 마포");
	ui_input_key(&in, KEY_LEFT);
	ui_input_key(&in, UI_KEY_CTRL('u'));
	check(strcmp(ui_input_text(&in), "포") == 0 && in.cur == 0,
	    "^U cuts to the start");
	ui_input_set(&in, "서울 마포구");
	ui_input_key(&in, KEY_LEFT);
	ui_input_key(&in, UI_KEY_CTRL('w'));
	check(strcmp(ui_input_text(&in), "서울 구") == 0,
	    "^W cuts the word before the cursor");
	check(ui_input_key(&in, KEY_LEFT) == 1 && ui_input_key(&in, KEY_END)
	    == 1 && ui_input_key(&in, KEY_DOWN) == 0,
	    "moving keys are the field's, Down is the caller's");
	ui_input_key(&in, KEY_HOME);
	check(ui_input_backspace(&in) == -1, "Backspace at the start: none");
	ui_input_free(&in);
}

static void
test_choice(void)
{
	struct ui_choice_item items[] = {
		{ UI_CHOICE_HEADER, 0, "Size", NULL, 0, 0 },
		{ UI_CHOICE_RADIO, 1, "Regular", NULL, 0, 0 },
		{ UI_CHOICE_RADIO, 1, "Large", "+2,000원", 0, 0 },
		{ UI_CHOICE_HEADER, 0, "Extras", NULL, 0, 0 },
		{ UI_CHOICE_CHECK, 0, "Cheese", "+500원", 0, 1 },
		{ UI_CHOICE_CHECK, 0, "Cola", "+1,500원", 0, 0 },
	};
	struct ui_choice c;

	ui_choice_init(&c, items, ARRAY_LEN(items));
	check(c.list.selected == 1, "choice selects the first option");
	check(ui_choice_missing_group(&c) == 1, "radio group 1 is missing");
	ui_choice_toggle(&c);
	ui_choice_move(&c, 1);
	ui_choice_toggle(&c);
	check(!items[1].checked && items[2].checked,
	    "radio options exclude each other");
	check(ui_choice_missing_group(&c) == -1, "all groups chosen");
	ui_choice_move(&c, 1);
	check(c.list.selected == 5, "move skips headers and disabled rows");
	ui_choice_toggle(&c);
	ui_choice_toggle(&c);
	ui_choice_toggle(&c);
	check(items[5].checked, "check box toggles");
	ui_choice_move(&c, 10);
	check(c.list.selected == 5, "move stops at the last option");
	ui_choice_move(&c, -10);
	check(c.list.selected == 1, "move stops at the first option");
}

static void
test_theme(void)
{
	check(ui_status_color("PAID") == UI_COLOR_ORDER_NEW &&
	    ui_status_color("COOKING") == UI_COLOR_ORDER_ACTIVE &&
	    ui_status_color("DELIVERED") == UI_COLOR_ORDER_DONE &&
	    ui_status_color("REJECTED") == UI_COLOR_ORDER_CANCELLED,
	    "status colours");
	check(ui_status_color("nonsense") == UI_COLOR_NORMAL &&
	    ui_status_color(NULL) == UI_COLOR_NORMAL,
	    "unknown status is normal");
	check(ui_theme_monochrome() && ui_attr(UI_COLOR_SELECTED) != 0 &&
	    ui_attr(UI_COLOR_ORDER_NEW) != ui_attr(UI_COLOR_ORDER_CANCELLED),
	    "monochrome attributes still tell meanings apart");
	check(ui_attr((enum ui_color)999) == 0, "unknown colour is normal");
}

/* The shared list keys, and a screen's table falling back on them. */
static void
test_list_keys(void)
{
	static const struct ui_key own[] = {
		UI_KEY('j', "Jump", "Jump somewhere", 1),
		UI_KEY('x', "Delete", "Delete it", 2),
	};
	const struct ui_keymap list = { ui_list_keys, UI_LIST_KEYS_N, NULL };
	const struct ui_keymap screen = { own, 2, &list };
	struct ui_list l = { 0 };

	check(ui_keymap_lookup(&screen, 'x') == 2, "a screen's own key wins");
	check(ui_keymap_lookup(&screen, 'j') == 1,
	    "the screen's table is asked before the shared one");
	check(ui_keymap_lookup(&screen, KEY_NPAGE) == UI_LIST_PGDN,
	    "PgDn falls back on the shared list keys");
	check(ui_keymap_lookup(&screen, 'z') == -1, "an unbound key is -1");
	check(ui_keymap_lookup(&list, KEY_ENTER) == -1,
	    "the list keys bind no Enter");
	ui_list_set_count(&l, 30);
	check(ui_list_key(&l, UI_LIST_PGDN, 10) && l.selected == 10,
	    "PgDn moves a page");
	check(ui_list_key(&l, UI_LIST_BOTTOM, 10) && l.selected == 29,
	    "End goes to the last row");
	check(ui_list_key(&l, UI_LIST_PGUP, 10) && l.selected == 19,
	    "PgUp moves a page back");
	check(ui_list_key(&l, UI_LIST_TOP, 10) && l.selected == 0,
	    "Home goes to the first row");
	check(!ui_list_key(&l, 2, 10) && l.selected == 0,
	    "another action is not the list's");
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_list_keys();
	test_keys();
	test_list();
	test_input();
	test_input_edit();
	test_choice();
	test_theme();
	return check_status();
}
