/*
 * notify_alimtalk.c: AlimTalk to customers through the message dealer
 * (see notify_alimtalk.h): the templates, the queue, the signed calls on
 * worker threads and what their answers mean.
 */
#include "notify_alimtalk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "notify_phone.h"
#include "notify_webhook.h"
#include "order_text.h"
#include "sign.h"
#include "util.h"
#include "worker.h"

#define AT_THREADS 2
#define AT_INFLIGHT 8              /* calls in flight at once, at most */
#define AT_TIMEOUT_MS 3000         /* one call */
#define AT_LEASE_MS 10000          /* a row in flight is not taken again */
#define AT_POLL_CAP_MS 60000
#define AT_POLLS_MAX 40            /* then the result is taken as failed */
#define AT_BUTTON "주문 보기"
#define AT_SMS_SUBJECT "배달 알림"
#define AT_VARS_MAX 4

/* A registered template: its code, its text with #{변수}, and what fills
 * each variable (an order_text template over the notification's vars). */
struct at_template {
	const char *key;       /* the status, or the notify rule's template */
	const char *code;
	const char *text;
	struct { const char *name, *expr; } vars[AT_VARS_MAX];
};

static const struct at_template at_templates[] = {
	{ "PAID", "BDL_PAID",
	  "[#{가게}] 주문이 결제되었습니다\n주문번호: #{주문번호}\n"
	  "결제금액: #{금액}",
	  { { "가게", "{shop_name}" }, { "주문번호", "{order_id}" },
	    { "금액", "{total:won}" } } },
	{ "ACCEPTED", "BDL_ACCEPTED",
	  "[#{가게}] 주문이 접수되었습니다\n주문번호: #{주문번호}\n"
	  "도착 예정: 약 #{도착}분 후",
	  { { "가게", "{shop_name}" }, { "주문번호", "{order_id}" },
	    { "도착", "{eta_min}" } } },
	{ "COOKING", "BDL_COOKING",
	  "[#{가게}] 음식을 조리하고 있습니다\n주문번호: #{주문번호}",
	  { { "가게", "{shop_name}" }, { "주문번호", "{order_id}" } } },
	{ "DELIVERING", "BDL_DELIVERING",
	  "[#{가게}] 배달이 시작되었습니다\n주문번호: #{주문번호}",
	  { { "가게", "{shop_name}" }, { "주문번호", "{order_id}" } } },
	{ "DELIVERED", "BDL_DELIVERED",
	  "[#{가게}] 배달이 완료되었습니다. 맛있게 드세요!\n"
	  "주문번호: #{주문번호}",
	  { { "가게", "{shop_name}" }, { "주문번호", "{order_id}" } } },
	{ "CANCELLED", "BDL_CANCELLED",
	  "[#{가게}] 주문이 취소되었습니다 (#{취소})\n주문번호: #{주문번호}\n"
	  "환불 예정: #{금액}",
	  { { "가게", "{shop_name}" }, { "취소", "{by:by}" },
	    { "주문번호", "{order_id}" }, { "금액", "{total:won}" } } },
	{ "AWAITING_DEPOSIT", "BDL_DEPOSIT_WAIT",
	  "[#{가게}] 입금 대기\n주문번호: #{주문번호}\n입금 계좌: #{계좌}\n"
	  "입금 기한: #{기한}",
	  { { "가게", "{shop_name}" }, { "주문번호", "{order_id}" },
	    { "계좌", "{bank} {account_number} · {total:won}" },
	    { "기한", "{due_at:kst}" } } },
	{ "DEPOSITED", "BDL_DEPOSITED",
	  "[#{가게}] 입금이 확인되었습니다\n주문번호: #{주문번호}\n"
	  "결제금액: #{금액}",
	  { { "가게", "{shop_name}" }, { "주문번호", "{order_id}" },
	    { "금액", "{total:won}" } } },
	{ "EXPIRED", "BDL_DEPOSIT_EXPIRED",
	  "[#{가게}] 입금 기한이 지나 주문이 취소되었습니다\n"
	  "주문번호: #{주문번호}",
	  { { "가게", "{shop_name}" }, { "주문번호", "{order_id}" } } },
	{ "DEPOSIT_CANCELLED", "BDL_DEPOSIT_CANCELLED",
	  "[#{가게}] 입금 전에 주문을 취소했습니다\n주문번호: #{주문번호}",
	  { { "가게", "{shop_name}" }, { "주문번호", "{order_id}" } } },
	{ "DEPOSIT_REVERSED", "BDL_DEPOSIT_REVERSED",
	  "[#{가게}] 입금이 취소되어 주문이 취소되었습니다\n"
	  "주문번호: #{주문번호}\n환불할 금액 없음",
	  { { "가게", "{shop_name}" }, { "주문번호", "{order_id}" } } },
	{ "LINES_REMOVED", "BDL_PARTIAL_REFUND",
	  "[#{가게}] 품절로 #{개수}개 항목이 환불되었어요\n"
	  "주문번호: #{주문번호}\n환불 금액: #{금액}",
	  { { "가게", "{shop_name}" }, { "개수", "{count}" },
	    { "주문번호", "{order_id}" }, { "금액", "{amount:won}" } } },
	{ "REJECTED", "BDL_REJECTED",
	  "[#{가게}] 가게에서 주문을 거절했습니다\n사유: #{사유}\n"
	  "주문번호: #{주문번호}\n환불 예정: #{금액}",
	  { { "가게", "{shop_name}" }, { "사유", "{reason}" },
	    { "주문번호", "{order_id}" }, { "금액", "{total:won}" } } },
};

enum at_kind { AT_SEND, AT_POLL };

/* One call to the dealer and its answer. Strings owned. */
struct at_job {
	enum at_kind kind;
	int64_t id;                  /* notify_alimtalk row */
	char *url, *body;            /* body NULL: GET */
	char *headers[4];
	int answered;                /* an HTTP answer came */
	long status;
	char message_id[80];         /* send: the dealer's messageId */
	char code[16];               /* send: requestStatusCode; poll:
	                                messageStatusCode */
	char state[16];              /* poll: messageStatusName */
	char failover[16];           /* poll: failoverInfo's, or "" */
	char error[160];
};

static const struct at_template *
at_template_for(const char *key)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(at_templates); i++)
		if (strcmp(at_templates[i].key, key) == 0)
			return &at_templates[i];
	return NULL;
}

/* The template's text with each #{name} filled from vars. Owned. */
static char *
at_fill(const struct at_template *t, const json_t *vars)
{
	size_t cap = strlen(t->text) + 1, n = 0, k, len;
	char *out = xmalloc(cap), *val;
	const char *p = t->text, *end;

	while (*p != '\0') {
		val = NULL;
		if (p[0] == '#' && p[1] == '{' && (end = strchr(p, '}')) != NULL)
			for (k = 0; k < AT_VARS_MAX && t->vars[k].name; k++)
				if (strlen(t->vars[k].name) == (size_t)(end - p - 2) &&
				    strncmp(t->vars[k].name, p + 2, end - p - 2) == 0)
					val = order_text_expand(t->vars[k].expr,
					    vars);
		len = val ? strlen(val) : 1;
		if (n + len + 1 > cap)
			out = xrealloc(out, cap = (n + len + 1) * 2);
		memcpy(out + n, val ? val : p, len);
		n += len;
		p = val ? end + 1 : p + 1;
		free(val);
	}
	out[n] = '\0';
	return out;
}

int
notify_alimtalk_enqueue(struct svc *svc, int64_t notification_id,
    const char *key, const char *customer_id, const json_t *vars)
{
	const struct config *cfg = svc_config(svc);
	const struct at_template *t;
	char phone[PHONE_MAX], masked[PHONE_MASKED_MAX];
	char *content, *link;
	int64_t now = now_ms();
	int rc;

	if (cfg->alimtalk_url == NULL || customer_id == NULL ||
	    (t = at_template_for(key)) == NULL ||
	    notify_phone_of(svc, customer_id, phone) != 0)
		return 0;
	content = at_fill(t, vars);
	link = order_text_expand(cfg->webhook_link, vars);
	rc = db_do(svc_db(svc), "INSERT OR IGNORE INTO notify_alimtalk("
	    "notification_id, template, to_phone, content, link, next_at, "
	    "created_at) VALUES (?,?,?,?,?,?,?)", "issssii", notification_id,
	    t->code, phone, content, link, now, now);
	free(content);
	free(link);
	if (rc < 0)
		return -1;
	log_debug("notify: notification %lld queued for AlimTalk %s to %s",
	    (long long)notification_id, t->code, phone_mask(phone, masked));
	return 0;
}

/* Free a job (an at_job; also worker_pool_destroy's job release). */
static void
at_job_free(void *arg)
{
	struct at_job *job = arg;
	size_t i;

	free(job->url);
	free(job->body);
	for (i = 0; job->headers[i] != NULL; i++)
		free(job->headers[i]);
	free(job);
}

/* A call to method path (from "/alimtalk/..."), signed. */
static struct at_job *
at_job_new(const struct config *cfg, enum at_kind kind, int64_t id,
    const char *method, const char *path, char *body /* stolen */)
{
	struct at_job *job = xcalloc(1, sizeof *job);
	char *msg, *sig;
	int64_t ts = now_ms();

	job->kind = kind;
	job->id = id;
	job->url = xasprintf("%s%s", cfg->alimtalk_url, path);
	job->body = body;
	msg = xasprintf("%s %s\n%lld\n%s", method, path, (long long)ts,
	    cfg->alimtalk_access_key);
	sig = sign_hmac_base64(cfg->alimtalk_secret_key, msg);
	job->headers[0] = xasprintf("x-ncp-apigw-timestamp: %lld",
	    (long long)ts);
	job->headers[1] = xasprintf("x-ncp-iam-access-key: %s",
	    cfg->alimtalk_access_key);
	job->headers[2] = xasprintf("x-ncp-apigw-signature-v2: %s", sig);
	free(msg);
	free(sig);
	return job;
}

/* The send of a row {id, template, to_phone, content, link}. */
static struct at_job *
at_send_job(const struct config *cfg, const json_t *row)
{
	const char *content = wire_str(row, "content", ""),
	    *link = wire_str(row, "link", "");
	json_t *msg = json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s}]}",
	    "countryCode", "82", "to", wire_str(row, "to_phone", ""),
	    "content", content, "buttons", "type", "WL", "name", AT_BUTTON,
	    "linkMobile", link, "linkPc", link), *doc;
	char *path = xasprintf("/alimtalk/v2/services/%s/messages",
	    cfg->alimtalk_service_id);
	struct at_job *job;

	json_object_set_new(msg, "useSmsFailover",
	    json_boolean(cfg->alimtalk_sms_from != NULL));
	if (cfg->alimtalk_sms_from != NULL)
		json_object_set_new(msg, "failoverConfig", json_pack("{s:s, "
		    "s:s, s:s, s:s}", "type", "LMS", "from",
		    cfg->alimtalk_sms_from, "subject", AT_SMS_SUBJECT,
		    "content", content));
	doc = json_pack("{s:s, s:s, s:[o]}", "plusFriendId",
	    cfg->alimtalk_channel, "templateCode", wire_str(row, "template",
	    ""), "messages", msg);
	job = at_job_new(cfg, AT_SEND, wire_int(row, "id", 0), "POST", path,
	    json_dumps(doc, JSON_COMPACT));
	json_decref(doc);
	free(path);
	return job;
}

static struct at_job *
at_poll_job(const struct config *cfg, const json_t *row)
{
	char *path = xasprintf("/alimtalk/v2/services/%s/messages/%s",
	    cfg->alimtalk_service_id, wire_str(row, "message_id", ""));
	struct at_job *job = at_job_new(cfg, AT_POLL, wire_int(row, "id", 0),
	    "GET", path, NULL);

	free(path);
	return job;
}

/* Copy the string member key of obj into buf (n bytes; "" if none). */
static void
at_copy(char *buf, size_t n, const json_t *obj, const char *key)
{
	snprintf(buf, n, "%s", wire_str(obj, key, ""));
}

/* worker_run_fn: the call, and what its answer says, on a pool thread. */
static void
at_job_run(void *arg)
{
	struct at_job *job = arg;
	const char *const *headers = (const char *const *)job->headers;
	struct http_response resp;
	json_t *doc, *msg;

	if ((job->body ? http_post_json(job->url, job->body, headers,
	    AT_TIMEOUT_MS, &resp) : http_get(job->url, headers, AT_TIMEOUT_MS,
	    &resp)) != 0) {
		snprintf(job->error, sizeof job->error, "%s", resp.error);
		http_response_free(&resp);
		return;
	}
	job->answered = 1;
	job->status = resp.status;
	doc = json_loads(resp.body, 0, NULL);
	if (job->kind == AT_SEND) {
		msg = json_array_get(json_object_get(doc, "messages"), 0);
		at_copy(job->message_id, sizeof job->message_id, msg,
		    "messageId");
		at_copy(job->code, sizeof job->code, msg, "requestStatusCode");
	} else {
		at_copy(job->state, sizeof job->state, doc, "messageStatusName");
		at_copy(job->code, sizeof job->code, doc, "messageStatusCode");
		at_copy(job->failover, sizeof job->failover,
		    json_object_get(doc, "failoverInfo"), "messageStatusName");
	}
	if (resp.status < 200 || resp.status >= 300)
		snprintf(job->error, sizeof job->error, "HTTP %ld %s",
		    resp.status, wire_str(doc, "errorMessage",
		    wire_str(doc, "statusName", "")));
	json_decref(doc);
	http_response_free(&resp);
}

/* Set row id's state (and result, error) as a final or next step. */
static void
at_set(struct db *db, int64_t id, const char *state, const char *result,
    const char *error, int64_t next_at)
{
	db_do(db, "UPDATE notify_alimtalk SET state = ?, result = "
	    "coalesce(?, result), last_error = ?, next_at = ? WHERE id = ?",
	    "sssii", state, result, error, next_at, id);
}

/* A send came back: requested, failed, or tried again later. */
static void
at_send_done(struct svc *svc, const struct at_job *job, int64_t now)
{
	const struct config *cfg = svc_config(svc);
	struct db *db = svc_db(svc);
	int attempts = (int)db_int(db, 0, "SELECT attempts FROM "
	    "notify_alimtalk WHERE id = ?", "i", job->id) + 1;
	char why[200];

	db_do(db, "UPDATE notify_alimtalk SET attempts = ? WHERE id = ?", "ii",
	    (int64_t)attempts, job->id);
	if (job->answered && job->status >= 200 && job->status < 300 &&
	    strcmp(job->code, "A000") == 0 && job->message_id[0] != '\0') {
		db_do(db, "UPDATE notify_alimtalk SET message_id = ? WHERE "
		    "id = ?", "si", job->message_id, job->id);
		at_set(db, job->id, "requested", job->code, NULL, now +
		    cfg->alimtalk_poll_ms);
		return;
	}
	if (job->answered && job->status >= 200 && job->status < 300)
		snprintf(why, sizeof why, "not accepted: %s", job->code);
	else
		snprintf(why, sizeof why, "%s", job->error);
	if ((job->answered && job->status >= 200 && job->status < 300) ||
	    (job->answered && job->status >= 400 && job->status < 500 &&
	    job->status != 429) || attempts >= cfg->webhook_max_attempts) {
		at_set(db, job->id, "failed", NULL, why, now);
		log_warn("notify: AlimTalk %lld failed (%s)",
		    (long long)job->id, why);
		return;
	}
	at_set(db, job->id, "pending", NULL, why, now + retry_backoff_ms(
	    cfg->webhook_backoff_ms, attempts, NOTIFY_HOOK_BACKOFF_CAP_MS));
}

/* A result came back: delivered, sms, failed, or asked again later. */
static void
at_poll_done(struct svc *svc, const struct at_job *job, int64_t now)
{
	struct db *db = svc_db(svc);
	int polls = (int)db_int(db, 0, "SELECT polls FROM notify_alimtalk "
	    "WHERE id = ?", "i", job->id) + 1;
	int ok = job->answered && job->status == 200;
	int failed = ok && strcmp(job->state, "fail") == 0;
	char why[200];

	db_do(db, "UPDATE notify_alimtalk SET polls = ? WHERE id = ?", "ii",
	    (int64_t)polls, job->id);
	snprintf(why, sizeof why, "%s", ok ? job->code : job->error);
	if (ok && strcmp(job->state, "success") == 0)
		at_set(db, job->id, "delivered", job->code, NULL, now);
	else if (failed && strcmp(job->failover, "success") == 0)
		at_set(db, job->id, "sms", job->code, NULL, now);
	else if ((failed && strcmp(job->failover, "processing") != 0 &&
	    strcmp(job->failover, "ready") != 0) || polls >= AT_POLLS_MAX)
		at_set(db, job->id, "failed", ok ? job->code : NULL, polls >=
		    AT_POLLS_MAX && !failed ? "no result from the dealer" :
		    job->failover[0] ? "AlimTalk and SMS failed" :
		    "AlimTalk failed", now);
	else
		at_set(db, job->id, "requested", NULL, ok ? NULL : why, now +
		    retry_backoff_ms(svc_config(svc)->alimtalk_poll_ms, polls,
		    AT_POLL_CAP_MS));
}

void
notify_alimtalk_deliver(struct svc *svc, int64_t now)
{
	struct notify_state *st = svc_state(svc);
	const struct config *cfg = svc_config(svc);
	struct at_job *job;
	json_t *rows, *row;
	size_t i;
	int room;

	if (cfg->alimtalk_url == NULL)
		return;
	if (st->alimtalk_pool == NULL) {
		http_global_init();
		st->alimtalk_pool = svc_pool_new(svc, "notify-alimtalk",
		    AT_THREADS, at_job_run);
	}
	while ((job = worker_pool_take(st->alimtalk_pool)) != NULL) {
		if (job->kind == AT_SEND)
			at_send_done(svc, job, now);
		else
			at_poll_done(svc, job, now);
		at_job_free(job);
	}
	if ((room = AT_INFLIGHT - worker_pool_busy(st->alimtalk_pool)) <= 0)
		return;
	/* Due; a send waits for the earlier sends of its order. */
	rows = db_rows(svc_db(svc), "SELECT a.id, a.state, a.template, "
	    "a.to_phone, a.content, a.link, a.message_id FROM "
	    "notify_alimtalk a JOIN inbox i ON i.id = a.notification_id "
	    "WHERE a.state IN ('pending', 'requested') AND a.next_at <= ? AND "
	    "NOT (a.state = 'pending' AND EXISTS (SELECT 1 FROM "
	    "notify_alimtalk a2 JOIN inbox i2 ON i2.id = a2.notification_id "
	    "WHERE a2.state = 'pending' AND a2.id < a.id AND i2.order_id IS "
	    "i.order_id)) ORDER BY a.next_at LIMIT ?", "ii", now,
	    (int64_t)room);
	json_array_foreach(rows, i, row) {
		job = strcmp(wire_str(row, "state", ""), "pending") == 0 ?
		    at_send_job(cfg, row) : at_poll_job(cfg, row);
		db_do(svc_db(svc), "UPDATE notify_alimtalk SET next_at = ? "
		    "WHERE id = ?", "ii", now + AT_LEASE_MS, job->id);
		worker_pool_submit(st->alimtalk_pool, job);
	}
	json_decref(rows);
}

void
notify_alimtalk_stop(struct svc *svc)
{
	struct notify_state *st = svc_state(svc);

	worker_pool_destroy(&st->alimtalk_pool, at_job_free);
}

void
notify_alimtalk_fold(json_t *item)
{
	static const char *const keys[] = { "a_state", "a_template", "a_to",
	    "a_message_id", "a_result", "a_attempts", "a_last_error" };
	char masked[PHONE_MASKED_MAX];
	json_t *at = json_null();
	size_t i;

	if (json_is_string(json_object_get(item, "a_state")))
		at = json_pack("{s:O?, s:O?, s:s, s:O?, s:O?, s:O?, s:O?}", "state",
		    json_object_get(item, "a_state"), "template",
		    json_object_get(item, "a_template"), "to",
		    phone_mask(wire_str(item, "a_to", ""), masked),
		    "message_id", json_object_get(item, "a_message_id"),
		    "result", json_object_get(item, "a_result"), "attempts",
		    json_object_get(item, "a_attempts"), "last_error",
		    json_object_get(item, "a_last_error"));
	for (i = 0; i < ARRAY_LEN(keys); i++)
		json_object_del(item, keys[i]);
	json_object_set_new(item, "alimtalk", at);
}

json_t *
notify_alimtalk_counts(struct db *db)
{
	static const char *const states[] = { "pending", "requested",
	    "delivered", "sms", "failed" };
	json_t *counts = json_object();
	size_t i;

	for (i = 0; i < ARRAY_LEN(states); i++)
		json_object_set_new(counts, states[i], json_integer(db_int(db,
		    0, "SELECT count(*) FROM notify_alimtalk WHERE state = ?",
		    "s", states[i])));
	return counts;
}
