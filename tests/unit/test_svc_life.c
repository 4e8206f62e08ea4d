/*
 * test_svc_life.c: a service's lifetime belongs to the runtime. The same
 * svc_defs (store, order, payment) run twice in one process, each time on
 * a fresh data directory, against one in-process broker. Each run places
 * an order whose payment call hangs on a gateway that never answers, and
 * stops while it is in flight: the second run must start clean (its own
 * state, not the first run's leftovers), and under LeakSanitizer nothing
 * of either run may be left behind.
 */
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zmq.h>

#include "broker.h"
#include "check.h"
#include "client.h"
#include "config.h"
#include "credentials.h"
#include "svc.h"
#include "util.h"

extern const struct svc_def store_service;
extern const struct svc_def order_service;
extern const struct svc_def payment_service;

#define FRONT "inproc://test-svc-life-front"

struct runner {
	pthread_t tid;
	const struct svc_def *def;
	const struct config *cfg;
	void *ctx;
	const char *token;
	volatile sig_atomic_t *stop;
	int rc;
};

static void *
runner_main(void *arg)
{
	struct runner *r = arg;

	r->rc = svc_run(r->def, r->cfg, r->ctx, BROKER_INPROC_BACK, r->token,
	    r->stop);
	return NULL;
}

struct broker_thread {
	pthread_t tid;
	struct broker *broker;
	volatile sig_atomic_t stop;
};

static void *
broker_main(void *arg)
{
	struct broker_thread *t = arg;

	broker_run(t->broker, &t->stop);
	return NULL;
}

/* A TCP port that takes connections and never answers: the payment
 * gateway's calls hang there until their timeout. Returns the socket. */
static int
silent_listener(int *port)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(fd, 16) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0)
		return -1;
	*port = ntohs(a.sin_port);
	return fd;
}

/* order.stats' member key, or -1 when stats cannot be had. */
static int64_t
order_stat(struct client *c, const char *key)
{
	struct wire_error err;
	json_t *r = client_call(c, "order", "stats", NULL, 2000, &err);
	int64_t v = r ? json_integer_value(json_object_get(r, key)) : -1;

	json_decref(r);
	return v;
}

/* Requests the broker holds for a service, or -1. */
static int64_t
broker_pending(struct client *c)
{
	struct wire_error err;
	json_t *r = client_call(c, "broker", "stats", NULL, 2000, &err);
	int64_t v = r ? json_integer_value(json_object_get(r, "pending")) : -1;

	json_decref(r);
	return v;
}

/* One run of the three services on data directory home, checked. */
static void
run_once(int round, const struct config *base, const char *home, void *ctx,
    const char *svc_token, const char *customer_token)
{
	static const struct svc_def *const defs[] = { &store_service,
	    &order_service, &payment_service };
	struct runner r[3];
	struct config cfg = *base;
	volatile sig_atomic_t stop = 0;
	struct wire_error err;
	struct client *c;
	json_t *quote = NULL, *placed;
	int64_t in_flight = -1;
	size_t i;
	int tries, clean = 1;

	cfg.home = (char *)home;
	mkdir(home, 0700);
	for (i = 0; i < 3; i++) {
		r[i] = (struct runner){ 0, defs[i], &cfg, ctx, svc_token,
		    &stop, -1 };
		pthread_create(&r[i].tid, NULL, runner_main, &r[i]);
	}
	c = client_new(ctx, FRONT, customer_token, &err);
	check(c != NULL && client_wait_ready(c, 5000, &err) != NULL,
	    "run %d: a customer connects", round);
	/* Order learns the menus from store's events. */
	for (tries = 0; tries < 100 && quote == NULL; tries++) {
		quote = client_call(c, "order", "quote", json_pack("{s:s, "
		    "s:[{s:s, s:i}]}", "shop_id", "chicken", "items", "item_id",
		    "fried", "qty", 1), 1000, &err);
		if (quote == NULL)
			usleep(50 * 1000);
	}
	check(quote != NULL, "run %d: order knows store's menus", round);
	json_decref(quote);
	check(order_stat(c, "in_flight") == 0 && order_stat(c, "placed") == 0,
	    "run %d: order starts with nothing in flight", round);
	/* The answer never comes in time for this call: the payment hangs. */
	placed = client_call(c, "order", "place", json_pack("{s:s, s:[{s:s, "
	    "s:i}], s:s, s:s}", "shop_id", "chicken", "items", "item_id",
	    "fried", "qty", 1, "address", "서울시 마포구 1", "card",
	    "4111111111111111"), 200, &err);
	check(placed == NULL && strcmp(err.code, E_TIMEOUT) == 0,
	    "run %d: the place call waits on the payment", round);
	json_decref(placed);
	for (tries = 0; tries < 40 && in_flight != 1; tries++) {
		in_flight = order_stat(c, "in_flight");
		if (in_flight != 1)
			usleep(25 * 1000);
	}
	check(in_flight == 1, "run %d: one payment call in flight, this "
	    "run's own", round);
	stop = 1;
	for (i = 0; i < 3; i++) {
		pthread_join(r[i].tid, NULL);
		clean = clean && r[i].rc == 0;
	}
	check(clean, "run %d: store, order and payment stop cleanly with the "
	    "call in flight", round);
	/* The broker holds the orphaned approve for another payment worker
	 * until its deadline; the next run's order ids start again at the
	 * same number, so let it expire first. */
	for (tries = 0; tries < 100 && broker_pending(c) != 0; tries++)
		usleep(50 * 1000);
	client_destroy(&c);
}

int
main(void)
{
	char tmpl[] = "/tmp/baedal-svc-life.XXXXXX";
	char *home, *dir, *svc_token, *customer_token, *cmd;
	struct broker_thread bt = { 0 };
	struct wire_error err;
	struct config cfg;
	void *ctx;
	int listener, port = 0, i;

	log_set_level("warn");
	if ((home = mkdtemp(tmpl)) == NULL ||
	    (listener = silent_listener(&port)) < 0) {
		check(0, "a temporary directory and a listening port");
		return check_status();
	}
	config_defaults(&cfg);
	free(cfg.home);
	free(cfg.front);
	free(cfg.back);
	free(cfg.pg_url);
	cfg.home = xstrdup(home);
	cfg.front = xstrdup(FRONT);
	cfg.back = xstrdup("inproc://test-svc-life-back");
	cfg.pg_url = xasprintf("http://127.0.0.1:%d", port);
	cfg.payment_deadline_ms = 1500;
	cfg.pg_timeout_ms = 1000;
	cfg.demo = 1;
	ctx = zmq_ctx_new();
	if (check((bt.broker = broker_new(&cfg, ctx)) != NULL,
	    "an in-process broker starts")) {
		pthread_create(&bt.tid, NULL, broker_main, &bt);
		svc_token = credentials_token(home, "svc", &err);
		customer_token = credentials_token(home, "minji", &err);
		if (check(svc_token != NULL && customer_token != NULL,
		    "the broker wrote the service's and minji's tokens")) {
			for (i = 0; i < 2; i++) {
				dir = xasprintf("%s/run%d", home, i + 1);
				run_once(i + 1, &cfg, dir, ctx, svc_token,
				    customer_token);
				free(dir);
			}
		}
		free(svc_token);
		free(customer_token);
		bt.stop = 1;
		pthread_join(bt.tid, NULL);
		broker_destroy(&bt.broker);
	}
	zmq_ctx_term(ctx);
	close(listener);
	cmd = xasprintf("rm -rf '%s'", home);
	if (system(cmd) != 0)
		check(0, "remove %s", home);
	free(cmd);
	config_free(&cfg);
	return check_status();
}
