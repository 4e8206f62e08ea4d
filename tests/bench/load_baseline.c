/*
 * load_baseline.c: the yardstick for the broker's request hop. A bare
 * zmq_proxy (ROUTER in front, DEALER behind) with one REP socket echoing
 * every frame: what ZeroMQ alone costs for a request and its answer on
 * this machine, in this run.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "load.h"
#include "util.h"

struct baseline {
	void *ctx;
	char *front, *back;
	void *control;          /* PAIR to the proxy: "TERMINATE" ends it */
	atomic_int stop;        /* ends the echo */
	pthread_t proxy, echo;
};

#define CONTROL "inproc://bench-baseline"

static void *
baseline_proxy(void *arg)
{
	struct baseline *b = arg;
	void *front = zmq_socket(b->ctx, ZMQ_ROUTER);
	void *back = zmq_socket(b->ctx, ZMQ_DEALER);
	void *control = zmq_socket(b->ctx, ZMQ_PAIR);
	int zero = 0;

	zmq_setsockopt(front, ZMQ_LINGER, &zero, sizeof zero);
	zmq_setsockopt(back, ZMQ_LINGER, &zero, sizeof zero);
	zmq_bind(front, b->front);
	zmq_bind(back, b->back);
	zmq_connect(control, CONTROL);
	zmq_proxy_steerable(front, back, NULL, control);
	zmq_close(front);
	zmq_close(back);
	zmq_close(control);
	return NULL;
}

static void *
baseline_echo(void *arg)
{
	struct baseline *b = arg;
	void *rep = zmq_socket(b->ctx, ZMQ_REP);
	zmq_pollitem_t it = { rep, 0, ZMQ_POLLIN, 0 };
	zmq_msg_t msg;
	int zero = 0;

	zmq_setsockopt(rep, ZMQ_LINGER, &zero, sizeof zero);
	zmq_connect(rep, b->back);
	zmq_msg_init(&msg);
	while (!atomic_load(&b->stop)) {
		if (zmq_poll(&it, 1, 100) <= 0)
			continue;
		if (zmq_msg_recv(&msg, rep, 0) < 0 ||
		    zmq_msg_send(&msg, rep, 0) < 0)
			break;
	}
	zmq_msg_close(&msg);
	zmq_close(rep);
	return NULL;
}

struct baseline *
baseline_start(void *ctx, const char *dir)
{
	struct baseline *b = xcalloc(1, sizeof *b);

	b->ctx = ctx;
	b->front = xasprintf("ipc://%s/base-front", dir);
	b->back = xasprintf("ipc://%s/base-back", dir);
	b->control = zmq_socket(ctx, ZMQ_PAIR);
	zmq_bind(b->control, CONTROL); /* inproc: bind before connect */
	atomic_init(&b->stop, 0);
	pthread_create(&b->proxy, NULL, baseline_proxy, b);
	pthread_create(&b->echo, NULL, baseline_echo, b);
	return b;
}

const char *
baseline_endpoint(const struct baseline *b)
{
	return b->front;
}

void
baseline_stop(struct baseline **self_p)
{
	struct baseline *b = *self_p;

	if (b == NULL)
		return;
	atomic_store(&b->stop, 1);
	pthread_join(b->echo, NULL);
	zmq_send(b->control, "TERMINATE", 9, 0);
	pthread_join(b->proxy, NULL);
	zmq_close(b->control);
	free(b->front);
	free(b->back);
	free(b);
	*self_p = NULL;
}
