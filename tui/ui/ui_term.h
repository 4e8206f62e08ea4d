/*
 * ui_term.h: what both apps check before taking over the terminal, so
 * they either work or say at once why not: a terminal on stdin and
 * stdout, a UTF-8 character set (falling back on C.UTF-8 when the
 * locale has none), and a terminal type that can move the cursor.
 */
#ifndef BAEDAL_UI_TERM_H
#define BAEDAL_UI_TERM_H

#include <stddef.h>

/*
 * Check the terminal, after setlocale(LC_ALL, ""). Returns 0 when the app
 * can run (LC_CTYPE may have been switched to C.UTF-8), or -1 with why,
 * one sentence with what to do, in buf. Writes nothing to the terminal.
 */
int ui_term_check(char *why, size_t n);

#endif
