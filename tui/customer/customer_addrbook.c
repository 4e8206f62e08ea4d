/*
 * customer_addrbook.c: keeping saved addresses from the checkout's
 * address step: F2 saves the typed address under a label (집, 회사) typed
 * in the line editor, Tab choosing whether it becomes the default
 * (view.address_save); F3 lists the saved ones, where Enter uses one,
 * `*` makes it the default (view.address_default) and `d` deletes it
 * after a yes/no question (view.address_delete). Each dialog goes back
 * to the checkout, which keeps its state in the cart.
 */
#include "customer_cart_int.h"

#include <stdio.h>
#include <string.h>

#include "text_check.h"
#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

#define ADDR_LABEL_MAX 20 /* characters, PROTOCOL.md "Saved addresses" */

/* The checkout's state (borrowed). */
static struct cust_checkout *
book_checkout(void *app)
{
	return &cart_of(app)->checkout;
}

/* err of a view.address* request in the words of this dialog, into buf. */
static void
book_error_text(const struct wire_error *err, char *buf, size_t n)
{
	if (strcmp(err->code, "limit_reached") == 0)
		snprintf(buf, n, "%s", _("주소는 10곳까지 저장할 수 있습니다. "
		    "F3에서 하나를 지워 주세요"));
	else if (strcmp(err->code, "text_too_long") == 0)
		snprintf(buf, n, "%s", _("너무 깁니다: 라벨은 20자, 주소는 "
		    "100자까지입니다"));
	else if (strcmp(err->code, "bad_text") == 0)
		snprintf(buf, n, "%s", _("쓸 수 없는 글자가 있거나 비어 "
		    "있습니다"));
	else
		ui_app_error_text(err, buf, n);
}

/* Call view.method with body (stolen); on success the answer's list
 * becomes the checkout's saved addresses and 0 is returned, else -1
 * after an error notice. */
static int
book_call(struct cust *m, const char *method, json_t *body)
{
	struct cust_checkout *c = book_checkout(m);
	struct wire_error err;
	char text[300];
	json_t *r = cust_call(m, "view", method, body, &err);

	if (r == NULL) {
		book_error_text(&err, text, sizeof text);
		ui_app_notice(UI_COLOR_ERROR, "%s", text);
		return -1;
	}
	cust_json_set(&c->saved, json_incref(json_object_get(r,
	    "addresses")));
	json_decref(r);
	ui_list_set_count(&c->book, (int)json_array_size(c->saved));
	return 0;
}

/* ---- F2: save the typed address under a label ---- */

enum { SAVE_GO, SAVE_BACK, SAVE_DEFAULT };

static const struct ui_key save_keys[] = {
	UI_KEY('\n', N_("저장"), N_("주소를 라벨로 저장"),
	    SAVE_GO),
	UI_KEY('\t', N_("기본"), N_("기본 주소로 하기 또는 해제"),
	    SAVE_DEFAULT),
	UI_KEY(UI_KEY_ESC, N_("뒤로"), N_("주소로 돌아가기"), SAVE_BACK),
};

/* The label's check line into buf; 1 when it may be sent. */
static int
save_label_ok(const struct cust_checkout *c, char *buf, size_t n)
{
	const char *label = ui_input_text(&c->label);
	struct wire_error err;

	if (label[0] == '\0') {
		snprintf(buf, n, _("라벨을 입력해 주세요 (예: 집, 회사) · "
		    "0/%d자"), ADDR_LABEL_MAX);
		return 0;
	}
	if (text_check(label, "label", ADDR_LABEL_MAX, &err) != 0) {
		book_error_text(&err, buf, n);
		return 0;
	}
	snprintf(buf, n, _("%zu/%d자"), text_chars(label), ADDR_LABEL_MAX);
	return 1;
}

static void
save_key(void *app, int action, int ch)
{
	struct cust_checkout *c = book_checkout(app);
	char why[256];

	if (action == SAVE_BACK) {
		cust_dialog_show(app, &cust_checkout_dialog);
	} else if (action == SAVE_DEFAULT) {
		c->label_default = !c->label_default;
	} else if (action == SAVE_GO) {
		if (!save_label_ok(c, why, sizeof why))
			ui_app_notice(UI_COLOR_WARN, "%s", why);
		else if (book_call(app, "address_save", json_pack("{s:s, s:s, "
		    "s:b}", "label", ui_input_text(&c->label), "address",
		    ui_input_text(&c->address), "default",
		    c->label_default)) == 0) {
			ui_app_notice(UI_COLOR_OK, _("'%s'(으)로 저장했습니다"),
			    ui_input_text(&c->label));
			checkout_saved_pick(c, ui_input_text(&c->label));
			cust_dialog_show(app, &cust_checkout_dialog);
		}
	} else
		ui_input_key(&c->label, ch);
}

static void
save_draw(void *app)
{
	struct cust_checkout *c = book_checkout(app);
	char addr[256], line[256];
	const char *lines[] = { addr };
	struct ui_rect r;
	int ok;

	snprintf(addr, sizeof addr, _("주소  %s"), ui_input_text(&c->address));
	r = ui_dialog_draw(_("주소 저장"), lines, 1, 3, 56);
	if (r.h < 3)
		return;
	ui_input_draw(&c->label, r.y, r.x, r.w, ui_attr(UI_COLOR_NORMAL) |
	    A_UNDERLINE);
	ok = save_label_ok(c, line, sizeof line);
	ui_draw_text(r.y + 1, r.x, r.w, UI_ALIGN_LEFT,
	    ui_attr(ok ? UI_COLOR_DIM : UI_COLOR_ERROR), line);
	ui_draw_textf(r.y + 2, r.x, r.w, UI_ALIGN_LEFT, ui_attr(UI_COLOR_KEY),
	    _("%s 기본 주소로 (Tab)"), c->label_default ? "[x]" : "[ ]");
}

static const struct ui_dialog save_dialog = {
	.title = N_("주소 저장"),
	.keys = save_keys,
	.n_keys = ARRAY_LEN(save_keys),
	.draw = save_draw,
	.key = save_key,
};

void
checkout_book_save(struct cust *m)
{
	struct cust_checkout *c = book_checkout(m);
	char why[192];

	if (!cust_address_check(ui_input_text(&c->address), why, sizeof why)) {
		ui_app_notice(UI_COLOR_WARN, "%s", why);
		return;
	}
	ui_input_set(&c->label, "");
	c->label_default = json_array_size(c->saved) == 0;
	cust_dialog_show(m, &save_dialog);
}

/* ---- F3: the saved addresses ---- */

enum { BOOK_USE, BOOK_DEFAULT, BOOK_DELETE, BOOK_BACK, BOOK_DOWN,
    BOOK_UP };

static const struct ui_key book_keys[] = {
	UI_KEY('\n', N_("쓰기"), N_("고른 주소로 배달"),
	    BOOK_USE),
	UI_KEY('*', N_("기본"), N_("고른 주소를 기본 주소로"),
	    BOOK_DEFAULT),
	UI_KEY('d', N_("지우기"), N_("고른 주소 지우기 (먼저 "
	    "묻습니다)"), BOOK_DELETE),
	UI_KEY(UI_KEY_ESC, N_("뒤로"), N_("주소로 돌아가기"), BOOK_BACK),
	UI_KEY(KEY_DOWN, NULL, N_("아래로"), BOOK_DOWN),
	UI_KEY_ALIAS('j', BOOK_DOWN),
	UI_KEY(KEY_UP, NULL, N_("위로"), BOOK_UP),
	UI_KEY_ALIAS('k', BOOK_UP),
};

/* The selected saved address (borrowed), or NULL. */
static const json_t *
book_selected(const struct cust_checkout *c)
{
	return json_array_get(c->saved, (size_t)c->book.selected);
}

static void book_open(struct cust *m);

/* The answer to "delete it?": yes deletes, either goes back to the list. */
static void
book_delete_key(void *app, int action, int ch)
{
	struct cust_checkout *c = book_checkout(app);
	int answer = cust_confirm_answer(app, action);

	(void)ch;
	if (answer < 0)
		return;
	if (answer == UI_CONFIRM_YES && book_call(app, "address_delete",
	    json_pack("{s:s}", "label", wire_str(book_selected(c), "label",
	    ""))) == 0)
		ui_app_notice(UI_COLOR_OK, "%s", _("주소를 지웠습니다"));
	book_open(app);
}

static const struct ui_dialog book_delete_dialog = CUST_CONFIRM_DIALOG(
    N_("주소 삭제"), book_delete_key);

static void
book_key(void *app, int action, int ch)
{
	struct cust_checkout *c = book_checkout(app);
	const json_t *a = book_selected(c);
	char l0[160], l1[160];
	const char *lines[] = { l0, l1, NULL };

	(void)ch;
	if (action == BOOK_BACK) {
		cust_dialog_show(app, &cust_checkout_dialog);
	} else if (action == BOOK_DOWN || action == BOOK_UP) {
		ui_list_move(&c->book, action == BOOK_DOWN ? 1 : -1);
	} else if (a == NULL) {
		if (action >= 0)
			ui_app_notice(UI_COLOR_DIM, "%s", _("저장된 주소가 "
			    "없습니다 (주소 단계에서 F2로 저장)"));
	} else if (action == BOOK_USE) {
		c->saved_at = c->book.selected;
		ui_input_set(&c->address, wire_str(a, "address", ""));
		cust_dialog_show(app, &cust_checkout_dialog);
	} else if (action == BOOK_DEFAULT) {
		if (book_call(app, "address_default", json_pack("{s:s}",
		    "label", wire_str(a, "label", ""))) == 0)
			ui_app_notice(UI_COLOR_OK, _("'%s'이(가) 기본 주소입니다"),
			    wire_str(book_selected(c), "label", ""));
	} else if (action == BOOK_DELETE) {
		snprintf(l0, sizeof l0, "%s · %s", wire_str(a, "label", ""),
		    wire_str(a, "address", ""));
		snprintf(l1, sizeof l1, "%s", _("이 주소를 지울까요?"));
		cust_confirm_show(app, &book_delete_dialog, lines);
	}
}

/* One saved address: "* 회사  서울시 …", the default starred. */
static void
book_row(void *ctx, int index, int y, int x, int w, int selected)
{
	const json_t *a = json_array_get(book_checkout(ctx)->saved,
	    (size_t)index);
	int attr = ui_attr(selected ? UI_COLOR_SELECTED : UI_COLOR_NORMAL);

	if (w <= 12)
		return;
	/* The label in a column of its own, measured in display columns. */
	ui_draw_textf(y, x, 12, UI_ALIGN_LEFT, attr, "%s %s",
	    json_is_true(json_object_get(a, "default")) ? "*" : " ",
	    wire_str(a, "label", ""));
	ui_draw_text(y, x + 12, w - 12, UI_ALIGN_LEFT, attr, wire_str(a,
	    "address", ""));
}

static void
book_draw(void *app)
{
	struct cust_checkout *c = book_checkout(app);
	char l0[128];
	const char *lines[] = { l0 };
	struct ui_rect r;

	snprintf(l0, sizeof l0, _("%zu/10곳 · * 기본 주소"),
	    json_array_size(c->saved));
	r = ui_dialog_draw(_("저장된 주소"), lines, 1, 10, 60);
	if (r.h < 1)
		return;
	if (json_array_size(c->saved) == 0)
		ui_draw_text(r.y, r.x, r.w, UI_ALIGN_LEFT,
		    ui_attr(UI_COLOR_DIM), _("저장된 주소가 없습니다"));
	else
		ui_list_draw(&c->book, r, book_row, app);
}

static const struct ui_dialog book_dialog = {
	.title = N_("저장된 주소"),
	.keys = book_keys,
	.n_keys = ARRAY_LEN(book_keys),
	.draw = book_draw,
	.key = book_key,
};

/* Put the list up, its count from the checkout's saved addresses. */
static void
book_open(struct cust *m)
{
	struct cust_checkout *c = book_checkout(m);

	ui_list_set_count(&c->book, (int)json_array_size(c->saved));
	cust_dialog_show(m, &book_dialog);
}

void
checkout_book_open(struct cust *m)
{
	struct cust_checkout *c = book_checkout(m);

	/* Read again: the CLI or another machine may have changed them; a
	 * failed read keeps the list the checkout has, after a notice. */
	(void)book_call(m, "addresses", NULL);
	ui_list_set_count(&c->book, (int)json_array_size(c->saved));
	ui_list_select(&c->book, c->saved_at);
	book_open(m);
}
