/*
 * evlog_batch.c: the JetStream log's appends, a poll batch at a time
 * (see evlog_int.h for the contract).
 *
 * The events appended between two commits go to the stream as ONE
 * message, {"events":[{"key"?,"type",...},...]}: JetStream stores it
 * whole or not at all, so no event of a publisher is stored while one
 * before it is refused, and the log keeps each publisher's order without
 * a round trip an event. Its Nats-Msg-Id, "b.<nonce>.<n>", is unique
 * across restarts and tells the broker's copy which message is its own:
 * the copy (evlog.c), which drops an event whose key it holds already,
 * hands the seqs it gave the message's events back here, and only then
 * are they the publishers' answers. The stream's acknowledgement alone
 * says nothing of the seqs (a message holds many events), but a refusal
 * fails the message's events at once.
 */
#include "evlog_int.h"

#include <stdlib.h>
#include <string.h>

#include "jbuf.h"
#include "util.h"

/* One message: sent, or being filled. */
struct pending {
	uint64_t id;            /* its number in its Nats-Msg-Id */
	int64_t sseq;           /* evnats' slot: 0 waiting, its stream seq, -1 */
	int64_t acked_ms;       /* when sseq came (monotonic), 0 before */
	int64_t **outs;         /* the callers' seqs, one an event */
	int64_t *got;           /* the seqs the open copy transaction gave */
	size_t n, cap;
	int copied;             /* got is filled, not yet committed */
	int done;               /* outs written: never touched again */
	struct pending *next;
};

struct evbatch {
	char nonce[17];
	uint64_t next_id;
	struct jbuf body;       /* the open message */
	struct pending *open;   /* its events' slots, NULL when empty */
	struct pending *sent, **sent_tail;
};

struct evbatch *
evbatch_new(void)
{
	struct evbatch *self = xcalloc(1, sizeof *self);

	random_hex(self->nonce, 8);
	self->sent_tail = &self->sent;
	return self;
}

static void
pending_free(struct pending *p)
{
	free(p->outs);
	free(p->got);
	free(p);
}

void
evbatch_destroy(struct evbatch **self_p)
{
	struct evbatch *self = *self_p;
	struct pending *p, *next;

	if (self == NULL)
		return;
	if (self->open != NULL)
		pending_free(self->open);
	for (p = self->sent; p != NULL; p = next) {
		next = p->next;
		pending_free(p);
	}
	jbuf_free(&self->body);
	free(self);
	*self_p = NULL;
}

void
evbatch_add(struct evbatch *self, const struct evlog_in *in, const char *data,
    int64_t *seq)
{
	struct jbuf *b = &self->body;
	struct pending *p = self->open;

	if (p == NULL) {
		p = self->open = xcalloc(1, sizeof *p);
		jbuf_reset(b);
		jbuf_lit(b, "{\"events\":[");
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->outs = xrealloc(p->outs, p->cap * sizeof *p->outs);
	}
	*seq = 0;
	p->outs[p->n] = seq;
	if (p->n++ > 0)
		jbuf_lit(b, ",");
	jbuf_lit(b, "{\"type\":");
	jbuf_str(b, in->type);
	if (in->key != NULL)
		jbuf_member_str(b, "key", in->key);
	if (in->order_id != 0)
		jbuf_member_int(b, "order_id", in->order_id);
	if (in->shop_id != NULL)
		jbuf_member_str(b, "shop_id", in->shop_id);
	if (in->customer_id != NULL)
		jbuf_member_str(b, "customer_id", in->customer_id);
	jbuf_member_int(b, "at", in->at >= 0 ? in->at : now_ms());
	jbuf_lit(b, ",\"data\":");
	jbuf_put(b, data, strlen(data));
	jbuf_lit(b, "}");
}

size_t
evbatch_bytes(const struct evbatch *self)
{
	return self->open != NULL ? self->body.len : 0;
}

/* Write v into every caller's seq of p, once. */
static void
pending_answer(struct pending *p, const int64_t *v, int64_t all)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		*p->outs[i] = v != NULL ? v[i] : all;
	p->done = 1;
}

void
evbatch_send(struct evbatch *self, struct evnats *nats)
{
	struct pending *p = self->open;
	char id[48];

	if (p == NULL)
		return;
	self->open = NULL;
	jbuf_lit(&self->body, "]}");
	p->id = ++self->next_id;
	p->got = xcalloc(p->n, sizeof *p->got);
	snprintf(id, sizeof id, "b.%s.%llu", self->nonce,
	    (unsigned long long)p->id);
	/* Refused at once (not connected): its slot is -1 by the next
	 * collect, which answers its events. */
	evnats_publish(nats, id, self->body.data, self->body.len, &p->sseq);
	*self->sent_tail = p;
	self->sent_tail = &p->next;
}

int64_t *
evbatch_mine(struct evbatch *self, const char *msg_id, size_t n)
{
	size_t len = strlen(self->nonce);
	unsigned long long id;
	struct pending *p;
	char *end;

	if (msg_id == NULL || strncmp(msg_id, "b.", 2) != 0 ||
	    strncmp(msg_id + 2, self->nonce, len) != 0 || msg_id[2 + len] != '.')
		return NULL;
	id = strtoull(msg_id + 3 + len, &end, 10);
	if (*end != '\0')
		return NULL;
	for (p = self->sent; p != NULL; p = p->next)
		if (p->id == id && !p->done && p->n == n) {
			p->copied = 1;
			return p->got;
		}
	return NULL;
}

void
evbatch_copied(struct evbatch *self, int committed)
{
	struct pending *p;

	for (p = self->sent; p != NULL; p = p->next) {
		if (!p->copied)
			continue;
		p->copied = 0;
		if (committed)
			pending_answer(p, p->got, 0);
	}
}

int64_t
evbatch_uncopied_since(const struct evbatch *self)
{
	const struct pending *p;
	int64_t oldest = 0;

	for (p = self->sent; p != NULL; p = p->next)
		if (!p->done && p->sseq > 0 && p->acked_ms != 0 &&
		    (oldest == 0 || p->acked_ms < oldest))
			oldest = p->acked_ms;
	return oldest;
}

size_t
evbatch_collect(struct evbatch *self, int64_t max_wait_ms, int give_up)
{
	struct pending *p, **link = &self->sent;
	int64_t now = mono_ms();
	size_t waiting = 0;

	while ((p = *link) != NULL) {
		if (p->sseq != 0 && p->acked_ms == 0)
			p->acked_ms = now;
		/* Refused or unanswered: not stored (as far as we know; if it
		 * was, the publisher's retry finds its events by key). Stored
		 * but not yet copied: wait for the copy, bounded. */
		if (!p->done && (p->sseq < 0 || (p->sseq > 0 && (give_up ||
		    now - p->acked_ms > max_wait_ms)))) {
			if (p->sseq > 0)
				log_warn("event log: stream message %lld not "
				    "copied in time; its publishers try again",
				    (long long)p->sseq);
			pending_answer(p, NULL, -1);
		}
		if (p->done && p->sseq != 0) {
			*link = p->next;
			pending_free(p);
			continue;
		}
		waiting += !p->done;
		link = &p->next;
	}
	self->sent_tail = link;
	return waiting;
}
