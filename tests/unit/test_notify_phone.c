/*
 * test_notify_phone.c: which mobile numbers are taken and in what form,
 * which are refused, and the masked form that is all logs ever show.
 */
#include <string.h>

#include "check.h"
#include "notify_phone.h"

static void
takes(const char *in, const char *want)
{
	char out[PHONE_MAX];

	if (check(phone_normalize(in, out) == 0, "'%s' is taken", in))
		check_str(out, want, in);
}

static void
refuses(const char *in)
{
	char out[PHONE_MAX] = "x";

	check(phone_normalize(in, out) != 0 && out[0] == '\0',
	    "'%s' is refused", in);
}

int
main(void)
{
	char m[PHONE_MASKED_MAX];

	takes("010-1234-5678", "01012345678");
	takes("01012345678", "01012345678");
	takes("010 1234 5678", "01012345678");
	takes("+82 10-1234-5678", "01012345678");
	takes("+82 010-1234-5678", "01012345678");
	takes("011-234-5678", "0112345678");
	takes("019-1234-5678", "01912345678");
	refuses("");
	refuses("010-1234-567");      /* 010 has 11 digits */
	refuses("010-1234-56789");
	refuses("02-123-4567");       /* a landline */
	refuses("012-1234-5678");     /* not a mobile prefix */
	refuses("010.1234.5678");
	refuses("010-1234-5678x");
	refuses("+1 010 1234 5678");
	refuses("0101234567890123456789012345678901");
	check_str(phone_mask("01012345678", m), "010-****-5678", "mask");
	check_str(phone_mask("0112345678", m), "011-****-5678", "mask, 10 digits");
	check_str(phone_mask("123", m), "***", "mask of a stray value");
	return check_status();
}
