/*
 * customer_fields.c: the checkout's two fields, checked as they are
 * typed: the address against the order service's limit (counted in
 * characters, with the limit shown, never cut), and the card number
 * (digits only, shown in groups of four, 12 to 19 of them), and the
 * notes to the shop and the rider (text_check, as the backend does).
 */
#include "customer.h"

#include <stdio.h>
#include <string.h>

#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "text_check.h"
#include "ui_theme.h"
#include "wire.h"

#define CARD_MIN_DIGITS 12
#define CARD_MAX_DIGITS 19

int
cust_address_check(const char *text, char *buf, size_t n)
{
	size_t bytes = strlen(text), chars = text_chars(text);

	if (bytes > WIRE_MAX_ADDRESS) {
		snprintf(buf, n, _("주소가 너무 깁니다: %zu자 · %zu/%d바이트 "
		    "(한글은 한 글자에 3바이트)"), chars, bytes,
		    WIRE_MAX_ADDRESS);
		return 0;
	}
	snprintf(buf, n, _("%zu자 · %zu/%d바이트"), chars, bytes,
	    WIRE_MAX_ADDRESS);
	return 1;
}

int
cust_card_key(struct ui_input *card, int ch)
{
	uint32_t cp = ui_keys_char(ch);

	if (cp == ' ')
		return 1; /* groups are drawn; typed ones are dropped */
	if (cp != 0 && (cp < '0' || cp > '9')) {
		ui_app_notice(UI_COLOR_WARN, _("카드 번호는 숫자만 입력할 수 "
		    "있어요"));
		return 1;
	}
	if (cp != 0 && strlen(ui_input_text(card)) >= CARD_MAX_DIGITS) {
		ui_app_notice(UI_COLOR_WARN, _("카드 번호는 %d자리까지예요"),
		    CARD_MAX_DIGITS);
		return 1;
	}
	return ui_input_key(card, ch);
}

void
cust_card_grouped(const char *digits, char *buf, size_t n)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; digits[i] != '\0' && used + 2 < n; i++) {
		if (i > 0 && i % 4 == 0)
			buf[used++] = ' ';
		buf[used++] = digits[i];
	}
	buf[used] = '\0';
}

int
cust_card_check(const char *digits, char *buf, size_t n)
{
	size_t len = strlen(digits);

	if (len < CARD_MIN_DIGITS || len > CARD_MAX_DIGITS) {
		snprintf(buf, n, _("카드 번호는 %d–%d자리 숫자예요 (지금 %zu자리)"),
		    CARD_MIN_DIGITS, CARD_MAX_DIGITS, len);
		return 0;
	}
	snprintf(buf, n, _("%zu자리"), len);
	return 1;
}

int
cust_note_check(const char *text, const char *name, size_t max, char *buf,
    size_t n)
{
	struct wire_error err;

	if (text[0] == '\0') {
		snprintf(buf, n, _("비워 두면 요청 없음 · 0/%zu자"), max);
		return 1;
	}
	if (text_check(text, name, max, &err) == 0) {
		snprintf(buf, n, _("%zu/%zu자"), text_chars(text), max);
		return 1;
	}
	if (strcmp(err.code, "text_too_long") == 0)
		snprintf(buf, n, _("요청사항이 너무 깁니다: %zu/%zu자"),
		    text_chars(text), max);
	else
		snprintf(buf, n, _("쓸 수 없는 요청사항입니다 (%s)"), err.message);
	return 0;
}
