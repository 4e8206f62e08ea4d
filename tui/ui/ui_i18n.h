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

#define _(text) ui_i18n_text(text)
#define N_(text) text
/* A text whose word means different things in different places ("접수":
 * the action Accept, the status Accepted): marked with its context, and
 * translated with ui_i18n_ctx(context, text) where it is shown. */
#define NC_(context, text) text

/*
 * The translation of text, or text itself; "" and NULL stay as they are
 * (gettext("") would be the catalogue's header). Borrowed.
 */
__attribute__((format_arg(1))) static inline const char *
ui_i18n_text(const char *text)
{
	return text != NULL && text[0] != '\0' ? gettext(text) : text;
}

/*
 * The translation of text in context (a msgctxt of the catalogue), else
 * its translation without one, else text itself. Borrowed.
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
	return t == key ? ui_i18n_text(text) : t;
}

#endif
