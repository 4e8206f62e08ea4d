/*
 * broker_events.c: publishing into the log and following it.
 *
 * Publishes of one poll batch are committed together; only then are the
 * publishers answered and the subscribers fed. Each subscriber has a
 * cursor and a window of WIRE_SUB_WINDOW unacknowledged events: a slow
 * subscriber is never dropped from, it is fed later from its cursor.
 */
#include "broker_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define TYPES_MAX 16
#define READ_BATCH 256

static int
event_valid(const json_t *ev, struct wire_error *err)
{
	const char *s = NULL;
	int64_t n;
	json_t *o;

	if (!json_is_object(ev))
		return wire_error_set(err, E_BAD_REQUEST,
		    "each event must be an object");
	return wire_get_id(ev, "type", 1, &s, err) != 0 ||
	    wire_get_id(ev, "key", 0, &s, err) != 0 ||
	    wire_get_id(ev, "shop_id", 0, &s, err) != 0 ||
	    wire_get_id(ev, "customer_id", 0, &s, err) != 0 ||
	    wire_get_int(ev, "order_id", 0, 0, INT64_MAX, &n, err) != 0 ||
	    wire_get_int(ev, "at", 0, 0, INT64_MAX, &n, err) != 0 ||
	    wire_get_object(ev, "data", 0, &o, err) != 0 ? -1 : 0;
}

/* A lease holder's publish carries its service and epoch: 1 with a
 * fenced err when that epoch is over (or bad_request for a bad one). */
static int
events_fenced(struct broker *b, const json_t *msg, struct wire_error *err)
{
	const char *service = NULL;
	int64_t epoch = 0;

	if (json_object_get(msg, "epoch") == NULL)
		return 0;
	if (wire_get_id(msg, "service", 1, &service, err) != 0 ||
	    wire_get_int(msg, "epoch", 1, 1, INT64_MAX, &epoch, err) != 0)
		return 1;
	return lease_fenced(b, service, epoch, err);
}

void
events_publish(struct broker *b, struct session *s, json_t *msg)
{
	const char *id = NULL;
	json_t *events = NULL, *ev;
	struct wire_error err;
	struct publish_ack *ack;
	size_t i;

	if (wire_get_id(msg, "id", 1, &id, &err) != 0 ||
	    wire_get_array(msg, "events", 1, &events, &err) != 0) {
		broker_send_error(b, s, id, &err);
		return;
	}
	if (strcmp(s->user.role, "service") != 0) {
		wire_error_set(&err, E_FORBIDDEN, "only services publish events");
		broker_send_error(b, s, id, &err);
		return;
	}
	if (events_fenced(b, msg, &err)) {
		broker_send_error(b, s, id, &err);
		return;
	}
	if (json_array_size(events) == 0 ||
	    json_array_size(events) > PUBLISH_MAX) {
		wire_error_set(&err, E_BAD_REQUEST,
		    "publish 1 to %d events at a time", PUBLISH_MAX);
		broker_send_error(b, s, id, &err);
		return;
	}
	json_array_foreach(events, i, ev) {
		size_t size = json_dumpb(ev, NULL, 0, JSON_COMPACT);

		if (event_valid(ev, &err) != 0) {
			broker_send_error(b, s, id, &err);
			return;
		}
		if (size > WIRE_MAX_EVENT) {
			wire_error_set(&err, E_TOO_LARGE, "event %zu is %zu bytes;"
			    " the limit is %d", i, size, WIRE_MAX_EVENT);
			broker_send_error(b, s, id, &err);
			return;
		}
	}
	ack = events_ack_new(s, id, json_array_size(events));
	json_array_foreach(events, i, ev)
		if (evlog_append(b->log, ev, &ack->seqs[i]) != 0)
			break;
	evlog_publish_end(b->log);
	events_ack_queue(b, ack, i);
}

struct publish_ack *
events_ack_new(struct session *s, const char *id, size_t n)
{
	struct publish_ack *ack = xcalloc(1, sizeof *ack);

	memcpy(ack->session_key, s->key, sizeof ack->session_key);
	ack->id = xstrdup(id);
	ack->n = n;
	ack->seqs = xcalloc(n, sizeof *ack->seqs);
	return ack;
}

void
events_ack_queue(struct broker *b, struct publish_ack *ack, size_t appended)
{
	size_t i;

	/* The seqs are the log's to fill until they settle (on JetStream
	 * once the broker's copy of the stream holds them): the ack
	 * waits for them even when an append is refused. Those never
	 * tried are not stored. */
	ack->failed = appended < ack->n;
	for (i = appended + 1; i < ack->n; i++)
		ack->seqs[i] = -1;
	b->published += (int64_t)appended;
	*b->acks_tail = ack;
	b->acks_tail = &ack->next;
}

/* One subscriber being fed: evlog_each's callback gathers its events
 * into a frame, sent when full (one event, or sub->batch of them). */
struct feed {
	struct broker *b;
	struct session *s;
	struct sub *sub;
	int stopped;            /* a send failed */
	size_t prefix;          /* {"type":"event","sub":"NAME","event":
	                           or {"type":"events",...,"events":[ */
	size_t len;             /* bytes of the frame so far */
	int n;                  /* events in it, not yet sent */
	int64_t last;           /* the seq of its last event */
	char *frame;            /* the broker's, WIRE_MAX_FRAME bytes */
};

/* Send the events gathered, closing the frame. 0 (also when there were
 * none), or -1 when it cannot go now (the cursor stays before them). */
static int
feed_send(struct feed *f)
{
	if (f->n == 0)
		return 0;
	if (f->sub->batch > 1)
		f->frame[f->len++] = ']';
	f->frame[f->len++] = '}';
	if (broker_send_bytes(f->b, f->s, f->frame, f->len) != 0) {
		f->stopped = 1; /* queue full or peer gone */
		return -1;
	}
	f->sub->cursor = f->last;
	f->sub->inflight += f->n;
	f->b->delivered += f->n;
	f->n = 0;
	f->len = f->prefix;
	return 0;
}

/* Add ev's stored text to the frame, sending the frame first when it is
 * full. Nonzero when it cannot go now. */
static int
feed_one(void *arg, const struct evlog_event *ev)
{
	struct feed *f = arg;

	if (f->prefix + ev->len + 2 > WIRE_MAX_FRAME) {
		/* Cannot happen for events published here (their size is
		 * checked); never stall on it. */
		log_error("event %lld is too large to deliver",
		    (long long)ev->seq);
		if (feed_send(f) != 0)
			return 1;
		f->sub->cursor = ev->seq;
		return 0;
	}
	if (f->n > 0 && (f->n >= f->sub->batch ||
	    f->len + 1 + ev->len + 2 > WIRE_MAX_FRAME) && feed_send(f) != 0)
		return 1;
	if (f->n > 0)
		f->frame[f->len++] = ',';
	memcpy(f->frame + f->len, ev->text, ev->len);
	f->len += ev->len;
	f->last = ev->seq;
	f->n++;
	return f->sub->batch == 1 && feed_send(f) != 0;
}

/* Send what sub may get now. Returns nothing; the cursor says how far. */
static void
events_pump(struct broker *b, struct session *s, struct sub *sub)
{
	struct feed f = { .b = b, .s = s, .sub = sub, .frame = b->frame };
	int64_t head = evlog_head(b->log), scanned;
	int room, n;

	f.prefix = sub->batch > 1 ? (size_t)snprintf(f.frame, WIRE_MAX_FRAME,
	    "{\"type\":\"%s\",\"sub\":\"%s\",\"events\":[", WIRE_EVENTS,
	    sub->name) : (size_t)snprintf(f.frame, WIRE_MAX_FRAME,
	    "{\"type\":\"%s\",\"sub\":\"%s\",\"event\":", WIRE_EVENT,
	    sub->name);
	while (sub->cursor < head && (room = WIRE_SUB_WINDOW -
	    sub->inflight) > 0) {
		f.stopped = f.n = 0;
		f.len = f.prefix;
		n = evlog_each(b->log, sub->cursor, &sub->filter,
		    room < READ_BATCH ? room : READ_BATCH, feed_one, &f,
		    &scanned);
		if (n < 0) {
			/* The log cannot be read now: try again soon (what
			 * was gathered is read again then). */
			sub->blocked = b->blocked = 1;
			return;
		}
		if (f.stopped || feed_send(&f) != 0) {
			/* The peer's queue is full. Its acks may all have
			 * arrived already, so nothing else would wake this
			 * sub: the broker pumps blocked subs again soon. */
			sub->blocked = b->blocked = 1;
			return;
		}
		if (scanned > sub->cursor)
			sub->cursor = scanned;
	}
	sub->blocked = 0;
	/* Its window is full with events still waiting: say so once (it
	 * loses nothing; it gets them as it acknowledges). */
	if (sub->cursor < head && !sub->behind && broker_send(b, s,
	    json_pack("{s:s, s:s, s:I, s:I}", "type", WIRE_BEHIND, "sub",
	    sub->name, "seq", (json_int_t)sub->cursor, "head",
	    (json_int_t)head)) == 0)
		sub->behind = 1;
	if (sub->cursor >= head)
		sub->behind = 0;
	if (sub->live || sub->cursor < head)
		return;
	/* Live only once the copy holds what the log held when the sub
	 * first came to the head (evlog_synced); until then it is pumped
	 * again soon, as a blocked one is. */
	if (sub->at_head == 0)
		sub->at_head = mono_ms();
	if (!evlog_synced(b->log, sub->at_head)) {
		sub->blocked = b->blocked = 1;
		return;
	}
	if (broker_send(b, s, json_pack("{s:s, s:s, s:I}", "type", WIRE_LIVE,
	    "sub", sub->name, "seq", (json_int_t)head)) == 0)
		sub->live = 1;
}

static struct sub *
sub_find(struct session *s, const char *name, struct sub ***link)
{
	struct sub **pp;

	for (pp = &s->subs; *pp != NULL; pp = &(*pp)->next) {
		if (strcmp((*pp)->name, name) == 0) {
			if (link != NULL)
				*link = pp;
			return *pp;
		}
	}
	return NULL;
}

static void
sub_free(struct sub *sub)
{
	evfilter_clear(&sub->filter);
	free(sub);
}

/* 1 when types is a non-empty array of "shop." prefixes only: the
 * catalog is public, anyone may follow it. */
static int
types_public(const json_t *types)
{
	const json_t *t;
	size_t i;

	if (json_array_size(types) == 0)
		return 0;
	json_array_foreach(types, i, t)
		if (!json_is_string(t) ||
		    strncmp(json_string_value(t), "shop.", 5) != 0)
			return 0;
	return 1;
}

/* Read and authorize a filter: customers see their own orders, owners
 * their own shop, riders deliveries; admins and services everything;
 * anyone the shops' catalog ("shop." events). */
static int
filter_parse(const struct session *s, const json_t *obj, struct evfilter *f,
    struct wire_error *err)
{
	const char *shop = NULL, *cust = NULL;
	json_t *types = NULL, *t;
	const char *role = s->user.role;
	size_t i;

	memset(f, 0, sizeof *f);
	if (obj != NULL && (wire_get_id(obj, "shop_id", 0, &shop, err) != 0 ||
	    wire_get_id(obj, "customer_id", 0, &cust, err) != 0 ||
	    wire_get_int(obj, "order_id", 0, 0, INT64_MAX, &f->order_id,
	    err) != 0 || wire_get_array(obj, "types", 0, &types, err) != 0))
		return -1;
	if (types_public(types) && shop == NULL && cust == NULL &&
	    f->order_id == 0) {
		/* The catalog: nothing else can match these types. */
	} else if (strcmp(role, "customer") == 0) {
		if (cust != NULL && strcmp(cust, s->user.name) != 0)
			return wire_error_set(err, E_FORBIDDEN,
			    "customers follow only their own orders");
		cust = s->user.name;
	} else if (strcmp(role, "owner") == 0) {
		if (shop != NULL && strcmp(shop, s->user.shop_id) != 0)
			return wire_error_set(err, E_FORBIDDEN,
			    "owners follow only their own shop");
		shop = s->user.shop_id;
	} else if (strcmp(role, "rider") == 0 && types == NULL) {
		f->types = xcalloc(2, sizeof *f->types);
		f->types[0] = xstrdup("delivery.");
	}
	if (types != NULL) {
		if (json_array_size(types) > TYPES_MAX)
			return wire_error_set(err, E_BAD_REQUEST,
			    "at most %d type prefixes", TYPES_MAX);
		f->types = xcalloc(json_array_size(types) + 1,
		    sizeof *f->types);
		json_array_foreach(types, i, t) {
			if (!json_is_string(t) || json_string_length(t) == 0 ||
			    json_string_length(t) > WIRE_MAX_ID) {
				evfilter_clear(f);
				return wire_error_set(err, E_BAD_REQUEST,
				    "types must be short strings");
			}
			f->types[i] = xstrdup(json_string_value(t));
		}
		if (strcmp(role, "rider") == 0)
			for (i = 0; f->types[i] != NULL; i++)
				if (strncmp(f->types[i], "delivery.", 9) != 0) {
					evfilter_clear(f);
					return wire_error_set(err, E_FORBIDDEN,
					    "riders follow deliveries only");
				}
	}
	f->shop_id = xstrdup(shop);
	f->customer_id = xstrdup(cust);
	return 0;
}

void
events_subscribe(struct broker *b, struct session *s, json_t *msg)
{
	const char *id = NULL, *name = NULL;
	int64_t from = -1, batch = 1;
	json_t *filter = NULL;
	struct wire_error err;
	struct evfilter f;
	struct sub *sub, **link;

	if (wire_get_id(msg, "id", 1, &id, &err) != 0 ||
	    wire_get_id(msg, "sub", 1, &name, &err) != 0 ||
	    wire_get_int(msg, "from", 0, 0, INT64_MAX, &from, &err) != 0 ||
	    wire_get_int(msg, "batch", 0, 1, WIRE_MAX_BATCH, &batch, &err)
	    != 0 ||
	    wire_get_object(msg, "filter", 0, &filter, &err) != 0 ||
	    filter_parse(s, filter, &f, &err) != 0) {
		broker_send_error(b, s, id, &err);
		return;
	}
	if ((sub = sub_find(s, name, &link)) != NULL) {
		*link = sub->next;
		sub_free(sub);
		s->nsubs--;
	}
	if (s->nsubs >= WIRE_MAX_SUBS) {
		evfilter_clear(&f);
		wire_error_set(&err, E_TOO_MANY, "at most %d subscriptions",
		    WIRE_MAX_SUBS);
		broker_send_error(b, s, id, &err);
		return;
	}
	s->nsubs++;
	sub = xcalloc(1, sizeof *sub);
	snprintf(sub->name, sizeof sub->name, "%s", name);
	sub->filter = f;
	sub->batch = (int)batch;
	sub->cursor = from < 0 ? evlog_head(b->log) : from;
	sub->next = s->subs;
	s->subs = sub;
	broker_send(b, s, wire_reply_ok(id, json_pack("{s:I}", "head",
	    (json_int_t)evlog_head(b->log))));
	events_pump(b, s, sub);
}

void
events_unsubscribe(struct broker *b, struct session *s, json_t *msg)
{
	const char *id = NULL, *name = NULL;
	struct wire_error err;
	struct sub *sub, **link;

	if (wire_get_id(msg, "id", 1, &id, &err) != 0 ||
	    wire_get_id(msg, "sub", 1, &name, &err) != 0) {
		broker_send_error(b, s, id, &err);
		return;
	}
	if ((sub = sub_find(s, name, &link)) != NULL) {
		*link = sub->next;
		sub_free(sub);
		s->nsubs--;
	}
	broker_send(b, s, wire_reply_ok(id, NULL));
}

void
events_ack(struct broker *b, struct session *s, json_t *msg)
{
	const char *name = NULL;
	int64_t count = 0;

	if (wire_get_id(msg, "sub", 1, &name, NULL) != 0 ||
	    wire_get_int(msg, "count", 1, 1, INT32_MAX, &count, NULL) != 0)
		return;
	events_ack_count(b, s, name, count);
}

void
events_ack_count(struct broker *b, struct session *s, const char *name,
    int64_t count)
{
	struct sub *sub = sub_find(s, name, NULL);

	if (sub == NULL)
		return;
	sub->inflight -= (int)(count < sub->inflight ? count : sub->inflight);
	events_pump(b, s, sub);
}

/* Answer publisher ack: its seqs, or an error when any event of it was
 * not stored (a retry with the same keys is safe). */
static void
events_answer(struct broker *b, struct publish_ack *ack, int committed)
{
	struct session *s = broker_session(b, ack->session_key);
	struct wire_error err;
	json_t *seqs;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < ack->n && committed && !ack->failed; i++)
		if (ack->seqs[i] <= 0)
			ack->failed = 1;
	if (!committed || ack->failed) {
		wire_error_set(&err, E_INTERNAL, !committed ?
		    "the event log could not commit" :
		    "cannot append event; try again");
		broker_send_error(b, s, ack->id, &err);
		return;
	}
	seqs = json_array();
	for (i = 0; i < ack->n; i++)
		json_array_append_new(seqs, json_integer(ack->seqs[i]));
	broker_send(b, s, wire_reply_ok(ack->id, json_pack("{s:o}", "seqs",
	    seqs)));
}

/* 1 when every event of ack has its seq (or -1): the log writes no
 * more into it, and it may be answered and freed. */
static int
ack_settled(const struct publish_ack *ack)
{
	size_t i;

	for (i = 0; i < ack->n; i++)
		if (ack->seqs[i] == 0)
			return 0;
	return 1;
}

void
events_flush(struct broker *b)
{
	struct publish_ack *ack, **link;
	struct session *s;
	struct sub *sub;
	size_t pos = 0;
	int ok = 0, moved = evlog_poll(b->log) > 0;

	if (b->acks != NULL) {
		ok = evlog_commit(b->log) == 0;
		link = &b->acks;
		while ((ack = *link) != NULL) {
			if (ok && !ack_settled(ack)) {
				link = &ack->next; /* the stream has not answered */
				continue;
			}
			*link = ack->next;
			events_answer(b, ack, ok);
			free(ack->seqs);
			free(ack->id);
			free(ack);
		}
		b->acks_tail = link;
	}
	if (!ok && !moved)
		return;
	while ((s = map_next(b->sessions, &pos, NULL)) != NULL)
		for (sub = s->subs; sub != NULL; sub = sub->next)
			events_pump(b, s, sub);
}

void
events_unblock(struct broker *b)
{
	struct session *s;
	struct sub *sub;
	size_t pos = 0;

	b->blocked = 0;
	while ((s = map_next(b->sessions, &pos, NULL)) != NULL)
		for (sub = s->subs; sub != NULL; sub = sub->next)
			if (sub->blocked)
				events_pump(b, s, sub);
}

void
events_drop_subs(struct session *s)
{
	struct sub *sub, *next;

	for (sub = s->subs; sub != NULL; sub = next) {
		next = sub->next;
		sub_free(sub);
	}
	s->subs = NULL;
	s->nsubs = 0;
}
