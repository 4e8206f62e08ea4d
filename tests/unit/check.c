/*
 * check.c: the unit tests' reporting.
 */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>

static int check_failed;

int
check(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", cond ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		check_failed = 1;
	return cond;
}

int
check_status(void)
{
	return check_failed ? 1 : 0;
}
