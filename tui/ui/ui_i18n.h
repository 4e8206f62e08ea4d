/*
 * ui_i18n.h: the apps' and the CLI's words, through gettext.
 *
 * The texts in the source are Korean, the default language; a catalogue
 * (po/) gives the English for a locale that asks for it. Wrap every text a
 * person reads in _() where it is used, or N_() where it is a constant in a
 * table (translated with _() where it is shown). Machine output (--json,
 * protocol names, codes) is never wrapped.
 */
#ifndef BAEDAL_UI_I18N_H
#define BAEDAL_UI_I18N_H

#include <libintl.h>
#include <stdio.h>
#include <string.h>

#define _(text) gettext(text)
#define N_(text) text
/* A text whose word means different things in different places ("접수":
 * the action Accept, the status Accepted): marked with its context, and
 * translated with ui_i18n_ctx(context, text) where it is shown. */
#define NC_(context, text) text

/*
 * The translation of text in context (a msgctxt of the catalogue), or
 * text itself. The result is borrowed: the catalogue's, or text.
 */
static inline const char *
ui_i18n_ctx(const char *context, const char *text)
{
	char key[256];
	const char *t;

	if (snprintf(key, sizeof key, "%s\004%s", context, text) >=
	    (int)sizeof key)
		return text;
	t = gettext(key);
	return t == key ? text : t;
}

#endif
