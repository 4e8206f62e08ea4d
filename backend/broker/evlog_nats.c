/*
 * evlog_nats.c: the event log's link to a NATS JetStream stream (see
 * evlog_int.h for the contract).
 *
 * Publishing: each message (evlog_batch.c makes them, an event or a
 * batch of them) goes out at once with js_PublishMsgAsync (with its
 * Nats-Msg-Id, so JetStream drops a repeat within its duplicate window
 * and answers with the first seq), at most PUB_WINDOW in flight;
 * the library's acknowledgement handler, on its own thread, notes each
 * answer and wakes the broker's poll (the pipe below); evnats_collect,
 * on the broker's thread, hands the answers to their slots without
 * waiting, so the broker goes on routing while a publish is replicated.
 * A publish with no answer within max_wait_ms fails (the library times
 * it out; a lost answer is given up 250 ms later).
 *
 * Following: an ordered consumer (ephemeral, flow-controlled, recreated
 * by the library from the last seq after a gap or a lost heartbeat)
 * pushes the stream's messages to a callback on the library's thread,
 * which queues them (at most FOLLOW_MAX; it waits for room, so the
 * server is slowed down rather than anything dropped) and wakes the
 * broker's poll through a pipe. Following again (after a reconnect, or
 * when the follower could not be made) happens on a thread of its own,
 * since making a consumer waits for JetStream's answer (up to
 * FOLLOW_WAIT_MS, and longer while it has no metadata leader): on the
 * broker's thread that wait stopped every request for a second.
 */
#include "evlog_int.h"

#include <errno.h>
#include <fcntl.h>
#include <nats/nats.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define PUB_WINDOW 256          /* publishes in flight, at most */
#define STALL_WAIT_MS 50        /* one wait for room in the window */
#define FOLLOW_MAX 8192         /* followed messages queued, at most */
#define CONNECT_TIMEOUT_MS 2000
#define API_WAIT_MS 5000        /* JetStream API calls (stream info) */
#define URLS_MAX 16
#define FOLLOW_HEARTBEAT_NS 1000000000LL /* a lost follower is seen in ~2 s */
#define FOLLOW_WAIT_MS 1000     /* making the follower's consumer */
#define KV_WAIT_MS 500          /* a lease's read or write: on the broker's
                                   loop, so short */

/* One publish waiting for its acknowledgement. */
struct inflight {
	natsMsg *msg;           /* identifies it in the handler; not owned */
	int64_t *slot;          /* the caller's: written by evnats_collect */
	int64_t result;         /* its seq, or -1, once done */
	int64_t sent_ms;
	int done;
};

struct followed {
	int64_t seq;
	natsMsg *msg;
};

struct evnats {
	natsConnection *nc;
	jsCtx *js;
	natsSubscription *sub;
	char *stream;
	char *subject;
	int replicas;
	int64_t max_wait_ms;
	int pipe[2];            /* readable while followed messages wait */
	const char *log_tag;    /* the opener's, for the refollower thread */
	pthread_mutex_t mu;
	pthread_cond_t acked;   /* an inflight publish was answered */
	pthread_cond_t room;    /* the follow queue has room */
	pthread_cond_t gone;    /* the follower's callback will not run again */
	/* Under mu: */
	struct inflight *pubs;
	size_t npubs, capubs, ndone, hint;
	int acks_woke;          /* the pipe was written for an answer */
	struct followed queue[FOLLOW_MAX];
	size_t qhead, qlen;
	int closing;
	int sub_done;           /* the closed follower's callback returned */
	int closing_all;        /* evnats_close: no more following */
	int reconnected;        /* since the last evnats_reconnected */
	int followed;           /* a follower was made (the last try) */
	int refollowing;        /* the refollower thread is at work */
	int refollow_again;     /* ...and should follow (again) from: */
	int64_t refollow_after;
	/* The refollower thread (joined before another starts, and by
	 * evnats_close); it alone touches sub while it runs. */
	pthread_t refollower;
	int refollower_made;
	jsCtx *kvjs;            /* key-value reads and writes (KV_WAIT_MS) */
	kvStore *kv;            /* the bucket last used by evnats_kv_*, */
	char kv_name[32];       /* ...whose name this is */
};

static void
err_set(char *err, size_t errlen, const char *what, natsStatus s,
    jsErrCode jerr)
{
	const char *text = nats_GetLastError(NULL), *p;

	/* The library's text starts with where it was raised: "(f.c:1): ". */
	if (text != NULL && text[0] == '(' && (p = strstr(text, "): ")) != NULL)
		text = p + 3;
	if (text == NULL || *text == '\0')
		text = natsStatus_GetText(s);
	if (jerr != 0)
		snprintf(err, errlen, "%s: %s (JetStream error %d)", what, text,
		    (int)jerr);
	else
		snprintf(err, errlen, "%s: %s", what, text);
}

/* The handler of every publish's acknowledgement (library thread). */
static void
on_ack(jsCtx *js, natsMsg *msg, jsPubAck *pa, jsPubAckErr *pae,
    void *closure)
{
	struct evnats *self = closure;
	size_t i, n;
	int wake;

	(void)js;
	pthread_mutex_lock(&self->mu);
	/* Answers come mostly in order: look from the last one found. */
	for (n = 0, i = self->hint; n < self->npubs; n++, i++) {
		if (i >= self->npubs)
			i = 0;
		if (self->pubs[i].msg == msg && !self->pubs[i].done) {
			self->pubs[i].result = pa != NULL ?
			    (int64_t)pa->Sequence : -1;
			self->pubs[i].done = 1;
			self->ndone++;
			self->hint = i + 1;
			pthread_cond_signal(&self->acked);
			break;
		}
	}
	wake = !self->acks_woke;
	self->acks_woke = 1;
	pthread_mutex_unlock(&self->mu);
	if (wake && write(self->pipe[1], "", 1) < 0 && errno != EAGAIN)
		log_warn("event log: cannot wake the broker: %s",
		    strerror(errno));
	if (pae != NULL)
		log_warn("event log: JetStream did not store a message: %s%s%s",
		    natsStatus_GetText(pae->Err), pae->ErrText ? ": " : "",
		    pae->ErrText ? pae->ErrText : "");
	natsMsg_Destroy(msg); /* with an ack handler, ours to free */
}

/* The follower's callback (library thread): queue the message. */
static void
on_msg(natsConnection *nc, natsSubscription *sub, natsMsg *msg,
    void *closure)
{
	struct evnats *self = closure;
	jsMsgMetaData *meta = NULL;
	int64_t seq;
	int wake;

	(void)nc;
	(void)sub;
	if (natsMsg_GetMetaData(&meta, msg) != NATS_OK) {
		natsMsg_Destroy(msg);
		return;
	}
	seq = (int64_t)meta->Sequence.Stream;
	jsMsgMetaData_Destroy(meta);
	pthread_mutex_lock(&self->mu);
	while (self->qlen == FOLLOW_MAX && !self->closing)
		pthread_cond_wait(&self->room, &self->mu);
	if (self->closing) {
		pthread_mutex_unlock(&self->mu);
		natsMsg_Destroy(msg);
		return;
	}
	self->queue[(self->qhead + self->qlen) % FOLLOW_MAX] =
	    (struct followed){ seq, msg };
	wake = self->qlen++ == 0;
	pthread_mutex_unlock(&self->mu);
	if (wake && write(self->pipe[1], "", 1) < 0 && errno != EAGAIN)
		log_warn("event log: cannot wake the broker: %s",
		    strerror(errno));
}

/* The follower is closed and its callback has returned (library
 * thread): what it uses may go. */
static void
on_sub_done(void *closure)
{
	struct evnats *self = closure;

	pthread_mutex_lock(&self->mu);
	self->sub_done = 1;
	pthread_cond_broadcast(&self->gone);
	pthread_mutex_unlock(&self->mu);
}

/* The connection is back (library thread), maybe to another server:
 * the follower's consumer may have been on the one that went. */
static void
on_reconnected(natsConnection *nc, void *closure)
{
	struct evnats *self = closure;

	(void)nc;
	pthread_mutex_lock(&self->mu);
	self->reconnected = 1;
	pthread_mutex_unlock(&self->mu);
	if (write(self->pipe[1], "", 1) < 0 && errno != EAGAIN)
		log_warn("event log: cannot wake the broker: %s",
		    strerror(errno));
}

/* Split "nats://a:1,b:2" into URLs, each with its scheme. Returns how
 * many (owned strings in urls). */
static int
urls_split(const char *list, char **urls, int max)
{
	const char *p = list;
	int n = 0;
	size_t len;

	while (*p != '\0' && n < max) {
		len = strcspn(p, ",");
		if (len > 0)
			urls[n++] = strncmp(p, "nats://", 7) == 0 ?
			    xasprintf("%.*s", (int)len, p) :
			    xasprintf("nats://%.*s", (int)len, p);
		p += len + (p[len] == ',');
	}
	return n;
}

static int
evnats_connect(struct evnats *self, const char *list, char *err,
    size_t errlen)
{
	natsOptions *opts = NULL;
	jsOptions jo;
	char *urls[URLS_MAX];
	int n = urls_split(list, urls, URLS_MAX), i;
	natsStatus s;

	if (n == 0) {
		snprintf(err, errlen, "no NATS server in '%s'", list);
		return -1;
	}
	s = natsOptions_Create(&opts);
	if (s == NATS_OK)
		s = natsOptions_SetServers(opts, (const char **)urls, n);
	/* The servers in the order given, the host's own first: a host
	 * lost elsewhere then leaves this broker's connection, and the
	 * follower's consumer on it, alone. */
	if (s == NATS_OK)
		s = natsOptions_SetNoRandomize(opts, true);
	if (s == NATS_OK)
		s = natsOptions_SetName(opts, "baedald");
	if (s == NATS_OK)
		s = natsOptions_SetTimeout(opts, CONNECT_TIMEOUT_MS);
	/* Once connected, keep trying a lost cluster for ever. */
	if (s == NATS_OK)
		s = natsOptions_SetMaxReconnect(opts, -1);
	if (s == NATS_OK)
		s = natsOptions_SetReconnectWait(opts, 250);
	if (s == NATS_OK)
		s = natsOptions_SetReconnectedCB(opts, on_reconnected, self);
	if (s == NATS_OK)
		s = natsConnection_Connect(&self->nc, opts);
	natsOptions_Destroy(opts);
	for (i = 0; i < n; i++)
		free(urls[i]);
	if (s != NATS_OK) {
		err_set(err, errlen, "cannot reach the NATS servers", s, 0);
		return -1;
	}
	jsOptions_Init(&jo);
	jo.Wait = API_WAIT_MS;
	jo.PublishAsync.MaxPending = PUB_WINDOW;
	jo.PublishAsync.StallWait = STALL_WAIT_MS;
	jo.PublishAsync.AckHandler = on_ack;
	jo.PublishAsync.AckHandlerClosure = self;
	if ((s = natsConnection_JetStream(&self->js, self->nc, &jo)) !=
	    NATS_OK) {
		err_set(err, errlen, "cannot use JetStream", s, 0);
		return -1;
	}
	return 0;
}

/* Find the stream, or make it; check what cannot be changed. */
static int
evnats_stream(struct evnats *self, const struct evlog_nats_opts *o,
    int64_t *created, int64_t *last, char *err, size_t errlen)
{
	jsStreamInfo *si = NULL;
	jsStreamConfig sc;
	jsErrCode jerr = 0;
	const char *subjects[1] = { self->subject };
	int64_t window = o->dup_window_ms * 1000000; /* ns */
	natsStatus s;

	s = js_GetStreamInfo(&si, self->js, o->stream, NULL, &jerr);
	if (s == NATS_NOT_FOUND || jerr == JSStreamNotFoundErr) {
		jsStreamConfig_Init(&sc);
		sc.Name = o->stream;
		sc.Subjects = subjects;
		sc.SubjectsLen = 1;
		sc.Storage = js_FileStorage;
		sc.Replicas = o->replicas;
		sc.Duplicates = window;
		sc.Retention = js_LimitsPolicy; /* kept for ever: no gaps */
		sc.DenyDelete = true;
		sc.DenyPurge = true;
		s = js_AddStream(&si, self->js, &sc, NULL, &jerr);
		if (s != NATS_OK) {
			err_set(err, errlen, "cannot create the stream", s, jerr);
			if (o->replicas > 1)
				snprintf(err + strlen(err), errlen - strlen(err),
				    "; the cluster has fewer than %d servers "
				    "with JetStream (--log-replicas)",
				    o->replicas);
			return -1;
		}
		log_info("event log: created stream %s (file storage, %d "
		    "replicas)", o->stream, o->replicas);
	} else if (s != NATS_OK) {
		err_set(err, errlen, s == NATS_TIMEOUT ||
		    s == NATS_NO_RESPONDERS ? "JetStream does not answer (is "
		    "nats-server started with -js?)" : "cannot read the stream",
		    s, jerr);
		return -1;
	}
	if (si->Config->Replicas != o->replicas) {
		snprintf(err, errlen, "stream %s has %lld replicas, but "
		    "--log-replicas is %d", o->stream,
		    (long long)si->Config->Replicas, o->replicas);
		jsStreamInfo_Destroy(si);
		return -1;
	}
	if (si->Config->Duplicates != window) {
		jsStreamInfo *was = si;

		sc = *was->Config; /* borrows was's strings */
		sc.Duplicates = window;
		si = NULL;
		s = js_UpdateStream(&si, self->js, &sc, NULL, &jerr);
		jsStreamInfo_Destroy(was);
		if (s != NATS_OK) {
			err_set(err, errlen, "cannot set the duplicate window",
			    s, jerr);
			return -1;
		}
	}
	*created = si->Created;
	*last = (int64_t)si->State.LastSeq;
	jsStreamInfo_Destroy(si);
	return 0;
}

struct evnats *
evnats_open(const struct evlog_nats_opts *o, int64_t *created, int64_t *last,
    char *err, size_t errlen)
{
	struct evnats *self = xcalloc(1, sizeof *self);

	self->pipe[0] = self->pipe[1] = -1;
	self->log_tag = log_get_tag();
	pthread_mutex_init(&self->mu, NULL);
	pthread_cond_init(&self->acked, NULL);
	pthread_cond_init(&self->room, NULL);
	pthread_cond_init(&self->gone, NULL);
	self->stream = xstrdup(o->stream);
	self->subject = xasprintf("%s.events", o->stream);
	self->max_wait_ms = o->max_wait_ms;
	self->replicas = o->replicas;
	if (pipe(self->pipe) != 0 ||
	    fcntl(self->pipe[0], F_SETFL, O_NONBLOCK) != 0 ||
	    fcntl(self->pipe[1], F_SETFL, O_NONBLOCK) != 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		evnats_close(&self);
		return NULL;
	}
	if (evnats_connect(self, o->urls, err, errlen) != 0 ||
	    evnats_stream(self, o, created, last, err, errlen) != 0) {
		evnats_close(&self);
		return NULL;
	}
	log_info("event log: JetStream stream %s at %s, %d replicas, "
	    "duplicate window %lld ms, last seq %lld", o->stream, o->urls,
	    o->replicas, (long long)o->dup_window_ms, (long long)*last);
	return self;
}

/* Drop the queued followed messages (under mu). */
static void
queue_clear(struct evnats *self)
{
	for (; self->qlen > 0; self->qlen--) {
		natsMsg_Destroy(self->queue[self->qhead].msg);
		self->qhead = (self->qhead + 1) % FOLLOW_MAX;
	}
	pthread_cond_broadcast(&self->room);
}

/* Stop following: the callback returns at once while closing, and is
 * waited for (bounded), so no message of this follower comes after. */
static void
evnats_unfollow(struct evnats *self)
{
	struct timespec until;

	if (self->sub == NULL)
		return;
	pthread_mutex_lock(&self->mu);
	self->closing = 1;
	pthread_cond_broadcast(&self->room);
	pthread_mutex_unlock(&self->mu);
	/* Destroy closes it without deleting its consumer on the server
	 * (an ephemeral one the server drops by itself): libnats 3.4.1's
	 * Unsubscribe reads the consumer's name after a reset of the
	 * ordered consumer may have freed it, when the server no longer
	 * has that consumer (after a reconnect). */
	natsSubscription_Destroy(self->sub);
	self->sub = NULL;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 2;
	pthread_mutex_lock(&self->mu);
	while (!self->sub_done &&
	    pthread_cond_timedwait(&self->gone, &self->mu, &until) == 0)
		;
	pthread_mutex_unlock(&self->mu);
	pthread_mutex_lock(&self->mu);
	queue_clear(self);
	self->closing = 0;
	pthread_mutex_unlock(&self->mu);
}

int
evnats_follow(struct evnats *self, int64_t after)
{
	jsOptions jo;
	jsSubOptions so;
	jsErrCode jerr = 0;
	natsStatus s;

	evnats_unfollow(self);
	pthread_mutex_lock(&self->mu);
	self->closing = 0; /* also when there was none (evnats_refollow) */
	self->sub_done = 0;
	pthread_mutex_unlock(&self->mu);
	jsSubOptions_Init(&so);
	so.Stream = self->stream;
	so.Ordered = true;
	so.Config.Heartbeat = FOLLOW_HEARTBEAT_NS;
	if (after > 0) {
		so.Config.DeliverPolicy = js_DeliverByStartSequence;
		so.Config.OptStartSeq = (uint64_t)after + 1;
	} else
		so.Config.DeliverPolicy = js_DeliverAll;
	/* Not the API's usual wait: this runs in the broker's loop, and a
	 * failure is tried again (evnats_following). */
	jsOptions_Init(&jo);
	jo.Wait = FOLLOW_WAIT_MS;
	s = js_Subscribe(&self->sub, self->js, self->subject, on_msg, self,
	    &jo, &so, &jerr);
	if (s != NATS_OK) {
		log_error("event log: cannot follow stream %s: %s (%d)",
		    self->stream, natsStatus_GetText(s), (int)jerr);
		self->sub = NULL;
		pthread_mutex_lock(&self->mu);
		self->followed = 0;
		pthread_mutex_unlock(&self->mu);
		return -1;
	}
	/* The library's default pending limits would drop messages while
	 * the callback waits for room; it never runs ahead of FOLLOW_MAX. */
	natsSubscription_SetPendingLimits(self->sub, -1, -1);
	natsSubscription_SetOnCompleteCB(self->sub, on_sub_done, self);
	pthread_mutex_lock(&self->mu);
	self->followed = 1;
	pthread_mutex_unlock(&self->mu);
	return 0;
}

/* The refollower thread: follow from the point last asked for, until
 * no other was asked for meanwhile. */
static void *
refollow_main(void *arg)
{
	struct evnats *self = arg;
	int64_t after;

	log_set_tag(self->log_tag);
	pthread_mutex_lock(&self->mu);
	while (self->refollow_again && !self->closing_all) {
		self->refollow_again = 0;
		after = self->refollow_after;
		pthread_mutex_unlock(&self->mu);
		evnats_follow(self, after);
		pthread_mutex_lock(&self->mu);
	}
	self->refollowing = 0;
	pthread_mutex_unlock(&self->mu);
	return NULL;
}

/* Wait for the refollower thread, if there was one (it is done or about
 * to be: the caller saw refollowing 0, or asked it to stop). */
static void
refollower_join(struct evnats *self)
{
	if (self->refollower_made) {
		pthread_join(self->refollower, NULL);
		self->refollower_made = 0;
	}
}

void
evnats_refollow(struct evnats *self, int64_t after)
{
	int start;

	pthread_mutex_lock(&self->mu);
	/* The old follower's messages stop here, as if it were closed
	 * now: none queued or still coming is taken (after a copy that
	 * failed, a later one taken would look like a gap). */
	self->closing = 1;
	queue_clear(self);
	self->refollow_after = after;
	self->refollow_again = 1;
	start = !self->refollowing;
	if (start)
		self->refollowing = 1;
	pthread_mutex_unlock(&self->mu);
	if (!start)
		return; /* the thread at work takes the new point */
	refollower_join(self);
	if (pthread_create(&self->refollower, NULL, refollow_main, self) ==
	    0) {
		self->refollower_made = 1;
		return;
	}
	log_warn("event log: cannot start a thread to follow the stream "
	    "again; following it on this one");
	pthread_mutex_lock(&self->mu);
	self->refollowing = self->refollow_again = 0;
	pthread_mutex_unlock(&self->mu);
	evnats_follow(self, after);
}

int
evnats_following(struct evnats *self)
{
	int on;

	pthread_mutex_lock(&self->mu);
	on = self->refollowing || self->followed;
	pthread_mutex_unlock(&self->mu);
	return on;
}

int
evnats_reconnected(struct evnats *self)
{
	int was;

	pthread_mutex_lock(&self->mu);
	was = self->reconnected;
	self->reconnected = 0;
	pthread_mutex_unlock(&self->mu);
	return was;
}

int64_t
evnats_max_payload(const struct evnats *self)
{
	return natsConnection_GetMaxPayload(self->nc);
}

int
evnats_fd(const struct evnats *self)
{
	return self->pipe[0];
}

int
evnats_take(struct evnats *self, struct evnats_msg *out, int max)
{
	char drain[256];
	int n = 0;
	const char *key;

	while (read(self->pipe[0], drain, sizeof drain) > 0)
		;
	pthread_mutex_lock(&self->mu);
	for (; n < max && self->qlen > 0; n++, self->qlen--) {
		struct followed *f = &self->queue[self->qhead];

		self->qhead = (self->qhead + 1) % FOLLOW_MAX;
		key = NULL;
		if (natsMsgHeader_Get(f->msg, "Nats-Msg-Id", &key) != NATS_OK)
			key = NULL;
		out[n] = (struct evnats_msg){ .seq = f->seq, .key = key,
		    .body = natsMsg_GetData(f->msg),
		    .len = (size_t)natsMsg_GetDataLength(f->msg),
		    .own = f->msg };
	}
	/* More than max waited: come back at once. */
	if (self->qlen > 0 && write(self->pipe[1], "", 1) < 0 &&
	    errno != EAGAIN)
		log_warn("event log: cannot wake the broker: %s",
		    strerror(errno));
	if (n > 0)
		pthread_cond_broadcast(&self->room);
	pthread_mutex_unlock(&self->mu);
	return n;
}

void
evnats_msg_done(struct evnats_msg *m)
{
	natsMsg_Destroy(m->own);
	m->own = NULL;
}

int
evnats_publish(struct evnats *self, const char *key, const char *body,
    size_t len, int64_t *slot)
{
	natsMsg *msg = NULL, *sent;
	jsPubOptions po;
	int64_t deadline = mono_ms() + self->max_wait_ms;
	natsStatus s;

	*slot = -1;
	if (natsConnection_Status(self->nc) != NATS_CONN_STATUS_CONNECTED)
		return -1; /* at once, not after a wait: try again later */
	if (natsMsg_Create(&msg, self->subject, NULL, body, (int)len) !=
	    NATS_OK)
		return -1;
	jsPubOptions_Init(&po);
	po.MaxWait = self->max_wait_ms;
	po.MsgId = key;
	po.ExpectStream = self->stream;
	/* Known before it is sent: its answer may come before the send
	 * returns. */
	sent = msg;
	pthread_mutex_lock(&self->mu);
	if (self->npubs == self->capubs) {
		self->capubs = self->capubs ? self->capubs * 2 : PUB_WINDOW;
		self->pubs = xrealloc(self->pubs,
		    self->capubs * sizeof *self->pubs);
	}
	*slot = 0; /* waiting */
	self->pubs[self->npubs++] = (struct inflight){ sent, slot, -1,
	    mono_ms(), 0 };
	pthread_mutex_unlock(&self->mu);
	/* A full window answers a timeout without taking the message:
	 * send it again until there is room or its time is up. */
	while ((s = js_PublishMsgAsync(self->js, &msg, &po)) == NATS_TIMEOUT &&
	    mono_ms() < deadline)
		;
	if (s == NATS_OK)
		return 0;
	log_warn("event log: cannot publish to JetStream: %s",
	    natsStatus_GetText(s));
	pthread_mutex_lock(&self->mu);
	for (size_t i = 0; i < self->npubs; i++)
		if (self->pubs[i].msg == sent && !self->pubs[i].done) {
			self->pubs[i].done = 1;
			self->ndone++;
		}
	pthread_mutex_unlock(&self->mu);
	natsMsg_Destroy(msg);
	return -1; /* its slot gets -1 at the next collect */
}

size_t
evnats_collect(struct evnats *self)
{
	int64_t lost = mono_ms() - self->max_wait_ms - 250;
	size_t i, kept = 0;

	pthread_mutex_lock(&self->mu);
	for (i = 0; i < self->npubs; i++) {
		struct inflight *p = &self->pubs[i];

		if (p->done) {
			*p->slot = p->result;
			self->ndone--;
		} else if (p->sent_ms < lost) {
			/* A late answer finds nothing and is ignored. */
			*p->slot = -1;
		} else {
			self->pubs[kept++] = *p;
		}
	}
	self->npubs = kept;
	self->hint = 0;
	self->acks_woke = 0;
	pthread_mutex_unlock(&self->mu);
	return kept;
}

void
evnats_wait(struct evnats *self)
{
	struct timespec until;
	/* The library times each publish out at max_wait_ms. */
	int64_t ms = self->max_wait_ms + 250;
	size_t i;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&self->mu);
	while (self->ndone < self->npubs &&
	    pthread_cond_timedwait(&self->acked, &self->mu, &until) == 0)
		;
	for (i = 0; i < self->npubs; i++)
		if (!self->pubs[i].done) {
			self->pubs[i].done = 1; /* a late answer is ignored */
			self->ndone++;
		}
	pthread_mutex_unlock(&self->mu);
	evnats_collect(self);
}

void
evnats_close(struct evnats **self_p)
{
	struct evnats *self = *self_p;

	if (self == NULL)
		return;
	pthread_mutex_lock(&self->mu);
	self->closing_all = 1;
	pthread_mutex_unlock(&self->mu);
	refollower_join(self);
	evnats_unfollow(self);
	if (self->npubs > 0)
		evnats_wait(self);
	if (self->kv != NULL)
		kvStore_Destroy(self->kv);
	if (self->kvjs != NULL)
		jsCtx_Destroy(self->kvjs);
	if (self->js != NULL)
		jsCtx_Destroy(self->js);
	if (self->nc != NULL) {
		natsConnection_Close(self->nc);
		natsConnection_Destroy(self->nc);
	}
	if (self->pipe[0] >= 0)
		close(self->pipe[0]);
	if (self->pipe[1] >= 0)
		close(self->pipe[1]);
	pthread_mutex_destroy(&self->mu);
	pthread_cond_destroy(&self->acked);
	pthread_cond_destroy(&self->room);
	pthread_cond_destroy(&self->gone);
	free(self->pubs);
	free(self->stream);
	free(self->subject);
	free(self);
	*self_p = NULL;
}

/* ---- records shared by the brokers (key-value buckets) ------------ */

/* Bucket <stream>_<name> through js, bound or made. NULL, logged, on
 * error. */
static kvStore *
evnats_bucket_on(struct evnats *self, jsCtx *js, const char *name)
{
	char bucket[160];
	kvStore *kv = NULL;
	kvConfig kc;
	natsStatus s;

	snprintf(bucket, sizeof bucket, "%s_%s", self->stream, name);
	if ((s = js_KeyValue(&kv, js, bucket)) == NATS_OK)
		return kv;
	kvConfig_Init(&kc);
	kc.Bucket = bucket;
	kc.History = 1;
	kc.StorageType = js_FileStorage;
	kc.Replicas = self->replicas;
	if ((s = js_CreateKeyValue(&kv, js, &kc)) != NATS_OK) {
		log_error("event log: cannot make bucket %s: %s", bucket,
		    natsStatus_GetText(s));
		return NULL;
	}
	return kv;
}

static kvStore *
evnats_bucket(struct evnats *self, const char *name)
{
	return evnats_bucket_on(self, self->js, name);
}

/* A key-value key for any identifier: its bytes in hex. */
static void
record_key(char *out, size_t size, const char *key)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; key[i] != '\0' && 2 * i + 2 < size; i++) {
		out[2 * i] = hex[(unsigned char)key[i] >> 4];
		out[2 * i + 1] = hex[key[i] & 15];
	}
	out[2 * i] = '\0';
}

/*
 * Every record of bucket <stream>_<name>. The keys come from its stream's
 * list of subjects, asked of the stream's leader, not from kvStore_Keys:
 * that makes a consumer, which nats-server 2.9 may place on a server that
 * is gone, never answering, while a stream with a majority left answers
 * this.
 */
int
evnats_records(struct evnats *self, const char *name, json_t **out)
{
	kvStore *kv = evnats_bucket(self, name);
	char stream[160], prefix[160], filter[162];
	jsStreamStateSubjects *subs;
	jsStreamInfo *si = NULL;
	jsOptions jo;
	jsErrCode jerr = 0;
	kvEntry *e;
	json_t *v;
	natsStatus s;
	size_t plen;
	int i;

	*out = NULL;
	if (kv == NULL)
		return -1;
	snprintf(stream, sizeof stream, "KV_%s_%s", self->stream, name);
	plen = (size_t)snprintf(prefix, sizeof prefix, "$KV.%s_%s.",
	    self->stream, name);
	snprintf(filter, sizeof filter, "%s>", prefix);
	jsOptions_Init(&jo);
	jo.Wait = API_WAIT_MS;
	jo.Stream.Info.SubjectsFilter = filter;
	if ((s = js_GetStreamInfo(&si, self->js, stream, &jo, &jerr)) !=
	    NATS_OK) {
		log_error("event log: cannot list the %s records: %s (%d)",
		    name, natsStatus_GetText(s), (int)jerr);
		kvStore_Destroy(kv);
		return -1;
	}
	*out = json_array();
	subs = si->State.Subjects;
	for (i = 0; subs != NULL && i < subs->Count; i++) {
		if (strncmp(subs->List[i].Subject, prefix, plen) != 0)
			continue;
		s = kvStore_Get(&e, kv, subs->List[i].Subject + plen);
		if (s == NATS_NOT_FOUND) {
			s = NATS_OK; /* a deleted key */
			continue;
		}
		if (s != NATS_OK) {
			log_error("event log: cannot read a %s record: %s",
			    name, natsStatus_GetText(s));
			break;
		}
		v = json_loadb(kvEntry_Value(e), (size_t)kvEntry_ValueLen(e), 0,
		    NULL);
		if (json_is_object(v))
			json_array_append(*out, v);
		json_decref(v);
		kvEntry_Destroy(e);
	}
	jsStreamInfo_Destroy(si);
	kvStore_Destroy(kv);
	if (s != NATS_OK) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int
evnats_record_add(struct evnats *self, const char *name, const char *key,
    const json_t *value)
{
	kvStore *kv = evnats_bucket(self, name);
	char k[2 * 64 + 1];
	char *text;
	uint64_t rev = 0;
	natsStatus s;

	if (kv == NULL)
		return -1;
	record_key(k, sizeof k, key);
	text = json_dumps(value, JSON_COMPACT);
	s = kvStore_Create(&rev, kv, k, text, (int)strlen(text));
	free(text);
	kvStore_Destroy(kv);
	/* NATS_ERR: JetStream refused it, the key being there already
	 * (the first one stays). */
	if (s != NATS_OK && s != NATS_ERR) {
		log_error("event log: cannot store a %s record: %s", name,
		    natsStatus_GetText(s));
		return -1;
	}
	return 0;
}

/* The JetStream context for short questions asked on the broker's loop
 * (KV_WAIT_MS at most), made once; NULL (logged) on error. */
static jsCtx *
evnats_quick(struct evnats *self)
{
	jsOptions jo;
	natsStatus s;

	if (self->kvjs == NULL) {
		jsOptions_Init(&jo);
		jo.Wait = KV_WAIT_MS;
		if ((s = natsConnection_JetStream(&self->kvjs, self->nc,
		    &jo)) != NATS_OK)
			log_error("event log: no JetStream context: %s",
			    natsStatus_GetText(s));
	}
	return self->kvjs;
}

int
evnats_last(struct evnats *self, int64_t *last)
{
	jsCtx *js = evnats_quick(self);
	jsStreamInfo *si = NULL;
	jsErrCode jerr = 0;

	if (js == NULL || js_GetStreamInfo(&si, js, self->stream, NULL,
	    &jerr) != NATS_OK)
		return -1;
	*last = (int64_t)si->State.LastSeq;
	jsStreamInfo_Destroy(si);
	return 0;
}

/* Bucket <stream>_<name> for evnats_kv_*: kept bound between calls, on a
 * JetStream context that waits KV_WAIT_MS at most. NULL on error. */
static kvStore *
evnats_kv(struct evnats *self, const char *name)
{
	if (self->kv != NULL && strcmp(self->kv_name, name) == 0)
		return self->kv;
	if (evnats_quick(self) == NULL)
		return NULL;
	if (self->kv != NULL)
		kvStore_Destroy(self->kv);
	self->kv = evnats_bucket_on(self, self->kvjs, name);
	snprintf(self->kv_name, sizeof self->kv_name, "%s",
	    self->kv != NULL ? name : "");
	return self->kv;
}

int
evnats_kv_get(struct evnats *self, const char *name, const char *key,
    char **value, uint64_t *rev)
{
	kvStore *kv = evnats_kv(self, name);
	kvEntry *e = NULL;
	char k[2 * 64 + 1];
	natsStatus s;

	*value = NULL;
	*rev = 0;
	if (kv == NULL)
		return -1;
	record_key(k, sizeof k, key);
	if ((s = kvStore_Get(&e, kv, k)) == NATS_NOT_FOUND)
		return 0;
	if (s != NATS_OK) {
		log_error("event log: cannot read %s %s: %s", name, key,
		    natsStatus_GetText(s));
		return -1;
	}
	*value = xmalloc((size_t)kvEntry_ValueLen(e) + 1);
	memcpy(*value, kvEntry_Value(e), (size_t)kvEntry_ValueLen(e));
	(*value)[kvEntry_ValueLen(e)] = '\0';
	*rev = kvEntry_Revision(e);
	kvEntry_Destroy(e);
	return 1;
}

int
evnats_kv_put(struct evnats *self, const char *name, const char *key,
    const char *value, uint64_t rev)
{
	kvStore *kv = evnats_kv(self, name);
	char k[2 * 64 + 1];
	uint64_t now_rev = 0;
	natsStatus s;

	if (kv == NULL)
		return -1;
	record_key(k, sizeof k, key);
	s = rev == 0 ? kvStore_Create(&now_rev, kv, k, value,
	    (int)strlen(value)) : kvStore_Update(&now_rev, kv, k, value,
	    (int)strlen(value), rev);
	if (s == NATS_OK)
		return 0;
	/* NATS_ERR: JetStream refused it, the revision being another now
	 * (or, for a create, the key being there). */
	if (s == NATS_ERR)
		return 1;
	log_error("event log: cannot store %s %s: %s", name, key,
	    natsStatus_GetText(s));
	return -1;
}
