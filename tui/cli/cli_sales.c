/*
 * cli_sales.c: "shop sales", a shop's sales and service figures for a
 * day or a range of days (view.sales), as readable tables or --json.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ui_i18n.h"
#include "util.h"

/* 1 when s looks like a date "YYYY-MM-DD" (the service checks the
 * calendar). */
static int
sales_date_shape(const char *s)
{
	int i;

	if (strlen(s) != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* A line's title, in a column of its own (Hangul-aware). */
static void
sales_title(const char *title)
{
	cli_col(title, 14);
}

/* Print a duration in ms as "N분 N초", or "-" when there is none. */
static void
sales_duration(const char *title, const json_t *avg, int64_t n)
{
	int64_t s = json_integer_value(avg) / 1000;

	sales_title(title);
	if (!json_is_integer(avg))
		printf("-\n");
	else
		printf(_("%lld분 %02lld초 (%lld건)\n"),
		    (long long)(s / 60), (long long)(s % 60), (long long)n);
}

/* Rows {KEY, orders, revenue} of arr that have orders, under title. */
static void
sales_rows(const char *title, const json_t *arr, const char *key,
    const char *suffix)
{
	const json_t *row;
	size_t i;
	char label[32];

	printf("\n%s\n", title);
	json_array_foreach(arr, i, row) {
		const json_t *k = json_object_get(row, key);

		if (wire_int(row, "orders", 0) == 0)
			continue;
		if (json_is_integer(k))
			snprintf(label, sizeof label, "%02lld%s",
			    (long long)json_integer_value(k), suffix);
		else
			snprintf(label, sizeof label, "%s", json_string_value(k));
		printf("  ");
		cli_col(label, 12);
		printf(_("%5lld건 "), (long long)wire_int(row, "orders", 0));
		cli_col_won(wire_int(row, "revenue", 0), 14);
		printf("\n");
	}
}

static void
sales_print(const json_t *r)
{
	const json_t *it;
	char won[48];
	size_t i;

	printf(_("%s 매출 · %s ~ %s (%s)\n\n"), wire_str(r, "shop_id", ""),
	    wire_str(r, "from", ""), wire_str(r, "to", ""),
	    wire_str(r, "tz", ""));
	sales_title(_("주문"));
	printf(_("%lld건\n"), (long long)wire_int(r, "orders", 0));
	util_won(won, sizeof won, wire_int(r, "revenue", 0));
	sales_title(_("매출"));
	printf("%s\n", won);
	sales_title(_("상태"));
	printf(_("완료 %lld · 진행 중 %lld · 취소 %lld · 거절 %lld\n"),
	    (long long)wire_int(r, "completed", 0),
	    (long long)wire_int(r, "in_progress", 0),
	    (long long)wire_int(r, "cancelled", 0),
	    (long long)wire_int(r, "rejected", 0));
	sales_duration(_("평균 접수 시간"), json_object_get(r, "accept_avg_ms"),
	    wire_int(r, "accepted", 0));
	sales_duration(_("평균 조리 시간"), json_object_get(r, "cook_avg_ms"),
	    wire_int(r, "cooked", 0));
	sales_title(_("늦은 배달"));
	printf(_("%lld / %lld건\n\n"),
	    (long long)wire_int(r, "late", 0),
	    (long long)wire_int(r, "delivered", 0));
	cli_reasons_print(_("거절 사유"), json_object_get(r,
	    "rejected_by_reason"));
	cli_reasons_print(_("취소 사유"), json_object_get(r,
	    "cancelled_by_reason"));
	printf("\n%s\n", _("메뉴별"));
	json_array_foreach(json_object_get(r, "items"), i, it) {
		printf("  ");
		cli_col(wire_str(it, "name", ""), 20);
		printf(_("%5lld개 "), (long long)wire_int(it, "qty", 0));
		cli_col_won(wire_int(it, "revenue", 0), 14);
		printf("\n");
	}
	sales_rows(_("시간대별"), json_object_get(r, "hours"), "hour",
	    _("시"));
	if (json_array_size(json_object_get(r, "days")) > 1)
		sales_rows(_("일별"), json_object_get(r, "days"), "day", "");
}

static int
cmd_sales(struct cli *cli)
{
	json_t *body, *r;

	if (cli->day != NULL && (cli->from_text != NULL || cli->to != NULL))
		return cli_usage_error(cli, _("--day 또는 "
		    "--from과 --to, 둘 다는 안 됩니다"));
	if ((cli->from_text != NULL) != (cli->to != NULL))
		return cli_usage_error(cli, _("--from과 "
		    "--to는 함께 씁니다"));
	if ((cli->day && !sales_date_shape(cli->day)) || (cli->from_text &&
	    !sales_date_shape(cli->from_text)) || (cli->to &&
	    !sales_date_shape(cli->to)))
		return cli_usage_error(cli, _("날짜는 "
		    "YYYY-MM-DD로 씁니다"));
	body = json_object();
	if (cli->day != NULL)
		json_object_set_new(body, "day", json_string(cli->day));
	if (cli->from_text != NULL) {
		json_object_set_new(body, "from", json_string(cli->from_text));
		json_object_set_new(body, "to", json_string(cli->to));
	}
	if (cli->argc > 0)
		json_object_set_new(body, "shop_id", json_string(cli->argv[0]));
	if ((r = cli_call(cli, "view", "sales", body)) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	sales_print(r);
	json_decref(r);
	return FRONT_EXIT_OK;
}

const struct cli_cmd cli_sales_cmds[] = {
	{ "shop sales", "[SHOP] [--day DATE | --from DATE --to DATE]",
	  N_("하루 또는 여러 날의 내 가게 매출과 서비스 현황 (SHOP: "
	  "관리자)"), 0, 1, cmd_sales },
	{ NULL, NULL, NULL, 0, 0, NULL },
};
