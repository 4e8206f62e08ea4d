/*
 * test_text_check.c: the rule for text a person types (protocol/
 * text_check.c): characters counted, not bytes; bad UTF-8, controls
 * (C0 and C1, tabs and line breaks too), empty and blank text refused,
 * each with its stable code.
 */
#include <string.h>

#include "check.h"
#include "text_check.h"

static const char *
code_of(const char *s, size_t max)
{
	static struct wire_error err;

	memset(&err, 0, sizeof err);
	return text_check(s, "note", max, &err) == 0 ? "" : err.code;
}

int
main(void)
{
	check(text_chars("덜 맵게") == 4, "Hangul counts one a syllable");
	check_str(code_of("덜 맵게 해주세요", 9), "", "9 characters fit 9");
	check_str(code_of("덜 맵게 해주세요!", 9), "text_too_long",
	    "10 characters do not (26 bytes)");
	check_str(code_of("a\tb", 10), "bad_text", "a tab is refused");
	check_str(code_of("a\nb", 10), "bad_text", "a line break is refused");
	check_str(code_of("a\x7f" "b", 10), "bad_text", "DEL is refused");
	check_str(code_of("a\xc2\x85" "b", 10), "bad_text",
	    "a C1 control (U+0085) is refused");
	check_str(code_of("a\xc2\xa0" "b", 10), "",
	    "U+00A0 is not a control");
	check_str(code_of("ab\xff", 10), "bad_text", "bad UTF-8 is refused");
	check_str(code_of("\xed\xa0\x80", 10), "bad_text",
	    "a surrogate is refused");
	check_str(code_of("", 10), "bad_text", "empty is refused");
	check_str(code_of("   ", 10), "bad_text", "blank is refused");
	check_str(code_of(NULL, 10), "bad_text", "missing is refused");
	return check_status();
}
