/*
 * cli_admin.c: "admin offline", the shops whose orders wait to be
 * accepted while no console of theirs is connected (store.offline).
 */
#include <stdio.h>

#include "cli.h"
#include "ui_i18n.h"
#include "util.h"

/* "N분 전" / "N분 후" of a time against now, or "-". */
static void
offline_minutes(int64_t at, int64_t now, int after, char *buf, size_t n)
{
	int64_t min = (after ? at - now : now - at) / 60000;

	if (at <= 0)
		snprintf(buf, n, "-");
	else if (after && at <= now)
		snprintf(buf, n, _("곧"));
	else
		snprintf(buf, n, after ? _("%lld분 후") : _("%lld분 전"),
		    (long long)min);
}

static int
cmd_offline(struct cli *cli)
{
	json_t *r = cli_call(cli, "store", "offline", json_object()), *s;
	int64_t now;
	char oldest[32], cancel[32], seen[32];
	size_t i;

	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	now = wire_int(r, "at", 0);
	if (json_array_size(json_object_get(r, "shops")) == 0)
		printf("%s\n", _("콘솔이 꺼진 채 주문이 기다리는 가게는 없습니다"));
	else {
		cli_col(_("가게"), 10);
		cli_col(_("이름"), 14);
		cli_col(_("대기"), 5);
		cli_col(_("가장 오래"), 10);
		cli_col(_("자동 취소"), 10);
		printf("%s\n", _("콘솔 마지막 접속"));
	}
	json_array_foreach(json_object_get(r, "shops"), i, s) {
		offline_minutes(wire_int(s, "oldest_at", 0), now, 0, oldest,
		    sizeof oldest);
		offline_minutes(wire_int(s, "accept_by", 0), now, 1, cancel,
		    sizeof cancel);
		offline_minutes(wire_int(s, "console_seen_at", 0), now, 0, seen,
		    sizeof seen);
		cli_col(wire_str(s, "shop_id", ""), 10);
		cli_col(wire_str(s, "name", ""), 14);
		printf("%5lld ", (long long)wire_int(s, "waiting", 0));
		cli_col(oldest, 10);
		cli_col(cancel, 10);
		printf("%s\n", seen);
	}
	json_decref(r);
	return FRONT_EXIT_OK;
}

const struct cli_cmd cli_admin_cmds[] = {
	{ "admin offline", "", N_("접수를 기다리는 주문이 있는데 콘솔이 "
	  "꺼진 가게 (관리자)"), 0, 0, cmd_offline },
	{ NULL, NULL, NULL, 0, 0, NULL },
};
