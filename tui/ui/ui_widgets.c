/*
 * ui_widgets.c: fitted text, boxes, dialogs, and the list, input and
 * choice widgets.
 */
#include "ui_widgets.h"

#include <curses.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_i18n.h"
#include "ui_keys.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

static int
clamp_int(long long v, int lo, int hi)
{
	if (v < lo)
		return lo;
	if (v > hi)
		return hi;
	return (int)v;
}

void
ui_draw_text(int y, int x, int cols, int align, int attr, const char *utf8)
{
	char *s;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS || cols <= 0)
		return;
	if (cols > COLS - x)
		cols = COLS - x;
	s = ui_text_fit(utf8, cols, align);
	attron(attr);
	mvaddstr(y, x, s);
	attroff(attr);
	free(s);
}

void
ui_draw_textf(int y, int x, int cols, int align, int attr, const char *fmt,
    ...)
{
	char line[512], *s = line;
	va_list ap;
	int len;

	/* One screen line nearly always fits; allocate for the rest. */
	va_start(ap, fmt);
	len = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if ((size_t)len >= sizeof line) {
		s = xmalloc((size_t)len + 1);
		va_start(ap, fmt);
		vsnprintf(s, (size_t)len + 1, fmt, ap);
		va_end(ap);
	}
	ui_draw_text(y, x, cols, align, attr, s);
	if (s != line)
		free(s);
}

struct ui_rect
ui_rect_centered(int h, int w)
{
	struct ui_rect r;

	r.h = clamp_int(h, 0, LINES);
	r.w = clamp_int(w, 0, COLS);
	r.y = (LINES - r.h) / 2;
	r.x = (COLS - r.w) / 2;
	return r;
}

void
ui_draw_box(struct ui_rect r, int attr, const char *title)
{
	char *t;
	int i, tw;

	if (r.h < 2 || r.w < 2)
		return;
	for (i = 0; i < r.h; i++)
		ui_draw_text(r.y + i, r.x, r.w, UI_ALIGN_LEFT, attr, "");
	attron(attr);
	mvaddch(r.y, r.x, ACS_ULCORNER);
	mvhline(r.y, r.x + 1, ACS_HLINE, r.w - 2);
	mvaddch(r.y, r.x + r.w - 1, ACS_URCORNER);
	mvvline(r.y + 1, r.x, ACS_VLINE, r.h - 2);
	mvvline(r.y + 1, r.x + r.w - 1, ACS_VLINE, r.h - 2);
	mvaddch(r.y + r.h - 1, r.x, ACS_LLCORNER);
	mvhline(r.y + r.h - 1, r.x + 1, ACS_HLINE, r.w - 2);
	mvaddch(r.y + r.h - 1, r.x + r.w - 1, ACS_LRCORNER);
	attroff(attr);
	if (title == NULL || title[0] == '\0' || r.w < 6)
		return;
	t = xasprintf(" %s ", title);
	tw = ui_text_width(t);
	if (tw > r.w - 4)
		tw = r.w - 4;
	ui_draw_text(r.y, r.x + (r.w - tw) / 2, tw, UI_ALIGN_LEFT,
	    attr | A_BOLD, t);
	free(t);
}

struct ui_rect
ui_dialog_draw(const char *title, const char *const *lines, size_t n,
    int extra_rows, int min_w)
{
	struct ui_rect r, inner;
	int w = min_w, lw, avail;
	size_t i;

	if (title != NULL && ui_text_width(title) + 2 > w)
		w = ui_text_width(title) + 2;
	for (i = 0; i < n; i++) {
		lw = ui_text_width(lines[i]);
		if (lw > w)
			w = lw;
	}
	if (extra_rows < 0)
		extra_rows = 0;
	r = ui_rect_centered(clamp_int((long long)n + extra_rows + 2, 0,
	    INT_MAX), w + 4);
	ui_draw_box(r, ui_attr(UI_COLOR_NORMAL), title);
	avail = r.h - 2;
	for (i = 0; i < n && (int)i < avail; i++)
		ui_draw_text(r.y + 1 + (int)i, r.x + 2, r.w - 4,
		    UI_ALIGN_LEFT, ui_attr(UI_COLOR_NORMAL), lines[i]);
	inner.y = r.y + 1 + (int)i;
	inner.x = r.x + 2;
	inner.w = r.w - 4 > 0 ? r.w - 4 : 0;
	inner.h = clamp_int(avail - (int)i, 0, extra_rows);
	if (inner.w == 0)
		inner.h = 0;
	return inner;
}

void
ui_list_select(struct ui_list *self, int index)
{
	self->selected = self->count > 0 ?
	    clamp_int(index, 0, self->count - 1) : 0;
}

void
ui_list_set_count(struct ui_list *self, int count)
{
	self->count = count > 0 ? count : 0;
	ui_list_select(self, self->selected);
}

void
ui_list_move(struct ui_list *self, int delta)
{
	ui_list_select(self, clamp_int((long long)self->selected + delta,
	    INT_MIN, INT_MAX));
}

void
ui_list_scroll(struct ui_list *self, int height)
{
	if (height < 1)
		height = 1;
	if (self->selected < self->top)
		self->top = self->selected;
	if (self->selected >= self->top + height)
		self->top = self->selected - height + 1;
	if (self->top > self->count - height)
		self->top = self->count - height;
	if (self->top < 0)
		self->top = 0;
}

void
ui_list_draw(struct ui_list *self, struct ui_rect r, ui_list_row_fn row,
    void *ctx)
{
	int i, idx;

	if (r.h <= 0 || r.w <= 0)
		return;
	ui_list_scroll(self, r.h);
	for (i = 0; i < r.h; i++) {
		idx = self->top + i;
		if (idx >= self->count)
			break;
		row(ctx, idx, r.y + i, r.x, r.w, idx == self->selected);
	}
}

static int
choice_selectable(const struct ui_choice_item *it)
{
	return it->kind != UI_CHOICE_HEADER && !it->disabled;
}

void
ui_choice_init(struct ui_choice *self, struct ui_choice_item *items, size_t n)
{
	size_t i;

	self->items = items;
	self->n = n;
	memset(&self->list, 0, sizeof self->list);
	ui_list_set_count(&self->list, clamp_int((long long)n, 0, INT_MAX));
	for (i = 0; i < n; i++) {
		if (choice_selectable(&items[i])) {
			ui_list_select(&self->list, (int)i);
			break;
		}
	}
}

void
ui_choice_move(struct ui_choice *self, int delta)
{
	int step = delta < 0 ? -1 : 1, i, cur = self->list.selected;
	long long todo = delta < 0 ? -(long long)delta : delta;

	if (todo > (long long)self->n)
		todo = (long long)self->n;
	for (; todo > 0; todo--) {
		for (i = cur + step; i >= 0 && i < (int)self->n; i += step) {
			if (choice_selectable(&self->items[i]))
				break;
		}
		if (i < 0 || i >= (int)self->n)
			break;
		cur = i;
	}
	ui_list_select(&self->list, cur);
}

int
ui_choice_toggle(struct ui_choice *self)
{
	struct ui_choice_item *it;
	size_t i;

	if (self->n == 0)
		return -1;
	it = &self->items[self->list.selected];
	if (!choice_selectable(it))
		return -1;
	if (it->kind == UI_CHOICE_CHECK) {
		it->checked = !it->checked;
		return 0;
	}
	for (i = 0; i < self->n; i++) {
		if (self->items[i].kind == UI_CHOICE_RADIO &&
		    self->items[i].group == it->group)
			self->items[i].checked = 0;
	}
	it->checked = 1;
	return 0;
}

int
ui_choice_missing_group(const struct ui_choice *self)
{
	size_t i, j;
	int found;

	for (i = 0; i < self->n; i++) {
		if (self->items[i].kind != UI_CHOICE_RADIO)
			continue;
		found = 0;
		for (j = 0; j < self->n && !found; j++) {
			found = self->items[j].kind == UI_CHOICE_RADIO &&
			    self->items[j].group == self->items[i].group &&
			    self->items[j].checked;
		}
		if (!found)
			return self->items[i].group;
	}
	return -1;
}

static void
choice_draw_row(void *ctx, int index, int y, int x, int w, int selected)
{
	const struct ui_choice *self = ctx;
	const struct ui_choice_item *it = &self->items[index];
	const char *mark;
	int attr, nw;

	if (it->kind == UI_CHOICE_HEADER) {
		ui_draw_text(y, x, w, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_NORMAL) | A_BOLD, it->label);
		return;
	}
	if (selected)
		attr = ui_attr(UI_COLOR_SELECTED);
	else if (it->disabled)
		attr = ui_attr(UI_COLOR_DIM);
	else
		attr = ui_attr(UI_COLOR_NORMAL);
	if (it->kind == UI_CHOICE_RADIO)
		mark = it->checked ? "(*) " : "( ) ";
	else
		mark = it->checked ? "[x] " : "[ ] ";
	nw = it->note != NULL ? ui_text_width(it->note) + 1 : 0;
	if (nw > w / 2)
		nw = w / 2;
	ui_draw_text(y, x, 4, UI_ALIGN_LEFT, attr, mark);
	ui_draw_text(y, x + 4, w - 4 - nw, UI_ALIGN_LEFT, attr, it->label);
	if (nw > 0)
		ui_draw_text(y, x + w - nw, nw, UI_ALIGN_RIGHT, attr, it->note);
}

void
ui_choice_draw(struct ui_choice *self, struct ui_rect r)
{
	struct ui_list *l = &self->list;

	if (r.h <= 0 || r.w <= 0)
		return;
	ui_list_set_count(l, clamp_int((long long)self->n, 0, INT_MAX));
	ui_list_scroll(l, r.h);
	/* Keep a group's header in view with its first option. */
	if (l->top > 0 && self->items[l->top - 1].kind == UI_CHOICE_HEADER &&
	    l->selected - (l->top - 1) < r.h)
		l->top--;
	ui_list_draw(l, r, choice_draw_row, self);
}

const struct ui_key ui_list_keys[UI_LIST_KEYS_N] = {
	UI_KEY(KEY_DOWN, NULL, N_("아래로"), UI_LIST_DOWN),
	UI_KEY_ALIAS('j', UI_LIST_DOWN),
	UI_KEY(KEY_UP, NULL, N_("위로"), UI_LIST_UP),
	UI_KEY_ALIAS('k', UI_LIST_UP),
	UI_KEY(KEY_NPAGE, NULL, N_("한 쪽 아래로"), UI_LIST_PGDN),
	UI_KEY_ALIAS(UI_KEY_CTRL('f'), UI_LIST_PGDN),
	UI_KEY(KEY_PPAGE, NULL, N_("한 쪽 위로"), UI_LIST_PGUP),
	UI_KEY_ALIAS(UI_KEY_CTRL('b'), UI_LIST_PGUP),
	UI_KEY(KEY_HOME, NULL, N_("맨 위로"), UI_LIST_TOP),
	UI_KEY_ALIAS('g', UI_LIST_TOP),
	UI_KEY(KEY_END, NULL, N_("맨 아래로"), UI_LIST_BOTTOM),
	UI_KEY_ALIAS('G', UI_LIST_BOTTOM),
};
_Static_assert(sizeof ui_list_keys / sizeof ui_list_keys[0] ==
    UI_LIST_KEYS_N, "UI_LIST_KEYS_N counts ui_list_keys");

int
ui_list_key(struct ui_list *self, int action, int page)
{
	switch (action) {
	case UI_LIST_DOWN: ui_list_move(self, 1); break;
	case UI_LIST_UP: ui_list_move(self, -1); break;
	case UI_LIST_PGDN: ui_list_move(self, page); break;
	case UI_LIST_PGUP: ui_list_move(self, -page); break;
	case UI_LIST_TOP: ui_list_select(self, 0); break;
	case UI_LIST_BOTTOM: ui_list_select(self, self->count - 1); break;
	default: return 0;
	}
	return 1;
}
