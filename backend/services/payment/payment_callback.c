/*
 * payment_callback.c: the receiver of the gateway's DEPOSIT_CALLBACKs
 * (Toss Payments: POST {"createdAt","secret","status","transactionKey",
 * "orderId"} to the merchant's URL, retried until it answers 200).
 *
 * libmicrohttpd serves 127.0.0.1:--pg-callback-port on its own thread
 * (put a TLS proxy in front for the real gateway). A callback is stored in
 * deposit_callbacks, through a database connection of its own, in one
 * transaction with synchronous=FULL, and only then answered 200: a
 * repeat (the same order, status and createdAt) is answered 200 and
 * stored once. The service's tick applies what is stored
 * (payment_deposit.c). Answers: 200 {"ok":true}; 400 for a body that is
 * not such a callback; 404 for another path; 405 for another method; 413
 * over PAY_CB_BODY_MAX; 503 when it cannot be stored (the gateway
 * retries).
 */
#include "payment_int.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define PAY_CB_PATH "/toss/deposit-callback"
#define PAY_CB_BODY_MAX 16384
#define PAY_CB_TIMEOUT_S 10

struct payment_receiver {
	struct MHD_Daemon *mhd;
	struct db *db;              /* used by the MHD thread only */
};

/* One request's body, as it arrives. */
struct cb_body {
	char buf[PAY_CB_BODY_MAX + 1];
	size_t len;
	int too_large;
};

static enum MHD_Result
cb_answer(struct MHD_Connection *c, unsigned status, const char *json)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(json),
	    (void *)json, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result rc;

	MHD_add_response_header(r, "Content-Type", "application/json");
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

/* Store a callback; the HTTP status to answer. */
static unsigned
cb_store(struct db *db, const char *text)
{
	json_t *doc = json_loads(text, 0, NULL);
	const char *order = json_string_value(json_object_get(doc, "orderId"));
	const char *status = json_string_value(json_object_get(doc, "status"));
	const char *created = json_string_value(json_object_get(doc,
	    "createdAt"));
	char *end = NULL;
	long long id = 0;
	unsigned http = 400;

	if (order != NULL && strncmp(order, "baedal-", 7) == 0)
		id = strtoll(order + 7, &end, 10);
	if (id > 0 && end != NULL && *end == '\0' && status != NULL &&
	    created != NULL && json_is_string(json_object_get(doc, "secret"))) {
		http = 503;
		if (db_begin(db) == 0) {
			db_do(db, "INSERT OR IGNORE INTO deposit_callbacks("
			    "order_id, status, secret, transaction_key, "
			    "created_text, received_at) VALUES (?,?,?,?,?,?)",
			    "issssi", (int64_t)id, status,
			    json_string_value(json_object_get(doc, "secret")),
			    json_string_value(json_object_get(doc,
			    "transactionKey")), created, now_ms());
			if (db_commit(db) == 0)
				http = 200;
		}
	}
	json_decref(doc);
	return http;
}

static enum MHD_Result
cb_handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct payment_receiver *rcv = cls;
	struct cb_body *b = *con_cls;
	unsigned http;

	(void)version;
	if (b == NULL) {
		if (strcmp(url, PAY_CB_PATH) != 0)
			return cb_answer(c, MHD_HTTP_NOT_FOUND,
			    "{\"ok\":false,\"error\":\"no such path\"}");
		if (strcmp(method, "POST") != 0)
			return cb_answer(c, MHD_HTTP_METHOD_NOT_ALLOWED,
			    "{\"ok\":false,\"error\":\"POST only\"}");
		*con_cls = xcalloc(1, sizeof *b);
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (b->len + *upload_size > PAY_CB_BODY_MAX)
			b->too_large = 1;
		else {
			memcpy(b->buf + b->len, upload, *upload_size);
			b->len += *upload_size;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (b->too_large)
		return cb_answer(c, 413,
		    "{\"ok\":false,\"error\":\"too large\"}");
	b->buf[b->len] = '\0';
	http = cb_store(rcv->db, b->buf);
	return cb_answer(c, http, http == 200 ? "{\"ok\":true}" : http == 400 ?
	    "{\"ok\":false,\"error\":\"not a deposit callback\"}" :
	    "{\"ok\":false,\"error\":\"try again\"}");
}

/* MHD_OPTION_NOTIFY_COMPLETED: free the request's body. */
static void
cb_done(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	free(*con_cls);
	*con_cls = NULL;
}

int
payment_callback_start(struct svc *svc)
{
	struct payment_state *st = svc_state(svc);
	const struct config *cfg = svc_config(svc);
	struct payment_receiver *rcv;
	struct sockaddr_in addr;
	char *path;

	if (cfg->pg_callback_port <= 0)
		return 0;
	rcv = xcalloc(1, sizeof *rcv);
	path = config_path(cfg, "payment.db");
	rcv->db = db_open(path, NULL);
	free(path);
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->pg_callback_port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (rcv->db != NULL)
		rcv->mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD,
		    (uint16_t)cfg->pg_callback_port, NULL, NULL, cb_handle, rcv,
		    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)PAY_CB_TIMEOUT_S,
		    MHD_OPTION_NOTIFY_COMPLETED, cb_done, NULL,
		    MHD_OPTION_END);
	if (rcv->mhd == NULL) {
		/* Another process of the service may hold the port. */
		log_warn("payment: cannot receive deposit callbacks on "
		    "127.0.0.1:%lld", (long long)cfg->pg_callback_port);
		db_destroy(&rcv->db);
		free(rcv);
		return 0;
	}
	st->receiver = rcv;
	log_info("payment: deposit callbacks on http://127.0.0.1:%lld%s",
	    (long long)cfg->pg_callback_port, PAY_CB_PATH);
	return 0;
}

void
payment_callback_stop(struct svc *svc)
{
	struct payment_state *st = svc_state(svc);

	if (st->receiver == NULL)
		return;
	MHD_stop_daemon(st->receiver->mhd);
	db_destroy(&st->receiver->db);
	free(st->receiver);
	st->receiver = NULL;
}
