/*
 * cli_shop.c: the shop owner's commands (placeholder table until written).
 */
#include "cli.h"

const struct cli_cmd cli_shop_cmds[] = {
	{ NULL, NULL, NULL, 0, 0, NULL },
};
