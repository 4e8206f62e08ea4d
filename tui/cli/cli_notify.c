/*
 * cli_notify.c: notification commands: your profile's phone number (where
 * AlimTalk reaches a customer) and, for the admin, the notify outbox with
 * each message's webhook and AlimTalk state.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ui_i18n.h"
#include "util.h"

static int
print_profile(struct cli *cli, json_t *r)
{
	const char *phone;

	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	phone = json_string_value(json_object_get(r, "phone"));
	printf("%s: %s\n", json_string_value(json_object_get(r, "user")),
	    phone ? phone : _("전화번호 없음 (알림은 앱에서만)"));
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_profile(struct cli *cli)
{
	return print_profile(cli, cli_call(cli, "notify", "profile", NULL));
}

static int
cmd_profile_phone(struct cli *cli)
{
	const char *n = cli->argv[0];

	return print_profile(cli, cli_call(cli, "notify", "set_phone",
	    strcmp(n, "none") == 0 ? json_pack("{s:n}", "phone") :
	    json_pack("{s:s}", "phone", n)));
}

static void
print_item(const json_t *it)
{
	const json_t *at = json_object_get(it, "alimtalk");
	const char *err = json_string_value(json_object_get(it, "last_error"));

	printf(_("#%-5lld 주문 %-6lld "), (long long)json_integer_value(
	    json_object_get(it, "id")), (long long)json_integer_value(
	    json_object_get(it, "order_id")));
	cli_col(json_string_value(json_object_get(it, "status")), 10);
	cli_col(json_string_value(json_object_get(it, "recipient")), 14);
	cli_col(json_string_value(json_object_get(it, "state")), 7);
	if (json_is_object(at))
		printf("alimtalk %s %s %s%s%s", json_string_value(
		    json_object_get(at, "state")), json_string_value(
		    json_object_get(at, "template")), json_string_value(
		    json_object_get(at, "to")), json_object_get(at, "result") &&
		    !json_is_null(json_object_get(at, "result")) ? " " : "",
		    json_string_value(json_object_get(at, "result")) ?
		    json_string_value(json_object_get(at, "result")) : "");
	if (err != NULL)
		printf(" (%s)", err);
	putchar('\n');
}

static int
cmd_outbox(struct cli *cli)
{
	json_t *body = json_object(), *r, *it, *c, *a;
	size_t i;

	if (cli->state != NULL)
		json_object_set_new(body, "state", json_string(cli->state));
	if (cli->limit > 0)
		json_object_set_new(body, "limit", json_integer(cli->limit));
	if ((r = cli_call(cli, "notify", "outbox", body)) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	json_array_foreach(json_object_get(r, "items"), i, it)
		print_item(it);
	c = json_object_get(r, "counts");
	a = json_object_get(r, "alimtalk");
	printf(_("웹훅: 대기 %lld, 보냄 %lld, 실패 %lld, 앱 %lld; 알림톡: 대기 %lld, 요청 "
	    "%lld, 전달 %lld, 문자 %lld, 실패 %lld\n"),
	    (long long)json_integer_value(json_object_get(c, "pending")),
	    (long long)json_integer_value(json_object_get(c, "sent")),
	    (long long)json_integer_value(json_object_get(c, "dead")),
	    (long long)json_integer_value(json_object_get(c, "inbox")),
	    (long long)json_integer_value(json_object_get(a, "pending")),
	    (long long)json_integer_value(json_object_get(a, "requested")),
	    (long long)json_integer_value(json_object_get(a, "delivered")),
	    (long long)json_integer_value(json_object_get(a, "sms")),
	    (long long)json_integer_value(json_object_get(a, "failed")));
	json_decref(r);
	return FRONT_EXIT_OK;
}

const struct cli_cmd cli_notify_cmds[] = {
	/* "profile phone" before "profile": the first name that fits wins. */
	{ "profile phone", "NUMBER|none", N_("알림톡 받을 휴대폰 번호 (고객)"), 1, 1,
	    cmd_profile_phone },
	{ "profile", "", N_("내 프로필: 알림 받는 곳"), 0, 0,
	    cmd_profile },
	{ "notify outbox", "[--state S] [--limit N]", N_("보내는 중인 알림: 웹훅과 알림톡 "
	    "(관리자)"), 0, 0, cmd_outbox },
	{ NULL, NULL, NULL, 0, 0, NULL },
};
