/*
 * shop_state.h: whether a shop takes orders now, and what its customers
 * read about it. A shop object (store's row, or the order service's
 * catalog entry from shop.updated) keeps only what its owner set: "open",
 * "paused_until" (null: not paused, 0: until resumed, else ms),
 * "pause_reason", "busy_min", "tz", "hours", "closed_dates" and
 * "auto_paused" (no console of the owner's for a while). What follows
 * from the clock is
 * worked out when asked, so a pause ends by itself at its time even
 * before anyone writes it down. Pure: jansson and shop_tz only.
 */
#ifndef BAEDAL_SHOP_STATE_H
#define BAEDAL_SHOP_STATE_H

#include <jansson.h>
#include <stdint.h>

#include "wire.h"

/* The ETA a shop proposes when it is not busy, in minutes. */
#define SHOP_ETA_BASE 30

/* 1 when shop is paused at now (ms), else 0. */
int shop_paused(const json_t *shop, int64_t now);

/*
 * Add to shop (changed in place) what its state is at now: "paused"
 * (bool), "open_now" (within its hours), "opens_at" (when not: the next
 * opening, or null) or "closes_at" (when so: the end of the range, or
 * null without hours), "accepting" (bool: open, within hours, not
 * paused, not auto-paused), "eta_min" (the
 * estimate customers see: SHOP_ETA_BASE plus "busy_min") and
 * "status_text" (Korean, for people: "영업중", "준비중", "잠시 주문을
 * 받지 않아요 (14:30까지)", "바빠요 · 약 50분").
 */
void shop_state_add(json_t *shop, int64_t now);

/*
 * Until when (ms, after now) what shop_state_add added to shop (which it
 * has run on, at now) holds, as long as nothing is written to the shop:
 * the next minute of the clock (hours are in minutes, texts say HH:MM and
 * whether a time is today), or sooner the end of its pause, its next
 * opening or its closing.
 */
int64_t shop_state_until(const json_t *shop, int64_t now);

/*
 * 0 when shop takes orders at now; else -1 with err: shop_closed (its
 * owner closed it, or it is outside its hours: the message says when it
 * opens, in its time zone) or shop_paused (the message says until when
 * and why; or that the owner's consoles are away).
 */
int shop_state_check(const json_t *shop, int64_t now,
    struct wire_error *err);

/*
 * Mark the items of menu (an array of items, changed in place) and
 * their options as they stand at now: one whose "sold_out_until" has
 * passed is no longer "sold_out". A shop.updated keeps what the owner wrote; readers apply
 * this.
 */
void shop_menu_at(json_t *menu, int64_t now);

/* Write "HH:MM" (or "MM/DD HH:MM" when not on the day of now) of ms in
 * zone tz into buf of n bytes. */
void shop_state_clock(char *buf, size_t n, const char *tz, int64_t ms,
    int64_t now);

#endif
