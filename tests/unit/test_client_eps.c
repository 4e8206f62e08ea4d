/*
 * test_client_eps.c: when a client or a service leaves its broker for the
 * next of its list (protocol/client_eps.c), against real ZeroMQ sockets:
 * a connection lost is heard at once, an endpoint that refuses is left
 * after 0.5 s, a silent one after 3.5 s, a list of one is never left, and
 * a tcp endpoint given by a host name is matched by its port.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#include "check.h"
#include "client_eps.h"
#include "util.h"

#define WAIT_MS 3000

static void *ctx;

/* Drain eps until *flag is set or WAIT_MS passes; returns *flag. */
static int
wait_flag(struct client_eps *eps, const int *flag)
{
	int64_t end = mono_ms() + WAIT_MS;

	while (!*flag && mono_ms() < end) {
		usleep(10000);
		client_eps_drain(eps);
	}
	return *flag;
}

/* A broker stand-in: a ROUTER bound to ep (NULL when it cannot be). */
static void *
broker_at(const char *ep)
{
	void *r = zmq_socket(ctx, ZMQ_ROUTER);
	int zero = 0;

	zmq_setsockopt(r, ZMQ_LINGER, &zero, sizeof zero);
	if (zmq_bind(r, ep) != 0) {
		zmq_close(r);
		return NULL;
	}
	return r;
}

static void *
dealer(void)
{
	void *d = zmq_socket(ctx, ZMQ_DEALER);
	int zero = 0;

	zmq_setsockopt(d, ZMQ_LINGER, &zero, sizeof zero);
	return d;
}

static void
test_lost_then_refused(const char *dir)
{
	char a[256], b[256], list[600];
	struct client_eps eps;
	struct wire_error err;
	void *ra, *d = dealer();
	const char *why;
	int64_t t;

	snprintf(a, sizeof a, "ipc://%s/a", dir);
	snprintf(b, sizeof b, "ipc://%s/b", dir);
	snprintf(list, sizeof list, "%s,%s", a, b);
	ra = broker_at(a);
	check(ra != NULL && client_eps_parse(&eps, list, &err) == 0 &&
	    eps.n == 2 && client_eps_connect(&eps, ctx, d, &err) == 0,
	    "a list of two is parsed and the first connected");
	check(eps.monitor != NULL && wait_flag(&eps, &eps.up),
	    "the monitor sees the connection come up");
	t = mono_ms();
	check(client_eps_gone(&eps, t + 1000, t) == NULL,
	    "a broker that is up and speaks is kept");
	check((why = client_eps_gone(&eps, t + 3600, t - 3600)) != NULL &&
	    strcmp(why, "it was silent") == 0,
	    "one silent for 3.5 s while up is left as silent");
	zmq_close(ra); /* as the kernel does for a killed process */
	check(wait_flag(&eps, &eps.lost), "closing the broker's socket is "
	    "heard as a lost connection");
	t = mono_ms();
	check((why = client_eps_gone(&eps, t, t)) != NULL &&
	    strcmp(why, "its connection was lost") == 0,
	    "  and it is left at once, though it spoke just now");
	check(strcmp(client_eps_next(&eps, d), b) == 0 && !eps.lost &&
	    !eps.up, "the next endpoint is used, with nothing known of it");
	check(wait_flag(&eps, &eps.refused),
	    "nothing listening there: an attempt is refused");
	check(client_eps_gone(&eps, eps.since + 100, eps.since + 100) == NULL,
	    "  it is kept for 0.5 s");
	check((why = client_eps_gone(&eps, eps.since + 600, eps.since + 600))
	    != NULL && strcmp(why, "no connection to it could be made") == 0,
	    "  then left");
	client_eps_free(&eps, d);
	check(eps.n == 0 && eps.monitor == NULL, "free empties the list");
	zmq_close(d);
}

static void
test_one_and_names(void)
{
	char ep[64], by_name[64], list[140];
	struct client_eps eps;
	struct wire_error err;
	size_t len = sizeof ep;
	void *r = broker_at("tcp://127.0.0.1:*"), *d = dealer();
	int64_t t;

	if (r == NULL || zmq_getsockopt(r, ZMQ_LAST_ENDPOINT, ep, &len) != 0) {
		check(0, "a tcp broker stand-in on the loopback");
		return;
	}
	snprintf(by_name, sizeof by_name, "tcp://localhost%s",
	    strrchr(ep, ':'));
	snprintf(list, sizeof list, "%s,%s", by_name, ep);
	check(client_eps_parse(&eps, list, &err) == 0 &&
	    client_eps_connect(&eps, ctx, d, &err) == 0 &&
	    wait_flag(&eps, &eps.up), "an endpoint given by a host name is "
	    "matched to the numeric address of its events");
	client_eps_free(&eps, d);
	zmq_close(d);
	zmq_close(r);

	check(client_eps_parse(&eps, "ipc:///nonexistent/baedal-eps", &err)
	    == 0 && eps.n == 1, "a list of one");
	t = mono_ms();
	eps.lost = eps.refused = 1;
	check(client_eps_gone(&eps, t + 10000, t - 10000) == NULL,
	    "  is never left: there is nowhere to go");
	client_eps_free(&eps, NULL);
	check(client_eps_parse(&eps, ",,", &err) != 0 &&
	    strcmp(err.code, E_BAD_REQUEST) == 0, "a list with no endpoint "
	    "is refused");
}

int
main(void)
{
	char dir[] = "/tmp/bdl-eps.XXXXXX";
	char path[64];

	ctx = zmq_ctx_new();
	if (mkdtemp(dir) == NULL) {
		check(0, "a temporary directory");
		return check_status();
	}
	test_lost_then_refused(dir);
	test_one_and_names();
	zmq_ctx_term(ctx);
	snprintf(path, sizeof path, "%s/a", dir);
	unlink(path);
	rmdir(dir);
	return check_status();
}
