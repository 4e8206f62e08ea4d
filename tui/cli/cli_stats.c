/*
 * cli_stats.c: baedal stats. The broker's figures (broker.stats), the
 * order service's (order.stats) and every service's own (SERVICE.metrics,
 * from whichever replica answers): with --json one object
 * {"broker","order","services":{name: figures or {"unavailable": code}}},
 * else the broker's counters as key:value lines and the rest as tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ui_i18n.h"

/* Ask each service for its figures at most this long. */
#define STATS_TIMEOUT_MS 2000

static const char *const services[] = {
	"order", "payment", "store", "delivery", "notify", "view",
};

/* Print obj's scalar members as "prefix.key:value" lines, nested objects
 * flattened (redis-cli's INFO), except the members named in skip. */
static void
print_fields(const json_t *obj, const char *prefix, const char *const *skip)
{
	const char *key, *const *k;
	json_t *v;
	char name[128], *text;

	json_object_foreach((json_t *)obj, key, v) {
		for (k = skip; k && *k && strcmp(*k, key) != 0; k++)
			;
		if (k && *k)
			continue;
		snprintf(name, sizeof name, "%s%s%s", prefix, prefix[0] ? "." :
		    "", key);
		if (json_is_object(v)) {
			print_fields(v, name, NULL);
			continue;
		}
		text = json_is_string(v) ? NULL : json_dumps(v,
		    JSON_COMPACT | JSON_ENCODE_ANY);
		printf("%s:%s\n", name, text ? text : json_string_value(v));
		free(text);
	}
}

/* {"order.place": {...}} as a table of requests, errors and latency. */
static void
print_methods(const json_t *methods)
{
	const char *key;
	json_t *m;

	if (json_object_size(methods) == 0) {
		printf("  %s\n", _("아직 요청이 없습니다"));
		return;
	}
	printf("  %-28s %8s %6s %8s %8s %8s\n", _("메서드"), _("요청"),
	    _("오류"), "p50 ms", "p90 ms", "p99 ms");
	json_object_foreach((json_t *)methods, key, m)
		printf("  %-28s %8lld %6lld %8.1f %8.1f %8.1f\n", key,
		    (long long)json_integer_value(json_object_get(m,
		    "requests")), (long long)json_integer_value(
		    json_object_get(m, "errors")), json_number_value(
		    json_object_get(m, "p50_ms")), json_number_value(
		    json_object_get(m, "p90_ms")), json_number_value(
		    json_object_get(m, "p99_ms")));
}

/* "name n, name n" of an object of numbers on one line after label. */
static void
print_counts(const char *label, const json_t *obj)
{
	const char *key;
	json_t *v;
	int first = 1;

	printf("%s:", label);
	json_object_foreach((json_t *)obj, key, v) {
		printf("%s %s %lld", first ? "" : ",", key,
		    (long long)json_number_value(v));
		first = 0;
	}
	printf("%s\n", first ? _(" 없음") : "");
}

static void
print_human(const json_t *all)
{
	static const char *const nested[] = { "methods", "log", "lag",
		"replicas", NULL };
	const json_t *broker = json_object_get(all, "broker");
	const json_t *log = json_object_get(broker, "log");
	const char *name;
	json_t *s, *b;

	printf("# broker\n");
	print_fields(broker, "", nested);
	printf(_("# 로그: 이 브로커가 추가한 이벤트 %lld건, 최근 10초 "
	    "초당 %.1f건\n"), (long long)json_integer_value(json_object_get(
	    log, "appended")), json_number_value(json_object_get(log,
	    "append_rate")));
	print_counts(_("# 연결된 복제본"), json_object_get(broker,
	    "replicas"));
	print_counts(_("# 소비 지연(이벤트)"), json_object_get(broker, "lag"));
	printf(_("# 브로커가 본 요청\n"));
	print_methods(json_object_get(broker, "methods"));
	if (json_object_get(all, "order") != NULL) {
		printf("# order\n");
		print_fields(json_object_get(all, "order"), "", NULL);
	}
	json_object_foreach(json_object_get(all, "services"), name, s) {
		if ((b = json_object_get(s, "unavailable")) != NULL) {
			printf(_("# %s: 응답 없음 (%s)\n"), name,
			    json_string_value(b));
			continue;
		}
		printf(_("# %s (응답한 복제본): 적용한 이벤트 %lld\n"), name,
		    (long long)json_integer_value(json_object_get(s,
		    "applied_seq")));
		if ((b = json_object_get(s, "breaker")) != NULL)
			print_counts(_("  차단기 (0 닫힘, 1 열림, 2 반열림)"),
			    b);
		print_methods(json_object_get(s, "methods"));
	}
}

int
cli_cmd_stats(struct cli *cli)
{
	json_t *broker = cli_call(cli, "broker", "stats", NULL), *order, *all;
	json_t *svcs, *r;
	struct wire_error err;
	size_t i;

	if (broker == NULL)
		return FRONT_EXIT_FAIL;
	/* A service may be down; the others' figures still count. */
	order = client_call(cli->client, "order", "stats", NULL,
	    STATS_TIMEOUT_MS, &err);
	svcs = json_object();
	for (i = 0; i < sizeof services / sizeof services[0]; i++) {
		r = client_call(cli->client, services[i], "metrics", NULL,
		    STATS_TIMEOUT_MS, &err);
		json_object_set_new(svcs, services[i], r ? r : json_pack(
		    "{s:s}", "unavailable", err.code));
	}
	all = json_pack("{s:o, s:o?, s:o}", "broker", broker, "order", order,
	    "services", svcs);
	if (cli->json)
		return cli_print_json(all);
	print_human(all);
	json_decref(all);
	return FRONT_EXIT_OK;
}
