/*
 * metrics.h: the figures a broker or a service keeps about itself, in
 * memory, for the Prometheus text endpoint (metrics_http.h) and for the
 * "stats" answers that `baedal stats` prints.
 *
 * A process holds one registry per component (the broker, each service
 * replica running in it); each registry is a small table of series. A
 * series is a family (one of the METRIC_* names below, with its type and
 * help in metrics.c) and a label text such as method="order.place",
 * written by the caller from identifiers (A-Z a-z 0-9 _ . : -), so it
 * needs no escaping. Every registry's series get component="NAME" put in
 * front of their labels when rendered. A registry keeps at most
 * METRICS_SERIES_MAX series: past that, new label sets are counted under
 * the labels overflow="true" (so a caller sending made-up method names
 * cannot grow it without bound).
 *
 * Updates lock the registry's own mutex, so a registry may be written by
 * its owner thread while the HTTP thread renders it.
 */
#ifndef BAEDAL_METRICS_H
#define BAEDAL_METRICS_H

#include <jansson.h>

#define METRICS_SERIES_MAX 256
#define METRICS_LABELS_MAX 160

/* The families (name, type): the only names the calls below accept. */
#define METRIC_REQUESTS "baedal_requests_total"         /* counter */
#define METRIC_ERRORS "baedal_request_errors_total"     /* counter */
#define METRIC_LATENCY "baedal_request_seconds"         /* histogram */
#define METRIC_APPENDS "baedal_log_appends_total"       /* counter */
#define METRIC_APPEND_RATE "baedal_log_append_rate"     /* gauge */
#define METRIC_HEAD "baedal_log_head"                   /* gauge */
#define METRIC_LAG "baedal_consumer_lag"                /* gauge */
#define METRIC_APPLIED "baedal_applied_seq"             /* gauge */
#define METRIC_BREAKER "baedal_breaker_state"           /* gauge */
#define METRIC_REPLICAS "baedal_replicas_connected"     /* gauge */
#define METRIC_SESSIONS "baedal_sessions"               /* gauge */
#define METRIC_UP "baedal_up"                           /* gauge */

struct metrics;

/* A new, empty registry for component (an identifier, copied), listed
 * in the process's set that metrics_render shows. Never NULL. */
struct metrics *metrics_new(const char *component);

/* Take the registry out of the process's set and free it; accepts NULL
 * and nulls *self_p. */
void metrics_destroy(struct metrics **self_p);

/* Add n to counter family{labels} (labels "" for none). Accepts a NULL
 * registry (does nothing). */
void metrics_add(struct metrics *self, const char *family,
    const char *labels, double n);

/* Set gauge family{labels} to v, and mark it current (metrics_sweep).
 * Accepts a NULL registry. */
void metrics_set(struct metrics *self, const char *family,
    const char *labels, double v);

/* Drop the series of gauge family not set since the last sweep (a
 * subscriber or a service that went away). Accepts a NULL registry. */
void metrics_sweep(struct metrics *self, const char *family);

/* Count one observation of seconds in histogram family{labels}. Accepts
 * a NULL registry. */
void metrics_observe(struct metrics *self, const char *family,
    const char *labels, double seconds);

/*
 * The registry as JSON for a stats answer (new reference): one member per
 * family that has series, each an object keyed by the series' label
 * values joined with "," ("" when it has none): a number for a counter or
 * a gauge, {"count","sum_ms","p50_ms","p90_ms","p99_ms"} for a histogram
 * (a percentile is the upper bound of the bucket it falls in, in ms).
 */
json_t *metrics_json(struct metrics *self);

/*
 * The requests of the registry by method, for a stats answer (new
 * reference): {METHOD: {"requests","errors","p50_ms","p90_ms","p99_ms"}}
 * from the series of METRIC_REQUESTS, METRIC_ERRORS (all codes summed;
 * "errors_by_code": {code: n} when any) and METRIC_LATENCY whose first
 * label is the method.
 */
json_t *metrics_methods(struct metrics *self);

/* Monotonic time in seconds (for metrics_observe). */
double metrics_now(void);

/* Every registry of the process in the Prometheus text format (0.0.4),
 * HELP and TYPE once per family. The caller frees it; never NULL. */
char *metrics_render(void);

#endif
