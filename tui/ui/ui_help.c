/*
 * ui_help.c: the help screen and the hint bar, drawn from a view's key
 * table (see ui_help.h). It reads the tables; ui_keys.c never draws.
 */
#include "ui_help.h"

#include <stdio.h>
#include <string.h>

#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "ui_widgets.h"

/* The keys column of the help screen: "Down/j". */
#define KEYS_COL_MAX 64

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

/* The widest keys column and help sentence of map, and its rows. */
static void
help_measure(const struct ui_keymap *map, int *kw, int *hw, int *rows)
{
	char keys[KEYS_COL_MAX];
	size_t i;

	*kw = *hw = *rows = 0;
	for (; map != NULL; map = map->next)
		for (i = 0; i < map->n; i++) {
			if (map->keys[i].help == NULL)
				continue;
			keys_join(map->keys, map->n, map->keys[i].action, keys,
			    sizeof keys);
			if (ui_text_width(keys) > *kw)
				*kw = ui_text_width(keys);
			if (ui_text_width(_(map->keys[i].help)) > *hw)
				*hw = ui_text_width(_(map->keys[i].help));
			(*rows)++;
		}
}

void
ui_help_open(struct ui_help *self)
{
	self->up = 1;
	self->top = 0;
	self->top_max = 0;
}

int
ui_help_key(struct ui_help *self, int ch)
{
	int page = LINES > 12 ? LINES - 10 : 1;

	if (self->top_max > 0) {
		switch (ch) {
		case KEY_DOWN: case 'j': self->top++; break;
		case KEY_UP: case 'k': self->top--; break;
		case KEY_NPAGE: case ' ': self->top += page; break;
		case KEY_PPAGE: self->top -= page; break;
		case KEY_HOME: case 'g': self->top = 0; break;
		case KEY_END: case 'G': self->top = self->top_max; break;
		default: goto close;
		}
		if (self->top < 0)
			self->top = 0;
		if (self->top > self->top_max)
			self->top = self->top_max;
		return 1;
	}
close:
	self->up = 0;
	return 0;
}

void
ui_help_draw(struct ui_help *self, const char *title,
    const struct ui_keymap *map)
{
	static const char *footer = N_("아무 키나 누르면 닫힙니다");
	static const char *scroll_footer = N_("j/k ↑↓ PgUp/PgDn: 더 보기 · "
	    "다른 키는 닫기");
	const struct ui_keymap *m;
	char keys[KEYS_COL_MAX], more[96];
	struct ui_rect r;
	int kw, hw, rows, w, row, y, fit;
	size_t i;

	help_measure(map, &kw, &hw, &rows);
	w = kw + 2 + hw;
	if (w < ui_text_width(_(scroll_footer)))
		w = ui_text_width(_(scroll_footer));
	/* Border, a blank row, the rows, a blank row, the footer, border. */
	r = ui_rect_centered(rows + 5, w + 4);
	ui_draw_box(r, ui_attr(UI_COLOR_NORMAL), title);
	if (r.w <= 4)
		return;
	if (kw > r.w - 4)
		kw = r.w - 4;
	/* Too small a terminal for every key: the list scrolls, its first
	 * rows (the table's most important keys) shown first, and the last
	 * row says how many more there are. */
	fit = r.h - 5;
	self->top_max = 0;
	if (rows > fit && fit > 1) {
		fit--;
		self->top_max = rows - fit;
		if (self->top > self->top_max)
			self->top = self->top_max;
		snprintf(more, sizeof more, "%s %d–%d / %d%s",
		    self->top > 0 ? "↑" : " ", self->top + 1, self->top + fit,
		    rows, self->top < self->top_max ? " ↓ (j/k)" : "");
		ui_draw_text(r.y + 2 + fit, r.x + 2, r.w - 4, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_DIM), more);
	} else
		self->top = 0;
	row = 0;
	for (m = map; m != NULL; m = m->next)
		for (i = 0; i < m->n; i++) {
			if (m->keys[i].help == NULL)
				continue;
			if (row < self->top || row >= self->top + fit) {
				row++;
				continue;
			}
			y = r.y + 2 + row++ - self->top;
			keys_join(m->keys, m->n, m->keys[i].action, keys,
			    sizeof keys);
			ui_draw_text(y, r.x + 2, kw, UI_ALIGN_LEFT,
			    ui_attr(UI_COLOR_KEY), keys);
			ui_draw_text(y, r.x + 2 + kw + 2, r.w - 4 - kw - 2,
			    UI_ALIGN_LEFT, ui_attr(UI_COLOR_NORMAL),
			    _(m->keys[i].help));
		}
	ui_draw_text(r.y + r.h - 2, r.x + 2, r.w - 4, UI_ALIGN_CENTER,
	    ui_attr(UI_COLOR_DIM),
	    _(self->top_max > 0 ? scroll_footer : footer));
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
ui_help_hint_bar(int y, const struct ui_keymap *map, int cols)
{
	int bar = ui_attr(UI_COLOR_STATUSBAR), x = 0, nw, lw;
	const struct ui_key *k;
	char name[32];
	size_t i;

	ui_draw_text(y, 0, cols, UI_ALIGN_LEFT, bar, "");
	for (; map != NULL; map = map->next)
		for (i = 0; i < map->n; i++) {
			k = &map->keys[i];
			if (k->label == NULL || hint_shown_before(map->keys, i))
				continue;
			ui_keys_name(k->key, name, sizeof name);
			nw = ui_text_width(name);
			lw = ui_text_width(_(k->label));
			if (x + nw + 1 + lw > cols)
				return;
			ui_draw_text(y, x, nw, UI_ALIGN_LEFT, bar | A_BOLD,
			    name);
			ui_draw_text(y, x + nw + 1, lw, UI_ALIGN_LEFT, bar,
			    _(k->label));
			x += nw + 1 + lw + 2;
		}
}
