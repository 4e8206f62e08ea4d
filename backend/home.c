/*
 * home.c: the data directory's modes and its one-daemon lock (see home.h).
 */
#include "home.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define PRIVATE_DIR 0700
#define PRIVATE_FILE 0600

/* chmod path to mode when it allows more; 0, or -1 with a message. */
static int
tighten(const char *path, mode_t mode)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return 0;
	if ((st.st_mode & 0777 & ~mode) == 0)
		return 0;
	if (chmod(path, st.st_mode & mode) == 0)
		return 0;
	fprintf(stderr, "baedald: %s is readable by others and cannot be "
	    "made private: %s\n", path, strerror(errno));
	return -1;
}

int
home_prepare(const char *home)
{
	struct dirent *e;
	DIR *d;
	int rc;

	if (mkdir(home, PRIVATE_DIR) != 0 && errno != EEXIST) {
		fprintf(stderr, "baedald: cannot create %s: %s\n", home,
		    strerror(errno));
		return -1;
	}
	if (tighten(home, PRIVATE_DIR) != 0)
		return -1;
	if ((d = opendir(home)) == NULL) {
		fprintf(stderr, "baedald: cannot read %s: %s\n", home,
		    strerror(errno));
		return -1;
	}
	rc = 0;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		char *path;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", home, e->d_name);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
			rc = tighten(path, PRIVATE_FILE);
		free(path);
	}
	closedir(d);
	return rc;
}

int
home_lock(const char *home, int wait_ms)
{
	char *path = xasprintf("%s/baedald.lock", home), pid[32] = "";
	int64_t until = mono_ms() + wait_ms;
	int fd, n;

	/* Not close-on-exec: the supervised services hold it too. */
	if ((fd = open(path, O_RDWR | O_CREAT, PRIVATE_FILE)) < 0) {
		fprintf(stderr, "baedald: cannot open %s: %s\n", path,
		    strerror(errno));
		free(path);
		return -1;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK || mono_ms() >= until) {
			n = (int)pread(fd, pid, sizeof pid - 1, 0);
			pid[n > 0 ? n : 0] = '\0';
			pid[strcspn(pid, "\n")] = '\0';
			fprintf(stderr, "baedald: %s is in use by baedald "
			    "(process %s) or a service it started; stop it "
			    "first\n", home, pid[0] != '\0' ? pid : "?");
			close(fd);
			free(path);
			return -1;
		}
		usleep(20 * 1000);
	}
	n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n)
		log_warn("cannot write the process id into %s", path);
	free(path);
	return fd;
}
