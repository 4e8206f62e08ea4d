/*
 * ui_term.c: checking stdin, stdout, the character set and the terminal
 * type before curses takes over (see ui_term.h).
 */
#include "ui_term.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#include "ui_i18n.h"

/* Locales tried, in order, when the environment's has no UTF-8. */
static const char *const term_utf8_locales[] = { "C.UTF-8", "C.utf8",
    "en_US.UTF-8" };

static int
term_utf8(void)
{
	const char *set = nl_langinfo(CODESET);

	return set != NULL && (strcmp(set, "UTF-8") == 0 ||
	    strcmp(set, "utf8") == 0);
}

/* 1 when the character set is UTF-8, or could be switched to it. */
static int
term_utf8_or_fallback(void)
{
	size_t i;

	if (term_utf8())
		return 1;
	for (i = 0; i < sizeof term_utf8_locales /
	    sizeof term_utf8_locales[0]; i++)
		if (setlocale(LC_CTYPE, term_utf8_locales[i]) != NULL &&
		    term_utf8())
			return 1;
	return 0;
}

/* 1 when TERM names a terminal that can move the cursor. */
static int
term_addressable(void)
{
	const char *cup;
	int err = 0, ok;

	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return 0;
	cup = tigetstr("cup");
	ok = cup != NULL && cup != (char *)-1;
	del_curterm(cur_term);
	return ok;
}

int
ui_term_check(char *why, size_t n)
{
	const char *term = getenv("TERM");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(why, n, _("%s이(가) 터미널이 아닙니다: 터미널에서 "
		    "실행하세요 (스크립트에는 baedal --json)"),
		    !isatty(STDIN_FILENO) ?
		    "stdin" : "stdout");
		return -1;
	}
	if (!term_utf8_or_fallback()) {
		snprintf(why, n, "%s", _("로캘이 UTF-8이 아니고 C.UTF-8도 "
		    "없습니다: LANG을 UTF-8 로캘로 설정하세요"));
		return -1;
	}
	if (term == NULL || term[0] == '\0' || !term_addressable()) {
		snprintf(why, n, _("터미널 종류(TERM=%s)가 커서를 움직일 수 "
		    "없습니다: TERM을 설정하세요, 예: TERM=xterm-256color"),
		    term != NULL ? term : "");
		return -1;
	}
	return 0;
}
