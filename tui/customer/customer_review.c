/*
 * customer_review.c: reviews in the customer app: the dialog that writes
 * one for a delivered or picked-up order (stars with Left / Right, words
 * with the line editor, Enter sends, Esc closes), and a shop's average
 * and latest reviews, read for the menu screen.
 */
#include "customer.h"

#include <stdio.h>
#include <string.h>

#include "text_check.h"
#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_review.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

#define REVIEW_DEFAULT_STARS 5

enum { REVIEW_SEND, REVIEW_CLOSE };

static const struct ui_key review_keys[] = {
	UI_KEY('\n', N_("보내기"), N_("리뷰 보내기"), REVIEW_SEND),
	UI_KEY(UI_KEY_ESC, N_("닫기"), N_("보내지 않고 닫기"),
	    REVIEW_CLOSE),
};

void
cust_review_start(struct cust *m, int64_t order_id)
{
	struct cust_review_form *f = &m->review;

	if (!f->ready) {
		ui_input_init(&f->text, 4 * TEXT_MAX_REVIEW);
		f->ready = 1;
	}
	ui_input_clear(&f->text);
	f->order_id = order_id;
	f->rating = REVIEW_DEFAULT_STARS;
	cust_dialog_show(m, &cust_review_dialog);
}

void
cust_review_free(struct cust *m)
{
	if (m->review.ready)
		ui_input_free(&m->review.text);
	m->review.ready = 0;
}

static void
review_send(struct cust *m)
{
	struct cust_review_form *f = &m->review;
	const char *text = ui_input_text(&f->text);
	struct wire_error err;
	char why[320];
	json_t *body, *r;

	if (*text != '\0' && text_check(text, "text", TEXT_MAX_REVIEW,
	    &err) != 0) {
		ui_app_notice(UI_COLOR_WARN, "%s", err.message);
		return;
	}
	body = json_pack("{s:I, s:i}", "order_id", (json_int_t)f->order_id,
	    "rating", f->rating);
	if (*text != '\0')
		json_object_set_new(body, "text", json_string(text));
	if ((r = cust_call(m, "view", "review_write", body, &err)) == NULL) {
		ui_app_error_text(&err, why, sizeof why);
		ui_app_notice(UI_COLOR_ERROR, _("리뷰를 남기지 못했습니다: %s"),
		    why);
		return;
	}
	json_decref(r);
	cust_dialog_show(m, NULL);
	ui_app_notice(UI_COLOR_OK, _("리뷰를 남겼습니다. 고맙습니다!"));
	cust_track_reload(m);
}

static void
review_key(void *app, int action, int ch)
{
	struct cust *m = app;
	struct cust_review_form *f = &m->review;

	if (action == REVIEW_SEND)
		review_send(m);
	else if (action == REVIEW_CLOSE)
		cust_dialog_show(m, NULL);
	else if (ch == KEY_LEFT && f->rating > 1)
		f->rating--;
	else if (ch == KEY_RIGHT && f->rating < UI_REVIEW_STARS)
		f->rating++;
	else if (ch != KEY_LEFT && ch != KEY_RIGHT)
		ui_input_key(&f->text, ch);
}

static void
review_draw(void *app)
{
	struct cust *m = app;
	struct cust_review_form *f = &m->review;
	char l0[96], stars[32], count[64];
	const char *lines[] = { l0 };
	struct ui_rect r;

	snprintf(l0, sizeof l0, _("주문 #%lld은(는) 어떠셨나요?"),
	    (long long)f->order_id);
	r = ui_dialog_draw(_("리뷰 쓰기"), lines, 1, 3, 56);
	if (r.h < 3)
		return;
	ui_draw_textf(r.y, r.x, r.w, UI_ALIGN_LEFT, ui_attr(UI_COLOR_PRICE) |
	    A_BOLD, "%s  %d/5  %s", ui_review_stars(stars, sizeof stars,
	    f->rating), f->rating, _("(←/→ 별점)"));
	ui_input_draw(&f->text, r.y + 1, r.x, r.w, ui_attr(UI_COLOR_NORMAL));
	snprintf(count, sizeof count, _("%zu/%d자 · 비워 두어도 됩니다"),
	    text_chars(ui_input_text(&f->text)), TEXT_MAX_REVIEW);
	ui_draw_text(r.y + 2, r.x, r.w, UI_ALIGN_LEFT, ui_attr(UI_COLOR_DIM),
	    count);
}

const struct ui_dialog cust_review_dialog = {
	.title = N_("리뷰 쓰기"),
	.keys = review_keys,
	.n_keys = ARRAY_LEN(review_keys),
	.draw = review_draw,
	.key = review_key,
};

json_t *
cust_reviews_read(struct cust *m, const char *shop_id, int limit)
{
	struct wire_error err;

	return cust_read(m, "view", "reviews", json_pack("{s:s, s:i}",
	    "shop_id", shop_id, "limit", limit), &err);
}

const char *
cust_reviews_summary(const json_t *reviews, char *buf, size_t n)
{
	if (reviews == NULL)
		return "";
	return ui_review_summary(buf, n, json_number_value(json_object_get(
	    reviews, "average")), (long long)wire_int(reviews, "count", 0));
}

int
cust_reviews_draw(const json_t *reviews, struct ui_rect r)
{
	const json_t *one, *list = json_object_get(reviews, "reviews");
	char stars[32];
	const char *reply;
	size_t i;
	int y = r.y;

	if (json_array_size(list) == 0 || r.h < 2)
		return 0;
	ui_draw_text(y++, r.x, r.w, UI_ALIGN_LEFT, ui_attr(UI_COLOR_TITLE),
	    _(" 최근 리뷰"));
	json_array_foreach(list, i, one) {
		if (y >= r.y + r.h)
			break;
		reply = wire_str(one, "reply", NULL);
		ui_draw_textf(y++, r.x, r.w, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_NORMAL), " %s %s  %s%s%s",
		    ui_review_stars(stars, sizeof stars, wire_int(one, "rating",
		    0)), wire_str(one, "customer", ""), wire_str(one, "text",
		    ""), reply ? _("  └ 사장님: ") : "", reply ? reply : "");
	}
	return y - r.y;
}
