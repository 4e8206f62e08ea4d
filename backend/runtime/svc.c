/*
 * svc.c: the service runtime (see svc.h for the contract).
 *
 * One loop per service: poll the broker connection, then handle a batch of
 * messages inside ONE transaction (group commit). Every request, event and
 * callback runs under its own savepoint, so one failure is undone alone.
 * After the commit the queued replies go out and the outbox is relayed.
 *
 * Sections, each with the guarantee of svc.h it keeps:
 *   events in     effect and offset in one transaction; failures dead-lettered
 *   requests in   a SVC_WRITE reply kept with its write, the first one kept
 *                 wins: retries (in any process of the service) get it
 *   calls out     sent after commit, again with the same id after reconnect
 *   outbox relay  svc_emit rows published after commit, keyed, until acked
 *   replies after the log   a reply held until its events are acked
 *   rebuilding from the log a new database applies the log before it
 *                 registers; own events from before are not applied again
 *   the lease     with one, a standby until it holds it; paused while it
 *                 is not renewed; fenced when another holds it
 *   the loop      one batch transaction per poll, reconnect, start and stop
 */
#include "svc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "client.h"
#include "jbuf.h"
#include "metrics.h"
#include "svc_lease.h"
#include "svc_sides.h"
#include "util.h"

#define BATCH_MAX 256
#define RELAY_BYTES (WIRE_MAX_FRAME / 2)
#define RELAY_LIMIT 128
#define EVENT_TRIES 5
#define RELAY_RETRY_MS 3000
#define HELLO_RETRY_MS 2000
#define ACK_EVERY 64
#define SVC_POOLS_MAX 4
#define SVC_SIDES_MAX 8     /* brokers a holder takes requests from */
#define DRAIN_MS 3000       /* a holder's outbox published at its stop */
#define BATCH_MS 100        /* a batch's work, at most, before the timers */
#define PAUSED_RETRY_MS 250 /* a paused holder: ask again after */
#define LOG_STALL_MS 1000   /* a publish unanswered this long: log stalled */
#define LOG_RETRY_MS 500    /* then callers are told to retry after this */

static const char runtime_schema[] =
    "CREATE TABLE IF NOT EXISTS svc_offset ("
    " id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);"
    "INSERT OR IGNORE INTO svc_offset VALUES (1, 0);"
    "CREATE TABLE IF NOT EXISTS svc_outbox ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL,"
    " order_id INTEGER, shop_id TEXT, customer_id TEXT,"
    " at INTEGER NOT NULL, data TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS svc_replies ("
    " key TEXT PRIMARY KEY, reply TEXT NOT NULL, at INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS svc_origin ("
    " id INTEGER PRIMARY KEY CHECK (id = 1), origin TEXT NOT NULL,"
    " own_from INTEGER);"
    "CREATE TABLE IF NOT EXISTS svc_rebuild ("
    " id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS svc_dead_events ("
    " seq INTEGER PRIMARY KEY, type TEXT, error TEXT, event TEXT,"
    " at INTEGER NOT NULL);";

enum svc_state { SVC_HELLO, SVC_REGISTER, SVC_READY };

struct svc_req {
	json_t *msg;              /* the request as received; owns strings */
	json_t *also;             /* broker ids of repeats waiting for it */
	const char *bid;
	const char *key;
	unsigned flags;
	const char *method;       /* as counted: a method's name, "unknown" */
	const char *text;         /* the answer as JSON text, borrowed from
	                             the method (svc_req_answer_text) */
	size_t text_len;
	double started;           /* metrics_now() when it came */
	struct svc_caller caller;
	int64_t need;             /* deferred: the outbox row it emitted */
	struct svc_req *next;
};

struct svc_callout {
	char id[48];
	svc_reply_fn cb;
	void *arg;
	int64_t deadline;         /* monotonic; answered as timeout after */
	struct wire_error early;  /* set when it failed before being sent */
	json_t *msg;              /* the request, to send again after a
	                             reconnect (same id: done once) */
	struct svc_callout *next;
};

/* A reply (msg), or work (fn, arg), waiting for outbox row need to be
 * published. */
struct svc_held {
	json_t *msg;
	svc_commit_fn fn;
	void *arg;
	int64_t need;
	struct svc_held *next;
};

struct svc_hook {
	svc_commit_fn fn;
	void *arg;
	struct svc_hook *next;
};

struct svc {
	const struct svc_def *def;
	const struct config *cfg;
	struct db *db;
	void *ctx;
	int own_ctx;
	void *sock;
	char *token;
	enum svc_state state;
	int64_t state_at;
	int64_t last_rx;
	int64_t last_tx;
	int64_t offset;           /* last event applied */
	int offset_read;          /* offset read in this batch's transaction */
	int offset_dirty;         /* offset moved; written at commit */
	int unacked;
	unsigned sub_gen;         /* subscriptions made; names the current */
	char sub_name[16];        /* its name ("svc7"); "" before the first */
	uint64_t next_id;
	char nonce[17];           /* call ids never repeat across starts */
	json_t *outgoing;         /* replies waiting for the commit */
	struct svc_req *deferred;
	struct svc_callout *calls;
	int64_t relay_max;        /* outbox ids up to this are in flight */
	int relay_limit;          /* events per publish (1 after a refusal) */
	int batch_failed;         /* the batch could not be written */
	int event_failures;       /* tries of the event that keeps failing */
	int64_t resubscribe_at;   /* events paused until then (monotonic) */
	struct svc_hook *hooks;   /* run when the batch ends */
	int64_t relay_sent;
	int log_refused;          /* the last publish was refused, transiently */
	int64_t log_since;        /* the oldest publish not yet acknowledged
	                             was first sent then (0: none) */
	struct jbuf relay_buf;    /* the publish frame, reused */
	struct jbuf frames;       /* reply frames written by hand, waiting in
	                             outgoing (svc_queue_text); reused */
	struct client_eps eps;    /* the brokers (--broker list), one at a time */
	int64_t next_tick;
	int wake_fds[SVC_POOLS_MAX]; /* worker pools' "done" descriptors */
	int n_wake;
	void *state_ptr;
	struct metrics *metrics;  /* this replica's figures */
	int rebuild;              /* a fresh database is applying its own
	                             events from seq 0 (svc_rebuild holds
	                             that offset) */
	int caught_up;            /* the log is applied up to the head found
	                             at start: requests and ticks are taken */
	int subscribed;           /* a subscription made in this session */
	int seed_due;             /* a fresh database: seed once caught up */
	char origin[17];          /* names this database in outbox keys;
	                             "" for one made before origins */
	struct svc_held *held;    /* replies waiting for the log */
	int hold_replies;         /* def->reply_after_log, where it helps */
	struct svc_held *held_new; /* those of the batch not yet committed */
	int64_t emit_max;         /* the outbox row svc_emit wrote last */
	int64_t emit_mark;        /* emit_max when the current unit began */
	int64_t own_from;         /* own events up to this seq are in the
	                             database already (-1: up to the head
	                             found at the first catch-up) */
	struct svc_lease lease;   /* acts only while held (if one is used) */
	struct svc_sides *sides;  /* a holder's doors on every broker of
	                             several, for requests (or NULL) */
	void *lease_sock;         /* the lease's own connection (or NULL) */
	char *lease_ep;           /* ...to this broker */
	int lease_ready;          /* ...its hello answered */
	int64_t lease_hello_at;
	int standby;              /* own events applied up to the log's
	                             head; waiting for the lease */
	int fenced;               /* the lease went to another: stop */
	int paused;               /* the lease ran out unrenewed: acting on
	                             nothing until renewed (or lost) */
	json_t *kept;             /* what came meanwhile, in order */
};

struct db *
svc_db(struct svc *svc)
{
	return svc->db;
}

const struct config *
svc_config(struct svc *svc)
{
	return svc->cfg;
}

const char *
svc_name(struct svc *svc)
{
	return svc->def->name;
}

void *
svc_state(struct svc *svc)
{
	return svc->state_ptr;
}

int
svc_get_by_order(struct svc *svc, const json_t *body,
    json_t *(*load)(struct db *db, int64_t order_id), const char *what,
    json_t **result, struct wire_error *err)
{
	int64_t order_id = 0;

	if (wire_get_int(body, "order_id", 1, 1, INT64_MAX, &order_id,
	    err) != 0)
		return -1;
	if ((*result = load(svc->db, order_id)) == NULL)
		return wire_error_set(err, E_NOT_FOUND, "no %s for order %lld",
		    what, (long long)order_id);
	return 0;
}

const struct svc_caller *
svc_req_caller(const struct svc_req *req)
{
	return &req->caller;
}

const char *
svc_req_key(const struct svc_req *req)
{
	return req->key;
}

/* Send msg (stolen) to the broker: 0, -1 (not now) or CLIENT_TOO_LARGE.
 * A reply goes back through the door its request came in by. */
static int
svc_send(struct svc *svc, json_t *msg /* stolen */)
{
	void *side = svc->sides == NULL ? NULL : svc_sides_sock(svc->sides,
	    json_string_value(json_object_get(msg, "id")));
	int rc = client_frame_send(side ? side : svc->sock, NULL, 0, 0, msg);

	if (rc == 0)
		svc->last_tx = mono_ms();
	return rc;
}

/* The frames kept above this many bytes are let go after a batch. */
#define FRAMES_KEEP (4 << 20)

/* Send the frame at offset at of svc->frames (its length, then its
 * bytes; see svc_queue_text). */
static void
svc_send_frame(struct svc *svc, size_t at)
{
	static const char head[] = "{\"type\":\"" WIRE_REPLY "\",\"id\":\"";
	const char *frame = svc->frames.data + at + sizeof(size_t);
	void *side = NULL;
	size_t len;

	memcpy(&len, svc->frames.data + at, sizeof len);
	/* A reply (svc_queue_text): its id says which door. */
	if (svc->sides != NULL && len > sizeof head - 1)
		side = svc_sides_sock(svc->sides, frame + sizeof head - 1);
	if (client_bytes_send(side ? side : svc->sock, NULL, 0, 0, frame,
	    len) == 0)
		svc->last_tx = mono_ms();
}

/* The outgoing messages are sent or dropped: forget them. */
static void
svc_outgoing_clear(struct svc *svc)
{
	json_array_clear(svc->outgoing);
	if (svc->frames.cap > FRAMES_KEEP)
		jbuf_free(&svc->frames);
	else
		jbuf_reset(&svc->frames);
}

/* Open the batch transaction if it is not open yet. Returns 0, or -1
 * when it cannot be opened: the caller must not write (its effect would
 * not be atomic with the rest). */
static int
svc_tx(struct svc *svc)
{
	if (db_in_tx(svc->db))
		return 0;
	if (db_begin(svc->db) == 0)
		return 0;
	svc->batch_failed = 1;
	return -1;
}

static void svc_release(struct svc *svc, int64_t upto);
static void svc_pause(struct svc *svc);
static void svc_resume(struct svc *svc);
static void svc_handle(struct svc *svc, json_t *msg);
static void svc_pause_take(struct svc *svc, json_t *msg);
static void svc_out(struct svc *svc, json_t *msg, int64_t need);
static int64_t svc_emitted_need(struct svc *svc);
static int64_t svc_kept_need(struct svc *svc);
static int svc_own_known(struct svc *svc, const json_t *ev, int64_t seq);
static int64_t svc_offset_load(struct svc *svc);
static int svc_offset_save(struct svc *svc);
static void svc_offset_reload(struct svc *svc);
static void svc_catch_up_begin(struct svc *svc);
static void svc_on_live(struct svc *svc);
static void svc_fence(struct svc *svc, const char *why);

static void
svc_set_state_to(struct svc *svc, enum svc_state state)
{
	svc->state = state;
	svc->state_at = mono_ms();
}

/* Offer the service's methods to the broker. */
static void
svc_register(struct svc *svc)
{
	json_t *msg = json_pack("{s:s, s:s, s:s}", "type", WIRE_REGISTER, "id",
	    "register", "service", svc->def->name);

	svc_set_state_to(svc, SVC_REGISTER);
	if (svc->lease.epoch != 0)
		json_object_set_new(msg, "epoch", json_integer(
		    svc->lease.epoch));
	svc_send(svc, msg);
	/* The one process acting must be reachable from every broker. */
	if (svc->lease.epoch != 0 && svc->eps.n > 1 && svc->sides == NULL)
		svc->sides = svc_sides_new(svc->ctx, &svc->eps, svc->cfg->home,
		    svc->cfg->insecure, svc->token, svc->def->name,
		    svc->lease.epoch);
}

static void
svc_hello(struct svc *svc)
{
	svc_set_state_to(svc, SVC_HELLO);
	svc->relay_max = 0;
	svc->subscribed = 0;
	svc_send(svc, json_pack("{s:s, s:s, s:s}", "type", WIRE_HELLO, "id",
	    "hello", "token", svc->token));
}

/* ---- events in ---------------------------------------------------- */

/*
 * Subscribe from the offset, under a name of its own. Frames of the
 * subscription it replaces may still be on their way (sent before the
 * broker saw this one): they carry the old name and are ignored, since
 * they continue from where the old one was, past events this replica
 * may have dropped (a batch undone), and applying them would move the
 * offset over those for good. The old one is ended on the broker.
 */
static void
svc_subscribe(struct svc *svc)
{
	json_t *types;
	const char *const *t;

	if (svc->def->consumes == NULL)
		return;
	if (svc->sub_name[0] != '\0')
		svc_send(svc, json_pack("{s:s, s:s, s:s}", "type",
		    WIRE_UNSUBSCRIBE, "id", "unsubscribe", "sub",
		    svc->sub_name));
	snprintf(svc->sub_name, sizeof svc->sub_name, "svc%u",
	    ++svc->sub_gen);
	types = json_array();
	svc->subscribed = 1;
	/* Rebuilding: the service's own events first (svc_on_live). */
	for (t = svc->rebuild ? svc->def->own : svc->def->consumes; *t != NULL;
	    t++)
		json_array_append_new(types, json_string(*t));
	svc->unacked = 0;
	svc_send(svc, json_pack("{s:s, s:s, s:s, s:I, s:i, s:{s:o}}", "type",
	    WIRE_SUBSCRIBE, "id", "subscribe", "sub", svc->sub_name, "from",
	    (json_int_t)svc->offset, "batch", WIRE_MAX_BATCH, "filter",
	    "types", types));
}

/* 1 when msg (an event frame) belongs to the current subscription. */
static int
svc_sub_current(const struct svc *svc, const json_t *msg)
{
	const char *sub = json_string_value(json_object_get(msg, "sub"));

	return sub != NULL && svc->sub_name[0] != '\0' &&
	    strcmp(sub, svc->sub_name) == 0;
}

static void
svc_apply_event(struct svc *svc, const json_t *ev)
{
	int64_t seq = json_integer_value(json_object_get(ev, "seq"));
	struct wire_error err = { "", "", 0 };

	if (++svc->unacked >= ACK_EVERY) {
		svc_send(svc, json_pack("{s:s, s:s, s:i}", "type", WIRE_ACK,
		    "sub", svc->sub_name, "count", svc->unacked));
		svc->unacked = 0;
	}
	if (seq <= svc->offset || svc->resubscribe_at != 0)
		return; /* applied before, or to come again after a failure */
	if (svc_tx(svc) != 0)
		return; /* redelivered after the batch is found spoiled */
	/* A replica sharing this database may have applied it meanwhile:
	 * the offset read inside the write transaction is the truth, and
	 * stays so while the batch holds the write lock (BEGIN IMMEDIATE):
	 * it is read once a batch and written once, at its commit. */
	if (!svc->offset_read) {
		svc->offset = svc_offset_load(svc);
		svc->offset_read = 1;
		if (seq <= svc->offset)
			return;
	}
	db_savepoint(svc->db);
	svc->emit_mark = svc->emit_max;
	if (!svc_own_known(svc, ev, seq) && svc->def->on_event(svc, ev,
	    &err) != 0) {
		db_rollback_to(svc->db);
		/* A storage failure may pass: undo the batch and have the
		 * event again, a few times, before giving up on it. */
		if ((err.code[0] == '\0' || strcmp(err.code, E_INTERNAL) == 0) &&
		    ++svc->event_failures < EVENT_TRIES) {
			log_warn("event %lld (%s) failed (%s); trying again",
			    (long long)seq, json_string_value(json_object_get(
			    ev, "type")), err.message);
			svc->batch_failed = 1;
			return;
		}
		log_warn("event %lld (%s) dead-lettered: %s", (long long)seq,
		    json_string_value(json_object_get(ev, "type")),
		    err.message[0] ? err.message : err.code);
		db_do(svc->db, "INSERT OR REPLACE INTO svc_dead_events(seq, "
		    "type, error, event, at) VALUES (?,?,?,?,?)", "issji", seq,
		    json_string_value(json_object_get(ev, "type")),
		    err.message, ev, now_ms());
	} else
		db_release(svc->db);
	svc->event_failures = 0;
	svc->offset = seq;
	svc->offset_dirty = 1;
}

/* ---- requests in -------------------------------------------------- */

struct metrics *
svc_metrics(struct svc *svc)
{
	return svc->metrics;
}

/* req was answered with reply (an error when its "ok" is false), or
 * with err (NULL: success): counted by method, timed. */
static void
svc_count(struct svc *svc, const struct svc_req *req, const json_t *reply,
    const struct wire_error *err)
{
	char labels[METRICS_LABELS_MAX];
	const char *code = err ? err->code : NULL;

	if (reply != NULL && json_is_false(json_object_get(reply, "ok")))
		code = json_string_value(json_object_get(json_object_get(reply,
		    "error"), "code"));
	snprintf(labels, sizeof labels, "method=\"%s\"", req->method);
	metrics_add(svc->metrics, METRIC_REQUESTS, labels, 1);
	metrics_observe(svc->metrics, METRIC_LATENCY, labels,
	    metrics_now() - req->started);
	if (code == NULL)
		return;
	snprintf(labels, sizeof labels, "method=\"%s\",code=\"%s\"",
	    req->method, code);
	metrics_add(svc->metrics, METRIC_ERRORS, labels, 1);
}

/* The runtime's own read method "metrics" (admins and services): this
 * replica's requests by method, the last event it applied and its
 * breakers. */
static json_t *
svc_metrics_answer(struct svc *svc)
{
	json_t *all = metrics_json(svc->metrics);
	json_t *r = json_pack("{s:o, s:I, s:O?}", "methods",
	    metrics_methods(svc->metrics), "applied_seq",
	    (json_int_t)svc->offset, "breaker", json_object_get(all,
	    METRIC_BREAKER));

	json_decref(all);
	return r;
}

/* Queue the answer result (stolen) or err for broker id bid; a success
 * waits for outbox row need (0: none) when the service holds replies. */
static void
svc_queue_reply(struct svc *svc, const char *bid, json_t *result,
    const struct wire_error *err, int64_t need)
{
	svc_out(svc, err ? wire_reply_error(bid, err) : wire_reply_ok(bid,
	    result), err ? 0 : need);
}

/* Queue the reply to broker id bid whose result is the JSON text
 * text[0..len), written as a frame here: no tree is built or printed.
 * The frame goes to svc->frames (its length, then its bytes) and its
 * offset to outgoing, so replies cost no allocation each. An answer too
 * large for a frame is refused as too_large. */
static void
svc_queue_text(struct svc *svc, const char *bid, const char *text,
    size_t len)
{
	struct jbuf *b = &svc->frames;
	size_t at = b->len, n;
	struct wire_error err;

	n = 0;
	jbuf_put(b, (const char *)&n, sizeof n);
	jbuf_lit(b, "{\"type\":\"" WIRE_REPLY "\",\"id\":");
	jbuf_str(b, bid);
	jbuf_lit(b, ",\"ok\":true,\"result\":");
	jbuf_put(b, text, len);
	jbuf_lit(b, "}");
	n = b->len - at - sizeof n;
	if (n > WIRE_MAX_FRAME) {
		b->len = at;
		wire_error_set(&err, E_TOO_LARGE, "the answer is larger than "
		    "a frame may be; ask for less");
		svc_queue_reply(svc, bid, NULL, &err, 0);
		return;
	}
	memcpy(b->data + at, &n, sizeof n);
	json_array_append_new(svc->outgoing, json_integer((json_int_t)at));
}

/* Queue reply, an answer kept for retries (borrowed), for broker id bid. */
static void
svc_queue_kept(struct svc *svc, const char *bid, const json_t *reply)
{
	json_t *out = json_deep_copy(reply);

	json_object_set_new(out, "id", json_string(bid));
	svc_out(svc, out, svc_kept_need(svc));
}

/* The answer kept for idempotency key (owned), or NULL. */
static json_t *
svc_kept_reply(struct svc *svc, const char *key)
{
	json_t *row = db_row(svc->db, "SELECT reply AS reply_json FROM "
	    "svc_replies WHERE key = ?", "s", key), *reply;

	reply = json_incref(json_object_get(row, "reply"));
	json_decref(row);
	return reply;
}

/*
 * Keep the answer to req for its retries. The first answer kept wins: when
 * one is kept already (another process of this service finished the same
 * request first), that one is returned (owned) to be sent instead. NULL
 * when this answer stands, or is not kept (reads, transient errors).
 */
static json_t *
svc_store_reply(struct svc *svc, struct svc_req *req, json_t *result,
    const struct wire_error *err)
{
	json_t *reply;
	int n;

	if (!(req->flags & SVC_WRITE) || req->key == NULL ||
	    (err != NULL && wire_error_transient(err)))
		return NULL;
	reply = err ? wire_reply_error(NULL, err) :
	    wire_reply_ok(NULL, json_incref(result));
	json_object_del(reply, "id");
	n = db_do(svc->db, "INSERT OR IGNORE INTO svc_replies(key, reply, at) "
	    "VALUES (?,?,?)", "sji", req->key, reply, now_ms());
	json_decref(reply);
	if (n != 0)
		return NULL;
	log_warn("%s: request %s was answered already; the first answer "
	    "stands", svc->def->name, req->key);
	return svc_kept_reply(svc, req->key);
}

static void
svc_req_free(struct svc_req *req)
{
	json_decref(req->also);
	json_decref(req->msg);
	free(req);
}

static int
role_allowed(const char *roles, const char *role)
{
	size_t n = strlen(role);
	const char *p = roles;

	if (roles == NULL)
		return 1;
	while ((p = strstr(p, role)) != NULL) {
		if ((p == roles || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

static const struct svc_method *
svc_find_method(struct svc *svc, const char *name)
{
	size_t i;

	for (i = 0; i < svc->def->n_methods; i++)
		if (strcmp(svc->def->methods[i].name, name) == 0)
			return &svc->def->methods[i];
	return NULL;
}

static struct svc_req *
svc_req_pending(struct svc *svc, const char *key)
{
	struct svc_req *r;

	for (r = svc->deferred; r != NULL; r = r->next)
		if (r->key && strcmp(r->key, key) == 0)
			return r;
	return NULL;
}

static void
svc_handle_request(struct svc *svc, json_t *msg)
{
	const struct svc_method *m;
	struct svc_req *req = xcalloc(1, sizeof *req), *first;
	json_t *caller = json_object_get(msg, "caller"), *body, *kept;
	json_t *result = NULL;
	struct wire_error err = { "", "", 0 };
	const char *method;
	int rc;

	svc->emit_mark = svc->emit_max; /* its answer waits for its events */
	req->msg = json_incref(msg);
	req->started = metrics_now();
	req->method = "unknown";
	req->bid = json_string_value(json_object_get(msg, "id"));
	req->key = json_string_value(json_object_get(msg, "key"));
	method = json_string_value(json_object_get(msg, "method"));
	req->caller.user = json_string_value(json_object_get(caller, "user"));
	req->caller.role = json_string_value(json_object_get(caller, "role"));
	req->caller.display = json_string_value(json_object_get(caller,
	    "display"));
	req->caller.shop_id = json_string_value(json_object_get(caller,
	    "shop_id"));
	body = json_object_get(msg, "body");
	if (req->bid == NULL || method == NULL || req->caller.user == NULL ||
	    req->caller.role == NULL || !json_is_object(body)) {
		log_warn("malformed request from the broker dropped");
		svc_req_free(req);
		return;
	}
	if ((m = svc_find_method(svc, method)) == NULL &&
	    strcmp(method, "metrics") == 0) {
		req->method = "metrics";
		if (!role_allowed("admin service", req->caller.role)) {
			wire_error_set(&err, E_FORBIDDEN, "%s.metrics is for "
			    "admins and services", svc->def->name);
			goto refuse;
		}
		svc_count(svc, req, NULL, NULL);
		svc_queue_reply(svc, req->bid, svc_metrics_answer(svc), NULL,
		    0);
		svc_req_free(req);
		return;
	}
	if (m == NULL) {
		wire_error_set(&err, E_UNKNOWN_METHOD, "%s has no method %s",
		    svc->def->name, method);
		goto refuse;
	}
	if (!role_allowed(m->roles, req->caller.role)) {
		wire_error_set(&err, E_FORBIDDEN, "%s.%s is not for a %s",
		    svc->def->name, method, req->caller.role);
		goto refuse;
	}
	req->flags = m->flags;
	req->method = m->name;
	/* The stored answer is read inside the write transaction, so a
	 * replica sharing this database cannot slip in between. */
	if (svc_tx(svc) != 0) {
		wire_error_set(&err, E_INTERNAL, "%s cannot write its database",
		    svc->def->name);
		goto refuse;
	}
	if ((m->flags & SVC_WRITE) && req->key != NULL) {
		if ((kept = svc_kept_reply(svc, req->key)) != NULL) {
			svc_count(svc, req, kept, NULL);
			svc_queue_kept(svc, req->bid, kept);
			json_decref(kept);
			svc_req_free(req);
			return;
		}
		if ((first = svc_req_pending(svc, req->key)) != NULL) {
			/* A repeat (a retry after a reconnect) of a request
			 * still at work: it gets the same answer when that
			 * comes. */
			if (first->also == NULL)
				first->also = json_array();
			json_array_append_new(first->also,
			    json_string(req->bid));
			svc_req_free(req);
			return;
		}
	}
	db_savepoint(svc->db);
	rc = m->fn(svc, req, body, &result, &err);
	if (rc == 1) {
		db_release(svc->db);
		req->need = svc_emitted_need(svc);
		req->next = svc->deferred;
		svc->deferred = req;
		return;
	}
	if (rc == 0 && result == NULL && req->text != NULL &&
	    !(m->flags & SVC_WRITE)) {
		db_release(svc->db);
		svc_count(svc, req, NULL, NULL);
		svc_queue_text(svc, req->bid, req->text, req->text_len);
		svc_req_free(req);
		return;
	}
	if (rc == 0) {
		if (result == NULL && req->text != NULL)
			result = json_loadb(req->text, req->text_len, 0, NULL);
		if (result == NULL)
			result = json_object();
		kept = svc_store_reply(svc, req, result, NULL);
		db_release(svc->db);
		svc_count(svc, req, kept, NULL);
		if (kept != NULL) {
			svc_queue_kept(svc, req->bid, kept);
			json_decref(kept);
			json_decref(result);
		} else
			svc_queue_reply(svc, req->bid, result, NULL,
			    svc_emitted_need(svc));
		svc_req_free(req);
		return;
	}
	db_rollback_to(svc->db);
	if (err.code[0] == '\0')
		wire_error_set(&err, E_INTERNAL, "%s.%s failed",
		    svc->def->name, method);
refuse:
	svc_count(svc, req, NULL, &err);
	svc_queue_reply(svc, req->bid, NULL, &err, 0);
	svc_req_free(req);
}

void
svc_req_answer_text(struct svc_req *req, const char *text, size_t len)
{
	req->text = text;
	req->text_len = len;
}

void
svc_req_finish(struct svc *svc, struct svc_req *req, json_t *result,
    const struct wire_error *err)
{
	struct svc_req **pp;
	json_t *bid, *kept;
	int64_t need;
	size_t i;

	for (pp = &svc->deferred; *pp != NULL; pp = &(*pp)->next)
		if (*pp == req) {
			*pp = req->next;
			break;
		}
	svc_tx(svc);
	if (result == NULL && err == NULL)
		result = json_object();
	kept = svc_store_reply(svc, req, result, result ? NULL : err);
	svc_count(svc, req, kept, result ? NULL : err);
	if (kept != NULL) {
		json_array_foreach(req->also, i, bid)
			svc_queue_kept(svc, json_string_value(bid), kept);
		svc_queue_kept(svc, req->bid, kept);
		json_decref(kept);
		json_decref(result);
		svc_req_free(req);
		return;
	}
	/* It waits for what it emitted, then and now. */
	need = svc_emitted_need(svc);
	if (req->need > need)
		need = req->need;
	json_array_foreach(req->also, i, bid)
		svc_queue_reply(svc, json_string_value(bid),
		    result ? json_incref(result) : NULL, result ? NULL : err,
		    need);
	svc_queue_reply(svc, req->bid, result, result ? NULL : err, need);
	svc_req_free(req);
}

/* ---- calls out ---------------------------------------------------- */

/* Send a call with the given id (see svc_call). */
static void
svc_call_id(struct svc *svc, const char *id, const char *service,
    const char *method, json_t *body, int64_t timeout_ms, svc_reply_fn cb,
    void *arg)
{
	struct svc_callout *c = xcalloc(1, sizeof *c);

	snprintf(c->id, sizeof c->id, "%s", id);
	c->cb = cb;
	c->arg = arg;
	c->deadline = mono_ms() + timeout_ms;
	c->next = svc->calls;
	svc->calls = c;
	if (svc->state != SVC_READY) {
		/* Answered from the loop, never from inside the caller. */
		wire_error_set(&c->early, E_SERVICE_UNAVAILABLE,
		    "the broker is unreachable");
		c->deadline = 0;
		json_decref(body);
		return;
	}
	/* Sent after the caller's transaction commits, like replies: the
	 * callee never acts on state that might still be rolled back. */
	c->msg = json_pack("{s:s, s:s, s:s, s:s, s:I, s:o}", "type",
	    WIRE_REQUEST, "id", c->id, "service", service, "method", method,
	    "deadline_ms", (json_int_t)timeout_ms, "body",
	    body ? body : json_object());
	json_array_append(svc->outgoing, c->msg);
}

void
svc_call(struct svc *svc, const char *service, const char *method,
    json_t *body, int64_t timeout_ms, svc_reply_fn cb, void *arg)
{
	char id[48];

	/* The callee keys its idempotency on (user, method, id): an id reused
	 * after a restart would fetch an old answer. */
	snprintf(id, sizeof id, "q%s-%llu", svc->nonce,
	    (unsigned long long)++svc->next_id);
	svc_call_id(svc, id, service, method, body, timeout_ms, cb, arg);
}

void
svc_call_for(struct svc *svc, const struct svc_req *req,
    const char *service, const char *method, json_t *body,
    int64_t timeout_ms, svc_reply_fn cb, void *arg)
{
	char id[48];

	if (req->key == NULL) {
		svc_call(svc, service, method, body, timeout_ms, cb, arg);
		return;
	}
	snprintf(id, sizeof id, "r%016llx",
	    (unsigned long long)hash_str(req->key));
	svc_call_id(svc, id, service, method, body, timeout_ms, cb, arg);
}

static struct svc_callout *
svc_take_call(struct svc *svc, const char *id)
{
	struct svc_callout **pp, *c;

	for (pp = &svc->calls; (c = *pp) != NULL; pp = &c->next)
		if (strcmp(c->id, id) == 0) {
			*pp = c->next;
			return c;
		}
	return NULL;
}

static void
svc_run_callback(struct svc *svc, struct svc_callout *c,
    const json_t *result, const struct wire_error *err)
{
	svc_tx(svc);
	db_savepoint(svc->db);
	svc->emit_mark = svc->emit_max;
	c->cb(svc, result, err, c->arg);
	db_release(svc->db);
	json_decref(c->msg);
	free(c);
}

static void
svc_expire_calls(struct svc *svc, int64_t now)
{
	struct svc_callout **pp = &svc->calls, *c;
	struct wire_error err;

	while ((c = *pp) != NULL) {
		if (now < c->deadline) {
			pp = &c->next;
			continue;
		}
		*pp = c->next;
		if (c->early.code[0] != '\0')
			err = c->early;
		else
			wire_error_set(&err, E_TIMEOUT, "no answer in time");
		svc_run_callback(svc, c, NULL, &err);
	}
}

/* ---- outbox relay ------------------------------------------------- */

int
svc_emit(struct svc *svc, const char *type, int64_t order_id,
    const char *shop_id, const char *customer_id, json_t *data)
{
	json_t *d = data ? data : json_object();
	int rc = db_do(svc->db, "INSERT INTO svc_outbox(type, order_id, "
	    "shop_id, customer_id, at, data) VALUES (?,nullif(?,0),?,?,?,?)",
	    "sissij", type, order_id, shop_id, customer_id, now_ms(), d);

	if (rc == 1)
		svc->emit_max = db_last_id(svc->db);
	json_decref(d);
	return rc == 1 ? 0 : -1;
}

/* Append outbox row st (id, type, order_id, shop_id, customer_id, at,
 * data) to b as the event the broker takes: the stored data is already
 * JSON text, the key names the row. */
static void
svc_relay_put(struct svc *svc, struct jbuf *b, sqlite3_stmt *st)
{
	jbuf_lit(b, "{\"key\":\"");
	jbuf_put(b, svc->def->name, strlen(svc->def->name));
	jbuf_lit(b, ":");
	if (svc->origin[0] != '\0') {
		jbuf_put(b, svc->origin, strlen(svc->origin));
		jbuf_lit(b, ":");
	}
	jbuf_int(b, sqlite3_column_int64(st, 0));
	jbuf_lit(b, "\"");
	jbuf_member_str(b, "type", (const char *)sqlite3_column_text(st, 1));
	if (sqlite3_column_type(st, 2) != SQLITE_NULL)
		jbuf_member_int(b, "order_id", sqlite3_column_int64(st, 2));
	if (sqlite3_column_type(st, 3) != SQLITE_NULL)
		jbuf_member_str(b, "shop_id",
		    (const char *)sqlite3_column_text(st, 3));
	if (sqlite3_column_type(st, 4) != SQLITE_NULL)
		jbuf_member_str(b, "customer_id",
		    (const char *)sqlite3_column_text(st, 4));
	jbuf_member_int(b, "at", sqlite3_column_int64(st, 5));
	jbuf_lit(b, ",\"data\":");
	jbuf_put(b, (const char *)sqlite3_column_text(st, 6),
	    (size_t)sqlite3_column_bytes(st, 6));
	jbuf_lit(b, "}");
}

/* Publish the oldest outbox rows, one batch in flight at a time. The
 * frame is written straight from the rows: no JSON tree is built. */
static void
svc_relay(struct svc *svc)
{
	struct jbuf *b = &svc->relay_buf;
	sqlite3_stmt *st;
	size_t mark;
	int n = 0, rc;

	if (svc->state != SVC_READY || !svc_lease_acts(&svc->lease) ||
	    svc_lease_expired(&svc->lease, mono_ms()) || svc->fenced ||
	    (svc->relay_max != 0 && mono_ms() - svc->relay_sent <
	    RELAY_RETRY_MS))
		return;
	st = db_query(svc->db, "SELECT id, type, order_id, shop_id, "
	    "customer_id, at, data FROM svc_outbox ORDER BY id LIMIT ?", "i",
	    (int64_t)svc->relay_limit);
	if (st == NULL)
		return;
	jbuf_reset(b);
	jbuf_lit(b, "{\"type\":\"" WIRE_PUBLISH "\",\"events\":[");
	while (sqlite3_step(st) == SQLITE_ROW) {
		/* Rows before the first left are published (by another
		 * replica of this database, perhaps). */
		if (n == 0)
			svc_release(svc, sqlite3_column_int64(st, 0) - 1);
		mark = b->len;
		if (n > 0)
			jbuf_lit(b, ",");
		svc_relay_put(svc, b, st);
		/* Keep the frame well under the wire limit. */
		if (n > 0 && b->len > RELAY_BYTES) {
			b->len = mark;
			break;
		}
		svc->relay_max = sqlite3_column_int64(st, 0);
		n++;
	}
	db_query_end(st);
	if (n == 0) {
		/* Nothing waits (another replica may have published it). */
		svc_release(svc, INT64_MAX);
		svc->relay_max = 0;
		svc->log_since = 0;
		svc->log_refused = 0;
		return;
	}
	svc->relay_sent = mono_ms();
	if (svc->log_since == 0)
		svc->log_since = svc->relay_sent;
	/* The id names the batch, so a late answer to an earlier try can
	 * only release what that try carried. */
	jbuf_lit(b, "],\"id\":\"publish:");
	jbuf_int(b, svc->relay_max);
	jbuf_lit(b, "\"");
	if (svc->lease.epoch != 0) { /* the fencing token */
		jbuf_member_str(b, "service", svc->def->name);
		jbuf_member_int(b, "epoch", svc->lease.epoch);
	}
	jbuf_lit(b, "}");
	rc = b->len > WIRE_MAX_FRAME ? CLIENT_TOO_LARGE :
	    client_bytes_send(svc->sock, NULL, 0, 0, b->data, b->len);
	if (rc == 0)
		svc->last_tx = mono_ms();
	if (rc == CLIENT_TOO_LARGE) {
		/* Too large to ever publish: set it aside, keep the rest
		 * flowing. */
		if (svc->relay_limit > 1)
			svc->relay_limit = 1;
		else {
			log_error("outbox event %lld is too large to publish; "
			    "dropped", (long long)svc->relay_max);
			db_do(svc->db, "DELETE FROM svc_outbox WHERE id = ?",
			    "i", svc->relay_max);
		}
		svc->relay_max = 0;
	}
}

static void
svc_on_published(struct svc *svc, json_t *reply, int64_t batch_max)
{
	json_t *result;
	struct wire_error err;
	int rc = wire_reply_parse(reply, &result, &err);

	if (batch_max != svc->relay_max)
		return; /* an answer to an earlier try: the newer one decides */
	svc->relay_max = 0;
	if (rc == 1) {
		/* In the batch's transaction: one commit, and one fsync, with
		 * the rest (undone with it, the rows go again, keyed). */
		if (svc_tx(svc) == 0)
			db_do(svc->db, "DELETE FROM svc_outbox WHERE id <= ?",
			    "i", batch_max);
		svc->relay_limit = RELAY_LIMIT;
		svc->log_refused = 0;
		svc->log_since = 0;
		svc_release(svc, batch_max);
		return;
	}
	if (rc == 0 && strcmp(err.code, E_FENCED) == 0) {
		svc_fence(svc, err.message);
		return;
	}
	log_error("publish refused: %s: %s", err.code, err.message);
	svc->log_refused = rc == 0 && wire_error_transient(&err);
	if (rc != 0 || strcmp(err.code, E_BAD_REQUEST) != 0)
		return; /* retried with the same keys */
	/* A malformed event would be refused forever: find it by sending
	 * one at a time, and drop it alone. */
	if (svc->relay_limit > 1) {
		svc->relay_limit = 1;
		return;
	}
	log_error("outbox event %lld dropped", (long long)batch_max);
	db_do(svc->db, "DELETE FROM svc_outbox WHERE id = ?", "i", batch_max);
}

int64_t
svc_log_stalled(struct svc *svc)
{
	if (svc->log_refused || (svc->log_since != 0 &&
	    mono_ms() - svc->log_since >= LOG_STALL_MS))
		return LOG_RETRY_MS;
	return 0;
}

/* ---- rebuilding from the log ------------------------------------- */

int
svc_caught_up(struct svc *svc)
{
	return svc->def->own == NULL || svc->caught_up;
}

/* The applied offset as stored: svc_rebuild's while the own events are
 * applied from the start, else svc_offset's. */
static int64_t
svc_offset_load(struct svc *svc)
{
	return db_int(svc->db, 0, svc->rebuild ? "SELECT seq FROM svc_rebuild "
	    "WHERE id = 1" : "SELECT seq FROM svc_offset WHERE id = 1", NULL);
}

/* Write the offset in memory where svc_offset_load reads it. 0 / -1. */
static int
svc_offset_save(struct svc *svc)
{
	return db_do(svc->db, svc->rebuild ? "UPDATE svc_rebuild SET seq = ? "
	    "WHERE id = 1" : "UPDATE svc_offset SET seq = ? WHERE id = 1", "i",
	    svc->offset) == 1 ? 0 : -1;
}

/* The phase and the offset from the database (after open, or a batch
 * undone). */
static void
svc_offset_reload(struct svc *svc)
{
	svc->rebuild = svc->def->own != NULL && db_int(svc->db, 0,
	    "SELECT count(*) FROM svc_rebuild", NULL) > 0;
	svc->offset = svc_offset_load(svc);
}

/* 1 when ev, at seq, is one of the service's own events its database
 * holds already (one from before it applied its own events). */
static int
svc_own_known(struct svc *svc, const json_t *ev, int64_t seq)
{
	const char *type = json_string_value(json_object_get(ev, "type"));
	const char *const *t;

	if (svc->def->own == NULL || type == NULL ||
	    (svc->own_from >= 0 && seq > svc->own_from))
		return 0;
	for (t = svc->def->own; *t != NULL; t++)
		if (strncmp(type, *t, strlen(*t)) == 0)
			return 1;
	return 0;
}

/* Said hello, not caught up: follow the log without taking requests
 * (not registered; READY for publishing and calls). */
static void
svc_catch_up_begin(struct svc *svc)
{
	svc_set_state_to(svc, SVC_READY);
	log_debug("%s: %s the log from %lld before taking requests",
	    svc->def->name, svc->rebuild ? "rebuilding its state from" :
	    "catching up with", (long long)svc->offset);
	if (svc->resubscribe_at == 0)
		svc_subscribe(svc);
}

/* Run the seed of a new database, now that the log is applied (the seed
 * finds what the log made). */
static void
svc_seed_late(struct svc *svc)
{
	svc->seed_due = 0;
	if (svc->def->seed == NULL || svc_tx(svc) != 0)
		return;
	db_savepoint(svc->db);
	if (svc->def->seed(svc) != 0) {
		db_rollback_to(svc->db);
		log_error("%s: seeding failed", svc->def->name);
	} else
		db_release(svc->db);
}

/*
 * The broker sent the backlog of the current subscription. Rebuilding,
 * the own events are applied: from the start again with every consumed
 * type (svc_offset's offset, 0), so reactions to others' events find the
 * state their own outcome left (a reaction that took effect before is
 * refused by the state it made; one a lost host never announced takes
 * effect now). Else the service is caught up: seeded if new, registered.
 */
static void
svc_on_live(struct svc *svc)
{
	if (svc_caught_up(svc))
		return;
	if (svc->rebuild && !svc_lease_acts(&svc->lease)) {
		/* A standby: its own events, as its holder makes them, keep
		 * coming; the rest waits for the lease (svc_lease_news). */
		if (!svc->standby)
			log_info("%s: standby, own events applied up to %lld; "
			    "waiting for the lease", svc->def->name,
			    (long long)svc->offset);
		svc->standby = 1;
		return;
	}
	if (svc->rebuild) {
		svc->standby = 0;
		if (svc_tx(svc) != 0 || (svc->offset_dirty &&
		    svc_offset_save(svc) != 0) ||
		    db_do(svc->db, "DELETE FROM svc_rebuild", NULL) != 1) {
			svc->batch_failed = 1;
			return; /* the batch is undone: svc_offset_reload */
		}
		/* Said when there was something to rebuild (a new system's
		 * empty log would only crowd the start-up lines). */
		log_msg(svc->offset > 0 ? LOG_INFO : LOG_DEBUG, "%s: own "
		    "events applied up to %lld; now every event from the "
		    "start", svc->def->name, (long long)svc->offset);
		svc->rebuild = 0;
		svc->offset = svc_offset_load(svc);
		svc->offset_read = 1;
		svc->offset_dirty = 0;
		svc_subscribe(svc);
		return;
	}
	if (svc->own_from < 0) {
		/* Own events from now on are applied (svc_own_known). */
		if (svc_tx(svc) != 0 || db_do(svc->db, "UPDATE svc_origin SET "
		    "own_from = ?", "i", svc->offset) != 1) {
			svc->batch_failed = 1;
			return;
		}
		svc->own_from = svc->offset;
	}
	svc->caught_up = 1;
	log_msg(svc->offset > 0 ? LOG_INFO : LOG_DEBUG, "%s: caught up with "
	    "the log at %lld", svc->def->name, (long long)svc->offset);
	if (svc->seed_due)
		svc_seed_late(svc);
	svc_register(svc);
}

/* ---- the lease ---------------------------------------------------- */

/* Stop acting at once: the lease is another process's now (or may be).
 * The batch in hand is not committed; svc_run returns SVC_FENCED. */
static void
svc_fence(struct svc *svc, const char *why)
{
	if (!svc->fenced)
		log_error("%s: fenced: %s; stopping", svc->def->name, why);
	svc->fenced = 1;
}

/* What the answer to broker.lease question id changed. */
static void
svc_lease_news(struct svc *svc, const char *id, const json_t *result)
{
	switch (svc_lease_answer(&svc->lease, id, result, mono_ms())) {
	case SVC_LEASE_WON:
		log_info("%s: holds the lease (epoch %lld)", svc->def->name,
		    (long long)svc->lease.epoch);
		/* A standby goes on to every event, then requests, once its
		 * own events are applied up to the log's end as read from now
		 * on: the lost holder's last ones may not be in this broker's
		 * copy yet (its follower made anew after losing its server),
		 * and a decision taken without them (an order paid but "never
		 * announced") would contradict them. A new subscription's
		 * `live` says so: the broker reads the log's end when the
		 * subscription comes to the head (svc_on_live). */
		if (svc->standby)
			svc_subscribe(svc);
		break;
	case SVC_LEASE_LOST:
		svc_fence(svc, "the lease went to another process");
		break;
	case SVC_LEASE_WAITING:
		log_info("%s: the lease is held by %s", svc->def->name,
		    svc->lease.other);
		break;
	case SVC_LEASE_NONE:
		break;
	}
}

/*
 * The lease has a connection of its own to the broker the service uses:
 * its questions and answers never wait behind the events of a catch-up
 * (a window of events may take longer to apply than the lease lives, and
 * a holder replaying the log would fence itself). NULL when it cannot be
 * made: the service's connection carries them then.
 */
static void
svc_lease_door_open(struct svc *svc)
{
	const char *ep = svc->eps.v[svc->eps.cur];
	struct wire_error err = { "", "", 0 };
	int zero = 0;

	svc->lease_sock = zmq_socket(svc->ctx, ZMQ_DEALER);
	zmq_setsockopt(svc->lease_sock, ZMQ_LINGER, &zero, sizeof zero);
	if (client_secure(svc->lease_sock, ep, svc->cfg->home,
	    svc->cfg->insecure, &err) < 0 ||
	    zmq_connect(svc->lease_sock, ep) != 0) {
		log_warn("%s: the lease shares the service's connection: %s",
		    svc->def->name, err.message[0] ? err.message :
		    zmq_strerror(errno));
		zmq_close(svc->lease_sock);
		svc->lease_sock = NULL;
		return;
	}
	svc->lease_ep = xstrdup(ep);
}

static void
svc_lease_door_send(struct svc *svc, json_t *msg /* stolen */)
{
	client_frame_send(svc->lease_sock, NULL, 0, 0, msg);
}

/* The answers that came on the lease's connection. */
static void
svc_lease_door_take(struct svc *svc)
{
	zmq_msg_t frame;
	json_t *msg, *result;
	struct wire_error err;
	const char *id;
	int rc;

	if (svc->lease_sock == NULL)
		return;
	zmq_msg_init(&frame);
	while (!svc->fenced && zmq_msg_recv(&frame, svc->lease_sock,
	    ZMQ_DONTWAIT) >= 0) {
		msg = wire_decode(zmq_msg_data(&frame), zmq_msg_size(&frame),
		    NULL);
		id = json_string_value(json_object_get(msg, "id"));
		rc = msg ? wire_reply_parse(msg, &result, &err) : -1;
		if (rc == 0 && strcmp(err.code, E_NO_SESSION) == 0)
			svc->lease_ready = 0; /* the broker forgot it: hello */
		else if (rc == 0 && strcmp(err.code, E_FENCED) == 0)
			svc_fence(svc, err.message);
		else if (id != NULL && strcmp(id, "lease-hello") == 0)
			svc->lease_ready = rc == 1;
		else if (id != NULL && svc_lease_question(id)) {
			if (rc != 1)
				log_warn("%s: broker.lease: %s", svc->def->name,
				    err.message);
			svc_lease_news(svc, id, rc == 1 ? result : NULL);
		}
		json_decref(msg);
	}
	zmq_msg_close(&frame);
}

/* Ask for (or renew) the lease when due; paused while it has run out,
 * going on once it is renewed. */
static void
svc_lease_tick(struct svc *svc, int64_t now)
{
	const char *ep = svc->eps.v[svc->eps.cur];
	json_t *ask;

	if (svc_lease_expired(&svc->lease, now))
		svc_pause(svc);
	else if (svc->paused && !svc->fenced && svc->lease.epoch != 0)
		svc_resume(svc);
	if (svc->fenced)
		return;
	if (svc->lease_sock == NULL) {
		if (svc->state != SVC_HELLO && (ask = svc_lease_ask(
		    &svc->lease, now)) != NULL)
			svc_send(svc, ask);
		return;
	}
	if (strcmp(svc->lease_ep, ep) != 0) { /* the service moved */
		zmq_disconnect(svc->lease_sock, svc->lease_ep);
		zmq_connect(svc->lease_sock, ep);
		free(svc->lease_ep);
		svc->lease_ep = xstrdup(ep);
		svc->lease_ready = 0;
	}
	if (!svc->lease_ready) {
		if (now - svc->lease_hello_at >= HELLO_RETRY_MS / 2) {
			svc->lease_hello_at = now;
			svc_lease_door_send(svc, json_pack("{s:s, s:s, s:s}",
			    "type", WIRE_HELLO, "id", "lease-hello", "token",
			    svc->token));
		}
		return;
	}
	if ((ask = svc_lease_ask(&svc->lease, now)) != NULL)
		svc_lease_door_send(svc, ask);
}

/* The requests that came by the side doors (svc_sides.h). */
static void
svc_sides_take(struct svc *svc)
{
	const char *fenced = NULL;
	json_t *msg;
	int i;

	if (svc->sides == NULL)
		return;
	for (i = 0; i < SVC_SIDES_MAX && !svc->fenced; i++) {
		while (!svc->fenced && (msg = svc_sides_recv(svc->sides, i,
		    &fenced)) != NULL) {
			if (svc->paused || svc_lease_expired(&svc->lease,
			    mono_ms()))
				svc_pause_take(svc, msg);
			else
				svc_handle_request(svc, msg);
			json_decref(msg);
		}
		if (fenced != NULL)
			svc_fence(svc, fenced);
	}
}

/* ---- the loop ----------------------------------------------------- */

/* 1 when msg (of type, answering id) is acted on: not one of the
 * session's own answers (hello, register, subscribe, the lease), nor news
 * of the session (lost, fenced). A publish's answer is acted on: it runs
 * what waited for the log (payment's gateway call). */
static int
svc_msg_acts(const json_t *msg, const char *type, const char *id)
{
	const char *code;

	if (strcmp(type, WIRE_REPLY) != 0)
		return strcmp(type, WIRE_REQUEST) == 0 ||
		    strcmp(type, WIRE_EVENT) == 0 ||
		    strcmp(type, WIRE_EVENTS) == 0 ||
		    strcmp(type, WIRE_LIVE) == 0;
	code = wire_str(json_object_get(msg, "error"), "code", "");
	return id != NULL && strcmp(id, "hello") != 0 &&
	    strcmp(id, "register") != 0 && strcmp(id, "subscribe") != 0 &&
	    !svc_lease_question(id) && strcmp(code, E_NO_SESSION) != 0 &&
	    strcmp(code, E_FENCED) != 0;
}

/* The lease ran out unrenewed: stop acting until it is renewed under its
 * epoch (svc_lease_tick resumes) or another holds it (svc_lease_news
 * fences). Holding on costs nothing when nobody else took it meanwhile,
 * as when the store of leases was electing a leader. */
static void
svc_pause(struct svc *svc)
{
	if (svc->paused)
		return;
	log_warn("%s: the lease ran out before it was renewed; acting on "
	    "nothing until it is", svc->def->name);
	svc->paused = 1;
	if (svc->kept == NULL)
		svc->kept = json_array();
}

/* Paused, msg (one that acts) came: a request is answered at once with
 * in_progress (not acted on, not stored: the client library asks again,
 * same id, while its time lasts, and gets an answer once the lease is
 * renewed or another holds it); the rest is kept, in order. */
static void
svc_pause_take(struct svc *svc, json_t *msg)
{
	const char *type = json_string_value(json_object_get(msg, "type"));
	const char *bid = json_string_value(json_object_get(msg, "id"));
	struct wire_error err;

	svc_pause(svc);
	if (strcmp(type, WIRE_REQUEST) != 0) {
		json_array_append(svc->kept, msg);
		return;
	}
	if (bid == NULL)
		return;
	wire_error_set(&err, E_IN_PROGRESS, "%s is renewing its lease; ask "
	    "again", svc->def->name);
	err.retry_after_ms = PAUSED_RETRY_MS;
	svc_send(svc, wire_reply_error(bid, &err));
}

/* The lease is held again under its epoch: act on what came meanwhile. */
static void
svc_resume(struct svc *svc)
{
	json_t *kept = svc->kept;
	json_t *msg;
	size_t i;

	log_info("%s: the lease is renewed (epoch %lld); acting again on %zu "
	    "waiting message(s)", svc->def->name, (long long)svc->lease.epoch,
	    json_array_size(kept));
	svc->paused = 0;
	svc->kept = NULL;
	json_array_foreach(kept, i, msg)
		svc_handle(svc, msg);
	json_decref(kept);
}

static void
svc_handle(struct svc *svc, json_t *msg)
{
	const char *type = json_string_value(json_object_get(msg, "type"));
	const char *id = json_string_value(json_object_get(msg, "id"));
	struct svc_callout *c;
	json_t *result;
	struct wire_error err;

	svc->last_rx = mono_ms();
	if (svc->fenced)
		return;
	/* The lease ran out (a lease store electing a leader, a process
	 * woken after a long stop): it may be another's already. A request
	 * is told to ask again; what else acts (an event, a call's answer)
	 * waits for the renewal's answer: acted on under the same epoch,
	 * dropped when fenced; what comes after the renewal, before
	 * svc_resume, waits behind it (svc_pause_take). The session's own
	 * answers go on. */
	if ((svc->paused || svc_lease_expired(&svc->lease, svc->last_rx)) &&
	    svc_msg_acts(msg, type, id)) {
		svc_pause_take(svc, msg);
		return;
	}
	if (strcmp(type, WIRE_REQUEST) == 0) {
		svc_handle_request(svc, msg);
	} else if (strcmp(type, WIRE_EVENT) == 0) {
		json_t *ev = json_object_get(msg, "event");

		if (json_is_object(ev) && svc->def->on_event != NULL &&
		    svc_sub_current(svc, msg))
			svc_apply_event(svc, ev);
	} else if (strcmp(type, WIRE_EVENTS) == 0) {
		json_t *ev;
		size_t i;

		if (!svc_sub_current(svc, msg))
			return; /* a replaced subscription's (svc_subscribe) */
		json_array_foreach(json_object_get(msg, "events"), i, ev)
			if (json_is_object(ev) && svc->def->on_event != NULL)
				svc_apply_event(svc, ev);
	} else if (strcmp(type, WIRE_LIVE) == 0) {
		if (svc_sub_current(svc, msg))
			svc_on_live(svc);
	} else if (strcmp(type, WIRE_REPLY) == 0 && id != NULL) {
		int rc = wire_reply_parse(msg, &result, &err);

		if (rc == 0 && strcmp(err.code, E_NO_SESSION) == 0 &&
		    strcmp(id, "hello") != 0) {
			/* The broker restarted and forgot us: any answer may
			 * say so, not only a heartbeat's. A call it refused
			 * goes again once we are registered. */
			if (svc->state != SVC_HELLO)
				svc_hello(svc);
			return;
		}
		if (strcmp(id, "hello") == 0) {
			if (rc != 1) {
				log_error("the broker refused %s: %s",
				    svc->def->name, err.message);
				return;
			}
			if (!svc_caught_up(svc)) {
				svc_catch_up_begin(svc);
				return;
			}
			svc_register(svc);
		} else if (svc_lease_question(id)) {
			if (rc != 1)
				log_warn("%s: broker.lease: %s", svc->def->name,
				    err.message);
			svc_lease_news(svc, id, rc == 1 ? result : NULL);
		} else if (strcmp(id, "register") == 0 && rc == 0 &&
		    strcmp(err.code, E_FENCED) == 0) {
			svc_fence(svc, err.message);
		} else if (strcmp(id, "register") == 0 && rc == 1) {
			svc_set_state_to(svc, SVC_READY);
			log_info("%s ready, events applied up to %lld",
			    svc->def->name, (long long)svc->offset);
			/* After an undone batch the offset in memory is past
			 * the durable one: the pending resubscription reads
			 * that one and subscribes from it. */
			if (svc->resubscribe_at == 0 && !svc->subscribed)
				svc_subscribe(svc);
			/* Calls the old session never answered go again, with
			 * the same ids: the callee answers each once. */
			for (c = svc->calls; c != NULL; c = c->next)
				if (c->msg != NULL)
					svc_send(svc, json_incref(c->msg));
		} else if (strncmp(id, "publish:", 8) == 0) {
			svc_on_published(svc, msg, strtoll(id + 8, NULL, 10));
		} else if (strcmp(id, "subscribe") == 0 && rc != 1) {
			log_error("subscription refused: %s", err.message);
		} else if ((c = svc_take_call(svc, id)) != NULL) {
			svc_run_callback(svc, c, rc == 1 ? result : NULL,
			    rc == 1 ? NULL : &err);
		}
	} else if (strcmp(type, WIRE_ERROR) == 0) {
		const char *code = json_string_value(json_object_get(
		    json_object_get(msg, "error"), "code"));

		if (code && strcmp(code, E_NO_SESSION) == 0 &&
		    svc->state != SVC_HELLO)
			svc_hello(svc);
		else if (code && strcmp(code, E_FENCED) == 0)
			svc_fence(svc, json_string_value(json_object_get(
			    json_object_get(msg, "error"), "message")));
	}
}

static void
svc_timers(struct svc *svc, int64_t now)
{
	const char *why;

	client_eps_drain(&svc->eps);
	if ((why = client_eps_gone(&svc->eps, now, svc->last_rx)) != NULL) {
		/* Another broker of the list, sharing the log: the same
		 * registration and subscription, from the stored offset. */
		log_warn("%s: leaving the broker at %s (%s)", svc->def->name,
		    svc->eps.v[svc->eps.cur], why);
		log_warn("%s: moving to %s", svc->def->name,
		    client_eps_next(&svc->eps, svc->sock));
		svc_hello(svc);
	} else if (svc->state != SVC_READY &&
	    now - svc->state_at >= HELLO_RETRY_MS)
		svc_hello(svc);
	else if (svc->state == SVC_READY &&
	    now - svc->last_rx > WIRE_PEER_TIMEOUT_MS) {
		log_warn("%s: the broker went silent; reconnecting",
		    svc->def->name);
		svc_hello(svc);
	}
	if (now - svc->last_tx >= WIRE_HEARTBEAT_MS) {
		if (svc->unacked > 0 && svc->state == SVC_READY) {
			svc_send(svc, json_pack("{s:s, s:s, s:i}", "type",
			    WIRE_ACK, "sub", svc->sub_name, "count",
			    svc->unacked));
			svc->unacked = 0;
		} else
			svc_send(svc, json_pack("{s:s}", "type",
			    WIRE_HEARTBEAT));
	}
	if (svc->resubscribe_at != 0 && now >= svc->resubscribe_at) {
		svc->resubscribe_at = 0;
		svc_offset_reload(svc);
		if (svc->state == SVC_READY)
			svc_subscribe(svc); /* else once registered */
	}
	/* The lease first: a holder past it acts on nothing (no callback,
	 * no tick). */
	svc_lease_tick(svc, now);
	if (svc->fenced)
		return;
	if (svc->sides != NULL) /* the side doors' heartbeats go on */
		svc_sides_tick(svc->sides, now);
	if (svc->paused)
		return;
	svc_expire_calls(svc, now);
	metrics_set(svc->metrics, METRIC_APPLIED, "", (double)svc->offset);
	if (svc->def->on_tick != NULL && now >= svc->next_tick &&
	    svc_caught_up(svc)) {
		svc->next_tick = now + (svc->def->tick_ms ? svc->def->tick_ms :
		    250);
		svc_tx(svc);
		db_savepoint(svc->db);
		svc->emit_mark = svc->emit_max;
		svc->def->on_tick(svc, now_ms());
		db_release(svc->db);
	}
}

void
svc_after_published(struct svc *svc, svc_commit_fn fn, void *arg)
{
	int64_t need = svc_emitted_need(svc);
	struct svc_held *h, **pp;

	if (need == 0 || !svc->hold_replies) {
		svc_after_commit(svc, fn, arg);
		return;
	}
	h = xcalloc(1, sizeof *h);
	h->fn = fn;
	h->arg = arg;
	h->need = need;
	for (pp = &svc->held_new; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = h;
}

int
svc_leased(const struct svc *svc)
{
	return svc->lease.ttl_ms > 0;
}

void
svc_after_commit(struct svc *svc, svc_commit_fn fn, void *arg)
{
	struct svc_hook *h = xcalloc(1, sizeof *h), **pp;

	h->fn = fn;
	h->arg = arg;
	for (pp = &svc->hooks; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = h; /* in the order they were registered */
}

struct worker_pool *
svc_pool_new(struct svc *svc, const char *name, int threads,
    worker_run_fn run)
{
	struct worker_pool *pool = worker_pool_new(name, threads, run);

	if (svc->n_wake < SVC_POOLS_MAX)
		svc->wake_fds[svc->n_wake++] = worker_pool_fd(pool);
	return pool;
}

static void
svc_run_hooks(struct svc *svc, int committed)
{
	struct svc_hook *h;

	while ((h = svc->hooks) != NULL) {
		svc->hooks = h->next;
		h->fn(svc, h->arg, committed);
		free(h);
	}
}

/* Send msg (borrowed), a reply or a call. */
static void
svc_send_out(struct svc *svc, json_t *msg)
{
	struct wire_error err;
	const char *id = json_string_value(json_object_get(msg, "id"));

	if (svc_send(svc, json_incref(msg)) != CLIENT_TOO_LARGE || id == NULL ||
	    !json_is_boolean(json_object_get(msg, "ok")))
		return;
	/* An answer too large for a frame: say so rather than leave the
	 * caller waiting. */
	wire_error_set(&err, E_TOO_LARGE, "the answer is larger than a frame "
	    "may be; ask for less");
	svc_send(svc, wire_reply_error(id, &err));
}

/* ---- replies after the log ---------------------------------------- */

/*
 * A service with def->reply_after_log answers a request only once the
 * log holds the events its transaction wrote: a reply is held until the
 * broker has acknowledged every outbox row there was at the commit that
 * queued it (a retry answered from a kept reply waits for its events
 * too). Calls out are not held. So a host lost with events still in its
 * outbox has acknowledged nothing they announce.
 */

/* A reply queued now waits for the rows the current unit of work (a
 * request, a callback, a tick, an event) emitted: the last of them, or
 * 0 when it emitted none. */
static int64_t
svc_emitted_need(struct svc *svc)
{
	return svc->emit_max > svc->emit_mark ? svc->emit_max : 0;
}

/* A kept answer (a retry's) waits for every row not yet published: the
 * first try's events may be among them. */
static int64_t
svc_kept_need(struct svc *svc)
{
	if (!svc->hold_replies)
		return 0;
	return db_int(svc->db, 0, "SELECT coalesce(max(id), 0) FROM "
	    "svc_outbox", NULL);
}

/* Queue msg (stolen) to go after the commit, or, for a service that
 * holds its replies, once outbox row need is published too. */
static void
svc_out(struct svc *svc, json_t *msg, int64_t need)
{
	struct svc_held *h, **pp;

	if (need == 0 || !svc->hold_replies) {
		json_array_append_new(svc->outgoing, msg);
		return;
	}
	h = xcalloc(1, sizeof *h);
	h->msg = msg;
	h->need = need;
	for (pp = &svc->held_new; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = h;
}

/* Send the held replies whose rows are published (upto: every outbox
 * row up to it is acknowledged or gone). */
static void
svc_release(struct svc *svc, int64_t upto)
{
	struct svc_held **pp = &svc->held, *h;

	while ((h = *pp) != NULL) {
		if (h->need > upto) {
			pp = &h->next;
			continue;
		}
		*pp = h->next;
		if (h->fn != NULL)
			h->fn(svc, h->arg, 1);
		else
			svc_send_out(svc, h->msg);
		json_decref(h->msg);
		free(h);
	}
}

/* Drop the replies in list (*head): their batch was undone, or the
 * service stops (their callers retry); work waiting is told it will not
 * run. */
static void
svc_held_free(struct svc *svc, struct svc_held **head)
{
	struct svc_held *h;

	while ((h = *head) != NULL) {
		*head = h->next;
		if (h->fn != NULL)
			h->fn(svc, h->arg, 0);
		json_decref(h->msg);
		free(h);
	}
}

/* The batch committed: its held replies join those waiting. */
static void
svc_held_commit(struct svc *svc)
{
	struct svc_held **pp;

	for (pp = &svc->held; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = svc->held_new;
	svc->held_new = NULL;
}

/* Commit the batch, then send what waited for it. */
static void
svc_commit(struct svc *svc)
{
	json_t *msg;
	size_t i;

	if (svc->offset_dirty && !svc->batch_failed &&
	    svc_offset_save(svc) != 0)
		svc->batch_failed = 1;
	svc->offset_read = svc->offset_dirty = 0;
	if (svc->batch_failed ||
	    (db_in_tx(svc->db) && db_commit(svc->db) != 0)) {
		log_error("%s: the batch could not be written; it is undone "
		    "and its events will come again", svc->def->name);
		db_rollback(svc->db);
		svc->batch_failed = 0;
		svc_outgoing_clear(svc);
		svc_held_free(svc, &svc->held_new);
		/* Events resume from the durable offset, after a pause that
		 * grows while the same trouble lasts. */
		svc->resubscribe_at = mono_ms() + 100 +
		    200 * svc->event_failures;
		svc_run_hooks(svc, 0);
		return;
	}
	svc_run_hooks(svc, 1);
	svc_held_commit(svc);
	json_array_foreach(svc->outgoing, i, msg) {
		if (json_is_integer(msg))
			svc_send_frame(svc, (size_t)json_integer_value(msg));
		else
			svc_send_out(svc, msg);
	}
	svc_outgoing_clear(svc);
	svc_relay(svc);
}

/*
 * The origin of this database's outbox keys. The broker drops an event
 * whose key it has (a relay retried), so two databases of one service
 * (a replica on another host, one rebuilt from the log) must not both
 * key a row "order:17": a new database draws an origin of its own
 * ("order:<origin>:17"); one made before origins keeps its keys. 0 / -1.
 */
static int
svc_origin_load(struct svc *svc, int fresh)
{
	char drawn[17];
	json_t *row;

	random_hex(drawn, 8);
	/* A database from before this one applied its own events only as
	 * it made them: those in the log up to now are in it already. */
	if (db_do(svc->db, "INSERT OR IGNORE INTO svc_origin VALUES (1, ?, "
	    "CASE WHEN ? THEN 0 END)", "si", fresh ? drawn : "",
	    (int64_t)fresh) < 0 ||
	    (row = db_row(svc->db, "SELECT origin, own_from FROM svc_origin "
	    "WHERE id = 1", NULL)) == NULL)
		return -1;
	snprintf(svc->origin, sizeof svc->origin, "%s", wire_str(row, "origin",
	    ""));
	svc->own_from = wire_int(row, "own_from", -1);
	json_decref(row);
	return 0;
}

/*
 * A process with a lease trusts the log alone: it starts from a new
 * database every time, rebuilt from the log, and keeps the last one as
 * NAME.db.prev. What a holder wrote that the log never took (its
 * publishes refused once it was fenced, or its outbox when its host
 * went) is thus never acted on. 0 / -1 (logged).
 */
static int
svc_db_set_aside(const char *file)
{
	static const char *const parts[] = { "", "-wal", "-shm" };
	char *from, *to;
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		from = xasprintf("%s%s", file, parts[i]);
		to = xasprintf("%s.prev%s", file, parts[i]);
		if (rename(from, to) == 0)
			;
		else if (errno == ENOENT)
			(void)remove(to); /* no stale part of an older one */
		else {
			log_error("cannot set %s aside: %s", from,
			    strerror(errno));
			rc = -1;
		}
		free(from);
		free(to);
	}
	return rc;
}

/*
 * A holder stopping cleanly publishes what its outbox holds first, for
 * at most limit_ms: its next start sets this database aside, and only
 * the log tells a standby what it did. (A holder lost with its host takes
 * its outbox along; its callers were not answered, as replies wait for
 * the log.)
 */
static void
svc_drain(struct svc *svc, int64_t limit_ms)
{
	int64_t end = mono_ms() + limit_ms;
	zmq_pollitem_t item = { svc->sock, 0, ZMQ_POLLIN, 0 };
	const char *id;
	zmq_msg_t frame;
	json_t *msg;

	while (mono_ms() < end && db_int(svc->db, 0, "SELECT count(*) FROM "
	    "svc_outbox", NULL) > 0) {
		svc_relay(svc);
		if (zmq_poll(&item, 1, 50) < 0 && errno != EINTR)
			break;
		zmq_msg_init(&frame);
		while (zmq_msg_recv(&frame, svc->sock, ZMQ_DONTWAIT) >= 0) {
			msg = wire_decode(zmq_msg_data(&frame),
			    zmq_msg_size(&frame), NULL);
			id = json_string_value(json_object_get(msg, "id"));
			if (id != NULL && strncmp(id, "publish:", 8) == 0)
				svc_on_published(svc, msg, strtoll(id + 8,
				    NULL, 10));
			json_decref(msg);
		}
		zmq_msg_close(&frame);
		svc_commit(svc);
	}
}

static int
svc_open(struct svc *svc)
{
	char *path = config_path(svc->cfg, svc->def->name);
	char *file = xasprintf("%s.db", path);
	int fresh, rc = -1;

	free(path);
	if (svc->lease.ttl_ms > 0 && svc_db_set_aside(file) != 0)
		goto out;
	if ((svc->db = db_open(file, runtime_schema)) == NULL)
		goto out;
	fresh = db_int(svc->db, 0, "SELECT count(*) FROM sqlite_master WHERE "
	    "name NOT LIKE 'svc_%' AND name NOT LIKE 'sqlite_%'", NULL) == 0;
	if (svc->def->schema != NULL && db_exec(svc->db, svc->def->schema) != 0)
		goto out;
	/* A service that rebuilds its state from the log does so when its
	 * database is new (svc_on_live), and seeds only after that. */
	if (fresh && svc->def->own != NULL && db_do(svc->db, "INSERT OR "
	    "IGNORE INTO svc_rebuild VALUES (1, 0)", NULL) < 0)
		goto out;
	if (svc_origin_load(svc, fresh) != 0)
		goto out;
	svc_offset_reload(svc);
	svc->seed_due = fresh && svc->def->own != NULL;
	if (fresh && svc->def->seed != NULL && svc->def->own == NULL) {
		db_begin(svc->db);
		if (svc->def->seed(svc) != 0) {
			db_rollback(svc->db);
			log_error("%s: seeding failed", svc->def->name);
			goto out;
		}
		if (db_commit(svc->db) != 0)
			goto out;
	}
	rc = 0;
out:
	free(file);
	return rc;
}

/* Open the database and run the service's start hook (undoing it with
 * stop when it fails). 0 / -1. */
static int
svc_start(struct svc *svc)
{
	const struct svc_def *def = svc->def;

	if (def->state_size > 0)
		svc->state_ptr = xcalloc(1, def->state_size);
	if (svc_open(svc) != 0)
		return -1;
	if (def->start != NULL && def->start(svc) != 0) {
		if (def->stop != NULL)
			def->stop(svc);
		return -1;
	}
	return 0;
}

int
svc_run(const struct svc_def *def, const struct config *cfg, void *zmq_ctx,
    const char *endpoint, const char *token, volatile sig_atomic_t *stop)
{
	struct svc svc_s, *svc = &svc_s;
	int zero = 0, linger = 100 /* for the bye to leave */, n;
	int64_t batch_end;
	zmq_msg_t frame;
	json_t *msg;
	struct svc_callout *c;
	struct svc_req *r;
	struct wire_error err;

	memset(svc, 0, sizeof *svc);
	svc->def = def;
	svc->cfg = cfg;
	svc->outgoing = json_array();
	svc->relay_limit = RELAY_LIMIT;
	random_hex(svc->nonce, 8);
	svc->metrics = metrics_new(def->name);
	svc_lease_init(&svc->lease, def->name, def->own != NULL &&
	    zmq_ctx == NULL ? cfg->lease_ms : 0);
	if (svc_start(svc) != 0) {
		log_error("%s: could not start", def->name);
		metrics_destroy(&svc->metrics);
		free(svc->state_ptr);
		json_decref(svc->outgoing);
		db_destroy(&svc->db);
		return -1;
	}
	svc->own_ctx = zmq_ctx == NULL;
	/* A service inside the broker's process, on its embedded log, has
	 * its outbox on the log's disk: a host lost takes both, and a relay
	 * from the outbox is as durable as the log. Holding its replies would
	 * buy nothing and cost a round trip, so only a service that is a
	 * process of its own, or any on a JetStream log, holds them. */
	svc->hold_replies = def->reply_after_log &&
	    (zmq_ctx == NULL || cfg->log != NULL);
	svc->ctx = zmq_ctx ? zmq_ctx : zmq_ctx_new();
	svc->sock = zmq_socket(svc->ctx, ZMQ_DEALER);
	zmq_setsockopt(svc->sock, ZMQ_LINGER, &zero, sizeof zero);
	svc->token = xstrdup(token);
	if (client_secure(svc->sock, endpoint, cfg->home, cfg->insecure,
	    &err) < 0 || client_eps_parse(&svc->eps, endpoint, &err) != 0 ||
	    client_eps_connect(&svc->eps, svc->ctx, svc->sock, &err) != 0) {
		log_error("%s: %s", def->name, err.message);
		*stop = 1;
	}
	svc->last_rx = mono_ms();
	if (svc->lease.ttl_ms > 0 && !*stop)
		svc_lease_door_open(svc);
	svc_hello(svc);
	while (!*stop && !svc->fenced) {
		zmq_pollitem_t items[2 + SVC_POOLS_MAX + SVC_SIDES_MAX] = {
			{ svc->sock, 0, ZMQ_POLLIN, 0 } };
		int64_t wait = svc->next_tick - mono_ms();
		int i;

		/* Wake for the next tick: a service with a short tick (one
		 * that collects worker threads' answers) must not wait for
		 * network traffic to see them. */
		if (def->on_tick == NULL || svc->paused || wait > 100)
			wait = 100; /* (paused: no tick is due) */
		if (wait < 0)
			wait = 0;
		/* (Paused, a worker's answer waits: no busy loop on it.) */
		for (i = 0; i < svc->n_wake; i++)
			items[1 + i] = (zmq_pollitem_t){ NULL, svc->wake_fds[i],
			    svc->paused ? 0 : ZMQ_POLLIN, 0 };
		n = svc->sides ? svc_sides_items(svc->sides, items + 1 +
		    svc->n_wake, SVC_SIDES_MAX) : 0;
		if (svc->lease_sock != NULL)
			items[1 + svc->n_wake + n++] = (zmq_pollitem_t){
			    svc->lease_sock, 0, ZMQ_POLLIN, 0 };
		if (zmq_poll(items, 1 + svc->n_wake + n, (long)wait) < 0 &&
		    errno != EINTR)
			break;
		/* A worker finished a job: take it now, not at the tick. */
		for (i = 0; i < svc->n_wake; i++)
			if (items[1 + i].revents & ZMQ_POLLIN)
				svc->next_tick = 0;
		zmq_msg_init(&frame);
		/* A batch also ends after BATCH_MS of work (a replay of the
		 * whole log, a slow disk): the timers, the lease's renewal
		 * among them, must not wait for it. */
		batch_end = mono_ms() + BATCH_MS;
		for (n = 0; n < BATCH_MAX && (n == 0 || mono_ms() < batch_end) &&
		    zmq_msg_recv(&frame, svc->sock, ZMQ_DONTWAIT) >= 0; n++) {
			msg = wire_decode(zmq_msg_data(&frame),
			    zmq_msg_size(&frame), NULL);
			if (msg != NULL) {
				svc_handle(svc, msg);
				json_decref(msg);
			}
		}
		zmq_msg_close(&frame);
		svc_lease_door_take(svc);
		svc_sides_take(svc);
		/* Fenced: nothing more of this pass is done (no tick, no
		 * commit, no relay); the batch is undone below. Paused: the
		 * batch stays open (its replies, calls and hooks unsent),
		 * committed once the lease is renewed, undone if it is lost. */
		if (!svc->fenced)
			svc_timers(svc, mono_ms());
		if (svc->fenced)
			break;
		if (!svc->paused)
			svc_commit(svc);
	}
	if (!svc->fenced && !svc->paused) {
		svc_commit(svc);
		if (svc_leased(svc))
			svc_drain(svc, DRAIN_MS);
	} else {
		if (db_in_tx(svc->db))
			db_rollback(svc->db);
		svc_run_hooks(svc, 0);
		svc_outgoing_clear(svc);
	}
	/* A standby takes over now, not when the lease runs out. */
	if (!svc->fenced && (msg = svc_lease_give_up(&svc->lease)) != NULL) {
		if (svc->lease_sock != NULL && svc->lease_ready)
			svc_lease_door_send(svc, msg);
		else
			svc_send(svc, msg);
	}
	svc_send(svc, json_pack("{s:s}", "type", WIRE_BYE));
	zmq_setsockopt(svc->sock, ZMQ_LINGER, &linger, sizeof linger);
	/* Work waiting for the log is told it will not run (it may finish
	 * its request: before the requests are freed). */
	svc_held_free(svc, &svc->held_new);
	svc_held_free(svc, &svc->held);
	while ((c = svc->calls) != NULL) {
		svc->calls = c->next;
		json_decref(c->msg);
		free(c);
	}
	while ((r = svc->deferred) != NULL) {
		svc->deferred = r->next;
		svc_req_free(r);
	}
	svc_sides_destroy(&svc->sides);
	if (svc->lease_sock != NULL) {
		zmq_setsockopt(svc->lease_sock, ZMQ_LINGER, &linger,
		    sizeof linger);
		zmq_close(svc->lease_sock);
	}
	free(svc->lease_ep);
	if (def->stop != NULL)
		def->stop(svc);
	free(svc->state_ptr);
	client_eps_free(&svc->eps, svc->sock);
	zmq_close(svc->sock);
	if (svc->own_ctx)
		zmq_ctx_term(svc->ctx);
	json_decref(svc->outgoing);
	json_decref(svc->kept);
	jbuf_free(&svc->relay_buf);
	jbuf_free(&svc->frames);
	free(svc->token);
	db_destroy(&svc->db);
	metrics_destroy(&svc->metrics);
	return svc->fenced ? SVC_FENCED : 0;
}
