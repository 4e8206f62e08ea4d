/*
 * customer_track.c: one order, live: status and progress, ETA, items,
 * totals, payment and delivery, and the timeline, all from view.status.
 * It is read again on every event about the order and, while the order
 * can still change, every CUST_TRACK_REFRESH_MS (the view applies events
 * asynchronously, so a read right after an event may be behind). 'c'
 * cancels, after a confirmation; a refusal is shown as the backend says.
 */
#include "customer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "order_moves.h"
#include "reasons.h"
#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_review.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

/* On a wide screen the order keeps to this many columns, so amounts stay
 * near their labels. */
#define TRACK_MAX_W 88

enum { TRACK_CANCEL, TRACK_DOWN, TRACK_UP, TRACK_REVIEW };

static const struct ui_key track_keys[] = {
	UI_KEY('c', N_("주문 취소"), N_("이 주문 취소 (조리 시작 전까지)"),
	    TRACK_CANCEL),
	UI_KEY('w', N_("리뷰"), N_("리뷰 쓰기 (배달 후)"),
	    TRACK_REVIEW),
	UI_KEY(KEY_DOWN, NULL, N_("아래로 스크롤"), TRACK_DOWN),
	UI_KEY_ALIAS('j', TRACK_DOWN),
	UI_KEY(KEY_UP, NULL, N_("위로 스크롤"), TRACK_UP),
	UI_KEY_ALIAS('k', TRACK_UP),
};

/* The road an order travels, and what each stop means. */
static const struct {
	const char *status, *step, *says;
} track_steps[] = {
	{ "PAID", NC_("status", "결제완료"), N_("가게가 주문을 확인하고 있습니다") },
	{ "ACCEPTED", NC_("status", "접수"), N_("가게가 주문을 접수했습니다") },
	{ "COOKING", NC_("status", "조리중"), N_("음식을 만들고 있습니다") },
	{ "READY", NC_("status", "조리완료"), N_("음식이 준비되었습니다") },
	{ "DELIVERING", NC_("status", "배달중"), N_("라이더가 가고 있습니다") },
	{ "DELIVERED", NC_("status", "배달완료"), N_("배달이 끝났습니다. 맛있게 드세요!") },
	{ "PICKED_UP", NC_("status", "픽업완료"), N_("찾아가셨습니다. 맛있게 드세요!") },
};

/* The screen's state: the order followed and its last read. */
struct track {
	int64_t id;                   /* the order on the screen */
	json_t *order;                /* view.status result, owned */
	char err[256];
	int64_t next;                 /* wall ms of the next periodic read */
	int top;                      /* first row shown (scrolling) */
	int64_t second;               /* the countdown's second drawn */
	int need;                     /* an event about it came */
};

static struct track *
track_of(struct cust *m)
{
	return cust_state(m, CUST_TRACK);
}

static void
track_release(void *state)
{
	json_decref(((struct track *)state)->order);
}

/* Rows of the screen, drawn only where they fall in the body. */
struct track_pane {
	struct ui_rect body;
	int top, row;
};

/* The screen row for the next pane row, or -1 when it is scrolled away. */
static int
pane_next(struct track_pane *p)
{
	int y = p->body.y + p->row++ - p->top;

	return y >= p->body.y && y < p->body.y + p->body.h ? y : -1;
}

static void
pane_text(struct track_pane *p, int attr, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
pane_text(struct track_pane *p, int attr, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int y = pane_next(p);

	if (y < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	ui_draw_text(y, p->body.x, p->body.w, UI_ALIGN_LEFT, attr, line);
}

/* "label  ...  amount", the amount right-aligned. */
static void
pane_amount(struct track_pane *p, int attr, const char *label, int64_t won)
{
	char amount[32];
	int y = pane_next(p);

	if (y < 0)
		return;
	util_won(amount, sizeof amount, won);
	ui_draw_text(y, p->body.x, p->body.w, UI_ALIGN_LEFT, attr, label);
	ui_draw_text(y, p->body.x + p->body.w - 14, 13, UI_ALIGN_RIGHT,
	    attr | ui_attr(UI_COLOR_PRICE), amount);
}

static int
track_step_of(const char *status)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(track_steps); i++)
		if (strcmp(status, track_steps[i].status) == 0)
			return (int)i;
	return -1;
}

/* Read the order again. */
static void
track_fetch(struct cust *m)
{
	struct track *t = track_of(m);
	struct wire_error err;
	json_t *r;

	t->next = now_ms() + CUST_TRACK_REFRESH_MS;
	if (t->id <= 0)
		return;
	r = cust_read(m, "view", "status", json_pack("{s:I}", "order_id",
	    (json_int_t)t->id), &err);
	if (r == NULL) {
		if (strcmp(err.code, E_NOT_FOUND) != 0)
			t->next = now_ms() + CUST_READ_BACKOFF_MS;
		if (strcmp(err.code, E_NOT_FOUND) == 0 && t->order == NULL)
			snprintf(t->err, sizeof t->err,
			    _("주문 #%lld 정보를 불러오는 중…"),
			    (long long)t->id);
		else
			ui_app_error_text(&err, t->err,
			    sizeof t->err);
		return;
	}
	t->err[0] = '\0';
	cust_json_set(&t->order, r);
	ui_app_dirty();
}

void
cust_track_open(struct cust *m, int64_t order_id)
{
	struct track *t = track_of(m);

	if (order_id != t->id) {
		cust_json_set(&t->order, NULL);
		t->err[0] = '\0';
		t->top = 0;
	}
	t->id = order_id;
	cust_open(m, CUST_TRACK);
}

/* An event about the order followed (its review's reply too): read it
 * again. */
static void
track_event(void *app, const json_t *event)
{
	struct track *t = track_of(app);
	const char *type = wire_str(event, "type", "");

	if (t->id > 0 && wire_int(event, "order_id", 0) == t->id &&
	    (strncmp(type, "order.", 6) == 0 ||
	    strncmp(type, "payment.", 8) == 0 ||
	    strncmp(type, "delivery.", 9) == 0 ||
	    strncmp(type, "review.", 7) == 0))
		t->need = 1;
}

/* While shown: read the order after an event about it, and every
 * CUST_TRACK_REFRESH_MS while it can still change. */
static void
track_tick(void *app, int64_t now)
{
	struct cust *m = app;
	struct track *t = track_of(m);
	const char *status = wire_str(t->order, "status", "");
	char line[256];

	if (m->screen != CUST_TRACK) {
		t->need = 0;
		return;
	}
	/* A running countdown changes once a second: redraw then (only the
	 * cells that changed reach the terminal). */
	if (cust_now() / 1000 != t->second && cust_eta_text(t->order,
	    cust_now(), line, sizeof line) != CUST_ETA_NONE) {
		t->second = cust_now() / 1000;
		ui_app_dirty();
	}
	if (t->need || (now >= t->next &&
	    !cust_status_final(status)))
		track_fetch(m);
	t->need = 0;
}

static void
track_open(void *app)
{
	track_fetch(app);
}

/* 1 when step i is one an order of this kind goes through (a pickup is
 * picked up, a delivery goes out). */
static int
track_step_for(size_t i, int pickup)
{
	const char *st = track_steps[i].status;

	if (pickup)
		return strcmp(st, "DELIVERING") != 0 &&
		    strcmp(st, "DELIVERED") != 0;
	return strcmp(st, "PICKED_UP") != 0;
}

/* The progress line: done stops, the current one, those to come. */
static void
track_progress(struct track_pane *p, const char *status, int pickup)
{
	int cur = track_step_of(status), y = pane_next(p), x, attr, w;
	size_t i;

	if (y < 0)
		return;
	if (cur < 0) {
		ui_draw_textf(y, p->body.x, p->body.w, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_ORDER_CANCELLED) | A_BOLD, "  ✕ %s %s",
		    cust_status_word(status), status);
		return;
	}
	x = p->body.x + 2;
	for (i = 0; i < ARRAY_LEN(track_steps); i++) {
		if (!track_step_for(i, pickup))
			continue;
		if ((int)i < cur)
			attr = ui_attr(UI_COLOR_OK);
		else if ((int)i == cur)
			attr = ui_attr((enum ui_color)ui_status_color(status)) |
			    A_BOLD | A_REVERSE;
		else
			attr = ui_attr(UI_COLOR_DIM);
		w = ui_text_width(ui_i18n_ctx("status",
		    track_steps[i].step)) + 2;
		ui_draw_textf(y, x, w, UI_ALIGN_CENTER, attr, "%s",
		    ui_i18n_ctx("status", track_steps[i].step));
		x += w;
		if (i + 1 < ARRAY_LEN(track_steps) - 1) {
			ui_draw_text(y, x, 3, UI_ALIGN_CENTER,
			    ui_attr(UI_COLOR_DIM), "›");
			x += 3;
		}
	}
}

static void
track_head(struct track_pane *p, const json_t *o)
{
	const char *status = wire_str(o, "status", "");
	int cur = track_step_of(status);
	int color = ui_attr((enum ui_color)ui_status_color(status));
	char when[16], eta[160];
	int late;
	const char *says, *code = json_string_value(json_object_get(o,
	    "reason_code"));
	const struct reason_code *code_text = reason_find(code);
	int pickup = strcmp(wire_str(o, "kind", "delivery"), "pickup") == 0;
	const json_t *va = json_object_get(o, "virtual_account");

	cust_kst(when, sizeof when, wire_int(o, "placed_at", 0), "%H:%M");
	pane_text(p, ui_attr(UI_COLOR_NORMAL) | A_BOLD, _(" 주문 #%lld · %s · "
	    "%s 주문"), (long long)wire_int(o, "order_id", 0),
	    wire_str(o, "shop_name", ""), when);
	if (strcmp(status, "AWAITING_DEPOSIT") == 0)
		says = _("아래 계좌로 입금하면 주문이 들어갑니다");
	else if (strcmp(status, "EXPIRED") == 0)
		says = _("입금 기한이 지나 주문이 취소되었습니다");
	else if (pickup && strcmp(status, "READY") == 0)
		says = _("가게에서 찾아가세요");
	else if (cur >= 0)
		says = _(track_steps[cur].says);
	else if (strcmp(status, "REJECTED") == 0)
		says = _("가게가 주문을 거절했습니다");
	else
		says = _("주문이 취소되었습니다");
	pane_text(p, color | A_BOLD, " ● %s %s · %s",
	    cust_status_word(status), status, says);
	/* The countdown, redrawn every second (track_tick). */
	late = cust_eta_text(o, cust_now(), eta, sizeof eta);
	if (late != CUST_ETA_NONE)
		pane_text(p, ui_attr(late == CUST_ETA_LATE ? UI_COLOR_WARN :
		    UI_COLOR_NORMAL) | A_BOLD, "   ⏱ %s", eta);
	track_progress(p, status, pickup);
	/* The code in Korean, unless the reason below already says it. */
	if (code != NULL && strstr(wire_str(o, "cancel_reason", ""),
	    code_text != NULL ? code_text->text : code) == NULL &&
	    strstr(wire_str(o, "reject_reason", ""), code_text != NULL ?
	    code_text->text : code) == NULL && strcmp(code,
	    "CUSTOMER_REQUEST") != 0)
		pane_text(p, ui_attr(UI_COLOR_DIM), _("   사유: %s"),
		    code_text != NULL ? _(code_text->text) : code);
	if (va != NULL && strcmp(status, "AWAITING_DEPOSIT") == 0) {
		cust_kst(when, sizeof when, wire_int(va, "due_at", 0), "%H:%M");
		pane_text(p, ui_attr(UI_COLOR_WARN) | A_BOLD, _("   입금 계좌: "
		    "%s %s · 입금 기한 %s"), wire_str(va, "bank", ""),
		    wire_str(va, "account_number", ""), wire_int(va, "due_at",
		    0) > 0 ? when : wire_str(va, "due_date", ""));
	}
	if (pickup)
		pane_text(p, ui_attr(UI_COLOR_NORMAL), _("   포장 주문 · "
		    "가게에서 찾아가세요"));
	if (wire_str(o, "note", "")[0] != '\0')
		pane_text(p, ui_attr(UI_COLOR_NORMAL), _("   가게 요청: %s"),
		    wire_str(o, "note", ""));
	if (wire_str(o, "rider_note", "")[0] != '\0')
		pane_text(p, ui_attr(UI_COLOR_NORMAL), _("   라이더 요청: %s"),
		    wire_str(o, "rider_note", ""));
	/* The reason says who cancelled ("고객이 취소했습니다"). */
	if (wire_str(o, "cancel_reason", "")[0] != '\0')
		pane_text(p, ui_attr(UI_COLOR_DIM), _("   취소 사유: %s"),
		    wire_str(o, "cancel_reason", ""));
	if (wire_str(o, "reject_reason", "")[0] != '\0')
		pane_text(p, ui_attr(UI_COLOR_DIM), _("   거절 사유: %s"),
		    wire_str(o, "reject_reason", ""));
}

static void
track_money(struct track_pane *p, const json_t *o)
{
	const json_t *pay = json_object_get(o, "payment");
	const json_t *dlv = json_object_get(o, "delivery");
	const json_t *it, *op;
	const char *ps = wire_str(pay, "status", "");
	char label[256], opts[200];
	size_t i, j, used;
	int gone;

	pane_next(p);
	pane_text(p, ui_attr(UI_COLOR_NORMAL), _(" 배달 주소  %s"),
	    wire_str(o, "address", ""));
	if (json_is_object(pay)) {
		util_won(opts, sizeof opts, wire_int(pay, "amount", 0));
		pane_text(p, ui_attr(strcmp(ps, "REFUNDED") == 0 ?
		    UI_COLOR_OK : UI_COLOR_NORMAL), _(" 결제      %s %s · %s%s"),
		    cust_status_word(ps), ps, opts, strcmp(ps, "REFUNDED") == 0
		    ? _(" 환불 완료") : "");
	}
	if (json_is_object(dlv))
		pane_text(p, ui_attr(UI_COLOR_NORMAL), _(" 배달      %s %s%s%s"),
		    cust_status_word(wire_str(dlv, "status", "")),
		    wire_str(dlv, "status", ""), wire_str(dlv, "rider_name",
		    NULL) ? _(" · 라이더 ") : "", wire_str(dlv, "rider_name", ""));
	pane_next(p);
	pane_text(p, ui_attr(UI_COLOR_DIM) | A_UNDERLINE, _(" 주문 내역"));
	json_array_foreach(json_object_get(o, "items"), i, it) {
		used = 0;
		opts[0] = '\0';
		json_array_foreach(json_object_get(it, "options"), j, op)
			if (used < sizeof opts)
				used += (size_t)snprintf(opts + used,
				    sizeof opts - used, "%s%s", used ? ", " :
				    " (", wire_str(op, "name", ""));
		/* A line the shop could not make: dim, refunded. */
		gone = json_is_true(json_object_get(it, "removed"));
		snprintf(label, sizeof label, "   %s%s%s ×%lld%s",
		    wire_str(it, "name", ""), opts, used ? ")" : "",
		    (long long)wire_int(it, "qty", 0), gone ?
		    _(" · 품절 (환불)") : "");
		pane_amount(p, ui_attr(gone ? UI_COLOR_DIM : UI_COLOR_NORMAL),
		    label, wire_int(it, "line_total", 0));
	}
	pane_amount(p, ui_attr(UI_COLOR_DIM), _("   배달팁"),
	    wire_int(o, "delivery_fee", 0));
	if (wire_int(o, "refunded", 0) > 0)
		pane_amount(p, ui_attr(UI_COLOR_OK), _("   품절 환불"),
		    wire_int(o, "refunded", 0));
	pane_amount(p, ui_attr(UI_COLOR_NORMAL) | A_BOLD, _("   합계"),
	    wire_int(o, "total", 0));
}

static void
track_timeline(struct track_pane *p, const json_t *o)
{
	const json_t *e;
	char when[16];
	size_t i;

	pane_next(p);
	pane_text(p, ui_attr(UI_COLOR_DIM) | A_UNDERLINE, _(" 진행 상황"));
	json_array_foreach(json_object_get(o, "timeline"), i, e) {
		cust_kst(when, sizeof when, wire_int(e, "at", 0), "%H:%M");
		pane_text(p, ui_attr((enum ui_color)ui_status_color(
		    wire_str(e, "status", ""))), "   %s  %-18s %s", when,
		    wire_str(e, "status", ""), wire_str(e, "text", ""));
	}
}

/* 1 when the order may get a review now: delivered or picked up, and
 * none yet. */
static int
track_may_review(const json_t *o)
{
	const char *status = wire_str(o, "status", "");

	return (strcmp(status, "DELIVERED") == 0 ||
	    strcmp(status, "PICKED_UP") == 0) &&
	    !json_is_object(json_object_get(o, "review"));
}

/* The order's review and the shop's reply, or the offer to write one. */
static void
track_review(struct track_pane *p, const json_t *o)
{
	const json_t *r = json_object_get(o, "review");
	char stars[32];

	if (track_may_review(o)) {
		pane_text(p, ui_attr(UI_COLOR_OK), _(" ✎ 리뷰를 남겨 주세요: "
		    "w"));
		return;
	}
	if (!json_is_object(r))
		return;
	pane_text(p, ui_attr(UI_COLOR_PRICE), _(" 내 리뷰 %s %s"),
	    ui_review_stars(stars, sizeof stars, wire_int(r, "rating", 0)),
	    wire_str(r, "text", ""));
	if (wire_str(r, "reply", NULL) != NULL)
		pane_text(p, ui_attr(UI_COLOR_NORMAL), _("   └ 사장님: %s"),
		    wire_str(r, "reply", ""));
}

/* Every row of the order into p (a pane of height 0 only counts). */
static void
track_rows(struct track_pane *p, const json_t *o, const char *err)
{
	track_head(p, o);
	track_review(p, o);
	track_money(p, o);
	track_timeline(p, o);
	if (err[0] != '\0')
		pane_text(p, ui_attr(UI_COLOR_ERROR), " %s", err);
}

static void
track_draw(void *app, struct ui_rect body)
{
	struct track *t = track_of(app);
	struct track_pane count = { { body.y, body.x, 0, body.w }, 0, 0 };
	struct track_pane p = { body, 0, 0 };
	int more;

	if (t->order == NULL) {
		cust_draw_message(body, UI_COLOR_DIM, t->err[0] ?
		    t->err : _("주문 정보를 불러오는 중…"));
		return;
	}
	if (p.body.w > TRACK_MAX_W)
		p.body.w = count.body.w = TRACK_MAX_W;
	/* Keep the scroll inside the rows there are. */
	track_rows(&count, t->order, t->err);
	if (t->top > count.row - body.h)
		t->top = count.row - body.h > 0 ? count.row - body.h : 0;
	/* Rows below the screen: the last row says so. */
	more = count.row - t->top > body.h && body.h > 1;
	p.body.h -= more;
	p.top = t->top;
	track_rows(&p, t->order, t->err);
	if (more)
		ui_draw_text(body.y + body.h - 1, p.body.x, p.body.w,
		    UI_ALIGN_RIGHT, ui_attr(UI_COLOR_DIM), _("↓ 더 보기 "
		    "(j/k) "));
}

void
cust_track_reload(struct cust *m)
{
	track_fetch(m);
}

static void
track_cancel_yes(struct cust *m)
{
	struct track *t = track_of(m);
	struct wire_error err;
	char text[320], won[32];
	json_t *r = cust_call(m, "order", "cancel", json_pack("{s:I}",
	    "order_id", (json_int_t)t->id), &err);

	if (r == NULL) {
		ui_app_error_text(&err, text, sizeof text);
		if (strcmp(err.code, E_INVALID_STATE) == 0)
			ui_app_notice(UI_COLOR_ERROR, _("죄송합니다, 취소할 수 "
			    "없습니다 — %s"), err.message);
		else
			ui_app_notice(UI_COLOR_ERROR, _("취소 실패: %s"), text);
		return;
	}
	util_won(won, sizeof won, wire_int(r, "refund", 0));
	ui_app_notice(UI_COLOR_OK, _("주문이 취소되었습니다 · 환불 %s"),
	    won);
	json_decref(r);
	track_fetch(m);
}

/* Cancelling the order shown: yes sends order.cancel. */
static void
track_cancel_key(void *app, int action, int ch)
{
	(void)ch;
	if (cust_confirm_answer(app, action) == UI_CONFIRM_YES)
		track_cancel_yes(app);
}

static const struct ui_dialog track_cancel_dialog = CUST_CONFIRM_DIALOG(
    N_("주문 취소"), track_cancel_key);

/* 1 when the customer may cancel an order in status: the status
 * machine's table, which the order service enforces. */
static int
track_may_cancel(const char *status)
{
	return order_move_to("cancel", 0, status, NULL) != NULL;
}

/* The hint bar offers cancel only while the order's status allows it. */
static const char *
track_label(void *app, const struct ui_key *k)
{
	struct track *t = track_of(app);

	if (k->action == TRACK_CANCEL &&
	    !track_may_cancel(wire_str(t->order, "status", "")))
		return NULL;
	if (k->action == TRACK_REVIEW)
		return track_may_review(t->order) ? _(k->label) : NULL;
	return k->label;
}

static void
track_key(void *app, int action)
{
	struct cust *m = app;
	struct track *t = track_of(m);
	char line[128];
	const char *lines[] = { line, N_("결제한 금액은 환불됩니다."), NULL };

	switch (action) {
	case TRACK_DOWN: t->top++; break;
	case TRACK_UP: t->top -= t->top > 0; break;
	case TRACK_REVIEW:
		if (t->order != NULL && track_may_review(t->order))
			cust_review_start(m, t->id);
		else if (t->order != NULL)
			ui_app_notice(UI_COLOR_WARN, "%s", _("배달이 끝난 주문에 "
			    "한 번 리뷰를 남길 수 있습니다"));
		break;
	case TRACK_CANCEL:
		if (t->order == NULL)
			break;
		if (cust_status_final(wire_str(t->order, "status", ""))) {
			ui_app_notice(UI_COLOR_WARN, _("이미 끝난 주문입니다 (%s)"),
			    wire_str(t->order, "status", ""));
			break;
		}
		if (!track_may_cancel(wire_str(t->order, "status", ""))) {
			ui_app_notice(UI_COLOR_WARN, _("죄송합니다, 조리가 시작되어 "
			    "취소할 수 없습니다 (%s)"), cust_status_word(
			    wire_str(t->order, "status", "")));
			break;
		}
		snprintf(line, sizeof line, _("주문 #%lld을(를) 취소할까요?"),
		    (long long)t->id);
		cust_confirm_show(m, &track_cancel_dialog, lines);
		break;
	default:
		break;
	}
}

const struct ui_view cust_track_view = {
	.title = N_("주문 추적"),
	.keys = track_keys,
	.n_keys = ARRAY_LEN(track_keys),
	.open = track_open,
	.draw = track_draw,
	.key = track_key,
	.event = track_event,
	.tick = track_tick,
	.label = track_label,
	.state_size = sizeof (struct track),
	.release = track_release,
};
