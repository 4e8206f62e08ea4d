/*
 * supervise.c: spawn, watch and restart service processes.
 */
#include "supervise.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

#define RESTART_MIN_MS 200
#define RESTART_MAX_MS 5000
#define HEALTHY_MS 30000
#define STOP_GRACE_MS 5000

extern char **environ;

struct child {
	const char *name;
	pid_t pid;            /* 0 while waiting to restart */
	int64_t started;      /* monotonic ms */
	int64_t restart_at;   /* monotonic ms, when pid is 0 */
	int64_t delay;        /* next restart delay */
	int restarts;
};

struct supervisor {
	char *exe;
	char **argv;          /* exe, the daemon's args, --service, NAME, ... */
	size_t argc;
	size_t name_slot;     /* where NAME goes in argv */
	struct child *children;
	size_t n;
	pthread_t thread;
	atomic_int stopping;  /* set by supervise_stop; read by the thread */
};

/*
 * Start c. Called from the supervisor's thread only: the child is told to
 * die (SIGKILL, which ends a stopped process too) when that thread ends,
 * and the thread lives until every child is stopped, so a daemon that is
 * killed leaves no service behind. Between fork and exec the child calls
 * only async-signal-safe functions.
 */
static void
child_spawn(struct supervisor *sv, struct child *c)
{
	pid_t parent = getpid(), pid;

	sv->argv[sv->name_slot] = (char *)c->name;
	if ((pid = fork()) == 0) {
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 ||
		    getppid() != parent)
			_exit(127);
		execve(sv->exe, sv->argv, environ);
		_exit(127);
	}
	if (pid < 0) {
		log_error("cannot start service %s: %s", c->name,
		    strerror(errno));
		c->pid = 0;
		c->restart_at = mono_ms() + c->delay;
		return;
	}
	c->pid = pid;
	c->started = mono_ms();
	log_info("service %s running as process %d", c->name, (int)c->pid);
}

/* A child ended: plan its restart. */
static void
child_ended(struct child *c, int status)
{
	int64_t now = mono_ms();

	if (now - c->started >= HEALTHY_MS)
		c->delay = RESTART_MIN_MS;
	log_warn("service %s (process %d) %s %d; restarting in %lld ms",
	    c->name, (int)c->pid, WIFSIGNALED(status) ? "was killed by signal" :
	    "exited with status", WIFSIGNALED(status) ? WTERMSIG(status) :
	    WEXITSTATUS(status), (long long)c->delay);
	c->pid = 0;
	c->restart_at = now + c->delay;
	c->restarts++;
	c->delay = c->delay * 2 > RESTART_MAX_MS ? RESTART_MAX_MS :
	    c->delay * 2;
}

/* Stop every child: SIGTERM, then SIGKILL after STOP_GRACE_MS. */
static void
supervise_stop_children(struct supervisor *sv)
{
	int64_t deadline;
	size_t i, alive;
	int status;

	for (i = 0; i < sv->n; i++)
		if (sv->children[i].pid > 0)
			kill(sv->children[i].pid, SIGTERM);
	deadline = mono_ms() + STOP_GRACE_MS;
	do {
		for (alive = 0, i = 0; i < sv->n; i++) {
			struct child *c = &sv->children[i];

			if (c->pid > 0 && waitpid(c->pid, &status, WNOHANG) ==
			    c->pid)
				c->pid = 0;
			alive += c->pid > 0;
		}
		if (alive > 0)
			usleep(20 * 1000);
	} while (alive > 0 && mono_ms() < deadline);
	for (i = 0; i < sv->n; i++)
		if (sv->children[i].pid > 0) {
			log_warn("service %s did not stop; killing it",
			    sv->children[i].name);
			kill(sv->children[i].pid, SIGKILL);
			waitpid(sv->children[i].pid, &status, 0);
		}
}

/* The supervisor's thread: starts the children, restarts those that end,
 * and stops them all before it returns. */
static void *
supervise_main(void *arg)
{
	struct supervisor *sv = arg;
	size_t i;
	int status;
	pid_t pid;

	log_set_tag("supervise");
	while (!sv->stopping) {
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			for (i = 0; i < sv->n; i++)
				if (sv->children[i].pid == pid)
					child_ended(&sv->children[i], status);
		for (i = 0; i < sv->n && !sv->stopping; i++)
			if (sv->children[i].pid == 0 &&
			    mono_ms() >= sv->children[i].restart_at)
				child_spawn(sv, &sv->children[i]);
		usleep(50 * 1000);
	}
	supervise_stop_children(sv);
	return NULL;
}

struct supervisor *
supervise_start(char *const argv[], const char *back,
    const char *const *names)
{
	struct supervisor *sv = xcalloc(1, sizeof *sv);
	char path[4096];
	ssize_t len = readlink("/proc/self/exe", path, sizeof path - 1);
	size_t i, k = 0;

	if (len <= 0) {
		log_error("cannot find this program (/proc/self/exe)");
		free(sv);
		return NULL;
	}
	path[len] = '\0';
	sv->exe = xstrdup(path);
	for (sv->argc = 0; argv[sv->argc] != NULL; sv->argc++)
		;
	sv->argv = xcalloc(sv->argc + 5, sizeof *sv->argv);
	sv->argv[k++] = sv->exe;
	for (i = 1; i < sv->argc; i++)
		sv->argv[k++] = argv[i];
	sv->argv[k++] = "--service";
	sv->name_slot = k++;
	sv->argv[k++] = "--broker";
	sv->argv[k++] = (char *)back;
	for (sv->n = 0; names[sv->n] != NULL; sv->n++)
		;
	sv->children = xcalloc(sv->n, sizeof *sv->children);
	for (i = 0; i < sv->n; i++) {
		sv->children[i].name = names[i];
		sv->children[i].delay = RESTART_MIN_MS;
	}
	if (pthread_create(&sv->thread, NULL, supervise_main, sv) != 0) {
		log_error("cannot start the supervisor thread");
		free(sv->children);
		free(sv->argv);
		free(sv->exe);
		free(sv);
		return NULL;
	}
	return sv;
}

void
supervise_stop(struct supervisor **self_p)
{
	struct supervisor *sv = *self_p;

	if (sv == NULL)
		return;
	sv->stopping = 1;
	pthread_join(sv->thread, NULL);
	free(sv->children);
	free(sv->argv);
	free(sv->exe);
	free(sv);
	*self_p = NULL;
}
