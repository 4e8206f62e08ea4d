/*
 * cli_order.c: the customer's commands: shops, menu, quote, order,
 * status, orders, cancel, inbox.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ui_i18n.h"
#include "ui_text.h"
#include "util.h"

static int
cmd_shops(struct cli *cli)
{
	json_t *r = cli_call(cli, "store", "shops", NULL), *s;
	size_t i;

	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	cli_col("ID", 10); cli_col(_("가게"), 16); cli_col(_("분류"), 6);
	cli_col(_("상태"), 8); cli_col(_("최소주문"), 10); cli_col(_("배달팁"), 8);
	putchar('\n');
	json_array_foreach(json_object_get(r, "shops"), i, s) {
		cli_col(wire_str(s, "id", ""), 10);
		cli_col(wire_str(s, "name", ""), 16);
		cli_col(wire_str(s, "category", ""), 6);
		cli_col(wire_str(s, "status_text", ""), 8);
		cli_col_won(wire_int(s, "min_order", 0), 10);
		cli_col_won(wire_int(s, "delivery_fee", 0), 8);
		putchar('\n');
	}
	json_decref(r);
	return FRONT_EXIT_OK;
}

/* The rule of item's option group id (borrowed), or NULL. */
static const json_t *
group_rule(const json_t *item, const char *id)
{
	json_t *g;
	size_t i;

	json_array_foreach(json_object_get(item, "option_groups"), i, g)
		if (strcmp(wire_str(g, "id", ""), id) == 0)
			return g;
	return NULL;
}

static void
print_options(const json_t *item)
{
	json_t *o;
	size_t i;
	char buf[48];

	json_array_foreach(json_object_get(item, "options"), i, o) {
		const char *group = wire_str(o, "group", "");
		const json_t *rule = group_rule(item, group);

		printf("%14s+%-12s ", "", wire_str(o, "id", ""));
		cli_col(wire_str(o, "name", ""), 16);
		buf[0] = '+';
		util_won(buf + 1, sizeof buf - 1, wire_int(o, "price", 0));
		cli_col(buf, 9);
		if (rule != NULL)
			printf(_("(%s: %lld~%lld개%s)"), wire_str(rule, "name",
			    group), (long long)wire_int(rule, "min", 0),
			    (long long)wire_int(rule, "max", 1),
			    wire_int(rule, "min", 0) > 0 ? _(", 필수") : "");
		else if (*group)
			printf(_("(%s마다 하나)"), group);
		if (json_is_true(json_object_get(o, "sold_out")))
			printf(_(" 품절"));
		putchar('\n');
	}
}

static int
cmd_menu(struct cli *cli)
{
	json_t *r = cli_call(cli, "store", "menu", json_pack("{s:s}",
	    "shop_id", cli->argv[0])), *shop, *item;
	size_t i;
	char min[32], fee[32];

	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	shop = json_object_get(r, "shop");
	util_won(min, sizeof min, wire_int(shop, "min_order", 0));
	util_won(fee, sizeof fee, wire_int(shop, "delivery_fee", 0));
	printf(_("%s (%s) · %s · 최소주문 %s · 배달팁 %s · 약 %lld분\n\n"),
	    wire_str(shop, "name", ""), wire_str(shop, "id", ""),
	    wire_str(shop, "status_text", ""), min, fee,
	    (long long)wire_int(shop, "eta_min", 0));
	json_array_foreach(json_object_get(r, "menu"), i, item) {
		cli_col(wire_str(item, "id", ""), 12);
		cli_col(wire_str(item, "name", ""), 18);
		cli_col_won(wire_int(item, "price", 0), 9);
		printf("%s", json_is_true(json_object_get(item, "sold_out")) ?
		    _("품절") : "");
		if (wire_int(item, "sold_out_until", 0) > 0)
			printf(_(" · %s까지"), cli_clock(wire_int(item,
			    "sold_out_until", 0)));
		putchar('\n');
		print_options(item);
	}
	json_decref(r);
	return FRONT_EXIT_OK;
}

/* Parse "ITEM[xQTY][+OPTION]...[#NOTE]" into an order line (everything
 * after the first '#' is the line's note, as typed); NULL if malformed. */
static json_t *
parse_line(const char *spec)
{
	char *copy = xstrdup(spec), *save = NULL, *part, *x;
	char *hash = strchr(copy, '#');
	json_t *line = json_object(), *opts = json_array();
	long qty = 1;

	if (hash != NULL) {
		*hash = '\0';
		json_object_set_new(line, "note", json_string(hash + 1));
	}

	part = strtok_r(copy, "+", &save);
	if (part == NULL || *part == '\0')
		goto bad;
	if ((x = strrchr(part, 'x')) != NULL && x != part && x[1] != '\0' &&
	    strspn(x + 1, "0123456789") == strlen(x + 1)) {
		qty = strtol(x + 1, NULL, 10);
		*x = '\0';
	}
	json_object_set_new(line, "item_id", json_string(part));
	json_object_set_new(line, "qty", json_integer(qty));
	while ((part = strtok_r(NULL, "+", &save)) != NULL)
		json_array_append_new(opts, json_string(part));
	json_object_set_new(line, "options", opts);
	free(copy);
	return line;
bad:
	free(copy);
	json_decref(opts);
	json_decref(line);
	return NULL;
}

static json_t *
parse_lines(struct cli *cli, int first)
{
	json_t *items = json_array(), *line;
	int i;

	for (i = first; i < cli->argc; i++) {
		if ((line = parse_line(cli->argv[i])) == NULL) {
			json_decref(items);
			cli_usage_error(cli, _("잘못된 메뉴 '%s': "
			    "ITEM[xQTY][+OPTION]...[#NOTE]로 쓰세요"),
			    cli->argv[i]);
			return NULL;
		}
		json_array_append_new(items, line);
	}
	return items;
}

static void
print_lines(const json_t *lines)
{
	json_t *l, *o;
	size_t i, j;
	char name[256];

	json_array_foreach(lines, i, l) {
		int n = snprintf(name, sizeof name, "%s x%lld", wire_str(l, "name", ""),
		    (long long)wire_int(l, "qty", 0));

		json_array_foreach(json_object_get(l, "options"), j, o)
			if (n > 0 && (size_t)n < sizeof name)
				n += snprintf(name + n, sizeof name - (size_t)n,
				    "%s%s", j ? ", " : " (", wire_str(o, "name", ""));
		if (json_array_size(json_object_get(l, "options")) > 0 &&
		    n > 0 && (size_t)n < sizeof name - 1)
			strcat(name, ")");
		printf("  ");
		cli_col(name, 36);
		cli_col_won(wire_int(l, "line_total", 0), 10);
		/* A line the shop could not make: refunded. */
		if (json_is_true(json_object_get(l, "removed")))
			printf(" %s", _("품절 · 환불"));
		putchar('\n');
		if (*wire_str(l, "note", ""))
			printf(_("    ↳ 요청: %s\n"), wire_str(l, "note", ""));
	}
}

/* The order's requests, when it has any. */
static void
print_notes(const json_t *r)
{
	if (*wire_str(r, "note", ""))
		printf(_("  가게 요청: %s\n"), wire_str(r, "note", ""));
	if (*wire_str(r, "rider_note", ""))
		printf(_("  라이더 요청: %s\n"),
		    wire_str(r, "rider_note", ""));
}

static void
print_totals(const json_t *r)
{
	printf("  "); cli_col(_("배달팁"), 36);
	cli_col_won(wire_int(r, "delivery_fee", 0), 10); putchar('\n');
	printf("  "); cli_col(_("합계"), 36);
	cli_col_won(wire_int(r, "total", 0), 10); putchar('\n');
	if (wire_int(r, "refunded", 0) > 0) {
		printf("  "); cli_col(_("품절 환불"), 36);
		cli_col_won(wire_int(r, "refunded", 0), 10); putchar('\n');
	}
}

static int
cmd_quote(struct cli *cli)
{
	json_t *items = parse_lines(cli, 1), *r;

	if (items == NULL)
		return FRONT_EXIT_USAGE;
	r = cli_call(cli, "order", "quote", json_pack("{s:s, s:o, s:s}",
	    "shop_id", cli->argv[0], "items", items, "kind", cli->pickup ?
	    "pickup" : "delivery"));
	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	print_lines(json_object_get(r, "items"));
	print_totals(r);
	if (json_is_true(json_object_get(r, "below_minimum")))
		printf(_("  (최소 주문 금액 %lld원 미만)\n"),
		    (long long)wire_int(r, "min_order", 0));
	json_decref(r);
	return FRONT_EXIT_OK;
}

/* The place request's way to pay (members added to body): a card, or a
 * virtual account with its refund account. FRONT_EXIT_OK, or a usage
 * error's exit status. */
static int
order_pay_members(struct cli *cli, json_t *body)
{
	json_t *acct;

	if ((cli->card != NULL) == (cli->va_bank != NULL))
		return cli_usage_error(cli, _("--card 또는 --virtual-account 중 "
		    "하나로 결제하세요"));
	if (cli->card != NULL) {
		if (cli->refund_account != NULL)
			return cli_usage_error(cli, _("--refund-account는 "
			    "--virtual-account와 함께 씁니다"));
		json_object_set_new(body, "card", json_string(cli->card));
		return FRONT_EXIT_OK;
	}
	if (cli->refund_account == NULL)
		return cli_usage_error(cli, _("--virtual-account에는 "
		    "--refund-account BANK:NUMBER:HOLDER가 필요합니다 (환불받을 곳)"));
	if ((acct = cli_parse_refund_account(cli->refund_account)) == NULL)
		return cli_usage_error(cli, _("--refund-account는 "
		    "BANK:NUMBER:HOLDER입니다 (예: 20:1002123456789:김민지)"));
	json_object_set_new(body, "pay", json_string("virtual_account"));
	json_object_set_new(body, "bank", json_string(cli->va_bank));
	json_object_set_new(body, "refund_account", acct);
	return FRONT_EXIT_OK;
}

static int
cmd_order(struct cli *cli)
{
	json_t *items, *r, *body, *va;
	char when[16], total[32];
	int rc;

	if ((cli->address == NULL) != cli->pickup)
		return cli_usage_error(cli, _("배달에는 --address가 필요합니다 "
		    "(--pickup이면 없음)"));
	body = json_pack("{s:s, s:s*, s:s*, s:s*, s:s}", "shop_id",
	    cli->argv[0], "address", cli->address, "note", cli->note,
	    "rider_note", cli->rider_note, "kind", cli->pickup ? "pickup" :
	    "delivery");
	if ((rc = order_pay_members(cli, body)) != FRONT_EXIT_OK ||
	    (items = parse_lines(cli, 1)) == NULL) {
		json_decref(body);
		return rc != FRONT_EXIT_OK ? rc : FRONT_EXIT_USAGE;
	}
	json_object_set_new(body, "items", items);
	if ((r = cli_call(cli, "order", "place", body)) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	util_won(total, sizeof total, wire_int(r, "total", 0));
	if ((va = json_object_get(r, "virtual_account")) != NULL)
		printf(_("주문 #%lld %s · %s을(를) %s %s 계좌로 %s까지 입금하세요\n"),
		    (long long)wire_int(r, "order_id", 0), wire_str(r, "status",
		    ""), total, wire_str(va, "bank", ""), wire_str(va,
		    "account_number", ""), wire_str(va, "due_date", ""));
	else {
		snprintf(when, sizeof when, "%s", cli_clock(wire_int(r,
		    "accept_by", 0)));
		printf(_("주문 #%lld %s · %s · 가게가 %s까지 접수합니다\n"),
		    (long long)wire_int(r, "order_id", 0),
		    wire_str(r, "status", ""), total, when);
	}
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_status(struct cli *cli)
{
	int64_t id = cli_parse_id(cli->argv[0]);
	json_t *r, *pay, *del, *t, *va;
	size_t i;

	if (id < 0)
		return cli_usage_error(cli, _("ORDER는 주문 번호여야 합니다"));
	if ((r = cli_call(cli, "view", "status", json_pack("{s:I}",
	    "order_id", (json_int_t)id))) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printf(_("주문 #%lld · %s · %s\n"), (long long)id,
	    wire_str(r, "shop_name", ""),
	    wire_str(r, "status", ""));
	print_lines(json_object_get(r, "items"));
	print_totals(r);
	pay = json_object_get(r, "payment");
	del = json_object_get(r, "delivery");
	if (strcmp(wire_str(r, "kind", ""), "pickup") == 0)
		printf(_("  포장: 가게에서 찾아갑니다\n"));
	else
		printf(_("  주소: %s\n"), wire_str(r, "address", ""));
	printf(_("  결제: %s · 배달: %s"), json_is_object(pay) ?
	    wire_str(pay, "status", "") : "-", json_is_object(del) ?
	    wire_str(del, "status", "") : "-");
	if (wire_int(r, "eta_at", 0) > 0)
		printf(_(" · 도착 예정 %s"), cli_clock(wire_int(r, "eta_at", 0)));
	putchar('\n');
	print_notes(r);
	if (json_is_object(va = json_object_get(r, "virtual_account")))
		printf(_("  입금 계좌: %s %s · 기한 %s\n"), wire_str(va, "bank", ""),
		    wire_str(va, "account_number", ""), wire_str(va, "due_date",
		    ""));
	if (*wire_str(r, "cancel_reason", ""))
		printf(_("  취소: %s [%s]\n"), wire_str(r, "cancel_reason", ""),
		    wire_str(r, "reason_code", "-"));
	if (*wire_str(r, "reject_reason", ""))
		printf(_("  거절: %s [%s]\n"), wire_str(r, "reject_reason", ""),
		    wire_str(r, "reason_code", "-"));
	printf(_("  기록:\n"));
	json_array_foreach(json_object_get(r, "timeline"), i, t) {
		printf("  %s  ", cli_clock(wire_int(t, "at", 0)));
		cli_col(wire_str(t, "status", ""), 20);
		printf("%s\n", wire_str(t, "text", ""));
	}
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_orders(struct cli *cli)
{
	json_t *body = json_object(), *r, *o;
	size_t i;

	if (cli->limit > 0)
		json_object_set_new(body, "limit", json_integer(cli->limit));
	if (cli->offset >= 0)
		json_object_set_new(body, "offset", json_integer(cli->offset));
	if ((r = cli_call(cli, "view", "orders", body)) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	if (json_array_size(json_object_get(r, "orders")) == 0)
		printf(_("주문이 없습니다\n"));
	json_array_foreach(json_object_get(r, "orders"), i, o) {
		printf("#%-6lld %s ", (long long)wire_int(o, "order_id", 0),
		    cli_clock(wire_int(o, "placed_at", 0)));
		cli_col(wire_str(o, "shop_name", ""), 12);
		cli_col(wire_str(o, "status", ""), 10);
		cli_col_won(wire_int(o, "total", 0), 10);
		printf("%s%s\n", strcmp(wire_str(o, "kind", ""), "pickup") == 0 ?
		    _("[포장] ") : "", wire_str(o, "item_summary", ""));
	}
	if (json_is_true(json_object_get(r, "more")))
		printf(_("더 보기: --offset %lld\n"), (long long)(wire_int(r,
		    "offset", 0) + (long long)json_array_size(
		    json_object_get(r, "orders"))));
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_cancel(struct cli *cli)
{
	int64_t id = cli_parse_id(cli->argv[0]);
	json_t *r;
	char refund[32];

	if (id < 0)
		return cli_usage_error(cli, _("ORDER는 주문 번호여야 합니다"));
	if ((r = cli_call(cli, "order", "cancel", json_pack("{s:I, s:s*, s:s*}",
	    "order_id", (json_int_t)id, "code", cli->code, "reason",
	    cli->reason))) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	util_won(refund, sizeof refund, wire_int(r, "refund", 0));
	printf(_("주문 #%lld %s · %s 환불 예정\n"), (long long)id,
	    wire_str(r, "status", ""), refund);
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_inbox(struct cli *cli)
{
	json_t *body = json_object(), *r, *n;
	char id[24];
	size_t i;

	if (cli->limit > 0)
		json_object_set_new(body, "limit", json_integer(cli->limit));
	if ((r = cli_call(cli, "notify", "inbox", body)) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	json_array_foreach(json_object_get(r, "notifications"), i, n) {
		id[0] = '\0';
		if (wire_int(n, "order_id", 0) > 0)
			snprintf(id, sizeof id, "#%lld",
			    (long long)wire_int(n, "order_id", 0));
		printf("%s %s ", json_is_true(json_object_get(n, "read")) ?
		    " " : "*", cli_clock(wire_int(n, "at", 0)));
		cli_col(id, 7);
		printf("%s\n", wire_str(n, "text", ""));
	}
	printf(_("(읽지 않음 %lld)\n"), (long long)wire_int(r, "unread", 0));
	json_decref(r);
	return FRONT_EXIT_OK;
}

const struct cli_cmd cli_order_cmds[] = {
	{ "shops", "", N_("가게 목록 보기"), 0, 0, cmd_shops },
	{ "menu", "SHOP", N_("가게의 메뉴, 옵션과 가격"), 1, 1,
	    cmd_menu },
	{ "quote", "SHOP ITEM[xQTY][+OPTION]... [--pickup]", N_("주문 금액 계산"),
	    2, -1,
	    cmd_quote },
	{ "order", "SHOP ITEM[xQTY][+OPTION]...[#NOTE]... --address A|--pickup "
	    "(--card N | --virtual-account BANK --refund-account "
	    "BANK:NUMBER:HOLDER) [--note TEXT] [--rider-note TEXT]",
	    N_("주문하고 결제"), 2, -1, cmd_order },
	{ "status", "ORDER", N_("주문의 상태와 진행 기록"), 1, 1,
	    cmd_status },
	{ "orders", "[--limit N] [--offset N]", N_("내 주문 (가게 주인은 가게의 주문)"), 0, 0,
	    cmd_orders },
	{ "cancel", "ORDER [--code CODE] [--reason TEXT]", N_("주문 취소 (조리 시작 "
	    "전까지)"), 1, 1,
	    cmd_cancel },
	{ "inbox", "", N_("내 알림"), 0, 0, cmd_inbox },
	{ NULL, NULL, NULL, 0, 0, NULL },
};
