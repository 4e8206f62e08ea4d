/*
 * customer.c: baedal-customer's main: options, the model, the key tables,
 * and the top-level dispatch of draw, keys, events and ticks to the
 * current screen and dialog.
 */
#include "customer.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front.h"
#include "ui_app.h"
#include "ui_help.h"
#include "ui_i18n.h"
#include "ui_term.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

/* The smallest terminal the screens are drawn in. */
#define CUST_MIN_LINES 8
#define CUST_MIN_COLS 30

static const struct ui_view *const cust_views[CUST_SCREENS] = {
	[CUST_SHOPS] = &cust_shops_view,
	[CUST_MENU] = &cust_menu_view,
	[CUST_CART] = &cust_cart_view,
	[CUST_ORDERS] = &cust_orders_view,
	[CUST_TRACK] = &cust_track_view,
	[CUST_INBOX] = &cust_inbox_view,
	[CUST_RECEIPT] = &cust_receipt_view,
};

enum {
	G_HELP = 100, G_QUIT, G_BACK, G_SHOPS, G_CART, G_ORDERS, G_INBOX,
	G_REFRESH
};

static const struct ui_key cust_global_keys[] = {
	UI_KEY('b', N_("장바구니"), N_("장바구니 열기"), G_CART),
	UI_KEY('o', N_("주문 내역"), N_("내 주문 내역"), G_ORDERS),
	UI_KEY('i', N_("알림함"), N_("알림함 열기"), G_INBOX),
	UI_KEY('s', NULL, N_("가게 목록으로"), G_SHOPS),
	UI_KEY(UI_KEY_ESC, N_("뒤로"), N_("이전 화면으로"), G_BACK),
	UI_KEY_ALIAS(KEY_BACKSPACE, G_BACK),
	UI_KEY_ALIAS(127, G_BACK),
	UI_KEY_ALIAS('\b', G_BACK),
	UI_KEY_ALIAS(KEY_LEFT, G_BACK),
	UI_KEY_ALIAS('h', G_BACK),
	UI_KEY('r', NULL, N_("이 화면 새로 고침"), G_REFRESH),
	UI_KEY_ALIAS(KEY_F(5), G_REFRESH),
	UI_KEY('?', N_("도움말"), N_("이 도움말 보기"), G_HELP),
	UI_KEY_ALIAS(KEY_F(1), G_HELP),
	UI_KEY('q', N_("종료"), N_("baedal-customer 끝내기"), G_QUIT),
};

/* Each screen's bindings: its own, then (on a list screen) the shared
 * list keys, then the global ones, looked up in that order. */
static const struct ui_keymap cust_global_map = {
	.keys = cust_global_keys,
	.n = ARRAY_LEN(cust_global_keys),
};
static const struct ui_keymap cust_list_map = {
	.keys = ui_list_keys,
	.n = UI_LIST_KEYS_N,
	.next = &cust_global_map,
};
static struct ui_keymap cust_maps[CUST_SCREENS];

static void
cust_maps_build(void)
{
	size_t i;

	for (i = 0; i < CUST_SCREENS; i++)
		cust_maps[i] = (struct ui_keymap){
		    .keys = cust_views[i]->keys,
		    .n = cust_views[i]->n_keys,
		    .next = cust_views[i]->list != NULL ? &cust_list_map :
		    &cust_global_map };
}

static void
cust_go_back(struct cust *m)
{
	if (m->depth == 0) {
		if (m->screen != CUST_SHOPS)
			cust_open(m, CUST_SHOPS);
		return;
	}
	m->screen = m->back[--m->depth];
	m->need_open = 1;
}

/* Quitting with a full cart: yes quits. */
static void
quit_key(void *app, int action, int ch)
{
	(void)ch;
	if (cust_confirm_answer(app, action) == UI_CONFIRM_YES)
		ui_app_quit();
}

static const struct ui_dialog quit_dialog = CUST_CONFIRM_DIALOG(N_("종료"),
    quit_key);

static void
cust_quit(struct cust *m)
{
	char line[128];
	const char *lines[] = { line, N_("종료할까요?"), NULL };

	if (cust_cart_count(m) == 0) {
		ui_app_quit();
		return;
	}
	snprintf(line, sizeof line, _("장바구니에 %d개가 담겨 있습니다."),
	    cust_cart_count(m));
	cust_confirm_show(m, &quit_dialog, lines);
}

static void
cust_global_key(struct cust *m, int action)
{
	switch (action) {
	case G_HELP: ui_help_open(&m->help); break;
	case G_QUIT: cust_quit(m); break;
	case G_BACK: cust_go_back(m); break;
	case G_SHOPS: cust_open(m, CUST_SHOPS); break;
	case G_CART: cust_open(m, CUST_CART); break;
	case G_ORDERS: cust_open(m, CUST_ORDERS); break;
	case G_INBOX: cust_open(m, CUST_INBOX); break;
	case G_REFRESH:
		cust_open(m, m->screen);
		m->need_unread = 1;
		break;
	default: break;
	}
}

/* Load the current screen's data, when asked. */
static void
cust_load_screen(struct cust *m)
{
	if (m->need_open && m->online) {
		m->need_open = 0;
		if (cust_views[m->screen]->open != NULL)
			cust_views[m->screen]->open(m);
		ui_app_dirty();
	}
}

static int
cust_on_key(void *model, int ch)
{
	struct cust *m = model;
	const struct ui_view *v = cust_views[m->screen];
	int action, page = LINES - 6 > 1 ? LINES - 6 : 1;

	if (m->help.up) {
		if (!ui_help_key(&m->help, ch))
			ui_app_repaint();
		return 0;
	}
	if (m->dialog != NULL) {
		action = ui_keys_lookup(m->dialog->keys, m->dialog->n_keys, ch);
		m->dialog->key(m, action, ch);
		return 0;
	}
	if (cust_search_key(m, ch))
		return 0;
	action = ui_keymap_lookup(&cust_maps[m->screen], ch);
	if (action < 0)
		return 0;
	/* A key typed ahead acts on the screen's data, not the last one's;
	 * moving between screens needs none, so those keys coalesce. */
	if (action < G_HELP || action >= UI_LIST_DOWN)
		cust_load_screen(m);
	if (action >= UI_LIST_DOWN && v->list != NULL)
		ui_list_key(v->list(m), action, page);
	else if (action >= G_HELP)
		cust_global_key(m, action);
	else
		v->key(m, action);
	return 0;
}

static void
cust_on_event(void *model, json_t *ev)
{
	struct cust *m = model;
	const json_t *event = json_object_get(ev, "event");
	const char *type;

	if (json_object_get(ev, "live") != NULL) {
		m->live = 1;
		m->need_unread = 1;
		return;
	}
	if (!json_is_object(event))
		return;
	type = wire_str(event, "type", "");
	if (strcmp(type, "notification.created") == 0) {
		if (m->live)
			ui_app_notice(UI_COLOR_NOTICE, "🔔 %s", wire_str(
			    json_object_get(event, "data"), "text", ""));
		m->need_unread = 1;
	}
	/* Each screen keeps its own data current, or marks it for a
	 * reload. */
	ui_views_event(&m->views, m, event);
}

/* Who the broker says we are, for the header. */
static void
cust_identity(struct cust *m)
{
	const json_t *id = client_wait_ready(m->client, 0, NULL);

	if (id == NULL)
		return;
	snprintf(m->user, sizeof m->user, "%s", wire_str(id, "user", ""));
	snprintf(m->name, sizeof m->name, "%s", wire_str(id, "name", ""));
	if (strcmp(wire_str(id, "role", ""), "customer") != 0)
		ui_app_notice(UI_COLOR_WARN, _("%s은(는) 고객이 아닌 %s "
		    "계정입니다: 주문은 거절됩니다"), m->user,
		    wire_str(id, "role", ""));
}

/* Follow this customer's events from what the view has applied, so the
 * screens hear about every change after what they show. */
static void
cust_subscribe(struct cust *m)
{
	struct wire_error err;
	json_t *r = cust_call(m, "view", "orders", json_pack("{s:i}",
	    "limit", 1), &err);
	int64_t from = r != NULL ? wire_int(r, "seq", 0) : 0;

	json_decref(r);
	/* The broker forces a customer's own events: no filter needed. */
	if (client_subscribe(m->client, "mine", NULL, from, &err) == 0)
		m->subscribed = 1;
	/* The catalog, live: a shop closing or an item selling out shows at
	 * once on the shops and menu screens. */
	client_subscribe(m->client, "shops", json_pack("{s:[s]}", "types",
	    "shop."), -1, &err);
}

/* Notice the backend going away and coming back; on return, reload. */
static void
cust_check_online(struct cust *m)
{
	const struct wire_error *e = client_last_error(m->client);
	int on = client_online(m->client) != 0;
	int refused = !on && e != NULL && strcmp(e->code, E_UNAUTHORIZED) == 0;

	if (refused != m->refused) {
		m->refused = refused;
		ui_app_dirty();
	}
	if (on == m->online)
		return;
	m->online = on;
	ui_app_dirty();
	if (!on) {
		m->live = 0;
		return;
	}
	cust_identity(m);
	if (!m->subscribed)
		cust_subscribe(m);
	if (m->ever_online)
		ui_app_notice(UI_COLOR_OK, _("다시 연결되었습니다"));
	m->ever_online = 1;
	cust_open(m, m->screen);
	m->need_unread = 1;
}

static void
cust_on_tick(void *model, int64_t now)
{
	struct cust *m = model;

	cust_check_online(m);
	if (!m->online)
		return;
	cust_load_screen(m);
	if (m->need_unread) {
		m->need_unread = 0;
		cust_inbox_unread(m);
	}
	ui_views_tick(&m->views, m, now);
	if (m->dialog != NULL && m->dialog->tick != NULL)
		m->dialog->tick(m, now);
}

static void
cust_draw_header(const struct cust *m)
{
	char right[192], left[128];
	int rw, lw, level;

	if (!m->online) {
		if (m->refused)
			ui_app_draw_banner(_("로그인할 수 없습니다:"
			    " --user 또는 --token을 확인하세요"));
		else
			ui_app_draw_banner(_("⚠ 서버에 연결할 수 없습니다 · 다시 "
			    "연결하는 중…"));
		return;
	}
	snprintf(left, sizeof left, _(" baedal 배달 · %s"),
	    _(cust_views[m->screen]->title));
	ui_draw_text(0, 0, COLS, UI_ALIGN_LEFT, ui_attr(UI_COLOR_TITLE), left);
	/* Who, unread, online: in full, shorter on a narrower screen, and
	 * at least the unread count. */
	lw = ui_text_width(left);
	for (level = 0; level < 3; level++) {
		if (level == 0)
			snprintf(right, sizeof right, _("%s(%s) │ 알림 %lld │ "
			    "● 연결됨 "), m->name[0] ? m->name : m->user,
			    m->user, (long long)m->unread);
		else if (level == 1)
			snprintf(right, sizeof right, _("%s │ 알림 %lld │ ● "),
			    m->user, (long long)m->unread);
		else
			snprintf(right, sizeof right, _(" 알림 %lld "),
			    (long long)m->unread);
		if (ui_text_width(right) < COLS - lw)
			break;
	}
	rw = ui_text_width(right);
	if (rw < COLS - lw)
		ui_draw_text(0, COLS - rw, rw, UI_ALIGN_LEFT,
		    ui_attr(m->unread > 0 ? UI_COLOR_NOTICE : UI_COLOR_TITLE),
		    right);
}

/* The status line: a notice, else the cart in one line. */
static void
cust_draw_status(struct cust *m, int y)
{
	if (ui_app_draw_notice(y) || m->screen == CUST_CART)
		return;
	cust_cart_draw_line(m, y);
}

static void
cust_on_draw(void *model)
{
	struct cust *m = model;
	const struct ui_dialog *d = m->dialog;
	const struct ui_view *v = cust_views[m->screen];
	struct ui_keymap dialog_map = { .keys = d ? d->keys : NULL,
	    .n = d ? d->n_keys : 0 };
	const struct ui_keymap *keys = d ? &dialog_map : &cust_maps[m->screen];
	struct ui_rect body = { 1, 0, LINES - 3, COLS };
	char title[96];

	if (LINES < CUST_MIN_LINES || COLS < CUST_MIN_COLS) {
		ui_draw_text(0, 0, COLS, UI_ALIGN_LEFT, ui_attr(UI_COLOR_WARN),
		    _("터미널이 너무 작습니다"));
		return;
	}
	cust_draw_header(m);
	v->draw(m, body);
	cust_draw_status(m, LINES - 2);
	if (d != NULL) {
		d->draw(m);
		ui_help_hint_bar(LINES - 1, keys, COLS);
	} else
		ui_view_hint_bar(v, m, keys, LINES - 1, COLS);
	if (m->help.up) {
		snprintf(title, sizeof title, "baedal-customer · %s",
		    _(d ? d->title : v->title));
		ui_help_draw(&m->help, title, keys);
	}
}

/* The app's view for the event loop. */
static const struct ui_app_ops cust_ops = {
	.draw = cust_on_draw,
	.key = cust_on_key,
	.event = cust_on_event,
	.tick = cust_on_tick,
};

/* Each screen releases its own state. */
static void
cust_free(struct cust *m)
{
	ui_views_release(&m->views);
	cust_review_free(m);
	client_destroy(&m->client);
}

static void
cust_usage(FILE *out)
{
	fprintf(out, _("사용법: baedal-customer [options]\n\n"
	    "터미널에서 음식 주문: 가게 찾기, 주문 담기, 결제, 실시간 추적,\n"
	    "가능할 때 취소, 알림 읽기.\n\n"
	    "옵션:\n%s"
	    "  --exit-after N   루프 N번 뒤 끝내기 (테스트용)\n"
	    "  --mono           흑백 (NO_COLOR=1도 같음)\n"
	    "  -h, --help       이 도움말\n"
	    "  -V, --version    버전\n\n"
	    "키: 앱 안에서 ?를 누르세요. 종료 상태: 0 정상, 1 실패, "
	    "2 사용법 오류.\n"
	    "예: baedal-customer --home DIR --connect EP --user minji\n"),
	    front_usage_text());
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		FRONT_APP_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct front_app app = {
		.name = "baedal-customer",
		.usage = cust_usage,
		.say_code = 1,
	};
	struct cust m;
	char why[256];
	int rc;

	if ((rc = front_app_parse(&app, argc, argv, opts, NULL, NULL)) >= 0)
		goto out;
	ui_app_set_monochrome(app.mono);
	memset(&m, 0, sizeof m);
	m.screen = CUST_SHOPS;
	m.client = front_app_connect(&app);
	if (m.client == NULL) {
		rc = FRONT_EXIT_FAIL;
		goto out;
	}
	/* Who we are first (exit 1), then where we draw (exit 2). */
	if (ui_term_check(why, sizeof why) != 0) {
		fprintf(stderr, "baedal-customer: %s\n", why);
		client_destroy(&m.client);
		rc = FRONT_EXIT_USAGE;
		goto out;
	}
	snprintf(m.user, sizeof m.user, "%s", app.id.user ? app.id.user :
	    "?");
	ui_views_init(&m.views, cust_views, CUST_SCREENS);
	cust_maps_build();
	rc = ui_app_run(m.client, &cust_ops, &m, app.exit_after);
	rc = front_app_exit(&app, rc, NULL);
	cust_free(&m);
out:
	front_app_free(&app);
	return rc;
}
