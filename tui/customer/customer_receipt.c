/*
 * customer_receipt.c: one order's receipt (영수증), from view.status: when
 * it was ordered (KST), the lines with their options and requests, the
 * fee and the total, how it was paid, the refunds, and the time of each
 * step. The receipt is built as a list of rows once per read, and drawn
 * from it with scrolling; 'r' puts the lines into the cart again, Enter
 * follows the order live.
 */
#include "customer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

#define RECEIPT_ROWS 256
#define RECEIPT_W 72
#define RECEIPT_NO_WON INT64_MIN

enum { RECEIPT_TRACK, RECEIPT_REORDER, RECEIPT_DOWN, RECEIPT_UP };

static const struct ui_key receipt_keys[] = {
	UI_KEY('r', N_("다시 담기"), N_("같은 메뉴를 오늘 가격으로 "
	    "장바구니에 다시 담기"), RECEIPT_REORDER),
	UI_KEY('\n', N_("추적"), N_("주문 실시간 추적"), RECEIPT_TRACK),
	UI_KEY(KEY_DOWN, NULL, N_("아래로 스크롤"), RECEIPT_DOWN),
	UI_KEY_ALIAS('j', RECEIPT_DOWN),
	UI_KEY(KEY_UP, NULL, N_("위로 스크롤"), RECEIPT_UP),
	UI_KEY_ALIAS('k', RECEIPT_UP),
};

/* A row: its text, an amount at the right (or RECEIPT_NO_WON), its
 * colour. */
struct receipt_row {
	char text[200];
	int64_t won;
	int attr;
};

struct receipt {
	int64_t id;
	char err[256];
	struct receipt_row rows[RECEIPT_ROWS];
	int n, top;
};

static struct receipt *
receipt_of(struct cust *m)
{
	return cust_state(m, CUST_RECEIPT);
}

static void
receipt_add(struct receipt *r, int attr, int64_t won, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Append a row (rows past RECEIPT_ROWS are dropped). */
static void
receipt_add(struct receipt *r, int attr, int64_t won, const char *fmt, ...)
{
	va_list ap;

	if (r->n >= RECEIPT_ROWS)
		return;
	va_start(ap, fmt);
	vsnprintf(r->rows[r->n].text, sizeof r->rows[r->n].text, fmt, ap);
	va_end(ap);
	r->rows[r->n].won = won;
	r->rows[r->n++].attr = attr;
}

/* The lines, each with its options and request. */
static void
receipt_lines(struct receipt *r, const json_t *o)
{
	const json_t *it, *op;
	size_t i, j;
	int dim = ui_attr(UI_COLOR_DIM), norm = ui_attr(UI_COLOR_NORMAL);

	json_array_foreach(json_object_get(o, "items"), i, it) {
		receipt_add(r, norm, wire_int(it, "line_total", 0), " %s ×%lld",
		    wire_str(it, "name", ""), (long long)wire_int(it, "qty", 0));
		json_array_foreach(json_object_get(it, "options"), j, op) {
			char won[32];

			util_won(won, sizeof won, wire_int(op, "price", 0));
			receipt_add(r, dim, RECEIPT_NO_WON, "   + %s (%s)",
			    wire_str(op, "name", ""), won);
		}
		if (wire_str(it, "note", "")[0] != '\0')
			receipt_add(r, dim, RECEIPT_NO_WON, _("   요청: %s"),
			    wire_str(it, "note", ""));
	}
}

/* How it was paid, and what came back. */
static void
receipt_payment(struct receipt *r, const json_t *o)
{
	const json_t *pay = json_object_get(o, "payment");
	const json_t *va = json_object_get(o, "virtual_account");
	const json_t *e;
	const char *ps = wire_str(pay, "status", "");
	int norm = ui_attr(UI_COLOR_NORMAL);
	char when[32];
	size_t i;

	if (json_is_object(va))
		receipt_add(r, norm, RECEIPT_NO_WON, _(" 결제 수단  가상계좌 "
		    "(%s %s)"), wire_str(va, "bank", ""),
		    wire_str(va, "account_number", ""));
	else if (json_is_string(json_object_get(pay, "card_last4")))
		receipt_add(r, norm, RECEIPT_NO_WON, _(" 결제 수단  카드 "
		    "•••• %s"), wire_str(pay, "card_last4", ""));
	else
		receipt_add(r, norm, RECEIPT_NO_WON, "%s",
		    _(" 결제 수단  카드"));
	if (json_is_object(pay)) {
		cust_kst(when, sizeof when, wire_int(pay, "approved_at", 0),
		    "%m/%d %H:%M:%S");
		receipt_add(r, norm, wire_int(pay, "amount", 0), _(" 결제 상태  "
		    "%s %s · %s"), cust_status_word(ps), ps, when);
	}
	/* Each refund is a payment step of the timeline. */
	json_array_foreach(json_object_get(o, "timeline"), i, e) {
		const char *st = wire_str(e, "status", "");

		if (strncmp(st, "payment ", 8) != 0 ||
		    strstr(st, "REFUND") == NULL)
			continue;
		cust_kst(when, sizeof when, wire_int(e, "at", 0),
		    "%m/%d %H:%M:%S");
		receipt_add(r, ui_attr(UI_COLOR_OK), RECEIPT_NO_WON,
		    _(" 환불      %s · %s"), wire_str(e, "text", ""), when);
	}
}

/* Build the rows of order o. */
static void
receipt_build(struct receipt *r, const json_t *o)
{
	const json_t *e;
	const char *st = wire_str(o, "status", "");
	int pickup = strcmp(wire_str(o, "kind", ""), "pickup") == 0;
	int norm = ui_attr(UI_COLOR_NORMAL), dim = ui_attr(UI_COLOR_DIM);
	char when[32];
	size_t i;

	r->n = 0;
	cust_kst(when, sizeof when, wire_int(o, "placed_at", 0),
	    "%Y-%m-%d %H:%M");
	receipt_add(r, norm | A_BOLD, RECEIPT_NO_WON, _(" 영수증 · 주문 #%lld "
	    "· %s"), (long long)wire_int(o, "order_id", 0),
	    wire_str(o, "shop_name", ""));
	receipt_add(r, norm, RECEIPT_NO_WON, _(" 주문 일시  %s (KST) · %s %s"),
	    when, cust_status_word(st), st);
	if (pickup)
		receipt_add(r, norm, RECEIPT_NO_WON, "%s", _(" 포장 주문"));
	else
		receipt_add(r, norm, RECEIPT_NO_WON, _(" 배달 주소  %s"),
		    wire_str(o, "address", ""));
	if (wire_str(o, "note", "")[0] != '\0')
		receipt_add(r, norm, RECEIPT_NO_WON, _(" 가게 요청  %s"),
		    wire_str(o, "note", ""));
	if (wire_str(o, "rider_note", "")[0] != '\0')
		receipt_add(r, norm, RECEIPT_NO_WON, _(" 라이더 요청  %s"),
		    wire_str(o, "rider_note", ""));
	receipt_add(r, dim | A_UNDERLINE, RECEIPT_NO_WON, "%s",
	    _(" 주문 내역"));
	receipt_lines(r, o);
	receipt_add(r, dim, wire_int(o, "subtotal", 0), "%s", _(" 소계"));
	receipt_add(r, dim, wire_int(o, "delivery_fee", 0), "%s",
	    _(" 배달팁"));
	receipt_add(r, norm | A_BOLD, wire_int(o, "total", 0), "%s",
	    _(" 합계"));
	receipt_payment(r, o);
	receipt_add(r, dim | A_UNDERLINE, RECEIPT_NO_WON, "%s",
	    _(" 진행 시각 (KST)"));
	json_array_foreach(json_object_get(o, "timeline"), i, e) {
		cust_kst(when, sizeof when, wire_int(e, "at", 0), "%H:%M:%S");
		receipt_add(r, norm, RECEIPT_NO_WON, "   %s  %-18s %s", when,
		    wire_str(e, "status", ""), wire_str(e, "text", ""));
	}
}

static void
receipt_open(void *app)
{
	struct cust *m = app;
	struct receipt *r = receipt_of(m);
	struct wire_error err;
	json_t *o = cust_read(m, "view", "status", json_pack("{s:I}",
	    "order_id", (json_int_t)r->id), &err);

	if (o == NULL) {
		ui_app_error_text(&err, r->err, sizeof r->err);
		return;
	}
	r->err[0] = '\0';
	receipt_build(r, o);
	json_decref(o);
}

void
cust_receipt_open(struct cust *m, int64_t order_id)
{
	struct receipt *r = receipt_of(m);

	if (order_id != r->id) {
		r->n = 0;
		r->top = 0;
	}
	r->id = order_id;
	r->err[0] = '\0';
	cust_open(m, CUST_RECEIPT);
}

static void
receipt_draw(void *app, struct ui_rect body)
{
	struct receipt *r = receipt_of(app);
	char won[32];
	int i, y, w = body.w < RECEIPT_W ? body.w : RECEIPT_W;

	if (r->n == 0) {
		cust_draw_message(body, r->err[0] ? UI_COLOR_ERROR :
		    UI_COLOR_DIM, r->err[0] ? r->err : _("영수증을 불러오는 중…"));
		return;
	}
	if (r->top > r->n - body.h)
		r->top = r->n - body.h > 0 ? r->n - body.h : 0;
	for (i = r->top, y = body.y; i < r->n && y < body.y + body.h;
	    i++, y++) {
		ui_draw_text(y, body.x, w, UI_ALIGN_LEFT, r->rows[i].attr,
		    r->rows[i].text);
		if (r->rows[i].won == RECEIPT_NO_WON)
			continue;
		util_won(won, sizeof won, r->rows[i].won);
		ui_draw_text(y, body.x + w - 14, 13, UI_ALIGN_RIGHT,
		    r->rows[i].attr | ui_attr(UI_COLOR_PRICE), won);
	}
}

static void
receipt_key(void *app, int action)
{
	struct cust *m = app;
	struct receipt *r = receipt_of(m);

	switch (action) {
	case RECEIPT_DOWN: r->top++; break;
	case RECEIPT_UP: r->top -= r->top > 0; break;
	case RECEIPT_TRACK: cust_track_open(m, r->id); break;
	case RECEIPT_REORDER: cust_reorder(m, r->id); break;
	default: break;
	}
}

const struct ui_view cust_receipt_view = {
	.title = N_("영수증"),
	.keys = receipt_keys,
	.n_keys = ARRAY_LEN(receipt_keys),
	.open = receipt_open,
	.draw = receipt_draw,
	.key = receipt_key,
	.state_size = sizeof (struct receipt),
};
