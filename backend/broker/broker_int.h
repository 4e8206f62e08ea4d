/*
 * broker_int.h: the broker's insides, shared by broker.c (sockets, hello,
 * the loop: it dispatches to the others), broker_route.c (requests and
 * replies), broker_events.c (publish, subscribe, the log) and
 * broker_session.c (finding a session, sending to it: what the other three
 * call). Not for other modules.
 */
#ifndef BAEDAL_BROKER_INT_H
#define BAEDAL_BROKER_INT_H

#include <jansson.h>
#include <stdint.h>

#include "broker.h"
#include "client.h"
#include "db.h"
#include "evlog.h"
#include "jbuf.h"
#include "map.h"
#include "users.h"
#include "wire.h"

enum door { DOOR_FRONT, DOOR_BACK };

#define RID_MAX 256
#define PUBLISH_MAX 256     /* events one publish may carry */
#define SESSION_KEY_MAX (2 + RID_MAX * 2 + 1)

struct sub {
	char name[WIRE_MAX_ID + 1];
	struct evfilter filter;
	int64_t cursor;     /* last seq examined for this subscriber */
	int inflight;       /* sent and not yet acknowledged */
	int batch;          /* events a frame: 1, "event"; more, "events" */
	int live;           /* told that the backlog is drained */
	int64_t at_head;    /* when it first came to the head, not live yet
	                       (monotonic ms; 0 before) */
	int behind;         /* told that its window is full */
	int blocked;        /* a send was refused (the peer's queue full) */
	struct sub *next;
};

struct session {
	char key[SESSION_KEY_MAX];
	enum door door;
	unsigned char rid[RID_MAX];
	size_t rid_len;
	int req_style;      /* peer sends an empty delimiter frame (REQ) */
	int fd;             /* the connection it said hello on (-1: inproc) */
	int authed;
	struct user user;
	int64_t last_rx;
	int64_t last_tx;
	char service[WIRE_MAX_ID + 1]; /* registered as a worker of this */
	struct sub *subs;
	int nsubs;
	int pending;        /* its requests waiting for an answer */
	int inflight;       /* as a worker: requests handed to it, unanswered */
	uint64_t last_pick; /* as a worker: b->picks when last handed one */
	int64_t lease_epoch; /* as a worker: the lease it registered under
	                        (0: none; broker_lease.c) */
	char lease_service[WIRE_MAX_ID + 1];
};

struct pending {
	char bid[32];        /* "b<broker's prefix>-<n>" */
	char client_key[SESSION_KEY_MAX];
	char *client_id;
	char service[WIRE_MAX_ID + 1];
	char *forward;       /* the request as the service gets it, but
	                        for ,"deadline_ms":N} (added when sent) */
	size_t forward_len;
	int64_t deadline;    /* monotonic ms */
	char method[WIRE_MAX_ID + 1];
	double started;      /* metrics_now() when it came */
	char worker_key[SESSION_KEY_MAX]; /* "" while waiting for a worker */
};

struct publish_ack {
	char session_key[SESSION_KEY_MAX];
	char *id;
	int64_t *seqs;      /* filled by the log, by the commit at the latest */
	size_t n;
	int failed;         /* an append was refused */
	struct publish_ack *next;
};

#define RATE_SLOTS 11

/* Samples of b->published, one a second, for the append rate. */
struct broker_rate {
	int64_t at[RATE_SLOTS];     /* monotonic ms */
	int64_t total[RATE_SLOTS];  /* b->published then */
	int head, n;
	int64_t counted;            /* b->published already in the counter */
	double per_s;               /* the last rate computed */
};

struct broker {
	const struct config *cfg;
	void *ctx;
	void *front;
	void *back;
	void *monitors[2];      /* disconnections of each door's peers */
	void *zap;              /* the ZAP handler (NULL: no CURVE door) */
	struct db *db;
	struct evlog *log;
	struct map *sessions;   /* key -> struct session */
	struct map *pending;    /* bid -> struct pending */
	struct map *services;   /* name -> (void *)1 once seen */
	struct map *leases;     /* service -> lease as known (broker_lease.c) */
	int64_t lease_down_until; /* the lease store failed: not tried before
	                             then (monotonic ms) */
	int lease_out;            /* ...and has not answered since */
	int64_t lease_back_at;    /* when it answered again (monotonic ms) */
	uint64_t next_bid;
	char bid_prefix[7];  /* this broker's, in its bids: a service process
	                        registered with several brokers answers each
	                        request through the broker that sent it */
	uint64_t picks;      /* requests handed to workers, for fair turns */
	struct publish_ack *acks, **acks_tail;
	int64_t started;
	int64_t published;
	int blocked;        /* some sub is blocked: pump again soon */
	int64_t delivered;
	int64_t requests;
	int64_t bad_frames;
	int64_t curve_ok;       /* CURVE handshakes let in by ZAP */
	int64_t curve_refused;  /* other mechanisms refused by ZAP */
	struct metrics *metrics;  /* this broker's figures (metrics.h) */
	struct broker_rate rate;
	int events_dirty;       /* a subscriber may have something to get */
	char frame[WIRE_MAX_FRAME]; /* an event frame being put together */
	struct jbuf out;        /* a request or reply being put together */
};

/* A request as the broker routes it: what it read of the caller's
 * frame. body (body_len bytes, JSON text) may be NULL for {}. */
struct route_req {
	const char *id, *service, *method;
	int64_t deadline;       /* ms */
	const char *body;
	size_t body_len;
};

/* broker_curve.c */
/* The server's CURVE key pair from home (server.key, server.pub), made
 * there (mode 0600) when missing: secret and public, 41 bytes each, get
 * the Z85 keys. 0, or -1 (logged). */
int curve_keys(const char *home, char *secret, char *public);
/* Make sock, before it binds, a CURVE server with secret (Z85) in the
 * ZAP domain "baedal". 0 or -1. */
int curve_server(void *sock, const char *secret);
/* The ZAP handler's socket on ctx, or NULL (logged). */
void *zap_new(void *ctx);
/* Answer the ZAP requests waiting on sock: CURVE peers are let in,
 * anything else refused. Returns how many were answered. */
int zap_handle(struct broker *b, void *sock);

/* broker_session.c */
/* Send msg (stolen) to session s. Returns 0; -1 when the peer is gone or
 * its queue is full; CLIENT_TOO_LARGE when msg is too large for a frame. */
int broker_send(struct broker *b, struct session *s, json_t *msg);
/* Send an encoded frame buf[0..len) (at most WIRE_MAX_FRAME) to s.
 * Returns 0, or -1 when the peer is gone or its queue is full. */
int broker_send_bytes(struct broker *b, struct session *s, const char *buf,
    size_t len);
/* Reply to request id (may be NULL) of s with an error. */
void broker_send_error(struct broker *b, struct session *s, const char *id,
    const struct wire_error *err);
/* The session with key, or NULL. */
struct session *broker_session(struct broker *b, const char *key);

/* broker_route.c */
void route_request(struct broker *b, struct session *s, json_t *msg);
/* Route r (checked by the caller) from s: answered at once when the
 * service is unknown or s has too many waiting, else handed to a worker
 * now or when one comes. */
void route_request_to(struct broker *b, struct session *s,
    const struct route_req *r);
void route_reply(struct broker *b, struct session *s, json_t *msg);
/* The request a service's reply with broker id bid answers, and in
 * *client its caller (NULL when gone); NULL when it was answered
 * already or is past its deadline. */
struct pending *route_reply_begin(struct broker *b, const char *bid,
    struct session **client);
/* The reply to p was sent to client c (may be NULL) with result rc
 * (broker_send's): tell c when it was too large, and forget p. */
void route_reply_end(struct broker *b, struct pending *p, struct session *c,
    int rc);
void route_register(struct broker *b, struct session *s, json_t *msg);
/* Fail requests past their deadline, hand waiting ones to workers. */
void route_tick(struct broker *b, int64_t now);
/* A worker is gone: its requests wait for another. */
void route_worker_gone(struct broker *b, struct session *s);
void route_free_all(struct broker *b);

/* broker_lease.c */
/* broker.lease from s: take, renew (ttl_ms) or give up (ttl_ms 0) the
 * lease of service for holder; answered {held, holder, epoch,
 * expires_in_ms}. Only services ask. */
void lease_request(struct broker *b, struct session *s, const char *id,
    const json_t *msg);
/* 1 with a fenced err when epoch is older than service's lease. */
int lease_fenced(struct broker *b, const char *service, int64_t epoch,
    struct wire_error *err);
/* A registration msg of service from s: one with an "epoch" is a lease
 * holder's, refused (-1, err) when that epoch is over. 0 otherwise. */
int lease_register(struct broker *b, struct session *s, const char *service,
    const json_t *msg, struct wire_error *err);
/* Keep the leases of this broker's workers current; unseat those taken
 * over. */
void lease_tick(struct broker *b, int64_t now);
/* {service: {holder, epoch, expires_in_ms}} of the leases known here. */
json_t *lease_stats(struct broker *b);
/* Free the leases known (at the broker's end; also before any). */
void lease_free_all(struct broker *b);

/* broker_metrics.c */
/* A request to service.method ended: counted, its time since started
 * (metrics_now(); 0: not timed) observed, and with code (NULL: none) an
 * error counted. */
void broker_metrics_request(struct broker *b, const char *service,
    const char *method, double started, const char *code);
/* The figures broker.stats adds (new reference): "methods" (see
 * metrics_methods), "log" {"appended","append_rate"}, "lag"
 * {service: events} and "replicas" {service: workers}. */
json_t *broker_metrics_stats(struct broker *b);
/* Refresh the gauges: log head, append rate, lag, replicas. */
void broker_metrics_tick(struct broker *b, int64_t now);

/* broker_fast.c */
/* Handle frame buf[0..len) (valid UTF-8) from s when it is a request,
 * reply, acknowledgement or heartbeat with nothing unusual in it.
 * Returns 1 when handled, 0 when it must go through broker_dispatch. */
int broker_fast(struct broker *b, struct session *s, const char *buf,
    size_t len);

/* broker_events.c */
void events_publish(struct broker *b, struct session *s, json_t *msg);
void events_subscribe(struct broker *b, struct session *s, json_t *msg);
void events_unsubscribe(struct broker *b, struct session *s, json_t *msg);
void events_ack(struct broker *b, struct session *s, json_t *msg);
/* The answer to publish id of n events from s, with room for their
 * seqs, to fill with evlog_append and hand to events_ack_queue. */
struct publish_ack *events_ack_new(struct session *s, const char *id,
    size_t n);
/* ack's first `appended` events are in the open batch (when fewer than
 * all, the publish failed): answer it once the batch is committed and
 * the log has set every seq. */
void events_ack_queue(struct broker *b, struct publish_ack *ack,
    size_t appended);
/* Subscriber name of s acknowledges count events: feed it more. */
void events_ack_count(struct broker *b, struct session *s, const char *name,
    int64_t count);
/* Take in what the log followed, commit the batch, acknowledge
 * publishers, feed subscribers. */
void events_flush(struct broker *b);
/* Feed again each sub whose last send was refused or whose log read
 * failed; b->blocked stays set while any still cannot go. */
void events_unblock(struct broker *b);
void events_drop_subs(struct session *s);

#endif
