/*
 * card.h: what a card number is (shared by order and payment).
 */
#ifndef BAEDAL_CARD_H
#define BAEDAL_CARD_H

#include "wire.h"

#define CARD_MIN_DIGITS 12
#define CARD_MAX_DIGITS 19


/* 0 when card is 12..19 ASCII digits; else -1 with a bad_request err. */
int card_check(const char *card, struct wire_error *err);

/* Copy the last four digits of a valid card into out (5 bytes). */
void card_last4(const char *card, char out[5]);

#endif
