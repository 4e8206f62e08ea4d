/*
 * broker_metrics.c: the broker's figures (metrics.h): requests, errors
 * and latency by method (counted by broker_route.c as requests end), and
 * every TIMER tick the log's head, its append rate, each service's
 * consumer lag and the workers connected per service.
 */
#include "broker_int.h"

#include <stdio.h>
#include <string.h>

#include "metrics.h"
#include "util.h"

#define RATE_SPAN_S 10  /* the append rate is over this many seconds */

void
broker_metrics_request(struct broker *b, const char *service,
    const char *method, double started, const char *code)
{
	char labels[METRICS_LABELS_MAX];

	snprintf(labels, sizeof labels, "method=\"%s.%s\"", service, method);
	metrics_add(b->metrics, METRIC_REQUESTS, labels, 1);
	if (started > 0)
		metrics_observe(b->metrics, METRIC_LATENCY, labels,
		    metrics_now() - started);
	if (code == NULL)
		return;
	snprintf(labels, sizeof labels, "method=\"%s.%s\",code=\"%s\"",
	    service, method, code);
	metrics_add(b->metrics, METRIC_ERRORS, labels, 1);
}

/* Events appended by this broker: the counter, and the rate over the
 * last RATE_SPAN_S seconds from one sample a second. */
static void
metrics_appends(struct broker *b, int64_t now)
{
	struct broker_rate *r = &b->rate;
	int oldest;

	metrics_add(b->metrics, METRIC_APPENDS, "",
	    (double)(b->published - r->counted));
	r->counted = b->published;
	if (r->n > 0 && now - r->at[(r->head + RATE_SLOTS - 1) % RATE_SLOTS] <
	    1000)
		return;
	r->at[r->head] = now;
	r->total[r->head] = b->published;
	r->head = (r->head + 1) % RATE_SLOTS;
	if (r->n < RATE_SLOTS)
		r->n++;
	oldest = (r->head + RATE_SLOTS - r->n) % RATE_SLOTS;
	r->per_s = now > r->at[oldest] ? (double)(b->published -
	    r->total[oldest]) * 1000.0 / (double)(now - r->at[oldest]) : 0;
	metrics_set(b->metrics, METRIC_APPEND_RATE, "", r->per_s);
}

/* Each service's lag (the largest of its workers'), clients' as one. */
static void
metrics_lag(struct broker *b, int64_t head)
{
	char labels[METRICS_LABELS_MAX];
	struct map *lag = map_new();
	struct session *s;
	struct sub *sub;
	size_t pos = 0;
	const char *name;
	void *v;

	while ((s = map_next(b->sessions, &pos, NULL)) != NULL)
		for (sub = s->subs; sub != NULL; sub = sub->next) {
			int64_t n = head - sub->cursor + sub->inflight;

			name = s->service[0] ? s->service : "clients";
			if (n < 0)
				n = 0;
			v = map_get(lag, name);
			if (v == NULL || (intptr_t)v - 1 < n)
				map_put(lag, name, (void *)(intptr_t)(n + 1));
		}
	pos = 0;
	while ((v = map_next(lag, &pos, &name)) != NULL) {
		snprintf(labels, sizeof labels, "service=\"%s\"", name);
		metrics_set(b->metrics, METRIC_LAG, labels,
		    (double)((intptr_t)v - 1));
	}
	metrics_sweep(b->metrics, METRIC_LAG);
	map_destroy(&lag);
}

/* Workers connected per service (0 for a known one with none), and
 * client sessions. */
static void
metrics_replicas(struct broker *b)
{
	char labels[METRICS_LABELS_MAX];
	struct map *count = map_new();
	struct session *s;
	size_t pos = 0, clients = 0;
	const char *name;
	void *v;

	while (map_next(b->services, &pos, &name) != NULL)
		map_put(count, name, (void *)(intptr_t)1);
	pos = 0;
	while ((s = map_next(b->sessions, &pos, NULL)) != NULL) {
		if (s->service[0] == '\0') {
			clients += s->door == DOOR_FRONT;
			continue;
		}
		v = map_get(count, s->service);
		map_put(count, s->service, (void *)((intptr_t)(v ? v :
		    (void *)1) + 1));
	}
	pos = 0;
	while ((v = map_next(count, &pos, &name)) != NULL) {
		snprintf(labels, sizeof labels, "service=\"%s\"", name);
		metrics_set(b->metrics, METRIC_REPLICAS, labels,
		    (double)((intptr_t)v - 1));
	}
	metrics_sweep(b->metrics, METRIC_REPLICAS);
	metrics_set(b->metrics, METRIC_SESSIONS, "", (double)clients);
	map_destroy(&count);
}

void
broker_metrics_tick(struct broker *b, int64_t now)
{
	int64_t head = evlog_head(b->log);

	metrics_set(b->metrics, METRIC_HEAD, "", (double)head);
	metrics_appends(b, now);
	metrics_lag(b, head);
	metrics_replicas(b);
}

json_t *
broker_metrics_stats(struct broker *b)
{
	json_t *all = metrics_json(b->metrics), *out;

	out = json_pack("{s:o, s:{s:I, s:f}, s:O?, s:O?}", "methods",
	    metrics_methods(b->metrics), "log", "appended",
	    (json_int_t)b->published, "append_rate", b->rate.per_s, "lag",
	    json_object_get(all, METRIC_LAG), "replicas",
	    json_object_get(all, METRIC_REPLICAS));
	json_decref(all);
	return out;
}
