/*
 * shop.h: baedal-shop, the shop owner's live order console.
 *
 * shop.c          main, options, the app's ops and the new-order alerts
 * shop_app.c      the model's view and selection, and syncing (what the
 *                 other files call; shop.c's main is above them all)
 * shop_queue.c    the queue model: snapshot, order.* events, filters, totals
 * shop_keys.c     the queue screen's key table and what each key does
 * shop_draw.c     drawing the queue screen and the order detail
 * shop_actions.c  accept / reject / cook / dispatch / deliver and dialogs
 * shop_menu.c     the menu screen: sold-out toggles, open / close
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
#include "ui_keys.h"
#include "ui_widgets.h"

/* Every synchronous call waits at most this long. */
#define SHOP_CALL_MS 3000

/* ---- shop_queue.c ---- */

enum shop_filter {
	SHOP_FILTER_NEW,    /* PAID: waiting for the shop */
	SHOP_FILTER_ACTIVE, /* ACCEPTED, COOKING, DELIVERING */
	SHOP_FILTER_DONE,   /* DELIVERED, CANCELLED, REJECTED */
	SHOP_FILTER_ALL,
	SHOP_FILTER_COUNT
};

/* One order as the store's queue summary has it. */
struct shop_order {
	int64_t id;
	char status[16];    /* "PAID" ... "REJECTED" */
	json_t *items;      /* priced lines (owned) */
	int64_t subtotal, delivery_fee, total;
	char *address;      /* owned, may be NULL */
	char *customer_id;  /* owned, may be NULL */
	char *reason;       /* reject or cancel reason, owned, may be NULL */
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
 * store service does. Events at or before q->seq and events older than
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

enum shop_screen { SHOP_SCREEN_QUEUE, SHOP_SCREEN_DETAIL, SHOP_SCREEN_MENU };

enum shop_dialog {
	SHOP_DIALOG_NONE,
	SHOP_DIALOG_ETA,     /* accept: pick minutes */
	SHOP_DIALOG_REJECT,  /* reject: pick or type a reason */
	SHOP_DIALOG_CLOSE    /* confirm closing the shop */
};

struct shop_app {
	struct client *c;
	int bell;                   /* audible alerts (else flash) */
	char *user;                 /* who we are (borrowed from options) */
	char *shop_id, *shop_name;  /* owned; NULL until known */
	int shop_open;              /* 1, 0, or -1 unknown */
	char *fatal;                /* a reason to quit with status 1 */

	struct shop_queue queue;
	enum shop_filter filter;
	struct shop_order **view;   /* the filtered, sorted orders */
	size_t view_n;
	struct ui_list list;
	int64_t selected_id;        /* keeps the selection across changes */

	enum shop_screen screen;
	int help;                   /* the help overlay is up */
	int overlay_drawn;          /* a dialog or the help was drawn last */

	/* Dialogs (shop_actions.c). */
	enum shop_dialog dialog;
	int64_t dialog_order;
	struct ui_choice choice;
	struct ui_choice_item choice_items[8];
	struct ui_input reason;
	int reason_typing;          /* focus on the free-text field */

	/* Menu screen (shop_menu.c). */
	json_t *menu;               /* store.menu's "menu" array, owned */
	struct ui_list menu_list;

	/* Sync and alerts. */
	int was_online;
	int need_sync;
	int live;                   /* the backlog after the snapshot is in */
	int64_t sync_retry_at;      /* mono_ms; 0 now */
	int cancel_pending;         /* cancels seen live since the last alert */
	int64_t cancel_last_id;
	int64_t alerted_at;         /* mono_ms of the last alert */
};

/* ---- shop_app.c ---- */
/*
 * Rebuild the filtered view after the queue or the filter changed,
 * keeping the selected order selected. Marks the screen dirty.
 */
void shop_app_refresh(struct shop_app *app);

/* The selected order in the view, or NULL. Borrowed. */
struct shop_order *shop_app_selected(const struct shop_app *app);

/*
 * Fetch the snapshot and resubscribe after it (the whole consistency
 * step: on connect and on every return online). Also reloads the menu.
 * Returns 0, or -1 after showing why (it is retried later).
 */
int shop_app_sync(struct shop_app *app);


/* ---- shop_keys.c ---- */

/* The queue and detail screens' key handler; returns 1 to quit. */
int shop_keys_queue(struct shop_app *app, int ch);
/* The help overlay's table for the current screen. */
void shop_keys_draw_help(const struct shop_app *app);
/* The hint bar for the current screen at row y. */
void shop_keys_hint_bar(const struct shop_app *app, int y);

/* ---- shop_draw.c ---- */

/* Draw the whole screen from the model. */
void shop_draw(struct shop_app *app);

/* ---- shop_actions.c ---- */

/* The label of the step Space takes on o ("접수", "조리 시작"...), or
 * NULL when o is NULL or finished. Static storage. */
const char *shop_action_next_label(const struct shop_order *o);
/* The next step for the selected order: accept (dialog), cook,
 * dispatch, deliver. Nothing for finished orders. */
void shop_action_next(struct shop_app *app);
/* Open the ETA dialog for the selected order; only a PAID one (else a
 * notice says why). */
void shop_action_accept(struct shop_app *app);
/* Open the reject dialog for the selected order; only a PAID one: the
 * backend refuses to reject an accepted order (a notice says so). */
void shop_action_reject(struct shop_app *app);
/* store.cook / store.dispatch / store.deliver on the selected order;
 * method is "cook", "dispatch" or "deliver". */
void shop_action_simple(struct shop_app *app, const char *method);
/* Handle a key while a dialog is up (always consumes it). */
void shop_dialog_key(struct shop_app *app, int ch);
/* Draw the open dialog over the screen. */
void shop_dialog_draw(struct shop_app *app);
/* The open dialog's keys as a hint bar at row y. */
void shop_dialog_hint_bar(const struct shop_app *app, int y);

/* ---- shop_menu.c ---- */

/* Switch to the menu screen (reloading the menu). */
void shop_menu_open(struct shop_app *app);
/* Fetch store.menu for the shop into the model. Returns 0 or -1. */
int shop_menu_load(struct shop_app *app);
/* Apply a shop.updated event's data (borrowed). */
void shop_menu_apply(struct shop_app *app, const json_t *data);
/* Ask to open or close the shop (closing asks first). */
void shop_menu_toggle_open(struct shop_app *app);
/* Close the shop after the confirmation. */
void shop_menu_set_open(struct shop_app *app, int open);
/* The menu screen's keys; returns 1 to quit. */
int shop_menu_key(struct shop_app *app, int ch);
/* Draw the menu screen between rows top and bottom (exclusive). */
void shop_menu_draw(struct shop_app *app, int top, int bottom);
/* The menu screen's keys (its own, then the shared list keys), for
 * help and the hint bar. */
extern const struct ui_keymap shop_menu_map;

#endif
