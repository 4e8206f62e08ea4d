/*
 * ui_main.h: the last steps of a terminal app's main, after its options:
 * connect (without waiting: the app shows a banner until the broker
 * answers), check the terminal, run the loop, and turn how it ended into
 * the exit status.
 */
#ifndef BAEDAL_UI_MAIN_H
#define BAEDAL_UI_MAIN_H

#include "client.h"
#include "front.h"
#include "ui_app.h"

/*
 * Run the app parsed into opt: monochrome as opt says, *c connected (the
 * caller's to destroy, also after a failure), the terminal checked (exit
 * 2 when it cannot be used, saying why), then ui_app_run(*c, ops, model,
 * opt->exit_after). *fatal (may be NULL; read after the loop) is the
 * reason the app quit on its own, said on stderr. Returns the exit
 * status (FRONT_EXIT_*).
 */
int ui_main_run(struct front_app *opt, struct client **c,
    const struct ui_app_ops *ops, void *model, char *const *fatal);

#endif
