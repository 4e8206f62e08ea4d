/*
 * broker.c: the broker's sockets, sessions and main loop.
 *
 * Each poll wakes the loop; it drains both doors (a bounded batch each),
 * commits the event log once for the whole batch (group commit), answers
 * publishers, feeds subscribers, then runs the timers: heartbeats, expiry
 * of silent peers, request deadlines.
 */
#include "broker_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "metrics.h"
#include "util.h"

#define DRAIN_BATCH 512
#define TIMER_MS 100
/* Messages queued to one peer before a send is refused: room for a full
 * window of events on a few subscriptions, with the replies beside them
 * (ZeroMQ learns of the peer's reads only every half queue). */
#define SEND_HWM (8 * WIRE_SUB_WINDOW)
#define UNBLOCK_MS 2   /* how soon a blocked subscriber is fed again */

static void
session_key(char *key, enum door door, const unsigned char *rid, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	key[0] = door == DOOR_FRONT ? 'f' : 'b';
	key[1] = ':';
	for (i = 0; i < len; i++) {
		key[2 + i * 2] = hex[rid[i] >> 4];
		key[3 + i * 2] = hex[rid[i] & 15];
	}
	key[2 + len * 2] = '\0';
}

static void
session_free(struct broker *b, struct session *s)
{
	if (s->service[0] != '\0')
		route_worker_gone(b, s);
	events_drop_subs(s);
	map_del(b->sessions, s->key);
	free(s);
}

static void
broker_refuse(struct broker *b, struct session *s, const char *id,
    const char *code, const char *message)
{
	struct wire_error err;

	wire_error_set(&err, code, "%s", message);
	broker_send_error(b, s, id, &err);
}

static json_t *
identity_json(const struct user *u)
{
	return json_pack("{s:s, s:s, s:s?, s:s}", "user", u->name, "role",
	    u->role, "shop_id", u->shop_id[0] ? u->shop_id : NULL, "name",
	    u->display);
}

static void
broker_hello(struct broker *b, struct session *s, json_t *msg)
{
	const char *id = NULL, *token = NULL;
	struct wire_error err;
	struct user u;

	if (wire_get_id(msg, "id", 1, &id, &err) != 0 ||
	    wire_get_str(msg, "token", 1, &token, &err) != 0) {
		broker_send_error(b, s, id, &err);
		return;
	}
	if (!users_by_token(b->db, token, &u)) {
		log_warn("hello with an unknown token refused");
		broker_refuse(b, s, id, E_UNAUTHORIZED, "unknown token");
		return;
	}
	if ((s->door == DOOR_BACK) != (strcmp(u.role, "service") == 0)) {
		broker_refuse(b, s, id, E_FORBIDDEN, s->door == DOOR_BACK ?
		    "only services may use the service endpoint" :
		    "services use the service endpoint");
		return;
	}
	/* A second hello starts the session afresh. */
	if (s->service[0] != '\0')
		route_worker_gone(b, s);
	events_drop_subs(s);
	s->user = u;
	s->authed = 1;
	broker_send(b, s, wire_reply_ok(id, identity_json(&u)));
}

/* consoles: how many sessions of each shop's owners are connected on the
 * front door now, {"shops":{shop_id: n}} (shops with none are absent). */
static json_t *
broker_consoles(struct broker *b)
{
	json_t *shops = json_object();
	struct session *it;
	size_t pos = 0;

	while ((it = map_next(b->sessions, &pos, NULL)) != NULL) {
		if (!it->authed || it->door != DOOR_FRONT ||
		    strcmp(it->user.role, "owner") != 0 ||
		    it->user.shop_id[0] == '\0')
			continue;
		json_object_set_new(shops, it->user.shop_id, json_integer(
		    json_integer_value(json_object_get(shops,
		    it->user.shop_id)) + 1));
	}
	return json_pack("{s:o}", "shops", shops);
}

/* The broker's own methods: service "broker". */
static void
broker_own_request(struct broker *b, struct session *s, const char *id,
    const char *method, const json_t *msg)
{
	json_t *result;
	size_t pos = 0, workers = 0, clients = 0;
	struct session *it;

	if (strcmp(method, "ping") == 0) {
		result = json_pack("{s:b, s:I, s:s}", "pong", 1, "at",
		    (json_int_t)now_ms(), "version", BAEDAL_VERSION);
	} else if (strcmp(method, "whoami") == 0) {
		result = identity_json(&s->user);
	} else if (strcmp(method, "lease") == 0) {
		lease_request(b, s, id, msg);
		return;
	} else if (strcmp(method, "consoles") == 0) {
		if (strcmp(s->user.role, "service") != 0 &&
		    strcmp(s->user.role, "admin") != 0) {
			broker_refuse(b, s, id, E_FORBIDDEN, "consoles is for "
			    "services and admins");
			return;
		}
		result = broker_consoles(b);
	} else if (strcmp(method, "stats") == 0) {
		json_t *svcs = json_object();

		while ((it = map_next(b->sessions, &pos, NULL)) != NULL) {
			if (it->service[0] != '\0') {
				json_t *n = json_object_get(svcs, it->service);

				json_object_set_new(svcs, it->service,
				    json_integer(json_integer_value(n) + 1));
				workers++;
			} else
				clients++;
		}
		result = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I,"
		    " s:o, s:{s:b, s:I, s:I}}", "uptime_ms",
		    (json_int_t)(mono_ms() - b->started),
		    "head", (json_int_t)evlog_head(b->log), "published",
		    (json_int_t)b->published, "delivered",
		    (json_int_t)b->delivered, "requests",
		    (json_int_t)b->requests, "bad_frames",
		    (json_int_t)b->bad_frames, "sessions", (json_int_t)clients,
		    "pending", (json_int_t)map_size(b->pending), "services",
		    svcs, "curve", "on", b->zap != NULL, "ok",
		    (json_int_t)b->curve_ok, "refused",
		    (json_int_t)b->curve_refused);
		json_object_update_new(result, broker_metrics_stats(b));
		json_object_set_new(result, "leases", lease_stats(b));
		(void)workers;
	} else {
		broker_refuse(b, s, id, E_UNKNOWN_METHOD,
		    "the broker has ping, whoami, stats, consoles and lease");
		return;
	}
	broker_send(b, s, wire_reply_ok(id, result));
}

static void
broker_dispatch(struct broker *b, struct session *s, json_t *msg)
{
	const char *type = json_string_value(json_object_get(msg, "type"));
	const char *id = json_string_value(json_object_get(msg, "id"));
	const char *service, *method;

	if (strcmp(type, WIRE_HELLO) == 0) {
		broker_hello(b, s, msg);
		return;
	}
	if (!s->authed) {
		broker_refuse(b, s, id, E_NO_SESSION,
		    "say hello with a token first");
		return;
	}
	if (strcmp(type, WIRE_HEARTBEAT) == 0)
		return;
	if (strcmp(type, WIRE_BYE) == 0) {
		/* Leaving on purpose: its requests go to another worker now,
		 * not after the heartbeat timeout. */
		session_free(b, s);
		return;
	}
	if (strcmp(type, WIRE_REQUEST) == 0) {
		service = json_string_value(json_object_get(msg, "service"));
		method = json_string_value(json_object_get(msg, "method"));
		if (service && strcmp(service, "broker") == 0 && id &&
		    wire_id_valid(id))
			broker_own_request(b, s, id, method ? method : "", msg);
		else
			route_request(b, s, msg);
	} else if (strcmp(type, WIRE_REPLY) == 0 && s->door == DOOR_BACK)
		route_reply(b, s, msg);
	else if (strcmp(type, WIRE_REGISTER) == 0 && s->door == DOOR_BACK)
		route_register(b, s, msg);
	else if (strcmp(type, WIRE_PUBLISH) == 0)
		events_publish(b, s, msg);
	else if (strcmp(type, WIRE_SUBSCRIBE) == 0)
		events_subscribe(b, s, msg);
	else if (strcmp(type, WIRE_UNSUBSCRIBE) == 0)
		events_unsubscribe(b, s, msg);
	else if (strcmp(type, WIRE_ACK) == 0)
		events_ack(b, s, msg);
	else {
		b->bad_frames++;
		broker_refuse(b, s, id && wire_id_valid(id) ? id : NULL,
		    E_UNKNOWN_TYPE, "unknown message type");
	}
}

/* Read one multipart message: [rid] [""]? payload. Returns 0 when a
 * message was read (even a bad one), -1 when the socket is empty. */
static int
broker_recv(struct broker *b, enum door door)
{
	void *sock = door == DOOR_FRONT ? b->front : b->back;
	zmq_msg_t parts[3];
	int n = 0, more = 1, req_style = 0, fd;
	size_t extra = 0, i;
	char key[SESSION_KEY_MAX];
	struct session *s;
	struct wire_error err;
	json_t *msg;

	while (more) {
		zmq_msg_t *p = n < 3 ? &parts[n] : &parts[2];

		if (n >= 3) {
			zmq_msg_close(p);
			extra++;
		}
		zmq_msg_init(p);
		if (zmq_msg_recv(p, sock, n == 0 ? ZMQ_DONTWAIT : 0) < 0) {
			zmq_msg_close(p);
			for (i = 0; i < (size_t)(n < 3 ? n : 3); i++)
				zmq_msg_close(&parts[i]);
			return -1;
		}
		more = zmq_msg_more(p);
		if (n < 3)
			n++;
	}
	if (zmq_msg_size(&parts[0]) > RID_MAX || n < 2)
		goto out; /* no peer we could answer */
	session_key(key, door, zmq_msg_data(&parts[0]),
	    zmq_msg_size(&parts[0]));
	if ((s = broker_session(b, key)) == NULL) {
		s = xcalloc(1, sizeof *s);
		memcpy(s->key, key, sizeof key);
		s->door = door;
		s->rid_len = zmq_msg_size(&parts[0]);
		memcpy(s->rid, zmq_msg_data(&parts[0]), s->rid_len);
		map_put(b->sessions, s->key, s);
	}
	s->last_rx = mono_ms();
	/* A routing id can be chosen by the peer: a session belongs to the
	 * connection that said hello, never to a new one reusing the id. */
	fd = zmq_msg_get(&parts[n - 1], ZMQ_SRCFD);
	if (s->authed && fd != s->fd) {
		log_warn("%s: a new connection reuses a session's routing id; "
		    "it must say hello", s->key);
		if (s->service[0] != '\0')
			route_worker_gone(b, s);
		events_drop_subs(s);
		s->authed = 0;
	}
	s->fd = fd;
	if (n == 3 && extra == 0 && zmq_msg_size(&parts[1]) == 0)
		req_style = 1;
	s->req_style = req_style;
	if (n == 3 && !req_style) {
		b->bad_frames++;
		broker_refuse(b, s, NULL, E_BAD_REQUEST,
		    "send one frame per message");
		goto out;
	}
	if (zmq_msg_size(&parts[n - 1]) <= WIRE_MAX_FRAME &&
	    wire_utf8_valid(zmq_msg_data(&parts[n - 1]),
	    zmq_msg_size(&parts[n - 1])) &&
	    broker_fast(b, s, zmq_msg_data(&parts[n - 1]),
	    zmq_msg_size(&parts[n - 1])))
		goto out;
	msg = wire_decode(zmq_msg_data(&parts[n - 1]),
	    zmq_msg_size(&parts[n - 1]), &err);
	if (msg == NULL) {
		b->bad_frames++;
		log_warn("bad frame from %s: %s", s->key, err.message);
		broker_send_error(b, s, NULL, &err);
		goto out;
	}
	broker_dispatch(b, s, msg);
	json_decref(msg);
out:
	for (i = 0; i < (size_t)n; i++)
		zmq_msg_close(&parts[i]);
	return 0;
}

/* A connection closed: the sessions it carried end with it, so a new
 * connection that reuses a routing id starts with none. */
static void
broker_on_monitor(struct broker *b, enum door door)
{
	zmq_msg_t ev, addr;
	const uint8_t *data;
	uint16_t event;
	uint32_t fd;
	struct session *s;
	size_t pos = 0;

	zmq_msg_init(&ev);
	zmq_msg_init(&addr);
	while (zmq_msg_recv(&ev, b->monitors[door], ZMQ_DONTWAIT) >= 0) {
		if (zmq_msg_more(&ev))
			zmq_msg_recv(&addr, b->monitors[door], 0);
		if (zmq_msg_size(&ev) < 6)
			continue;
		data = zmq_msg_data(&ev);
		memcpy(&event, data, sizeof event);
		memcpy(&fd, data + 2, sizeof fd);
		if (event != ZMQ_EVENT_DISCONNECTED)
			continue;
		for (pos = 0; (s = map_next(b->sessions, &pos, NULL)) != NULL;)
			if (s->door == door && s->fd == (int)fd)
				session_free(b, s);
	}
	zmq_msg_close(&ev);
	zmq_msg_close(&addr);
}

static void
broker_timers(struct broker *b, int64_t now)
{
	size_t pos = 0;
	struct session *s;
	static const char heartbeat[] = "{\"type\":\"heartbeat\"}";

	while ((s = map_next(b->sessions, &pos, NULL)) != NULL) {
		if (now - s->last_rx > WIRE_PEER_TIMEOUT_MS) {
			if (s->service[0] != '\0')
				log_warn("service %s (%s) went silent",
				    s->service, s->key);
			session_free(b, s);
			continue;
		}
		if (s->authed && !s->req_style &&
		    now - s->last_tx >= WIRE_HEARTBEAT_MS)
			broker_send(b, s, json_loads(heartbeat, 0, NULL));
	}
	route_tick(b, now);
	lease_tick(b, now);
	broker_metrics_tick(b, now);
}

/* The event log cfg asks for: embedded in db, or on JetStream. NULL,
 * logged, when it cannot be opened. */
static struct evlog *
broker_log_open(const struct config *cfg, struct db *db)
{
	struct evlog_nats_opts o = { cfg->log, cfg->log_stream,
	    cfg->log_replicas, cfg->log_dup_window_ms, cfg->log_max_wait_ms };
	struct evlog *log;
	char err[512], *path;

	if (cfg->log == NULL)
		return evlog_new(db);
	path = config_path(cfg, "natslog.db");
	log = evlog_open_nats(&o, path, err, sizeof err);
	free(path);
	if (log == NULL)
		log_error("event log on %s: %s", cfg->log, err);
	return log;
}

/*
 * The users: on a JetStream log, those the brokers share first (a broker
 * joining a log takes its users and their token digests), then the
 * database's own (made on a first start), then what this broker has that
 * the log does not yet (the first broker of a log gives it its users).
 * 0, or -1 (logged).
 */
static int
broker_users(struct broker *b)
{
	json_t *shared = NULL, *rows, *row;
	size_t i;
	int rc = 0;

	if (evlog_shared_all(b->log, "users", &shared) != 0)
		return -1;
	if (json_array_size(shared) > 0) {
		if (users_import(b->db, shared) != 0)
			rc = -1;
		else
			log_info("%zu users shared by the log",
			    json_array_size(shared));
	}
	if (rc == 0 && users_init(b->db, b->cfg->home, b->cfg->demo) != 0)
		rc = -1;
	if (rc == 0 && shared != NULL && (rows = users_rows(b->db)) != NULL) {
		json_array_foreach(rows, i, row)
			if (evlog_shared_add(b->log, "users", json_string_value(
			    json_object_get(row, "name")), row) != 0)
				rc = -1;
		json_decref(rows);
	}
	json_decref(shared);
	return rc;
}

static int
is_tcp(const char *endpoint)
{
	return strncmp(endpoint, "tcp://", 6) == 0;
}

/* Make each door bound to tcp:// a CURVE server, with the ZAP handler,
 * unless --insecure. 0, or -1 (logged). */
static int
broker_secure(struct broker *b)
{
	char secret[41], public[41];
	int tcp_front = is_tcp(b->cfg->front), tcp_back = is_tcp(b->cfg->back);

	if (!tcp_front && !tcp_back)
		return 0;
	if (b->cfg->insecure) {
		log_warn("--insecure: TCP endpoints are plain (tokens cross "
		    "the network in clear)");
		return 0;
	}
	if (curve_keys(b->cfg->home, secret, public) != 0 ||
	    (b->zap = zap_new(b->ctx)) == NULL)
		return -1;
	if ((tcp_front && curve_server(b->front, secret) != 0) ||
	    (tcp_back && curve_server(b->back, secret) != 0)) {
		log_error("cannot set up CURVE: %s", zmq_strerror(errno));
		return -1;
	}
	return 0;
}

struct broker *
broker_new(const struct config *cfg, void *ctx)
{
	struct broker *b = xcalloc(1, sizeof *b);
	char *path = config_path(cfg, "broker.db");
	int one = 1, zero = 0, hwm = SEND_HWM;
	int64_t maxsize = WIRE_MAX_TRANSPORT;
	void **socks[2] = { &b->front, &b->back };
	size_t i;

	b->cfg = cfg;
	b->ctx = ctx;
	b->started = mono_ms();
	random_hex(b->bid_prefix, 3);
	b->db = db_open(path, "PRAGMA synchronous=FULL;");
	free(path);
	if (b->db == NULL || (b->log = broker_log_open(cfg, b->db)) == NULL ||
	    broker_users(b) != 0)
		goto fail;
	b->sessions = map_new();
	b->pending = map_new();
	b->services = map_new();
	b->leases = map_new();
	b->metrics = metrics_new("broker");
	b->acks_tail = &b->acks;
	for (i = 0; i < 2; i++) {
		char mon[64];

		*socks[i] = zmq_socket(ctx, ZMQ_ROUTER);
		snprintf(mon, sizeof mon, "inproc://baedal-monitor-%zu-%p", i,
		    (void *)b);
		zmq_socket_monitor(*socks[i], mon, ZMQ_EVENT_DISCONNECTED);
		b->monitors[i] = zmq_socket(ctx, ZMQ_PAIR);
		zmq_connect(b->monitors[i], mon);
		zmq_setsockopt(*socks[i], ZMQ_ROUTER_MANDATORY, &one,
		    sizeof one);
		zmq_setsockopt(*socks[i], ZMQ_LINGER, &zero, sizeof zero);
		zmq_setsockopt(*socks[i], ZMQ_MAXMSGSIZE, &maxsize,
		    sizeof maxsize);
		zmq_setsockopt(*socks[i], ZMQ_SNDHWM, &hwm, sizeof hwm);
	}
	if (broker_secure(b) != 0)
		goto fail;
	if (zmq_bind(b->front, cfg->front) != 0) {
		log_error("cannot bind %s: %s", cfg->front, zmq_strerror(errno));
		goto fail;
	}
	if (zmq_bind(b->back, cfg->back) != 0 ||
	    zmq_bind(b->back, BROKER_INPROC_BACK) != 0) {
		log_error("cannot bind %s: %s", cfg->back, zmq_strerror(errno));
		goto fail;
	}
	log_info("broker: clients at %s, services at %s, log head %lld",
	    cfg->front, cfg->back, (long long)evlog_head(b->log));
	return b;
fail:
	broker_destroy(&b);
	return NULL;
}

int
broker_run(struct broker *b, volatile sig_atomic_t *stop)
{
	zmq_pollitem_t items[6] = {
		{ b->front, 0, ZMQ_POLLIN, 0 },
		{ b->back, 0, ZMQ_POLLIN, 0 },
		{ b->monitors[DOOR_FRONT], 0, ZMQ_POLLIN, 0 },
		{ b->monitors[DOOR_BACK], 0, ZMQ_POLLIN, 0 },
	};
	int nitems = 4;
	int64_t next_timer = 0, now;
	int n;

	if (b->zap != NULL)
		items[nitems++] = (zmq_pollitem_t){ b->zap, 0, ZMQ_POLLIN, 0 };
	if (evlog_fd(b->log) >= 0) /* JetStream */
		items[nitems++] = (zmq_pollitem_t){ NULL, evlog_fd(b->log),
		    ZMQ_POLLIN, 0 };
	while (!*stop) {
		if (zmq_poll(items, nitems, b->blocked ? UNBLOCK_MS : TIMER_MS)
		    < 0 && errno != EINTR)
			break;
		if (b->zap != NULL)
			zap_handle(b, b->zap);
		broker_on_monitor(b, DOOR_FRONT);
		broker_on_monitor(b, DOOR_BACK);
		/* Services first, so their replies and publishes go out in
		 * the same batch as the requests they answer. */
		for (n = 0; n < DRAIN_BATCH && broker_recv(b, DOOR_BACK) == 0;)
			n++;
		for (n = 0; n < DRAIN_BATCH && broker_recv(b, DOOR_FRONT) == 0;)
			n++;
		events_flush(b);
		if (b->blocked)
			events_unblock(b);
		now = mono_ms();
		if (now >= next_timer) {
			broker_timers(b, now);
			next_timer = now + TIMER_MS;
		}
	}
	/* Every publish answered before we go (on JetStream, once the
	 * stream and the copy have answered, or failed). */
	evlog_settle(b->log);
	events_flush(b);
	return 0;
}

void
broker_destroy(struct broker **self_p)
{
	struct broker *b = *self_p;
	struct session *s;
	size_t pos = 0;

	if (b == NULL)
		return;
	if (b->sessions != NULL) {
		while ((s = map_next(b->sessions, &pos, NULL)) != NULL) {
			events_drop_subs(s);
			map_del(b->sessions, s->key);
			free(s);
		}
		route_free_all(b);
	}
	evlog_destroy(&b->log);
	db_destroy(&b->db);
	jbuf_free(&b->out);
	for (pos = 0; pos < 2; pos++) {
		void *sock = pos == 0 ? b->front : b->back;

		if (sock != NULL)
			zmq_socket_monitor(sock, NULL, 0);
		if (b->monitors[pos] != NULL)
			zmq_close(b->monitors[pos]);
	}
	if (b->zap != NULL)
		zmq_close(b->zap);
	if (b->front != NULL)
		zmq_close(b->front);
	if (b->back != NULL)
		zmq_close(b->back);
	map_destroy(&b->sessions);
	map_destroy(&b->pending);
	map_destroy(&b->services);
	lease_free_all(b);
	metrics_destroy(&b->metrics);
	free(b);
	*self_p = NULL;
}
