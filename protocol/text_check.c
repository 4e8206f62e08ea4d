/*
 * text_check.c: free text a person types (see text_check.h).
 */
#include "text_check.h"

#include <string.h>

size_t
text_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* 1 when the character at p (valid UTF-8) is a C0 or C1 control. */
static int
text_is_control(const unsigned char *p)
{
	if (*p < 0x20 || *p == 0x7F)
		return 1;
	/* U+0080..U+009F are C2 80..C2 9F. */
	return p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F;
}

int
text_check(const char *s, const char *name, size_t max,
    struct wire_error *err)
{
	const unsigned char *p;
	size_t len, chars;
	int blank = 1;

	if (s == NULL)
		return wire_error_set(err, E_BAD_TEXT, "member \"%s\" is "
		    "missing", name);
	len = strlen(s);
	if (!wire_utf8_valid(s, len))
		return wire_error_set(err, E_BAD_TEXT, "member \"%s\" is not "
		    "valid UTF-8", name);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (text_is_control(p))
			return wire_error_set(err, E_BAD_TEXT, "member \"%s\" "
			    "has a control character (a tab or a line break "
			    "included)", name);
		if (*p != ' ')
			blank = 0;
	}
	if (blank)
		return wire_error_set(err, E_BAD_TEXT, "member \"%s\" is "
		    "empty or blank", name);
	chars = text_chars(s);
	if (chars > max)
		return wire_error_set(err, E_TEXT_TOO_LONG, "member \"%s\" is "
		    "%zu characters; at most %zu", name, chars, max);
	return 0;
}
