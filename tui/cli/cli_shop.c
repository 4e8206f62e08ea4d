/*
 * cli_shop.c: the shop owner's commands: queue, accept, reject, cook,
 * dispatch, delivered, soldout, open, close.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "util.h"

static int
cmd_queue(struct cli *cli)
{
	json_t *r, *o, *l;
	size_t i, j;

	r = cli_call(cli, "store", "queue", json_pack("{s:s}", "filter",
	    cli->filter ? cli->filter : "all"));
	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	if (json_array_size(json_object_get(r, "orders")) == 0)
		printf("no orders\n");
	json_array_foreach(json_object_get(r, "orders"), i, o) {
		char items[256] = "";
		size_t n = 0;

		json_array_foreach(json_object_get(o, "items"), j, l)
			if (n < sizeof items)
				n += (size_t)snprintf(items + n, sizeof items - n,
				    "%s%s x%lld", j ? ", " : "",
				    json_string_value(json_object_get(l, "name")),
				    (long long)json_integer_value(
				    json_object_get(l, "qty")));
		printf("#%-6lld %s ", (long long)json_integer_value(
		    json_object_get(o, "order_id")), cli_clock(
		    json_integer_value(json_object_get(o, "placed_at"))));
		cli_col(json_string_value(json_object_get(o, "status")), 10);
		cli_col_won(json_integer_value(json_object_get(o, "total")),
		    10);
		printf("%s\n", items);
	}
	json_decref(r);
	return FRONT_EXIT_OK;
}

/* The owner's actions on one order: same shape, different action. */
static int
shop_act(struct cli *cli, const char *method, json_t *body)
{
	int64_t id = cli_parse_id(cli->argv[0]);
	json_t *r;

	if (id < 0) {
		json_decref(body);
		return cli_usage_error(cli, "ORDER must be an order number");
	}
	json_object_set_new(body, "order_id", json_integer(id));
	if ((r = cli_call(cli, "store", method, body)) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printf("Order #%lld is now %s\n", (long long)id,
	    json_string_value(json_object_get(r, "status")));
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_accept(struct cli *cli)
{
	return shop_act(cli, "accept", json_pack("{s:I}", "eta_min",
	    (json_int_t)(cli->eta >= 0 ? cli->eta : 30)));
}

static int
cmd_reject(struct cli *cli)
{
	if (cli->reason == NULL)
		return cli_usage_error(cli, "--reason is needed");
	return shop_act(cli, "reject", json_pack("{s:s}", "reason",
	    cli->reason));
}

static int
cmd_cook(struct cli *cli)
{
	return shop_act(cli, "cook", json_object());
}

static int
cmd_dispatch(struct cli *cli)
{
	return shop_act(cli, "dispatch", json_object());
}

static int
cmd_delivered(struct cli *cli)
{
	return shop_act(cli, "deliver", json_object());
}

static int
cmd_soldout(struct cli *cli)
{
	const char *onoff = cli->argv[1];
	json_t *r;

	if (strcmp(onoff, "on") != 0 && strcmp(onoff, "off") != 0)
		return cli_usage_error(cli, "say on or off, not '%s'", onoff);
	r = cli_call(cli, "store", "soldout", json_pack("{s:s, s:b}",
	    "item_id", cli->argv[0], "sold_out", strcmp(onoff, "on") == 0));
	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printf("%s is %s\n", cli->argv[0], json_is_true(json_object_get(r,
	    "sold_out")) ? "sold out" : "available again");
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
shop_set_open(struct cli *cli, int open)
{
	json_t *r = cli_call(cli, "store", "open", json_pack("{s:b}", "open",
	    open));

	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printf("%s is %s\n", json_string_value(json_object_get(r, "shop_id")),
	    json_is_true(json_object_get(r, "open")) ? "open" : "closed");
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_open(struct cli *cli)
{
	return shop_set_open(cli, 1);
}

static int
cmd_close(struct cli *cli)
{
	return shop_set_open(cli, 0);
}

const struct cli_cmd cli_shop_cmds[] = {
	{ "shop queue", "[--filter new|active|done|all]",
	    "your shop's orders", 0, 0, cmd_queue },
	{ "shop accept", "ORDER [--eta MIN]", "accept a paid order", 1, 1,
	    cmd_accept },
	{ "shop reject", "ORDER --reason TEXT", "reject (the customer is "
	    "refunded)", 1, 1, cmd_reject },
	{ "shop cook", "ORDER", "start cooking", 1, 1, cmd_cook },
	{ "shop dispatch", "ORDER", "send it out for delivery", 1, 1,
	    cmd_dispatch },
	{ "shop delivered", "ORDER", "mark it delivered", 1, 1,
	    cmd_delivered },
	{ "shop soldout", "ITEM on|off", "mark an item sold out or not", 2, 2,
	    cmd_soldout },
	{ "shop open", "", "start taking orders", 0, 0, cmd_open },
	{ "shop close", "", "stop taking orders", 0, 0, cmd_close },
	{ NULL, NULL, NULL, 0, 0, NULL },
};
