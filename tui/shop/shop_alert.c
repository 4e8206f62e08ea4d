/*
 * shop_alert.c: the console's alerts (bell, or flash with --no-bell, and
 * a notice): new orders and cancels as they come, a reminder every
 * --remind seconds while a new order waits unlooked at, and an
 * escalation while an order waits past its red line before its
 * auto-cancel (shop_order_urgency 2): a red notice and three alerts in
 * a row instead of one, repeated until it is accepted, rejected or
 * cancelled.
 */
#include "shop.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_theme.h"
#include "util.h"

/* Never alert more often than this (a burst is one alert). */
#define ALERT_GAP_MS 2000
/* An escalation repeats at least this often (more often with a shorter
 * --remind). */
#define ESCALATE_REPEAT_MS 10000
/* The escalated pattern: this many alerts, this far apart. */
#define ESCALATE_TIMES 3
#define ESCALATE_PAUSE_MS 150

/*
 * Take the orders that arrived and were not announced yet: marks them
 * announced, returns how many, and sets *last to the newest (borrowed;
 * NULL when none).
 */
static int
shop_take_arrivals(struct shop_app *app, struct shop_order **last)
{
	struct shop_order *o;
	size_t i;
	int n = 0;

	*last = NULL;
	for (i = 0; i < app->queue.n; i++) {
		o = app->queue.orders[i];
		if (!o->fresh || o->announced)
			continue;
		o->announced = 1;
		n++;
		if (*last == NULL || o->id > (*last)->id)
			*last = o;
	}
	return n;
}

/* "주문 #1001 취소됨 · reason" or "주문 3건 취소됨 · 마지막 #1003" for
 * the cancels since the last alert into buf ("" when none). */
static void
shop_cancels_text(const struct shop_app *app, char *buf, size_t n)
{
	const struct shop_order *o = shop_queue_find(&app->queue,
	    app->cancel_last_id);
	const char *reason = o != NULL ? o->reason : NULL;

	buf[0] = '\0';
	if (app->cancel_pending == 1)
		snprintf(buf, n, _("주문 #%lld 취소됨%s%s"),
		    (long long)app->cancel_last_id, reason ? " · " : "",
		    reason ? reason : "");
	else if (app->cancel_pending > 1)
		snprintf(buf, n, _("주문 %d건 취소됨 · 마지막 #%lld"),
		    app->cancel_pending, (long long)app->cancel_last_id);
}

/* One notice for the new orders (the newest, just arrived, is last;
 * waiting counts every new order the owner has not looked at, so a burst
 * whose first order was announced alone is still counted whole) and the
 * pending cancels together. */
static void
shop_alert_notice(struct shop_app *app, int arrived, int waiting,
    const struct shop_order *last)
{
	char won[32], cancels[256];
	const char *sep;

	shop_cancels_text(app, cancels, sizeof cancels);
	app->cancel_pending = 0;
	sep = cancels[0] != '\0' ? " / " : "";
	if (arrived == 0) {
		ui_app_notice(UI_COLOR_WARN, "%s", cancels);
		return;
	}
	util_won(won, sizeof won, last->total);
	if (waiting < arrived)
		waiting = arrived;
	if (waiting == 1)
		ui_app_notice(UI_COLOR_NOTICE, _("새 주문 #%lld · %s%s%s"),
		    (long long)last->id, won, sep, cancels);
	else
		ui_app_notice(UI_COLOR_NOTICE, _("새 주문 %d건 · 마지막 #%lld "
		    "· %s%s%s"), waiting, (long long)last->id, won, sep,
		    cancels);
}

static int
shop_count_fresh(const struct shop_queue *q)
{
	size_t i;
	int n = 0;

	for (i = 0; i < q->n; i++)
		n += q->orders[i]->fresh;
	return n;
}

/* How many waiting orders are past their red line at now (wall ms) and
 * not yet past their auto-cancel time (an overdue one is the order
 * service's to cancel; its row says so). */
static int
shop_count_urgent(const struct shop_queue *q, int64_t now)
{
	size_t i;
	int n = 0;

	for (i = 0; i < q->n; i++)
		n += shop_order_urgency(q->orders[i], now) == 2 &&
		    shop_order_accept_left(q->orders[i], now) > 0;
	return n;
}

/* The escalated alert: ESCALATE_TIMES bells (or flashes) in a row. */
static void
shop_alert_urgent(int audible)
{
	int i;

	for (i = 0; i < ESCALATE_TIMES; i++) {
		if (i > 0)
			napms(ESCALATE_PAUSE_MS);
		ui_app_alert(audible);
	}
}

/*
 * Orders close to their auto-cancel: escalate when one more crosses its
 * red line, and again every ESCALATE_REPEAT_MS (or --remind, when
 * shorter) while any is there; app->urgent_n says how many there are.
 * Returns 1 when it alerted.
 */
static int
shop_escalate(struct shop_app *app, int64_t now)
{
	int urgent = shop_count_urgent(&app->queue, now_ms());
	int64_t every = app->remind_ms < ESCALATE_REPEAT_MS ? app->remind_ms :
	    ESCALATE_REPEAT_MS;
	int more = urgent > app->urgent_n;

	app->urgent_n = urgent;
	if (urgent == 0 || (!more && now - app->escalated_at < every))
		return 0;
	ui_app_notice(UI_COLOR_ERROR, _("자동 취소 임박: 접수 대기 %d건 "
	    "(Space 접수 · x 거절)"), urgent);
	shop_alert_urgent(app->bell);
	app->escalated_at = now;
	return 1;
}

/*
 * New orders and cancels: one alert (bell or flash) and one notice per
 * batch, at most one every ALERT_GAP_MS, so a burst of orders or a sweep
 * of auto-cancels is one alert, not a storm; a reminder while an order
 * nobody looked at is still waiting. An order close to its auto-cancel
 * escalates on its own clock (so arrivals and cancels are not held back
 * by it) and stands in for the reminder. Quiet until the backlog is in.
 */
void
shop_alerts(struct shop_app *app)
{
	int64_t now = mono_ms();
	struct shop_order *last;
	int arrived, fresh;

	if (!app->live || shop_escalate(app, now) ||
	    now - app->alerted_at < ALERT_GAP_MS)
		return;
	arrived = shop_take_arrivals(app, &last);
	if (arrived > 0 || app->cancel_pending > 0)
		shop_alert_notice(app, arrived, shop_count_fresh(&app->queue),
		    last);
	else if ((fresh = shop_count_fresh(&app->queue)) > 0 &&
	    app->urgent_n == 0 && now - app->alerted_at >= app->remind_ms)
		ui_app_notice(UI_COLOR_NOTICE, _("확인하지 않은 새 주문 %d건 "
		    "(Space 접수 · x 거절)"), fresh);
	else
		return;
	ui_app_alert(app->bell);
	app->alerted_at = now;
}
