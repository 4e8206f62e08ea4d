/*
 * customer_inbox.c: the notification inbox (notify.inbox). Opening it
 * marks everything shown as read (notify.read); unread ones keep a dot
 * for this visit. Enter opens the notification's order.
 */
#include "customer.h"

#include <stdio.h>

#include "ui_app.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

#define INBOX_LIMIT 100

enum { INBOX_OPEN };

static const struct ui_key inbox_keys[] = {
	UI_KEY('\n', "Open", "Open the notification's order", INBOX_OPEN),
	UI_KEY_ALIAS('l', INBOX_OPEN),
	UI_KEY_ALIAS(KEY_RIGHT, INBOX_OPEN),
};

static const struct cust_col inbox_cols[] = {
	{ "", 2, UI_ALIGN_LEFT, 0 },
	{ "시각", 5, UI_ALIGN_LEFT, 0 },
	{ "주문", 6, UI_ALIGN_RIGHT, 0 },
	{ "알림", 0, UI_ALIGN_LEFT, 0 },
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

static void
inbox_open(struct cust *m)
{
	struct wire_error err;
	json_t *r = cust_read(m, "notify", "inbox", json_pack("{s:i}",
	    "limit", INBOX_LIMIT), &err), *rd;
	int64_t newest;

	if (r == NULL) {
		ui_app_error_text(&err, m->inbox_err, sizeof m->inbox_err);
		return;
	}
	m->inbox_err[0] = '\0';
	cust_json_set(&m->inbox, json_incref(json_object_get(r,
	    "notifications")));
	m->unread = wire_int(r, "unread", 0);
	json_decref(r);
	ui_list_set_count(&m->inbox_list, (int)json_array_size(m->inbox));
	newest = wire_int(json_array_get(m->inbox, 0), "id", 0);
	if (m->unread == 0 || newest <= 0)
		return;
	rd = cust_call(m, "notify", "read", json_pack("{s:I}", "up_to_id",
	    (json_int_t)newest), &err);
	if (rd != NULL)
		m->unread = wire_int(rd, "unread", 0);
	json_decref(rd);
}

static void
inbox_row(void *ctx, int index, int y, int x, int w, int selected)
{
	struct cust *m = ctx;
	const json_t *n = json_array_get(m->inbox, (size_t)index);
	int unread = json_is_false(json_object_get(n, "read")), base, i;
	char when[16], id[24];
	const char *cells[ARRAY_LEN(inbox_cols)];
	int attrs[ARRAY_LEN(inbox_cols)];

	ui_text_clock(when, sizeof when, wire_int(n, "at", 0));
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

static void
inbox_draw(struct cust *m, struct ui_rect body)
{
	struct ui_rect list = { body.y + 1, body.x, body.h - 1, body.w };

	if (m->inbox == NULL || json_array_size(m->inbox) == 0) {
		cust_draw_message(body, m->inbox_err[0] ? UI_COLOR_ERROR :
		    UI_COLOR_DIM, m->inbox_err[0] ? m->inbox_err :
		    m->inbox == NULL ? "알림을 불러오는 중… (loading)" :
		    "알림이 없습니다 (no notifications)");
		return;
	}
	cust_draw_row(body.y, body.x, body.w, inbox_cols,
	    ARRAY_LEN(inbox_cols), NULL, NULL, 0);
	ui_list_draw(&m->inbox_list, list, inbox_row, m);
}

static void
inbox_key(struct cust *m, int action)
{
	const json_t *n = json_array_get(m->inbox,
	    (size_t)m->inbox_list.selected);

	if (action == INBOX_OPEN && n != NULL && wire_int(n, "order_id", 0) > 0)
		cust_track_open(m, wire_int(n, "order_id", 0));
}

static struct ui_list *
inbox_list(struct cust *m)
{
	return &m->inbox_list;
}

const struct cust_view cust_inbox_view = {
	"알림함 Inbox", inbox_keys, ARRAY_LEN(inbox_keys), inbox_open,
	inbox_draw, inbox_key, inbox_list,
};
