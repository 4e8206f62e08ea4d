/*
 * svc_sides.c: a lease holder's doors on every broker (see svc_sides.h).
 *
 * Each side is a DEALER of its own with a session of its own on one
 * broker: hello, then register with the lease's epoch, then heartbeats.
 * A broker that forgets the session (restarted) says no_session; the
 * side says hello again. Requests are handed to the runtime; everything
 * the runtime sends on a side is a reply (svc_sides_sock).
 */
#include "svc_sides.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "util.h"

#define SIDE_HELLO_RETRY_MS 2000
#define SIDES_MAX 8

enum side_state { SIDE_HELLO, SIDE_REGISTER, SIDE_READY };

struct side {
	void *sock;
	char *endpoint;
	enum side_state state;
	int64_t state_at;       /* monotonic ms */
	int64_t last_tx;
	char prefix[16];        /* its broker's request id prefix, once seen */
};

struct svc_sides {
	struct side v[SIDES_MAX];
	int n;
	char *token;
	char service[WIRE_MAX_ID + 1];
	int64_t epoch;
	char fenced[160];       /* the broker's word when it fenced us */
};

static void
side_send(struct side *s, json_t *msg /* stolen */)
{
	if (client_frame_send(s->sock, NULL, 0, 0, msg) == 0)
		s->last_tx = mono_ms();
}

static void
side_hello(struct svc_sides *self, struct side *s)
{
	s->prefix[0] = '\0'; /* a broker started again has another */
	s->state = SIDE_HELLO;
	s->state_at = mono_ms();
	side_send(s, json_pack("{s:s, s:s, s:s}", "type", WIRE_HELLO, "id",
	    "hello", "token", self->token));
}

static void
side_register(struct svc_sides *self, struct side *s)
{
	s->state = SIDE_REGISTER;
	s->state_at = mono_ms();
	side_send(s, json_pack("{s:s, s:s, s:s, s:I}", "type", WIRE_REGISTER,
	    "id", "register", "service", self->service, "epoch",
	    (json_int_t)self->epoch));
}

struct svc_sides *
svc_sides_new(void *ctx, const struct client_eps *eps, const char *home,
    int insecure, const char *token, const char *service, int64_t epoch)
{
	struct svc_sides *self = xcalloc(1, sizeof *self);
	struct wire_error err;
	int zero = 0, i;

	self->token = xstrdup(token);
	snprintf(self->service, sizeof self->service, "%s", service);
	self->epoch = epoch;
	for (i = 0; i < eps->n && i < SIDES_MAX; i++) {
		struct side *s = &self->v[self->n++];

		s->endpoint = xstrdup(eps->v[i]);
		s->sock = zmq_socket(ctx, ZMQ_DEALER);
		zmq_setsockopt(s->sock, ZMQ_LINGER, &zero, sizeof zero);
		if (client_secure(s->sock, s->endpoint, home, insecure,
		    &err) < 0 || (zmq_connect(s->sock, s->endpoint) != 0 &&
		    wire_error_set(&err, E_BAD_REQUEST, "%s",
		    zmq_strerror(errno)))) {
			log_error("%s: no side door to %s: %s", service,
			    s->endpoint, err.message);
			svc_sides_destroy(&self);
			return NULL;
		}
		side_hello(self, s);
	}
	return self;
}

void
svc_sides_destroy(struct svc_sides **self_p)
{
	struct svc_sides *self = *self_p;
	int linger = 100, i;

	if (self == NULL)
		return;
	for (i = 0; i < self->n; i++) {
		if (self->v[i].state != SIDE_HELLO)
			side_send(&self->v[i], json_pack("{s:s}", "type",
			    WIRE_BYE));
		zmq_setsockopt(self->v[i].sock, ZMQ_LINGER, &linger,
		    sizeof linger);
		zmq_close(self->v[i].sock);
		free(self->v[i].endpoint);
	}
	free(self->token);
	free(self);
	*self_p = NULL;
}

int
svc_sides_items(struct svc_sides *self, zmq_pollitem_t *items, int max)
{
	int i;

	for (i = 0; i < self->n && i < max; i++)
		items[i] = (zmq_pollitem_t){ self->v[i].sock, 0, ZMQ_POLLIN, 0 };
	return i;
}

/* Note the broker's request id prefix from a request's id bid. */
static void
side_learn(struct side *s, const char *bid)
{
	const char *dash;

	if (s->prefix[0] != '\0' || bid == NULL || bid[0] != 'b' ||
	    (dash = strchr(bid, '-')) == NULL ||
	    (size_t)(dash - bid) >= sizeof s->prefix)
		return;
	memcpy(s->prefix, bid, (size_t)(dash - bid + 1)); /* "b<prefix>-" */
	s->prefix[dash - bid + 1] = '\0';
}

/* A reply or an error to side s: what it says of the session. *fenced
 * is set when the lease is another's. */
static void
side_answer(struct svc_sides *self, struct side *s, const json_t *msg,
    const char **fenced)
{
	const char *id = json_string_value(json_object_get(msg, "id"));
	const json_t *e = json_object_get(msg, "error");
	const char *code = json_string_value(json_object_get(e, "code"));
	int ok = json_is_true(json_object_get(msg, "ok"));

	if (code != NULL && strcmp(code, E_FENCED) == 0) {
		/* Kept here: msg is freed before the caller reads it. */
		snprintf(self->fenced, sizeof self->fenced, "%s",
		    wire_str(e, "message", "fenced"));
		*fenced = self->fenced;
		return;
	}
	if (code != NULL && strcmp(code, E_NO_SESSION) == 0) {
		side_hello(self, s);
		return;
	}
	if (id == NULL)
		return;
	if (strcmp(id, "hello") == 0 && ok && s->state == SIDE_HELLO)
		side_register(self, s); /* once, however many hellos went */
	else if (strcmp(id, "register") == 0 && ok) {
		s->state = SIDE_READY;
		s->state_at = mono_ms();
		log_info("%s: taking requests through %s too", self->service,
		    s->endpoint);
	} else if (!ok)
		log_warn("%s: %s refused %s: %s", self->service, s->endpoint,
		    id, json_string_value(json_object_get(e, "message")));
}

json_t *
svc_sides_recv(struct svc_sides *self, int i, const char **fenced)
{
	struct side *s = &self->v[i];
	zmq_msg_t frame;
	json_t *msg;
	const char *type;

	if (i >= self->n)
		return NULL;
	for (;;) {
		zmq_msg_init(&frame);
		if (zmq_msg_recv(&frame, s->sock, ZMQ_DONTWAIT) < 0) {
			zmq_msg_close(&frame);
			return NULL;
		}
		msg = wire_decode(zmq_msg_data(&frame), zmq_msg_size(&frame),
		    NULL);
		zmq_msg_close(&frame);
		if (msg == NULL)
			continue;
		type = json_string_value(json_object_get(msg, "type"));
		if (strcmp(type, WIRE_REQUEST) == 0 && s->state == SIDE_READY) {
			side_learn(s, json_string_value(json_object_get(msg,
			    "id")));
			return msg;
		}
		if (strcmp(type, WIRE_REPLY) == 0 ||
		    strcmp(type, WIRE_ERROR) == 0)
			side_answer(self, s, msg, fenced);
		json_decref(msg);
		if (*fenced != NULL)
			return NULL;
	}
}

void
svc_sides_tick(struct svc_sides *self, int64_t now)
{
	struct side *s;
	int i;

	for (i = 0; i < self->n; i++) {
		s = &self->v[i];
		if (s->state != SIDE_READY &&
		    now - s->state_at >= SIDE_HELLO_RETRY_MS)
			side_hello(self, s);
		else if (s->state == SIDE_READY &&
		    now - s->last_tx >= WIRE_HEARTBEAT_MS)
			side_send(s, json_pack("{s:s}", "type",
			    WIRE_HEARTBEAT));
	}
}

void *
svc_sides_sock(struct svc_sides *self, const char *bid)
{
	int i;

	if (self == NULL || bid == NULL)
		return NULL;
	for (i = 0; i < self->n; i++)
		if (self->v[i].prefix[0] != '\0' && strncmp(bid,
		    self->v[i].prefix, strlen(self->v[i].prefix)) == 0)
			return self->v[i].sock;
	return NULL;
}
