/*
 * svc_sides.h: a lease holder's doors on every broker.
 *
 * Brokers sharing a log do not pass requests to each other: a client
 * reaches the services registered with its broker. Replicas that all act
 * (one data directory) register each with its own broker; a service with
 * a lease has one process acting, which must then be reachable from
 * every broker. Its runtime keeps its one connection for events,
 * publishes and calls, and opens a side connection to each broker of its
 * list, only for requests: hello, register under the lease's epoch,
 * heartbeats. A request is answered through the connection it came on,
 * found by the prefix every broker puts in its request ids ("b<prefix>-").
 */
#ifndef BAEDAL_SVC_SIDES_H
#define BAEDAL_SVC_SIDES_H

#include <jansson.h>
#include <stdint.h>
#include <zmq.h>

#include "client_eps.h"

struct svc_sides;

/* Side connections to every endpoint of eps (CURVE as client_secure
 * says, from home unless insecure) for service with token; they say
 * hello at once and register (under epoch) once answered. NULL, logged,
 * when one cannot be made. */
struct svc_sides *svc_sides_new(void *ctx, const struct client_eps *eps,
    const char *home, int insecure, const char *token, const char *service,
    int64_t epoch);

/* Close them (saying bye); accepts NULL, nulls *self_p. */
void svc_sides_destroy(struct svc_sides **self_p);

/* Fill items (room for max) with the sockets to poll; returns how many. */
int svc_sides_items(struct svc_sides *self, zmq_pollitem_t *items, int max);

/*
 * The next message on side i (of those svc_sides_items gave; NULL past
 * them) that the runtime must handle: a request (new reference), or NULL
 * when none is left. Hello and register answers, heartbeats and a lost
 * session are dealt with here. *fenced is set to the broker's message
 * (kept until the next call) when it said the lease is another's.
 */
json_t *svc_sides_recv(struct svc_sides *self, int i, const char **fenced);

/* Heartbeats, and hello again where a broker did not answer. */
void svc_sides_tick(struct svc_sides *self, int64_t now);

/* The socket to answer request id bid through, or NULL for the main
 * connection (bid from no side's broker). */
void *svc_sides_sock(struct svc_sides *self, const char *bid);

#endif
