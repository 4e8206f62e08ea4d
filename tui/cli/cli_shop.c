/*
 * cli_shop.c: the shop owner's commands: queue, accept, reject, cook,
 * extend, unavailable, dispatch, delivered, soldout, open, close.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "reasons.h"
#include "ui_i18n.h"
#include "util.h"

/* An order's requests under its line: the shop's, the rider's and each
 * line's, so none is missed. */
static void
queue_notes(const json_t *o)
{
	json_t *l;
	size_t j;

	if (*wire_str(o, "note", ""))
		printf(_("        요청: %s\n"), wire_str(o, "note", ""));
	if (*wire_str(o, "rider_note", ""))
		printf(_("        라이더: %s\n"), wire_str(o, "rider_note", ""));
	json_array_foreach(json_object_get(o, "items"), j, l)
		if (*wire_str(l, "note", ""))
			printf("        %s: %s\n", wire_str(l, "name", ""),
			    wire_str(l, "note", ""));
}

static int
cmd_queue(struct cli *cli)
{
	json_t *r, *o, *l;
	size_t i, j;

	r = cli_call(cli, "store", "queue", json_pack("{s:s}", "filter",
	    cli->filter ? cli->filter : "all"));
	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	if (json_array_size(json_object_get(r, "orders")) == 0)
		printf(_("주문이 없습니다\n"));
	json_array_foreach(json_object_get(r, "orders"), i, o) {
		char items[256] = "";
		size_t n = 0;

		json_array_foreach(json_object_get(o, "items"), j, l)
			if (n < sizeof items)
				n += (size_t)snprintf(items + n, sizeof items - n,
				    "%s%lld. %s x%lld%s", j ? ", " : "",
				    (long long)j + 1,
				    json_string_value(json_object_get(l, "name")),
				    (long long)json_integer_value(
				    json_object_get(l, "qty")), json_is_true(
				    json_object_get(l, "removed")) ? _(" (품절)") :
				    "");
		printf("#%-6lld %s ", (long long)json_integer_value(
		    json_object_get(o, "order_id")), cli_clock(
		    json_integer_value(json_object_get(o, "placed_at"))));
		cli_col(json_string_value(json_object_get(o, "status")), 10);
		cli_col_won(json_integer_value(json_object_get(o, "total")),
		    10);
		printf("%s%s%s\n", strcmp(wire_str(o, "kind", ""), "pickup") ==
		    0 ? _("[포장] ") : "", json_is_true(json_object_get(o,
		    "has_notes")) ? _("[요청] ") : "", items);
		queue_notes(o);
	}
	json_decref(r);
	return FRONT_EXIT_OK;
}

/* The owner's actions on one order: same shape, different action. */
static int
shop_act(struct cli *cli, const char *method, json_t *body)
{
	int64_t id = cli_parse_id(cli->argv[0]);
	json_t *r;

	if (id < 0) {
		json_decref(body);
		return cli_usage_error(cli, _("ORDER는 주문 번호여야 합니다"));
	}
	json_object_set_new(body, "order_id", json_integer(id));
	if ((r = cli_call(cli, "store", method, body)) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printf(_("주문 #%lld: 이제 %s\n"), (long long)id,
	    json_string_value(json_object_get(r, "status")));
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_accept(struct cli *cli)
{
	json_t *body = json_object();

	/* Without --eta the shop's own proposal (longer while busy). */
	if (cli->eta >= 0)
		json_object_set_new(body, "eta_min", json_integer(cli->eta));
	return shop_act(cli, "accept", body);
}

static int
cmd_reject(struct cli *cli)
{
	if (cli->reason == NULL && cli->code == NULL)
		return cli_usage_error(cli, _("--code 또는 --reason이 필요합니다"));
	return shop_act(cli, "reject", json_pack("{s:s*, s:s*}", "code",
	    cli->code, "reason", cli->reason));
}

void
cli_reasons_print(const char *title, const json_t *counts)
{
	const struct reason_code *rc;
	const char *code;
	json_t *n;

	printf("%s:%s\n", title, json_object_size(counts) ? "" : _(" 없음"));
	json_object_foreach((json_t *)counts, code, n) {
		rc = reason_find(code);
		printf("  %-22s %4lld  %s\n", code, (long long)
		    json_integer_value(n), rc ? _(rc->text) : "");
	}
}

static int
cmd_reasons(struct cli *cli)
{
	json_t *r = cli_call(cli, "store", "reasons", json_object());

	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	cli_reasons_print(_("거절한 주문"), json_object_get(r, "rejected"));
	cli_reasons_print(_("취소된 주문"), json_object_get(r, "cancelled"));
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_extend(struct cli *cli)
{
	int64_t id = cli_parse_id(cli->argv[0]);
	int64_t minutes = cli_parse_id(cli->argv[1]);
	json_t *r;

	if (id < 0)
		return cli_usage_error(cli, _("ORDER는 주문 번호여야 합니다"));
	if (minutes != 5 && minutes != 10 && minutes != 15)
		return cli_usage_error(cli, _("MINUTES는 5, 10, 15 중 하나입니다"));
	r = cli_call(cli, "store", "extend", json_pack("{s:I, s:I}",
	    "order_id", (json_int_t)id, "minutes", (json_int_t)minutes));
	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printf(_("주문 #%lld: %lld분 연장 (예상 %lld분, %s)\n"),
	    (long long)id, (long long)minutes, (long long)wire_int(r,
	    "eta_min", 0), cli_clock(wire_int(r, "eta_at", 0)));
	json_decref(r);
	return FRONT_EXIT_OK;
}

/* shop unavailable ORDER LINE...: lines the shop cannot make (품절), by
 * their numbers from 1; they are refunded. */
static int
cmd_unavailable(struct cli *cli)
{
	int64_t id = cli_parse_id(cli->argv[0]), line;
	json_t *lines = json_array(), *r;
	char won[32], left[32];
	int i;

	for (i = 1; i < cli->argc; i++) {
		if ((line = cli_parse_id(cli->argv[i])) < 1 || line > 30) {
			json_decref(lines);
			return cli_usage_error(cli, _("LINE은 줄 번호(1-30)여야 "
			    "합니다, '%s'가 아니라"), cli->argv[i]);
		}
		json_array_append_new(lines, json_integer(line));
	}
	if (id < 0) {
		json_decref(lines);
		return cli_usage_error(cli, _("ORDER는 주문 번호여야 합니다"));
	}
	r = cli_call(cli, "store", "unavailable", json_pack("{s:I, s:o}",
	    "order_id", (json_int_t)id, "lines", lines));
	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	util_won(won, sizeof won, wire_int(r, json_is_true(json_object_get(r,
	    "all_lines")) ? "refund" : "amount", 0));
	util_won(left, sizeof left, wire_int(r, "total", 0));
	if (json_is_true(json_object_get(r, "all_lines")))
		printf(_("주문 #%lld: 모든 항목이 품절이라 주문을 %s · %s 환불\n"),
		    (long long)id, strcmp(wire_str(r, "status", ""),
		    "REJECTED") == 0 ? _("거절했어요") : _("취소했어요"), won);
	else
		printf(_("주문 #%lld: 품절로 %zu개 항목을 뺐어요 · %s 환불 · "
		    "남은 결제 금액 %s\n"), (long long)id, json_array_size(
		    json_object_get(r, "lines")), won, left);
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_cook(struct cli *cli)
{
	return shop_act(cli, "cook", json_object());
}

static int
cmd_ready(struct cli *cli)
{
	return shop_act(cli, "ready", json_object());
}

static int
cmd_picked_up(struct cli *cli)
{
	return shop_act(cli, "picked_up", json_object());
}

static int
cmd_dispatch(struct cli *cli)
{
	return shop_act(cli, "dispatch", json_object());
}

static int
cmd_delivered(struct cli *cli)
{
	return shop_act(cli, "deliver", json_object());
}

static int
cmd_soldout(struct cli *cli)
{
	const char *onoff = cli->argc > 1 ? cli->argv[1] : "on";
	json_t *r;

	if (strcmp(onoff, "on") != 0 && strcmp(onoff, "off") != 0)
		return cli_usage_error(cli, _("'%s'이(가) 아니라 on 또는 off로 쓰세요"),
		    onoff);
	if (cli->today && cli->until != NULL)
		return cli_usage_error(cli, _("--today와 --until 중 하나만 쓰세요"));
	char item[128];
	char *plus;

	snprintf(item, sizeof item, "%s", cli->argv[0]);
	if ((plus = strchr(item, '+')) != NULL)
		*plus++ = '\0'; /* ITEM+OPTION: one of its options */
	r = cli_call(cli, "store", "soldout", json_pack("{s:s, s:s*, s:b, "
	    "s:s*}", "item_id", item, "option_id", plus, "sold_out",
	    strcmp(onoff, "on") == 0, "until", cli->today ? "today" :
	    cli->until));
	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printf("%s: %s", cli->argv[0], json_is_true(json_object_get(r,
	    "sold_out")) ? _("품절") : _("판매 재개"));
	if (wire_int(r, "sold_out_until", 0) > 0)
		printf(_(" (%s까지)"), cli_clock(wire_int(r, "sold_out_until",
		    0)));
	putchar('\n');
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
shop_set_open(struct cli *cli, int open)
{
	json_t *r = cli_call(cli, "store", "open", json_pack("{s:b}", "open",
	    open));

	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printf("%s: %s\n", json_string_value(json_object_get(r, "shop_id")),
	    json_is_true(json_object_get(r, "open")) ? _("영업 중") :
	    _("영업 안 함"));
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_open(struct cli *cli)
{
	return shop_set_open(cli, 1);
}

static int
cmd_close(struct cli *cli)
{
	return shop_set_open(cli, 0);
}

const struct cli_cmd cli_shop_cmds[] = {
	{ "shop queue", "[--filter new|active|done|all]",
	    N_("내 가게의 주문"), 0, 0, cmd_queue },
	{ "shop accept", "ORDER [--eta MIN]", N_("결제된 주문 접수"), 1, 1,
	    cmd_accept },
	{ "shop reject", "ORDER --code CODE [--reason TEXT]", N_("거절 (고객에게 "
	    "환불됩니다)"), 1, 1, cmd_reject },
	{ "shop reasons", "", N_("사유 코드별 거절과 취소"), 0, 0, cmd_reasons },
	{ "shop extend", "ORDER 5|10|15", N_("접수한 주문의 시간 연장: 고객의 도착 예정이 바뀝니다 "
	    "(모두 합쳐 30분까지)"), 2, 2,
	    cmd_extend },
	{ "shop unavailable", "ORDER LINE...", N_("만들 수 없는 줄 (품절), 1부터 "
	    "번호로, 조리 전에: 환불됩니다 (모두면 주문이 거절되고, 접수한 뒤면 "
	    "취소됩니다)"), 2, 31,
	    cmd_unavailable },
	{ "shop cook", "ORDER", N_("조리 시작"), 1, 1, cmd_cook },
	{ "shop ready", "ORDER", N_("조리 완료: 내보내거나 찾아가도록 준비됨"), 1, 1,
	    cmd_ready },
	{ "shop dispatch", "ORDER", N_("배달 보내기"), 1, 1,
	    cmd_dispatch },
	{ "shop picked-up", "ORDER", N_("준비된 포장 주문을 찾아감"), 1,
	    1, cmd_picked_up },
	{ "shop delivered", "ORDER", N_("배달 완료로 표시"), 1, 1,
	    cmd_delivered },
	{ "shop soldout", "ITEM[+OPTION] [on|off] [--today|--until HH:MM]",
	    N_("메뉴 품절 표시 (계속, 오늘만, 그때까지) 또는 판매 재개"), 1, 2,
	    cmd_soldout },
	{ "shop open", "", N_("주문 받기 시작"), 0, 0, cmd_open },
	{ "shop close", "", N_("주문 받기 중지"), 0, 0, cmd_close },
	{ NULL, NULL, NULL, 0, 0, NULL },
};
