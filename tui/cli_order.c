/*
 * cli_order.c: the customer's commands (placeholder table until written).
 */
#include "cli.h"

const struct cli_cmd cli_order_cmds[] = {
	{ NULL, NULL, NULL, 0, 0, NULL },
};
