/*
 * test_i18n.c: _(), N_() and ui_i18n_ctx() (ui_i18n.h) with no catalogue
 * (the source's Korean) and with the build tree's English one
 * ($BUILD/locale, beside this binary's folder).
 */
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ui_i18n.h"

/* $BUILD/locale: this binary is $BUILD/tests/test_i18n. */
static int
build_locale(char *dir, size_t n)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;
	int i;

	if (len <= 0)
		return -1;
	exe[len] = '\0';
	for (i = 0; i < 2; i++)
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
	snprintf(dir, n, "%s/locale", exe);
	return access(dir, R_OK) == 0 ? 0 : -1;
}

int
main(void)
{
	static const char *const table[] = { N_("합계"), N_("배달팁") };
	char dir[PATH_MAX + 16];

	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		printf("ok - skipped: no C.UTF-8 locale\n");
		return 0;
	}
	unsetenv("LANGUAGE");
	textdomain("baedal");
	bindtextdomain("baedal", "/nonexistent");
	check_str(_("합계"), "합계", "no catalogue: the Korean of the source");
	check_str(_(""), "", "\"\" stays empty (not the catalogue header)");
	check(_(NULL) == NULL, "NULL stays NULL");
	check_str(ui_i18n_ctx("status", "접수"), "접수",
	    "no catalogue: a context gives the Korean too");

	check(build_locale(dir, sizeof dir) == 0, "the build tree has %s", dir);
	bindtextdomain("baedal", dir);
	bind_textdomain_codeset("baedal", "UTF-8");
	setenv("LANGUAGE", "en", 1);
	check_str(_("합계"), "Total", "LANGUAGE=en: English");
	check_str(_(table[1]), "Delivery fee", "N_() in a table, _() where shown");
	check_str(_(""), "", "\"\" stays empty with a catalogue");
	check_str(ui_i18n_ctx("status", "접수"), "Accepted",
	    "the status 접수 reads Accepted");
	check_str(_("접수"), "Accept", "... the action 접수 Accept");
	check_str(ui_i18n_ctx("status", "합계"), "Total",
	    "a context with no entry falls back to the plain translation");
	check_str(_("카탈로그에 없는 말"), "카탈로그에 없는 말",
	    "a text the catalogue lacks stays as it is");
	check_str(_(table[0]), "Total", "the table's first entry");
	return check_status();
}
