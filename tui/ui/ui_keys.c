/*
 * ui_keys.c: reading keys, looking them up in a view's table, and the help
 * screen and hint bar generated from the same table.
 */
#include "ui_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_text.h"
#include "ui_theme.h"
#include "ui_widgets.h"
#include "util.h"

/* The keys column of the help screen: "Down/j". */
#define KEYS_COL_MAX 64

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

/* The names of every key bound to action, joined by '/', without
 * repeating a name, into buf. */
static void
keys_join(const struct ui_key *table, size_t n, int action, char *buf,
    size_t len)
{
	char name[32], *seen;
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (table[i].action != action)
			continue;
		ui_keys_name(table[i].key, name, sizeof name);
		/* Skip a name already in the list (as a whole item). */
		seen = strstr(buf, name);
		if (seen != NULL && (seen == buf || seen[-1] == '/') &&
		    (seen[strlen(name)] == '\0' || seen[strlen(name)] == '/'))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    used > 0 ? "/" : "", name);
		if (used >= len)
			return;
	}
}

void
ui_keys_draw_help(const char *title, const struct ui_key *table, size_t n)
{
	static const char *footer = "아무 키나 누르면 닫힙니다 · any key closes";
	char keys[KEYS_COL_MAX];
	struct ui_rect r;
	int kw = 0, hw = 0, rows = 0, w, row, y, fit;
	size_t i;

	for (i = 0; i < n; i++) {
		if (table[i].help == NULL)
			continue;
		keys_join(table, n, table[i].action, keys, sizeof keys);
		if (ui_text_width(keys) > kw)
			kw = ui_text_width(keys);
		if (ui_text_width(table[i].help) > hw)
			hw = ui_text_width(table[i].help);
		rows++;
	}
	w = kw + 2 + hw;
	if (w < ui_text_width(footer))
		w = ui_text_width(footer);
	/* Border, a blank row, the rows, a blank row, the footer, border. */
	r = ui_rect_centered(rows + 5, w + 4);
	ui_draw_box(r, ui_attr(UI_COLOR_NORMAL), title);
	if (r.w <= 4)
		return;
	if (kw > r.w - 4)
		kw = r.w - 4;
	/* Too small a terminal for every key: say how many are hidden
	 * rather than cut the list silently. */
	fit = r.h - 5;
	if (rows > fit && fit > 0) {
		char more[96];

		snprintf(more, sizeof more, "… %d more: enlarge the terminal "
		    "(창을 키우면 다 보입니다)", rows - (fit - 1));
		ui_draw_text(r.y + 2 + fit - 1, r.x + 2, r.w - 4,
		    UI_ALIGN_LEFT, ui_attr(UI_COLOR_DIM), more);
		fit--;
	}
	row = 0;
	for (i = 0; i < n && row < fit; i++) {
		if (table[i].help == NULL)
			continue;
		y = r.y + 2 + row++;
		keys_join(table, n, table[i].action, keys, sizeof keys);
		ui_draw_text(y, r.x + 2, kw, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_KEY), keys);
		ui_draw_text(y, r.x + 2 + kw + 2, r.w - 4 - kw - 2,
		    UI_ALIGN_LEFT, ui_attr(UI_COLOR_NORMAL), table[i].help);
	}
	ui_draw_text(r.y + r.h - 2, r.x + 2, r.w - 4, UI_ALIGN_CENTER,
	    ui_attr(UI_COLOR_DIM), footer);
}

/* 1 when an earlier entry already shows action in the hint bar. */
static int
hint_shown_before(const struct ui_key *table, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++) {
		if (table[j].action == table[i].action &&
		    table[j].label != NULL)
			return 1;
	}
	return 0;
}

void
ui_keys_hint_bar(int y, const struct ui_key *table, size_t n, int cols)
{
	int bar = ui_attr(UI_COLOR_STATUSBAR), x = 0, nw, lw;
	char name[32];
	size_t i;

	ui_draw_text(y, 0, cols, UI_ALIGN_LEFT, bar, "");
	for (i = 0; i < n; i++) {
		if (table[i].label == NULL || hint_shown_before(table, i))
			continue;
		ui_keys_name(table[i].key, name, sizeof name);
		nw = ui_text_width(name);
		lw = ui_text_width(table[i].label);
		if (x + nw + 1 + lw > cols)
			break;
		ui_draw_text(y, x, nw, UI_ALIGN_LEFT, bar | A_BOLD, name);
		ui_draw_text(y, x + nw + 1, lw, UI_ALIGN_LEFT, bar,
		    table[i].label);
		x += nw + 1 + lw + 2;
	}
}
