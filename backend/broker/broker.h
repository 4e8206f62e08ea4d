/*
 * broker.h: the single entry point. A ROUTER front door for clients and a
 * ROUTER back door for services; requests routed by service name with
 * deadlines; the event log with resumable, filtered subscriptions;
 * identities checked at hello; heartbeats both ways.
 */
#ifndef BAEDAL_BROKER_H
#define BAEDAL_BROKER_H

#include <signal.h>

#include "config.h"

struct broker;

/* The in-process back door that baedald's own service threads join. */
#define BROKER_INPROC_BACK "inproc://baedal-back"

/*
 * Open <home>/broker.db (creating users on first start) and bind the front
 * door to cfg->front and the back door to cfg->back and BROKER_INPROC_BACK
 * on zmq_ctx. Returns NULL, with the reason logged, on failure.
 */
struct broker *broker_new(const struct config *cfg, void *zmq_ctx);

/* Serve until *stop becomes non-zero. Returns 0. */
int broker_run(struct broker *self, volatile sig_atomic_t *stop);

/* Close sockets and the database; accepts NULL, nulls *self_p. */
void broker_destroy(struct broker **self_p);

#endif
