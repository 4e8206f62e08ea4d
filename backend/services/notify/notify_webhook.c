/*
 * notify_webhook.c: sending notifications to the webhook (see
 * notify_webhook.h). A due row is leased (next_at pushed past the POST's
 * timeout) and handed to a worker thread with its request built; the
 * answer comes back through the next tick.
 */
#include "notify_webhook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "notify_alimtalk.h"
#include "order_text.h"
#include "util.h"
#include "worker.h"

#define NOTIFY_HOOK_THREADS 4
#define NOTIFY_HOOK_INFLIGHT 16       /* posts in flight at once, at most */
/* Long enough for the last of a full queue to be posted: a row is never
 * taken again while its first post may still be waiting for a thread. */
#define NOTIFY_HOOK_LEASE_MS (NOTIFY_HOOK_TIMEOUT_MS * \
    (NOTIFY_HOOK_INFLIGHT / NOTIFY_HOOK_THREADS + 1) + 3000)
#define NOTIFY_HOOK_BUTTON "주문 보기"
#define NOTIFY_OUTBOX_LIMIT 200

/* One POST and its answer. Strings owned. */
struct hook_job {
	int64_t outbox_id;
	int form;                  /* kakao: form-encoded */
	char *url, *body;
	char *headers[3];          /* NULL-terminated */
	int ok;                    /* a 2xx came back */
	char error[160];
};

static void
hook_job_free(struct hook_job *job)
{
	size_t i;

	free(job->url);
	free(job->body);
	for (i = 0; job->headers[i] != NULL; i++)
		free(job->headers[i]);
	free(job);
}

/* worker_run_fn: the POST, on a pool thread. */
static void
hook_job_run(void *arg)
{
	struct hook_job *job = arg;
	const char *const *headers = (const char *const *)job->headers;
	struct http_response resp;
	int rc;

	rc = job->form ? http_post_form(job->url, job->body, headers,
	    NOTIFY_HOOK_TIMEOUT_MS, &resp) : http_post_json(job->url,
	    job->body, headers, NOTIFY_HOOK_TIMEOUT_MS, &resp);
	job->ok = rc == 0 && resp.status >= 200 && resp.status < 300;
	if (rc != 0)
		snprintf(job->error, sizeof job->error, "%s", resp.error);
	else if (!job->ok)
		snprintf(job->error, sizeof job->error, "HTTP %ld",
		    resp.status);
	http_response_free(&resp);
}

/* The request body for a notification row (id, recipient, order_id,
 * status, text, at), in the configured format; the caller frees it. */
static char *
hook_body(const struct config *cfg, const json_t *row, const char *key)
{
	json_t *doc, *vars;
	char *text, *link, *out;
	const char *pairs[3] = { "template_object", NULL, NULL };

	if (strcmp(cfg->webhook_format, "kakao") != 0) {
		doc = json_pack("{s:O, s:s, s:O?, s:O?, s:O?, s:O?, s:O?}", "id",
		    json_object_get(row, "notification_id"), "idempotency_key",
		    key, "recipient", json_object_get(row, "recipient"),
		    "order_id", json_object_get(row, "order_id"), "status",
		    json_object_get(row, "status"), "text",
		    json_object_get(row, "text"), "at", json_object_get(row,
		    "at"));
		out = json_dumps(doc, JSON_COMPACT);
		json_decref(doc);
		return out;
	}
	vars = json_pack("{s:O}", "order_id", json_object_get(row,
	    "order_id"));
	link = order_text_expand(cfg->webhook_link, vars);
	doc = json_pack("{s:s, s:O?, s:{s:s, s:s}, s:s}", "object_type",
	    "text", "text", json_object_get(row, "text"), "link", "web_url",
	    link, "mobile_web_url", link, "button_title", NOTIFY_HOOK_BUTTON);
	text = json_dumps(doc, JSON_COMPACT);
	pairs[1] = text;
	out = http_form_encode(pairs);
	free(text);
	free(link);
	json_decref(doc);
	json_decref(vars);
	return out;
}

static struct hook_job *
hook_job_new(const struct config *cfg, const json_t *row)
{
	struct hook_job *job = xcalloc(1, sizeof *job);
	char key[64];

	snprintf(key, sizeof key, "baedal-notification-%lld",
	    (long long)json_integer_value(json_object_get(row,
	    "notification_id")));
	job->outbox_id = json_integer_value(json_object_get(row, "id"));
	job->form = strcmp(cfg->webhook_format, "kakao") == 0;
	job->url = xstrdup(cfg->webhook_url);
	job->body = hook_body(cfg, row, key);
	job->headers[0] = xasprintf("Idempotency-Key: %s", key);
	if (cfg->webhook_token != NULL)
		job->headers[1] = xasprintf("Authorization: Bearer %s",
		    cfg->webhook_token);
	return job;
}

/* Record the answer to one POST: sent, or tried again later, or dead. */
static void
hook_done(struct svc *svc, const struct hook_job *job, int64_t now)
{
	struct db *db = svc_db(svc);
	int max = svc_config(svc)->webhook_max_attempts;
	int attempts = (int)db_int(db, 0, "SELECT attempts FROM notify_outbox "
	    "WHERE id = ?", "i", job->outbox_id) + 1;
	int64_t wait;

	if (job->ok) {
		db_do(db, "UPDATE notify_outbox SET state = 'sent', attempts = "
		    "?, last_error = NULL WHERE id = ? AND state = 'pending'",
		    "ii", (int64_t)attempts, job->outbox_id);
		return;
	}
	if (attempts >= max) {
		db_do(db, "UPDATE notify_outbox SET state = 'dead', attempts = "
		    "?, last_error = ? WHERE id = ? AND state = 'pending'",
		    "isi", (int64_t)attempts, job->error, job->outbox_id);
		log_warn("notify: notification %lld dead after %d attempts "
		    "(%s)", (long long)job->outbox_id, attempts, job->error);
		return;
	}
	wait = retry_backoff_ms(svc_config(svc)->webhook_backoff_ms, attempts,
	    NOTIFY_HOOK_BACKOFF_CAP_MS);
	db_do(db, "UPDATE notify_outbox SET attempts = ?, next_at = ?, "
	    "last_error = ? WHERE id = ? AND state = 'pending'", "iisi",
	    (int64_t)attempts, now + wait, job->error, job->outbox_id);
	log_info("notify: notification %lld: attempt %d failed (%s); again in "
	    "%lld ms", (long long)job->outbox_id, attempts, job->error,
	    (long long)wait);
}

void
notify_webhook_deliver(struct svc *svc, int64_t now)
{
	struct notify_state *st = svc_state(svc);
	const struct config *cfg = svc_config(svc);
	struct hook_job *job;
	json_t *rows, *row;
	size_t i;
	int room;

	if (cfg->webhook_url == NULL) {
		db_do(svc_db(svc), "UPDATE notify_outbox SET state = 'inbox' "
		    "WHERE state = 'pending' AND next_at <= ?", "i", now);
		return;
	}
	if (st->hook_pool == NULL) {
		http_global_init();
		st->hook_pool = svc_pool_new(svc, "notify-hook",
		    NOTIFY_HOOK_THREADS, hook_job_run);
	}
	while ((job = worker_pool_take(st->hook_pool)) != NULL) {
		hook_done(svc, job, now);
		hook_job_free(job);
	}
	if ((room = NOTIFY_HOOK_INFLIGHT - worker_pool_busy(st->hook_pool)) <= 0)
		return;
	/* Due, and the oldest pending one of its order (per-order order). */
	rows = db_rows(svc_db(svc), "SELECT o.id, o.notification_id, "
	    "i.recipient, i.order_id, i.status, i.text, i.at FROM "
	    "notify_outbox o JOIN inbox i ON i.id = o.notification_id WHERE "
	    "o.state = 'pending' AND o.next_at <= ? AND NOT EXISTS (SELECT 1 "
	    "FROM notify_outbox o2 JOIN inbox i2 ON i2.id = o2.notification_id"
	    " WHERE o2.state = 'pending' AND o2.id < o.id AND i2.order_id IS "
	    "i.order_id) ORDER BY o.id LIMIT ?", "ii", now, (int64_t)room);
	json_array_foreach(rows, i, row) {
		job = hook_job_new(cfg, row);
		db_do(svc_db(svc), "UPDATE notify_outbox SET next_at = ? WHERE "
		    "id = ?", "ii", now + NOTIFY_HOOK_LEASE_MS, job->outbox_id);
		worker_pool_submit(st->hook_pool, job);
	}
	json_decref(rows);
}

/* worker_pool_destroy's job release. */
static void
hook_job_drop(void *job)
{
	hook_job_free(job);
}

void
notify_webhook_stop(struct svc *svc)
{
	struct notify_state *st = svc_state(svc);

	worker_pool_destroy(&st->hook_pool, hook_job_drop);
}

int
notify_webhook_outbox(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err)
{
	struct notify_state *st = svc_state(svc);
	struct db *db = svc_db(svc);
	const char *state = NULL;
	int64_t limit = 50;
	json_t *counts, *items, *item;
	size_t i;

	(void)req;
	if (wire_get_str(body, "state", 0, &state, err) != 0 ||
	    wire_get_int(body, "limit", 0, 1, NOTIFY_OUTBOX_LIMIT, &limit,
	    err) != 0)
		return -1;
	counts = json_pack("{s:I, s:I, s:I, s:I}",
	    "pending", (json_int_t)db_int(db, 0, "SELECT count(*) FROM "
	    "notify_outbox WHERE state = 'pending'", NULL),
	    "sent", (json_int_t)db_int(db, 0, "SELECT count(*) FROM "
	    "notify_outbox WHERE state = 'sent'", NULL),
	    "dead", (json_int_t)db_int(db, 0, "SELECT count(*) FROM "
	    "notify_outbox WHERE state = 'dead'", NULL),
	    "inbox", (json_int_t)db_int(db, 0, "SELECT count(*) FROM "
	    "notify_outbox WHERE state = 'inbox'", NULL));
	items = db_rows(db, "SELECT o.id, o.notification_id, i.order_id, "
	    "i.recipient, i.status, o.state, o.attempts, o.next_at, "
	    "o.last_error, a.state AS a_state, a.template AS a_template, "
	    "a.to_phone AS a_to, a.message_id AS a_message_id, a.result AS "
	    "a_result, a.attempts AS a_attempts, a.last_error AS a_last_error "
	    "FROM notify_outbox o JOIN inbox i ON i.id = o.notification_id "
	    "LEFT JOIN notify_alimtalk a ON a.notification_id = "
	    "o.notification_id WHERE ?1 IS NULL OR o.state = ?1 ORDER BY o.id "
	    "DESC LIMIT ?2", "si", state, limit);
	if (items == NULL) {
		json_decref(counts);
		return wire_error_set(err, E_INTERNAL, "cannot read the outbox");
	}
	json_array_foreach(items, i, item)
		notify_alimtalk_fold(item);
	*result = json_pack("{s:o, s:i, s:o, s:o}", "counts", counts,
	    "in_flight", st->hook_pool ? worker_pool_busy(st->hook_pool) : 0,
	    "alimtalk", notify_alimtalk_counts(db), "items", items);
	return 0;
}
