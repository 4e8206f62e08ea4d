/*
 * test_ui_search.c: the search line's matching: substrings (ASCII case
 * folded) and Hangul initial consonants (초성).
 */
#include "check.h"
#include "ui_search.h"

static void
match(const char *name, const char *query, int want)
{
	check(ui_search_match(name, query) == want, "\"%s\" %s \"%s\"", query,
	    want ? "finds" : "does not find", name);
}

int
main(void)
{
	match("후라이드치킨", "", 1);
	match("후라이드치킨", (const char *)0, 1);
	match((const char *)0, "a", 0);
	match("후라이드치킨", "치킨", 1);
	match("후라이드치킨", "킨치", 0);
	match("치킨", "ㅊㅋ", 1);
	match("바삭치킨", "ㅊㅋ", 1);
	match("떡볶이", "ㄸㅂ", 1);
	match("떡볶이", "ㄷㅂ", 0);
	match("떡볶이", "ㄸㅂㅇ", 1);
	match("떡볶이", "ㄸㅂㅇㅇ", 0);
	match("치킨", "치ㅋ", 1);
	match("치킨", "ㅊ킨", 1);
	match("치킨", "치ㅌ", 0);
	match("양념치킨", "ㅇㄴ", 1);
	match("짜장면", "ㅉㅈ", 1);
	match("짜장면", "ㅈㅈ", 0);
	match("콜라 1.25L", "1.25l", 1);
	match("Pepperoni", "PEPP", 1);
	match("Pepperoni", "pizza", 0);
	match("치즈볼(5개)", "ㅊㅈㅂ", 1);
	match("치즈볼(5개)", "(5", 1);
	match("치즈볼(5개)", "ㅊ ㅈ", 0);
	match("반반 치킨", "ㅂㅂ ㅊ", 1);
	match("ㅋㅋ", "ㅋ", 1);
	match("가", "가나", 0);
	match("a\xff" "b", "\xff", 1);
	check(ui_search_choseong(0xAC00) == 0x3131, "가 starts with ㄱ");
	check(ui_search_choseong(0xD7A3) == 0x314E, "힣 starts with ㅎ");
	check(ui_search_choseong('a') == 0, "a has no initial consonant");
	check(ui_search_choseong(0x3131) == 0, "ㄱ itself is no syllable");
	return check_status();
}
