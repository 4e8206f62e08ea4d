/*
 * home.h: the data directory, private and held by one daemon at a time.
 *
 * It holds every database, the event log and the users' tokens, so it is
 * the owner's alone: the directory is 0700 and its files 0600 (looser
 * modes left by an earlier version are tightened). One baedald owns it:
 * the daemon holds an exclusive flock on HOME/baedald.lock, and the
 * service processes it supervises inherit that lock, so neither a second
 * daemon nor a restarted one can start while any of them still runs.
 */
#ifndef BAEDAL_HOME_H
#define BAEDAL_HOME_H

/*
 * Create home (0700) or tighten an existing one to 0700, and its regular
 * files to 0600. Returns 0, or -1 with the reason on stderr.
 */
int home_prepare(const char *home);

/*
 * Take home's lock, waiting at most wait_ms for a holder that is on its
 * way out (the services of a daemon that was just killed). Returns the
 * lock's descriptor, to keep open (and inherited by the children) for the
 * life of the daemon, or -1 with the holder's process id on stderr.
 */
int home_lock(const char *home, int wait_ms);

#endif
