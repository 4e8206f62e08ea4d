/*
 * rider_model.c: baedal-rider's lists and actions: both lists from the
 * delivery service (with the rider's position when one was given), and
 * claim, picked up and delivered on the selected delivery, each answered
 * with a notice in plain words.
 */
#include "rider.h"

#include <stdio.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_theme.h"
#include "util.h"

const struct ui_key rider_keys[] = {
	UI_KEY('q', N_("종료"), N_("프로그램을 끝냅니다"), RIDER_QUIT),
	UI_KEY('?', N_("도움말"), N_("모든 키를 보여 줍니다"), RIDER_HELP),
	UI_KEY('\t', N_("전환"), N_("픽업 대기와 내 배달을 오갑니다"),
	    RIDER_TAB),
	UI_KEY('1', NULL, N_("픽업 대기 목록 (가까운 순)"), RIDER_AVAILABLE),
	UI_KEY('2', NULL, N_("내 배달 목록"), RIDER_MINE),
	UI_KEY('c', N_("배차"), N_("고른 배달을 맡습니다"), RIDER_CLAIM),
	UI_KEY_ALIAS('\n', RIDER_CLAIM),
	UI_KEY('p', N_("픽업"), N_("고른 배달의 음식을 받았습니다"),
	    RIDER_PICKED_UP),
	UI_KEY('d', N_("완료"), N_("고른 배달을 전했습니다"), RIDER_DELIVERED),
	UI_KEY('r', N_("새로고침"), N_("목록을 다시 받습니다"), RIDER_RELOAD),
};
const size_t rider_n_keys = ARRAY_LEN(rider_keys);

/* A request body with the rider's position (and order_id when > 0). */
static json_t *
rider_body(const struct rider_app *app, int64_t order_id)
{
	json_t *body = json_object();

	if (app->has_at) {
		json_object_set_new(body, "lat", json_real(app->lat));
		json_object_set_new(body, "lon", json_real(app->lon));
	}
	if (order_id > 0)
		json_object_set_new(body, "order_id", json_integer(order_id));
	return body;
}

/* service delivery's method's "deliveries" (owned), or NULL with err. */
static json_t *
rider_fetch(struct rider_app *app, const char *method, struct wire_error *err)
{
	json_t *r = client_call(app->c, "delivery", method, rider_body(app, 0),
	    RIDER_CALL_MS, err), *rows;

	if (r == NULL)
		return NULL;
	rows = json_incref(json_object_get(r, "deliveries"));
	json_decref(r);
	if (!json_is_array(rows)) {
		json_decref(rows);
		wire_error_set(err, E_INTERNAL, "no deliveries in the answer");
		return NULL;
	}
	return rows;
}

int
rider_load(struct rider_app *app)
{
	struct wire_error err;
	json_t *avail, *mine;

	app->loaded_at = mono_ms();
	if ((avail = rider_fetch(app, "available", &err)) == NULL ||
	    (mine = rider_fetch(app, "mine", &err)) == NULL) {
		json_decref(avail);
		if (strcmp(err.code, E_FORBIDDEN) == 0) {
			free(app->fatal);
			app->fatal = xasprintf(_("%s 사용자는 라이더가 아닙니다: "
			    "baedal-rider는 라이더로 씁니다 (--user rider1)"),
			    app->id->user ? app->id->user : "?");
			ui_app_quit();
		} else
			ui_app_error(_("목록을 받지 못했습니다"), &err);
		return -1;
	}
	json_decref(app->available);
	json_decref(app->mine);
	app->available = avail;
	app->mine = mine;
	ui_list_set_count(&app->list, (int)json_array_size(rider_rows(app)));
	ui_app_dirty();
	return 0;
}

const json_t *
rider_rows(const struct rider_app *app)
{
	return app->tab == RIDER_TAB_MINE ? app->mine : app->available;
}

const json_t *
rider_selected(const struct rider_app *app)
{
	return json_array_get(rider_rows(app), (size_t)app->list.selected);
}

static void
rider_show(struct rider_app *app, enum rider_tab tab)
{
	app->tab = tab;
	ui_list_set_count(&app->list, (int)json_array_size(rider_rows(app)));
	ui_list_select(&app->list, 0);
	ui_app_dirty();
}

/* method on the selected delivery of tab; say done (a format of the
 * order id) or why not, then reload. */
static void
rider_step(struct rider_app *app, enum rider_tab tab, const char *method,
    const char *done, const char *what)
{
	const json_t *d = rider_selected(app);
	int64_t id = wire_int(d, "order_id", 0);
	struct wire_error err;
	json_t *r;

	if (app->tab != tab) {
		ui_app_notice(UI_COLOR_WARN, "%s", tab == RIDER_TAB_MINE ?
		    _("내 배달(2)에서 고르세요") : _("픽업 대기(1)에서 고르세요"));
		return;
	}
	if (d == NULL) {
		ui_app_notice(UI_COLOR_WARN, "%s", _("고를 배달이 없습니다"));
		return;
	}
	r = client_call(app->c, "delivery", method, rider_body(app, id),
	    RIDER_CALL_MS, &err);
	if (r == NULL)
		ui_app_error(what, &err);
	else
		ui_app_notice(UI_COLOR_OK, done, (long long)id);
	json_decref(r);
	rider_load(app);
	if (r != NULL && tab == RIDER_TAB_AVAILABLE)
		rider_show(app, RIDER_TAB_MINE);
}

void
rider_act(struct rider_app *app, int action)
{
	switch (action) {
	case RIDER_TAB:
		rider_show(app, app->tab == RIDER_TAB_MINE ?
		    RIDER_TAB_AVAILABLE : RIDER_TAB_MINE);
		break;
	case RIDER_AVAILABLE: rider_show(app, RIDER_TAB_AVAILABLE); break;
	case RIDER_MINE: rider_show(app, RIDER_TAB_MINE); break;
	case RIDER_CLAIM:
		rider_step(app, RIDER_TAB_AVAILABLE, "claim",
		    _("주문 #%lld 배차 완료: 가게로 가세요"), _("배차 실패"));
		break;
	case RIDER_PICKED_UP:
		rider_step(app, RIDER_TAB_MINE, "picked_up",
		    _("주문 #%lld 픽업 완료: 배달 중"), _("픽업 실패"));
		break;
	case RIDER_DELIVERED:
		rider_step(app, RIDER_TAB_MINE, "delivered",
		    _("주문 #%lld 배달 완료"), _("완료 실패"));
		break;
	case RIDER_RELOAD:
		if (rider_load(app) == 0)
			ui_app_notice(UI_COLOR_OK, "%s", _("새로 받았습니다"));
		break;
	default:
		break;
	}
}
