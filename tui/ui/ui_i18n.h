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

#define _(text) gettext(text)
#define N_(text) text

#endif
