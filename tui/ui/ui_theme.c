/*
 * ui_theme.c: one table row per meaning: its colour pair and the
 * attributes used in colour and in monochrome.
 */
#include "ui_theme.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct theme_entry {
	short fg, bg; /* -1: the terminal's default */
	int color_attr; /* added to the pair in colour mode */
	int mono_attr;
};

/* Indexed by enum ui_color; pair number = index (pair 0 is the default). */
static const struct theme_entry theme[UI_COLOR_COUNT] = {
	[UI_COLOR_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[UI_COLOR_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD,
	    A_REVERSE | A_BOLD },
	[UI_COLOR_STATUSBAR] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL,
	    A_REVERSE },
	[UI_COLOR_SELECTED] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL,
	    A_REVERSE },
	[UI_COLOR_ORDER_NEW] = { COLOR_MAGENTA, -1, A_BOLD,
	    A_BOLD | A_UNDERLINE },
	[UI_COLOR_ORDER_ACTIVE] = { COLOR_CYAN, -1, A_NORMAL, A_BOLD },
	[UI_COLOR_ORDER_DONE] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[UI_COLOR_ORDER_CANCELLED] = { COLOR_RED, -1, A_NORMAL, A_DIM },
	[UI_COLOR_WARN] = { COLOR_YELLOW, -1, A_BOLD, A_UNDERLINE },
	[UI_COLOR_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_REVERSE },
	[UI_COLOR_OK] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[UI_COLOR_DIM] = { -1, -1, A_DIM, A_DIM },
	[UI_COLOR_PRICE] = { COLOR_YELLOW, -1, A_NORMAL, A_BOLD },
	[UI_COLOR_BANNER] = { COLOR_WHITE, COLOR_RED, A_BOLD,
	    A_REVERSE | A_BOLD },
	[UI_COLOR_NOTICE] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD,
	    A_BOLD | A_UNDERLINE },
	[UI_COLOR_KEY] = { -1, -1, A_BOLD, A_BOLD },
};

static int theme_mono = 1;

void
ui_theme_init(int monochrome)
{
	const char *no_color = getenv("NO_COLOR");
	short i, fg, bg;
	int defaults;

	theme_mono = monochrome || !has_colors() ||
	    (no_color != NULL && no_color[0] != '\0');
	if (theme_mono || start_color() == ERR) {
		theme_mono = 1;
		return;
	}
	defaults = use_default_colors() == OK;
	for (i = 1; i < UI_COLOR_COUNT; i++) {
		fg = theme[i].fg;
		bg = theme[i].bg;
		if (!defaults) {
			fg = fg < 0 ? COLOR_WHITE : fg;
			bg = bg < 0 ? COLOR_BLACK : bg;
		}
		init_pair(i, fg, bg);
	}
}

int
ui_theme_monochrome(void)
{
	return theme_mono;
}

int
ui_attr(enum ui_color color)
{
	if ((int)color < 0 || color >= UI_COLOR_COUNT)
		return A_NORMAL;
	if (theme_mono)
		return theme[color].mono_attr;
	if (color == UI_COLOR_NORMAL)
		return A_NORMAL;
	return (int)COLOR_PAIR(color) | theme[color].color_attr;
}

int
ui_status_color(const char *status)
{
	static const struct {
		const char *status;
		enum ui_color color;
	} map[] = {
		{ "PAID", UI_COLOR_ORDER_NEW },
		{ "ACCEPTED", UI_COLOR_ORDER_ACTIVE },
		{ "COOKING", UI_COLOR_ORDER_ACTIVE },
		{ "DELIVERING", UI_COLOR_ORDER_ACTIVE },
		{ "DELIVERED", UI_COLOR_ORDER_DONE },
		{ "CANCELLED", UI_COLOR_ORDER_CANCELLED },
		{ "REJECTED", UI_COLOR_ORDER_CANCELLED },
		{ "APPROVED", UI_COLOR_OK },
		{ "REFUNDED", UI_COLOR_ORDER_CANCELLED },
		{ "PENDING", UI_COLOR_DIM },
	};
	size_t i;

	if (status == NULL)
		return UI_COLOR_NORMAL;
	for (i = 0; i < ARRAY_LEN(map); i++) {
		if (strcmp(status, map[i].status) == 0)
			return map[i].color;
	}
	return UI_COLOR_NORMAL;
}
