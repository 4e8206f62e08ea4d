/*
 * test_ui_text.c: column widths, fitting and formatting of UTF-8 text.
 * Prints "ok - name" / "not ok - name" per check; exits 1 if any failed.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ui_text.h"

/* ui_text_fit(s, cols, align) must equal want, and be cols wide. */
static void
check_fit(const char *s, int cols, int align, const char *want,
    const char *name)
{
	char *got = ui_text_fit(s, cols, align);
	int ok = strcmp(got, want) == 0 && ui_text_width(got) == cols;

	if (!ok)
		printf("# fit(\"%s\", %d): got \"%s\", want \"%s\"\n", s, cols,
		    got, want);
	check(ok, "%s", name);
	free(got);
}

static void
test_width(void)
{
	check(ui_text_width("") == 0, "width of empty string");
	check(ui_text_width(NULL) == 0, "width of NULL");
	check(ui_text_width("pizza") == 5, "width of ASCII");
	check(ui_text_width("치킨") == 4, "width of Hangul is 2 per syllable");
	check(ui_text_width("BBQ 치킨 2마리") == 14,
	    "width of mixed ASCII and Hangul");
	check(ui_text_width("a\xff" "b") == 3, "invalid byte counts 1 column");
	check(ui_text_width("\xed\x9f") == 2,
	    "truncated sequence counts 1 column per byte");
	check(ui_text_width("e\xcc\x81") == 1, "combining mark takes 0 columns");
	check(ui_text_width("\xef\xbc\xa1") == 2, "fullwidth Latin A is wide");
}

static void
test_fit(void)
{
	check_fit("abc", 5, UI_ALIGN_LEFT, "abc  ", "fit pads ASCII left");
	check_fit("abc", 5, UI_ALIGN_RIGHT, "  abc", "fit pads ASCII right");
	check_fit("ab", 6, UI_ALIGN_CENTER, "  ab  ", "fit centres");
	check_fit("치킨", 6, UI_ALIGN_LEFT, "치킨  ", "fit pads Hangul");
	check_fit("치킨", 6, UI_ALIGN_RIGHT, "  치킨", "fit right-aligns Hangul");
	check_fit("치킨", 4, UI_ALIGN_LEFT, "치킨", "fit exact width Hangul");
	check_fit("abcdef", 6, UI_ALIGN_LEFT, "abcdef", "fit exact width ASCII");
	check_fit("abcdefgh", 5, UI_ALIGN_LEFT, "abcd…", "fit cuts ASCII with …");
	check_fit("후라이드치킨", 7, UI_ALIGN_LEFT, "후라이…",
	    "fit cuts Hangul at an even boundary");
	check_fit("후라이드치킨", 6, UI_ALIGN_LEFT, "후라… ",
	    "fit never splits a wide char (odd boundary pads after …)");
	check_fit("후라이드치킨", 6, UI_ALIGN_RIGHT, " 후라…",
	    "fit pads on the left when right-aligned and cut");
	check_fit("BBQ 황금올리브", 9, UI_ALIGN_LEFT, "BBQ 황금…",
	    "fit cuts mixed ASCII and Hangul");
	check_fit("BBQ 황금올리브", 8, UI_ALIGN_LEFT, "BBQ 황… ",
	    "fit cuts mixed text at an odd boundary");
	check_fit("치킨", 1, UI_ALIGN_LEFT, "…", "fit to one column");
	check_fit("치킨", 3, UI_ALIGN_LEFT, "치…", "fit to three columns");
	check_fit("a\tb\xff", 4, UI_ALIGN_LEFT, "a?b?",
	    "fit shows controls and invalid bytes as ?");
	check_fit(NULL, 2, UI_ALIGN_LEFT, "  ", "fit of NULL pads");

	char *s = ui_text_fit("abc", 0, UI_ALIGN_LEFT);
	check(strcmp(s, "") == 0, "fit to zero columns is empty");
	free(s);
	s = ui_text_fit("abc", -3, UI_ALIGN_LEFT);
	check(strcmp(s, "") == 0, "fit to negative columns is empty");
	free(s);
}

static void
test_decode(void)
{
	uint32_t cp;
	char enc[4];
	const char *s = "한a";

	check(ui_text_decode(s, strlen(s), &cp) == 3 && cp == 0xD55C,
	    "decode Hangul syllable");
	check(ui_text_decode("\xc0\xaf", 2, &cp) == 1 &&
	    cp == UI_TEXT_INVALID, "decode rejects an overlong");
	check(ui_text_decode("\xed\xa0\x80", 3, &cp) == 1 &&
	    cp == UI_TEXT_INVALID, "decode rejects a surrogate");
	check(ui_text_encode(0xD55C, enc) == 3 && memcmp(enc, "한", 3) == 0,
	    "encode Hangul syllable");
	check(ui_text_prev(s, 3) == 0 && ui_text_prev(s, 4) == 3,
	    "prev steps back over whole characters");
	check(ui_text_prev("a\xff\xfe", 3) == 2,
	    "prev steps back one invalid byte");
}

static void
test_elapsed(void)
{
	char buf[32];

	ui_text_elapsed(buf, sizeof buf, 45 * 1000);
	check_str(buf, "45s", "elapsed seconds");
	ui_text_elapsed(buf, sizeof buf, (3 * 60 + 5) * 1000);
	check_str(buf, "3m 05s", "elapsed minutes");
	ui_text_elapsed(buf, sizeof buf, (62 * 60 + 9) * 1000);
	check_str(buf, "1h 02m", "elapsed hours");
	ui_text_elapsed(buf, sizeof buf, (27 * 3600) * 1000LL);
	check_str(buf, "1d 03h", "elapsed days");
	ui_text_elapsed(buf, sizeof buf, -90 * 1000);
	check_str(buf, "-1m 30s", "elapsed negative");
	ui_text_clock(buf, sizeof buf, 0);
	check(strlen(buf) == 5 && buf[2] == ':', "clock is HH:MM");
}

int
main(void)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		printf("# C.UTF-8 locale missing; using the built-in table\n");
	test_width();
	test_fit();
	test_decode();
	test_elapsed();
	/* The same widths without a UTF-8 locale, from the built-in table. */
	setlocale(LC_ALL, "C");
	check(ui_text_width("BBQ 치킨 2마리") == 14,
	    "width of Hangul without a UTF-8 locale");
	check_fit("후라이드치킨", 6, UI_ALIGN_LEFT, "후라… ",
	    "fit without a UTF-8 locale");
	return check_status();
}
