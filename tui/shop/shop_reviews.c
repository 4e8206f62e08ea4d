/*
 * shop_reviews.c: the reviews screen: the shop's average and its reviews,
 * newest first (view.reviews), each with the owner's reply or a mark
 * that it waits for one; Enter (or r) on a review without a reply opens
 * the reply dialog (the line editor; Enter sends view.review_reply, Esc
 * closes). The screen's state holds the reviews and the reply field.
 */
#include "shop.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "text_check.h"
#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_input.h"
#include "ui_review.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

#define REVIEWS_LIMIT 50

enum reviews_action { RACT_BACK, RACT_HELP, RACT_REPLY, RACT_RELOAD };

static const struct ui_key reviews_keys[] = {
	UI_KEY('\n', N_("답글"), N_("선택한 리뷰에 답글 달기"), RACT_REPLY),
	UI_KEY_ALIAS('r', RACT_REPLY),
	UI_KEY('R', N_("새로"), N_("리뷰 새로 받기"), RACT_RELOAD),
	UI_KEY(UI_KEY_ESC, N_("주문"), N_("주문 목록으로"), RACT_BACK),
	UI_KEY_ALIAS('v', RACT_BACK),
	UI_KEY_ALIAS('q', RACT_BACK),
	UI_KEY_ALIAS('h', RACT_BACK),
	UI_KEY_ALIAS(KEY_LEFT, RACT_BACK),
	UI_KEY('?', N_("도움말"), N_("이 도움말"), RACT_HELP),
};

enum { REPLY_SEND, REPLY_CLOSE };

static const struct ui_key reply_keys[] = {
	UI_KEY('\n', N_("보내기"), N_("답글 보내기"), REPLY_SEND),
	UI_KEY(UI_KEY_ESC, N_("닫기"), N_("보내지 않고 닫기"), REPLY_CLOSE),
};

/* The screen's state. */
struct reviews {
	json_t *result;             /* view.reviews, owned */
	struct ui_list list;
	struct ui_input reply;      /* the reply dialog's field */
	int64_t reply_to;           /* the review answered */
};

static struct reviews *
reviews_of(struct shop_app *app)
{
	return shop_state(app, SHOP_SCREEN_REVIEWS);
}

static void
reviews_init(void *state)
{
	ui_input_init(&((struct reviews *)state)->reply, 4 * TEXT_MAX_REPLY);
}

static void
reviews_release(void *state)
{
	struct reviews *s = state;

	json_decref(s->result);
	ui_input_free(&s->reply);
}

static const json_t *
reviews_list(const struct reviews *s)
{
	return json_object_get(s->result, "reviews");
}

static void
reviews_open(void *model)
{
	struct shop_app *app = model;
	struct reviews *s = reviews_of(app);
	struct wire_error err;
	json_t *r = client_call(app->c, "view", "reviews", json_pack("{s:i}",
	    "limit", REVIEWS_LIMIT), SHOP_CALL_MS, &err);

	if (r == NULL) {
		ui_app_error(_("리뷰를 받지 못했습니다"), &err);
		return;
	}
	json_decref(s->result);
	s->result = r;
	ui_list_set_count(&s->list, (int)json_array_size(reviews_list(s)));
	ui_app_dirty();
}

/* A review of the shop written or answered: read them again. */
static void
reviews_event(void *model, const json_t *ev)
{
	struct shop_app *app = model;

	if (app->screen == SHOP_SCREEN_REVIEWS &&
	    strncmp(wire_str(ev, "type", ""), "review.", 7) == 0)
		reviews_open(app);
}

static void
reviews_key(void *model, int action)
{
	struct shop_app *app = model;
	struct reviews *s = reviews_of(app);
	const json_t *r = json_array_get(reviews_list(s),
	    (size_t)s->list.selected);

	if (ui_list_key(&s->list, action, LINES > 8 ? LINES - 7 : 1))
		return;
	switch (action) {
	case RACT_BACK: shop_screen_open(app, SHOP_SCREEN_QUEUE); break;
	case RACT_HELP: ui_help_open(&app->help); break;
	case RACT_RELOAD: reviews_open(app); break;
	case RACT_REPLY:
		if (r == NULL)
			break;
		if (wire_str(r, "reply", NULL) != NULL) {
			ui_app_notice(UI_COLOR_WARN, "%s", _("이미 답글을 단 "
			    "리뷰입니다"));
			break;
		}
		s->reply_to = wire_int(r, "review_id", 0);
		ui_input_clear(&s->reply);
		shop_dialog_show(app, &shop_reply_dialog, 0);
		break;
	default: break;
	}
}

static void
reviews_row(void *ctx, int index, int y, int x, int w, int selected)
{
	const json_t *r = json_array_get(ctx, (size_t)index);
	const char *reply = wire_str(r, "reply", NULL);
	int attr = selected ? ui_attr(UI_COLOR_SELECTED) :
	    ui_attr(UI_COLOR_NORMAL);
	char stars[32], line[1024];

	snprintf(line, sizeof line, " %s %-6s %s", ui_review_stars(stars,
	    sizeof stars, wire_int(r, "rating", 0)), wire_str(r, "customer",
	    ""), wire_str(r, "text", ""));
	ui_draw_text(y, x, w / 2, UI_ALIGN_LEFT, attr, line);
	if (reply != NULL)
		snprintf(line, sizeof line, _(" └ %s"), reply);
	else
		snprintf(line, sizeof line, "%s", _(" 답글 없음 (Enter: 답글)"));
	ui_draw_text(y, x + w / 2, w - w / 2, UI_ALIGN_LEFT, selected ? attr :
	    ui_attr(reply ? UI_COLOR_DIM : UI_COLOR_WARN), line);
}

static void
reviews_draw(void *model, struct ui_rect body)
{
	struct shop_app *app = model;
	struct reviews *s = reviews_of(app);
	struct ui_rect r = { body.y + 1, 0, body.h - 1, COLS };
	char sum[64];

	if (s->result == NULL) {
		ui_draw_text(body.y + 1, 2, COLS - 2, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_DIM), _("리뷰를 받는 중…"));
		return;
	}
	ui_draw_textf(body.y, 0, COLS, UI_ALIGN_LEFT, ui_attr(UI_COLOR_NORMAL)
	    | A_BOLD, _(" 리뷰 관리 · %s · %s"), app->shop_name ?
	    app->shop_name : "?", ui_review_summary(sum, sizeof sum,
	    json_number_value(json_object_get(s->result, "average")),
	    (long long)wire_int(s->result, "count", 0)));
	ui_list_draw(&s->list, r, reviews_row, (void *)reviews_list(s));
}

const struct ui_view shop_reviews_view = {
	.title = N_("리뷰 관리"),
	.keys = reviews_keys,
	.n_keys = ARRAY_LEN(reviews_keys),
	.open = reviews_open,
	.draw = reviews_draw,
	.key = reviews_key,
	.event = reviews_event,
	.state_size = sizeof (struct reviews),
	.init = reviews_init,
	.release = reviews_release,
};

static void
reply_send(struct shop_app *app)
{
	struct reviews *s = reviews_of(app);
	const char *text = ui_input_text(&s->reply);
	struct wire_error err;
	json_t *r;

	if (text_check(text, "text", TEXT_MAX_REPLY, &err) != 0) {
		ui_app_notice(UI_COLOR_WARN, "%s", _("답글을 입력해 주세요 "
		    "(300자까지, 줄바꿈 없이)"));
		return;
	}
	r = client_call(app->c, "view", "review_reply", json_pack("{s:I, s:s}",
	    "review_id", (json_int_t)s->reply_to, "text", text), SHOP_CALL_MS,
	    &err);
	if (r == NULL) {
		ui_app_error(_("답글을 달지 못했습니다"), &err);
		return;
	}
	json_decref(r);
	shop_dialog_show(app, NULL, 0);
	ui_app_notice(UI_COLOR_OK, "%s", _("답글을 달았습니다"));
	reviews_open(app);
}

static void
reply_key(void *model, int action, int ch)
{
	struct shop_app *app = model;

	if (action == REPLY_SEND)
		reply_send(app);
	else if (action == REPLY_CLOSE)
		shop_dialog_show(app, NULL, 0);
	else
		ui_input_key(&reviews_of(app)->reply, ch);
	ui_app_dirty();
}

static void
reply_draw(void *model)
{
	struct shop_app *app = model;
	struct reviews *s = reviews_of(app);
	char head[64], count[64];
	const char *lines[] = { head };
	struct ui_rect r;

	snprintf(head, sizeof head, _("리뷰 %lld에 답글"),
	    (long long)s->reply_to);
	r = ui_dialog_draw(_(" 답글 달기 "), lines, 1, 2, 56);
	if (r.h < 2)
		return;
	ui_input_draw(&s->reply, r.y, r.x, r.w, ui_attr(UI_COLOR_NORMAL));
	snprintf(count, sizeof count, _("%zu/%d자 · Enter 보내기 · Esc 닫기"),
	    text_chars(ui_input_text(&s->reply)), TEXT_MAX_REPLY);
	ui_draw_text(r.y + 1, r.x, r.w, UI_ALIGN_LEFT, ui_attr(UI_COLOR_DIM),
	    count);
}

const struct ui_dialog shop_reply_dialog = {
	.title = N_("답글 달기"),
	.keys = reply_keys,
	.n_keys = ARRAY_LEN(reply_keys),
	.draw = reply_draw,
	.key = reply_key,
};
