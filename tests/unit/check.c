/*
 * check.c: the unit tests' reporting.
 */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
check_str(const char *got, const char *want, const char *name)
{
	int same = got != NULL && strcmp(got, want) == 0;

	if (!same)
		printf("# got \"%s\", want \"%s\"\n", got ? got : "(null)",
		    want);
	return check(same, "%s", name);
}

int
check_status(void)
{
	return check_failed ? 1 : 0;
}
