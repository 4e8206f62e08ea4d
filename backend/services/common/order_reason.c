/*
 * order_reason.c: a request's reason code and words (see order_reason.h).
 */
#include "order_reason.h"

#include <string.h>

#include "text_check.h"

int
order_reason_read(const json_t *body, unsigned giver, const char *dflt,
    const char **code, const char **text, struct wire_error *err)
{
	const struct reason_code *r;
	const char *words = NULL;

	*code = dflt;
	if (wire_get_str(body, "code", 0, code, err) != 0 ||
	    wire_get_str(body, "reason", 0, &words, err) != 0)
		return -1;
	if ((r = reason_for(*code, giver)) == NULL)
		return wire_error_set(err, E_BAD_REASON_CODE, "\"%.40s\" is not "
		    "a reason code you may give (PROTOCOL.md, \"Reason codes\")",
		    *code ? *code : "");
	if (words != NULL && text_check(words, "reason", TEXT_MAX_REASON,
	    err) != 0)
		return -1;
	if (words == NULL && strcmp(r->code, REASON_OTHER) == 0)
		return wire_error_set(err, E_BAD_REQUEST, "code OTHER needs "
		    "member \"reason\": say why");
	*text = words != NULL ? words : r->text;
	return 0;
}
