/*
 * cli_printer.c: the shop owner's kitchen printer: set it or turn it
 * off (shop printer), see it and its jobs (shop printer, shop
 * print-jobs), and reprint an order's ticket (shop print).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ui_i18n.h"
#include "util.h"

/* The printer and its job counts, in words. */
static void
printer_show(const json_t *r)
{
	const json_t *p = json_object_get(r, "printer");
	const json_t *c = json_object_get(r, "counts");

	if (json_is_object(p))
		printf(_("프린터 %s, %lldmm, 주문이 %s일 때 출력\n"),
		    wire_str(p, "address", ""), (long long)wire_int(p, "width",
		    0), wire_str(p, "print_on", ""));
	else
		printf(_("프린터 없음\n"));
	if (json_is_object(c))
		printf(_("출력: 대기 %lld, 보내는 중 %lld, 출력됨 %lld, 실패 %lld, 알 수 없음 "
		    "%lld\n"), (long long)wire_int(c, "pending", 0),
		    (long long)wire_int(c, "sending", 0), (long long)wire_int(c,
		    "printed", 0), (long long)wire_int(c, "dead", 0),
		    (long long)wire_int(c, "unknown", 0));
}

static void
jobs_show(const json_t *jobs)
{
	const json_t *j;
	size_t i;

	json_array_foreach(jobs, i, j) {
		printf(_("작업 %-5lld #%-6lld %-8s %-8s 시도 %lld"),
		    (long long)wire_int(j, "id", 0), (long long)wire_int(j,
		    "order_id", 0), wire_str(j, "reason", ""), wire_str(j,
		    "state", ""), (long long)wire_int(j, "attempts", 0));
		if (*wire_str(j, "last_error", ""))
			printf("  (%s)", wire_str(j, "last_error", ""));
		putchar('\n');
	}
}

/* store.print_jobs with body (stolen): the printer and its jobs. */
static int
print_jobs(struct cli *cli, json_t *body)
{
	json_t *r = cli_call(cli, "store", "print_jobs", body);

	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printer_show(r);
	jobs_show(json_object_get(r, "jobs"));
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_printer(struct cli *cli)
{
	json_t *body, *r;

	if (cli->argc == 0)
		return print_jobs(cli, json_pack("{s:i}", "limit", 5));
	if (strcmp(cli->argv[0], "off") == 0)
		body = json_pack("{s:b}", "off", 1);
	else {
		body = json_pack("{s:s}", "address", cli->argv[0]);
		if (cli->width >= 0)
			json_object_set_new(body, "width",
			    json_integer(cli->width));
		if (cli->print_on != NULL)
			json_object_set_new(body, "print_on",
			    json_string(cli->print_on));
	}
	if ((r = cli_call(cli, "store", "printer", body)) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printer_show(r);
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_print(struct cli *cli)
{
	int64_t id = cli_parse_id(cli->argv[0]);
	json_t *r;

	if (id < 0)
		return cli_usage_error(cli, _("ORDER는 주문 번호여야 합니다"));
	r = cli_call(cli, "store", "print", json_pack("{s:I}", "order_id",
	    (json_int_t)id));
	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printf(_("주문 #%lld: 주문서 출력 대기 (작업 %lld)\n"), (long long)id,
	    (long long)wire_int(r, "job_id", 0));
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_print_jobs(struct cli *cli)
{
	json_t *body = json_object();

	if (cli->state != NULL)
		json_object_set_new(body, "state", json_string(cli->state));
	if (cli->limit > 0)
		json_object_set_new(body, "limit", json_integer(cli->limit));
	return print_jobs(cli, body);
}

const struct cli_cmd cli_printer_cmds[] = {
	{ "shop printer", "[HOST:PORT [--width 58|80] [--print-on "
	    "accepted|paid]"
	    " | off]", N_("주방 프린터 (ESC/POS, raw TCP): 설정, 끄기, 보기"), 0, 1,
	    cmd_printer },
	{ "shop print", "ORDER", N_("주문서를 다시 출력"), 1, 1,
	    cmd_print },
	{ "shop print-jobs", "[--state S] [--limit N]", N_("주문서 출력 기록"), 0, 0,
	    cmd_print_jobs },
	{ NULL, NULL, NULL, 0, 0, NULL },
};
