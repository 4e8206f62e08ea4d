/*
 * cli_address.c: a customer's saved delivery addresses (view.addresses
 * and friends): list them, add or replace one by its label, remove one,
 * choose the default the checkout picks.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ui_i18n.h"
#include "util.h"

/* Print the list a view.address* answer holds (frees r). */
static int
print_addresses(struct cli *cli, json_t *r)
{
	const json_t *a;
	size_t i;

	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	json_array_foreach(json_object_get(r, "addresses"), i, a) {
		printf("%s ", json_is_true(json_object_get(a, "default")) ?
		    "*" : " ");
		cli_col(wire_str(a, "label", ""), 10);
		printf("%s\n", wire_str(a, "address", ""));
	}
	if (json_array_size(json_object_get(r, "addresses")) == 0)
		printf("%s\n", _("저장된 주소가 없습니다"));
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_list(struct cli *cli)
{
	return print_addresses(cli, cli_call(cli, "view", "addresses", NULL));
}

static int
cmd_add(struct cli *cli)
{
	return print_addresses(cli, cli_call(cli, "view", "address_save",
	    json_pack("{s:s, s:s}", "label", cli->argv[0], "address",
	    cli->argv[1])));
}

/* A command on one label: view.METHOD {"label"}. */
static int
label_cmd(struct cli *cli, const char *method)
{
	return print_addresses(cli, cli_call(cli, "view", method,
	    json_pack("{s:s}", "label", cli->argv[0])));
}

static int
cmd_rm(struct cli *cli)
{
	return label_cmd(cli, "address_delete");
}

static int
cmd_default(struct cli *cli)
{
	return label_cmd(cli, "address_default");
}

const struct cli_cmd cli_address_cmds[] = {
	{ "address list", "", N_("저장된 배달 주소 (* 기본 주소; "
	    "고객)"), 0, 0, cmd_list },
	{ "address add", "LABEL ADDRESS", N_("주소를 LABEL(집, 회사)로 저장, "
	    "같은 LABEL은 바꿔 씀; 처음 저장한 것이 기본"),
	    2, 2, cmd_add },
	{ "address rm", "LABEL", N_("주소 LABEL 지우기"), 1, 1, cmd_rm },
	{ "address default", "LABEL", N_("주문할 때 LABEL을 먼저 고름"), 1, 1,
	    cmd_default },
	{ NULL, NULL, NULL, 0, 0, NULL },
};
