/*
 * ui_review.h: how a review's rating reads in the apps and the CLI.
 */
#ifndef BAEDAL_UI_REVIEW_H
#define BAEDAL_UI_REVIEW_H

#include <stddef.h>

#define UI_REVIEW_STARS 5

/* "★★★★☆" for rating (clamped to 0..5) into buf (n >= 16 bytes is
 * enough); returns buf. */
char *ui_review_stars(char *buf, size_t n, long long rating);

/* "★4.7 (3)" for an average and a count, or "리뷰 없음" (translated)
 * when count is 0, into buf; returns buf. */
char *ui_review_summary(char *buf, size_t n, double average,
    long long count);

#endif
