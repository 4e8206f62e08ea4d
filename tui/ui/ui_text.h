/*
 * ui_text.h: measuring and formatting text for the terminal apps.
 *
 * Strings are UTF-8 whatever the locale. Widths are terminal columns:
 * Hangul and other East Asian wide characters take 2, combining marks 0,
 * and every invalid byte or control character 1 (it is shown as '?').
 * With a UTF-8 locale (the app calls setlocale(LC_ALL, "") first) the
 * column width comes from wcwidth(); otherwise from a built-in table of
 * the wide ranges. Nothing here needs curses.
 */
#ifndef BAEDAL_UI_TEXT_H
#define BAEDAL_UI_TEXT_H

#include <stddef.h>
#include <stdint.h>

enum ui_align { UI_ALIGN_LEFT, UI_ALIGN_RIGHT, UI_ALIGN_CENTER };

/* The code point decoded for a byte that does not start valid UTF-8. */
#define UI_TEXT_INVALID 0xFFFFFFFFu

/*
 * Decode one character from s[0..len). Stores its code point in *cp, or
 * UI_TEXT_INVALID for a malformed sequence (overlong, surrogate, truncated,
 * past U+10FFFF). Returns the bytes consumed: at least 1 when len > 0
 * (exactly 1 for an invalid byte), 0 when len == 0.
 */
size_t ui_text_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp as UTF-8 into out (room for 4 bytes); returns the length,
 * or 0 when cp is not a Unicode scalar value. */
size_t ui_text_encode(uint32_t cp, char out[4]);

/* Columns taken by one code point: 0, 1 or 2 (see above). */
int ui_text_cp_width(uint32_t cp);

/* Columns taken by a UTF-8 string; NULL counts as "". */
int ui_text_width(const char *utf8);

/* Byte offset of the character before byte offset pos in s (0 at the
 * start); used for backspace. */
size_t ui_text_prev(const char *s, size_t pos);

/*
 * A new string (the caller frees it) exactly cols columns wide: utf8
 * padded with spaces (align: UI_ALIGN_LEFT, _RIGHT or _CENTER), or cut
 * with "…" at the end when it is wider. A wide character is never split:
 * where it does not fit a space takes its place. Invalid bytes and control
 * characters come out as '?'. cols <= 0 gives "". NULL counts as "".
 */
char *ui_text_fit(const char *utf8, int cols, int align);

/* Local wall-clock time "HH:MM" of ms_epoch (ms since the epoch, UTC). */
void ui_text_clock(char *buf, size_t n, int64_t ms_epoch);

/* A duration: "45s", "3m 05s", "1h 02m", "2d 03h"; negative ones get a
 * leading '-'. */
void ui_text_elapsed(char *buf, size_t n, int64_t ms);

/* The English article for noun: "an" before a vowel letter ("an owner",
 * "an admin"), else "a". Static. */
const char *ui_text_article(const char *noun);

#endif
