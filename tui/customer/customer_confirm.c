/*
 * customer_confirm.c: the yes/no dialog (cancel an order, quit with a
 * full cart, replace the cart with another shop's items).
 */
#include "customer.h"

#include <stdio.h>

#include "ui_app.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

enum { CONFIRM_YES, CONFIRM_NO };

static const struct ui_key confirm_keys[] = {
	UI_KEY('y', "Yes", "Yes, do it", CONFIRM_YES),
	UI_KEY_ALIAS('\n', CONFIRM_YES),
	UI_KEY('n', "No", "No, go back", CONFIRM_NO),
	UI_KEY_ALIAS(UI_KEY_ESC, CONFIRM_NO),
	UI_KEY_ALIAS('q', CONFIRM_NO),
};

void
cust_confirm_ask(struct cust *m, const char *title,
    const char *const *lines, void (*yes)(struct cust *m),
    void (*no)(struct cust *m))
{
	size_t i;

	snprintf(m->confirm.title, sizeof m->confirm.title, "%s", title);
	for (i = 0; i < ARRAY_LEN(m->confirm.lines); i++) {
		if (lines != NULL && lines[0] != NULL)
			snprintf(m->confirm.lines[i],
			    sizeof m->confirm.lines[i], "%s", *lines++);
		else
			m->confirm.lines[i][0] = '\0';
	}
	m->confirm.yes = yes;
	m->confirm.no = no;
	cust_dialog_show(m, &cust_confirm_dialog);
}

static void
confirm_draw(struct cust *m)
{
	const char *lines[ARRAY_LEN(m->confirm.lines) + 1];
	struct ui_rect r;
	size_t i, n = 0;

	for (i = 0; i < ARRAY_LEN(m->confirm.lines); i++)
		if (m->confirm.lines[i][0] != '\0')
			lines[n++] = m->confirm.lines[i];
	r = ui_dialog_draw(m->confirm.title, lines, n, 2, 36);
	if (r.h >= 2)
		ui_draw_text(r.y + 1, r.x, r.w, UI_ALIGN_CENTER,
		    ui_attr(UI_COLOR_KEY), "[y] 예 / Yes     [n] 아니오 / No");
}

static void
confirm_key(struct cust *m, int action, int ch)
{
	void (*answer)(struct cust *) = action == CONFIRM_YES ?
	    m->confirm.yes : m->confirm.no;

	(void)ch;
	if (action < 0) {
		ui_app_notice(UI_COLOR_WARN, "y 또는 n을 눌러 주세요 "
		    "(press y or n)");
		return;
	}
	cust_dialog_show(m, NULL);
	if (answer != NULL)
		answer(m);
}

const struct cust_dialog cust_confirm_dialog = {
	"확인", confirm_keys, ARRAY_LEN(confirm_keys), confirm_draw,
	confirm_key,
};
