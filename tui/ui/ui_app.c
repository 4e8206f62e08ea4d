/*
 * ui_app.c: the terminal apps' event loop, signals, and the banner, bell
 * and notice helpers.
 */
#include "ui_app.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <zmq.h>

#include "ui_i18n.h"
#include "ui_keys.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "ui_widgets.h"
#include "util.h"

/* At most this many events per iteration, so keys stay responsive under
 * a long backlog; the rest come on the next (immediate) iteration. */
#define EVENTS_PER_TICK 1000
/* Iterations in a row where stdin polled readable but gave no key before
 * it is taken for closed (EOF, /dev/null) and no longer polled, so the
 * loop does not spin; keys are still read every tick, and one that comes
 * puts stdin back in the poll. */
#define STDIN_IDLE_MAX 3

static const int app_signals[] = { SIGINT, SIGTERM, SIGHUP };

static volatile sig_atomic_t app_signal;
static int app_is_dirty;
static int app_want_quit;
static int app_mono;
static int app_curses_active;
static int app_atexit_done;
static char app_notice_text[256];
static int app_notice_color;
static int64_t app_notice_until; /* mono_ms(); 0: no notice */

static void
app_on_signal(int sig)
{
	app_signal = sig;
}

/* Leave curses mode if still in it; safe to call twice, and at exit(). */
static void
app_restore_terminal(void)
{
	if (app_curses_active) {
		app_curses_active = 0;
		endwin();
	}
}

static int app_full_repaint;

static void
app_redraw(const struct ui_app_ops *ops, void *model)
{
	int y, x;

	erase();
	ops->draw(model);
	if (app_full_repaint)
		redrawwin(stdscr);
	app_full_repaint = 0;
	/* A text field drawn: the terminal's cursor on it, where an input
	 * method composes; else hidden. */
	if (ui_input_cursor(&y, &x)) {
		leaveok(stdscr, FALSE);
		move(y, x);
		curs_set(1);
	} else {
		leaveok(stdscr, TRUE);
		curs_set(0);
	}
	refresh();
	app_is_dirty = 0;
}

void
ui_app_repaint(void)
{
	app_full_repaint = 1;
	app_is_dirty = 1;
}

/* Drain the client's events (bounded); returns 1 when more may wait. */
static int
app_drain_events(struct client *c, const struct ui_app_ops *ops, void *model)
{
	json_t *ev;
	int count = 0;

	while (!app_want_quit && (ev = client_next_event(c, 0)) != NULL) {
		if (ops->event != NULL)
			ops->event(model, ev);
		json_decref(ev);
		app_is_dirty = 1;
		if (++count >= EVENTS_PER_TICK)
			return 1;
	}
	return 0;
}

/* Drain the keys; returns how many were read. */
static int
app_drain_keys(const struct ui_app_ops *ops, void *model)
{
	int ch, count = 0;

	while (!app_want_quit && (ch = ui_keys_read()) != ERR) {
		count++;
		app_is_dirty = 1;
		if (ch == KEY_RESIZE) {
			clear();
			continue;
		}
		if (ch == UI_KEY_CTRL('c')) {
			app_want_quit = 1;
			break;
		}
		if (ops->key != NULL && ops->key(model, ch))
			app_want_quit = 1;
	}
	return count;
}

static void
app_expire_notice(void)
{
	if (app_notice_until != 0 && mono_ms() >= app_notice_until) {
		app_notice_until = 0;
		app_is_dirty = 1;
	}
}

static void
app_loop(struct client *c, const struct ui_app_ops *ops, void *model,
    int exit_after_ticks)
{
	zmq_pollitem_t items[2];
	int n, ticks = 0, online, backlog = 0, stdin_idle = 0, stdin_polled;
	int keys;

	online = c != NULL ? client_online(c) != 0 : 1;
	app_redraw(ops, model);
	while (!app_want_quit && !app_signal) {
		n = 0;
		if (c != NULL) {
			items[n] = (zmq_pollitem_t){ client_socket(c), 0,
			    ZMQ_POLLIN, 0 };
			n++;
		}
		stdin_polled = stdin_idle < STDIN_IDLE_MAX;
		if (stdin_polled) {
			items[n] = (zmq_pollitem_t){ NULL, 0, ZMQ_POLLIN, 0 };
			n++;
		}
		if (zmq_poll(items, n, backlog ? 0 : UI_APP_TICK_MS) < 0 &&
		    errno != EINTR)
			napms(UI_APP_TICK_MS); /* never spin */
		if (app_signal)
			break;
		/* Edge-triggered socket: drain on every iteration, which also
		 * drives the client's heartbeats and reconnection. */
		backlog = c != NULL ? app_drain_events(c, ops, model) : 0;
		if (c != NULL && (client_online(c) != 0) != online) {
			online = !online;
			app_is_dirty = 1;
		}
		keys = app_drain_keys(ops, model);
		if (keys > 0 || (stdin_polled &&
		    !(items[n - 1].revents & ZMQ_POLLIN)))
			stdin_idle = 0;
		else if (stdin_polled)
			stdin_idle++;
		app_expire_notice();
		if (ops->tick != NULL && !app_want_quit)
			ops->tick(model, now_ms());
		if (app_is_dirty && !app_want_quit)
			app_redraw(ops, model);
		if (exit_after_ticks > 0 && ++ticks >= exit_after_ticks)
			break;
	}
}

int
ui_app_run(struct client *c, const struct ui_app_ops *ops, void *model,
    int exit_after_ticks)
{
	struct sigaction sa, old[ARRAY_LEN(app_signals)];
	SCREEN *screen;
	size_t i;
	int sig;

	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL)
		return -1;
	app_curses_active = 1;
	if (!app_atexit_done) {
		atexit(app_restore_terminal);
		app_atexit_done = 1;
	}
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	ui_theme_init(app_mono);

	/* After newterm, so these replace curses' own handlers. */
	app_signal = 0;
	sa.sa_handler = app_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	for (i = 0; i < ARRAY_LEN(app_signals); i++)
		sigaction(app_signals[i], &sa, &old[i]);

	app_want_quit = 0;
	app_is_dirty = 1;
	app_loop(c, ops, model, exit_after_ticks);

	app_restore_terminal();
	delscreen(screen);
	for (i = 0; i < ARRAY_LEN(app_signals); i++)
		sigaction(app_signals[i], &old[i], NULL);
	sig = app_signal;
	app_signal = 0;
	return sig;
}

void
ui_app_set_monochrome(int on)
{
	app_mono = on;
}

void
ui_app_dirty(void)
{
	app_is_dirty = 1;
}

void
ui_app_quit(void)
{
	app_want_quit = 1;
}

void
ui_app_draw_banner(const char *text)
{
	ui_draw_text(0, 0, COLS, UI_ALIGN_CENTER, ui_attr(UI_COLOR_BANNER),
	    text);
}

void
ui_app_alert(int audible)
{
	if (audible)
		beep();
	else
		flash();
}

void
ui_app_notice(int color, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app_notice_text, sizeof app_notice_text, fmt, ap);
	va_end(ap);
	app_notice_color = color;
	app_notice_until = mono_ms() + UI_APP_NOTICE_MS;
	app_is_dirty = 1;
}

int
ui_app_draw_notice(int y)
{
	if (app_notice_until == 0 || mono_ms() >= app_notice_until)
		return 0;
	ui_draw_text(y, 0, COLS, UI_ALIGN_LEFT,
	    ui_attr((enum ui_color)app_notice_color), app_notice_text);
	return 1;
}

/* Error codes in plain words, Korean first. */
/* Refusals in plain words; the backend's (English) message follows in
 * parentheses, but for those that say all (terse). */
static const struct {
	const char *code, *text;
	int terse;
} app_errors[] = {
	{ "payment_declined", N_("카드가 거절되었습니다"), 0 },
	{ "below_minimum", N_("최소 주문 금액이 안 됩니다"), 0 },
	{ "shop_closed", N_("가게가 지금 주문을 받지 않습니다"), 0 },
	{ "sold_out", N_("품절된 메뉴가 있습니다"), 0 },
	{ "payment_unavailable", N_("결제가 잠시 안 됩니다"), 0 },
	{ "invalid_state", N_("지금은 할 수 없습니다"), 0 },
	{ "not_found", N_("찾을 수 없습니다"), 0 },
	{ "service_unavailable", N_("서비스가 잠시 멈췄습니다"), 0 },
	{ "timeout", N_("응답이 없습니다"), 0 },
	{ "forbidden", N_("이 계정으로는 할 수 없습니다 (권한 없음)"), 1 },
	{ "unauthorized", N_("로그인할 수 없습니다"), 0 },
	{ "conflict", N_("처리 중입니다, 잠시 후 다시"), 0 },
};

void
ui_app_error_text(const struct wire_error *err, char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(app_errors); i++) {
		if (strcmp(err->code, app_errors[i].code) != 0)
			continue;
		if (app_errors[i].terse)
			snprintf(buf, n, "%s", _(app_errors[i].text));
		else
			snprintf(buf, n, "%s (%s)", _(app_errors[i].text),
			    err->message);
		return;
	}
	snprintf(buf, n, "%s (%s)", err->message, err->code);
}

void
ui_app_error(const char *what, const struct wire_error *err)
{
	char text[320];

	ui_app_error_text(err, text, sizeof text);
	ui_app_notice(UI_COLOR_ERROR, "%s: %s", what, text);
}
