/*
 * shop.h: baedal-shop, the shop owner's live order console.
 *
 * shop.c          main, options and the app's ops
 * shop_alert.c    the alerts: new orders, cancels, reminders, escalation
 * shop_app.c      the screens' table and states, the model's view and
 *                 selection, and syncing (what the other files call;
 *                 shop.c's main is above them all)
 * shop_queue.c    the queue model: snapshot, order.* events, filters, totals
 * shop_keys.c     the queue and detail screens: their key table, what each
 *                 key does, and their struct ui_view
 * shop_draw.c     drawing the console: title, summary, the queue table and
 *                 the order detail
 * shop_actions.c  accept / reject / cook / dispatch / deliver and their
 *                 dialogs (struct ui_dialog), and the close-shop dialog
 * shop_extend.c   more prep time (store.extend) and its dialog
 * shop_unavailable.c  lines the shop cannot make (store.unavailable):
 *                 the checklist dialog
 * shop_print.c    kitchen tickets: reprint, marks of failed tickets
 * shop_pause.c    pause / resume / busy and the pause dialog
 * shop_menu.c     the menu screen: items and their options, open / close,
 *                 the `/` search; it owns the menu and the shop object it
 *                 shows
 * shop_soldout.c  sold out indefinitely, for today or until a time, per
 *                 item or option: the dialog and the menu's words for it
 * shop_hours.c    the opening hours screen: per-weekday ranges and closed
 *                 dates, each edited in a dialog and saved (store.hours)
 * shop_times.c    the shapes of typed times: clock, range, date (pure)
 * shop_reasons.c  the reasons screen: rejections and cancellations by
 *                 reason code (store.reasons)
 * shop_reviews.c  the reviews screen and the reply dialog
 * shop_sales.c    the sales screen: a day's figures from view.sales
 *
 * Each screen is a struct ui_view (ui_view.h) and each dialog a struct
 * ui_dialog: the app dispatches draw, keys and events through their
 * tables. A screen's own state is read by its file only (shop_state).
 *
 * Consistency: the queue is the store service's snapshot (store.queue)
 * plus the order.* events after its seq, applied exactly as the store
 * applies them. Actions never change the queue: the event does.
 */
#ifndef BAEDAL_SHOP_H
#define BAEDAL_SHOP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "client.h"
#include "ui_help.h"
#include "ui_keys.h"
#include "ui_view.h"
#include "ui_widgets.h"

/* Every synchronous call waits at most this long. */
#define SHOP_CALL_MS 3000
/* The most lines an order has (PROTOCOL.md, "Order lines"). */
#define SHOP_LINES_MAX 30

/* ---- shop_queue.c ---- */

enum shop_filter {
	SHOP_FILTER_NEW,    /* PAID: waiting for the shop */
	SHOP_FILTER_ACTIVE, /* ACCEPTED, COOKING, READY, DELIVERING */
	SHOP_FILTER_DONE,   /* DELIVERED, PICKED_UP, CANCELLED, REJECTED */
	SHOP_FILTER_ALL,
	SHOP_FILTER_COUNT
};

/* One order as the store's queue summary has it. */
struct shop_order {
	int64_t id;
	char status[16];    /* "PAID" ... "REJECTED" */
	char kind[12];      /* "delivery" or "pickup" (포장) */
	json_t *items;      /* priced lines (owned) */
	int64_t subtotal, delivery_fee, total;
	char *address;      /* owned, may be NULL */
	char *customer_id;  /* owned, may be NULL */
	char *reason;       /* reject or cancel reason, owned, may be NULL */
	char *note;         /* the customer's request, owned, may be NULL */
	char *rider_note;   /* the request to the rider, owned, may be NULL */
	int has_notes;      /* the order or a line carries a request */
	char *print_error;  /* why its ticket did not print, owned, or NULL */
	int print_seen;     /* store.print_jobs had a job of it */
	int64_t placed_at, accept_by, eta_min, eta_at, updated_at;
	json_t *timeline;   /* [{at, status}] (owned) */
	int64_t last_seq;   /* the last event applied to it */
	int fresh;          /* arrived live, not yet looked at */
	int announced;      /* its arrival was alerted already */
};

struct shop_queue {
	struct shop_order **orders; /* owned, in no particular order */
	size_t n, cap;
	int64_t seq;        /* events up to this seq are in already */
};

/* What applying one event did. */
enum shop_applied {
	SHOP_APPLIED_NONE,    /* not an order event, a duplicate, or unknown */
	SHOP_APPLIED_NEW,     /* order.paid added an order */
	SHOP_APPLIED_CHANGED  /* a known order moved */
};

/* Today's figures for the summary bar. */
struct shop_totals {
	int today;          /* orders placed today */
	int waiting;        /* PAID */
	int active;         /* ACCEPTED, COOKING, DELIVERING */
	int64_t revenue;    /* today's accepted orders' totals: those still
			     * waiting, cancelled or rejected left out */
};

/* Free every order; the queue is empty and may be reused. */
void shop_queue_clear(struct shop_queue *q);

/*
 * Replace the queue with a store.queue result {shop_id, seq, orders}
 * (borrowed). Returns 0, or -1 (queue unchanged) when it is malformed.
 */
int shop_queue_load(struct shop_queue *q, const json_t *snapshot);

/*
 * Apply one event {seq, type, order_id, at, data, ...} (borrowed) as the
 * store service does: order.paid adds, the status events (ready and
 * picked_up included) move, order.eta_extended moves the ETA only. Events at or before q->seq and events older than
 * the order's last one change nothing. *changed (may be NULL) gets the
 * order it added or moved (borrowed from the queue).
 */
enum shop_applied shop_queue_apply(struct shop_queue *q, const json_t *ev,
    struct shop_order **changed);

/* The order with id, or NULL. Borrowed. */
struct shop_order *shop_queue_find(const struct shop_queue *q, int64_t id);

/*
 * Fill out (room for q->n) with the orders filter shows, in display order:
 * waiting ones first (oldest first: closest to the deadline), then those
 * in progress (oldest first), then finished ones (newest first). Returns
 * how many.
 */
size_t shop_queue_view(const struct shop_queue *q, enum shop_filter filter,
    struct shop_order **out);

/* Today's figures (local day of now_ms). */
void shop_queue_totals(const struct shop_queue *q, int64_t now,
    struct shop_totals *t);

/* 1 when status is one filter shows. */
int shop_filter_match(enum shop_filter filter, const char *status);
/* The filter's name for the tab bar ("신규"...). */
const char *shop_filter_label(enum shop_filter filter);

/* The Korean label of an order status ("PAID" -> "신규"); the status
 * itself when unknown. */
const char *shop_status_label(const char *status);

/* "후라이드치킨 x2, 콜라" for the order's items into buf. */
void shop_order_items_text(const struct shop_order *o, char *buf, size_t n);

/* Milliseconds left to accept a PAID order (negative: overdue). */
int64_t shop_order_accept_left(const struct shop_order *o, int64_t now);
/* 2 when a PAID order is under its red line (2 minutes, or 20% of a
 * shorter window), 1 under twice that, else 0. */
int shop_order_urgency(const struct shop_order *o, int64_t now);

/* ---- the app model (shop.c) ---- */

/* The screens, in the order of shop_views (shop_app.c). */
enum shop_screen {
	SHOP_SCREEN_QUEUE,   /* the order table (and the detail pane) */
	SHOP_SCREEN_DETAIL,  /* the selected order (full screen when narrow) */
	SHOP_SCREEN_MENU,    /* the menu: sold out, open / close */
	SHOP_SCREEN_HOURS,   /* opening hours and closed dates */
	SHOP_SCREEN_REASONS, /* rejections and cancellations by reason */
	SHOP_SCREEN_REVIEWS, /* the shop's reviews and replies */
	SHOP_SCREEN_SALES,   /* a day's sales and service figures */
	SHOP_SCREENS
};

struct shop_app {
	struct client *c;
	int bell;                   /* audible alerts (else flash) */
	char *user;                 /* who we are (borrowed from options) */
	char *shop_id, *shop_name;  /* owned; NULL until known */
	int shop_open;              /* 1, 0, or -1 unknown */
	int64_t paused_until;       /* -1 not paused, 0 until resumed, else
				     * the ms it ends at */
	char *pause_reason;         /* owned, may be NULL */
	int busy_min;               /* busy mode's extra minutes, 0 off */
	char *fatal;                /* a reason to quit with status 1 */

	struct shop_queue queue;
	enum shop_filter filter;
	struct shop_order **view;   /* the filtered, sorted orders */
	size_t view_n;
	struct ui_list list;
	int64_t selected_id;        /* keeps the selection across changes */
	/* What the owner saw selected at the last draw, and whether the
	 * owner's own keys moved the selection since (shop_app_seen). */
	int64_t seen_id;
	char seen_status[16];
	int picked;

	enum shop_screen screen;
	struct ui_views views;      /* each screen's own, see shop_state */
	struct ui_help help;        /* the help overlay */
	int overlay_drawn;          /* a dialog or the help was drawn last */

	/* The dialog up, or NULL, and the order it is about (0: none). */
	const struct ui_dialog *dialog;
	int64_t dialog_order;

	/* Sync and alerts. */
	int was_online;
	int need_sync;
	int live;                   /* the backlog after the snapshot is in */
	int64_t sync_retry_at;      /* mono_ms; 0 now */
	int cancel_pending;         /* cancels seen live since the last alert */
	int64_t cancel_last_id;
	int64_t alerted_at;         /* mono_ms of the last alert */
	int64_t remind_ms;          /* alert again this often while a new
				     * order waits unlooked at */
	int64_t escalated_at;       /* mono_ms of the last escalation */
	int urgent_n;               /* orders past their red line then */
};

/* ---- shop_app.c ---- */

/* The screens and dialogs (shop_keys.c, shop_menu.c, shop_actions.c,
 * shop_soldout.c, shop_hours.c, shop_reasons.c, ...). */
extern const struct ui_view shop_orders_view, shop_detail_view,
    shop_menu_view, shop_hours_view, shop_reasons_view, shop_reviews_view,
    shop_sales_view;
extern const struct ui_dialog shop_eta_dialog, shop_reject_dialog,
    shop_close_dialog, shop_extend_dialog, shop_pause_dialog,
    shop_soldout_dialog, shop_hours_dialog, shop_reply_dialog,
    shop_unavailable_dialog;

/* Give each screen its state; shop_app_release releases them. */
void shop_app_init(struct shop_app *app);
/* Release each screen's state. */
void shop_app_release(struct shop_app *app);

/* The current screen's table. Borrowed, static. */
const struct ui_view *shop_view(const struct shop_app *app);
/* The current screen's bindings: its own keys, then the list keys. */
const struct ui_keymap *shop_keymap(const struct shop_app *app);
/* The state of screen (its struct ui_view's state_size), for its file
 * only. */
void *shop_state(struct shop_app *app, enum shop_screen screen);
/* Go to screen and load its data (its open hook). */
void shop_screen_open(struct shop_app *app, enum shop_screen screen);

/* Put dialog up about order_id (0: not about an order); NULL takes it
 * down. A dialog about an order closes when the order leaves the
 * queue. */
void shop_dialog_show(struct shop_app *app, const struct ui_dialog *dialog,
    int64_t order_id);
/*
 * Rebuild the filtered view after the queue or the filter changed,
 * keeping the selected order selected. Marks the screen dirty.
 */
void shop_app_refresh(struct shop_app *app);

/* The selected order in the view, or NULL. Borrowed. */
struct shop_order *shop_app_selected(const struct shop_app *app);

/* Remember the selected order (and its status) as the owner sees it:
 * the draw calls it. */
void shop_app_seen(struct shop_app *app);
/* The owner moved the selection (a list key, a filter): an action then
 * applies to the order the owner picked, drawn or not (typed ahead). */
void shop_app_picked(struct shop_app *app);
/* 1 when an action may apply to the selected order: it is the one the
 * owner saw selected, in the status seen, or the owner picked it since.
 * 0 when events or a reload moved the list under the cursor. */
int shop_app_as_seen(const struct shop_app *app);

/*
 * Fetch the snapshot and resubscribe after it (the whole consistency
 * step: on connect and on every return online). Also reloads the menu.
 * Returns 0, or -1 after showing why (it is retried later).
 */
int shop_app_sync(struct shop_app *app);


/* ---- shop_draw.c ---- */

/* Draw the whole screen from the model: the app's rows, the current
 * screen, the dialog and the help over it. */
void shop_draw(struct shop_app *app);
/* The queue screen's draw hook: the tabs, the order table and, on a
 * wide terminal, the detail pane. */
void shop_draw_queue(void *app, struct ui_rect body);
/* The detail screen's draw hook: the selected order on the whole body
 * (on a wide terminal, the queue screen with its pane). */
void shop_draw_detail_screen(void *app, struct ui_rect body);

/* ---- shop_alert.c ---- */
/*
 * Once a tick: alert (bell, or flash without it, and a notice) for the
 * orders that arrived and the cancels since the last alert, remind every
 * remind_ms while a new order waits unlooked at, and escalate (a red
 * notice, three alerts) while an order is past its red line before its
 * auto-cancel. At most one alert every 2 s; quiet until live.
 */
void shop_alerts(struct shop_app *app);

/* ---- shop_actions.c ---- */

/* The order dialogs' fields (accept's minutes, reject's reasons): the
 * queue screen's state; the detail screen opens the same dialogs. */
struct shop_dialogs {
	struct ui_choice choice;
	struct ui_choice_item items[8];
	const char *codes[8];       /* reject: each item's reason code */
	char labels[8][16];         /* minutes: each item's label */
	struct ui_input reason;
	int typing;                 /* focus on the free-text reason */
	/* unavailable: a check box per line of the order */
	struct ui_choice lines;
	struct ui_choice_item line_items[SHOP_LINES_MAX];
	char line_labels[SHOP_LINES_MAX][96];
	char line_notes[SHOP_LINES_MAX][32];
};

/* Fill dl's choice with n (at most 8) radio items "<sign>N분", none
 * picked yet. */
void shop_dialogs_minutes(struct shop_dialogs *dl, const int *minutes,
    size_t n, const char *sign);
/* The queue screen's state: the order dialogs' fields. */
struct shop_dialogs *shop_dialogs_of(struct shop_app *app);
/* The queue screen's init and release hooks for struct shop_dialogs. */
void shop_dialogs_init(void *state);
void shop_dialogs_release(void *state);

/* 1 when the owner may take step method ("accept", "cook", ...) on o
 * now (the status machine's table for o's kind, order_move_to_kind, as
 * the order service); 0 for NULL. */
int shop_action_allowed(const struct shop_order *o, const char *method);
/* The label of the step Space takes on o ("접수", "조리 시작"...), or
 * NULL when o is NULL or finished. Static storage. */
const char *shop_action_next_label(const struct shop_order *o);
/* The next step for the selected order, by its kind: accept (dialog),
 * cook, ready, then dispatch and deliver (delivery) or picked_up
 * (pickup). Nothing for finished orders. */
void shop_action_next(struct shop_app *app);
/* Open the ETA dialog for the selected order; only a PAID one (else a
 * notice says why). */
void shop_action_accept(struct shop_app *app);
/* Open the reject dialog for the selected order; only a PAID one: the
 * backend refuses to reject an accepted order (a notice says so). It
 * lists the shop's reason codes (reasons.h) in Korean and sends the
 * code picked, or OTHER with the words typed (asked for when none). */
void shop_action_reject(struct shop_app *app);
/* store.<method> on the selected order; method is "cook", "ready",
 * "dispatch", "deliver" or "picked_up". Dispatch or deliver on a pickup
 * order only says why not. */
void shop_action_simple(struct shop_app *app, const char *method);
/* store.<method> with body (stolen) for order id; a notice either way:
 * the step's "done" words, or the error in plain words. */
void shop_action_call(struct shop_app *app, int64_t id, const char *method,
    json_t *body);
/* The selected order, or NULL after saying there is none or that it is
 * not the one the owner saw selected (shop_app_as_seen). Borrowed. */
struct shop_order *shop_action_selected(struct shop_app *app);
/* Handle a key while a dialog is up (always consumes it); a dialog
 * about an order that left the queue just closes. */
void shop_dialog_key(struct shop_app *app, int ch);

/* ---- shop_extend.c ---- */

/* 1 when o may get more prep time (store.extend): ACCEPTED or COOKING. */
int shop_extend_allowed(const struct shop_order *o);
/* Open the +5/+10/+15 minutes dialog for the selected order (a notice
 * says why not for another status); Enter sends store.extend. */
void shop_action_extend(struct shop_app *app);

/* ---- shop_unavailable.c ---- */

/* 1 when lines of o may be marked unavailable (store.unavailable): PAID
 * or ACCEPTED, before cooking. */
int shop_unavailable_allowed(const struct shop_order *o);
/* Open the checklist of the selected order's lines (a notice says why
 * not after cooking); Space checks, Enter sends store.unavailable with
 * the lines checked (every line left: the order is given up). */
void shop_action_unavailable(struct shop_app *app);

/* ---- shop_print.c ---- */

/* Apply store.print_failed (mark the order, say why) or store.printed
 * (clear the mark). Returns 1 when ev was one of them, else 0. */
int shop_print_event(struct shop_app *app, const json_t *ev);
/* Mark the orders whose newest job store.print_jobs lists as dead or
 * unknown (after a sync; quietly nothing when the call fails). */
void shop_print_load(struct shop_app *app);
/* store.print for the selected order: "프린터 없음" on invalid_state. */
void shop_action_print(struct shop_app *app);

/* ---- shop_pause.c ---- */

/* Take the pause and busy state from a shop object or a store.pause /
 * resume / busy result (borrowed); members absent leave it as it is. */
void shop_pause_take(struct shop_app *app, const json_t *shop);
/* 1 when orders are paused at now (ms): until resumed, or until later. */
int shop_paused(const struct shop_app *app, int64_t now);
/* Paused: resume (store.resume). Else the pause dialog: 15, 30 or 60
 * minutes or until resumed, with a reason (store.pause). */
void shop_action_pause(struct shop_app *app);
/* Busy mode on or off (store.busy). */
void shop_action_busy(struct shop_app *app);

/* ---- shop_menu.c ---- */

/* Fetch store.menu for the shop: its name and open state into the
 * model, the menu into the menu screen. Returns 0 or -1. */
int shop_menu_load(struct shop_app *app);
/* A key for the menu screen's search line while it is being edited:
 * 1 when the line took it (the items shown follow the query), else 0. */
int shop_menu_search_key(struct shop_app *app, int ch);
/* Ask to open or close the shop (closing asks first). */
void shop_menu_toggle_open(struct shop_app *app);
/* Open or close the shop (closing after the confirmation). */
void shop_menu_set_open(struct shop_app *app, int open);
/* The shop object store.menu or the last shop.updated gave (hours,
 * closed_dates, tz, ...), or NULL before the first. Borrowed until the
 * next load or event. */
const json_t *shop_menu_shop(struct shop_app *app);

/* ---- shop_soldout.c ---- */

/* The sold-out dialog's fields: the menu screen's state holds them. */
struct shop_soldout {
	char item_id[64], option_id[64];  /* option_id "": the item */
	char name[128];
	struct ui_choice choice;
	struct ui_choice_item items[3];
	struct ui_input until;            /* "HH:MM" */
};

/* Set up and free a struct shop_soldout's editor. */
void shop_soldout_init(struct shop_soldout *self);
void shop_soldout_release(struct shop_soldout *self);
/* The menu screen's struct shop_soldout (shop_menu.c). */
struct shop_soldout *shop_soldout_of(struct shop_app *app);
/* 1 when item or option o (a menu member, borrowed) is sold out at now
 * (ms): sold_out with no sold_out_until, or one still ahead. */
int shop_soldout_now(const json_t *o, int64_t now);
/* The menu's words for o at now: "판매 중", "품절", "오늘 품절" (back
 * on a later day), "15:00까지 품절" (into buf, n bytes). Static storage
 * or buf. */
const char *shop_soldout_label(const json_t *o, int64_t now, char *buf,
    size_t n);
/* Sold out now: put item_id (or its option option_id, NULL: the item)
 * back on sale. Else open the dialog asking how long to sell it out;
 * name is for the title and the notice. */
void shop_soldout_ask(struct shop_app *app, const char *item_id,
    const char *option_id, const char *name, int sold_out_now);

/* ---- shop_times.c ---- */

/* 1 when hhmm is a clock time "HH:MM" (00:00 to 23:59). */
int shop_clock_valid(const char *hhmm);
/* 1 when range is "HH:MM-HH:MM": a clock, then one up to 24:00. */
int shop_range_valid(const char *range);
/* 1 when range is valid and runs past midnight (its end at or before
 * its start: "17:00-02:00"; "10:00-24:00" does not). */
int shop_range_overnight(const char *range);
/* 1 when date is "YYYY-MM-DD", a day of the calendar (leap years
 * counted; which years the backend takes is its own check). */
int shop_date_valid(const char *date);

#endif
