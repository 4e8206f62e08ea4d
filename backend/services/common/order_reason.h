/*
 * order_reason.h: reading a reason code and its words from a request
 * (store.reject, order.transition's reject, order.cancel), the same way
 * in every service that takes one.
 */
#ifndef BAEDAL_ORDER_REASON_H
#define BAEDAL_ORDER_REASON_H

#include <jansson.h>

#include "reasons.h"
#include "wire.h"

/*
 * Read body's "code" (a reasons.h code giver may give; dflt when absent)
 * and "reason" (the giver's own words, optional but for OTHER; checked
 * with text_check, at most TEXT_MAX_REASON characters). Sets *code to the
 * code and *text to the words, or to the code's Korean when there are
 * none (both borrowed from body or static). Returns 0, or -1 with err:
 * bad_request (a member of the wrong type, OTHER without words),
 * bad_reason_code (unknown, or not the giver's), bad_text or
 * text_too_long.
 */
int order_reason_read(const json_t *body, unsigned giver, const char *dflt,
    const char **code, const char **text, struct wire_error *err);

#endif
