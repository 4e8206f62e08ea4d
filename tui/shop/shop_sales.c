/*
 * shop_sales.c: the sales screen ($ on the queue): one day's figures of
 * the shop from view.sales (orders, revenue, cancels and rejections by
 * reason, average accept and cook times, late deliveries, best sellers
 * and orders by hour), a day back or forward with the arrows. While it
 * shows, order events reload it (at most every SALES_RELOAD_MS). The
 * figures it shows are its own state.
 */
#include "shop.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "reasons.h"
#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

#define SALES_RELOAD_MS 2000

enum sales_action { SACT_BACK, SACT_HELP, SACT_PREV, SACT_NEXT, SACT_TODAY,
	SACT_RELOAD };

static const struct ui_key sales_keys[] = {
	UI_KEY(KEY_LEFT, N_("전날"), N_("하루 전"), SACT_PREV),
	UI_KEY_ALIAS('[', SACT_PREV),
	UI_KEY(KEY_RIGHT, N_("다음날"), N_("하루 뒤"), SACT_NEXT),
	UI_KEY_ALIAS(']', SACT_NEXT),
	UI_KEY('t', N_("오늘"), N_("오늘로"), SACT_TODAY),
	UI_KEY('R', N_("새로"), N_("매출 새로 받기"), SACT_RELOAD),
	UI_KEY(UI_KEY_ESC, N_("주문"), N_("주문 목록으로"), SACT_BACK),
	UI_KEY_ALIAS('$', SACT_BACK),
	UI_KEY_ALIAS('q', SACT_BACK),
	UI_KEY('?', N_("도움말"), N_("이 도움말"), SACT_HELP),
};

/* The screen's state. */
struct sales {
	json_t *figures;     /* view.sales's answer, owned; NULL: none yet */
	char day[11];        /* the day shown, "" for the shop's today */
	int stale;           /* an order moved since the last load */
	int64_t loaded_at;   /* mono_ms of the last load */
};

static struct sales *
sales_of(struct shop_app *app)
{
	return shop_state(app, SHOP_SCREEN_SALES);
}

static void
sales_release(void *state)
{
	json_decref(((struct sales *)state)->figures);
}

/* Ask view.sales for the day shown. */
static void
sales_load(struct shop_app *app)
{
	struct sales *s = sales_of(app);
	struct wire_error err;
	json_t *res;

	res = client_call(app->c, "view", "sales", s->day[0] ? json_pack(
	    "{s:s}", "day", s->day) : json_object(), SHOP_CALL_MS, &err);
	s->stale = 0;
	s->loaded_at = mono_ms();
	if (res == NULL) {
		ui_app_error(_("매출을 받지 못했습니다"), &err);
		return;
	}
	json_decref(s->figures);
	s->figures = res;
	snprintf(s->day, sizeof s->day, "%s", wire_str(res, "from", ""));
	ui_app_dirty();
}

/* Move the day shown by delta days (from the one the figures are of). */
static void
sales_move(struct shop_app *app, int delta)
{
	struct sales *s = sales_of(app);
	struct tm tm;
	int y, m, d;

	if (sscanf(s->day, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d + delta;
	timegm(&tm);
	strftime(s->day, sizeof s->day, "%Y-%m-%d", &tm);
	sales_load(app);
}

static void
sales_open(void *app)
{
	sales_load(app);
}

static void
sales_key(void *model, int action)
{
	struct shop_app *app = model;

	switch (action) {
	case SACT_BACK: shop_screen_open(app, SHOP_SCREEN_QUEUE); break;
	case SACT_HELP: ui_help_open(&app->help); break;
	case SACT_PREV: sales_move(app, -1); break;
	case SACT_NEXT: sales_move(app, 1); break;
	case SACT_TODAY:
		sales_of(app)->day[0] = '\0';
		sales_load(app);
		break;
	case SACT_RELOAD: sales_load(app); break;
	default: break;
	}
}

/* An order moved: the figures shown may be old. */
static void
sales_event(void *model, const json_t *ev)
{
	const char *type = json_string_value(json_object_get(ev, "type"));

	if (type != NULL && strncmp(type, "order.", 6) == 0)
		sales_of(model)->stale = 1;
}

static void
sales_tick(void *model, int64_t now)
{
	struct shop_app *app = model;
	struct sales *s = sales_of(app);

	(void)now;
	if (app->screen == SHOP_SCREEN_SALES && s->stale &&
	    mono_ms() - s->loaded_at >= SALES_RELOAD_MS)
		sales_load(app);
}

/* "N분 NN초 (N건)" of an average, or "-". */
static void
sales_avg_text(const json_t *f, const char *avg, const char *n, char *buf,
    size_t size)
{
	const json_t *v = json_object_get(f, avg);
	int64_t sec = json_integer_value(v) / 1000;

	if (!json_is_integer(v))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, _("%lld분 %02lld초 (%lld건)"),
		    (long long)(sec / 60), (long long)(sec % 60),
		    (long long)wire_int(f, n, 0));
}

/* The left column: the day's figures, then the reasons. Returns the
 * next free row. */
static int
sales_draw_figures(const json_t *f, int y, int x, int w)
{
	int norm = ui_attr(UI_COLOR_NORMAL), late = wire_int(f, "late", 0) > 0;
	const char *kind[2] = { "rejected_by_reason", "cancelled_by_reason" };
	const char *title[2] = { N_("거절 사유"), N_("취소 사유") };
	char won[48], buf[64];
	const char *code;
	json_t *n;
	int i;

	util_won(won, sizeof won, wire_int(f, "revenue", 0));
	ui_draw_textf(y++, x, w, UI_ALIGN_LEFT, norm | A_BOLD,
	    _("주문 %lld건 · 매출 %s"), (long long)wire_int(f, "orders", 0), won);
	ui_draw_textf(y++, x, w, UI_ALIGN_LEFT, norm,
	    _("완료 %lld · 진행 중 %lld · 취소 %lld · 거절 %lld"),
	    (long long)wire_int(f, "completed", 0),
	    (long long)wire_int(f, "in_progress", 0),
	    (long long)wire_int(f, "cancelled", 0),
	    (long long)wire_int(f, "rejected", 0));
	sales_avg_text(f, "accept_avg_ms", "accepted", buf, sizeof buf);
	ui_draw_textf(y++, x, w, UI_ALIGN_LEFT, norm, _("평균 접수 %s"), buf);
	sales_avg_text(f, "cook_avg_ms", "cooked", buf, sizeof buf);
	ui_draw_textf(y++, x, w, UI_ALIGN_LEFT, norm, _("평균 조리 %s"), buf);
	ui_draw_textf(y++, x, w, UI_ALIGN_LEFT, late ? ui_attr(UI_COLOR_WARN) :
	    norm, _("늦은 배달 %lld / %lld건"), (long long)wire_int(f, "late",
	    0), (long long)wire_int(f, "delivered", 0));
	for (i = 0; i < 2; i++) {
		const json_t *counts = json_object_get(f, kind[i]);

		y++;
		ui_draw_text(y++, x, w, UI_ALIGN_LEFT, ui_attr(UI_COLOR_DIM) |
		    A_UNDERLINE, _(title[i]));
		if (json_object_size(counts) == 0)
			ui_draw_text(y++, x + 1, w - 1, UI_ALIGN_LEFT,
			    ui_attr(UI_COLOR_DIM), _("없음"));
		json_object_foreach((json_t *)counts, code, n) {
			const struct reason_code *rc = reason_find(code);

			ui_draw_textf(y++, x + 1, w - 1, UI_ALIGN_LEFT, norm,
			    "%3lld  %s", (long long)json_integer_value(n),
			    rc ? rc->text : code);
		}
	}
	return y;
}

/* The right column: best sellers, then the hours with orders. */
static void
sales_draw_lists(const json_t *f, int y, int x, int w, int bottom)
{
	int norm = ui_attr(UI_COLOR_NORMAL), head = ui_attr(UI_COLOR_DIM) |
	    A_UNDERLINE;
	const json_t *it, *h;
	char won[48];
	size_t i;

	ui_draw_text(y++, x, w, UI_ALIGN_LEFT, head, _("메뉴별"));
	json_array_foreach(json_object_get(f, "items"), i, it) {
		if (y >= bottom - 3 || i >= 8)
			break;
		util_won(won, sizeof won, wire_int(it, "revenue", 0));
		ui_draw_text(y, x + 1, 20, UI_ALIGN_LEFT, norm,
		    wire_str(it, "name", ""));
		ui_draw_textf(y++, x + 22, w - 22, UI_ALIGN_LEFT, norm,
		    _("%3lld개 %12s"), (long long)wire_int(it, "qty", 0), won);
	}
	y++;
	ui_draw_text(y++, x, w, UI_ALIGN_LEFT, head, _("시간대별"));
	json_array_foreach(json_object_get(f, "hours"), i, h) {
		int64_t n = wire_int(h, "orders", 0);
		char bar[32];
		int k;

		if (n == 0 || y >= bottom)
			continue;
		for (k = 0; k < (int)(n < 20 ? n : 20); k++)
			bar[k] = '#';
		bar[k] = '\0';
		ui_draw_textf(y++, x + 1, w - 1, UI_ALIGN_LEFT, norm,
		    _("%02lld시 %3lld건 %s"), (long long)wire_int(h, "hour", 0),
		    (long long)n, bar);
	}
}

static void
sales_draw(void *model, struct ui_rect body)
{
	struct shop_app *app = model;
	const json_t *f = sales_of(app)->figures;
	int top = body.y, half = COLS / 2;

	ui_draw_textf(top, 0, COLS, UI_ALIGN_LEFT, ui_attr(UI_COLOR_NORMAL) |
	    A_BOLD, _(" 매출 · 서비스 현황 · %s · %s (%s)"), app->shop_name ?
	    app->shop_name : "?", f ? wire_str(f, "from", "") : "",
	    f ? wire_str(f, "tz", "") : "");
	if (f == NULL) {
		ui_draw_text(top + 2, 2, COLS - 2, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_DIM), _("매출을 받는 중…"));
		return;
	}
	sales_draw_figures(f, top + 2, 1, half - 2);
	sales_draw_lists(f, top + 2, half, COLS - half, top + body.h);
}

const struct ui_view shop_sales_view = {
	.title = N_("매출 · 서비스 현황"),
	.keys = sales_keys,
	.n_keys = ARRAY_LEN(sales_keys),
	.open = sales_open,
	.draw = sales_draw,
	.key = sales_key,
	.event = sales_event,
	.tick = sales_tick,
	.state_size = sizeof (struct sales),
	.release = sales_release,
};
