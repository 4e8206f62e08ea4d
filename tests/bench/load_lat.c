/*
 * load_lat.c: latency samples and their percentiles.
 */
#include <stdlib.h>

#include "load.h"
#include "util.h"

void
lat_add(struct lat *l, int64_t us)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4096;
		l->us = xrealloc(l->us, l->cap * sizeof *l->us);
	}
	l->us[l->n++] = us < 0 ? 0 : us;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static double
at(const struct lat *l, double q)
{
	size_t i = (size_t)(q * (double)l->n);

	return (double)l->us[i < l->n ? i : l->n - 1] / 1000.0;
}

void
lat_summarise(struct lat *l, struct lat_summary *out)
{
	out->n = l->n;
	out->p50 = out->p99 = out->p999 = out->max = 0;
	if (l->n == 0)
		return;
	qsort(l->us, l->n, sizeof *l->us, cmp_i64);
	out->p50 = at(l, 0.5);
	out->p99 = at(l, 0.99);
	out->p999 = at(l, 0.999);
	out->max = (double)l->us[l->n - 1] / 1000.0;
}

void
lat_clear(struct lat *l)
{
	l->n = 0;
}

void
lat_free(struct lat *l)
{
	free(l->us);
	l->us = NULL;
	l->n = l->cap = 0;
}
