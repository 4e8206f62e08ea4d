/*
 * supervise.h: services as child processes, restarted when they die.
 *
 * Each child is this same program, run with the daemon's own arguments
 * plus "--service NAME --broker BACK", so it has exactly the daemon's
 * settings. A child that exits while the daemon is running is started
 * again after a delay that doubles (200 ms up to 5 s) while it keeps
 * dying young, and is reset once it has lived a while. Children die with
 * the daemon, even when it is killed (SIGKILL from the kernel when the
 * supervising thread ends), and hold its data directory's lock while they
 * live (see home.h).
 */
#ifndef BAEDAL_SUPERVISE_H
#define BAEDAL_SUPERVISE_H

#include <signal.h>

struct supervisor;

/*
 * Start one child per name (names NULL-terminated; borrowed for the
 * supervisor's life) and a thread that watches them. argv is the daemon's
 * own argument vector (borrowed). Returns NULL, with the reason logged,
 * when the program cannot find itself or the thread cannot start.
 */
struct supervisor *supervise_start(char *const argv[], const char *back,
    const char *const *names);

/* Stop the children (SIGTERM, then SIGKILL after 5 s), join the thread and
 * free; accepts NULL and nulls *self_p. */
void supervise_stop(struct supervisor **self_p);

#endif
