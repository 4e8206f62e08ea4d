/*
 * customer.h: baedal-customer, the ncurses ordering app. The model the
 * whole app shares, the screens and dialogs, and the helpers the screens
 * call (requests, navigation, drawing).
 *
 * customer.c          main, options, the global keys and the dispatch of
 *                     draw, keys, events and ticks to the screens
 * customer_util.c     what every screen uses: moving between screens,
 *                     dialogs (and the yes/no one), requests, row drawing
 * customer_listing.c  what the list screens share (load, draw)
 * customer_shops.c    the shops screen
 * customer_menu.c     a shop's menu and the options dialog
 * customer_cart.c     the cart
 * customer_checkout.c the checkout dialog over the cart (the two share
 *                     customer_cart_int.h: the cart's state)
 * customer_fields.c   the checkout's address and card, checked as typed
 * customer_saved.c    the saved addresses (집, 회사) at checkout
 * customer_shopstate.c whether a shop takes orders, its status in short,
 *                     and whether an item or option is sold out now
 * customer_orders.c   the order history
 * customer_track.c    one order, live
 * customer_eta.c      the ETA countdown and dates in KST
 * customer_receipt.c  one order's receipt
 * customer_reorder.c  an earlier order's lines into the cart again
 * customer_inbox.c    the notification inbox
 * customer_review.c   writing a review; a shop's average and reviews
 *
 * Render is a function of the model: keys and events change the model
 * (and may mark a screen for a reload); the tick does the fetches those
 * marks ask for; draw only reads the model. Each screen is a struct
 * ui_view (ui_view.h; one file each) with its own state, which only its
 * file reads (cust_state); other files reach it through the functions
 * that file declares here. A modal dialog is a struct ui_dialog drawn
 * over the screen; its state belongs to the screen that opens it.
 */
#ifndef BAEDAL_CUSTOMER_H
#define BAEDAL_CUSTOMER_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "client.h"
#include "ui_confirm.h"
#include "ui_help.h"
#include "ui_keys.h"
#include "ui_searchline.h"
#include "ui_view.h"
#include "ui_widgets.h"

/* Requests wait at most this long, so the screen never hangs for long. */
#define CUST_CALL_MS 3000
/* A tracked order that is not final is re-read this often, waiting at
 * most CUST_READ_MS (reads are quick; a missing view service must not
 * freeze the screen), and after a failed read only every
 * CUST_READ_BACKOFF_MS. */
#define CUST_TRACK_REFRESH_MS 1500
#define CUST_READ_MS 1000
#define CUST_READ_BACKOFF_MS 5000
/* Demo defaults for checkout, so a demo is quick. */
#define CUST_DEFAULT_ADDRESS "서울시 마포구 월드컵로 1"
#define CUST_DEFAULT_CARD "4111111111111111"

/* The screens, in the order of cust_views (customer.c). */
enum cust_screen {
	CUST_SHOPS, CUST_MENU, CUST_CART, CUST_ORDERS, CUST_TRACK, CUST_INBOX,
	CUST_RECEIPT, CUST_SCREENS
};

struct cust;

/* The view applies events asynchronously: after an event, a list is
 * read at once and once more this much later. */
#define CUST_RECHECK_MS 1000

/* The review being written (customer_review.c). */
struct cust_review_form {
	int64_t order_id;
	int rating;                   /* 1-5 */
	struct ui_input text;
	int ready;                    /* text is initialised */
};

struct cust {
	struct client *client;
	char user[64], name[64];
	int online, ever_online, subscribed, live;
	int refused;                  /* the broker refused our token */
	int64_t unread;
	int need_unread;
	/* Load the current screen's data on the next tick, so keys typed
	 * quickly (or while the backend hangs) cost one request, not one
	 * each. */
	int need_open;

	enum cust_screen screen;
	enum cust_screen back[8];     /* where Esc goes */
	int depth;
	struct ui_help help;          /* the help screen */
	const struct ui_dialog *dialog;

	struct ui_views views;        /* each screen's own, see cust_state */
	struct ui_confirm question;   /* the yes/no dialog's words */
	struct cust_review_form review;
};

/* The screens and dialogs, one per file. */
extern const struct ui_view cust_shops_view, cust_menu_view,
    cust_cart_view, cust_orders_view, cust_track_view, cust_inbox_view,
    cust_receipt_view;
extern const struct ui_dialog cust_options_dialog, cust_checkout_dialog,
    cust_review_dialog;

/*
 * Call service.method with body (stolen; NULL means {}), waiting at most
 * CUST_CALL_MS. Returns the result (the caller owns it), or NULL with err
 * filled; fails at once while the backend is unreachable.
 */
json_t *cust_call(struct cust *m, const char *service, const char *method,
    json_t *body, struct wire_error *err);

/* cust_call waiting at most timeout_ms. */
json_t *cust_call_ms(struct cust *m, const char *service,
    const char *method, json_t *body, int timeout_ms,
    struct wire_error *err);

/* cust_call for a read that loads a screen, waiting at most CUST_READ_MS:
 * a backend that has just died holds the screen only that long. */
json_t *cust_read(struct cust *m, const char *service, const char *method,
    json_t *body, struct wire_error *err);

/* The state of screen (its struct ui_view's state_size), for its file
 * only. */
void *cust_state(struct cust *m, enum cust_screen screen);

/* Go to screen (remembering where Esc returns to); its data is loaded on
 * the next tick (before the next redraw). */
void cust_open(struct cust *m, enum cust_screen screen);

/* Put a dialog up (NULL takes it down). */
void cust_dialog_show(struct cust *m, const struct ui_dialog *dialog);

/*
 * The yes/no dialogs (ui_confirm.h): each question is a struct ui_dialog
 * of the file that asks it, made with CUST_CONFIRM_DIALOG(title, key):
 * the shared keys (y/Enter yes, n/Esc/q no), the draw of m->question,
 * and its own key hook, which calls cust_confirm_answer and acts on it.
 */
extern const struct ui_key cust_confirm_keys[UI_CONFIRM_KEYS_N];
#define CUST_CONFIRM_DIALOG(title, key) \
	UI_CONFIRM_DIALOG((title), cust_confirm_keys, cust_confirm_draw, (key))
/* Put the yes/no dialog up, asking the lines (up to 3, NULL ends;
 * copied into m->question) under its title. */
void cust_confirm_show(struct cust *m, const struct ui_dialog *dialog,
    const char *const *lines);
/* The draw hook of every yes/no dialog: m->question. */
void cust_confirm_draw(void *app);
/* In a yes/no dialog's key hook: UI_CONFIRM_YES or UI_CONFIRM_NO with
 * the dialog taken down, or -1 for another key (it stays, a notice
 * asks for y or n). */
int cust_confirm_answer(struct cust *m, int action);

/* Replace *slot with value (stolen, may be NULL), releasing the old one. */
void cust_json_set(json_t **slot, json_t *value);

/* "영업중" / "PAID" style labels: the Korean word for an order status. */
const char *cust_status_word(const char *status);

/* 1 when an order in this status will not change any more. */
int cust_status_final(const char *status);

/* Draw text in a message row of body (centred, dim), for "loading" and
 * "empty" states. */
void cust_draw_message(struct ui_rect body, int color, const char *text);

/* A column of a list: heading, width (0: the rest), alignment, and
 * whether it may be left out on a narrow screen. */
struct cust_col {
	const char *head;
	int w;
	int align;    /* enum ui_align */
	int optional; /* 1: hidden when the rest would be too narrow */
};

/* The width 0 column keeps at least this many columns while optional
 * columns can make room for it. */
#define CUST_COL_REST_MIN 14

/*
 * Draw one row of n cells at (y, x), w columns wide, laid out by cols
 * (one space between columns; a width 0 column takes what is left; when
 * that is under CUST_COL_REST_MIN, optional columns are left out, the
 * last first) over a background of fill. attrs[i] is cell i's attribute
 * (attrs NULL: all fill); cells may hold NULL. With cells NULL it draws
 * the headings.
 */
void cust_draw_row(int y, int x, int w, const struct cust_col *cols,
    size_t n, const char *const *cells, const int *attrs, int fill);

/* A list screen's data (customer_listing.c): the last good read, the
 * array in it, the list over the array and why the last read failed. */
struct cust_listing {
	json_t *result;     /* owned; NULL before the first good read */
	json_t *rows;       /* the array member of result, borrowed */
	json_t *shown;      /* owned: the rows whose "name" matches the
	                       search (all of them without one) */
	struct ui_list list;/* over shown */
	struct ui_searchline search; /* `/` */
	char err[256];      /* in plain words, or "" */
};

/* How a list screen draws its rows. */
struct cust_table {
	const struct cust_col *cols;
	size_t n_cols;
	/* Draw row (borrowed; NULL past the end) at (y, x), w wide. */
	void (*row)(const json_t *row, int y, int x, int w, int selected);
	const char *loading; /* until an array is read; NULL: the headings */
	const char *empty;   /* for an empty array; NULL: the headings */
};

/*
 * Read service.method with body (stolen; cust_read) into l: after a good
 * read l keeps the result, its array member key, and the list's count,
 * and the error is cleared; returns 0. After a failed one l keeps its
 * rows and the error in plain words; returns -1.
 */
int cust_listing_load(struct cust *m, struct cust_listing *l,
    const char *service, const char *method, json_t *body, const char *key);

/* The selected row among those shown (borrowed), or NULL. */
const json_t *cust_listing_selected(const struct cust_listing *l);

/* Open l's `/` search line (a list screen's search key). */
void cust_listing_search(struct cust_listing *l);
/* A key for the search line of the current screen, when it has one
 * being edited: 1 when the line took it (the rows shown follow the
 * query), 0 when it is not the line's. */
int cust_search_key(struct cust *m, int ch);

/* Draw the last error (red) or else text (dim) as body's message. */
void cust_listing_message(const struct cust_listing *l, struct ui_rect body,
    const char *text);

/*
 * Draw l into body: the headings of t's columns on the first row and the
 * rows below, or a message while there is nothing to show (no array yet,
 * or an empty one, when t has words for that).
 */
void cust_listing_draw(struct cust_listing *l, struct ui_rect body,
    const struct cust_table *t);

/* Release what a struct cust_listing holds (a list screen's release
 * hook). */
void cust_listing_release(void *state);

/* The menu screen (customer_menu.c). Open it on shop_id's menu. */
void cust_menu_open(struct cust *m, const char *shop_id);
/* The menu screen's listing (for its search line). */
struct cust_listing *cust_menu_listing(struct cust *m);
/* The id of the shop whose menu is browsed (borrowed; "" before one). */
const char *cust_menu_shop_id(struct cust *m);
/* The shop of the menu screen's last read (borrowed), or NULL. */
const json_t *cust_menu_shop(struct cust *m);

/* The cart (customer_cart.c). Add qty of item (a store.menu item) with
 * options (array of option ids, stolen) from the shop on the menu screen,
 * emptying the cart first when it holds another shop's items (ask with
 * cust_cart_other_shop first); re-quotes on the next tick. */
void cust_cart_add(struct cust *m, const json_t *item, json_t *options,
    int qty);
/* The name of the other shop whose items the cart holds (borrowed), or
 * NULL when it is empty or holds the menu screen's shop. */
const char *cust_cart_other_shop(struct cust *m);
/* Make the cart hold only lines (stolen: [{"item_id","qty","options":
 * [option id],"name","opts" (the option names, "순살 변경, 1.5마리")}])
 * of shop shop_id called shop_name; re-quotes on the next tick. */
void cust_cart_replace(struct cust *m, const char *shop_id,
    const char *shop_name, json_t *lines);
/* The number of pieces in the cart (sum of qty). */
int cust_cart_count(struct cust *m);
/* Draw the cart in one line at row y ("🛒 장바구니 2개 · 합계 ..."), when
 * it holds anything. */
void cust_cart_draw_line(struct cust *m, int y);

/* The checkout's fields (customer_fields.c). The address's limit line
 * ("23자 · 69/200바이트", or why it is too long) into buf; returns 1
 * when the order service takes it, 0 when it is too long. */
int cust_address_check(const char *text, char *buf, size_t n);
/* A key for the card field: digits go in (19 at most), typed spaces are
 * dropped, another character is refused with a notice; editing keys
 * work. Returns 1 when ch was the field's, else 0 (Enter, Esc...). */
int cust_card_key(struct ui_input *card, int ch);
/* digits in groups of four, "4111 1111 1111 1111", into buf. */
void cust_card_grouped(const char *digits, char *buf, size_t n);
/* The card's check line ("16자리", or what is wrong) into buf; returns
 * 1 when it has 12 to 19 digits. */
int cust_card_check(const char *digits, char *buf, size_t n);

/* A note field (the request to the shop or to the rider, member name,
 * at most max characters): its check line ("12/200자", or why the
 * backend would refuse it, by text_check) into buf; returns 1 when it
 * may be sent (empty: sent as absent), 0 when not. */
int cust_note_check(const char *text, const char *name, size_t max,
    char *buf, size_t n);

/* Shops and items (customer_shopstate.c). 1 when shop (a store.shops
 * or store.menu shop) takes orders now: its `accepting` (`open` from an
 * older backend). */
int cust_shop_accepting(const json_t *shop);
/* shop's status for a narrow cell into buf: "영업중", "준비중 (17:00
 * 오픈)", "쉬는중 (14:30까지)", "바빠요 · 약 50분", "자리 비움". */
void cust_shop_status(const json_t *shop, char *buf, size_t n);
/* 1 when thing (a menu item or option) is sold out now: `sold_out`
 * with no `sold_out_until` or one still ahead. */
int cust_sold_out(const json_t *thing);

/* The ETA (customer_eta.c). The app's clock in ms: the machine's plus
 * BAEDAL_CLOCK_OFFSET_MS (for tests and demos). */
int64_t cust_now(void);
/* ms (UTC) as Korea's wall clock (KST, UTC+9) by strftime fmt into buf;
 * "-" for none. */
void cust_kst(char *buf, size_t n, int64_t ms, const char *fmt);
/* What cust_eta_text says. */
enum { CUST_ETA_NONE, CUST_ETA_COUNTING, CUST_ETA_LATE };
/* The ETA line of order o (a view.status order) at now into buf: "도착까지
 * 12분 05초 · 21:30 도착 예정", "준비 완료 예정 21:30 · 12분 05초 남음" for
 * a pickup, or "조금 늦어지고 있어요 · …" once it has passed (seconds
 * rounded up: the last second shows "0분 01초"); "" (NONE) when it runs
 * to no ETA: not ACCEPTED, COOKING, READY or DELIVERING, or a pickup
 * that is READY. Clock times in KST. */
int cust_eta_text(const json_t *o, int64_t now, char *buf, size_t n);

/* Open the receipt screen on order_id (customer_receipt.c). */
void cust_receipt_open(struct cust *m, int64_t order_id);

/* Put order_id's lines into the cart again with today's menu
 * (customer_reorder.c): today's prices, sold-out or removed items and
 * options left out, a dialog saying which and what changed; the cart
 * holds only these lines after it. */
void cust_reorder(struct cust *m, int64_t order_id);

/* Open the tracking screen on order_id (customer_track.c). */
void cust_track_open(struct cust *m, int64_t order_id);

/* Read the tracked order again now (after writing its review). */
void cust_track_reload(struct cust *m);

/* Reviews (customer_review.c). Put up the dialog that writes a review of
 * order_id. */
void cust_review_start(struct cust *m, int64_t order_id);
/* Free what the review dialog holds (at exit). */
void cust_review_free(struct cust *m);
/* view.reviews of shop_id, the latest limit (the caller's), or NULL. */
json_t *cust_reviews_read(struct cust *m, const char *shop_id, int limit);
/* "★4.7 (리뷰 3개)" or "리뷰 없음" for a view.reviews result into buf
 * (returns buf; "" for NULL). */
const char *cust_reviews_summary(const json_t *reviews, char *buf,
    size_t n);
/* Draw the latest reviews (with replies) of a view.reviews result into
 * r, a heading first; returns the rows used (0 when there are none). */
int cust_reviews_draw(const json_t *reviews, struct ui_rect r);

/* Re-read the unread count (customer_inbox.c). */
void cust_inbox_unread(struct cust *m);

#endif
