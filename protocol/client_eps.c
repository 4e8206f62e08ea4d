/*
 * client_eps.c: a list of brokers and the link to the current one (see
 * client_eps.h).
 */
#include "client_eps.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "util.h"

#define EPS_EVENTS (ZMQ_EVENT_HANDSHAKE_SUCCEEDED | \
	ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | \
	ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | \
	ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_DISCONNECTED | \
	ZMQ_EVENT_CLOSED | ZMQ_EVENT_CONNECT_RETRIED)

int
client_eps_parse(struct client_eps *eps, const char *list,
    struct wire_error *err)
{
	const char *p = list;
	size_t len;

	memset(eps, 0, sizeof *eps);
	while (*p != '\0') {
		len = strcspn(p, ",");
		if (len > 0) {
			eps->v = xrealloc(eps->v, (size_t)(eps->n + 1) *
			    sizeof *eps->v);
			eps->v[eps->n++] = xasprintf("%.*s", (int)len, p);
		}
		p += len + (p[len] == ',');
	}
	if (eps->n == 0)
		return wire_error_set(err, E_BAD_REQUEST, "no endpoint in '%s'",
		    list);
	return 0;
}

/* Start the socket monitor (eps->monitor stays NULL when it fails). */
static void
eps_watch(struct client_eps *eps, void *ctx, void *sock)
{
	char ep[64];

	snprintf(ep, sizeof ep, "inproc://baedal-eps-%p", (void *)eps);
	if (zmq_socket_monitor(sock, ep, EPS_EVENTS) != 0)
		return;
	eps->monitor = zmq_socket(ctx, ZMQ_PAIR);
	if (eps->monitor != NULL && zmq_connect(eps->monitor, ep) != 0) {
		zmq_close(eps->monitor);
		eps->monitor = NULL;
	}
	if (eps->monitor == NULL)
		zmq_socket_monitor(sock, NULL, 0);
}

/* Forget what was known of the link: a new endpoint, or a new try. */
static void
eps_reset(struct client_eps *eps)
{
	eps->since = mono_ms();
	eps->up = eps->lost = eps->refused = 0;
	eps->handshakes_failed = 0;
}

int
client_eps_connect(struct client_eps *eps, void *ctx, void *sock,
    struct wire_error *err)
{
	if (ctx != NULL && eps->monitor == NULL)
		eps_watch(eps, ctx, sock);
	eps_reset(eps);
	if (zmq_connect(sock, eps->v[eps->cur]) != 0)
		return wire_error_set(err, E_BAD_REQUEST, "cannot connect to "
		    "%s: %s", eps->v[eps->cur], zmq_strerror(errno));
	return 0;
}

/* 1 when addr[0..len) (an event's address) names the current endpoint.
 * ZeroMQ reports a tcp peer by its numeric address: an endpoint given by
 * a host name is matched by its port alone. */
static int
eps_is_current(const struct client_eps *eps, const char *addr, size_t len)
{
	const char *cur = eps->v[eps->cur], *port;
	size_t i = len;

	if (strlen(cur) == len && memcmp(cur, addr, len) == 0)
		return 1;
	if (strncmp(cur, "tcp://", 6) != 0 || len < 6 ||
	    memcmp(addr, "tcp://", 6) != 0 ||
	    strspn(cur + 6, "0123456789.:[]") == strcspn(cur + 6, "/"))
		return 0; /* another endpoint, or numeric and not this one */
	port = strrchr(cur, ':');
	while (i > 0 && addr[i - 1] != ':')
		i--;
	return port != NULL && i > 0 && strlen(port) == len - i + 1 &&
	    memcmp(port, addr + i - 1, len - i + 1) == 0;
}

static void
eps_note(struct client_eps *eps, uint16_t event)
{
	switch (event) {
	case ZMQ_EVENT_HANDSHAKE_SUCCEEDED:
		eps->up = 1;
		eps->handshakes_failed = 0;
		break;
	case ZMQ_EVENT_DISCONNECTED:
		if (eps->up)
			eps->lost = 1;
		eps->up = 0;
		break;
	case ZMQ_EVENT_CLOSED:
	case ZMQ_EVENT_CONNECT_RETRIED:
		eps->refused = 1;
		break;
	case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL:
		eps->handshakes_failed++; /* may be a dropped line */
		break;
	default: /* the broker read us and said no: no need to retry */
		eps->handshakes_failed = CLIENT_EPS_HANDSHAKE_REFUSED;
		break;
	}
}

void
client_eps_drain(struct client_eps *eps)
{
	zmq_msg_t head, addr;
	uint16_t event;

	if (eps->monitor == NULL)
		return;
	zmq_msg_init(&head);
	zmq_msg_init(&addr);
	/* Each event is two frames: 6 bytes (event, value), the address. */
	while (zmq_msg_recv(&head, eps->monitor, ZMQ_DONTWAIT) >= 0) {
		if (!zmq_msg_more(&head) || zmq_msg_size(&head) != 6 ||
		    zmq_msg_recv(&addr, eps->monitor, ZMQ_DONTWAIT) < 0)
			continue;
		memcpy(&event, zmq_msg_data(&head), sizeof event);
		/* A socket disconnected from an endpoint may still try it
		 * (ZeroMQ keeps a failing connection's retries): only the
		 * current endpoint's events count. */
		if (eps_is_current(eps, zmq_msg_data(&addr),
		    zmq_msg_size(&addr)))
			eps_note(eps, event);
	}
	zmq_msg_close(&head);
	zmq_msg_close(&addr);
}

const char *
client_eps_gone(const struct client_eps *eps, int64_t now, int64_t last_rx)
{
	if (eps->n < 2)
		return NULL;
	if (eps->lost)
		return "its connection was lost";
	if (!eps->up && eps->refused &&
	    now - eps->since > CLIENT_EPS_UNREACHABLE_MS)
		return "no connection to it could be made";
	if (now - last_rx > WIRE_PEER_TIMEOUT_MS &&
	    now - eps->since > WIRE_PEER_TIMEOUT_MS)
		return "it was silent";
	return NULL;
}

const char *
client_eps_next(struct client_eps *eps, void *sock)
{
	zmq_disconnect(sock, eps->v[eps->cur]);
	eps->cur = (eps->cur + 1) % eps->n;
	eps_reset(eps);
	zmq_connect(sock, eps->v[eps->cur]);
	return eps->v[eps->cur];
}

void
client_eps_free(struct client_eps *eps, void *sock)
{
	if (eps->monitor != NULL) {
		if (sock != NULL)
			zmq_socket_monitor(sock, NULL, 0);
		zmq_close(eps->monitor);
	}
	for (int i = 0; i < eps->n; i++)
		free(eps->v[i]);
	free(eps->v);
	memset(eps, 0, sizeof *eps);
}
