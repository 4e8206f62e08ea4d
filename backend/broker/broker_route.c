/*
 * broker_route.c: requests to services by name, replies back to callers,
 * deadlines, and workers that come and go.
 */
#include "broker_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jbuf.h"
#include "metrics.h"
#include "util.h"

/* Services baedal knows even before any has registered. */
static const char *const known_services[] = {
	"order", "payment", "store", "delivery", "notify", "view",
};

static int
service_known(struct broker *b, const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(known_services); i++)
		if (strcmp(name, known_services[i]) == 0)
			return 1;
	return map_get(b->services, name) != NULL;
}

/* p's worker has one request less in hand. */
static void
pending_unassign(struct broker *b, struct pending *p)
{
	struct session *w;

	if (p->worker_key[0] == '\0')
		return;
	if ((w = broker_session(b, p->worker_key)) != NULL && w->inflight > 0)
		w->inflight--;
	p->worker_key[0] = '\0';
}

static void
pending_free(struct broker *b, struct pending *p)
{
	struct session *c = broker_session(b, p->client_key);

	if (c != NULL && c->pending > 0)
		c->pending--;
	pending_unassign(b, p);
	map_del(b->pending, p->bid);
	free(p->forward);
	free(p->client_id);
	free(p);
}

/* The worker of service with the least work in hand, and among equals
 * the one that waited longest for a turn (so each service's workers take
 * turns by themselves); NULL when none. */
static struct session *
route_pick_worker(struct broker *b, const char *service)
{
	struct session *s, *pick = NULL;
	size_t pos = 0;

	while ((s = map_next(b->sessions, &pos, NULL)) != NULL)
		if (strcmp(s->service, service) == 0 && (pick == NULL ||
		    s->inflight < pick->inflight ||
		    (s->inflight == pick->inflight &&
		    s->last_pick < pick->last_pick)))
			pick = s;
	return pick;
}

static void
route_answer_error(struct broker *b, struct pending *p, const char *code,
    const char *fmt, const char *arg)
{
	struct session *c = broker_session(b, p->client_key);
	struct wire_error err;

	wire_error_set(&err, code, fmt, arg);
	if (c != NULL)
		broker_send_error(b, c, p->client_id, &err);
	broker_metrics_request(b, p->service, p->method, p->started, code);
	pending_free(b, p);
}

/* Send p to a worker if one is there. Returns 1 when sent, 0 when not now,
 * -1 when it never can be (p is answered too_large and freed): the request
 * fitted a frame, but not once the caller and its key are added. */
static int
route_forward(struct broker *b, struct pending *p, int64_t now)
{
	struct session *w = route_pick_worker(b, p->service);
	struct jbuf *f = &b->out;

	if (w == NULL)
		return 0;
	jbuf_reset(f);
	jbuf_put(f, p->forward, p->forward_len);
	jbuf_member_int(f, "deadline_ms", p->deadline - now);
	jbuf_lit(f, "}");
	if (f->len > WIRE_MAX_FRAME) {
		route_answer_error(b, p, E_TOO_LARGE, "the request is too large "
		    "to pass on to the %s service (with who is asking added); "
		    "send less", p->service);
		return -1;
	}
	if (broker_send_bytes(b, w, f->data, f->len) != 0)
		return 0;
	memcpy(p->worker_key, w->key, sizeof p->worker_key);
	w->inflight++;
	w->last_pick = ++b->picks;
	return 1;
}

/*
 * The request as the service gets it, but for its deadline and closing
 * brace (added when it is handed to a worker): the broker's id, who is
 * asking as the broker knows them, and an idempotency key made from the
 * caller, the method and the request id, so the same id can never fetch
 * another method's answer. The body goes as the caller wrote it.
 */
static void
route_forward_text(struct jbuf *f, const struct session *s,
    const struct route_req *r, const char *bid)
{
	const struct user *u = &s->user;

	jbuf_reset(f);
	jbuf_lit(f, "{\"type\":\"" WIRE_REQUEST "\"");
	jbuf_member_str(f, "id", bid);
	jbuf_member_str(f, "service", r->service);
	jbuf_member_str(f, "method", r->method);
	jbuf_lit(f, ",\"body\":");
	if (r->body != NULL)
		jbuf_put(f, r->body, r->body_len);
	else
		jbuf_lit(f, "{}");
	jbuf_lit(f, ",\"caller\":{\"user\":");
	jbuf_str(f, u->name);
	jbuf_member_str(f, "role", u->role);
	if (u->shop_id[0] != '\0')
		jbuf_member_str(f, "shop_id", u->shop_id);
	if (strcmp(u->role, "rider") == 0) /* the name deliveries carry */
		jbuf_member_str(f, "display", u->display);
	jbuf_lit(f, "},\"key\":\"");
	jbuf_str_raw(f, u->name);
	jbuf_lit(f, ":");
	jbuf_str_raw(f, r->service);
	jbuf_lit(f, ".");
	jbuf_str_raw(f, r->method);
	jbuf_lit(f, ":");
	jbuf_str_raw(f, r->id);
	jbuf_lit(f, "\"");
}

void
route_request_to(struct broker *b, struct session *s,
    const struct route_req *r)
{
	struct wire_error err;
	struct pending *p;

	if (!service_known(b, r->service)) {
		/* Not counted by method: any name could come here. */
		wire_error_set(&err, E_NOT_FOUND, "no service named %s",
		    r->service);
		broker_send_error(b, s, r->id, &err);
		return;
	}
	if (s->pending >= WIRE_MAX_PENDING) {
		wire_error_set(&err, E_TOO_MANY, "%d requests are already "
		    "waiting for an answer", WIRE_MAX_PENDING);
		broker_send_error(b, s, r->id, &err);
		broker_metrics_request(b, r->service, r->method, 0,
		    E_TOO_MANY);
		return;
	}
	b->requests++;
	s->pending++;
	p = xcalloc(1, sizeof *p);
	snprintf(p->bid, sizeof p->bid, "b%s-%llu", b->bid_prefix,
	    (unsigned long long)++b->next_bid);
	memcpy(p->client_key, s->key, sizeof p->client_key);
	p->client_id = xstrdup(r->id);
	snprintf(p->service, sizeof p->service, "%s", r->service);
	snprintf(p->method, sizeof p->method, "%s", r->method);
	p->started = metrics_now();
	p->deadline = mono_ms() + r->deadline;
	route_forward_text(&b->out, s, r, p->bid);
	p->forward = xmalloc(b->out.len + 1);
	memcpy(p->forward, b->out.data, b->out.len + 1);
	p->forward_len = b->out.len;
	map_put(b->pending, p->bid, p);
	route_forward(b, p, mono_ms());
}

void
route_request(struct broker *b, struct session *s, json_t *msg)
{
	struct route_req r = { .deadline = WIRE_DEFAULT_DEADLINE_MS };
	json_t *body = NULL;
	struct wire_error err;
	char *text = NULL;

	if (wire_get_id(msg, "id", 1, &r.id, &err) != 0 ||
	    wire_get_id(msg, "service", 1, &r.service, &err) != 0 ||
	    wire_get_id(msg, "method", 1, &r.method, &err) != 0 ||
	    wire_get_int(msg, "deadline_ms", 0, 1, WIRE_MAX_DEADLINE_MS,
	    &r.deadline, &err) != 0 ||
	    wire_get_object(msg, "body", 0, &body, &err) != 0) {
		broker_send_error(b, s, r.id && wire_id_valid(r.id) ? r.id :
		    NULL, &err);
		return;
	}
	if (body != NULL) {
		text = json_dumps(body, JSON_COMPACT);
		r.body = text;
		r.body_len = text ? strlen(text) : 0;
	}
	route_request_to(b, s, &r);
	free(text);
}

struct pending *
route_reply_begin(struct broker *b, const char *bid, struct session **client)
{
	struct pending *p = map_get(b->pending, bid);

	*client = p ? broker_session(b, p->client_key) : NULL;
	return p;
}

void
route_reply_end(struct broker *b, struct pending *p, struct session *c,
    int rc)
{
	if (c != NULL && rc == CLIENT_TOO_LARGE) {
		struct wire_error err;

		wire_error_set(&err, E_TOO_LARGE, "the %s service's answer is "
		    "too large for a frame", p->service);
		broker_send_error(b, c, p->client_id, &err);
	}
	broker_metrics_request(b, p->service, p->method, p->started,
	    rc == CLIENT_TOO_LARGE ? E_TOO_LARGE : NULL);
	pending_free(b, p);
}

void
route_reply(struct broker *b, struct session *s, json_t *msg)
{
	const char *id = json_string_value(json_object_get(msg, "id"));
	struct session *c;
	struct pending *p = id ? route_reply_begin(b, id, &c) : NULL;
	int rc = 0;

	(void)s;
	if (p == NULL)
		return; /* answered already, or past its deadline */
	/* The reply goes on as it came, with the caller's id: msg is the
	 * broker's until broker_recv frees it. */
	if (c != NULL) {
		json_object_set_new(msg, "id", json_string(p->client_id));
		rc = broker_send(b, c, json_incref(msg));
	}
	route_reply_end(b, p, c, rc);
}

void
route_register(struct broker *b, struct session *s, json_t *msg)
{
	const char *id = NULL, *service = NULL;
	struct wire_error err;

	if (wire_get_id(msg, "id", 1, &id, &err) != 0 ||
	    wire_get_id(msg, "service", 1, &service, &err) != 0) {
		broker_send_error(b, s, id, &err);
		return;
	}
	if (strcmp(s->user.role, "service") != 0) {
		wire_error_set(&err, E_FORBIDDEN, "only services register");
		broker_send_error(b, s, id, &err);
		return;
	}
	if (lease_register(b, s, service, msg, &err) != 0) {
		broker_send_error(b, s, id, &err);
		return;
	}
	snprintf(s->service, sizeof s->service, "%s", service);
	map_put(b->services, service, (void *)1);
	log_info("service %s joined (%s)", service, s->key);
	broker_send(b, s, wire_reply_ok(id, NULL));
	route_tick(b, mono_ms());
}

void
route_tick(struct broker *b, int64_t now)
{
	struct pending *p;
	size_t pos = 0;

	while ((p = map_next(b->pending, &pos, NULL)) != NULL) {
		if (now >= p->deadline) {
			if (p->worker_key[0] == '\0')
				route_answer_error(b, p, E_SERVICE_UNAVAILABLE,
				    "the %s service is not running; try again "
				    "later", p->service);
			else
				route_answer_error(b, p, E_TIMEOUT,
				    "the %s service did not answer in time",
				    p->service);
		} else if (p->worker_key[0] == '\0')
			route_forward(b, p, now);
	}
}

void
route_worker_gone(struct broker *b, struct session *s)
{
	struct pending *p;
	size_t pos = 0;

	/* Its requests go to another worker with the same id: services
	 * answer a repeated request id with their first answer. */
	while ((p = map_next(b->pending, &pos, NULL)) != NULL)
		if (strcmp(p->worker_key, s->key) == 0)
			pending_unassign(b, p);
	log_info("service %s left (%s)", s->service, s->key);
	s->service[0] = '\0';
}

void
route_free_all(struct broker *b)
{
	struct pending *p;
	size_t pos = 0;

	while ((p = map_next(b->pending, &pos, NULL)) != NULL)
		pending_free(b, p);
}
