/*
 * shop_keys.c: the queue and detail screens: their key bindings, as
 * data, the action each one runs, and their struct ui_view. The help
 * screen and the hint bar come from the table.
 */
#include "shop.h"

#include <curses.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_theme.h"
#include "util.h"

enum queue_action {
	ACT_QUIT, ACT_HELP, ACT_DETAIL, ACT_BACK, ACT_NEXT, ACT_ACCEPT,
	ACT_REJECT, ACT_COOK, ACT_READY, ACT_PICKED_UP, ACT_EXTEND, ACT_UNAVAILABLE, ACT_PRINT, ACT_PAUSE, ACT_BUSY, ACT_DISPATCH, ACT_DELIVER, ACT_FILTER_NEW,
	ACT_FILTER_ACTIVE, ACT_FILTER_DONE, ACT_FILTER_ALL, ACT_FILTER_NEXT,
	ACT_FILTER_PREV, ACT_MENU, ACT_OPEN, ACT_RELOAD, ACT_HOURS, ACT_REASONS,
	ACT_REVIEWS, ACT_SALES
};

/* The most important first: the help lists them in this order (it
 * scrolls on a small terminal) and a narrow hint bar drops the last. */
static const struct ui_key queue_keys[] = {
	UI_KEY(' ', N_("다음단계"), N_("다음 단계: 접수 → 조리 → 조리 완료 → 배달 "
	    "(배달 주문) 또는 픽업 완료 (포장 주문)"), ACT_NEXT),
	UI_KEY('a', N_("접수"), N_("접수 (예상 시간 선택)"), ACT_ACCEPT),
	UI_KEY('x', N_("거절"), N_("거절 (사유 선택 또는 입력)"), ACT_REJECT),
	UI_KEY_ALIAS('r', ACT_REJECT),
	UI_KEY('c', N_("조리"), N_("조리 시작"), ACT_COOK),
	UI_KEY('e', N_("조리완료"), N_("조리 완료"), ACT_READY),
	UI_KEY('d', N_("배달"), N_("배달 출발 (배달 주문)"), ACT_DISPATCH),
	UI_KEY('u', N_("픽업"), N_("픽업 완료 (포장 주문)"), ACT_PICKED_UP),
	UI_KEY('f', N_("완료"), N_("배달 완료"), ACT_DELIVER),
	UI_KEY('t', N_("시간연장"), N_("조리 시간 늘리기 (+5/+10/+15분)"), ACT_EXTEND),
	UI_KEY('s', N_("품절"), N_("품절 항목 빼고 환불 (조리 전, 항목 골라서)"),
	    ACT_UNAVAILABLE),
	UI_KEY('p', N_("재출력"), N_("주문서 다시 출력"), ACT_PRINT),
	UI_KEY('\n', N_("상세"), N_("주문 상세 보기 / 닫기"), ACT_DETAIL),
	UI_KEY_ALIAS('l', ACT_DETAIL),
	UI_KEY_ALIAS(KEY_RIGHT, ACT_DETAIL),
	UI_KEY('?', N_("도움말"), N_("이 도움말"), ACT_HELP),
	UI_KEY('q', N_("종료"), N_("끝내기"), ACT_QUIT),
	UI_KEY(UI_KEY_ESC, NULL, N_("상세 닫기"), ACT_BACK),
	UI_KEY_ALIAS('h', ACT_BACK),
	UI_KEY_ALIAS(KEY_LEFT, ACT_BACK),
	UI_KEY('\t', N_("필터"), N_("다음 필터"), ACT_FILTER_NEXT),
	UI_KEY(KEY_BTAB, NULL, N_("이전 필터"), ACT_FILTER_PREV),
	UI_KEY('1', NULL, N_("필터: 신규 (접수 대기)"), ACT_FILTER_NEW),
	UI_KEY('2', NULL, N_("필터: 진행 중"), ACT_FILTER_ACTIVE),
	UI_KEY('3', NULL, N_("필터: 완료 / 취소 / 거절"), ACT_FILTER_DONE),
	UI_KEY('4', NULL, N_("필터: 전체"), ACT_FILTER_ALL),
	UI_KEY('m', N_("메뉴"), N_("메뉴 관리 (품절 표시)"), ACT_MENU),
	UI_KEY('v', N_("리뷰"), N_("리뷰 보기 / 답글 달기"), ACT_REVIEWS),
	UI_KEY('$', NULL, N_("매출 · 서비스 현황 (오늘, ←/→ 다른 날)"), ACT_SALES),
	UI_KEY('o', NULL, N_("영업 시작 / 종료"), ACT_OPEN),
	UI_KEY('H', NULL, N_("영업시간과 휴무일 (보기 / 고치기)"), ACT_HOURS),
	UI_KEY('S', NULL, N_("거절 / 취소 사유 통계"), ACT_REASONS),
	UI_KEY('P', NULL, N_("주문 일시정지 (15/30/60분, 다시 열 때까지) / 재개"),
	    ACT_PAUSE),
	UI_KEY('b', NULL, N_("바쁨 모드 켜기 / 끄기"), ACT_BUSY),
	UI_KEY('R', NULL, N_("주문 목록 새로 받기"), ACT_RELOAD),
};

/* Rows of the list on screen, for paging. */
static int
page_rows(void)
{
	return LINES > 8 ? LINES - 7 : 1;
}

/* The selection moved: remember it, and the owner has looked at it. */
static void
select_moved(struct shop_app *app)
{
	struct shop_order *o;

	shop_app_picked(app);
	if ((o = shop_app_selected(app)) != NULL) {
		app->selected_id = o->id;
		o->fresh = 0; /* the owner has looked at it */
	}
}

static void
set_filter(struct shop_app *app, int filter)
{
	app->filter = (enum shop_filter)((filter + SHOP_FILTER_COUNT) %
	    SHOP_FILTER_COUNT);
	shop_app_refresh(app);
	shop_app_picked(app);
}

/* An action of the queue or detail screen (the list keys' too). */
static void
queue_key(void *model, int action)
{
	struct shop_app *app = model;
	struct shop_order *o = shop_app_selected(app);

	if (ui_list_key(&app->list, action, page_rows())) {
		select_moved(app);
		return;
	}
	switch (action) {
	case ACT_QUIT: ui_app_quit(); break;
	case ACT_HELP: ui_help_open(&app->help); break;
	case ACT_DETAIL:
		shop_screen_open(app, app->screen == SHOP_SCREEN_DETAIL ?
		    SHOP_SCREEN_QUEUE : SHOP_SCREEN_DETAIL);
		if (o != NULL)
			o->fresh = 0;
		break;
	case ACT_BACK: shop_screen_open(app, SHOP_SCREEN_QUEUE); break;
	case ACT_NEXT: shop_action_next(app); break;
	case ACT_ACCEPT: shop_action_accept(app); break;
	case ACT_REJECT: shop_action_reject(app); break;
	case ACT_COOK: shop_action_simple(app, "cook"); break;
	case ACT_READY: shop_action_simple(app, "ready"); break;
	case ACT_EXTEND: shop_action_extend(app); break;
	case ACT_UNAVAILABLE: shop_action_unavailable(app); break;
	case ACT_PRINT: shop_action_print(app); break;
	case ACT_PAUSE: shop_action_pause(app); break;
	case ACT_BUSY: shop_action_busy(app); break;
	case ACT_PICKED_UP: shop_action_simple(app, "picked_up"); break;
	case ACT_DISPATCH: shop_action_simple(app, "dispatch"); break;
	case ACT_DELIVER: shop_action_simple(app, "deliver"); break;
	case ACT_FILTER_NEW: set_filter(app, SHOP_FILTER_NEW); break;
	case ACT_FILTER_ACTIVE: set_filter(app, SHOP_FILTER_ACTIVE); break;
	case ACT_FILTER_DONE: set_filter(app, SHOP_FILTER_DONE); break;
	case ACT_FILTER_ALL: set_filter(app, SHOP_FILTER_ALL); break;
	case ACT_FILTER_NEXT: set_filter(app, (int)app->filter + 1); break;
	case ACT_FILTER_PREV: set_filter(app, (int)app->filter - 1); break;
	case ACT_MENU: shop_screen_open(app, SHOP_SCREEN_MENU); break;
	case ACT_HOURS: shop_screen_open(app, SHOP_SCREEN_HOURS); break;
	case ACT_REASONS: shop_screen_open(app, SHOP_SCREEN_REASONS); break;
	case ACT_REVIEWS: shop_screen_open(app, SHOP_SCREEN_REVIEWS); break;
	case ACT_SALES: shop_screen_open(app, SHOP_SCREEN_SALES); break;
	case ACT_OPEN: shop_menu_toggle_open(app); break;
	case ACT_RELOAD:
		if (shop_app_sync(app) == 0)
			ui_app_notice(UI_COLOR_OK,
			    _("주문 목록을 새로 받았습니다"));
		break;
	default: break;
	}
}

/*
 * The hint bar's label for key k with order o selected (NULL: left out).
 * It offers what applies to o only: Space names the next step (so a, c,
 * d and f, which it covers, stay in the help), reject only while o waits
 * for the shop. Short bars keep ? and q in view on small terminals.
 */
static const char *
queue_label(void *model, const struct ui_key *k)
{
	const struct shop_app *app = model;
	const struct shop_order *o = shop_app_selected(app);

	switch (k->action) {
	case ACT_NEXT:
		return shop_action_next_label(o);
	case ACT_ACCEPT: case ACT_COOK: case ACT_DISPATCH: case ACT_DELIVER:
	case ACT_READY: case ACT_PICKED_UP:
		return NULL;
	case ACT_REJECT:
		return shop_action_allowed(o, "reject") ? k->label : NULL;
	case ACT_EXTEND:
		return shop_extend_allowed(o) ? k->label : NULL;
	case ACT_UNAVAILABLE:
		return app->screen == SHOP_SCREEN_DETAIL &&
		    shop_unavailable_allowed(o) ? k->label : NULL;
	case ACT_PRINT:
		return o != NULL && o->print_error != NULL ? k->label : NULL;
	case ACT_DETAIL:
		return app->screen == SHOP_SCREEN_DETAIL ? _("목록") : k->label;
	default:
		return k->label;
	}
}

const struct ui_view shop_orders_view = {
	.title = N_("주문 콘솔"),
	.keys = queue_keys,
	.n_keys = ARRAY_LEN(queue_keys),
	.draw = shop_draw_queue,
	.key = queue_key,
	.label = queue_label,
	.state_size = sizeof (struct shop_dialogs),
	.init = shop_dialogs_init,
	.release = shop_dialogs_release,
};

/* The same keys as the queue: Enter and Esc go back to it. */
const struct ui_view shop_detail_view = {
	.title = N_("주문 콘솔"),
	.keys = queue_keys,
	.n_keys = ARRAY_LEN(queue_keys),
	.draw = shop_draw_detail_screen,
	.key = queue_key,
	.label = queue_label,
};
