/*
 * notify_phone.c: checking and masking customers' mobile numbers (see
 * notify_phone.h); pure, so a unit test links it alone. Storing them is
 * notify_profile.c.
 */
#include "notify_phone.h"

#include <stdio.h>
#include <string.h>

int
phone_normalize(const char *in, char out[PHONE_MAX])
{
	char d[32];
	size_t n = 0;
	const char *p = in;

	out[0] = '\0';
	if (strncmp(p, "+82", 3) == 0) {
		p += 3;
		d[n++] = '0';
	}
	for (; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= sizeof d)
				return -1;
			d[n++] = *p;
		} else if (*p != '-' && *p != ' ') {
			return -1;
		}
	}
	d[n] = '\0';
	/* After +82 a leading 0 may be written again: +82 010-... */
	if (strncmp(in, "+82", 3) == 0 && strncmp(d, "00", 2) == 0)
		memmove(d, d + 1, n--);
	/* 010 numbers have 11 digits; the older 011, 016-019 10 or 11. */
	if ((n != 10 && n != 11) || d[0] != '0' || d[1] != '1' ||
	    d[2] == '\0' || strchr("016789", d[2]) == NULL ||
	    (d[2] == '0' && n != 11))
		return -1;
	memcpy(out, d, n + 1);
	return 0;
}

const char *
phone_mask(const char *digits, char out[PHONE_MASKED_MAX])
{
	size_t n = strlen(digits);

	if (n < 10)
		snprintf(out, PHONE_MASKED_MAX, "***");
	else
		snprintf(out, PHONE_MASKED_MAX, "%.3s-****-%s", digits,
		    digits + n - 4);
	return out;
}
