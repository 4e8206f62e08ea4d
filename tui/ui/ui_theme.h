/*
 * ui_theme.h: colours by meaning. Views ask for UI_COLOR_ORDER_NEW, never
 * for "yellow"; the theme decides how that looks, in colour or, on a
 * monochrome terminal or with NO_COLOR set, with bold/reverse/underline/dim
 * so the meaning still shows.
 */
#ifndef BAEDAL_UI_THEME_H
#define BAEDAL_UI_THEME_H

enum ui_color {
	UI_COLOR_NORMAL,
	UI_COLOR_TITLE,           /* the title bar on the top row */
	UI_COLOR_STATUSBAR,       /* the key hint / status bar */
	UI_COLOR_SELECTED,        /* the selected row of a list */
	UI_COLOR_ORDER_NEW,       /* PAID: waiting for the shop */
	UI_COLOR_ORDER_ACTIVE,    /* ACCEPTED, COOKING, DELIVERING */
	UI_COLOR_ORDER_DONE,      /* DELIVERED */
	UI_COLOR_ORDER_CANCELLED, /* CANCELLED, REJECTED */
	UI_COLOR_WARN,            /* near a deadline */
	UI_COLOR_ERROR,           /* an error message */
	UI_COLOR_OK,              /* a success message */
	UI_COLOR_DIM,             /* secondary text */
	UI_COLOR_PRICE,           /* amounts of money */
	UI_COLOR_BANNER,          /* "backend unreachable" */
	UI_COLOR_NOTICE,          /* a new notification */
	UI_COLOR_KEY,             /* a key name in the hint bar and help */
	UI_COLOR_COUNT
};

/*
 * Set up the colour pairs; call once after initscr (ui_app_run does).
 * Monochrome when monochrome is non-zero, when the terminal has no colours,
 * or when the NO_COLOR environment variable is set and not empty.
 */
void ui_theme_init(int monochrome);

/* 1 when the theme is monochrome (also before ui_theme_init). */
int ui_theme_monochrome(void);

/* The attribute to pass to attron/attrset for color (A_NORMAL for an
 * unknown value). Before ui_theme_init, the monochrome attributes. */
int ui_attr(enum ui_color color);

/* The colour for an order status ("PAID" ... "REJECTED"), a payment
 * status ("APPROVED", "REFUNDED") or a delivery status ("PENDING");
 * UI_COLOR_NORMAL for NULL or anything else. Returns an enum ui_color. */
int ui_status_color(const char *status);

#endif
