/*
 * cli_shop_mode.c: the owner's commands about taking orders at all:
 * pause, resume, busy, opening hours, and where the shop is (riders'
 * distances are measured from it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ui_i18n.h"
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
		printf(_("%s: 바쁨 모드 %s (예상 시간 +%lld분)\n"),
		    wire_str(r, "shop_id", ""), json_is_true(json_object_get(r,
		    "busy")) ? "on" : "off", (long long)wire_int(r, "busy_min",
		    0));
	else if (!json_is_true(json_object_get(r, "paused")))
		printf(_("%s: 주문을 다시 받습니다\n"), wire_str(r, "shop_id", ""));
	else if (wire_int(r, "paused_until", 0) > 0)
		printf(_("%s: %s까지 일시정지\n"), wire_str(r, "shop_id", ""),
		    cli_clock(wire_int(r, "paused_until", 0)));
	else
		printf(_("%s: 재개할 때까지 일시정지\n"),
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
		return cli_usage_error(cli, _("MINUTES는 '%s'이(가) 아니라 숫자입니다 "
		    "(15, 30, 60...)"), arg);
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
		return cli_usage_error(cli, _("'%s'이(가) 아니라 on 또는 off로 쓰세요"),
		    onoff);
	body = json_pack("{s:b}", "on", strcmp(onoff, "on") == 0);
	if ((rc = mode_minutes(cli, body, cli->argc > 1 ? cli->argv[1] :
	    NULL)) != 0)
		return rc;
	return mode_answer(cli, cli_call(cli, "store", "busy", body));
}

static const char *const hours_days[] = { "mon", "tue", "wed", "thu",
    "fri", "sat", "sun" };

/* The index in hours_days of the day named by len bytes of s; -1. */
static int
hours_day(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(hours_days); i++)
		if (len == 3 && strncmp(s, hours_days[i], 3) == 0)
			return (int)i;
	return -1;
}

/*
 * Add one "DAYS=RANGES" of shop hours set to hours: DAYS is "mon",
 * "mon-fri" or "sat,sun"; RANGES is "11:00-22:00[,17:00-02:00]" or
 * "closed". The backend checks the ranges. Returns 0 or -1.
 */
static int
hours_spec(json_t *hours, const char *spec)
{
	const char *eq = strchr(spec, '='), *p = spec;
	json_t *ranges = json_array();
	int a, b, d;

	if (eq == NULL) {
		json_decref(ranges);
		return -1;
	}
	if (strcmp(eq + 1, "closed") != 0) {
		char *copy = xstrdup(eq + 1), *save = NULL, *r;

		for (r = strtok_r(copy, ",", &save); r != NULL;
		    r = strtok_r(NULL, ",", &save))
			json_array_append_new(ranges, json_string(r));
		free(copy);
	}
	while (p < eq) {
		size_t len = strcspn(p, ",=");

		if (len == 7 && p[3] == '-') {
			a = hours_day(p, 3);
			b = hours_day(p + 4, 3);
		} else
			a = b = hours_day(p, len);
		if (a < 0 || b < 0 || b < a) {
			json_decref(ranges);
			return -1;
		}
		for (d = a; d <= b; d++)
			json_object_set(hours, hours_days[d], ranges);
		p += len + (p[len] == ',');
	}
	json_decref(ranges);
	return 0;
}

/* Print the shop's hours, closed dates and where it stands. */
static void
hours_print(const json_t *shop)
{
	const json_t *hours = json_object_get(shop, "hours");
	json_t *r;
	size_t d, i;

	printf("%s (%s) · %s · %s\n", wire_str(shop, "name", ""),
	    wire_str(shop, "id", ""), wire_str(shop, "tz", ""),
	    wire_str(shop, "status_text", ""));
	if (!json_is_object(hours))
		fputs(_("  항상 영업 (영업시간 없음)\n"), stdout);
	for (d = 0; json_is_object(hours) && d < ARRAY_LEN(hours_days); d++) {
		printf("  %s ", hours_days[d]);
		if (json_array_size(json_object_get(hours, hours_days[d])) == 0)
			printf(" closed");
		json_array_foreach(json_object_get(hours, hours_days[d]), i, r)
			printf(" %s", json_string_value(r));
		putchar('\n');
	}
	if (json_array_size(json_object_get(shop, "closed_dates")) > 0) {
		printf(_("  휴무일:"));
		json_array_foreach(json_object_get(shop, "closed_dates"), i, r)
			printf(" %s", json_string_value(r));
		putchar('\n');
	}
}

/* The owner's shop as store.menu shows it (the caller's), or NULL. */
static json_t *
hours_shop(struct cli *cli)
{
	json_t *me = cli_call(cli, "broker", "whoami", NULL), *r, *shop;
	const char *id = wire_str(me, "shop_id", NULL);

	if (me == NULL)
		return NULL;
	if (id == NULL) {
		struct wire_error err;

		json_decref(me);
		wire_error_set(&err, E_FORBIDDEN, _("가게가 없습니다"));
		cli_fail(cli, &err);
		return NULL;
	}
	r = cli_call(cli, "store", "menu", json_pack("{s:s}", "shop_id", id));
	json_decref(me);
	shop = json_incref(json_object_get(r, "shop"));
	json_decref(r);
	return shop;
}

static int
hours_show(struct cli *cli)
{
	json_t *shop = hours_shop(cli);

	if (shop == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(shop);
	hours_print(shop);
	json_decref(shop);
	return FRONT_EXIT_OK;
}

/* A comma-separated list into a new array of strings. */
static json_t *
hours_list(const char *text)
{
	char *copy = xstrdup(text), *save = NULL, *w;
	json_t *list = json_array();

	for (w = strtok_r(copy, ",", &save); w != NULL;
	    w = strtok_r(NULL, ",", &save))
		json_array_append_new(list, json_string(w));
	free(copy);
	return list;
}

/* shop hours set ARGS (argv[0] is "set"). */
static int
hours_set(struct cli *cli)
{
	json_t *body = json_object(), *hours = json_object(), *r;
	int i;

	for (i = 1; i < cli->argc; i++)
		if (strcmp(cli->argv[i], "always") == 0)
			json_object_set_new(body, "hours", json_null());
		else if (hours_spec(hours, cli->argv[i]) != 0) {
			json_decref(hours);
			json_decref(body);
			return cli_usage_error(cli, _("'%s': DAYS=RANGES "
			    "(mon-fri=11:00-22:00, sat,sun=17:00-02:00, "
			    "tue=closed) 또는 always로 쓰세요"), cli->argv[i]);
		}
	if (json_object_size(hours) > 0)
		json_object_set(body, "hours", hours);
	json_decref(hours);
	if (cli->closed != NULL)
		json_object_set_new(body, "closed_dates", strcmp(cli->closed,
		    "none") == 0 ? json_array() : hours_list(cli->closed));
	if (cli->tz != NULL)
		json_object_set_new(body, "tz", json_string(cli->tz));
	if ((r = cli_call(cli, "store", "hours", body)) == NULL)
		return FRONT_EXIT_FAIL;
	json_decref(r);
	return hours_show(cli);
}

static int
cmd_hours(struct cli *cli)
{
	if (cli->argc == 0)
		return hours_show(cli);
	if (strcmp(cli->argv[0], "set") != 0)
		return cli_usage_error(cli, _("'%s': set으로 바꾸거나, 아무것도 없이 보기만 "
		    "하세요"), cli->argv[0]);
	return hours_set(cli);
}

static int
cmd_position(struct cli *cli)
{
	json_t *r;
	double lat, lon;

	if (front_parse_at(cli->argv[0], &lat, &lon) != 0)
		return cli_usage_error(cli, _("위치는 도 단위의 LAT,LON입니다 "
		    "(37.5563,126.9220), '%s'가 아니라"), cli->argv[0]);
	if ((r = cli_call(cli, "store", "position", json_pack("{s:f, s:f}",
	    "lat", lat, "lon", lon))) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printf(_("%s: 가게 위치 %.5f,%.5f\n"), wire_str(r, "shop_id", ""),
	    json_number_value(json_object_get(r, "lat")),
	    json_number_value(json_object_get(r, "lon")));
	json_decref(r);
	return FRONT_EXIT_OK;
}

const struct cli_cmd cli_shop_mode_cmds[] = {
	{ "shop hours", "[set DAYS=RANGES...|always] [--closed DATES] [--tz Z]",
	    N_("내 가게의 영업시간 보기 또는 설정 (쓰지 않은 요일은 휴무; 17:00-02:00은 자정을 넘김)"), 0,
	    -1, cmd_hours },
	{ "shop pause", "[MINUTES] [--reason TEXT]", N_("잠시 주문 받지 않기 (MINUTES "
	    "없음: 재개할 때까지)"), 0, 1, cmd_pause },
	{ "shop resume", "", N_("일시정지 후 주문 다시 받기"), 0, 0,
	    cmd_resume },
	{ "shop busy", "on|off [MINUTES]",
	    N_("바쁨 모드: 예상 시간에 MINUTES (20)분 더하기"), 1, 2, cmd_busy },
	{ "shop position", "LAT,LON", N_("내 가게의 위치 (도 단위; 라이더와의 "
	    "거리를 여기서 잽니다)"), 1, 1, cmd_position },
	{ NULL, NULL, NULL, 0, 0, NULL },
};
