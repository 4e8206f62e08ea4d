/*
 * shop_reasons.c: the reasons screen: how many of the shop's orders were
 * rejected and cancelled for each reason code (store.reasons), in Korean
 * (reasons.h), with the totals. It reads the counts again on entering,
 * on R, and after an order.rejected or order.cancelled while shown: the
 * store counts an event when it has applied it, which may be after the
 * console saw it, so it asks again (every 250 ms, for 3 s at most) until
 * the total has grown by the events seen.
 */
#include "shop.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "reasons.h"
#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

enum reasons_action { RACT_BACK, RACT_HELP, RACT_RELOAD, RACT_MENU,
	RACT_HOURS };

static const struct ui_key reasons_keys[] = {
	UI_KEY('R', N_("새로"), N_("사유 통계 새로 받기"), RACT_RELOAD),
	UI_KEY('m', N_("메뉴"), N_("메뉴 관리"), RACT_MENU),
	UI_KEY('H', N_("영업시간"), N_("영업시간과 휴무일"), RACT_HOURS),
	UI_KEY(UI_KEY_ESC, N_("주문"), N_("주문 목록으로"), RACT_BACK),
	UI_KEY_ALIAS('q', RACT_BACK),
	UI_KEY_ALIAS('h', RACT_BACK),
	UI_KEY_ALIAS(KEY_LEFT, RACT_BACK),
	UI_KEY('?', N_("도움말"), N_("이 도움말"), RACT_HELP),
};

/* Ask again this often, for this long, after an event. */
#define REASONS_RETRY_MS 250
#define REASONS_WAIT_MS 3000

/* The screen's state: store.reasons' answer and the total it should
 * reach after the events seen since. */
struct reasons {
	json_t *counts;             /* owned; NULL before the first read */
	int64_t want;               /* the total the events seen make */
	int64_t retry_at, give_up_at;  /* mono_ms */
	struct ui_list list;
};

static struct reasons *
reasons_of(struct shop_app *app)
{
	return shop_state(app, SHOP_SCREEN_REASONS);
}

static void
reasons_release(void *state)
{
	json_decref(((struct reasons *)state)->counts);
}

/* Every count of store.reasons' answer (borrowed, may be NULL). */
static int64_t
reasons_total(const json_t *counts)
{
	const char *group[] = { "rejected", "cancelled" }, *code;
	json_t *n;
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < ARRAY_LEN(group); i++)
		json_object_foreach(json_object_get(counts, group[i]), code, n)
			sum += json_integer_value(n);
	return sum;
}

static void
reasons_load(struct shop_app *app)
{
	struct reasons *s = reasons_of(app);
	struct wire_error err;
	json_t *res = client_call(app->c, "store", "reasons", json_object(),
	    SHOP_CALL_MS, &err);

	s->retry_at = mono_ms() + REASONS_RETRY_MS;
	if (res == NULL) {
		ui_app_error(_("사유 통계를 받지 못했습니다"), &err);
		return;
	}
	json_decref(s->counts);
	s->counts = res;
	ui_app_dirty();
}

static void
reasons_open(void *app)
{
	reasons_load(app);
}

/* order.rejected and order.cancelled change the counts. */
static void
reasons_event(void *model, const json_t *ev)
{
	const char *type = wire_str(ev, "type", "");

	struct reasons *s = reasons_of(model);
	int64_t total = reasons_total(s->counts);

	if (strcmp(type, "order.rejected") != 0 &&
	    strcmp(type, "order.cancelled") != 0)
		return;
	s->want = (s->want > total ? s->want : total) + 1;
	s->give_up_at = mono_ms() + REASONS_WAIT_MS;
}

static void
reasons_tick(void *model, int64_t now)
{
	struct shop_app *app = model;

	struct reasons *s = reasons_of(app);
	int64_t mono = mono_ms();

	(void)now;
	if (app->screen == SHOP_SCREEN_REASONS && app->dialog == NULL &&
	    s->want > reasons_total(s->counts) && mono < s->give_up_at &&
	    mono >= s->retry_at && client_online(app->c))
		reasons_load(app);
}

static void
reasons_key(void *model, int action)
{
	struct shop_app *app = model;

	if (ui_list_key(&reasons_of(app)->list, action, 1))
		return;
	switch (action) {
	case RACT_BACK: shop_screen_open(app, SHOP_SCREEN_QUEUE); break;
	case RACT_HELP: ui_help_open(&app->help); break;
	case RACT_RELOAD: reasons_load(app); break;
	case RACT_MENU: shop_screen_open(app, SHOP_SCREEN_MENU); break;
	case RACT_HOURS: shop_screen_open(app, SHOP_SCREEN_HOURS); break;
	default: break;
	}
}

/* One row: words, then the rejected and the cancelled counts. */
static void
reasons_row(int y, int attr, const char *words, const char *code,
    int64_t rejected, int64_t cancelled)
{
	ui_draw_text(y, 0, COLS, UI_ALIGN_LEFT, attr, "");
	ui_draw_text(y, 1, 40, UI_ALIGN_LEFT, attr, words);
	ui_draw_text(y, 42, 22, UI_ALIGN_LEFT, ui_attr(UI_COLOR_DIM), code);
	ui_draw_textf(y, 64, 6, UI_ALIGN_RIGHT, attr, "%lld",
	    (long long)rejected);
	ui_draw_textf(y, 72, 6, UI_ALIGN_RIGHT, attr, "%lld",
	    (long long)cancelled);
}

static void
reasons_draw(void *model, struct ui_rect body)
{
	struct shop_app *app = model;
	struct reasons *s = reasons_of(app);
	const json_t *rej = json_object_get(s->counts, "rejected");
	const json_t *can = json_object_get(s->counts, "cancelled");
	const struct reason_code *rc;
	int64_t r, c, sum_r = 0, sum_c = 0;
	int y = body.y + 2, dim = ui_attr(UI_COLOR_DIM) | A_UNDERLINE;
	unsigned i;

	ui_draw_textf(body.y, 0, COLS, UI_ALIGN_LEFT,
	    ui_attr(UI_COLOR_NORMAL) | A_BOLD, _(" 거절 / 취소 사유 · %s"),
	    app->shop_name ? app->shop_name : "?");
	if (s->counts == NULL) {
		ui_draw_text(y, 2, COLS - 2, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_DIM), _("사유 통계를 받는 중…"));
		return;
	}
	reasons_row(body.y + 1, dim, _("사유"), _("코드"), 0, 0);
	ui_draw_text(body.y + 1, 64, 6, UI_ALIGN_RIGHT, dim, _("거절"));
	ui_draw_text(body.y + 1, 72, 6, UI_ALIGN_RIGHT, dim, _("취소"));
	for (i = 0; (rc = reason_at(i)) != NULL; i++) {
		r = json_integer_value(json_object_get(rej, rc->code));
		c = json_integer_value(json_object_get(can, rc->code));
		sum_r += r;
		sum_c += c;
		if (y < body.y + body.h - 1)
			reasons_row(y++, ui_attr(r + c > 0 ? UI_COLOR_NORMAL :
			    UI_COLOR_DIM), _(rc->text), rc->code, r, c);
	}
	if (y < body.y + body.h)
		reasons_row(y, ui_attr(UI_COLOR_NORMAL) | A_BOLD, _("합계"), "",
		    sum_r, sum_c);
}

const struct ui_view shop_reasons_view = {
	.title = N_("사유 통계"),
	.keys = reasons_keys,
	.n_keys = ARRAY_LEN(reasons_keys),
	.open = reasons_open,
	.draw = reasons_draw,
	.key = reasons_key,
	.event = reasons_event,
	.tick = reasons_tick,
	.state_size = sizeof (struct reasons),
	.release = reasons_release,
};
