/*
 * cli_rider.c: the rider's commands: the deliveries ready for pickup
 * near you, claim one, mark it picked up and delivered, and yours. The
 * position is --at LAT,LON, else BAEDAL_RIDER_AT, else the last one the
 * delivery service was given.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "ui_i18n.h"
#include "util.h"

/* A body with the rider's position (when one is given) and, when
 * order_id > 0, the order; NULL after a usage error. */
static json_t *
rider_body(struct cli *cli, int64_t order_id, int *rc)
{
	const char *at = cli->at ? cli->at : getenv("BAEDAL_RIDER_AT");
	json_t *body = json_object();
	double lat, lon;

	if (at != NULL && *at != '\0') {
		if (front_parse_at(at, &lat, &lon) != 0) {
			json_decref(body);
			*rc = cli_usage_error(cli, _("--at은 도 단위의 LAT,LON입니다 "
			    "(37.5563,126.9220), '%s'가 아니라"), at);
			return NULL;
		}
		json_object_set_new(body, "lat", json_real(lat));
		json_object_set_new(body, "lon", json_real(lon));
	}
	if (order_id > 0)
		json_object_set_new(body, "order_id", json_integer(order_id));
	return body;
}

/* One delivery on a line: order, shop, distance, status, address. */
static void
print_delivery(const json_t *d)
{
	const json_t *m = json_object_get(d, "distance_m");
	const char *note = wire_str(d, "rider_note", NULL);
	char dist[32];

	if (json_is_integer(m))
		snprintf(dist, sizeof dist, "%.1fkm",
		    (double)json_integer_value(m) / 1000);
	else
		snprintf(dist, sizeof dist, "?");
	printf("#%-6lld ", (long long)wire_int(d, "order_id", 0));
	cli_col(wire_str(d, "shop_name", wire_str(d, "shop_id", "")), 12);
	cli_col(dist, 7);
	cli_col(wire_str(d, "status", ""), 10);
	printf("%s", wire_str(d, "address", ""));
	if (note != NULL)
		printf(_(" (요청: %s)"), note);
	putchar('\n');
}

/* Print r's "deliveries", or empty (when there are none). */
static int
print_deliveries(struct cli *cli, json_t *r, const char *empty)
{
	const json_t *d;
	size_t i;

	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	json_array_foreach(json_object_get(r, "deliveries"), i, d)
		print_delivery(d);
	if (json_array_size(json_object_get(r, "deliveries")) == 0)
		printf("%s\n", empty);
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_available(struct cli *cli)
{
	int rc = FRONT_EXIT_USAGE;
	json_t *body = rider_body(cli, 0, &rc);

	if (body == NULL)
		return rc;
	if (cli->radius > 0)
		json_object_set_new(body, "radius_m", json_integer(cli->radius));
	return print_deliveries(cli, cli_call(cli, "delivery", "available",
	    body), _("지금 픽업할 배달이 없습니다"));
}

static int
cmd_mine(struct cli *cli)
{
	int rc = FRONT_EXIT_USAGE;
	json_t *body = rider_body(cli, 0, &rc);

	if (body == NULL)
		return rc;
	return print_deliveries(cli, cli_call(cli, "delivery", "mine", body),
	    _("맡은 배달이 없습니다"));
}

/* claim, picked-up, delivered: method on order ID, then say done. */
static int
rider_step(struct cli *cli, const char *method, const char *done)
{
	int64_t id = cli_parse_id(cli->argv[0]);
	int rc = FRONT_EXIT_USAGE;
	json_t *body, *r;

	if (id <= 0)
		return cli_usage_error(cli, _("ID는 주문 번호입니다, '%s'가 아니라"),
		    cli->argv[0]);
	if ((body = rider_body(cli, id, &rc)) == NULL)
		return rc;
	if ((r = cli_call(cli, "delivery", method, body)) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printf(done, (long long)id, wire_str(r, "shop_name", ""),
	    wire_str(r, "address", ""));
	putchar('\n');
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_claim(struct cli *cli)
{
	return rider_step(cli, "claim", _("주문 %lld 배차 완료: %s → %s"));
}

static int
cmd_picked_up(struct cli *cli)
{
	return rider_step(cli, "picked_up", _("주문 %lld 픽업 완료: %s → %s "
	    "(배달 중)"));
}

static int
cmd_delivered(struct cli *cli)
{
	return rider_step(cli, "delivered", _("주문 %lld 배달 완료: %s → %s"));
}

const struct cli_cmd cli_rider_cmds[] = {
	{ "rider available", "[--at LAT,LON] [--radius M]", N_("픽업을 기다리는 배달, 가까운 "
	    "순 (라이더)"), 0, 0, cmd_available },
	{ "rider mine", "[--at LAT,LON]", N_("내가 맡은 배달 (라이더)"),
	    0, 0, cmd_mine },
	{ "rider claim", "ID", N_("주문 ID의 배달 맡기 (라이더)"), 1, 1,
	    cmd_claim },
	{ "rider picked-up", "ID", N_("주문 ID의 음식을 받음 (라이더)"), 1,
	    1, cmd_picked_up },
	{ "rider delivered", "ID", N_("주문 ID를 전함 (라이더)"), 1, 1,
	    cmd_delivered },
	{ NULL, NULL, NULL, 0, 0, NULL },
};
