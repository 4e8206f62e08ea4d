/*
 * test_metrics.c: the metrics registry: counters, gauges swept when gone,
 * histogram buckets and percentiles, the Prometheus text (HELP and TYPE
 * once per family across registries, cumulative buckets), the cap on
 * series, and the address parsing of --metrics-bind.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "metrics.h"
#include "metrics_http.h"

/* How many times needle occurs in hay. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

static void
test_counters_and_render(void)
{
	struct metrics *a = metrics_new("broker"), *b = metrics_new("order");
	char *text;

	metrics_add(a, METRIC_REQUESTS, "method=\"order.place\"", 1);
	metrics_add(a, METRIC_REQUESTS, "method=\"order.place\"", 2);
	metrics_add(b, METRIC_REQUESTS, "method=\"place\"", 5);
	metrics_add(b, "no_such_family", "", 1);
	text = metrics_render();
	check(strstr(text, "baedal_requests_total{component=\"broker\","
	    "method=\"order.place\"} 3\n") != NULL, "a counter adds up");
	check(strstr(text, "baedal_requests_total{component=\"order\","
	    "method=\"place\"} 5\n") != NULL, "each registry its component");
	check(count(text, "# TYPE baedal_requests_total counter\n") == 1,
	    "TYPE once per family across registries");
	check(count(text, "# HELP baedal_requests_total ") == 1,
	    "HELP once per family");
	check(count(text, "baedal_up{component=") == 2, "baedal_up for each");
	check(strstr(text, "no_such_family") == NULL,
	    "an unknown family is ignored");
	free(text);
	metrics_destroy(&b);
	check(b == NULL, "destroy nulls the pointer");
	text = metrics_render();
	check(strstr(text, "component=\"order\"") == NULL,
	    "a destroyed registry is no longer rendered");
	free(text);
	metrics_destroy(&a);
	metrics_add(NULL, METRIC_REQUESTS, "", 1);
	check(1, "a NULL registry is accepted");
}

static void
test_histogram(void)
{
	struct metrics *m = metrics_new("h");
	json_t *j, *meth;
	char *text;
	int i;

	for (i = 0; i < 98; i++)
		metrics_observe(m, METRIC_LATENCY, "method=\"x\"", 0.0007);
	metrics_observe(m, METRIC_LATENCY, "method=\"x\"", 0.2);
	metrics_observe(m, METRIC_LATENCY, "method=\"x\"", 60);
	metrics_add(m, METRIC_REQUESTS, "method=\"x\"", 100);
	metrics_add(m, METRIC_ERRORS, "method=\"x\",code=\"timeout\"", 2);
	text = metrics_render();
	check(strstr(text, "baedal_request_seconds_bucket{component=\"h\","
	    "method=\"x\",le=\"0.001\"} 98\n") != NULL, "bucket counts");
	check(strstr(text, "le=\"0.25\"} 99\n") != NULL,
	    "buckets are cumulative");
	check(strstr(text, "le=\"+Inf\"} 100\n") != NULL,
	    "+Inf holds every observation");
	check(strstr(text, "baedal_request_seconds_count{component=\"h\","
	    "method=\"x\"} 100\n") != NULL, "_count");
	free(text);
	j = metrics_methods(m);
	meth = json_object_get(j, "x");
	check(json_integer_value(json_object_get(meth, "requests")) == 100 &&
	    json_integer_value(json_object_get(meth, "errors")) == 2,
	    "methods: requests and errors");
	check(json_integer_value(json_object_get(json_object_get(meth,
	    "errors_by_code"), "timeout")) == 2, "methods: errors by code");
	check(json_real_value(json_object_get(meth, "p50_ms")) == 1.0,
	    "p50 is the bucket's upper bound (1 ms)");
	check(json_real_value(json_object_get(meth, "p99_ms")) == 250.0,
	    "p99 (250 ms)");
	json_decref(j);
	metrics_destroy(&m);
}

static void
test_sweep_and_cap(void)
{
	struct metrics *m = metrics_new("g");
	char labels[64], *text;
	int i;

	metrics_set(m, METRIC_LAG, "service=\"view\"", 3);
	metrics_set(m, METRIC_LAG, "service=\"gone\"", 9);
	metrics_sweep(m, METRIC_LAG);
	metrics_set(m, METRIC_LAG, "service=\"view\"", 0);
	metrics_sweep(m, METRIC_LAG);
	text = metrics_render();
	check(strstr(text, "service=\"gone\"") == NULL,
	    "a gauge not set since the last sweep is dropped");
	check(strstr(text, "baedal_consumer_lag{component=\"g\","
	    "service=\"view\"} 0\n") != NULL, "the one set stays");
	free(text);
	for (i = 0; i < METRICS_SERIES_MAX + 50; i++) {
		snprintf(labels, sizeof labels, "method=\"m%d\"", i);
		metrics_add(m, METRIC_REQUESTS, labels, 1);
	}
	text = metrics_render();
	check(count(text, "\nbaedal_requests_total{component=\"g\"") <
	    METRICS_SERIES_MAX, "series are capped");
	check(strstr(text, "overflow=\"true\"") != NULL,
	    "the rest are counted under overflow=\"true\"");
	free(text);
	metrics_destroy(&m);
}

static void
test_bind_parse(void)
{
	char host[16], err[160];
	int port = 0;

	check(metrics_bind_parse("9464", host, &port, err, sizeof err) == 0 &&
	    strcmp(host, "127.0.0.1") == 0 && port == 9464,
	    "PORT alone is on loopback");
	check(metrics_bind_parse("127.0.0.2:80", host, &port, err,
	    sizeof err) == 0 && strcmp(host, "127.0.0.2") == 0 && port == 80,
	    "HOST:PORT");
	check(metrics_bind_parse("127.0.0.1:0", host, &port, err,
	    sizeof err) != 0, "port 0 is refused");
	check(metrics_bind_parse("127.0.0.1:65536", host, &port, err,
	    sizeof err) != 0, "port 65536 is refused");
	check(metrics_bind_parse("localhost:80", host, &port, err,
	    sizeof err) != 0, "a host name is refused");
	check(metrics_bind_parse("", host, &port, err, sizeof err) != 0,
	    "an empty address is refused");
	check(metrics_bind_parse("1.2.3.4:9x", host, &port, err,
	    sizeof err) != 0 && strstr(err, "port") != NULL,
	    "a bad port says so");
}

int
main(void)
{
	test_counters_and_render();
	test_histogram();
	test_sweep_and_cap();
	test_bind_parse();
	return check_status();
}
