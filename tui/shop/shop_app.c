/*
 * shop_app.c: the console's model, one floor below shop.c: the screens'
 * table and states, the dialog up, the filtered view and its selection,
 * and the sync step (the store's snapshot, then the events after it),
 * which every other shop_*.c file may call.
 */
#include "shop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

/* The store's queue answer holds at most this many orders. */
#define SNAPSHOT_LIMIT 500

static const struct ui_view *const shop_views[SHOP_SCREENS] = {
	[SHOP_SCREEN_QUEUE] = &shop_orders_view,
	[SHOP_SCREEN_DETAIL] = &shop_detail_view,
	[SHOP_SCREEN_MENU] = &shop_menu_view,
	[SHOP_SCREEN_SALES] = &shop_sales_view,
	[SHOP_SCREEN_HOURS] = &shop_hours_view,
	[SHOP_SCREEN_REASONS] = &shop_reasons_view,
	[SHOP_SCREEN_REVIEWS] = &shop_reviews_view,
};

/* Each screen's bindings: its own, then the shared list keys. */
static const struct ui_keymap shop_list_map = {
	.keys = ui_list_keys,
	.n = UI_LIST_KEYS_N,
};
static struct ui_keymap shop_maps[SHOP_SCREENS];

void
shop_app_init(struct shop_app *app)
{
	size_t i;

	for (i = 0; i < SHOP_SCREENS; i++)
		shop_maps[i] = (struct ui_keymap){
		    .keys = shop_views[i]->keys,
		    .n = shop_views[i]->n_keys,
		    .next = &shop_list_map };
	ui_views_init(&app->views, shop_views, SHOP_SCREENS);
}

void
shop_app_release(struct shop_app *app)
{
	ui_views_release(&app->views);
}

const struct ui_view *
shop_view(const struct shop_app *app)
{
	return shop_views[app->screen];
}

const struct ui_keymap *
shop_keymap(const struct shop_app *app)
{
	return &shop_maps[app->screen];
}

void *
shop_state(struct shop_app *app, enum shop_screen screen)
{
	return ui_views_state(&app->views, (size_t)screen);
}

void
shop_screen_open(struct shop_app *app, enum shop_screen screen)
{
	app->screen = screen;
	if (shop_views[screen]->open != NULL)
		shop_views[screen]->open(app);
	ui_app_dirty();
}

void
shop_dialog_show(struct shop_app *app, const struct ui_dialog *dialog,
    int64_t order_id)
{
	app->dialog = dialog;
	app->dialog_order = dialog != NULL ? order_id : 0;
	ui_app_dirty();
}

struct shop_order *
shop_app_selected(const struct shop_app *app)
{
	if (app->view_n == 0 || app->list.selected < 0 ||
	    (size_t)app->list.selected >= app->view_n)
		return NULL;
	return app->view[app->list.selected];
}

void
shop_app_seen(struct shop_app *app)
{
	const struct shop_order *o = shop_app_selected(app);

	app->seen_id = o != NULL ? o->id : 0;
	snprintf(app->seen_status, sizeof app->seen_status, "%s",
	    o != NULL ? o->status : "");
	app->picked = 0;
}

void
shop_app_picked(struct shop_app *app)
{
	app->picked = 1;
}

int
shop_app_as_seen(const struct shop_app *app)
{
	const struct shop_order *o = shop_app_selected(app);

	return app->picked || (o != NULL && o->id == app->seen_id &&
	    strcmp(o->status, app->seen_status) == 0);
}

void
shop_app_refresh(struct shop_app *app)
{
	int was = app->list.selected;
	size_t i;

	app->view = xrealloc(app->view, (app->queue.n + 1) *
	    sizeof *app->view);
	app->view_n = shop_queue_view(&app->queue, app->filter, app->view);
	ui_list_set_count(&app->list, (int)app->view_n);
	for (i = 0; i < app->view_n; i++)
		if (app->view[i]->id == app->selected_id) {
			ui_list_select(&app->list, (int)i);
			/* Scrolled down: keep it on the same screen row when
			 * orders come or go above it (drawing clamps top). At
			 * the top, stay there: new orders show above it. */
			if (app->list.top > 0)
				app->list.top += (int)i - was;
			if (app->list.top < 0)
				app->list.top = 0;
			break;
		}
	app->selected_id = app->view_n > 0 ?
	    app->view[app->list.selected]->id : 0;
	ui_app_dirty();
}

/* Our identity once the broker accepted us; NULL before. Borrowed. */
static const json_t *
shop_identity(struct shop_app *app, struct wire_error *err)
{
	return client_wait_ready(app->c, 0, err);
}

/* Fall back on the event log when the store cannot give a snapshot:
 * the whole shop's history, from the start, builds the same queue. */
static void
shop_sync_from_log(struct shop_app *app)
{
	struct wire_error err;

	shop_queue_clear(&app->queue);
	shop_app_refresh(app);
	app->live = 0;
	if (client_subscribe(app->c, "shop", NULL, 0, &err) != 0)
		ui_app_error(_("구독 실패"), &err);
}

/*
 * Carry the "not yet looked at" marks over a reload. An order waiting
 * for the shop that the old queue lacked (the first snapshot, or one
 * placed while we were away) is fresh: it still needs the owner's eyes.
 */
static void
shop_keep_fresh(const struct shop_queue *old, struct shop_queue *fresh)
{
	struct shop_order *o, *was;
	size_t i;

	for (i = 0; i < fresh->n; i++) {
		o = fresh->orders[i];
		was = shop_queue_find(old, o->id);
		o->fresh = strcmp(o->status, "PAID") == 0 &&
		    (was == NULL || was->fresh);
		o->announced = was != NULL && was->announced;
	}
}

static int
shop_check_owner(struct shop_app *app, const json_t *me)
{
	const char *role = json_string_value(json_object_get(me, "role"));
	const char *shop = json_string_value(json_object_get(me, "shop_id"));

	if (role != NULL && strcmp(role, "owner") == 0 && shop != NULL) {
		if (app->shop_id == NULL)
			app->shop_id = xstrdup(shop);
		return 0;
	}
	free(app->fatal);
	app->fatal = xasprintf(_("%s은(는) 가게 주인이 아닌 %s 계정입니다: "
	    "baedal-shop은 주인 계정으로 (--user NAME_owner)"),
	    app->user ? app->user : "?", role ? role : "?");
	ui_app_quit();
	return -1;
}

int
shop_app_sync(struct shop_app *app)
{
	struct shop_queue old;
	struct wire_error err;
	const json_t *me;
	json_t *snap;

	if ((me = shop_identity(app, &err)) == NULL ||
	    shop_check_owner(app, me) != 0)
		return -1;
	snap = client_call(app->c, "store", "queue", json_pack("{s:s, s:i}",
	    "filter", "all", "limit", SNAPSHOT_LIMIT), SHOP_CALL_MS, &err);
	if (snap == NULL) {
		if (!client_online(app->c))
			return -1; /* gone again: sync when it is back */
		ui_app_notice(UI_COLOR_WARN, _("주문 목록을 받지 못했습니다 "
		    "(%s): 이벤트 기록에서 다시 만듭니다"), err.message);
		shop_sync_from_log(app);
		shop_menu_load(app);
		return 0;
	}
	old = app->queue;
	memset(&app->queue, 0, sizeof app->queue);
	if (shop_queue_load(&app->queue, snap) != 0) {
		app->queue = old;
		json_decref(snap);
		ui_app_notice(UI_COLOR_ERROR,
		    _("store.queue의 응답이 잘못되었습니다"));
		return -1;
	}
	shop_keep_fresh(&old, &app->queue);
	shop_queue_clear(&old);
	json_decref(snap);
	app->live = 0;
	if (client_subscribe(app->c, "shop", NULL, app->queue.seq,
	    &err) != 0) {
		ui_app_error(_("구독 실패"), &err);
		return -1;
	}
	shop_print_load(app);
	shop_app_refresh(app);
	shop_menu_load(app);
	return 0;
}
