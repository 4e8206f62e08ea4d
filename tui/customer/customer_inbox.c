/*
 * customer_inbox.c: the notification inbox (notify.inbox). Opening it
 * marks everything shown as read (notify.read); unread ones keep a dot
 * for this visit. Enter opens the notification's order.
 */
#include "customer.h"

#include <stdio.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

#define INBOX_LIMIT 100

enum { INBOX_OPEN };

static const struct ui_key inbox_keys[] = {
	UI_KEY('\n', N_("열기"), N_("알림의 주문 열기"), INBOX_OPEN),
	UI_KEY_ALIAS('l', INBOX_OPEN),
	UI_KEY_ALIAS(KEY_RIGHT, INBOX_OPEN),
};

static const struct cust_col inbox_cols[] = {
	{ "", 2, UI_ALIGN_LEFT, 0 },
	{ N_("시각"), 5, UI_ALIGN_LEFT, 0 },
	{ N_("주문"), 6, UI_ALIGN_RIGHT, 0 },
	{ N_("알림"), 0, UI_ALIGN_LEFT, 0 },
};

void
cust_inbox_unread(struct cust *m)
{
	struct wire_error err;
	json_t *r = cust_read(m, "notify", "inbox", json_pack("{s:i}",
	    "limit", 1), &err);

	if (r == NULL)
		return;
	m->unread = wire_int(r, "unread", 0);
	json_decref(r);
}

/* The screen's state: notify.inbox's "notifications". */
static struct cust_listing *
inbox_of(struct cust *m)
{
	return cust_state(m, CUST_INBOX);
}

static void
inbox_open(void *app)
{
	struct cust *m = app;
	struct cust_listing *l = inbox_of(m);
	struct wire_error err;
	json_t *rd;
	int64_t newest;

	if (cust_listing_load(m, l, "notify", "inbox", json_pack("{s:i}",
	    "limit", INBOX_LIMIT), "notifications") != 0)
		return;
	m->unread = wire_int(l->result, "unread", 0);
	newest = wire_int(json_array_get(l->rows, 0), "id", 0);
	if (m->unread == 0 || newest <= 0)
		return;
	rd = cust_call(m, "notify", "read", json_pack("{s:I}", "up_to_id",
	    (json_int_t)newest), &err);
	if (rd != NULL)
		m->unread = wire_int(rd, "unread", 0);
	json_decref(rd);
}

static void
inbox_row(const json_t *n, int y, int x, int w, int selected)
{
	int unread = json_is_false(json_object_get(n, "read")), base, i;
	char when[16], id[24];
	const char *cells[ARRAY_LEN(inbox_cols)];
	int attrs[ARRAY_LEN(inbox_cols)];

	cust_kst(when, sizeof when, wire_int(n, "at", 0), "%H:%M");
	id[0] = '\0';
	if (wire_int(n, "order_id", 0) > 0)
		snprintf(id, sizeof id, "#%lld",
		    (long long)wire_int(n, "order_id", 0));
	cells[0] = unread ? " •" : "";
	cells[1] = when;
	cells[2] = id;
	cells[3] = wire_str(n, "text", "");
	base = ui_attr(selected ? UI_COLOR_SELECTED : UI_COLOR_NORMAL);
	if (unread && !selected)
		base |= A_BOLD;
	for (i = 0; i < (int)ARRAY_LEN(attrs); i++)
		attrs[i] = base;
	if (!selected) {
		attrs[0] = ui_attr(UI_COLOR_NOTICE);
		attrs[1] = ui_attr(UI_COLOR_DIM);
		attrs[2] = ui_attr((enum ui_color)ui_status_color(
		    wire_str(n, "status", "")));
	}
	cust_draw_row(y, x, w, inbox_cols, ARRAY_LEN(inbox_cols), cells,
	    attrs, ui_attr(selected ? UI_COLOR_SELECTED : UI_COLOR_NORMAL));
}

static const struct cust_table inbox_table = {
	.cols = inbox_cols,
	.n_cols = ARRAY_LEN(inbox_cols),
	.row = inbox_row,
	.loading = N_("알림을 불러오는 중…"),
	.empty = N_("알림이 없습니다"),
};

static void
inbox_draw(void *app, struct ui_rect body)
{
	cust_listing_draw(inbox_of(app), body, &inbox_table);
}

static void
inbox_key(void *app, int action)
{
	struct cust *m = app;
	const json_t *n = cust_listing_selected(inbox_of(m));

	if (action == INBOX_OPEN && n != NULL && wire_int(n, "order_id", 0) > 0)
		cust_track_open(m, wire_int(n, "order_id", 0));
}

/* A new notification: read the inbox again when shown. */
static void
inbox_event(void *app, const json_t *event)
{
	struct cust *m = app;

	if (m->screen == CUST_INBOX && strcmp(wire_str(event, "type", ""),
	    "notification.created") == 0)
		cust_open(m, CUST_INBOX);
}

static struct ui_list *
inbox_list(void *app)
{
	return &inbox_of(app)->list;
}

const struct ui_view cust_inbox_view = {
	.title = N_("알림함"),
	.keys = inbox_keys,
	.n_keys = ARRAY_LEN(inbox_keys),
	.open = inbox_open,
	.draw = inbox_draw,
	.key = inbox_key,
	.event = inbox_event,
	.list = inbox_list,
	.state_size = sizeof (struct cust_listing),
	.release = cust_listing_release,
};
