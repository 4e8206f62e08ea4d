/*
 * ui_text.c: UTF-8 decoding, column widths and the small formatters the
 * apps put on screen (money, clock, durations).
 */
#include "ui_text.h"

#include <inttypes.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <wchar.h>

#include "util.h"

#define ELLIPSIS "\xe2\x80\xa6" /* U+2026 */
#define ELLIPSIS_CP 0x2026u

struct cp_range {
	uint32_t first, last;
};

/* East Asian Wide and Fullwidth, for locales without a UTF-8 wcwidth. */
static const struct cp_range wide_ranges[] = {
	{ 0x1100, 0x115F }, { 0x2E80, 0xA4CF }, { 0xAC00, 0xD7A3 },
	{ 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F }, { 0xFF00, 0xFF60 },
	{ 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F }, { 0x1F900, 0x1F9FF },
	{ 0x20000, 0x3FFFD },
};

/* Combining marks and other zero-width characters, for the same case. */
static const struct cp_range zero_ranges[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x1160, 0x11FF },
	{ 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF }, { 0x200B, 0x200F },
	{ 0x20D0, 0x20FF }, { 0xD7B0, 0xD7FF }, { 0xFE00, 0xFE0F },
	{ 0xFE20, 0xFE2F }, { 0xE0100, 0xE01EF },
};

static int
in_ranges(uint32_t cp, const struct cp_range *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (cp >= r[i].first && cp <= r[i].last)
			return 1;
	}
	return 0;
}

/* 1 when the current LC_CTYPE is UTF-8, so wcwidth() knows Unicode. */
static int
locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 ||
	    strcasecmp(cs, "UTF8") == 0);
}

/* Columns of cp: 0, 1 or 2, or -1 when it cannot be shown as is. */
static int
cp_cols(uint32_t cp, int utf8_locale)
{
	int w;

	if (cp == UI_TEXT_INVALID || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return -1;
	if (cp < 0x7F)
		return 1;
	if (utf8_locale) {
		w = wcwidth((wchar_t)cp);
		return w > 2 ? 2 : w;
	}
	if (in_ranges(cp, zero_ranges, ARRAY_LEN(zero_ranges)))
		return 0;
	if (in_ranges(cp, wide_ranges, ARRAY_LEN(wide_ranges)))
		return 2;
	return 1;
}

size_t
ui_text_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t need, i;

	if (len == 0) {
		*cp = UI_TEXT_INVALID;
		return 0;
	}
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		need = 1, c &= 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2, c &= 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3, c &= 0x07, min = 0x10000;
	} else {
		*cp = UI_TEXT_INVALID;
		return 1;
	}
	if (len <= need) {
		*cp = UI_TEXT_INVALID;
		return 1;
	}
	for (i = 1; i <= need; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*cp = UI_TEXT_INVALID;
			return 1;
		}
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = UI_TEXT_INVALID;
		return 1;
	}
	*cp = c;
	return need + 1;
}

size_t
ui_text_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			return 0;
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	} else if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

int
ui_text_cp_width(uint32_t cp)
{
	int w = cp_cols(cp, locale_is_utf8());

	return w < 0 ? 1 : w;
}

int
ui_text_width(const char *utf8)
{
	size_t len, off = 0, step;
	uint32_t cp;
	int loc, w, total = 0;

	if (utf8 == NULL)
		return 0;
	loc = locale_is_utf8();
	len = strlen(utf8);
	while (off < len) {
		step = ui_text_decode(utf8 + off, len - off, &cp);
		w = cp_cols(cp, loc);
		total += w < 0 ? 1 : w;
		off += step;
	}
	return total;
}

size_t
ui_text_prev(const char *s, size_t pos)
{
	size_t start, off, step, last = 0;
	uint32_t cp;

	if (pos == 0)
		return 0;
	/* A character is at most 4 bytes; decode forward from there so that
	 * invalid bytes step back one at a time, as they were counted. */
	start = pos > 4 ? pos - 4 : 0;
	while (start > 0 && ((unsigned char)s[start] & 0xC0) == 0x80 &&
	    pos - start < 4)
		start--;
	off = start;
	while (off < pos) {
		last = off;
		step = ui_text_decode(s + off, pos - off, &cp);
		off += step;
	}
	return last;
}

/*
 * Copy characters of s to dst while they fit in max_cols columns, showing
 * unprintable ones as '?'; stops at the first that does not fit. Adds the
 * columns used to *cols; returns the bytes written (not terminated). dst
 * needs room for strlen(s) bytes.
 */
static size_t
copy_fitting(char *dst, const char *s, int max_cols, int loc, int *cols)
{
	size_t len = strlen(s), off = 0, out = 0, step;
	uint32_t cp;
	int w;

	while (off < len) {
		step = ui_text_decode(s + off, len - off, &cp);
		w = cp_cols(cp, loc);
		if (*cols + (w < 0 ? 1 : w) > max_cols)
			break;
		if (w < 0) {
			dst[out++] = '?';
			*cols += 1;
		} else {
			memcpy(dst + out, s + off, step);
			out += step;
			*cols += w;
		}
		off += step;
	}
	return out;
}

char *
ui_text_fit(const char *utf8, int cols, int align)
{
	const char *s = utf8 != NULL ? utf8 : "";
	int loc = locale_is_utf8(), used = 0, ew, pad, left;
	size_t cap, n = 0;
	char *out, *body;

	if (cols <= 0)
		return xstrdup("");
	cap = strlen(s) + strlen(ELLIPSIS) + (size_t)cols + 1;
	out = xmalloc(cap);
	body = xmalloc(strlen(s) + strlen(ELLIPSIS) + 1);
	if (ui_text_width(s) <= cols) {
		n = copy_fitting(body, s, cols, loc, &used);
	} else {
		ew = ui_text_cp_width(ELLIPSIS_CP);
		if (ew <= cols) {
			n = copy_fitting(body, s, cols - ew, loc, &used);
			memcpy(body + n, ELLIPSIS, strlen(ELLIPSIS));
			n += strlen(ELLIPSIS);
			used += ew;
		}
	}
	pad = cols - used;
	if (align == UI_ALIGN_RIGHT)
		left = pad;
	else if (align == UI_ALIGN_CENTER)
		left = pad / 2;
	else
		left = 0;
	memset(out, ' ', (size_t)left);
	memcpy(out + left, body, n);
	memset(out + left + n, ' ', (size_t)(pad - left));
	out[(size_t)left + n + (size_t)(pad - left)] = '\0';
	free(body);
	return out;
}

void
ui_text_clock(char *buf, size_t n, int64_t ms_epoch)
{
	int64_t secs = ms_epoch / 1000;
	time_t t;
	struct tm tm;

	if (n == 0)
		return;
	if (ms_epoch < 0 && ms_epoch % 1000 != 0)
		secs--;
	t = (time_t)secs;
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(buf, n, "%H:%M", &tm) == 0)
		snprintf(buf, n, "--:--");
}

void
ui_text_elapsed(char *buf, size_t n, int64_t ms)
{
	const char *sign = ms < 0 ? "-" : "";
	int64_t s;

	if (n == 0)
		return;
	/* -(ms / 1000) never overflows, unlike -ms. */
	s = ms < 0 ? -(ms / 1000) : ms / 1000;
	if (s < 60)
		snprintf(buf, n, "%s%" PRId64 "s", sign, s);
	else if (s < 3600)
		snprintf(buf, n, "%s%" PRId64 "m %02ds", sign, s / 60,
		    (int)(s % 60));
	else if (s < 86400)
		snprintf(buf, n, "%s%" PRId64 "h %02dm", sign, s / 3600,
		    (int)(s % 3600 / 60));
	else
		snprintf(buf, n, "%s%" PRId64 "d %02dh", sign, s / 86400,
		    (int)(s % 86400 / 3600));
}

const char *
ui_text_article(const char *noun)
{
	return noun != NULL && noun[0] != '\0' &&
	    strchr("aeiouAEIOU", noun[0]) != NULL ? "an" : "a";
}
