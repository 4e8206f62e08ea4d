/*
 * ui_input.c: the one-line editor (see ui_input.h).
 */
#include "ui_input.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui_keys.h"
#include "ui_text.h"
#include "ui_widgets.h"
#include "util.h"

#define INPUT_DEFAULT_MAX 1024

/* The terminal cursor the last draw asked for; y < 0: none. */
static int input_cursor_y = -1, input_cursor_x;

void
ui_input_init(struct ui_input *self, size_t max)
{
	self->cap = 64;
	self->text = xmalloc(self->cap);
	self->text[0] = '\0';
	self->len = self->cur = 0;
	self->max = max > 0 ? max : INPUT_DEFAULT_MAX;
}

void
ui_input_free(struct ui_input *self)
{
	if (self == NULL)
		return;
	free(self->text);
	self->text = NULL;
	self->len = self->cap = self->cur = 0;
}

void
ui_input_clear(struct ui_input *self)
{
	self->len = self->cur = 0;
	self->text[0] = '\0';
}

/* 1 for a character a text field accepts. */
static int
input_accepts(uint32_t cp)
{
	return cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0) &&
	    cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

/* Insert k bytes at the cursor and move past them; -1 (nothing changes)
 * when past the limit. */
static int
input_put(struct ui_input *self, const char *bytes, size_t k)
{
	if (self->len + k > self->max)
		return -1;
	while (self->len + k + 1 > self->cap) {
		self->cap *= 2;
		self->text = xrealloc(self->text, self->cap);
	}
	memmove(self->text + self->cur + k, self->text + self->cur,
	    self->len - self->cur + 1);
	memcpy(self->text + self->cur, bytes, k);
	self->len += k;
	self->cur += k;
	return 0;
}

/* Remove text[from, to). */
static void
input_cut(struct ui_input *self, size_t from, size_t to)
{
	memmove(self->text + from, self->text + to, self->len - to + 1);
	self->len -= to - from;
	if (self->cur > to)
		self->cur -= to - from;
	else if (self->cur > from)
		self->cur = from;
}

/* The byte offset of the character after the one at pos. */
static size_t
input_next(const struct ui_input *self, size_t pos)
{
	uint32_t cp;

	return pos + ui_text_decode(self->text + pos, self->len - pos, &cp);
}

int
ui_input_insert(struct ui_input *self, uint32_t cp)
{
	char enc[4];

	if (!input_accepts(cp))
		return -1;
	return input_put(self, enc, ui_text_encode(cp, enc));
}

void
ui_input_set(struct ui_input *self, const char *utf8)
{
	size_t len, off = 0, step;
	uint32_t cp;

	ui_input_clear(self);
	if (utf8 == NULL)
		return;
	len = strlen(utf8);
	while (off < len) {
		step = ui_text_decode(utf8 + off, len - off, &cp);
		if (input_accepts(cp) && input_put(self, utf8 + off, step) < 0)
			break;
		off += step;
	}
}

int
ui_input_backspace(struct ui_input *self)
{
	if (self->cur == 0)
		return -1;
	input_cut(self, ui_text_prev(self->text, self->cur), self->cur);
	return 0;
}

const char *
ui_input_text(const struct ui_input *self)
{
	return self->text != NULL ? self->text : "";
}

/* ^W: the spaces before the cursor, then the word before them. */
static void
input_cut_word(struct ui_input *self)
{
	size_t from = self->cur;

	while (from > 0 && self->text[from - 1] == ' ')
		from--;
	while (from > 0 && self->text[from - 1] != ' ')
		from = ui_text_prev(self->text, from);
	input_cut(self, from, self->cur);
}

/* The moving and deleting keys; 1 when ch is one. */
static int
input_edit(struct ui_input *self, int ch)
{
	switch (ch) {
	case KEY_LEFT:
		self->cur = ui_text_prev(self->text, self->cur);
		return 1;
	case KEY_RIGHT:
		if (self->cur < self->len)
			self->cur = input_next(self, self->cur);
		return 1;
	case KEY_HOME: case UI_KEY_CTRL('a'):
		self->cur = 0;
		return 1;
	case KEY_END: case UI_KEY_CTRL('e'):
		self->cur = self->len;
		return 1;
	case KEY_BACKSPACE: case 127: case '\b':
		ui_input_backspace(self);
		return 1;
	case KEY_DC: case UI_KEY_CTRL('d'):
		if (self->cur < self->len)
			input_cut(self, self->cur, input_next(self, self->cur));
		return 1;
	case UI_KEY_CTRL('k'):
		input_cut(self, self->cur, self->len);
		return 1;
	case UI_KEY_CTRL('u'):
		input_cut(self, 0, self->cur);
		return 1;
	case UI_KEY_CTRL('w'):
		input_cut_word(self);
		return 1;
	default:
		return 0;
	}
}

int
ui_input_key(struct ui_input *self, int ch)
{
	uint32_t cp;

	if (input_edit(self, ch))
		return 1;
	cp = ui_keys_char(ch);
	if (cp == 0)
		return 0;
	ui_input_insert(self, cp);
	return 1;
}

/* Columns taken by text[from, to). */
static int
input_width(const char *text, size_t from, size_t to)
{
	uint32_t cp;
	int w = 0;

	while (from < to) {
		from += ui_text_decode(text + from, to - from, &cp);
		w += ui_text_cp_width(cp);
	}
	return w;
}

void
ui_input_draw(const struct ui_input *self, int y, int x, int cols, int attr)
{
	const char *text = ui_input_text(self);
	size_t start = 0, end;
	char *shown;
	uint32_t cp;
	int w, cw;

	if (cols <= 0)
		return;
	/* Start far enough on that the cursor's cell fits. */
	while (start < self->cur &&
	    input_width(text, start, self->cur) > cols - 1)
		start += ui_text_decode(text + start, self->len - start, &cp);
	/* As much after it as fits. */
	w = input_width(text, start, self->cur);
	for (end = self->cur; end < self->len; end += ui_text_decode(text +
	    end, self->len - end, &cp)) {
		ui_text_decode(text + end, self->len - end, &cp);
		cw = ui_text_cp_width(cp);
		if (w + cw > cols)
			break;
		w += cw;
	}
	shown = xmalloc(end - start + 1);
	memcpy(shown, text + start, end - start);
	shown[end - start] = '\0';
	ui_draw_text(y, x, cols, UI_ALIGN_LEFT, attr, shown);
	free(shown);
	/* The cursor: the character under it in reverse, or a cell at the
	 * end; and the terminal's cursor there. */
	w = input_width(text, start, self->cur);
	if (self->cur < self->len) {
		end = self->cur + ui_text_decode(text + self->cur,
		    self->len - self->cur, &cp);
		shown = xmalloc(end - self->cur + 1);
		memcpy(shown, text + self->cur, end - self->cur);
		shown[end - self->cur] = '\0';
		ui_draw_text(y, x + w, ui_text_cp_width(cp), UI_ALIGN_LEFT,
		    attr | A_REVERSE, shown);
		free(shown);
	} else
		ui_draw_text(y, x + w, 1, UI_ALIGN_LEFT, attr | A_REVERSE, "");
	ui_input_cursor_at(y, x + w);
}

void
ui_input_cursor_at(int y, int x)
{
	input_cursor_y = y;
	input_cursor_x = x;
}

int
ui_input_cursor(int *y, int *x)
{
	if (input_cursor_y < 0)
		return 0;
	*y = input_cursor_y;
	*x = input_cursor_x;
	input_cursor_y = -1;
	return 1;
}
