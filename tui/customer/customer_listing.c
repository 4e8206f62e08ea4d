/*
 * customer_listing.c: what the list screens (shops, menu, orders, inbox)
 * share: loading an array with a read, keeping why a read failed, the
 * `/` search line that filters the rows by name, and drawing a message
 * or the table of rows.
 */
#include "customer.h"

#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_theme.h"
#include "util.h"

/* Rebuild l->shown from l->rows and the query; the list follows. */
static void
listing_filter(struct cust_listing *l)
{
	const json_t *row;
	size_t i;

	json_decref(l->shown);
	l->shown = json_array();
	json_array_foreach(l->rows, i, row)
		if (ui_searchline_match(&l->search, wire_str(row, "name", "")))
			json_array_append(l->shown, (json_t *)row);
	ui_list_set_count(&l->list, (int)json_array_size(l->shown));
}

int
cust_listing_load(struct cust *m, struct cust_listing *l,
    const char *service, const char *method, json_t *body, const char *key)
{
	struct wire_error err;
	json_t *r = cust_read(m, service, method, body, &err);

	if (r == NULL) {
		ui_app_error_text(&err, l->err, sizeof l->err);
		return -1;
	}
	l->err[0] = '\0';
	cust_json_set(&l->result, r);
	l->rows = json_object_get(r, key);
	listing_filter(l);
	return 0;
}

const json_t *
cust_listing_selected(const struct cust_listing *l)
{
	return json_array_get(l->shown, (size_t)l->list.selected);
}

void
cust_listing_search(struct cust_listing *l)
{
	ui_searchline_start(&l->search);
}

/* The listing of the current screen, when it has a search line. */
static struct cust_listing *
listing_searchable(struct cust *m)
{
	if (m->screen == CUST_SHOPS)
		return cust_state(m, CUST_SHOPS);
	if (m->screen == CUST_MENU)
		return cust_menu_listing(m);
	return NULL;
}

int
cust_search_key(struct cust *m, int ch)
{
	struct cust_listing *l = listing_searchable(m);
	enum ui_searchline_result r;

	if (l == NULL || !l->search.editing)
		return 0;
	r = ui_searchline_key(&l->search, ch);
	if (r == UI_SEARCH_CHANGED)
		listing_filter(l);
	return r != UI_SEARCH_NOT_MINE;
}

void
cust_listing_message(const struct cust_listing *l, struct ui_rect body,
    const char *text)
{
	cust_draw_message(body, l->err[0] ? UI_COLOR_ERROR : UI_COLOR_DIM,
	    l->err[0] ? l->err : text);
}

/* What ui_list_draw hands each row to. */
struct listing_draw {
	const struct cust_listing *l;
	const struct cust_table *t;
};

static void
listing_row(void *ctx, int index, int y, int x, int w, int selected)
{
	const struct listing_draw *d = ctx;

	d->t->row(json_array_get(d->l->shown, (size_t)index), y, x, w,
	    selected);
}

void
cust_listing_draw(struct cust_listing *l, struct ui_rect body,
    const struct cust_table *t)
{
	struct ui_rect list = { body.y + 1, body.x, body.h - 1, body.w };
	struct listing_draw d = { l, t };

	if (ui_searchline_shown(&l->search) && body.h > 3) {
		list.h--;
		ui_searchline_draw(&l->search, body.y + body.h - 1, body.x,
		    body.w, (int)json_array_size(l->shown),
		    (int)json_array_size(l->rows));
	}

	if (l->rows == NULL && t->loading != NULL) {
		cust_listing_message(l, body, _(t->loading));
		return;
	}
	if (json_array_size(l->rows) == 0 && t->empty != NULL) {
		cust_listing_message(l, body, _(t->empty));
		return;
	}
	cust_draw_row(body.y, body.x, body.w, t->cols, t->n_cols, NULL, NULL,
	    0);
	ui_list_draw(&l->list, list, listing_row, &d);
}

void
cust_listing_release(void *state)
{
	struct cust_listing *l = state;

	json_decref(l->result);
	json_decref(l->shown);
	ui_searchline_free(&l->search);
	memset(l, 0, sizeof *l);
}
