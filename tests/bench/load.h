/*
 * load.h: baedal-bench, the load generator (tests/bench/).
 *
 *   load.c          options, the run plan, the report (table or --json)
 *   load_conn.c     raw DEALER connections speaking PROTOCOL.md
 *   load_lat.c      latency samples and their percentiles
 *   load_baseline.c a bare zmq_proxy with a REP echo, the hop's yardstick
 *   load_probe.c    what the backend looks like from outside: RSS, open
 *                   descriptors, file sizes, each service's applied seq
 *   load_hop.c      the request hop (store.shops) and the baseline load
 *   load_orders.c   orders, closed and open loop, followed to the end
 *   load_replay.c   a subscriber replaying the log from seq 0
 *
 * It speaks the wire directly (one JSON frame per message) with frames
 * written by hand, so that the generator, on the same cores as the
 * backend, costs as little as it can.
 */
#ifndef BAEDAL_LOAD_H
#define BAEDAL_LOAD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Microseconds on the monotonic clock. */
int64_t load_now_us(void);

/* load_lat.c: a growing set of latency samples in microseconds. */
struct lat {
	int64_t *us;
	size_t n, cap;
};

struct lat_summary {
	size_t n;
	double p50, p99, p999, max; /* milliseconds */
};

void lat_add(struct lat *l, int64_t us);
/* Sort the samples and summarise them (all zero when there are none). */
void lat_summarise(struct lat *l, struct lat_summary *out);
/* Forget the samples, keeping the storage. */
void lat_clear(struct lat *l);
void lat_free(struct lat *l);

/* load_conn.c: one session on a broker door. */
struct conn {
	void *sock;
	int req_style;      /* sends an empty delimiter first (REQ peers) */
	int inflight;       /* requests sent and not answered */
	int64_t last_tx;    /* load_now_us() of the last send */
};

/* Connect to ep and say hello with token (NULL: no hello, for the
 * baseline). Exits the program with a message when that fails. */
struct conn *conn_open(void *ctx, const char *ep, const char *token,
    int req_style);
void conn_close(struct conn **self_p);
/* Send one frame. Returns 0, or -1 when ZeroMQ refused it. */
int conn_send(struct conn *c, const char *buf, size_t len);
/* Receive one frame without waiting into buf (NUL-terminated, cut at
 * cap - 1). Returns its length, or -1 when nothing is waiting. */
int conn_recv(struct conn *c, char *buf, size_t cap);
/* Send a heartbeat when nothing went out for a second. */
void conn_keepalive(struct conn *c, int64_t now);

/* The integer after "key": in a frame, or -1. Only for frames of a known
 * shape (the key is not inside a string). */
int64_t frame_int(const char *frame, const char *key);
/* 1 when the frame's "type" is type. */
int frame_is(const char *frame, const char *type);

/* load_baseline.c: a ROUTER/DEALER zmq_proxy with one REP echo behind
 * it, on ipc endpoints under dir. Returns the front endpoint (owned by
 * the baseline); baseline_stop ends both threads. */
struct baseline;
struct baseline *baseline_start(void *ctx, const char *dir);
const char *baseline_endpoint(const struct baseline *b);
void baseline_stop(struct baseline **self_p);

/* load_probe.c */
struct probe_sample {
	int64_t rss_kb;     /* resident set of the daemon and its children */
	int fds;            /* open descriptors of the daemon */
	int64_t db_bytes;   /* *.db files under home */
	int64_t wal_bytes;  /* *.db-wal files under home */
};

struct probe;
/* Watch daemon pid and its home directory. Never NULL. */
struct probe *probe_new(int pid, const char *home);
void probe_destroy(struct probe **self_p);
void probe_sample(struct probe *p, struct probe_sample *out);
/* CPU time the daemon (all its threads) has used, in microseconds. */
int64_t probe_cpu_us(struct probe *p);
/* The lowest applied seq among store, delivery, view and notify (each
 * service's svc_offset), or -1 when a database cannot be read. */
int64_t probe_consumed(struct probe *p);

/* What a run is given. */
struct load_opts {
	const char *front, *back, *home;
	int pid;
	int connections, window;
	int requests;       /* closed-loop hop requests */
	int orders;         /* closed-loop orders */
	int rate;           /* open loop: orders per second */
	int seconds;        /* open loop: how long */
	int minutes;        /* soak: open loop for this long, a line a minute */
	int replay;         /* events replayed from seq 0 */
	const char *customer, *owner, *admin, *service; /* tokens */
};

/* load_hop.c: requests per second and latency of a closed loop of
 * opts->requests store.shops requests (ep: the broker) or echoes (ep:
 * the baseline, req_style 1). */
struct hop_result {
	double per_s;
	struct lat_summary lat;
	int failed;
	double cpu_us;      /* the daemon's CPU per request (broker only) */
};
void hop_run(void *ctx, const struct load_opts *o, const char *ep,
    int baseline, struct hop_result *out);

/* load_orders.c */
struct orders_result {
	int placed, failed;
	double per_s;         /* orders placed, paid and consumed per second */
	double offered_per_s; /* open loop: the rate asked for */
	double cpu_us;        /* the daemon's CPU per order placed */
	struct lat_summary paid, seen, notified, consumed;
	char first_error[128];
};
/* Closed loop (rate 0: connections x window in flight) or open loop at
 * rate per second for seconds, latencies from each intended send time.
 * every_s > 0 calls tick(arg, minute results) every every_s seconds. */
void orders_run(void *ctx, const struct load_opts *o, int count, int rate,
    int seconds, struct probe *probe, struct orders_result *out,
    int every_s, void (*tick)(void *, const struct orders_result *),
    void *arg);

/* load_replay.c: append events until the log holds at least want, then
 * replay it all from seq 0 with one subscriber, twice: an event a frame,
 * then WIRE_MAX_BATCH a frame. */
struct replay_result {
	int64_t head;         /* the log's last seq */
	int64_t events;       /* replayed an event a frame */
	double per_s;
	int64_t batch_events; /* replayed WIRE_MAX_BATCH a frame */
	double batch_per_s;
	double fill_per_s;    /* appending the filler (0: none needed) */
};
void replay_run(void *ctx, const struct load_opts *o,
    struct replay_result *out);

#endif
