/*
 * shop_soldout.c: selling out an item or one of its options from the
 * menu screen (store.soldout): the small dialog choosing how long (until
 * put back on sale, for today, or until a clock time typed as HH:MM) and
 * the words the menu shows for each ("품절", "오늘 품절", "15:00까지
 * 품절"). The dialog's fields live in the menu screen's state.
 */
#include "shop.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "util.h"

/* The kinds, in the order of the dialog's rows. */
enum soldout_kind { SOLDOUT_INDEFINITE, SOLDOUT_TODAY, SOLDOUT_UNTIL };

enum soldout_action { SACT_DOWN, SACT_UP, SACT_OK, SACT_CANCEL };

/* Only digits and ':' are typed (into the time), so j and k may move. */
static const struct ui_key soldout_keys[] = {
	UI_KEY('\n', N_("품절"), N_("이렇게 품절 표시"), SACT_OK),
	UI_KEY(UI_KEY_ESC, N_("취소"), N_("품절 표시하지 않고 닫기"),
	    SACT_CANCEL),
	UI_KEY_ALIAS('q', SACT_CANCEL),
	UI_KEY(KEY_DOWN, N_("이동"), N_("다음 방법"), SACT_DOWN),
	UI_KEY_ALIAS('j', SACT_DOWN),
	UI_KEY_ALIAS('\t', SACT_DOWN),
	UI_KEY(KEY_UP, NULL, N_("이전 방법"), SACT_UP),
	UI_KEY_ALIAS('k', SACT_UP),
};

void
shop_soldout_init(struct shop_soldout *self)
{
	ui_input_init(&self->until, 5);
}

void
shop_soldout_release(struct shop_soldout *self)
{
	ui_input_free(&self->until);
}

int
shop_soldout_now(const json_t *o, int64_t now)
{
	const json_t *until = json_object_get(o, "sold_out_until");

	if (!json_is_true(json_object_get(o, "sold_out")))
		return 0;
	return !json_is_integer(until) || json_integer_value(until) > now;
}

/* The local calendar day of ms, as y * 400 + yday (comparable). */
static long
soldout_day(int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return 0;
	return (long)tm.tm_year * 400 + tm.tm_yday;
}

const char *
shop_soldout_label(const json_t *o, int64_t now, char *buf, size_t n)
{
	const json_t *until = json_object_get(o, "sold_out_until");
	char clock[16];

	if (!shop_soldout_now(o, now))
		return _("판매 중");
	if (!json_is_integer(until))
		return _("품절");
	/* Back today at a time: that time; back on a later day (the next
	 * opening): sold out for today. */
	if (soldout_day(json_integer_value(until)) != soldout_day(now))
		return _("오늘 품절");
	ui_text_clock(clock, sizeof clock, json_integer_value(until));
	snprintf(buf, n, _("%s까지 품절"), clock);
	return buf;
}

/* store.soldout for the dialog's item (or option) with the rest of body
 * (stolen); the menu reloaded either way. Returns 0 or -1. */
static int
soldout_call(struct shop_app *app, const struct shop_soldout *s,
    json_t *body, const char *done)
{
	struct wire_error err;
	json_t *res;

	json_object_set_new(body, "item_id", json_string(s->item_id));
	if (s->option_id[0] != '\0')
		json_object_set_new(body, "option_id",
		    json_string(s->option_id));
	res = client_call(app->c, "store", "soldout", body, SHOP_CALL_MS,
	    &err);
	if (res == NULL) {
		ui_app_error(_("품절 표시 실패"), &err);
		return -1;
	}
	json_decref(res);
	ui_app_notice(UI_COLOR_OK, "%s: %s", s->name, done);
	shop_menu_load(app);
	return 0;
}

void
shop_soldout_ask(struct shop_app *app, const char *item_id,
    const char *option_id, const char *name, int sold_out_now)
{
	struct shop_soldout *s = shop_soldout_of(app);

	snprintf(s->item_id, sizeof s->item_id, "%s", item_id);
	snprintf(s->option_id, sizeof s->option_id, "%s",
	    option_id ? option_id : "");
	snprintf(s->name, sizeof s->name, "%s", name ? name : item_id);
	if (sold_out_now) {
		soldout_call(app, s, json_pack("{s:b}", "sold_out", 0),
		    _("판매 재개"));
		return;
	}
	s->items[SOLDOUT_INDEFINITE] = (struct ui_choice_item){
	    UI_CHOICE_RADIO, 0, _("품절 (다시 팔 때까지)"), NULL, 0, 0 };
	s->items[SOLDOUT_TODAY] = (struct ui_choice_item){
	    UI_CHOICE_RADIO, 0, _("오늘만 품절 (다음 영업 시작에 재개)"), NULL,
	    0, 0 };
	s->items[SOLDOUT_UNTIL] = (struct ui_choice_item){
	    UI_CHOICE_RADIO, 0, _("정한 시각까지 품절 (HH:MM)"), NULL, 0, 0 };
	ui_choice_init(&s->choice, s->items, ARRAY_LEN(s->items));
	ui_choice_toggle(&s->choice);
	ui_input_clear(&s->until);
	shop_dialog_show(app, &shop_soldout_dialog, 0);
}

/* Enter: sell out the way picked; a bad time keeps the dialog up. */
static void
soldout_ok(struct shop_app *app, struct shop_soldout *s)
{
	const char *until = ui_input_text(&s->until);
	char done[64];
	json_t *body = json_pack("{s:b}", "sold_out", 1);

	switch (s->choice.list.selected) {
	case SOLDOUT_TODAY:
		json_object_set_new(body, "until", json_string("today"));
		snprintf(done, sizeof done, "%s", _("오늘 품절"));
		break;
	case SOLDOUT_UNTIL:
		if (!shop_clock_valid(until)) {
			json_decref(body);
			ui_app_notice(UI_COLOR_WARN, "%s", _("시각을 HH:MM으로 "
			    "입력하세요 (예: 15:00)"));
			return;
		}
		json_object_set_new(body, "until", json_string(until));
		snprintf(done, sizeof done, _("%s까지 품절"), until);
		break;
	default:
		snprintf(done, sizeof done, "%s", _("품절"));
		break;
	}
	shop_dialog_show(app, NULL, 0);
	soldout_call(app, s, body, done);
}

static void
soldout_key(void *model, int action, int ch)
{
	struct shop_app *app = model;
	struct shop_soldout *s = shop_soldout_of(app);

	switch (action) {
	case SACT_DOWN:
	case SACT_UP:
		ui_choice_move(&s->choice, action == SACT_DOWN ? 1 : -1);
		ui_choice_toggle(&s->choice);
		break;
	case SACT_CANCEL: shop_dialog_show(app, NULL, 0); break;
	case SACT_OK: soldout_ok(app, s); break;
	default:
		/* Typing a digit picks "until a time"; there, the editing
		 * keys edit it. Nothing else is typed. */
		if (ch == ':' || (ch >= '0' && ch <= '9')) {
			ui_choice_move(&s->choice, SOLDOUT_UNTIL -
			    s->choice.list.selected);
			ui_choice_toggle(&s->choice);
			ui_input_key(&s->until, ch);
		} else if (s->choice.list.selected == SOLDOUT_UNTIL &&
		    (ch < 0x20 || ch == 0x7f || ch >= KEY_MIN))
			ui_input_key(&s->until, ch);
		break;
	}
	ui_app_dirty();
}

static void
soldout_draw(void *model)
{
	struct shop_app *app = model;
	struct shop_soldout *s = shop_soldout_of(app);
	char title[160];
	const char *lines[1] = { _("얼마 동안 품절? (위/아래, 시각 입력, Enter, "
	    "Esc)") };
	struct ui_rect r;
	int on = s->choice.list.selected == SOLDOUT_UNTIL;

	snprintf(title, sizeof title, _(" %s 품절 "), s->name);
	r = ui_dialog_draw(title, lines, 1, (int)s->choice.n + 2, 50);
	if (r.h < 3)
		return;
	r.y++;
	r.h -= 2;
	ui_choice_draw(&s->choice, r);
	ui_draw_text(r.y + r.h, r.x, 6, UI_ALIGN_LEFT, ui_attr(on ?
	    UI_COLOR_SELECTED : UI_COLOR_DIM), _("시각"));
	ui_input_draw(&s->until, r.y + r.h, r.x + 6, 8, ui_attr(on ?
	    UI_COLOR_NORMAL : UI_COLOR_DIM) | A_UNDERLINE);
}

const struct ui_dialog shop_soldout_dialog = {
	.title = N_("품절"),
	.keys = soldout_keys,
	.n_keys = ARRAY_LEN(soldout_keys),
	.draw = soldout_draw,
	.key = soldout_key,
};
