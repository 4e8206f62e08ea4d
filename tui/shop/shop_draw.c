/*
 * shop_draw.c: the console's screen, drawn from the model alone: the
 * title (or the unreachable-backend banner), the summary bar, the filter
 * tabs, the order table, the detail pane, the notice line and the hints.
 * Only LINES and COLS decide the layout, so a resize just redraws.
 */
#include "shop.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_help.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

/* Rows: title, summary, tabs, header; notice and hints at the bottom. */
#define ROW_TITLE 0
#define ROW_SUMMARY 1
#define ROW_TABS 2
#define ROW_HEADER 3
#define ROW_LIST 4
#define ROWS_BELOW 2
/* Below this the screen says it is too small. */
#define MIN_LINES 10
#define MIN_COLS 40
/* The detail pane shows beside the table from this width on. */
#define PANE_MIN_COLS 130
#define PANE_COLS 48
/* The detail is never wider than this, so prices stay near the names. */
#define DETAIL_MAX_COLS 64

enum column { COL_MARK, COL_TIME, COL_ID, COL_ITEMS, COL_TOTAL, COL_STATUS,
	COL_ELAPSED, COL_DUE, COL_COUNT };

static const struct column_def {
	const char *title;
	int width;          /* 0: takes what the others leave */
	int align;
	int min_cols;       /* shown only when the table is this wide: a
			     * narrow one drops the time and the amount
			     * before the countdown to auto-cancel */
} columns[COL_COUNT] = {
	[COL_MARK] = { "", 3, UI_ALIGN_LEFT, 0 },
	[COL_TIME] = { N_("시각"), 5, UI_ALIGN_LEFT, 70 },
	[COL_ID] = { N_("주문"), 6, UI_ALIGN_LEFT, 0 },
	[COL_ITEMS] = { N_("메뉴"), 0, UI_ALIGN_LEFT, 0 },
	[COL_TOTAL] = { N_("금액"), 10, UI_ALIGN_RIGHT, 70 },
	[COL_STATUS] = { N_("상태"), 8, UI_ALIGN_LEFT, 0 }, /* "조리완료" */
	[COL_ELAPSED] = { N_("경과"), 8, UI_ALIGN_RIGHT, 100 },
	/* "도착 18:30 (120분 지남)" whole */
	[COL_DUE] = { N_("마감 / 도착"), 23, UI_ALIGN_LEFT, 56 },
};

/* The columns' x and width for a table w columns wide at x0. */
struct layout {
	int x[COL_COUNT], w[COL_COUNT];
};

static void
layout_compute(struct layout *l, int x0, int w)
{
	int fixed = 0, i, x;

	for (i = 0; i < COL_COUNT; i++) {
		l->w[i] = w >= columns[i].min_cols ? columns[i].width : -1;
		if (l->w[i] >= 0)
			fixed += l->w[i] + 1;
	}
	l->w[COL_ITEMS] = w - fixed - 1 > 4 ? w - fixed - 1 : 4;
	for (i = 0, x = x0; i < COL_COUNT; i++) {
		l->x[i] = x;
		if (l->w[i] >= 0)
			x += l->w[i] + 1;
	}
}

/* "14분" left, or "3분 지남" when past. */
static void
minutes_text(char *buf, size_t n, int64_t ms)
{
	if (ms >= 0)
		snprintf(buf, n, _("%lld분"), (long long)((ms + 59999) / 60000));
	else
		snprintf(buf, n, _("%lld분 지남"), (long long)(-ms / 60000));
}

/* The text of one cell and its colour (UI_COLOR_COUNT: the row's). */
static int
cell_text(const struct shop_order *o, int col, int64_t now, char *buf,
    size_t n)
{
	char a[32], b[32];
	int urgency, k;

	buf[0] = '\0';
	switch (col) {
	case COL_MARK:
		snprintf(buf, n, "%s", o->fresh ? _("새") : "");
		return o->fresh ? UI_COLOR_NOTICE : UI_COLOR_COUNT;
	case COL_TIME:
		ui_text_clock(buf, n, o->placed_at);
		break;
	case COL_ID:
		snprintf(buf, n, "#%lld", (long long)o->id);
		break;
	case COL_ITEMS:
		k = snprintf(buf, n, "%s%s%s",
		    o->print_error != NULL ? _("(미출력) ") : "",
		    strcmp(o->kind, "pickup") == 0 ? _("(포장) ") : "",
		    o->has_notes ? _("(요청) ") : "");
		if (k >= 0 && (size_t)k < n)
			shop_order_items_text(o, buf + k, n - (size_t)k);
		break;
	case COL_TOTAL:
		util_won(buf, n, o->total);
		return UI_COLOR_COUNT;
	case COL_STATUS:
		snprintf(buf, n, "%s", shop_status_label(o->status));
		break;
	case COL_ELAPSED:
		ui_text_elapsed(buf, n, (shop_filter_match(SHOP_FILTER_DONE,
		    o->status) ? o->updated_at : now) - o->placed_at);
		break;
	case COL_DUE:
		if (strcmp(o->status, "PAID") == 0) {
			urgency = shop_order_urgency(o, now);
			if (shop_order_accept_left(o, now) <= 0)
				snprintf(buf, n, _("자동 취소 대기"));
			else {
				ui_text_elapsed(a, sizeof a,
				    shop_order_accept_left(o, now));
				snprintf(buf, n, _("수락 마감 %s"), a);
			}
			return urgency == 2 ? UI_COLOR_ERROR : urgency == 1 ?
			    UI_COLOR_WARN : UI_COLOR_COUNT;
		}
		if (shop_filter_match(SHOP_FILTER_ACTIVE, o->status) &&
		    o->eta_at > 0) {
			ui_text_clock(a, sizeof a, o->eta_at);
			minutes_text(b, sizeof b, o->eta_at - now);
			snprintf(buf, n, _("도착 %s (%s)"), a, b);
			return o->eta_at < now ? UI_COLOR_WARN : UI_COLOR_COUNT;
		}
		if (strcmp(o->status, "DELIVERED") == 0) {
			ui_text_clock(a, sizeof a, o->updated_at);
			snprintf(buf, n, _("완료 %s"), a);
		} else if (o->reason != NULL)
			snprintf(buf, n, "%s", o->reason);
		break;
	default:
		break;
	}
	return UI_COLOR_COUNT;
}

struct table_ctx {
	struct shop_app *app;
	struct layout *l;
	int64_t now;
};

static void
draw_row(void *ctx, int index, int y, int x, int w, int selected)
{
	struct table_ctx *t = ctx;
	const struct shop_order *o = t->app->view[index];
	int row_attr, attr, col, color;
	char buf[512];

	row_attr = selected ? ui_attr(UI_COLOR_SELECTED) :
	    ui_attr((enum ui_color)ui_status_color(o->status));
	if (o->fresh)
		row_attr |= A_BOLD;
	ui_draw_text(y, x, w, UI_ALIGN_LEFT, row_attr, "");
	for (col = 0; col < COL_COUNT; col++) {
		if (t->l->w[col] < 0)
			continue;
		color = cell_text(o, col, t->now, buf, sizeof buf);
		attr = color == UI_COLOR_COUNT ? row_attr :
		    ui_attr((enum ui_color)color) |
		    (selected ? (int)A_REVERSE : 0);
		if (col == COL_TOTAL && !selected)
			attr = ui_attr(UI_COLOR_PRICE);
		ui_draw_text(y, t->l->x[col], t->l->w[col], columns[col].align,
		    attr, buf);
	}
}

static void
draw_header(const struct layout *l)
{
	int col, attr = ui_attr(UI_COLOR_DIM) | A_UNDERLINE;

	ui_draw_text(ROW_HEADER, 0, l->x[COL_COUNT - 1] + l->w[COL_COUNT - 1],
	    UI_ALIGN_LEFT, attr, "");
	for (col = 0; col < COL_COUNT; col++)
		if (l->w[col] >= 0)
			ui_draw_text(ROW_HEADER, l->x[col], l->w[col],
			    columns[col].align, attr, _(columns[col].title));
}

/*
 * Draw text so that it ends at column *right (exclusive) on row y, when
 * that leaves min_left columns free on its left; then move *right to the
 * left of it, past a two-column gap. Returns 1 when drawn, 0 when not.
 */
static int
draw_from_right(int y, int *right, int min_left, int attr, const char *text)
{
	int w = ui_text_width(text);

	if (w == 0 || *right - w < min_left)
		return 0;
	ui_draw_text(y, *right - w, w, UI_ALIGN_LEFT, attr, text);
	*right -= w + 2;
	return 1;
}

/* The left part of a bar: long when it fits in cols, else short; fitted
 * (cut with "…") to cols either way. */
static void
draw_bar_left(int y, int cols, int attr, const char *longer,
    const char *shorter)
{
	ui_draw_text(y, 0, cols, UI_ALIGN_LEFT, attr,
	    ui_text_width(longer) <= cols ? longer : shorter);
}

static void
draw_title(const struct shop_app *app, int64_t now)
{
	int attr = ui_attr(UI_COLOR_TITLE), right = COLS - 1;
	char clock[16], *full, *brief;

	if (!client_online(app->c)) {
		ui_app_draw_banner(_("백엔드에 연결할 수 없습니다 · 다시 "
		    "연결하는 중… (보이는 주문은 마지막으로 받은 상태)"));
		return;
	}
	ui_text_clock(clock, sizeof clock, now);
	ui_draw_text(ROW_TITLE, 0, COLS, UI_ALIGN_LEFT, attr, "");
	draw_from_right(ROW_TITLE, &right, 24, attr, clock);
	draw_from_right(ROW_TITLE, &right, 24, attr | (app->live ?
	    (int)A_BOLD : 0), app->live ? _("실시간") : _("따라잡는 중…"));
	full = xasprintf(" baedal-shop · %s%s%s%s · %s",
	    app->shop_name ? app->shop_name : "",
	    app->shop_name ? " (" : "", app->shop_id ? app->shop_id : "…",
	    app->shop_name ? ")" : "", app->user ? app->user : "");
	brief = xasprintf(" %s · %s", app->shop_name ? app->shop_name :
	    app->shop_id ? app->shop_id : "baedal-shop",
	    app->user ? app->user : "");
	draw_bar_left(ROW_TITLE, right, attr, full, brief);
	free(full);
	free(brief);
}

static void
draw_summary(const struct shop_app *app, int64_t now)
{
	int attr = ui_attr(UI_COLOR_NORMAL), right = COLS - 1;
	struct shop_totals t;
	char won[32], wait[32], full[160], brief[96];

	shop_queue_totals(&app->queue, now, &t);
	util_won(won, sizeof won, t.revenue);
	ui_draw_text(ROW_SUMMARY, 0, COLS, UI_ALIGN_LEFT, attr, "");
	if (app->shop_open >= 0)
		draw_from_right(ROW_SUMMARY, &right, 20, ui_attr(
		    app->shop_open ? UI_COLOR_OK : UI_COLOR_WARN),
		    app->shop_open ? _("영업 중") : _("영업 종료"));
	if (app->busy_min > 0) {
		snprintf(wait, sizeof wait, _("바쁨 +%d분"), app->busy_min);
		draw_from_right(ROW_SUMMARY, &right, 20,
		    ui_attr(UI_COLOR_WARN), wait);
	}
	if (shop_paused(app, now)) {
		char clock[32];

		ui_text_clock(clock, sizeof clock, app->paused_until);
		snprintf(wait, sizeof wait, app->paused_until > 0 ?
		    _("일시정지 %s까지") : _("일시정지"), clock);
		draw_from_right(ROW_SUMMARY, &right, 24,
		    ui_attr(UI_COLOR_WARN) | A_BOLD, wait);
	}
	snprintf(wait, sizeof wait, _("접수 대기 %d"), t.waiting);
	if (t.waiting > 0)
		draw_from_right(ROW_SUMMARY, &right, 20,
		    ui_attr(UI_COLOR_ORDER_NEW) | A_BOLD, wait);
	snprintf(full, sizeof full, _(" 오늘 주문 %d · 진행 중 %d · 오늘 매출 %s"),
	    t.today, t.active, won);
	snprintf(brief, sizeof brief, _(" 주문 %d · 진행 %d · 매출 %s"),
	    t.today, t.active, won);
	draw_bar_left(ROW_SUMMARY, right, attr, full, brief);
}

static void
draw_tabs(const struct shop_app *app)
{
	int f, x = 1, w, count, attr;
	size_t i;
	char buf[64];

	for (f = 0; f < SHOP_FILTER_COUNT; f++) {
		count = 0;
		for (i = 0; i < app->queue.n; i++)
			count += shop_filter_match((enum shop_filter)f,
			    app->queue.orders[i]->status);
		snprintf(buf, sizeof buf, " %d %s %d ", f + 1,
		    shop_filter_label((enum shop_filter)f), count);
		w = ui_text_width(buf);
		attr = (int)app->filter == f ? ui_attr(UI_COLOR_SELECTED) :
		    ui_attr(UI_COLOR_DIM);
		if (x + w > COLS)
			break;
		ui_draw_text(ROW_TABS, x, w, UI_ALIGN_LEFT, attr, buf);
		x += w + 1;
	}
}

/* One line of the detail at *y (skipped when past the rectangle). */
static void
detail_line(struct ui_rect r, int *y, int attr, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
detail_line(struct ui_rect r, int *y, int attr, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (*y >= r.y + r.h)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ui_draw_text((*y)++, r.x, r.w, UI_ALIGN_LEFT, attr, buf);
}

static void
detail_items(const struct shop_order *o, struct ui_rect r, int *y)
{
	int normal = ui_attr(UI_COLOR_NORMAL), dim = ui_attr(UI_COLOR_DIM);
	char won[32], extra[32];
	const json_t *line, *opt;
	size_t i, j;

	detail_line(r, y, normal | A_BOLD, _("메뉴"));
	json_array_foreach(o->items, i, line) {
		const char *name = json_string_value(json_object_get(line,
		    "name"));
		/* A line the shop could not make: dim, refunded. */
		int gone = json_is_true(json_object_get(line, "removed"));

		util_won(won, sizeof won, json_integer_value(
		    json_object_get(line, "line_total")));
		if (*y < r.y + r.h)
			ui_draw_text(*y, r.x + r.w - 12, 12, UI_ALIGN_RIGHT,
			    gone ? dim : ui_attr(UI_COLOR_PRICE), won);
		if (*y < r.y + r.h)
			ui_draw_textf((*y)++, r.x, r.w - 13, UI_ALIGN_LEFT,
			    gone ? dim : normal, "  %zu. %s x%lld%s", i + 1,
			    name ? name : "?", (long long)json_integer_value(
			    json_object_get(line, "qty")), gone ?
			    _(" (품절 · 환불)") : "");
		if (json_string_value(json_object_get(line, "note")) != NULL)
			detail_line(r, y, ui_attr(UI_COLOR_WARN), "    > %s",
			    json_string_value(json_object_get(line, "note")));
		json_array_foreach(json_object_get(line, "options"), j, opt) {
			util_won(extra, sizeof extra, json_integer_value(
			    json_object_get(opt, "price")));
			detail_line(r, y, dim, "    + %s (+%s)",
			    json_string_value(json_object_get(opt, "name")) ?
			    json_string_value(json_object_get(opt, "name")) :
			    "?", extra);
		}
	}
	util_won(won, sizeof won, o->delivery_fee);
	detail_line(r, y, dim, _("  배달비 %s"), won);
	util_won(won, sizeof won, o->total);
	detail_line(r, y, ui_attr(UI_COLOR_PRICE) | A_BOLD, _("  합계 %s"), won);
}

/* The detail of o in r (the side pane or the full detail screen). */
static void
shop_draw_detail(const struct shop_order *o, struct ui_rect r, int64_t now)
{
	int normal = ui_attr(UI_COLOR_NORMAL), y = r.y;
	char a[32], b[32];
	const json_t *t;
	size_t i;

	if (r.h <= 0 || r.w <= 4)
		return;
	if (r.w > DETAIL_MAX_COLS)
		r.w = DETAIL_MAX_COLS;
	if (o == NULL) {
		detail_line(r, &y, ui_attr(UI_COLOR_DIM), _("주문이 없습니다"));
		return;
	}
	detail_line(r, &y, ui_attr((enum ui_color)ui_status_color(
	    o->status)) | A_BOLD, _("주문 #%lld · %s (%s)"), (long long)o->id,
	    shop_status_label(o->status), o->status);
	ui_text_clock(a, sizeof a, o->placed_at);
	ui_text_elapsed(b, sizeof b, now - o->placed_at);
	detail_line(r, &y, normal, _("주문 시각 %s · %s 전"), a, b);
	if (strcmp(o->status, "PAID") == 0 && o->accept_by > 0) {
		ui_text_clock(a, sizeof a, o->accept_by);
		ui_text_elapsed(b, sizeof b, o->accept_by - now);
		detail_line(r, &y, ui_attr(shop_order_urgency(o, now) ?
		    UI_COLOR_ERROR : UI_COLOR_NORMAL), _("수락 마감 %s (%s 남음)"),
		    a, b);
	}
	if (o->eta_min > 0) {
		ui_text_clock(a, sizeof a, o->eta_at);
		detail_line(r, &y, normal, _("예상 %lld분 · 도착 %s"),
		    (long long)o->eta_min, a);
	}
	detail_line(r, &y, normal, _("고객 %s"), o->customer_id ?
	    o->customer_id : "?");
	if (strcmp(o->kind, "pickup") == 0)
		detail_line(r, &y, normal, _("포장 · 가게에서 받아 갑니다"));
	else
		detail_line(r, &y, normal, _("주소 %s"), o->address ?
		    o->address : "?");
	if (o->print_error != NULL)
		detail_line(r, &y, ui_attr(UI_COLOR_ERROR), "%s",
		    o->print_error);
	if (o->note != NULL)
		detail_line(r, &y, ui_attr(UI_COLOR_WARN) | A_BOLD,
		    _("요청 %s"), o->note);
	if (o->rider_note != NULL)
		detail_line(r, &y, ui_attr(UI_COLOR_WARN), _("라이더 요청 %s"),
		    o->rider_note);
	if (o->reason != NULL)
		detail_line(r, &y, ui_attr(UI_COLOR_WARN), _("사유 %s"),
		    o->reason);
	y++;
	detail_items(o, r, &y);
	y++;
	detail_line(r, &y, normal | A_BOLD, _("진행 기록"));
	json_array_foreach(o->timeline, i, t) {
		const char *st = json_string_value(json_object_get(t,
		    "status"));

		ui_text_clock(a, sizeof a, json_integer_value(
		    json_object_get(t, "at")));
		detail_line(r, &y, ui_attr((enum ui_color)ui_status_color(st)),
		    "  %s  %s", a, shop_status_label(st));
	}
}

/* The queue: the table, with the detail pane beside it when wide; or,
 * with detail set on a narrow terminal, the selected order alone. */
static void
draw_queue(struct shop_app *app, int64_t now, int detail)
{
	struct layout l;
	struct table_ctx ctx;
	struct ui_rect list, pane;
	int bottom = LINES - ROWS_BELOW, table_w = COLS;
	int wide = COLS >= PANE_MIN_COLS;

	draw_tabs(app);
	if (detail && !wide) {
		pane = (struct ui_rect){ ROW_HEADER, 1, bottom - ROW_HEADER,
		    COLS - 2 };
		shop_draw_detail(shop_app_selected(app), pane, now);
		return;
	}
	if (wide)
		table_w = COLS - PANE_COLS - 1;
	layout_compute(&l, 0, table_w);
	draw_header(&l);
	list = (struct ui_rect){ ROW_LIST, 0, bottom - ROW_LIST, table_w };
	if (app->view_n == 0)
		ui_draw_text(ROW_LIST + 1, 2, table_w - 2, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_DIM), app->queue.n == 0 ?
		    _("아직 주문이 없습니다. 새 주문은 여기에 바로 나타납니다.") :
		    _("이 필터에 맞는 주문이 없습니다 (Tab: 다른 필터)"));
	ctx = (struct table_ctx){ app, &l, now };
	ui_list_draw(&app->list, list, draw_row, &ctx);
	if (wide) {
		mvvline(ROW_HEADER, table_w, ACS_VLINE, bottom - ROW_HEADER);
		pane = (struct ui_rect){ ROW_HEADER, table_w + 2,
		    bottom - ROW_HEADER, PANE_COLS - 2 };
		shop_draw_detail(shop_app_selected(app), pane, now);
	}
}

void
shop_draw_queue(void *app, struct ui_rect body)
{
	(void)body; /* laid out by rows, see ROW_TABS */
	draw_queue(app, now_ms(), 0);
}

void
shop_draw_detail_screen(void *app, struct ui_rect body)
{
	(void)body;
	draw_queue(app, now_ms(), 1);
}

/* The hint bar: the dialog's keys, or what the screen offers now. */
static void
draw_hints(struct shop_app *app, int y)
{
	const struct ui_dialog *d = app->dialog;

	if (d != NULL)
		ui_help_hint_bar(y, UI_KEYMAP_OF(d->keys, d->n_keys), COLS);
	else
		ui_view_hint_bar(shop_view(app), app, shop_keymap(app), y,
		    COLS);
}

/* The help over the screen: the dialog's keys, or the screen's. */
static void
draw_help(struct shop_app *app)
{
	const struct ui_dialog *d = app->dialog;
	const char *of = d != NULL ? d->title : shop_view(app)->title;
	char title[96];

	snprintf(title, sizeof title, _("%s · 키"), of != NULL ? _(of) : "");
	ui_help_draw(&app->help, title, d != NULL ?
	    UI_KEYMAP_OF(d->keys, d->n_keys) : shop_keymap(app));
}

void
shop_draw(struct shop_app *app)
{
	int64_t now = now_ms();
	struct ui_rect body = { ROW_TABS, 0, LINES - ROWS_BELOW - ROW_TABS,
	    COLS };

	if (LINES < MIN_LINES || COLS < MIN_COLS) {
		ui_draw_text(0, 0, COLS, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_WARN), _("창이 너무 작습니다"));
		return;
	}
	draw_title(app, now);
	draw_summary(app, now);
	shop_view(app)->draw(app, body);
	shop_app_seen(app); /* what the owner sees selected, for actions */
	if (!ui_app_draw_notice(LINES - 2) && app->need_sync &&
	    client_online(app->c))
		ui_draw_text(LINES - 2, 0, COLS, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_DIM), _(" 주문 목록을 받는 중…"));
	draw_hints(app, LINES - 1);
	/* A box drawn over half of a wide character leaves the terminal and
	 * curses disagreeing about that cell: repaint all when one closes. */
	if (app->overlay_drawn && app->dialog == NULL && !app->help.up)
		ui_app_repaint();
	app->overlay_drawn = app->dialog != NULL || app->help.up;
	if (app->dialog != NULL)
		app->dialog->draw(app);
	if (app->help.up)
		draw_help(app);
}
