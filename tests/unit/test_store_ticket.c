/*
 * test_store_ticket.c: the kitchen ticket's bytes
 * (backend/services/store/store_ticket.c): ESC @ first and a cut last,
 * the order number in double size, Hangul in CP949, lines wrapped at the
 * paper's width (half of it in double size) without splitting a
 * two-byte character, and a character CP949 lacks printed as '?'.
 */
#include <iconv.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store_ticket.h"

/* s (UTF-8) in CP949, as the ticket should carry it; the caller frees. */
static char *
cp949(const char *s, size_t *len)
{
	iconv_t cd = iconv_open("CP949", "UTF-8");
	size_t in_left = strlen(s), out_left = in_left * 2 + 1;
	char *out = calloc(1, out_left + 1), *in = (char *)s, *o = out;

	iconv(cd, &in, &in_left, &o, &out_left);
	iconv_close(cd);
	*len = (size_t)(o - out);
	return out;
}

/* 1 when the n bytes of needle occur in the len bytes of hay. */
static int
has(const unsigned char *hay, size_t len, const void *needle, size_t n)
{
	size_t i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

/* 1 when the n bytes at p are whole CP949 text. */
static int
decodes(const unsigned char *p, size_t n)
{
	iconv_t cd = iconv_open("UTF-8", "CP949");
	char out[512], *in = (char *)p, *o = out;
	size_t in_left = n, out_left = sizeof out;
	int ok = iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1;

	iconv_close(cd);
	return ok;
}

/* 1 when every line (between LFs) is at most cols bytes (cols_big in
 * double size) and is whole CP949 text: no two-byte character split. */
static int
lines_fit(const unsigned char *p, size_t len, size_t cols_big,
    size_t cols)
{
	size_t i, start = 0, w;
	int big = 0;

	for (i = 0; i < len; i++) {
		if (p[i] == 0x1d && i + 2 < len && p[i + 1] == '!') {
			big = p[i + 2] != 0;
			i += 2;
			start = i + 1;
			continue;
		}
		if (p[i] == 0x1b) {
			i += p[i + 1] == '@' ? 1 : 2;
			start = i + 1;
			continue;
		}
		if (p[i] != '\n')
			continue;
		w = i - start;
		if (w > (big ? cols_big : cols) || !decodes(p + start, w))
			return 0;
		start = i + 1;
	}
	return 1;
}

int
main(void)
{
	json_t *order = json_loads("{\"order_id\": 7, \"kind\": \"delivery\","
	    " \"placed_at\": 1765000000000, \"note\": \"문 앞에 두고 벨 눌러"
	    " 주세요 감사합니다\", \"items\": [{\"name\": \"후라이드치킨\","
	    " \"qty\": 2, \"options\": [{\"name\": \"순살 변경\"}], \"note\":"
	    " \"덜 맵게 \\ud83d\\ude00\"}]}", 0, NULL);
	unsigned char *t;
	size_t len, n;
	char *want;
	unsigned char big_no[] = { 0x1d, '!', 0x11 };

	t = store_ticket_render(order, 58, "Asia/Seoul", 0, &len);
	check(t != NULL && len > 10, "a ticket is rendered");
	check(len > 2 && t[0] == 0x1b && t[1] == '@', "it starts with ESC @");
	check(len > 3 && memcmp(t + len - 3, "\x1dV\0", 3) == 0,
	    "it ends with a cut (GS V 0)");
	want = cp949("주문 #7", &n);
	check(has(t, len, big_no, 3) && has(t, len, want, n),
	    "the order number, in CP949, after GS ! 0x11");
	free(want);
	want = cp949("후라이드치킨 x2", &n);
	check(has(t, len, want, n), "the item and its quantity");
	free(want);
	want = cp949("  + 순살 변경", &n);
	check(has(t, len, want, n), "its option");
	free(want);
	want = cp949(" > 덜 맵게 ?", &n);
	check(has(t, len, want, n), "its note; an emoji CP949 lacks is '?'");
	free(want);
	check(lines_fit(t, len, 16, 32), "58 mm: lines fit 32 columns, 16 in "
	    "double size, no character split");
	want = cp949("2025-12-06 14:46", &n);
	check(has(t, len, want, n), "the time in the shop's zone");
	free(want);
	free(t);

	t = store_ticket_render(order, 80, "Asia/Seoul", 1, &len);
	want = cp949("(재출력)", &n);
	check(t != NULL && has(t, len, want, n), "a reprint says so");
	check(lines_fit(t, len, 24, 48), "80 mm: 48 columns, 24 in double "
	    "size");
	free(want);
	free(t);
	json_decref(order);
	return check_status();
}
