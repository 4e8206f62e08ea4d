/*
 * client_eps.h: the brokers a client or a service may use (a list of
 * endpoints, "ipc:///a,tcp://127.0.0.2:8088"), one at a time, and what is
 * known of the link to the current one.
 *
 * Brokers that share one event log (JetStream) serve the same sessions'
 * resumption: requests retried with the same id, subscriptions from the
 * last seq. So when the current broker is gone its users move to the
 * next. Gone means one of (client_eps_gone):
 *   - its connection was lost: the kernel closed it (the process died, or
 *     closed the socket), which a socket monitor hears at once;
 *   - no connection to it could be made for CLIENT_EPS_UNREACHABLE_MS
 *     since the socket was pointed at it, and at least one attempt was
 *     refused (nothing listens there);
 *   - it has been silent for WIRE_PEER_TIMEOUT_MS while its connection
 *     stays up (a stopped or hung process).
 */
#ifndef BAEDAL_CLIENT_EPS_H
#define BAEDAL_CLIENT_EPS_H

#include <stdint.h>

#include "wire.h"

/* A broker no connection reaches (attempts refused) is left after this. */
#define CLIENT_EPS_UNREACHABLE_MS 500

struct client_eps {
	char **v;
	int n;
	int cur;              /* the one connected to */
	int64_t since;        /* when it was connected (monotonic ms) */
	void *monitor;        /* the socket's events (client_eps_connect), or NULL */
	int up;               /* a connection to the current one is established */
	int lost;             /* an established connection to it went away */
	int refused;          /* an attempt to connect to it failed */
	int handshakes_failed; /* refused in a row, since the last accepted */
};

/* Parse list (comma-separated) into eps. 0, or -1 with err when empty. */
int client_eps_parse(struct client_eps *eps, const char *list,
    struct wire_error *err);

/*
 * Connect sock to the current endpoint, watching its connections first
 * when ctx is not NULL (a ZeroMQ socket monitor read through a PAIR
 * socket of ctx, for client_eps_drain; without it only the silence rule
 * applies). 0, or -1 with err. A handshake refused for good (CURVE: a
 * wrong key, a plain client) sets handshakes_failed to
 * CLIENT_EPS_HANDSHAKE_REFUSED; one that failed without detail adds 1.
 */
int client_eps_connect(struct client_eps *eps, void *ctx, void *sock,
    struct wire_error *err);
#define CLIENT_EPS_HANDSHAKE_REFUSED 1000

/* Read the events the monitor has queued, without waiting, and note what
 * they say of the current endpoint (events of others are ignored). */
void client_eps_drain(struct client_eps *eps);

/*
 * Whether the current broker is to be left for the next, at now
 * (monotonic ms), when the last message from it came at last_rx: a
 * sentence saying why (static), or NULL to stay. Always NULL with a list
 * of one (there is nowhere to go; the caller reconnects in place).
 */
const char *client_eps_gone(const struct client_eps *eps, int64_t now,
    int64_t last_rx);

/* Disconnect sock from the current endpoint and connect it to the next
 * (round the list), forgetting what was known of the link. Returns the
 * endpoint now used (borrowed). */
const char *client_eps_next(struct client_eps *eps, void *sock);

/* Stop watching sock (call before closing it), close the monitor and free
 * the list; the struct is the caller's, sock stays open. sock may be NULL
 * when it was never watched. */
void client_eps_free(struct client_eps *eps, void *sock);

#endif
