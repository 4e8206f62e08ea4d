/*
 * shop_hours.c: the opening hours screen: the shop's ranges for each
 * weekday (overnight ones such as 17:00-02:00 marked) and its closed
 * dates, from the shop object the menu screen holds (store.menu,
 * shop.updated). Enter on a row opens a dialog with the line editor;
 * what is typed is checked here, then saved with store.hours, the
 * request `baedal shop hours set` sends, and the backend checks it
 * again. Emptying every weekday means always open (hours null).
 */
#include "shop.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

/* The rows: the weekdays, then the closed dates. */
#define HOURS_DAYS 7
#define HOURS_ROW_CLOSED HOURS_DAYS
#define HOURS_ROWS (HOURS_DAYS + 1)
/* The protocol's limits (PROTOCOL.md, "Opening hours"). */
#define HOURS_RANGES_MAX 4
#define HOURS_DATES_MAX 60

static const char *const hours_days[HOURS_DAYS] = { "mon", "tue", "wed",
    "thu", "fri", "sat", "sun" };
static const char *const hours_day_names[HOURS_DAYS] = { N_("월요일"),
    N_("화요일"), N_("수요일"), N_("목요일"), N_("금요일"), N_("토요일"),
    N_("일요일") };

enum hours_action { HACT_BACK, HACT_HELP, HACT_EDIT, HACT_RELOAD,
	HACT_MENU, HACT_REASONS };

static const struct ui_key hours_keys[] = {
	UI_KEY('\n', N_("고치기"), N_("이 요일의 영업시간 / 휴무일 고치기"),
	    HACT_EDIT),
	UI_KEY_ALIAS('e', HACT_EDIT),
	UI_KEY('R', N_("새로"), N_("영업시간 새로 받기"), HACT_RELOAD),
	UI_KEY('m', N_("메뉴"), N_("메뉴 관리"), HACT_MENU),
	UI_KEY('S', NULL, N_("거절 / 취소 사유 통계"), HACT_REASONS),
	UI_KEY(UI_KEY_ESC, N_("주문"), N_("주문 목록으로"), HACT_BACK),
	UI_KEY_ALIAS('q', HACT_BACK),
	UI_KEY_ALIAS('h', HACT_BACK),
	UI_KEY_ALIAS(KEY_LEFT, HACT_BACK),
	UI_KEY('?', N_("도움말"), N_("이 도움말"), HACT_HELP),
};

enum hours_dialog_action { HDACT_OK, HDACT_CANCEL };

/* Every other key edits the line (ui_input.h). */
static const struct ui_key hours_dialog_keys[] = {
	UI_KEY('\n', N_("저장"), N_("확인하고 저장"), HDACT_OK),
	UI_KEY(UI_KEY_ESC, N_("취소"), N_("저장하지 않고 닫기"),
	    HDACT_CANCEL),
};

/* The screen's state: the list over the rows, and the dialog's line
 * and the row it edits. */
struct hours {
	struct ui_list list;
	struct ui_input edit;
	int row;
};

static struct hours *
hours_of(struct shop_app *app)
{
	return shop_state(app, SHOP_SCREEN_HOURS);
}

static void
hours_init(void *state)
{
	struct hours *s = state;

	ui_input_init(&s->edit, 1024);
	ui_list_set_count(&s->list, HOURS_ROWS);
}

static void
hours_release(void *state)
{
	ui_input_free(&((struct hours *)state)->edit);
}

/*
 * Split text at commas and spaces into a new array of its words, each
 * checked with valid; at most max of them. Returns the array, or NULL
 * (after saying which word is wrong, or that there are too many).
 */
static json_t *
hours_words(const char *text, int (*valid)(const char *), size_t max,
    const char *example)
{
	char *copy = xstrdup(text), *save = NULL, *w;
	json_t *list = json_array();

	for (w = strtok_r(copy, ", ", &save); w != NULL;
	    w = strtok_r(NULL, ", ", &save)) {
		if (!valid(w)) {
			ui_app_notice(UI_COLOR_WARN, _("'%s': %s처럼 적어 "
			    "주세요"), w, example);
			break;
		}
		json_array_append_new(list, json_string(w));
	}
	if (w == NULL && json_array_size(list) > max)
		ui_app_notice(UI_COLOR_WARN, _("%zu개까지만 적을 수 있습니다"),
		    max);
	else if (w == NULL) {
		free(copy);
		return list;
	}
	free(copy);
	json_decref(list);
	return NULL;
}

/* The words of a list of strings (borrowed), joined by ", " into buf;
 * overnight ranges are marked when mark is 1. */
static void
hours_join(const json_t *list, int mark, char *buf, size_t n)
{
	const json_t *w;
	const char *s;
	size_t i, used = 0;
	int k;

	buf[0] = '\0';
	json_array_foreach(list, i, w) {
		s = json_string_value(w) ? json_string_value(w) : "?";
		k = snprintf(buf + used, n - used, "%s%s%s", i ? ", " : "", s,
		    mark && shop_range_overnight(s) ? _(" (다음 날까지)") : "");
		if (k < 0 || (size_t)k >= n - used)
			break;
		used += (size_t)k;
	}
}

/* The text row shows and the dialog starts with. */
static void
hours_row_text(struct shop_app *app, int row, char *buf, size_t n)
{
	const json_t *shop = shop_menu_shop(app);
	const json_t *hours = json_object_get(shop, "hours");

	if (row == HOURS_ROW_CLOSED)
		hours_join(json_object_get(shop, "closed_dates"), 0, buf, n);
	else
		hours_join(json_object_get(hours, hours_days[row]), 0, buf, n);
}

/* Send store.hours with body (stolen). Returns 0, or -1 after saying
 * why. */
static int
hours_save(struct shop_app *app, json_t *body)
{
	struct wire_error err;
	json_t *res = client_call(app->c, "store", "hours", body,
	    SHOP_CALL_MS, &err);

	if (res == NULL) {
		ui_app_error(_("영업시간 저장 실패"), &err);
		return -1;
	}
	json_decref(res);
	ui_app_notice(UI_COLOR_OK, "%s", _("영업시간을 저장했습니다"));
	shop_menu_load(app); /* the backend's word, status_text with it */
	return 0;
}

/* The request for row's new text, or NULL after saying what is wrong:
 * {"closed_dates"} or {"hours"}, every other day kept as it is (none
 * left: null, always open). */
static json_t *
hours_request(struct shop_app *app, int row, const char *text)
{
	const json_t *old = json_object_get(shop_menu_shop(app), "hours");
	json_t *list, *hours;
	size_t d;

	if (row == HOURS_ROW_CLOSED) {
		list = hours_words(text, shop_date_valid, HOURS_DATES_MAX,
		    "2026-12-25");
		return list ? json_pack("{s:o}", "closed_dates", list) : NULL;
	}
	list = hours_words(text, shop_range_valid, HOURS_RANGES_MAX,
	    "11:00-22:00, 17:00-02:00");
	if (list == NULL)
		return NULL;
	hours = json_is_object(old) ? json_deep_copy(old) : json_object();
	if (json_array_size(list) > 0)
		json_object_set_new(hours, hours_days[row], list);
	else {
		json_object_del(hours, hours_days[row]); /* absent: closed */
		json_decref(list);
	}
	for (d = 0; d < HOURS_DAYS; d++)
		if (json_array_size(json_object_get(hours, hours_days[d])) > 0)
			return json_pack("{s:o}", "hours", hours);
	json_decref(hours);
	return json_pack("{s:n}", "hours");
}

static void
hours_edit(struct shop_app *app)
{
	struct hours *s = hours_of(app);
	char text[1024];

	if (shop_menu_shop(app) == NULL) {
		ui_app_notice(UI_COLOR_WARN, "%s", _("가게 정보를 아직 받지 "
		    "못했습니다 (R: 새로)"));
		return;
	}
	s->row = s->list.selected;
	hours_row_text(app, s->row, text, sizeof text);
	ui_input_set(&s->edit, text);
	shop_dialog_show(app, &shop_hours_dialog, 0);
}

static void
hours_key(void *model, int action)
{
	struct shop_app *app = model;

	if (ui_list_key(&hours_of(app)->list, action, HOURS_ROWS))
		return;
	switch (action) {
	case HACT_BACK: shop_screen_open(app, SHOP_SCREEN_QUEUE); break;
	case HACT_HELP: ui_help_open(&app->help); break;
	case HACT_EDIT: hours_edit(app); break;
	case HACT_RELOAD: shop_menu_load(app); break;
	case HACT_MENU: shop_screen_open(app, SHOP_SCREEN_MENU); break;
	case HACT_REASONS: shop_screen_open(app, SHOP_SCREEN_REASONS); break;
	default: break;
	}
}

static void
hours_open(void *app)
{
	shop_menu_load(app);
}

static void
hours_row(void *ctx, int index, int y, int x, int w, int selected)
{
	struct shop_app *app = ctx;
	const json_t *shop = shop_menu_shop(app);
	const json_t *hours = json_object_get(shop, "hours");
	const json_t *list;
	char text[1024];
	const char *shown = text;
	int attr = ui_attr(selected ? UI_COLOR_SELECTED : UI_COLOR_NORMAL);
	int dim = selected ? attr : ui_attr(UI_COLOR_DIM);

	if (index == HOURS_ROW_CLOSED)
		list = json_object_get(shop, "closed_dates");
	else
		list = json_object_get(hours, hours_days[index]);
	hours_join(list, 1, text, sizeof text);
	if (index < HOURS_DAYS && !json_is_object(hours))
		shown = _("항상 영업");
	else if (json_array_size(list) == 0)
		shown = index == HOURS_ROW_CLOSED ? _("없음") : _("휴무");
	ui_draw_text(y, x, w, UI_ALIGN_LEFT, attr, "");
	ui_draw_text(y, x + 1, 10, UI_ALIGN_LEFT, attr | A_BOLD,
	    index == HOURS_ROW_CLOSED ? _("휴무일") :
	    _(hours_day_names[index]));
	ui_draw_text(y, x + 12, w - 12, UI_ALIGN_LEFT, shown == text ? attr :
	    dim, shown);
}

static void
hours_draw(void *model, struct ui_rect body)
{
	struct shop_app *app = model;
	struct hours *s = hours_of(app);
	const json_t *shop = shop_menu_shop(app);
	struct ui_rect r = { body.y + 2, 0, HOURS_ROWS, COLS };
	int dim = ui_attr(UI_COLOR_DIM);

	ui_draw_textf(body.y, 0, COLS, UI_ALIGN_LEFT,
	    ui_attr(UI_COLOR_NORMAL) | A_BOLD, _(" 영업시간 · %s · %s · %s"),
	    wire_str(shop, "name", "?"), wire_str(shop, "tz", ""),
	    wire_str(shop, "status_text", ""));
	ui_draw_text(body.y + 1, 0, COLS, UI_ALIGN_LEFT, dim | A_UNDERLINE,
	    _(" 요일       영업시간 (가게 시간대)"));
	if (shop == NULL) {
		ui_draw_text(body.y + 3, 2, COLS - 2, UI_ALIGN_LEFT, dim,
		    _("가게 정보를 받는 중…"));
		return;
	}
	if (body.h < HOURS_ROWS + 2)
		r.h = body.h - 2;
	ui_list_draw(&s->list, r, hours_row, app);
	if (body.h >= HOURS_ROWS + 5) {
		ui_draw_text(body.y + HOURS_ROWS + 3, 1, COLS - 1,
		    UI_ALIGN_LEFT, dim, _("Enter: 고치기 · 끝이 시작보다 "
		    "이른 범위는 다음 날까지 (17:00-02:00)"));
		ui_draw_text(body.y + HOURS_ROWS + 4, 1, COLS - 1,
		    UI_ALIGN_LEFT, dim, _("모든 요일을 비우면 항상 영업 · 휴무일에는 "
		    "그날 시작하는 영업이 없습니다"));
	}
}

/* The dialog: Enter checks and saves (it stays up on an error). */
static void
hours_dialog_key(void *model, int action, int ch)
{
	struct shop_app *app = model;
	struct hours *s = hours_of(app);
	json_t *body;

	if (action == HDACT_CANCEL) {
		shop_dialog_show(app, NULL, 0);
	} else if (action == HDACT_OK) {
		body = hours_request(app, s->row, ui_input_text(&s->edit));
		if (body != NULL && hours_save(app, body) == 0)
			shop_dialog_show(app, NULL, 0);
	} else {
		ui_input_key(&s->edit, ch);
	}
	ui_app_dirty();
}

static void
hours_dialog_draw(void *model)
{
	struct shop_app *app = model;
	struct hours *s = hours_of(app);
	char title[80];
	const char *lines[2];
	struct ui_rect r;
	int closed = s->row == HOURS_ROW_CLOSED;

	if (closed)
		snprintf(title, sizeof title, "%s", _(" 휴무일 "));
	else
		snprintf(title, sizeof title, _(" %s 영업시간 "),
		    _(hours_day_names[s->row]));
	lines[0] = closed ? _("예: 2026-12-25, 2027-01-01 (60개까지, 비우면 "
	    "없음)") : _("예: 11:00-22:00, 17:00-02:00 (4개까지, 비우면 휴무)");
	lines[1] = json_is_object(json_object_get(shop_menu_shop(app),
	    "hours")) || closed ? _("Enter 저장 · Esc 취소") :
	    _("지금은 항상 영업: 저장하면 다른 요일은 휴무가 됩니다");
	r = ui_dialog_draw(title, lines, 2, 2, 56);
	if (r.h < 2)
		return;
	ui_input_draw(&s->edit, r.y + 1, r.x, r.w, ui_attr(UI_COLOR_NORMAL) |
	    A_UNDERLINE);
}

const struct ui_view shop_hours_view = {
	.title = N_("영업시간"),
	.keys = hours_keys,
	.n_keys = ARRAY_LEN(hours_keys),
	.open = hours_open,
	.draw = hours_draw,
	.key = hours_key,
	.state_size = sizeof (struct hours),
	.init = hours_init,
	.release = hours_release,
};

const struct ui_dialog shop_hours_dialog = {
	.title = N_("영업시간"),
	.keys = hours_dialog_keys,
	.n_keys = ARRAY_LEN(hours_dialog_keys),
	.draw = hours_dialog_draw,
	.key = hours_dialog_key,
};
