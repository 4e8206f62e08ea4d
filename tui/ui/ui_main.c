/*
 * ui_main.c: the end of a terminal app's main (see ui_main.h).
 */
#include "ui_main.h"

#include <stdio.h>

#include "ui_term.h"

int
ui_main_run(struct front_app *opt, struct client **c,
    const struct ui_app_ops *ops, void *model, char *const *fatal)
{
	char why[256];
	int rc;

	ui_app_set_monochrome(opt->mono);
	if ((*c = front_app_connect(opt)) == NULL)
		return FRONT_EXIT_FAIL;
	/* Who we are first (exit 1), then where we draw (exit 2). */
	if (ui_term_check(why, sizeof why) != 0) {
		fprintf(stderr, "%s: %s\n", opt->name, why);
		return FRONT_EXIT_USAGE;
	}
	rc = ui_app_run(*c, ops, model, opt->exit_after);
	return front_app_exit(opt, rc, *fatal);
}
