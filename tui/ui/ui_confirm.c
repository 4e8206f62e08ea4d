/*
 * ui_confirm.c: the yes/no dialog's question and drawing.
 */
#include "ui_confirm.h"

#include <stdio.h>

#include "ui_app.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "ui_widgets.h"
#include "ui_i18n.h"
#include "util.h"

/* The narrowest dialog, inside its border. */
#define CONFIRM_MIN_W 30

void
ui_confirm_set(struct ui_confirm *self, const char *title,
    const char *const *lines, const char *prompt)
{
	size_t i;

	snprintf(self->title, sizeof self->title, "%s", title);
	for (i = 0; i < ARRAY_LEN(self->lines); i++) {
		if (lines != NULL && lines[0] != NULL)
			snprintf(self->lines[i], sizeof self->lines[i], "%s",
			    *lines++);
		else
			self->lines[i][0] = '\0';
	}
	self->prompt = prompt;
}

void
ui_confirm_draw(const struct ui_confirm *self)
{
	const char *lines[ARRAY_LEN(self->lines)];
	struct ui_rect r;
	size_t i, n = 0;
	int w = CONFIRM_MIN_W;

	for (i = 0; i < ARRAY_LEN(self->lines); i++)
		if (self->lines[i][0] != '\0')
			lines[n++] = _(self->lines[i]);
	if (self->prompt == NULL) {
		ui_dialog_draw(_(self->title), lines, n, 0, w);
		return;
	}
	/* The keys line sits one empty row below the question. */
	if (ui_text_width(_(self->prompt)) + 4 > w)
		w = ui_text_width(_(self->prompt)) + 4;
	r = ui_dialog_draw(_(self->title), lines, n, 2, w);
	if (r.h >= 2)
		ui_draw_text(r.y + 1, r.x, r.w, UI_ALIGN_CENTER,
		    ui_attr(UI_COLOR_KEY), _(self->prompt));
}

int
ui_confirm_answer(int action)
{
	if (action == UI_CONFIRM_YES || action == UI_CONFIRM_NO)
		return action;
	ui_app_notice(UI_COLOR_WARN, _("y 또는 n을 눌러 주세요"));
	return -1;
}
