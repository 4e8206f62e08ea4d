/*
 * load_probe.c: the backend seen from outside while it is loaded. The
 * daemon's resident memory and descriptors from /proc, its databases'
 * sizes from its home directory, and how far each consuming service has
 * applied the log, read from the service's own SQLite file (svc_offset,
 * which the service writes in the transaction that applies an event).
 */
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load.h"
#include "util.h"

static const char *const consumers[] = { "store", "delivery", "view",
    "notify" };
#define NCONSUMERS (sizeof consumers / sizeof consumers[0])

struct probe {
	int pid;
	char *home;
	sqlite3 *db[NCONSUMERS];
	sqlite3_stmt *offset[NCONSUMERS];
};

struct probe *
probe_new(int pid, const char *home)
{
	struct probe *p = xcalloc(1, sizeof *p);

	p->pid = pid;
	p->home = xstrdup(home);
	return p;
}

void
probe_destroy(struct probe **self_p)
{
	struct probe *p = *self_p;

	if (p == NULL)
		return;
	for (size_t i = 0; i < NCONSUMERS; i++) {
		sqlite3_finalize(p->offset[i]);
		sqlite3_close(p->db[i]);
	}
	free(p->home);
	free(p);
	*self_p = NULL;
}

/* VmRSS of one process in kB, 0 when it is gone. */
static int64_t
rss_kb(int pid)
{
	char path[64], line[256];
	long long kb = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "VmRSS: %lld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

int64_t
probe_cpu_us(struct probe *p)
{
	char path[64], buf[1024], *q;
	unsigned long long user = 0, sys = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/stat", p->pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(buf, sizeof buf, f) != NULL &&
	    (q = strrchr(buf, ')')) != NULL)
		sscanf(q + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u"
		    " %llu %llu", &user, &sys);
	fclose(f);
	return (int64_t)(user + sys) * 1000000 / sysconf(_SC_CLK_TCK);
}

/* The parent of pid, from /proc/pid/stat, or -1. */
static int
parent_of(int pid)
{
	char path[64], buf[512], *p;
	int ppid = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(buf, sizeof buf, f) != NULL &&
	    (p = strrchr(buf, ')')) != NULL)
		sscanf(p + 1, " %*c %d", &ppid);
	fclose(f);
	return ppid;
}

static int
count_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static int
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && strcmp(s + n - m, tail) == 0;
}

void
probe_sample(struct probe *p, struct probe_sample *out)
{
	char path[4096];
	struct dirent *e;
	struct stat st;
	DIR *d;

	memset(out, 0, sizeof *out);
	out->rss_kb = rss_kb(p->pid);
	if ((d = opendir("/proc")) != NULL) {
		while ((e = readdir(d)) != NULL) {
			int pid = atoi(e->d_name);

			if (pid > 0 && parent_of(pid) == p->pid)
				out->rss_kb += rss_kb(pid);
		}
		closedir(d);
	}
	snprintf(path, sizeof path, "/proc/%d/fd", p->pid);
	out->fds = count_entries(path);
	if ((d = opendir(p->home)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		snprintf(path, sizeof path, "%s/%s", p->home, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (ends_with(e->d_name, ".db"))
			out->db_bytes += st.st_size;
		else if (ends_with(e->d_name, ".db-wal"))
			out->wal_bytes += st.st_size;
	}
	closedir(d);
}

static sqlite3_stmt *
offset_stmt(struct probe *p, size_t i)
{
	char *path;

	if (p->offset[i] != NULL)
		return p->offset[i];
	path = xasprintf("%s/%s.db", p->home, consumers[i]);
	if (sqlite3_open_v2(path, &p->db[i], SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK)
		sqlite3_prepare_v2(p->db[i], "SELECT seq FROM svc_offset",
		    -1, &p->offset[i], NULL);
	free(path);
	return p->offset[i];
}

int64_t
probe_consumed(struct probe *p)
{
	int64_t low = INT64_MAX;

	for (size_t i = 0; i < NCONSUMERS; i++) {
		sqlite3_stmt *st = offset_stmt(p, i);
		int64_t seq = -1;

		if (st == NULL)
			return -1;
		if (sqlite3_step(st) == SQLITE_ROW)
			seq = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (seq < 0)
			return -1;
		if (seq < low)
			low = seq;
	}
	return low;
}
