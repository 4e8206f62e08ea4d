/*
 * cli_payments.c: the administrator's payment commands: the dead-letter
 * queue of refunds the gateway refused for good (payments dead), and
 * what to do with one (payments retry, payments resolve, and for a refund
 * account the bank refused payments refund-account).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ui_i18n.h"
#include "util.h"

/* A usage error (as JSON on stdout with --json, exit 2). */
static int
payments_usage(struct cli *cli, const char *what)
{
	return cli_usage_error(cli, "%s", what);
}

static void
print_dead(const json_t *d)
{
	const json_t *amount = json_object_get(d, "amount");
	const char *note = json_string_value(json_object_get(d, "note"));

	printf(_("#%-4lld 주문 %-6lld %-9s "), (long long)json_integer_value(
	    json_object_get(d, "id")), (long long)json_integer_value(
	    json_object_get(d, "order_id")), json_string_value(
	    json_object_get(d, "state")));
	if (json_is_integer(amount))
		cli_col_won(json_integer_value(amount), 10);
	else
		cli_col("whole", 10);
	printf("%s%s%s\n", json_string_value(json_object_get(d, "message")),
	    note ? _(" · 메모: ") : "", note ? note : "");
}

static int
cmd_dead(struct cli *cli)
{
	json_t *body = json_pack("{s:s}", "state", cli->state ? cli->state :
	    "open"), *r, *d;
	size_t i;

	if (cli->limit > 0)
		json_object_set_new(body, "limit", json_integer(cli->limit));
	if ((r = cli_call(cli, "payment", "dead", body)) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	json_array_foreach(json_object_get(r, "items"), i, d)
		print_dead(d);
	printf(_("열림 %lld, 재시도 %lld, 해결 %lld\n"),
	    (long long)json_integer_value(json_object_get(json_object_get(r,
	    "counts"), "open")), (long long)json_integer_value(
	    json_object_get(json_object_get(r, "counts"), "retried")),
	    (long long)json_integer_value(json_object_get(json_object_get(r,
	    "counts"), "resolved")));
	json_decref(r);
	return FRONT_EXIT_OK;
}

/* retry and resolve: the same shape on one dead letter. */
static int
dead_act(struct cli *cli, const char *method, const char *done)
{
	int64_t id = cli_parse_id(cli->argv[0]);
	json_t *body, *r;

	if (id < 0)
		return payments_usage(cli, _("ID는 데드 레터 번호여야 합니다"));
	if (strcmp(method, "resolve") == 0 && cli->note == NULL)
		return payments_usage(cli, _("--note가 필요합니다: 어떻게 처리했는지"));
	body = json_pack("{s:I}", "id", (json_int_t)id);
	if (cli->note != NULL)
		json_object_set_new(body, "note", json_string(cli->note));
	if ((r = cli_call(cli, "payment", method, body)) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printf(_("데드 레터 #%lld (주문 %lld) %s\n"), (long long)id,
	    (long long)json_integer_value(json_object_get(r, "order_id")),
	    done);
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_retry(struct cli *cli)
{
	return dead_act(cli, "retry", _("다시 환불할 차례입니다; 결제를 읽은 뒤 게이트웨이에 요청합니다"));
}

static int
cmd_resolve(struct cli *cli)
{
	return dead_act(cli, "resolve", _("해결되었습니다"));
}

static int
cmd_refund_account(struct cli *cli)
{
	int64_t id = cli_parse_id(cli->argv[0]);
	json_t *acct = cli_parse_refund_account(cli->argv[1]), *r, *a;

	if (id < 0 || acct == NULL) {
		json_decref(acct);
		return payments_usage(cli,
		    id < 0 ? _("ORDER는 주문 번호여야 합니다") : _("계좌는 "
		    "BANK:NUMBER:HOLDER입니다 (예: 20:1002123456789:김민지)"));
	}
	if ((r = cli_call(cli, "payment", "refund_account", json_pack(
	    "{s:I, s:o}", "order_id", (json_int_t)id, "refund_account",
	    acct))) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	a = json_object_get(r, "refund_account");
	printf(_("주문 %lld: 환불 계좌 %s %s (%s); 데드 레터를 재시도하면 환불합니다\n"),
	    (long long)id, wire_str(a, "bank", ""),
	    wire_str(a, "account_number", ""), wire_str(a, "holder_name", ""));
	json_decref(r);
	return FRONT_EXIT_OK;
}

const struct cli_cmd cli_payments_cmds[] = {
	{ "payments dead", "[--state S] [--limit N]",
	    N_("게이트웨이가 끝내 거절한 환불 (관리자)"), 0, 0, cmd_dead },
	{ "payments retry", "ID", N_("데드 레터 환불 다시 시도 (관리자)"),
	    1, 1, cmd_retry },
	{ "payments resolve", "ID --note TEXT",
	    N_("baedal 밖에서 처리한 데드 레터 닫기 (관리자)"), 1, 1,
	    cmd_resolve },
	{ "payments refund-account", "ORDER BANK:NUMBER:HOLDER",
	    N_("은행이 첫 계좌를 거절했을 때 가상계좌 환불 계좌 (관리자)"), 2, 2, cmd_refund_account },
	{ NULL, NULL, NULL, 0, 0, NULL },
};
