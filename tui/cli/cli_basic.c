/*
 * cli_basic.c: ping, whoami, call and events (stats: cli_stats.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ui_i18n.h"
#include "util.h"

static int
cmd_ping(struct cli *cli)
{
	int64_t start = mono_ms();
	json_t *r = cli_call(cli, "broker", "ping", NULL);

	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json) {
		json_object_set_new(r, "rtt_ms", json_integer(mono_ms() -
		    start));
		return cli_print_json(r);
	}
	printf(_("PONG: baedal %s, %s (%lld ms)\n"),
	    json_string_value(json_object_get(r, "version")),
	    cli->id.endpoint, (long long)(mono_ms() - start));
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_whoami(struct cli *cli)
{
	json_t *r = cli_call(cli, "broker", "whoami", NULL);
	const char *shop;

	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	shop = json_string_value(json_object_get(r, "shop_id"));
	printf("%s (%s), %s%s%s\n",
	    json_string_value(json_object_get(r, "user")),
	    json_string_value(json_object_get(r, "name")),
	    json_string_value(json_object_get(r, "role")),
	    shop ? _(" · 가게 ") : "", shop ? shop : "");
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_call(struct cli *cli)
{
	json_t *body = NULL, *r;
	json_error_t jerr;
	char *s;

	if (cli->argc == 3 && (body = json_loads(cli->argv[2], 0, &jerr)) ==
	    NULL)
		return cli_usage_error(cli, _("BODY가 JSON이 아닙니다: %s"),
		    jerr.text);
	if (body != NULL && !json_is_object(body)) {
		json_decref(body);
		return cli_usage_error(cli, _("BODY는 JSON 객체여야 합니다"));
	}
	if ((r = cli_call(cli, cli->argv[0], cli->argv[1], body)) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	s = json_dumps(r, JSON_INDENT(2));
	puts(s);
	free(s);
	json_decref(r);
	return FRONT_EXIT_OK;
}

static void
print_event(struct cli *cli, json_t *ev)
{
	const char *shop = json_string_value(json_object_get(ev, "shop_id"));
	const char *cust = json_string_value(json_object_get(ev,
	    "customer_id"));
	json_int_t order = json_integer_value(json_object_get(ev, "order_id"));
	char *data;

	if (cli->json) {
		cli_print_json(json_incref(ev));
		return;
	}
	data = json_dumps(json_object_get(ev, "data"), JSON_COMPACT);
	printf("%6lld %s %-22s ",
	    (long long)json_integer_value(json_object_get(ev, "seq")),
	    cli_clock(json_integer_value(json_object_get(ev, "at"))),
	    json_string_value(json_object_get(ev, "type")));
	if (order)
		printf("order=%lld ", (long long)order);
	if (shop)
		printf("shop=%s ", shop);
	if (cust)
		printf("customer=%s ", cust);
	printf("%s\n", data ? data : "{}");
	free(data);
}

static int
cmd_events(struct cli *cli)
{
	struct client *c;
	struct wire_error err;
	json_t *filter, *msg;
	int live = 0;

	if (cli->from_text != NULL && cli->from < 0)
		return cli_usage_error(cli, _("--from은 기록 위치(숫자)여야 "
		    "합니다, '%s'가 아니라"), cli->from_text);
	c = cli_client(cli);
	filter = json_object();

	if (c == NULL) {
		json_decref(filter);
		return FRONT_EXIT_FAIL;
	}
	if (cli->type != NULL)
		json_object_set_new(filter, "types", json_pack("[s]",
		    cli->type));
	if (cli->order > 0)
		json_object_set_new(filter, "order_id",
		    json_integer(cli->order));
	if (client_subscribe(c, "cli", filter, cli->from < 0 ? 0 : cli->from,
	    &err) != 0)
		return cli_fail(cli, &err);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		const struct wire_error *e;

		msg = client_next_event(c, 200);
		if ((e = client_last_error(c)) != NULL &&
		    strcmp(e->code, E_NO_SESSION) != 0)
			return cli_fail(cli, e);
		if (msg == NULL)
			continue;
		if (json_object_get(msg, "live") != NULL)
			live = 1;
		else
			print_event(cli, json_object_get(msg, "event"));
		json_decref(msg);
		if (live && !cli->follow)
			break;
	}
	return FRONT_EXIT_OK;
}

const struct cli_cmd cli_basic_cmds[] = {
	{ "ping", "", N_("브로커가 응답하는지 확인"), 0, 0, cmd_ping },
	{ "whoami", "", N_("브로커가 보는 나"), 0, 0, cmd_whoami },
	{ "events", "[--from SEQ] [--follow]",
	    N_("이벤트 기록 출력 (볼 수 있는 것만)"), 0, 0, cmd_events },
	{ "call", "SERVICE METHOD [BODY]", N_("요청을 그대로 보내기 (JSON 본문)"),
	    2, 3, cmd_call },
	{ "stats", "", N_("브로커와 각 서비스의 수치: 메서드별 요청, "
	    "오류와 지연, 기록, 지연된 양, 복제본, 차단기"), 0, 0, cli_cmd_stats },
	{ NULL, NULL, NULL, 0, 0, NULL },
};
