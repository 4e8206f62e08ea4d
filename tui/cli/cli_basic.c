/*
 * cli_basic.c: ping, whoami, stats, call and events.
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

/* Print obj's members as "prefix.key:value" lines, nested objects
 * flattened (redis-cli's INFO). */
static void
print_fields(const json_t *obj, const char *prefix)
{
	const char *key;
	json_t *v;
	char name[128], *text;

	json_object_foreach((json_t *)obj, key, v) {
		snprintf(name, sizeof name, "%s%s%s", prefix, prefix[0] ? "." :
		    "", key);
		if (json_is_object(v)) {
			print_fields(v, name);
			continue;
		}
		text = json_is_string(v) ? NULL : json_dumps(v,
		    JSON_COMPACT | JSON_ENCODE_ANY);
		printf("%s:%s\n", name, text ? text : json_string_value(v));
		free(text);
	}
}

static int
cmd_stats(struct cli *cli)
{
	json_t *broker = cli_call(cli, "broker", "stats", NULL), *order, *all;
	struct wire_error err;
	const char *section;
	json_t *v;

	if (broker == NULL)
		return FRONT_EXIT_FAIL;
	/* The order service may be down; the broker's figures still count. */
	order = client_call(cli->client, "order", "stats", NULL,
	    cli->timeout_ms, &err);
	all = json_pack("{s:o, s:o?}", "broker", broker, "order", order);
	if (cli->json)
		return cli_print_json(all);
	/* One "# section" per source, then its "key:value" lines. */
	json_object_foreach(all, section, v) {
		printf("# %s\n", section);
		print_fields(v, "");
	}
	if (order == NULL)
		printf("# order\nunavailable:%s\n", err.code);
	json_decref(all);
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
	struct client *c = cli_client(cli);
	struct wire_error err;
	json_t *filter = json_object(), *msg;
	int live = 0;

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
	{ "stats", "", N_("브로커와 결제 차단기 수치 (key:value 줄)"), 0, 0, cmd_stats },
	{ NULL, NULL, NULL, 0, 0, NULL },
};
