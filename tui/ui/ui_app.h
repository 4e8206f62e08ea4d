/*
 * ui_app.h: the event loop both terminal apps run.
 *
 * Render is a function of the model: events, keys and ticks change the
 * model (through the ops) and mark it dirty; the loop redraws once when
 * dirty. One loop: zmq_poll on the client socket and stdin with a
 * UI_APP_TICK_MS timeout, drain the client's events, drain the keys
 * (KEY_RESIZE included), tick, redraw if dirty.
 */
#ifndef BAEDAL_UI_APP_H
#define BAEDAL_UI_APP_H

#include <jansson.h>
#include <stdint.h>

#include "client.h"

/* The loop's poll timeout: one tick at most this long. */
#define UI_APP_TICK_MS 250
/* How long a notice from ui_app_notice stays up. */
#define UI_APP_NOTICE_MS 4000

/* A view: the app's callbacks, each given the app's model. */
struct ui_app_ops {
	/* Draw the whole screen on stdscr from the model. The loop has
	 * erased stdscr before and refreshes after: do not refresh. */
	void (*draw)(void *model);
	/* A key value (see ui_keys.h; never KEY_RESIZE, which the loop
	 * handles). Return 1 to quit, else 0. May be NULL. */
	int (*key)(void *model, int ch);
	/* An event from client_next_event ({"sub", "event"}), BORROWED: the
	 * loop frees it after the call; json_incref what you keep. May be
	 * NULL (events are then dropped). */
	void (*event)(void *model, json_t *ev);
	/* Called once per loop iteration with now_ms() (wall clock, ms since
	 * the epoch), for countdowns and timeouts. Call ui_app_dirty() if the
	 * screen must change. May be NULL. */
	void (*tick)(void *model, int64_t now);
};

/*
 * Take over the terminal and run the loop until a key callback returns 1,
 * a callback calls ui_app_quit(), SIGINT/SIGTERM/SIGHUP arrives (or ^C is
 * read as a key), or, when exit_after_ticks > 0, that many loop iterations
 * ("ticks") have run; an iteration lasts UI_APP_TICK_MS, less when a key
 * or an event ends its wait early.
 * c may be NULL (no network: stdin only). The terminal is restored on
 * every exit path (and at exit() if a callback exits). Returns 0 after a
 * quit or exit_after_ticks, the signal number when a signal ended the
 * loop, or -1 when the terminal could not be set up.
 */
int ui_app_run(struct client *c, const struct ui_app_ops *ops, void *model,
    int exit_after_ticks);

/* Force monochrome (a --no-color flag); call before ui_app_run. NO_COLOR
 * in the environment and colourless terminals are monochrome anyway. */
void ui_app_set_monochrome(int on);

/* Mark the model changed: the loop redraws at the end of this iteration.
 * Events, keys, resizes and online/offline changes mark it already. */
void ui_app_dirty(void);

/*
 * Make the next redraw repaint every cell. Call it when an overlay (a
 * dialog, the help) closes: a box drawn over half of a wide character
 * leaves curses and the terminal disagreeing about that cell.
 */
void ui_app_repaint(void);

/* Ask the loop to stop after the current callback. */
void ui_app_quit(void);

/* Draw text centred on a full-width UI_COLOR_BANNER line on row 0; for
 * the draw callback while !client_online(c). */
void ui_app_draw_banner(const char *text);

/* Get the user's attention: beep() when audible, else flash() (a visual
 * bell). The app decides whether to call it at all (a --no-bell flag). */
void ui_app_alert(int audible);

/* Show a one-line message for UI_APP_NOTICE_MS, in color (an enum
 * ui_color); it replaces the previous one. The loop redraws when it
 * expires. */
void ui_app_notice(int color, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A refusal in plain words ("카드가 거절되었습니다 / card declined (...)")
 * into buf, from the error's code and message (both apps' one table). */
void ui_app_error_text(const struct wire_error *err, char *buf, size_t n);

/* Show err (from a failed call) as an error notice after what, a short
 * Korean phrase ("주문 실패"), in those plain words. */
void ui_app_error(const char *what, const struct wire_error *err);

/* Draw the current notice on row y, full width; returns 1 when one is up
 * (so the caller can skip what it would draw there), else 0. */
int ui_app_draw_notice(int y);

#endif
