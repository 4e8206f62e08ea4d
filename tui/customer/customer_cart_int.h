/*
 * customer_cart_int.h: what the cart screen (customer_cart.c) and its
 * checkout dialog (customer_checkout.c) share: the screen's state and
 * the few functions each calls of the other.
 */
#ifndef BAEDAL_CUSTOMER_CART_INT_H
#define BAEDAL_CUSTOMER_CART_INT_H

#include "customer.h"

/* The steps in order; a pickup skips the address and the rider note. */
enum cust_checkout_step {
	CHECKOUT_KIND, CHECKOUT_ADDRESS, CHECKOUT_NOTE, CHECKOUT_RIDER_NOTE,
	CHECKOUT_CARD, CHECKOUT_REFUND, CHECKOUT_CONFIRM
};

/* The checkout dialog's state. */
struct cust_checkout {
	int step;                     /* enum cust_checkout_step */
	struct ui_input address, card;
	json_t *saved;                /* view.addresses' "addresses", owned;
	                                 NULL when none could be read */
	int saved_at;                 /* the one in the address field */
	struct ui_input label;        /* F2: the label to save it under */
	int label_default;            /* F2: 1 when it becomes the default */
	struct ui_list book;          /* F3: the saved addresses' list */
	struct ui_input note, rider_note; /* empty: not sent */
	int va;                       /* 1: pay by virtual account (가상계좌) */
	int bank;                     /* index in checkout_banks */
	struct ui_input refund[3];    /* bank code, account digits, holder */
	int refund_at;                /* the refund field being typed in */
	char error[256];              /* the last refusal, in plain words */
	int64_t retry_at;             /* payment_unavailable: wall ms, or 0 */
	char place_id[48];            /* the order request's id until it has
	                                 a final answer: a retry reuses it */
};

/* The screen's state: the lines, their shop, the last quote, and the
 * checkout dialog opened from it. */
struct cart {
	json_t *lines;                /* [{"item_id","qty","options":[id],
	                                 "name","opts"}] */
	char shop[65], shop_name[128];
	json_t *quote;                /* order.quote of the cart, owned */
	char quote_err[256];
	int need_quote;               /* price it again on the next tick */
	int pickup;                   /* 1: 포장 (no address, no fee) */
	struct ui_list list;
	struct cust_checkout checkout;
};

/* ---- customer_cart.c ---- */

/* The cart screen's state. */
struct cart *cart_of(struct cust *m);
/* The cart's lines as order.quote and order.place name them (a new
 * array, the caller's). */
json_t *cart_request_items(const struct cart *ct);
/* Re-read the cart's totals from order.quote (of the chosen kind),
 * now; a failure leaves quote NULL and quote_err filled. */
void cart_requote(struct cust *m);
/* Empty the cart. */
void cart_clear(struct cust *m);

/* ---- customer_checkout.c ---- */

/* Set up the checkout's fields (the demo's address and card), and
 * release them: the cart's init and release hooks call these. */
void checkout_init(struct cust_checkout *c);
void checkout_release(struct cust_checkout *c);
/* Start a new checkout at the address and put the dialog up. */
void checkout_start(struct cust *m);

/* ---- customer_saved.c: the saved addresses at checkout ---- */

/* Read the customer's saved addresses and put the default into the
 * address field (a failed read keeps what is there). */
void checkout_saved_load(struct cust *m);
/* Put the next (dir 1) or previous (dir -1) saved address into the
 * field; 0 when there are none to choose from. */
int checkout_saved_next(struct cust_checkout *c, int dir);
/* The label of the saved address the field holds, unchanged (borrowed),
 * or NULL when it holds another text. */
const char *checkout_saved_label(const struct cust_checkout *c);
/* The address step's check line (cust_address_check) with the saved
 * address's label and how to switch, into buf; 1 when it may go on. */
int checkout_saved_check(const struct cust_checkout *c, char *buf,
    size_t n);
/* Make the saved address labelled label the one chosen (saved_at), when
 * there is one. */
void checkout_saved_pick(struct cust_checkout *c, const char *label);

/* ---- customer_addrbook.c: keeping saved addresses at checkout ---- */

/* F2 at the address step: ask for a label and save the typed address
 * under it (view.address_save); a notice instead when the address would
 * be refused. */
void checkout_book_save(struct cust *m);
/* F3 at the address step: the list of saved addresses (use one, make it
 * the default, delete it after a yes/no question). */
void checkout_book_open(struct cust *m);

#endif
