/*
 * ui_search.h: does a name match what someone typed into a search line?
 *
 * A query matches a name when it occurs in it as a run of characters,
 * where each query character matches one name character that is:
 *   - the same character (ASCII letters regardless of case), or
 *   - for a Hangul consonant letter (compatibility jamo ㄱ..ㅎ), a Hangul
 *     syllable that starts with that consonant (초성 search): "ㅊㅋ"
 *     finds 치킨, "ㄸㅂ" 떡볶이, and mixed queries such as "치ㅋ" work.
 * Pure: no curses, no locale.
 */
#ifndef BAEDAL_UI_SEARCH_H
#define BAEDAL_UI_SEARCH_H

#include <stdint.h>

/* 1 when query (UTF-8) matches name (UTF-8), else 0. An empty or NULL
 * query matches everything; a NULL name only the empty query. An invalid
 * byte matches any invalid byte. */
int ui_search_match(const char *name, const char *query);

/* The compatibility jamo (U+3131..U+314E) of the initial consonant of a
 * Hangul syllable (U+AC00..U+D7A3), or 0 when cp is not one. */
uint32_t ui_search_choseong(uint32_t cp);

#endif
