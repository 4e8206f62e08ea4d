/*
 * ui_keys.c: reading keys, looking them up in a view's table and naming
 * them. Data only: the help screen and hint bar drawn from the tables are
 * in ui_help.c.
 */
#include "ui_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_text.h"
#include "util.h"

int
ui_keys_read(void)
{
	wint_t wc;
	int rc = get_wch(&wc);

	if (rc == ERR)
		return ERR;
	if (rc == KEY_CODE_YES || wc < 0x80)
		return (int)wc;
	if (wc > 0x10FFFF)
		return ERR;
	return UI_KEY_WCHAR | (int)wc;
}

uint32_t
ui_keys_char(int ch)
{
	uint32_t cp;

	if (ch >= 0x20 && ch < 0x7F)
		return (uint32_t)ch;
	if (ch < 0 || !(ch & UI_KEY_WCHAR))
		return 0;
	cp = (uint32_t)(ch & ~UI_KEY_WCHAR);
	if (cp < 0xA0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return cp;
}

static int
keys_find(const struct ui_key *table, size_t n, int ch)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (table[i].key == ch)
			return table[i].action;
	}
	return -1;
}

int
ui_keys_lookup(const struct ui_key *table, size_t n, int ch)
{
	int action = keys_find(table, n, ch);

	if (action < 0 && (ch == KEY_ENTER || ch == '\r'))
		action = keys_find(table, n, '\n');
	return action;
}

int
ui_keymap_lookup(const struct ui_keymap *map, int ch)
{
	int action = -1;

	for (; map != NULL && action < 0; map = map->next)
		action = ui_keys_lookup(map->keys, map->n, ch);
	return action;
}

const char *
ui_keys_name(int ch, char *buf, size_t n)
{
	static const struct {
		int key;
		const char *name;
	} names[] = {
		{ '\n', "Enter" }, { '\r', "Enter" }, { KEY_ENTER, "Enter" },
		{ UI_KEY_ESC, "Esc" }, { '\t', "Tab" }, { ' ', "Space" },
		{ KEY_BTAB, "S-Tab" }, { KEY_UP, "Up" }, { KEY_DOWN, "Down" },
		{ KEY_LEFT, "Left" }, { KEY_RIGHT, "Right" },
		{ KEY_PPAGE, "PgUp" }, { KEY_NPAGE, "PgDn" },
		{ KEY_HOME, "Home" }, { KEY_END, "End" },
		{ KEY_BACKSPACE, "Bksp" }, { 127, "Bksp" }, { KEY_DC, "Del" },
		{ KEY_IC, "Ins" },
	};
	char enc[5];
	uint32_t cp;
	size_t i;

	if (n == 0)
		return buf;
	for (i = 0; i < ARRAY_LEN(names); i++) {
		if (names[i].key == ch) {
			snprintf(buf, n, "%s", names[i].name);
			return buf;
		}
	}
	if (ch >= KEY_F(1) && ch <= KEY_F(63))
		snprintf(buf, n, "F%d", ch - KEY_F(0));
	else if (ch >= 0 && ch < 0x20)
		snprintf(buf, n, "^%c", ch + '@');
	else if ((cp = ui_keys_char(ch)) != 0) {
		enc[ui_text_encode(cp, enc)] = '\0';
		snprintf(buf, n, "%s", enc);
	} else if (ch >= KEY_MIN && ch <= KEY_MAX && keyname(ch) != NULL)
		snprintf(buf, n, "%s", keyname(ch));
	else
		snprintf(buf, n, "?");
	return buf;
}
