/*
 * card.c: card number checks (see card.h).
 */
#include "card.h"

#include <string.h>

int
card_check(const char *card, struct wire_error *err)
{
	size_t n;

	if (card == NULL)
		return wire_error_set(err, E_BAD_REQUEST,
		    "member \"card\" is required");
	for (n = 0; card[n] != '\0'; n++)
		if (card[n] < '0' || card[n] > '9')
			return wire_error_set(err, E_BAD_REQUEST,
			    "the card number must be digits only");
	if (n < CARD_MIN_DIGITS || n > CARD_MAX_DIGITS)
		return wire_error_set(err, E_BAD_REQUEST,
		    "the card number must have %d to %d digits",
		    CARD_MIN_DIGITS, CARD_MAX_DIGITS);
	return 0;
}

void
card_last4(const char *card, char out[5])
{
	size_t n = strlen(card);

	memcpy(out, n >= 4 ? card + n - 4 : card, n >= 4 ? 4 : n);
	out[n >= 4 ? 4 : n] = '\0';
}
