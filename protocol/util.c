/*
 * util.c: allocation, clocks and logging shared by every program.
 */
#define _POSIX_C_SOURCE 200809L
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static enum log_level log_threshold = LOG_INFO;
static _Thread_local const char *log_tag = "baedal";

static void
oom(size_t size)
{
	fprintf(stderr, "baedal: out of memory allocating %zu bytes\n", size);
	abort();
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		oom(size);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom(n * size);
	return p;
}

void *
xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (p == NULL)
		oom(size);
	return p;
}

char *
xstrdup(const char *s)
{
	char *p;

	if (s == NULL)
		return NULL;
	p = strdup(s);
	if (p == NULL)
		oom(strlen(s));
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom(0);
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

char *
baedal_default_home(void)
{
	const char *v;

	if ((v = getenv("BAEDAL_HOME")) != NULL && *v != '\0')
		return xstrdup(v);
	if ((v = getenv("XDG_DATA_HOME")) != NULL && *v != '\0')
		return xasprintf("%s/baedal", v);
	if ((v = getenv("HOME")) != NULL && *v != '\0')
		return xasprintf("%s/.local/share/baedal", v);
	return xstrdup("./baedal-data");
}

void
random_hex(char *hex, size_t nbytes)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char raw[64];
	size_t i;

	/* getrandom: one call, no descriptor (payments ask on every
	 * approval). Up to 256 bytes never come back short. */
	if (nbytes > sizeof raw || getrandom(raw, nbytes, 0) !=
	    (ssize_t)nbytes) {
		fprintf(stderr, "baedal: cannot read random bytes\n");
		abort();
	}
	for (i = 0; i < nbytes; i++) {
		hex[i * 2] = digits[raw[i] >> 4];
		hex[i * 2 + 1] = digits[raw[i] & 15];
	}
	hex[nbytes * 2] = '\0';
}

void
util_won(char *buf, size_t n, int64_t won)
{
	char digits[24], out[40];
	uint64_t mag = won < 0 ? (uint64_t)-(won + 1) + 1 : (uint64_t)won;
	size_t len, i, o = 0;

	len = (size_t)snprintf(digits, sizeof digits, "%llu",
	    (unsigned long long)mag);
	if (won < 0)
		out[o++] = '-';
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, n, "%s원", out);
}

uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s != '\0') {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

static int64_t
clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
now_ms(void)
{
	return clock_ms(CLOCK_REALTIME);
}

int64_t
mono_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

int
log_set_level(const char *name)
{
	static const char *names[] = { "debug", "info", "warn", "error" };
	size_t i;

	for (i = 0; i < ARRAY_LEN(names); i++) {
		if (strcasecmp(name, names[i]) == 0) {
			log_threshold = (enum log_level)i;
			return 0;
		}
	}
	return -1;
}

void
log_set_tag(const char *tag)
{
	log_tag = tag;
}

const char *
log_get_tag(void)
{
	return log_tag;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *labels[] = { "debug", "info", "warn", "error" };
	char stamp[32], line[1024];
	struct tm tm;
	time_t secs;
	int64_t ms;
	va_list ap;

	if (level < log_threshold)
		return;
	ms = now_ms();
	secs = (time_t)(ms / 1000);
	gmtime_r(&secs, &tm);
	strftime(stamp, sizeof stamp, "%H:%M:%S", &tm);
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	/* One write per line, so lines from service threads do not interleave. */
	fprintf(stderr, "%s.%03d %-5s %s: %s\n", stamp, (int)(ms % 1000),
	    labels[level], log_tag, line);
}
