/*
 * broker_fast.c: the messages the broker passes on most, read with jscan
 * and passed on as bytes, with no JSON tree: a request (forwarded with
 * who is asking and its key added, its body as the caller wrote it), a
 * service's reply (the caller's id put back, the rest as it came), a
 * service's publish (each event's data stored as the text it came as),
 * an acknowledgement and a heartbeat.
 *
 * Only a message that is plainly right takes this way. Anything else (a
 * member missing, null or of another type, an id with escapes, a frame
 * jscan leaves to jansson) goes the ordinary way through broker_dispatch,
 * so every error keeps the code and text it has there.
 */
#include "broker_int.h"

#include <string.h>

#include "jscan.h"

/* Copy member key of o into out when it is a valid identifier. */
static int
fast_id(const struct jscan_obj *o, const char *key, char *out, size_t cap)
{
	return jscan_str(jscan_get(o, key), out, cap) == 0 &&
	    wire_id_valid(out) ? 0 : -1;
}

/* Member key as an integer in [min, max] into *out; absent leaves *out
 * as it is. -1 when present but not such an integer. */
static int
fast_int(const struct jscan_obj *o, const char *key, int64_t min,
    int64_t max, int64_t *out)
{
	const struct jscan_value *v = jscan_get(o, key);
	int64_t n;

	if (v == NULL)
		return 0;
	if (jscan_int(v, &n) != 0 || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}

static int
fast_request(struct broker *b, struct session *s, const struct jscan_obj *o)
{
	char id[WIRE_MAX_ID + 1], service[WIRE_MAX_ID + 1];
	char method[WIRE_MAX_ID + 1];
	struct route_req r = { .id = id, .service = service, .method = method,
	    .deadline = WIRE_DEFAULT_DEADLINE_MS };
	const struct jscan_value *body = jscan_get(o, "body");

	if (fast_id(o, "id", id, sizeof id) != 0 ||
	    fast_id(o, "service", service, sizeof service) != 0 ||
	    fast_id(o, "method", method, sizeof method) != 0 ||
	    strcmp(service, "broker") == 0 ||
	    fast_int(o, "deadline_ms", 1, WIRE_MAX_DEADLINE_MS,
	    &r.deadline) != 0 ||
	    (body != NULL && body->type != JSCAN_OBJECT))
		return 0;
	if (body != NULL) {
		r.body = body->at;
		r.body_len = body->len;
	}
	route_request_to(b, s, &r);
	return 1;
}

/* A service's reply: the members as they came and in their order, the
 * caller's id for the broker's. */
static int
fast_reply(struct broker *b, const struct jscan_obj *o)
{
	char bid[sizeof ((struct pending *)0)->bid];
	struct jbuf *f = &b->out;
	struct session *c;
	struct pending *p;
	int rc = 0;

	if (jscan_str(jscan_get(o, "id"), bid, sizeof bid) != 0)
		return 0;
	if ((p = route_reply_begin(b, bid, &c)) == NULL)
		return 1; /* answered already, or past its deadline */
	if (c != NULL) {
		jbuf_reset(f);
		for (int i = 0; i < o->n; i++) {
			const struct jscan_member *m = &o->m[i];

			jbuf_put(f, i == 0 ? "{\"" : ",\"", 2);
			jbuf_put(f, m->key, m->key_len);
			jbuf_lit(f, "\":");
			if (m->key_len == 2 && memcmp(m->key, "id", 2) == 0)
				jbuf_str(f, p->client_id);
			else
				jbuf_put(f, m->v.at, m->v.len);
		}
		jbuf_lit(f, "}");
		rc = f->len > WIRE_MAX_FRAME ? CLIENT_TOO_LARGE :
		    broker_send_bytes(b, c, f->data, f->len);
	}
	route_reply_end(b, p, c, rc);
	return 1;
}

/* Optional member key: absent leaves *out NULL; else it must be a valid
 * identifier, copied into buf (WIRE_MAX_ID + 1 bytes). */
static int
fast_opt_id(const struct jscan_obj *o, const char *key, char *buf,
    const char **out)
{
	*out = NULL;
	if (jscan_get(o, key) == NULL)
		return 0;
	if (fast_id(o, key, buf, WIRE_MAX_ID + 1) != 0)
		return -1;
	*out = buf;
	return 0;
}

/* One event of a publish, taken apart. */
struct fast_event {
	char type[WIRE_MAX_ID + 1], key[WIRE_MAX_ID + 1];
	char shop[WIRE_MAX_ID + 1], customer[WIRE_MAX_ID + 1];
	struct evlog_in in;
};

/* Take event v apart into e, checked as event_valid checks it. -1 when
 * anything about it is unusual. */
static int
fast_event(const struct jscan_value *v, struct fast_event *e)
{
	const struct jscan_value *data;
	struct jscan_obj o;

	if (v->type != JSCAN_OBJECT || v->len > WIRE_MAX_EVENT ||
	    jscan_object(v->at, v->len, &o) != JSCAN_OK)
		return -1;
	e->in = (struct evlog_in){ .type = e->type, .at = -1 };
	if (fast_id(&o, "type", e->type, sizeof e->type) != 0 ||
	    fast_opt_id(&o, "key", e->key, &e->in.key) != 0 ||
	    fast_opt_id(&o, "shop_id", e->shop, &e->in.shop_id) != 0 ||
	    fast_opt_id(&o, "customer_id", e->customer,
	    &e->in.customer_id) != 0 ||
	    fast_int(&o, "order_id", 0, INT64_MAX, &e->in.order_id) != 0 ||
	    fast_int(&o, "at", 0, INT64_MAX, &e->in.at) != 0)
		return -1;
	if ((data = jscan_get(&o, "data")) != NULL) {
		if (data->type != JSCAN_OBJECT)
			return -1;
		e->in.data = data->at;
		e->in.data_len = data->len;
	}
	return 0;
}

/* A service's publish: every event checked first (one unusual event
 * sends the whole publish the ordinary way), then appended. */
static int
fast_publish(struct broker *b, struct session *s, const struct jscan_obj *o)
{
	const struct jscan_value *events = jscan_get(o, "events");
	char id[WIRE_MAX_ID + 1], service[WIRE_MAX_ID + 1];
	int64_t epoch = 0;
	struct wire_error err;
	struct jscan_value el;
	struct fast_event e;
	struct publish_ack *ack;
	size_t pos = 0, n = 0, i;

	if (strcmp(s->user.role, "service") != 0 ||
	    fast_id(o, "id", id, sizeof id) != 0 || events == NULL)
		return 0;
	/* A lease holder's: its epoch checked (broker_lease.c). */
	if (jscan_get(o, "epoch") != NULL && (fast_id(o, "service", service,
	    sizeof service) != 0 || fast_int(o, "epoch", 1, INT64_MAX,
	    &epoch) != 0 || epoch == 0 || lease_fenced(b, service, epoch,
	    &err)))
		return 0; /* the ordinary way answers it */
	while (jscan_next(events, &pos, &el))
		if (++n > PUBLISH_MAX || fast_event(&el, &e) != 0)
			return 0;
	if (n == 0)
		return 0;
	ack = events_ack_new(s, id, n);
	for (i = 0, pos = 0; i < n && jscan_next(events, &pos, &el); i++)
		if (fast_event(&el, &e) != 0 ||
		    evlog_append_in(b->log, &e.in, &ack->seqs[i]) != 0)
			break;
	evlog_publish_end(b->log);
	events_ack_queue(b, ack, i);
	return 1;
}

static int
fast_ack(struct broker *b, struct session *s, const struct jscan_obj *o)
{
	char name[WIRE_MAX_ID + 1];
	int64_t count = 0;

	if (fast_id(o, "sub", name, sizeof name) != 0 ||
	    jscan_get(o, "count") == NULL ||
	    fast_int(o, "count", 1, INT32_MAX, &count) != 0)
		return 0;
	events_ack_count(b, s, name, count);
	return 1;
}

int
broker_fast(struct broker *b, struct session *s, const char *buf,
    size_t len)
{
	const struct jscan_value *type;
	struct jscan_obj o;

	if (!s->authed || jscan_object(buf, len, &o) != JSCAN_OK ||
	    (type = jscan_get(&o, "type")) == NULL)
		return 0;
	if (jscan_is(type, WIRE_REQUEST))
		return fast_request(b, s, &o);
	if (jscan_is(type, WIRE_REPLY))
		return s->door == DOOR_BACK && fast_reply(b, &o);
	if (jscan_is(type, WIRE_PUBLISH))
		return fast_publish(b, s, &o);
	if (jscan_is(type, WIRE_ACK))
		return fast_ack(b, s, &o);
	return jscan_is(type, WIRE_HEARTBEAT);
}
