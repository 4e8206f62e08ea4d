/*
 * check.h: the unit tests' one assertion. Prints "ok - NAME" or
 * "not ok - NAME" (tests/run.sh counts these lines).
 */
#ifndef BAEDAL_CHECK_H
#define BAEDAL_CHECK_H

/* Report one check; returns cond. */
int check(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Check that got equals want, printing both when not; returns 1 when equal. */
int check_str(const char *got, const char *want, const char *name);
/* The exit status for main: 0 when every check passed, else 1. */
int check_status(void);

#endif
