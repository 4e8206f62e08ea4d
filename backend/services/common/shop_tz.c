/*
 * shop_tz.c: zone offsets from TZif files (see shop_tz.h).
 */
#include "shop_tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define TZ_FILE_MAX (16 * 1024) /* the largest zone files are ~4 KiB */
#define TZ_SEOUL_OFFSET (9 * 3600)

/* The last zone file each thread read (a shop's hours ask for its offset
 * many times per question), kept without the heap. */
static _Thread_local struct {
	char name[72];
	unsigned char buf[TZ_FILE_MAX];
	size_t len;
} tz_cache;

int64_t
shop_now(const struct config *cfg)
{
	return now_ms() + cfg->clock_offset_ms;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* The zone file of tz (borrowed from this thread's cache), with its
 * length in *len; NULL when the name is not a plain relative path or the
 * file cannot be read whole. */
static const unsigned char *
tz_read(const char *tz, size_t *len)
{
	const char *dir = getenv("TZDIR");
	char *path;
	FILE *f;

	if (tz == NULL || *tz == '\0' || *tz == '/' || strstr(tz, "..") ||
	    strspn(tz, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789/_+-") != strlen(tz) || strlen(tz) > 64)
		return NULL;
	if (strcmp(tz_cache.name, tz) == 0) {
		*len = tz_cache.len;
		return tz_cache.buf;
	}
	path = xasprintf("%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo",
	    tz);
	f = fopen(path, "rb");
	free(path);
	if (f == NULL)
		return NULL;
	tz_cache.name[0] = '\0';
	tz_cache.len = fread(tz_cache.buf, 1, sizeof tz_cache.buf, f);
	if (!feof(f) || ferror(f)) {
		fclose(f);
		return NULL; /* too large to be a zone file */
	}
	fclose(f);
	snprintf(tz_cache.name, sizeof tz_cache.name, "%s", tz);
	*len = tz_cache.len;
	return tz_cache.buf;
}

/* The offset of the TZif data buf[0..len) at t (seconds); 0 with *off,
 * or -1 when it is not TZif. */
static int
tz_offset_in(const unsigned char *buf, size_t len, int64_t t, int32_t *off)
{
	size_t p = 0, tsize = 4, i, timecnt, typecnt, need, type = 0;
	uint32_t c[6];

	for (;;) {
		if (len < p + 44 || memcmp(buf + p, "TZif", 4) != 0)
			return -1;
		for (i = 0; i < 6; i++)
			c[i] = be32(buf + p + 20 + 4 * i);
		/* isut, isstd, leap, time, type, char counts */
		need = c[3] * tsize + c[3] + c[4] * 6 + c[5] +
		    c[2] * (tsize + 4) + c[1] + c[0];
		if (tsize == 4 && buf[p + 4] >= '2') {
			p += 44 + need; /* skip to the 64-bit block */
			tsize = 8;
			continue;
		}
		break;
	}
	timecnt = c[3];
	typecnt = c[4];
	p += 44;
	if (typecnt == 0 || len < p + need)
		return -1;
	for (i = 0; i < timecnt; i++) {
		int64_t at = tsize == 8 ? be64(buf + p + i * 8) :
		    (int32_t)be32(buf + p + i * 4);

		if (at > t)
			break;
		type = buf[p + timecnt * tsize + i];
	}
	if (type >= typecnt)
		return -1;
	*off = (int32_t)be32(buf + p + timecnt * tsize + timecnt + type * 6);
	return 0;
}

/* The offset of zone tz at t (seconds); 0, or -1 for an unknown zone. */
static int
tz_offset(const char *tz, int64_t t, int32_t *off)
{
	size_t len = 0;
	const unsigned char *buf = tz_read(tz, &len);

	return buf != NULL ? tz_offset_in(buf, len, t, off) : -1;
}

int
shop_tz_valid(const char *tz)
{
	int32_t off;

	return tz_offset(tz, 0, &off) == 0;
}

int32_t
shop_tz_local(const char *tz, int64_t ms, struct tm *tm)
{
	int64_t t = ms / 1000;
	int32_t off = TZ_SEOUL_OFFSET;
	time_t local;

	if (tz_offset(tz, t, &off) != 0)
		log_warn("unknown time zone \"%s\": taking Asia/Seoul's",
		    tz ? tz : "");
	local = (time_t)(t + off);
	gmtime_r(&local, tm);
	return off;
}

int64_t
shop_tz_ms(const char *tz, const struct tm *day, int min)
{
	struct tm tm = *day;
	struct tm probe;
	int64_t local;
	int32_t off;

	tm.tm_hour = 0;
	tm.tm_min = min;
	tm.tm_sec = 0;
	tm.tm_isdst = 0;
	local = (int64_t)timegm(&tm);
	/* The offset that holds then (taken at the guess, then again). */
	off = shop_tz_local(tz, (local - TZ_SEOUL_OFFSET) * 1000, &probe);
	off = shop_tz_local(tz, (local - off) * 1000, &probe);
	return (local - off) * 1000;
}

int
shop_tz_date_parse(const char *s, struct tm *tm)
{
	struct tm check;
	time_t t;
	int y, m, d, n = 0;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	for (n = 0; n < 10; n++)
		if (n != 4 && n != 7 && (s[n] < '0' || s[n] > '9'))
			return -1;
	memset(tm, 0, sizeof *tm);
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	check = *tm;
	t = timegm(&check);
	gmtime_r(&t, &check);
	return check.tm_mday == d && check.tm_mon == m - 1 ? 0 : -1;
}

char *
shop_tz_date_format(const struct tm *tm, char out[11])
{
	unsigned y = (unsigned)(tm->tm_year + 1900) % 10000u;
	unsigned m = (unsigned)(tm->tm_mon + 1) % 100u;
	unsigned d = (unsigned)tm->tm_mday % 100u;

	snprintf(out, 11, "%04u-%02u-%02u", y, m, d);
	return out;
}
