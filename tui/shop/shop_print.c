/*
 * shop_print.c: kitchen tickets on the console: the reprint key
 * (store.print), the mark on an order whose ticket did not print
 * (store.print_failed; cleared by store.printed) and, after every sync,
 * the dead or unknown jobs from store.print_jobs.
 */
#include "shop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_theme.h"
#include "util.h"

/* Mark o as not printed: why, from the job's state and error. */
static void
print_mark(struct shop_order *o, const char *state, const char *error)
{
	char buf[200];

	if (state != NULL && strcmp(state, "unknown") == 0)
		snprintf(buf, sizeof buf, _("주문서 출력 여부를 알 수 없습니다: "
		    "프린터를 확인하고 다시 출력(p)하세요"));
	else if (state != NULL && strcmp(state, "dead") == 0)
		snprintf(buf, sizeof buf, _("주문서 출력 실패 (%s): 다시 출력(p)"
		    "하세요"), error ? error : "?");
	else
		snprintf(buf, sizeof buf, _("주문서 출력 재시도 중 (%s)"),
		    error ? error : "?");
	free(o->print_error);
	o->print_error = xstrdup(buf);
}

int
shop_print_event(struct shop_app *app, const json_t *ev)
{
	const char *type = json_string_value(json_object_get(ev, "type"));
	const json_t *data = json_object_get(ev, "data");
	struct shop_order *o;

	if (type == NULL || strncmp(type, "store.print", 11) != 0)
		return 0;
	o = shop_queue_find(&app->queue, wire_int(data, "order_id",
	    wire_int(ev, "order_id", 0)));
	if (o == NULL)
		return 1;
	if (strcmp(type, "store.printed") == 0) {
		if (o->print_error != NULL)
			ui_app_notice(UI_COLOR_OK, _("주문 #%lld 주문서를 "
			    "출력했습니다"), (long long)o->id);
		free(o->print_error);
		o->print_error = NULL;
	} else if (strcmp(type, "store.print_failed") == 0) {
		print_mark(o, json_string_value(json_object_get(data,
		    "state")), json_string_value(json_object_get(data,
		    "error")));
		ui_app_notice(UI_COLOR_ERROR, _("주문 #%lld %s"),
		    (long long)o->id, o->print_error);
	}
	shop_app_refresh(app);
	return 1;
}

void
shop_print_load(struct shop_app *app)
{
	struct wire_error err;
	json_t *res, *job;
	struct shop_order *o;
	size_t i;

	res = client_call(app->c, "store", "print_jobs", json_pack("{s:i}",
	    "limit", 200), SHOP_CALL_MS, &err);
	if (res == NULL)
		return; /* older stores: no marks, nothing else lost */
	json_array_foreach(json_object_get(res, "jobs"), i, job) {
		const char *state = json_string_value(json_object_get(job,
		    "state"));

		o = shop_queue_find(&app->queue, wire_int(job, "order_id", 0));
		/* Newest first: a later job of the order decides. */
		if (o == NULL || o->print_seen || state == NULL)
			continue;
		o->print_seen = 1;
		if (strcmp(state, "dead") == 0 || strcmp(state, "unknown") == 0)
			print_mark(o, state, json_string_value(
			    json_object_get(job, "last_error")));
	}
	json_decref(res);
}

void
shop_action_print(struct shop_app *app)
{
	struct shop_order *o = shop_action_selected(app);
	struct wire_error err;
	json_t *res;

	if (o == NULL)
		return;
	res = client_call(app->c, "store", "print", json_pack("{s:I}",
	    "order_id", (json_int_t)o->id), SHOP_CALL_MS, &err);
	if (res == NULL && strcmp(err.code, "invalid_state") == 0)
		ui_app_notice(UI_COLOR_WARN, _("#%lld 다시 출력 실패: 프린터 없음"),
		    (long long)o->id);
	else if (res == NULL)
		ui_app_error(_("다시 출력 실패"), &err);
	else
		ui_app_notice(UI_COLOR_OK, _("#%lld 주문서를 다시 출력합니다"),
		    (long long)o->id);
	json_decref(res);
}
