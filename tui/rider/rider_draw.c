/*
 * rider_draw.c: baedal-rider's screen: a title with the rider and the
 * tab, the tab's deliveries one a line (order, shop, distance, status,
 * address and the request to the rider), a notice row and the hint bar.
 */
#include "rider.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

/* The status as the rider reads it. */
static const char *
rider_status_text(const char *status)
{
	static const struct { const char *status, *text; } words[] = {
		{ "PENDING", N_("픽업 대기") },
		{ "ASSIGNED", N_("가게로 이동") },
		{ "DELIVERING", N_("배달 중") },
		{ "DELIVERED", N_("배달 완료") },
		{ "CANCELLED", N_("취소됨") },
	};
	size_t i;

	for (i = 0; status != NULL && i < ARRAY_LEN(words); i++)
		if (strcmp(words[i].status, status) == 0)
			return _(words[i].text);
	return status ? status : "";
}

/* ui_list_row_fn over the shown deliveries. */
static void
rider_row(void *ctx, int index, int y, int x, int w, int selected)
{
	const json_t *d = json_array_get(rider_rows(ctx), (size_t)index);
	const json_t *m = json_object_get(d, "distance_m");
	const char *note = wire_str(d, "rider_note", NULL);
	char dist[24], line[512];

	if (json_is_integer(m))
		snprintf(dist, sizeof dist, "%.1fkm",
		    (double)json_integer_value(m) / 1000);
	else
		snprintf(dist, sizeof dist, "-");
	snprintf(line, sizeof line, "%s%s%s", wire_str(d, "address", ""),
	    note ? _(" · 요청: ") : "", note ? note : "");
	ui_draw_textf(y, x, 8, 0, selected ? ui_attr(UI_COLOR_SELECTED) :
	    ui_attr(UI_COLOR_NORMAL), "#%lld", (long long)wire_int(d,
	    "order_id", 0));
	ui_draw_text(y, x + 8, 14, 0, ui_attr(selected ? UI_COLOR_SELECTED :
	    UI_COLOR_NORMAL), wire_str(d, "shop_name", wire_str(d, "shop_id",
	    "")));
	ui_draw_text(y, x + 22, 8, 1, ui_attr(selected ? UI_COLOR_SELECTED :
	    UI_COLOR_PRICE), dist);
	ui_draw_text(y, x + 31, 12, 0, ui_attr(selected ? UI_COLOR_SELECTED :
	    ui_status_color(wire_str(d, "status", NULL))),
	    rider_status_text(wire_str(d, "status", NULL)));
	if (w > 43)
		ui_draw_text(y, x + 43, w - 43, 0, ui_attr(selected ?
		    UI_COLOR_SELECTED : UI_COLOR_DIM), line);
}

void
rider_draw(void *model)
{
	struct rider_app *app = model;
	const struct ui_keymap map = { rider_keys, rider_n_keys,
	    &(const struct ui_keymap){ ui_list_keys, UI_LIST_KEYS_N, NULL } };
	const char *tab = app->tab == RIDER_TAB_MINE ? _("내 배달") :
	    _("픽업 대기 (가까운 순)");
	struct ui_rect body = { 2, 0, LINES - 4, COLS };
	char at[64];

	if (app->has_at)
		snprintf(at, sizeof at, "%.4f,%.4f", app->lat, app->lon);
	else
		snprintf(at, sizeof at, "%s", _("마지막 위치"));
	ui_draw_textf(0, 0, COLS, 0, ui_attr(UI_COLOR_TITLE),
	    _(" baedal 라이더 · %s · %s · 위치 %s"), app->id->user ? app->id->user :
	    "", tab, at);
	if (!client_online(app->c))
		ui_app_draw_banner(_("서버에 연결할 수 없습니다 · 다시 연결하는 "
		    "중"));
	ui_draw_text(1, 0, COLS, 0, ui_attr(UI_COLOR_DIM),
	    _("  주문    가게            거리   상태        주소"));
	if (json_array_size(rider_rows(app)) == 0)
		ui_draw_text(3, 2, COLS - 2, 0, ui_attr(UI_COLOR_DIM),
		    app->tab == RIDER_TAB_MINE ? _("맡은 배달이 없습니다") :
		    _("지금 픽업할 배달이 없습니다"));
	else if (body.h > 0)
		ui_list_draw(&app->list, body, rider_row, app);
	ui_app_draw_notice(LINES - 2);
	ui_help_hint_bar(LINES - 1, &map, COLS);
	if (app->help.up)
		ui_help_draw(&app->help, _("baedal 라이더 도움말"), &map);
}
