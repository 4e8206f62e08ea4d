/*
 * ui_review.c: stars and averages (see ui_review.h).
 */
#include "ui_review.h"

#include <stdio.h>
#include <string.h>

#include "ui_i18n.h"

char *
ui_review_stars(char *buf, size_t n, long long rating)
{
	size_t used = 0;
	int i;

	if (n == 0)
		return buf;
	buf[0] = '\0';
	for (i = 1; i <= UI_REVIEW_STARS && used + 4 <= n; i++) {
		memcpy(buf + used, i <= rating ? "★" : "☆", 3);
		used += 3;
		buf[used] = '\0';
	}
	return buf;
}

char *
ui_review_summary(char *buf, size_t n, double average, long long count)
{
	if (count <= 0)
		snprintf(buf, n, "%s", _("리뷰 없음"));
	else
		snprintf(buf, n, _("★%.1f (리뷰 %lld개)"), average, count);
	return buf;
}
