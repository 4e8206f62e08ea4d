/*
 * ui_searchline.c: the `/` search line (see ui_searchline.h).
 */
#include "ui_searchline.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui_i18n.h"
#include "ui_keys.h"
#include "ui_search.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "ui_widgets.h"

/* Bytes a query may hold: 64 Hangul syllables. */
#define SEARCH_MAX 192

void
ui_searchline_start(struct ui_searchline *self)
{
	if (!self->ready) {
		ui_input_init(&self->in, SEARCH_MAX);
		self->ready = 1;
	}
	self->editing = 1;
}

enum ui_searchline_result
ui_searchline_key(struct ui_searchline *self, int ch)
{
	char before[SEARCH_MAX + 1];

	if (!self->editing)
		return UI_SEARCH_NOT_MINE;
	if (ch == UI_KEY_ESC) {
		self->editing = 0;
		ui_input_clear(&self->in);
		return UI_SEARCH_CHANGED;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		self->editing = 0;
		return UI_SEARCH_KEPT;
	}
	snprintf(before, sizeof before, "%s", ui_input_text(&self->in));
	if (!ui_input_key(&self->in, ch))
		return UI_SEARCH_NOT_MINE;
	return strcmp(before, ui_input_text(&self->in)) != 0 ?
	    UI_SEARCH_CHANGED : UI_SEARCH_KEPT;
}

const char *
ui_searchline_query(const struct ui_searchline *self)
{
	return self->ready ? ui_input_text(&self->in) : "";
}

int
ui_searchline_shown(const struct ui_searchline *self)
{
	return self->editing || *ui_searchline_query(self) != '\0';
}

int
ui_searchline_match(const struct ui_searchline *self, const char *name)
{
	return ui_search_match(name, ui_searchline_query(self));
}

void
ui_searchline_draw(const struct ui_searchline *self, int y, int x, int cols,
    int shown, int total)
{
	char count[64];
	int cw, attr = ui_attr(UI_COLOR_NORMAL);

	snprintf(count, sizeof count, _(" %d/%d개 "), shown, total);
	cw = ui_text_width(count);
	if (cols < cw + 8)
		return;
	ui_draw_text(y, x, 2, UI_ALIGN_LEFT, ui_attr(UI_COLOR_KEY), "/");
	if (self->editing)
		ui_input_draw(&self->in, y, x + 2, cols - cw - 2, attr);
	else
		ui_draw_text(y, x + 2, cols - cw - 2, UI_ALIGN_LEFT, attr,
		    ui_searchline_query(self));
	ui_draw_text(y, x + cols - cw, cw, UI_ALIGN_RIGHT,
	    ui_attr(shown ? UI_COLOR_DIM : UI_COLOR_WARN), count);
}

void
ui_searchline_free(struct ui_searchline *self)
{
	if (self->ready)
		ui_input_free(&self->in);
	memset(self, 0, sizeof *self);
}
