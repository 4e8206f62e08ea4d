/*
 * load_conn.c: raw DEALER connections speaking PROTOCOL.md, and the two
 * frame scanners the generator reads answers with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "load.h"
#include "util.h"

#define HELLO_WAIT_MS 5000

int64_t
load_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
conn_hello(struct conn *c, const char *ep, const char *token)
{
	char buf[4096], *hello;
	int64_t until = load_now_us() + HELLO_WAIT_MS * 1000;
	zmq_pollitem_t it = { c->sock, 0, ZMQ_POLLIN, 0 };

	hello = xasprintf("{\"type\":\"hello\",\"id\":\"hello\","
	    "\"token\":\"%s\"}", token);
	conn_send(c, hello, strlen(hello));
	free(hello);
	while (load_now_us() < until) {
		if (zmq_poll(&it, 1, 100) <= 0)
			continue;
		if (conn_recv(c, buf, sizeof buf) < 0)
			continue;
		if (strstr(buf, "\"id\":\"hello\"") == NULL)
			continue;
		if (strstr(buf, "\"ok\":true") != NULL)
			return;
		fprintf(stderr, "baedal-bench: hello refused by %s: %s\n", ep,
		    buf);
		exit(1);
	}
	fprintf(stderr, "baedal-bench: no answer from %s\n", ep);
	exit(1);
}

struct conn *
conn_open(void *ctx, const char *ep, const char *token, int req_style)
{
	struct conn *c = xcalloc(1, sizeof *c);
	int zero = 0, hwm = 100000;

	c->sock = zmq_socket(ctx, ZMQ_DEALER);
	c->req_style = req_style;
	zmq_setsockopt(c->sock, ZMQ_LINGER, &zero, sizeof zero);
	zmq_setsockopt(c->sock, ZMQ_SNDHWM, &hwm, sizeof hwm);
	zmq_setsockopt(c->sock, ZMQ_RCVHWM, &hwm, sizeof hwm);
	if (zmq_connect(c->sock, ep) != 0) {
		fprintf(stderr, "baedal-bench: %s: %s\n", ep,
		    zmq_strerror(zmq_errno()));
		exit(1);
	}
	if (token != NULL)
		conn_hello(c, ep, token);
	return c;
}

void
conn_close(struct conn **self_p)
{
	struct conn *c = *self_p;

	if (c == NULL)
		return;
	if (c->req_style == 0)
		conn_send(c, "{\"type\":\"bye\"}", 14);
	zmq_close(c->sock);
	free(c);
	*self_p = NULL;
}

int
conn_send(struct conn *c, const char *buf, size_t len)
{
	c->last_tx = load_now_us();
	if (c->req_style && zmq_send(c->sock, "", 0, ZMQ_SNDMORE) < 0)
		return -1;
	return zmq_send(c->sock, buf, len, 0) < 0 ? -1 : 0;
}

int
conn_recv(struct conn *c, char *buf, size_t cap)
{
	int len, more;
	size_t sz = sizeof more;

	do {
		len = zmq_recv(c->sock, buf, cap - 1, ZMQ_DONTWAIT);
		if (len < 0)
			return -1;
		more = 0;
		zmq_getsockopt(c->sock, ZMQ_RCVMORE, &more, &sz);
	} while (more); /* the delimiter before a REQ-style frame */
	if ((size_t)len > cap - 1)
		len = (int)cap - 1;
	buf[len] = '\0';
	return len;
}

void
conn_keepalive(struct conn *c, int64_t now)
{
	static const char beat[] = "{\"type\":\"heartbeat\"}";

	if (c->req_style == 0 && now - c->last_tx > 1000000)
		conn_send(c, beat, sizeof beat - 1);
}

int64_t
frame_int(const char *frame, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof pat, "\"%s\":", key);
	if ((p = strstr(frame, pat)) == NULL)
		return -1;
	return strtoll(p + strlen(pat), NULL, 10);
}

int
frame_is(const char *frame, const char *type)
{
	size_t n = strlen(type);

	return strncmp(frame, "{\"type\":\"", 9) == 0 &&
	    strncmp(frame + 9, type, n) == 0 && frame[9 + n] == '"';
}
