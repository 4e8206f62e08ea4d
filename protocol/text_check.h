/*
 * text_check.h: the rule every free text a person types into an order
 * follows (a request to the shop, a note to the rider, a line's note, a
 * reason): well-formed UTF-8, no control characters, not blank, at most
 * a number of characters (code points, not bytes, so 100 Hangul
 * syllables fit a 100-character limit). The backend checks every such
 * member with it and the apps may check a field before they send it.
 * jansson-free apart from the error struct of wire.h.
 */
#ifndef BAEDAL_TEXT_CHECK_H
#define BAEDAL_TEXT_CHECK_H

#include <stddef.h>

#include "wire.h"

/* Limits, in characters (PROTOCOL.md section 5, "Requests"). */
#define TEXT_MAX_NOTE 200       /* order.place "note" (to the shop) */
#define TEXT_MAX_RIDER_NOTE 200 /* order.place "rider_note" */
#define TEXT_MAX_LINE_NOTE 100  /* a line's "note" */
#define TEXT_MAX_REASON 200     /* a rejection's or pause's own words */
#define TEXT_MAX_REVIEW 300     /* view.review_write "text" */
#define TEXT_MAX_REPLY 300      /* view.review_reply "text" */

/* The number of characters (code points) of s, a NUL-terminated string
 * already known to be valid UTF-8. */
size_t text_chars(const char *s);

/*
 * 0 when s (the member called name) is valid UTF-8, has no control
 * character (U+0000-U+001F, U+007F-U+009F; a tab or newline included),
 * is not blank and is 1 to max characters long. Else -1 with err:
 * bad_text (invalid UTF-8, a control character, blank or empty) or
 * text_too_long, the message naming the member and the limit.
 */
int text_check(const char *s, const char *name, size_t max,
    struct wire_error *err);

#endif
