/*
 * customer_util.c: what every screen of baedal-customer uses: moving
 * between screens, dialogs (and the yes/no ones' shared parts), requests,
 * status words
 * and row drawing.
 */
#include "customer.h"

#include <assert.h>
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

void *
cust_state(struct cust *m, enum cust_screen screen)
{
	return ui_views_state(&m->views, (size_t)screen);
}

void
cust_open(struct cust *m, enum cust_screen screen)
{
	if (screen != m->screen) {
		if (m->depth < (int)ARRAY_LEN(m->back))
			m->back[m->depth++] = m->screen;
		else {
			memmove(m->back, m->back + 1,
			    sizeof m->back - sizeof m->back[0]);
			m->back[m->depth - 1] = m->screen;
		}
		m->screen = screen;
	}
	m->need_open = 1;
	ui_app_dirty();
}

void
cust_dialog_show(struct cust *m, const struct ui_dialog *dialog)
{
	if (m->dialog != NULL && dialog == NULL)
		ui_app_repaint();
	m->dialog = dialog;
	ui_app_dirty();
}

/* ---- the yes/no dialogs' shared parts ---- */

const struct ui_key cust_confirm_keys[UI_CONFIRM_KEYS_N] = {
	UI_CONFIRM_KEYS(N_("예"), N_("예, 그렇게 합니다"), N_("아니요"),
	    N_("아니요, 돌아갑니다")),
};

void
cust_confirm_show(struct cust *m, const struct ui_dialog *dialog,
    const char *const *lines)
{
	ui_confirm_set(&m->question, dialog->title, lines, UI_CONFIRM_PROMPT);
	cust_dialog_show(m, dialog);
}

void
cust_confirm_draw(void *app)
{
	ui_confirm_draw(&((struct cust *)app)->question);
}

int
cust_confirm_answer(struct cust *m, int action)
{
	int answer = ui_confirm_answer(action);

	if (answer >= 0)
		cust_dialog_show(m, NULL);
	return answer;
}

/* ---- requests ---- */

json_t *
cust_call_ms(struct cust *m, const char *service, const char *method,
    json_t *body, int timeout_ms, struct wire_error *err)
{
	if (!client_online(m->client)) {
		json_decref(body);
		wire_error_set(err, E_SERVICE_UNAVAILABLE,
		    _("서버에 연결할 수 없습니다"));
		return NULL;
	}
	return client_call(m->client, service, method, body, timeout_ms, err);
}

json_t *
cust_call(struct cust *m, const char *service, const char *method,
    json_t *body, struct wire_error *err)
{
	return cust_call_ms(m, service, method, body, CUST_CALL_MS, err);
}

json_t *
cust_read(struct cust *m, const char *service, const char *method,
    json_t *body, struct wire_error *err)
{
	return cust_call_ms(m, service, method, body, CUST_READ_MS, err);
}

void
cust_json_set(json_t **slot, json_t *value)
{
	json_decref(*slot);
	*slot = value;
}

static const struct {
	const char *status, *word;
} cust_words[] = {
	{ "PAID", N_("결제완료") }, { "ACCEPTED", N_("접수완료") },
	{ "COOKING", N_("조리중") }, { "DELIVERING", N_("배달중") },
	{ "DELIVERED", N_("배달완료") }, { "CANCELLED", N_("취소됨") },
	{ "REJECTED", N_("거절됨") }, { "APPROVED", N_("승인") },
	{ "REFUNDED", N_("환불됨") }, { "PENDING", N_("대기") },
	{ "READY", N_("조리완료") }, { "PICKED_UP", N_("픽업완료") },
	{ "AWAITING_DEPOSIT", N_("입금대기") }, { "EXPIRED", N_("입금기한 만료") },
	{ "ASSIGNED", N_("라이더 배정") },
};

const char *
cust_status_word(const char *status)
{
	size_t i;

	for (i = 0; status != NULL && i < ARRAY_LEN(cust_words); i++)
		if (strcmp(status, cust_words[i].status) == 0)
			return _(cust_words[i].word);
	return status != NULL ? status : "";
}

int
cust_status_final(const char *status)
{
	return status != NULL && (strcmp(status, "DELIVERED") == 0 ||
	    strcmp(status, "PICKED_UP") == 0 ||
	    strcmp(status, "EXPIRED") == 0 ||
	    strcmp(status, "CANCELLED") == 0 ||
	    strcmp(status, "REJECTED") == 0);
}

void
cust_draw_message(struct ui_rect body, int color, const char *text)
{
	if (body.h <= 0)
		return;
	ui_draw_text(body.y + body.h / 2, body.x, body.w, UI_ALIGN_CENTER,
	    ui_attr((enum ui_color)color), text);
}

/* The columns of cols[0..n) shown in w columns, as a bit mask (bit i:
 * column i), and the width of the width 0 column in *rest. */
static unsigned long
cust_cols_shown(const struct cust_col *cols, size_t n, int w, int *rest)
{
	unsigned long shown = 0;
	size_t i, drop = n;
	int fixed, k;

	assert(n <= 8 * sizeof shown);
	for (i = 0; i < n; i++)
		shown |= 1UL << i;
	for (;;) {
		fixed = k = 0;
		for (i = 0; i < n; i++)
			if (shown & (1UL << i))
				fixed += cols[i].w + (k++ > 0);
		*rest = w - fixed;
		/* Leave out the last optional column still shown. */
		while (drop > 0 && !cols[drop - 1].optional)
			drop--;
		if (*rest >= CUST_COL_REST_MIN || drop == 0)
			return shown;
		shown &= ~(1UL << --drop);
	}
}

void
cust_draw_row(int y, int x, int w, const struct cust_col *cols, size_t n,
    const char *const *cells, const int *attrs, int fill)
{
	int rest, cx = x, cw, attr;
	unsigned long shown = cust_cols_shown(cols, n, w, &rest);
	size_t i;

	if (cells == NULL)
		fill = ui_attr(UI_COLOR_DIM) | A_UNDERLINE;
	ui_draw_text(y, x, w, UI_ALIGN_LEFT, fill, "");
	for (i = 0; i < n && cx < x + w; i++) {
		if (!(shown & (1UL << i)))
			continue;
		cw = cols[i].w > 0 ? cols[i].w : rest;
		if (cw > x + w - cx)
			cw = x + w - cx;
		if (cw < 0)
			cw = 0;
		attr = cells == NULL || attrs == NULL ? fill : attrs[i];
		if (cw > 0)
			ui_draw_text(y, cx, cw, cols[i].align, attr,
			    cells != NULL ? cells[i] : _(cols[i].head));
		cx += cw + 1;
	}
}
