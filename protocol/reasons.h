/*
 * reasons.h: why an order was rejected or cancelled, as stable codes
 * (PROTOCOL.md section 5, "Reason codes") with the Korean the apps and
 * notifications show, and who may give each: the shop (store.reject),
 * the customer (order.cancel) or baedal itself (the auto-cancel). Pure
 * data, shared by the services and the apps.
 */
#ifndef BAEDAL_REASONS_H
#define BAEDAL_REASONS_H

/* Who gives a reason (a bit set in struct reason_code's "by"). */
#define REASON_BY_SHOP 0x1
#define REASON_BY_CUSTOMER 0x2
#define REASON_BY_SYSTEM 0x4

/* The code that needs the giver's own words ("reason"). */
#define REASON_OTHER "OTHER"

struct reason_code {
	const char *code;  /* "OUT_OF_ITEMS", ... */
	const char *text;  /* the Korean shown for it */
	unsigned by;       /* REASON_BY_* that may give it */
};

/* The code named code, or NULL (code may be NULL). Borrowed, static. */
const struct reason_code *reason_find(const char *code);

/* The code named code if giver (one REASON_BY_*) may give it, else NULL. */
const struct reason_code *reason_for(const char *code, unsigned giver);

/* The i-th code (0, 1, ...), NULL past the last: for listing them. */
const struct reason_code *reason_at(unsigned i);

#endif
