/*
 * metrics.c: per-component tables of counters, gauges and histograms,
 * rendered as Prometheus text or as JSON (see metrics.h).
 */
#include "metrics.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

enum metric_type { M_COUNTER, M_GAUGE, M_HISTOGRAM };

static const struct family {
	const char *name;
	enum metric_type type;
	const char *help;
} families[] = {
	{ METRIC_UP, M_GAUGE, "1 while the component runs" },
	{ METRIC_REQUESTS, M_COUNTER, "requests answered, by method" },
	{ METRIC_ERRORS, M_COUNTER,
	    "requests answered with an error, by method and code" },
	{ METRIC_LATENCY, M_HISTOGRAM,
	    "time from a request's arrival to its answer, by method" },
	{ METRIC_APPENDS, M_COUNTER, "events appended to the log" },
	{ METRIC_APPEND_RATE, M_GAUGE,
	    "events appended to the log per second, over the last 10 s" },
	{ METRIC_HEAD, M_GAUGE, "the log's last sequence number" },
	{ METRIC_LAG, M_GAUGE, "events of the log a subscriber has not "
	    "acknowledged yet, by subscriber" },
	{ METRIC_APPLIED, M_GAUGE, "the last event a service applied" },
	{ METRIC_BREAKER, M_GAUGE,
	    "circuit breaker state: 0 closed, 1 open, 2 half-open" },
	{ METRIC_REPLICAS, M_GAUGE,
	    "workers of each service connected to this broker" },
	{ METRIC_SESSIONS, M_GAUGE, "client sessions connected" },
};

/* Upper bounds (seconds) of the histogram buckets; +Inf follows. */
static const double bounds[] = {
	0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
	1, 2.5, 5, 10,
};
#define NBOUNDS (sizeof bounds / sizeof bounds[0])
/* The labels of what no longer fits the table. */
#define OVERFLOW "overflow=\"true\""

struct series {
	int fam;                    /* index in families[] */
	char labels[METRICS_LABELS_MAX];
	double value;               /* counter, gauge */
	int touched;                /* gauge: set since the last sweep */
	uint64_t buckets[NBOUNDS + 1]; /* histogram: not cumulative */
	uint64_t count;
	double sum;
};

struct metrics {
	pthread_mutex_t mu;
	char component[65];
	struct series *s;
	size_t n, cap;
	struct metrics *next;
};

static pthread_mutex_t all_mu = PTHREAD_MUTEX_INITIALIZER;
static struct metrics *registries;

static int
family_index(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof families / sizeof families[0]; i++)
		if (strcmp(families[i].name, name) == 0)
			return (int)i;
	return -1;
}

struct metrics *
metrics_new(const char *component)
{
	struct metrics *m = xcalloc(1, sizeof *m);

	pthread_mutex_init(&m->mu, NULL);
	snprintf(m->component, sizeof m->component, "%s", component);
	pthread_mutex_lock(&all_mu);
	m->next = registries;
	registries = m;
	pthread_mutex_unlock(&all_mu);
	metrics_set(m, METRIC_UP, "", 1);
	return m;
}

void
metrics_destroy(struct metrics **self_p)
{
	struct metrics *m = *self_p, **pp;

	if (m == NULL)
		return;
	pthread_mutex_lock(&all_mu);
	for (pp = &registries; *pp != NULL; pp = &(*pp)->next)
		if (*pp == m) {
			*pp = m->next;
			break;
		}
	pthread_mutex_unlock(&all_mu);
	pthread_mutex_destroy(&m->mu);
	free(m->s);
	free(m);
	*self_p = NULL;
}

/* The series family{labels} of m, made when missing (under "other" once
 * the table is full); NULL for an unknown family. Called locked. */
static struct series *
series_get(struct metrics *m, const char *family, const char *labels)
{
	int fam = family_index(family);
	size_t i;

	if (fam < 0)
		return NULL;
	if (strlen(labels) >= METRICS_LABELS_MAX)
		labels = OVERFLOW;
	for (;;) {
		for (i = 0; i < m->n; i++)
			if (m->s[i].fam == fam &&
			    strcmp(m->s[i].labels, labels) == 0)
				return &m->s[i];
		if (m->n < METRICS_SERIES_MAX || strcmp(labels, OVERFLOW) == 0)
			break;
		labels = OVERFLOW;
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 32;
		m->s = xrealloc(m->s, m->cap * sizeof *m->s);
	}
	memset(&m->s[m->n], 0, sizeof m->s[m->n]);
	m->s[m->n].fam = fam;
	snprintf(m->s[m->n].labels, METRICS_LABELS_MAX, "%s", labels);
	return &m->s[m->n++];
}

void
metrics_add(struct metrics *self, const char *family, const char *labels,
    double n)
{
	struct series *s;

	if (self == NULL)
		return;
	pthread_mutex_lock(&self->mu);
	if ((s = series_get(self, family, labels)) != NULL)
		s->value += n;
	pthread_mutex_unlock(&self->mu);
}

void
metrics_set(struct metrics *self, const char *family, const char *labels,
    double v)
{
	struct series *s;

	if (self == NULL)
		return;
	pthread_mutex_lock(&self->mu);
	if ((s = series_get(self, family, labels)) != NULL) {
		s->value = v;
		s->touched = 1;
	}
	pthread_mutex_unlock(&self->mu);
}

void
metrics_sweep(struct metrics *self, const char *family)
{
	int fam = family_index(family);
	size_t i, k = 0;

	if (self == NULL)
		return;
	pthread_mutex_lock(&self->mu);
	for (i = 0; i < self->n; i++) {
		if (self->s[i].fam == fam && !self->s[i].touched)
			continue;
		if (self->s[i].fam == fam)
			self->s[i].touched = 0;
		if (k != i)
			self->s[k] = self->s[i];
		k++;
	}
	self->n = k;
	pthread_mutex_unlock(&self->mu);
}

void
metrics_observe(struct metrics *self, const char *family,
    const char *labels, double seconds)
{
	struct series *s;
	size_t b = 0;

	if (self == NULL)
		return;
	while (b < NBOUNDS && seconds > bounds[b])
		b++;
	pthread_mutex_lock(&self->mu);
	if ((s = series_get(self, family, labels)) != NULL) {
		s->buckets[b]++;
		s->count++;
		s->sum += seconds;
	}
	pthread_mutex_unlock(&self->mu);
}

/* The upper bound in ms of the bucket holding the q-th quantile of s
 * (the largest finite bound when it is past them all); 0 when empty. */
static double
series_quantile_ms(const struct series *s, double q)
{
	uint64_t want = (uint64_t)(q * (double)s->count + 0.999999), seen = 0;
	size_t b;

	if (s->count == 0)
		return 0;
	for (b = 0; b < NBOUNDS; b++) {
		seen += s->buckets[b];
		if (seen >= want)
			return bounds[b] * 1000;
	}
	return bounds[NBOUNDS - 1] * 1000;
}

/* The label values of text `a="x",b="y"` joined as "x,y" into out. */
static void
label_values(const char *text, char *out, size_t cap)
{
	size_t n = 0;
	int in = 0;

	for (; *text != '\0' && n + 1 < cap; text++) {
		if (*text == '"') {
			if (in && text[1] != '\0' && n + 1 < cap)
				out[n++] = ',';
			in = !in;
		} else if (in)
			out[n++] = *text;
	}
	if (n > 0 && out[n - 1] == ',')
		n--;
	out[n] = '\0';
}

double
metrics_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

json_t *
metrics_json(struct metrics *self)
{
	json_t *o = json_object(), *fam, *v;
	char key[METRICS_LABELS_MAX];
	size_t i;

	pthread_mutex_lock(&self->mu);
	for (i = 0; i < self->n; i++) {
		const struct series *s = &self->s[i];
		const struct family *f = &families[s->fam];

		if ((fam = json_object_get(o, f->name)) == NULL)
			json_object_set_new(o, f->name, fam = json_object());
		label_values(s->labels, key, sizeof key);
		if (f->type == M_HISTOGRAM)
			v = json_pack("{s:I, s:f, s:f, s:f, s:f}", "count",
			    (json_int_t)s->count, "sum_ms", s->sum * 1000,
			    "p50_ms", series_quantile_ms(s, 0.5), "p90_ms",
			    series_quantile_ms(s, 0.9), "p99_ms",
			    series_quantile_ms(s, 0.99));
		else if (s->value == (double)(json_int_t)s->value)
			v = json_integer((json_int_t)s->value);
		else
			v = json_real(s->value);
		json_object_set_new(fam, key, v);
	}
	pthread_mutex_unlock(&self->mu);
	return o;
}

json_t *
metrics_methods(struct metrics *self)
{
	json_t *all = metrics_json(self), *out = json_object(), *v, *m, *by;
	json_t *lat = json_object_get(all, METRIC_LATENCY);
	const char *key;
	char method[METRICS_LABELS_MAX];
	size_t len;

	json_object_foreach(json_object_get(all, METRIC_REQUESTS), key, v) {
		m = json_pack("{s:O, s:i}", "requests", v, "errors", 0);
		if (json_object_get(lat, key) != NULL)
			json_object_update(m, json_object_get(lat, key));
		json_object_del(m, "count");
		json_object_del(m, "sum_ms");
		json_object_set_new(out, key, m);
	}
	json_object_foreach(json_object_get(all, METRIC_ERRORS), key, v) {
		len = strcspn(key, ",");
		snprintf(method, sizeof method, "%.*s", (int)len, key);
		if ((m = json_object_get(out, method)) == NULL)
			continue;
		json_object_set_new(m, "errors", json_integer(
		    json_integer_value(json_object_get(m, "errors")) +
		    json_integer_value(v)));
		if ((by = json_object_get(m, "errors_by_code")) == NULL)
			json_object_set_new(m, "errors_by_code",
			    by = json_object());
		json_object_set(by, key[len] ? key + len + 1 : "", v);
	}
	json_decref(all);
	return out;
}

/* name{component="c",labels[,extra]} as a series' name, into out. */
static void
series_name(char *out, size_t cap, const char *name, const char *suffix,
    const struct metrics *m, const char *labels, const char *extra)
{
	snprintf(out, cap, "%s%s{component=\"%s\"%s%s%s%s}", name, suffix,
	    m->component, labels[0] ? "," : "", labels, extra[0] ? "," : "",
	    extra);
}

static void
render_series(FILE *out, const struct metrics *m, const struct series *s)
{
	const struct family *f = &families[s->fam];
	char name[512], le[32];
	uint64_t cum = 0;
	size_t b;

	if (f->type != M_HISTOGRAM) {
		series_name(name, sizeof name, f->name, "", m, s->labels, "");
		fprintf(out, "%s %.17g\n", name, s->value);
		return;
	}
	for (b = 0; b <= NBOUNDS; b++) {
		cum += s->buckets[b];
		if (b < NBOUNDS)
			snprintf(le, sizeof le, "le=\"%g\"", bounds[b]);
		else
			snprintf(le, sizeof le, "le=\"+Inf\"");
		series_name(name, sizeof name, f->name, "_bucket", m,
		    s->labels, le);
		fprintf(out, "%s %llu\n", name, (unsigned long long)cum);
	}
	series_name(name, sizeof name, f->name, "_sum", m, s->labels, "");
	fprintf(out, "%s %.17g\n", name, s->sum);
	series_name(name, sizeof name, f->name, "_count", m, s->labels, "");
	fprintf(out, "%s %llu\n", name, (unsigned long long)s->count);
}

char *
metrics_render(void)
{
	const char *types[] = { "counter", "gauge", "histogram" };
	char *text = NULL;
	size_t len = 0, i, k;
	struct metrics *m;
	FILE *out = open_memstream(&text, &len);
	int headed;

	if (out == NULL)
		return xstrdup("");
	pthread_mutex_lock(&all_mu);
	for (k = 0; k < sizeof families / sizeof families[0]; k++) {
		headed = 0;
		for (m = registries; m != NULL; m = m->next) {
			pthread_mutex_lock(&m->mu);
			for (i = 0; i < m->n; i++) {
				if (m->s[i].fam != (int)k)
					continue;
				if (!headed)
					fprintf(out, "# HELP %s %s\n# TYPE %s "
					    "%s\n", families[k].name,
					    families[k].help,
					    families[k].name,
					    types[families[k].type]);
				headed = 1;
				render_series(out, m, &m->s[i]);
			}
			pthread_mutex_unlock(&m->mu);
		}
	}
	pthread_mutex_unlock(&all_mu);
	fclose(out);
	return text ? text : xstrdup("");
}
