/*
 * client.c: one DEALER connection to the broker, with hello, calls,
 * subscriptions that resume from their last event, and heartbeats.
 */
#include "client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "util.h"

#define HELLO_RETRY_MS 2000
#define HELLO_RESEND_MS 5
#define CALL_GRACE_MS 500
#define ACK_EVERY (WIRE_SUB_WINDOW / 4)
#define Z85_KEY 40
/* Handshakes refused in a row, none accepted, before saying so. */
#define HANDSHAKE_TRIES 2

enum client_state { CLIENT_HELLO, CLIENT_READY, CLIENT_REFUSED };

struct client_sub {
	char *name;
	json_t *filter;
	int64_t last_seq;   /* last event received: resume after it */
	int unacked;        /* received since the last ack */
	struct client_sub *next;
};

struct client {
	void *ctx;
	int own_ctx;
	void *sock;
	char *token;
	enum client_state state;
	char hello_id[32];
	int64_t hello_sent;
	int64_t last_rx;
	int64_t last_tx;
	uint64_t next_id;
	char nonce[17];          /* makes request ids unique per client */
	json_t *identity;
	json_t *events;          /* queued for client_next_event */
	json_t *pending_reply;   /* the reply of the call in progress */
	const char *call_id;
	int call_resend;         /* a new session: send the call again */
	struct client_sub *subs;
	struct wire_error last_error;
	char *endpoint;
	struct client_eps eps;   /* the brokers, and the link to ours */
	int curve;               /* speaking CURVE */
};

int
client_frame_send(void *sock, const void *rid, size_t rid_len, int req_style,
    json_t *msg)
{
	size_t len;
	char *buf = wire_encode(msg, &len, NULL);
	int rc;

	json_decref(msg);
	if (buf == NULL)
		return CLIENT_TOO_LARGE;
	rc = client_bytes_send(sock, rid, rid_len, req_style, buf, len);
	free(buf);
	return rc;
}

int
client_bytes_send(void *sock, const void *rid, size_t rid_len, int req_style,
    const void *buf, size_t len)
{
	if (rid == NULL)
		return zmq_send(sock, buf, len, ZMQ_DONTWAIT) >= 0 ? 0 : -1;
	if (zmq_send(sock, rid, rid_len, ZMQ_SNDMORE | ZMQ_DONTWAIT) >= 0 &&
	    (!req_style || zmq_send(sock, "", 0, ZMQ_SNDMORE) >= 0) &&
	    zmq_send(sock, buf, len, 0) >= 0)
		return 0;
	return -1;
}

/* Send msg (stolen); 0 when sent (a too-large message counts as -1). */
static int
client_send(struct client *self, json_t *msg /* stolen */)
{
	if (client_frame_send(self->sock, NULL, 0, 0, msg) != 0)
		return -1;
	self->last_tx = mono_ms();
	return 0;
}

static void
client_send_hello(struct client *self)
{
	snprintf(self->hello_id, sizeof self->hello_id, "hello-%llu",
	    (unsigned long long)++self->next_id);
	self->state = CLIENT_HELLO;
	self->hello_sent = mono_ms();
	/* Not connected yet (ZMQ_IMMEDIATE keeps nothing for a missing peer,
	 * so a late request never reaches a broker after we gave up on it):
	 * try again shortly. */
	if (client_send(self, json_pack("{s:s, s:s, s:s}", "type", WIRE_HELLO,
	    "id", self->hello_id, "token", self->token)) != 0)
		self->hello_sent -= HELLO_RETRY_MS - HELLO_RESEND_MS;
}

static void
client_send_subscribe(struct client *self, struct client_sub *sub)
{
	char id[WIRE_MAX_ID + 8];

	json_t *msg;

	snprintf(id, sizeof id, "sub-%s", sub->name);
	sub->unacked = 0;
	msg = json_pack("{s:s, s:s, s:s, s:i, s:O}", "type", WIRE_SUBSCRIBE,
	    "id", id, "sub", sub->name, "batch", WIRE_MAX_BATCH, "filter",
	    sub->filter);
	/* No position yet (live only, nothing received): the broker starts
	 * from its head. */
	if (sub->last_seq >= 0)
		json_object_set_new(msg, "from", json_integer(sub->last_seq));
	client_send(self, msg);
}

/* A Z85 key (40 characters) from spec, the key itself or a file that
 * holds it, into key[41]. 0 or -1. */
static int
key_load(const char *spec, char *key)
{
	uint8_t raw[32];
	FILE *f;
	size_t n = 0;

	if (strlen(spec) == Z85_KEY)
		memcpy(key, spec, Z85_KEY);
	else if ((f = fopen(spec, "r")) != NULL) {
		n = fread(key, 1, Z85_KEY, f);
		fclose(f);
		if (n != Z85_KEY)
			return -1;
	} else
		return -1;
	key[Z85_KEY] = '\0';
	return zmq_z85_decode(raw, key) != NULL ? 0 : -1;
}

int
client_secure(void *sock, const char *endpoint, const char *home,
    int insecure, struct wire_error *err)
{
	const char *env = getenv("BAEDAL_SERVER_KEY");
	const char *plain = getenv("BAEDAL_INSECURE");
	char server[Z85_KEY + 1], public[Z85_KEY + 1], secret[Z85_KEY + 1];
	char *path, *dflt = NULL;
	int rc;

	if (strncmp(endpoint, "tcp://", 6) != 0 || insecure ||
	    (plain != NULL && strcmp(plain, "1") == 0))
		return 0;
	if (env != NULL && *env != '\0') {
		if (key_load(env, server) != 0)
			return wire_error_set(err, E_BAD_REQUEST,
			    "BAEDAL_SERVER_KEY is neither a CURVE public key "
			    "(40 characters of Z85) nor a file holding one");
	} else {
		if (home == NULL && (home = getenv("BAEDAL_HOME")) == NULL)
			home = dflt = baedal_default_home();
		path = xasprintf("%s/server.pub", home);
		rc = key_load(path, server);
		free(path);
		free(dflt);
		if (rc != 0)
			return wire_error_set(err, E_BAD_REQUEST,
			    "%s is encrypted (CURVE): give the broker's public "
			    "key in BAEDAL_SERVER_KEY (the key or its file; it "
			    "is server.pub in the broker's data directory), or "
			    "BAEDAL_INSECURE=1 for a broker run with --insecure",
			    endpoint);
	}
	if (zmq_curve_keypair(public, secret) != 0 ||
	    zmq_setsockopt(sock, ZMQ_CURVE_SERVERKEY, server, Z85_KEY) ||
	    zmq_setsockopt(sock, ZMQ_CURVE_PUBLICKEY, public, Z85_KEY) ||
	    zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, secret, Z85_KEY))
		return wire_error_set(err, E_BAD_REQUEST, "cannot set up CURVE: "
		    "%s", zmq_strerror(errno));
	return 1;
}

struct client *
client_new(void *zmq_ctx, const char *endpoint, const char *token,
    struct wire_error *err)
{
	struct client *self = xcalloc(1, sizeof *self);
	int zero = 0, one = 1, secure;

	self->own_ctx = zmq_ctx == NULL;
	self->ctx = zmq_ctx ? zmq_ctx : zmq_ctx_new();
	self->sock = zmq_socket(self->ctx, ZMQ_DEALER);
	zmq_setsockopt(self->sock, ZMQ_LINGER, &zero, sizeof zero);
	zmq_setsockopt(self->sock, ZMQ_IMMEDIATE, &one, sizeof one);
	if ((secure = client_secure(self->sock, endpoint, NULL, 0, err)) < 0) {
		client_destroy(&self);
		return NULL;
	}
	self->curve = secure;
	self->endpoint = xstrdup(endpoint);
	if (client_eps_parse(&self->eps, endpoint, err) != 0 ||
	    client_eps_connect(&self->eps, self->ctx, self->sock, err) != 0) {
		client_destroy(&self);
		return NULL;
	}
	self->token = xstrdup(token ? token : "");
	random_hex(self->nonce, 8);
	self->events = json_array();
	self->last_rx = self->hello_sent = mono_ms() - WIRE_PEER_TIMEOUT_MS;
	client_send_hello(self);
	return self;
}

void
client_destroy(struct client **self_p)
{
	struct client *self = *self_p;
	struct client_sub *sub, *next;

	if (self == NULL)
		return;
	for (sub = self->subs; sub != NULL; sub = next) {
		next = sub->next;
		free(sub->name);
		json_decref(sub->filter);
		free(sub);
	}
	if (self->sock != NULL) {
		int linger = 100; /* long enough for the bye to leave */

		if (self->state == CLIENT_READY)
			client_send(self, json_pack("{s:s}", "type", WIRE_BYE));
		zmq_setsockopt(self->sock, ZMQ_LINGER, &linger, sizeof linger);
	}
	client_eps_free(&self->eps, self->sock);
	if (self->sock != NULL)
		zmq_close(self->sock);
	if (self->own_ctx)
		zmq_ctx_term(self->ctx);
	json_decref(self->identity);
	json_decref(self->events);
	json_decref(self->pending_reply);
	free(self->token);
	free(self->endpoint);
	free(self);
	*self_p = NULL;
}

static struct client_sub *
client_find_sub(struct client *self, const char *name)
{
	struct client_sub *sub;

	for (sub = self->subs; sub != NULL; sub = sub->next)
		if (strcmp(sub->name, name) == 0)
			return sub;
	return NULL;
}

static void
client_ack(struct client *self, struct client_sub *sub)
{
	if (sub->unacked == 0)
		return;
	if (client_send(self, json_pack("{s:s, s:s, s:i, s:I}", "type",
	    WIRE_ACK, "sub", sub->name, "count", sub->unacked, "seq",
	    (json_int_t)sub->last_seq)) == 0)
		sub->unacked = 0;
}

static void
client_on_hello(struct client *self, json_t *reply)
{
	json_t *result = NULL;
	struct client_sub *sub;
	struct wire_error err;

	if (wire_reply_parse(reply, &result, &err) != 1) {
		self->last_error = err;
		self->state = CLIENT_REFUSED;
		return;
	}
	json_decref(self->identity);
	self->identity = json_incref(result);
	self->state = CLIENT_READY;
	/* The new session knows nothing of a call sent to the old one: send
	 * it again, with the same id, so it is done at most once. */
	if (self->call_id != NULL)
		self->call_resend = 1;
	for (sub = self->subs; sub != NULL; sub = sub->next)
		client_send_subscribe(self, sub);
}

/* Take event (borrowed) of subscription name: queued for the caller
 * unless seen already; acknowledged in groups. */
static void
client_take_event(struct client *self, const char *name, json_t *event)
{
	int64_t seq = 0;
	struct client_sub *sub;

	if (!json_is_object(event) ||
	    wire_get_int(event, "seq", 1, 1, INT64_MAX, &seq, NULL) != 0 ||
	    (sub = client_find_sub(self, name)) == NULL)
		return;
	sub->unacked++;
	if (seq <= sub->last_seq)
		return; /* already seen before a resume: not doubled */
	sub->last_seq = seq;
	json_array_append_new(self->events, json_pack("{s:s, s:O}", "sub",
	    name, "event", event));
	if (sub->unacked >= ACK_EVERY)
		client_ack(self, sub);
}

/* An "event" frame, or an "events" frame of several. */
static void
client_on_event(struct client *self, json_t *msg)
{
	const char *name = NULL;
	json_t *event;
	size_t i;

	if (wire_get_str(msg, "sub", 1, &name, NULL) != 0)
		return;
	json_array_foreach(json_object_get(msg, "events"), i, event)
		client_take_event(self, name, event);
	if ((event = json_object_get(msg, "event")) != NULL)
		client_take_event(self, name, event);
}

/* Handle one message from the broker; takes ownership of msg. */
static void
client_handle(struct client *self, json_t *msg)
{
	const char *type = json_string_value(json_object_get(msg, "type"));
	const char *id = json_string_value(json_object_get(msg, "id"));
	json_t *e;

	self->last_rx = mono_ms();
	if (strcmp(type, WIRE_REPLY) == 0 && id != NULL &&
	    strcmp(id, self->hello_id) != 0 && json_is_false(json_object_get(
	    msg, "ok")) && json_is_object(e = json_object_get(msg, "error")) &&
	    json_is_string(json_object_get(e, "code")) &&
	    strcmp(json_string_value(json_object_get(e, "code")),
	    E_NO_SESSION) == 0) {
		/* The broker forgot us (it restarted): a new session, and the
		 * call in progress goes again once it is there. */
		if (self->state != CLIENT_HELLO)
			client_send_hello(self);
	} else if (strcmp(type, WIRE_REPLY) == 0 && id != NULL) {
		if (strcmp(id, self->hello_id) == 0)
			client_on_hello(self, msg);
		else if (self->call_id && strcmp(id, self->call_id) == 0) {
			json_decref(self->pending_reply);
			self->pending_reply = json_incref(msg);
		} else if (strncmp(id, "sub-", 4) == 0 &&
		    json_is_false(json_object_get(msg, "ok")))
			wire_reply_parse(msg, &e, &self->last_error);
	} else if (strcmp(type, WIRE_EVENT) == 0 ||
	    strcmp(type, WIRE_EVENTS) == 0) {
		client_on_event(self, msg);
	} else if (strcmp(type, WIRE_LIVE) == 0) {
		json_array_append_new(self->events, json_pack("{s:O?, s:O?}",
		    "sub", json_object_get(msg, "sub"), "live",
		    json_object_get(msg, "seq")));
	} else if (strcmp(type, WIRE_ERROR) == 0) {
		e = json_object_get(msg, "error");
		if (json_is_object(e)) {
			const char *code = json_string_value(
			    json_object_get(e, "code"));
			const char *text = json_string_value(
			    json_object_get(e, "message"));

			wire_error_set(&self->last_error, code ? code : "?",
			    "%s", text ? text : "");
			if (code && strcmp(code, E_NO_SESSION) == 0 &&
			    self->state != CLIENT_HELLO)
				client_send_hello(self);
		}
	}
	json_decref(msg);
}

/* Receive everything waiting on the socket. */
static void
client_drain(struct client *self)
{
	zmq_msg_t frame;
	json_t *msg;

	zmq_msg_init(&frame);
	while (zmq_msg_recv(&frame, self->sock, ZMQ_DONTWAIT) >= 0) {
		msg = wire_decode(zmq_msg_data(&frame), zmq_msg_size(&frame),
		    NULL);
		if (msg != NULL)
			client_handle(self, msg);
	}
	zmq_msg_close(&frame);
}

/* Heartbeats, acks and hello retries. */
static void
client_tick(struct client *self)
{
	int64_t now = mono_ms();
	struct client_sub *sub;
	const char *why;

	if (self->state != CLIENT_READY &&
	    now - self->hello_sent >= HELLO_RETRY_MS)
		client_send_hello(self);
	if (self->state == CLIENT_READY)
		for (sub = self->subs; sub != NULL; sub = sub->next)
			client_ack(self, sub);
	if (now - self->last_tx >= WIRE_HEARTBEAT_MS)
		client_send(self, json_pack("{s:s}", "type", WIRE_HEARTBEAT));
	/* A broker silent for long is gone: when it answers again it will
	 * not know us, so ask for a fresh session right away; with a list,
	 * at the next broker, as soon as ours is known gone (client_eps.h). */
	client_eps_drain(&self->eps);
	if (self->state != CLIENT_REFUSED &&
	    (why = client_eps_gone(&self->eps, now, self->last_rx)) != NULL) {
		log_debug("the broker at %s is left: %s",
		    self->eps.v[self->eps.cur], why);
		client_eps_next(&self->eps, self->sock);
		client_send_hello(self);
	} else if (self->state == CLIENT_READY &&
	    now - self->last_rx > WIRE_PEER_TIMEOUT_MS)
		client_send_hello(self);
}

/* Wait up to timeout_ms for input, then drain it. */
static void
client_pump(struct client *self, int timeout_ms)
{
	zmq_pollitem_t item = { self->sock, 0, ZMQ_POLLIN, 0 };

	client_tick(self);
	if (timeout_ms > 0)
		zmq_poll(&item, 1, timeout_ms);
	client_drain(self);
	client_eps_drain(&self->eps);
}

const json_t *
client_wait_ready(struct client *self, int timeout_ms,
    struct wire_error *err)
{
	int64_t deadline = mono_ms() + timeout_ms, left;

	while (self->state == CLIENT_HELLO &&
	    (left = deadline - mono_ms()) > 0) {
		client_pump(self, left < 5 ? (int)left : 5);
		if (self->eps.handshakes_failed >= HANDSHAKE_TRIES) {
			wire_error_set(err, E_UNAUTHORIZED, "the broker at %s "
			    "refuses the connection's handshake: %s",
			    self->endpoint, self->curve ? "is its public key "
			    "right? (BAEDAL_SERVER_KEY, or server.pub in its "
			    "data directory)" : "it wants CURVE (unset "
			    "BAEDAL_INSECURE and give its public key)");
			return NULL;
		}
	}
	if (self->state == CLIENT_READY)
		return self->identity;
	if (self->state == CLIENT_REFUSED) {
		if (err != NULL)
			*err = self->last_error;
		return NULL;
	}
	wire_error_set(err, E_SERVICE_UNAVAILABLE,
	    "the broker did not answer within %d ms", timeout_ms);
	return NULL;
}

void
client_new_id(struct client *self, char *buf, size_t size)
{
	/* Services answer a repeated (user, id) with their first answer, so
	 * ids must never repeat: not across calls, not across processes. */
	snprintf(buf, size, "c%s-%llu", self->nonce,
	    (unsigned long long)++self->next_id);
}

json_t *
client_call(struct client *self, const char *service, const char *method,
    json_t *body, int timeout_ms, struct wire_error *err)
{
	return client_request(self, NULL, service, method, body, timeout_ms,
	    err);
}

json_t *
client_request(struct client *self, const char *given_id,
    const char *service, const char *method, json_t *body, int timeout_ms,
    struct wire_error *err)
{
	char id[WIRE_MAX_ID + 1];
	/* The broker answers at the deadline itself (timeout or
	 * service_unavailable, which say different things); wait a little
	 * longer than the deadline for that answer. */
	int64_t deadline = mono_ms() + timeout_ms, left;
	int64_t wait_until = deadline + CALL_GRACE_MS;
	int64_t send_at = 0;
	json_t *request, *result = NULL;
	struct wire_error e = { "", "", 0 };
	int sent = 0;

	if (given_id != NULL)
		snprintf(id, sizeof id, "%s", given_id);
	else
		client_new_id(self, id, sizeof id);
	request = json_pack("{s:s, s:s, s:s, s:s, s:i, s:o}", "type",
	    WIRE_REQUEST, "id", id, "service", service, "method", method,
	    "deadline_ms", timeout_ms, "body", body ? body : json_object());
	self->call_id = id;
	while ((left = (sent ? wait_until : deadline) - mono_ms()) > 0) {
		if (self->call_resend) {
			self->call_resend = 0;
			sent = 0;
		}
		if (self->state == CLIENT_READY && !sent &&
		    mono_ms() >= send_at) {
			json_object_set_new(request, "deadline_ms",
			    json_integer(left));
			sent = client_send(self, json_incref(request)) == 0;
		}
		client_pump(self, left < 50 ? (int)left : 50);
		if (self->pending_reply == NULL)
			continue;
		if (wire_reply_parse(self->pending_reply, &result, &e) == 1) {
			result = json_incref(result ? result : json_object());
			goto done;
		}
		/* An earlier try of this very request is still at work (in
		 * another process): ask again, same id, while time is left. */
		if (strcmp(e.code, E_IN_PROGRESS) == 0 && mono_ms() +
		    (e.retry_after_ms > 0 ? e.retry_after_ms : 200) < deadline) {
			send_at = mono_ms() + (e.retry_after_ms > 0 ?
			    e.retry_after_ms : 200);
			json_decref(self->pending_reply);
			self->pending_reply = NULL;
			sent = 0;
			continue;
		}
		goto fail;
	}
	if (self->state == CLIENT_REFUSED)
		e = self->last_error;
	else if (sent)
		wire_error_set(&e, E_TIMEOUT, "no answer from %s within %d ms",
		    service, timeout_ms);
	else
		wire_error_set(&e, E_SERVICE_UNAVAILABLE,
		    "the broker is unreachable");
fail:
	if (err != NULL)
		*err = e;
done:
	json_decref(self->pending_reply);
	self->pending_reply = NULL;
	self->call_id = NULL;
	self->call_resend = 0;
	json_decref(request);
	return result;
}

int
client_subscribe(struct client *self, const char *sub_name, json_t *filter,
    int64_t from, struct wire_error *err)
{
	struct client_sub *sub;

	if (!wire_id_valid(sub_name)) {
		json_decref(filter);
		return wire_error_set(err, E_BAD_REQUEST,
		    "bad subscription name");
	}
	if ((sub = client_find_sub(self, sub_name)) == NULL) {
		sub = xcalloc(1, sizeof *sub);
		sub->name = xstrdup(sub_name);
		sub->next = self->subs;
		self->subs = sub;
	}
	json_decref(sub->filter);
	sub->filter = filter ? filter : json_object();
	sub->last_seq = from;
	if (self->state == CLIENT_READY)
		client_send_subscribe(self, sub);
	return 0;
}

void
client_unsubscribe(struct client *self, const char *name)
{
	struct client_sub **pp, *sub;

	for (pp = &self->subs; (sub = *pp) != NULL; pp = &sub->next) {
		if (strcmp(sub->name, name) != 0)
			continue;
		*pp = sub->next;
		if (self->state == CLIENT_READY)
			client_send(self, json_pack("{s:s, s:s, s:s}", "type",
			    WIRE_UNSUBSCRIBE, "id", "unsub", "sub", name));
		free(sub->name);
		json_decref(sub->filter);
		free(sub);
		return;
	}
}

json_t *
client_next_event(struct client *self, int timeout_ms)
{
	json_t *ev;
	int64_t deadline = mono_ms() + timeout_ms, left;

	/* Replies and heartbeats wake the poll too: keep waiting until an
	 * event is queued or the time is up. */
	client_pump(self, 0);
	while (json_array_size(self->events) == 0 &&
	    (left = deadline - mono_ms()) > 0)
		client_pump(self, left < 100 ? (int)left : 100);
	if (json_array_size(self->events) == 0)
		return NULL;
	ev = json_incref(json_array_get(self->events, 0));
	json_array_remove(self->events, 0);
	return ev;
}

int
client_online(const struct client *self)
{
	return self->state == CLIENT_READY &&
	    mono_ms() - self->last_rx <= WIRE_PEER_TIMEOUT_MS;
}

void *
client_socket(struct client *self)
{
	return self->sock;
}

const struct wire_error *
client_last_error(const struct client *self)
{
	return self->last_error.code[0] ? &self->last_error : NULL;
}
