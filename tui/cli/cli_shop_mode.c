/*
 * cli_shop_mode.c: the owner's commands about taking orders at all:
 * pause, resume, busy.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "util.h"

/* Print the answer of a pause, resume or busy change. */
static int
mode_answer(struct cli *cli, json_t *r)
{
	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	if (json_object_get(r, "busy") != NULL)
		printf("%s: busy %s (+%lld min on the ETA)\n",
		    wire_str(r, "shop_id", ""), json_is_true(json_object_get(r,
		    "busy")) ? "on" : "off", (long long)wire_int(r, "busy_min",
		    0));
	else if (!json_is_true(json_object_get(r, "paused")))
		printf("%s takes orders again\n", wire_str(r, "shop_id", ""));
	else if (wire_int(r, "paused_until", 0) > 0)
		printf("%s is paused until %s\n", wire_str(r, "shop_id", ""),
		    cli_clock(wire_int(r, "paused_until", 0)));
	else
		printf("%s is paused until you resume\n",
		    wire_str(r, "shop_id", ""));
	json_decref(r);
	return FRONT_EXIT_OK;
}

/* Set body's "minutes" from the argument arg (may be NULL: none).
 * Returns 0, or the usage error's exit status (body freed). */
static int
mode_minutes(struct cli *cli, json_t *body, const char *arg)
{
	int64_t minutes;

	if (arg == NULL)
		return 0;
	if ((minutes = cli_parse_id(arg)) < 0) {
		json_decref(body);
		return cli_usage_error(cli, "MINUTES must be a number (15, 30, "
		    "60...), not '%s'", arg);
	}
	json_object_set_new(body, "minutes", json_integer(minutes));
	return 0;
}

static int
cmd_pause(struct cli *cli)
{
	json_t *body = json_object();
	int rc = mode_minutes(cli, body, cli->argc > 0 ? cli->argv[0] : NULL);

	if (rc != 0)
		return rc;
	if (cli->reason != NULL)
		json_object_set_new(body, "reason", json_string(cli->reason));
	return mode_answer(cli, cli_call(cli, "store", "pause", body));
}

static int
cmd_resume(struct cli *cli)
{
	return mode_answer(cli, cli_call(cli, "store", "resume",
	    json_object()));
}

static int
cmd_busy(struct cli *cli)
{
	const char *onoff = cli->argv[0];
	json_t *body;
	int rc;

	if (strcmp(onoff, "on") != 0 && strcmp(onoff, "off") != 0)
		return cli_usage_error(cli, "say on or off, not '%s'", onoff);
	body = json_pack("{s:b}", "on", strcmp(onoff, "on") == 0);
	if ((rc = mode_minutes(cli, body, cli->argc > 1 ? cli->argv[1] :
	    NULL)) != 0)
		return rc;
	return mode_answer(cli, cli_call(cli, "store", "busy", body));
}

const struct cli_cmd cli_shop_mode_cmds[] = {
	{ "shop pause", "[MINUTES] [--reason TEXT]", "take no orders for a "
	    "while (no MINUTES: until resumed)", 0, 1, cmd_pause },
	{ "shop resume", "", "take orders again after a pause", 0, 0,
	    cmd_resume },
	{ "shop busy", "on|off [MINUTES]", "busy mode: MINUTES (20) more on "
	    "the ETA", 1, 2, cmd_busy },
	{ NULL, NULL, NULL, 0, 0, NULL },
};
