/*
 * payment_http.c: an HTTP payment gateway shaped like Toss Payments'
 * confirm/cancel API (PROTOCOL.md section 6):
 *
 *   approve  POST {pg_url}/v1/payments/confirm
 *            {"paymentKey","orderId","amount","card"}, Idempotency-Key
 *   refund   POST {pg_url}/v1/payments/{paymentKey}/cancel
 *            {"cancelReason","cancelAmount"?,"refundReceiveAccount"?
 *            (a virtual account's: bank, accountNumber, holderName)},
 *            Idempotency-Key
 *   re-read  GET  {pg_url}/v1/payments/{paymentKey}
 *            (status, balanceAmount, cancels[]), before a cancel that
 *            follows an in-flight answer or whose key may have expired
 *
 * Answers are classified by pg_classify (payment_classify.c). For an
 * approve: 2xx is done; 429 or a connection that never opened means the
 * gateway did nothing; 408, 5xx, a transient or in-flight code, a timeout
 * or a dropped connection leave the outcome unknown; another 4xx is a
 * declined card. For a cancel: 2xx and ALREADY_CANCELED_PAYMENT are done,
 * 404 means nothing was charged, and the rest is final, in flight or
 * transient as classified.
 */
#include "payment_gateway.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http.h"
#include "util.h"

/* One call's answer, classified. */
struct pg_answer {
	struct http_response resp;
	enum pg_class class;   /* meaningful when sent */
	int sent;              /* an HTTP answer came */
	char code[PG_CODE_MAX];
};

/* The error code of a JSON answer into code ("" when none). */
static void
pg_http_code(const struct http_response *resp, char code[PG_CODE_MAX])
{
	json_t *doc = resp->body ? json_loads(resp->body, 0, NULL) : NULL;
	const char *c = json_string_value(json_object_get(doc, "code"));

	snprintf(code, PG_CODE_MAX, "%s", c ? c : "");
	json_decref(doc);
}

/* The gateway's error code and message from a JSON answer, as one line. */
static void
pg_http_reason(const struct http_response *resp, char *buf, size_t n)
{
	json_t *doc = resp->body ? json_loads(resp->body, 0, NULL) : NULL;
	const char *code = json_string_value(json_object_get(doc, "code"));
	const char *msg = json_string_value(json_object_get(doc, "message"));

	snprintf(buf, n, "HTTP %ld%s%s%s%s", resp->status, code ? " " : "",
	    code ? code : "", msg ? ": " : "", msg ? msg : "");
	json_decref(doc);
}

/*
 * POST body (stolen; NULL: GET) to base + path with idem_key (NULL: none)
 * and classify the answer into a. err is filled (payment_unavailable)
 * when no answer came or it was not 2xx; a->resp is the caller's to free.
 */
static void
pg_http_call(const struct payment_gateway *self, const char *path,
    json_t *body, const char *idem_key, long timeout_ms,
    struct pg_answer *a, struct wire_error *err)
{
	char *url = xasprintf("%s%s", self->url, path);
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	char *idem = idem_key ? xasprintf("Idempotency-Key: %s", idem_key) :
	    NULL;
	char *auth = self->secret ? http_basic_auth(self->secret, "") : NULL;
	const char *headers[3] = { NULL, NULL, NULL };
	char why[200];
	int n = 0;

	if (idem != NULL)
		headers[n++] = idem;
	if (auth != NULL)
		headers[n++] = auth;
	json_decref(body);
	memset(a, 0, sizeof *a);
	if ((text ? http_post_json(url, text, headers, timeout_ms, &a->resp) :
	    http_get(url, headers, timeout_ms, &a->resp)) != 0) {
		wire_error_set(err, E_PAYMENT_UNAVAILABLE, "the payment gateway "
		    "%s: %s", a->resp.timed_out ? "did not answer in time" :
		    "could not be reached", a->resp.error);
	} else {
		a->sent = 1;
		pg_http_code(&a->resp, a->code);
		a->class = pg_classify(a->resp.status, a->code[0] ? a->code :
		    NULL);
		if (a->class != PG_CLASS_OK) {
			pg_http_reason(&a->resp, why, sizeof why);
			wire_error_set(err, E_PAYMENT_UNAVAILABLE, "the payment "
			    "gateway said %s", why);
		}
	}
	free(url);
	free(text);
	free(idem);
	free(auth);
}

/* An ISO 8601 time with an offset ("2026-12-13T23:59:59+09:00", as Toss
 * writes dueDate) in ms since the epoch; 0 when it is not one. */
static int64_t
pg_http_iso_ms(const char *iso)
{
	struct tm tm;
	int y, mo, d, h, mi, sec, oh = 0, om = 0, n = 0;
	char sign = '+';

	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi,
	    &sec, &n) != 6)
		return 0;
	if (iso[n] == '+' || iso[n] == '-') {
		sign = iso[n];
		if (sscanf(iso + n + 1, "%2d:%2d", &oh, &om) != 2)
			return 0;
	}
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	return ((int64_t)timegm(&tm) - (sign == '+' ? 1 : -1) *
	    (oh * 3600 + om * 60)) * 1000;
}

/* The virtual account of a confirm's answer doc (status
 * WAITING_FOR_DEPOSIT, virtualAccount {bank, accountNumber, dueDate},
 * secret) into d; 0, or -1 when it is not one. */
static int
pg_http_deposit(const json_t *doc, struct pg_deposit *d)
{
	const json_t *va = json_object_get(doc, "virtualAccount");
	const char *status = json_string_value(json_object_get(doc, "status"));
	const char *secret = json_string_value(json_object_get(doc, "secret"));
	const char *account = json_string_value(json_object_get(va,
	    "accountNumber"));
	const char *due = json_string_value(json_object_get(va, "dueDate"));

	if (status == NULL || strcmp(status, "WAITING_FOR_DEPOSIT") != 0 ||
	    secret == NULL || account == NULL)
		return -1;
	snprintf(d->bank, sizeof d->bank, "%s", json_string_value(
	    json_object_get(va, "bank")) ? json_string_value(json_object_get(va,
	    "bank")) : "");
	snprintf(d->account, sizeof d->account, "%s", account);
	snprintf(d->due, sizeof d->due, "%s", due ? due : "");
	snprintf(d->secret, sizeof d->secret, "%s", secret);
	d->due_ms = due ? pg_http_iso_ms(due) : 0;
	return 0;
}

static enum pg_outcome
pg_http_approve(const struct payment_gateway *self, const struct pg_charge *c,
    char ref[PG_REF_MAX], struct wire_error *err)
{
	struct pg_answer a;
	char order[32];
	enum pg_outcome out;
	json_t *doc, *body;
	const char *key;

	snprintf(order, sizeof order, "baedal-%lld", (long long)c->order_id);
	body = json_pack("{s:s, s:s, s:I}", "paymentKey", c->key, "orderId",
	    order, "amount", (json_int_t)c->amount);
	json_object_set_new(body, c->deposit ? "method" : "card",
	    json_string(c->deposit ? "VIRTUAL_ACCOUNT" : c->card));
	if (c->deposit != NULL && c->deposit->bank_code[0] != '\0')
		json_object_set_new(body, "bank",
		    json_string(c->deposit->bank_code));
	pg_http_call(self, "/v1/payments/confirm", body, c->key, c->timeout_ms,
	    &a, err);
	if (!a.sent)
		out = a.resp.not_sent ? PG_UNAVAILABLE : PG_UNKNOWN;
	else if (a.class == PG_CLASS_OK)
		out = PG_DONE;
	else if (a.resp.status == 429)
		out = PG_UNAVAILABLE;
	else if (a.class == PG_CLASS_TRANSIENT || a.class == PG_CLASS_INFLIGHT)
		out = PG_UNKNOWN;
	else
		out = PG_REFUSED;
	if (out == PG_REFUSED)
		snprintf(err->code, sizeof err->code, "%s", E_PAYMENT_DECLINED);
	if (out == PG_DONE) {
		doc = json_loads(a.resp.body, 0, NULL);
		key = json_string_value(json_object_get(doc, "paymentKey"));
		snprintf(ref, PG_REF_MAX, "%s", key ? key : c->key);
		if (c->deposit != NULL && pg_http_deposit(doc, c->deposit) != 0) {
			out = PG_UNKNOWN; /* issued, maybe: cancel to be sure */
			wire_error_set(err, E_PAYMENT_UNAVAILABLE, "the payment "
			    "gateway issued no usable virtual account");
		} else if (c->deposit != NULL)
			out = PG_WAITING;
		json_decref(doc);
	}
	http_response_free(&a.resp);
	return out;
}

/*
 * Read the payment r cancels: PG_DONE when it shows the cancel landed
 * (CANCELED, or its balanceAmount down to r->balance_after), PG_UNKNOWN
 * when it does not (send the cancel) or the read failed (*sent says
 * which), PG_REFUSED when the gateway knows no such payment.
 */
static enum pg_outcome
pg_http_recheck(const struct payment_gateway *self, const struct pg_refund *r,
    int *sent, struct wire_error *err)
{
	char *path = xasprintf("/v1/payments/%s", r->ref);
	enum pg_outcome out = PG_UNKNOWN;
	struct pg_answer a;
	json_t *doc, *balance;
	const char *status;

	pg_http_call(self, path, NULL, NULL, r->timeout_ms, &a, err);
	*sent = a.sent && (a.class == PG_CLASS_OK ||
	    a.class == PG_CLASS_NOT_FOUND);
	if (a.sent && a.class == PG_CLASS_NOT_FOUND) {
		out = PG_REFUSED;
	} else if (a.sent && a.class == PG_CLASS_OK) {
		doc = json_loads(a.resp.body, 0, NULL);
		status = json_string_value(json_object_get(doc, "status"));
		balance = json_object_get(doc, "balanceAmount");
		if ((status != NULL && strcmp(status, "CANCELED") == 0) ||
		    (json_is_integer(balance) &&
		    json_integer_value(balance) <= r->balance_after))
			out = PG_DONE;
		else if (!json_is_integer(balance))
			*sent = 0; /* not an answer we understand: later */
		json_decref(doc);
	}
	http_response_free(&a.resp);
	free(path);
	return out;
}

static enum pg_outcome
pg_http_refund(const struct payment_gateway *self, const struct pg_refund *r,
    char code[PG_CODE_MAX], struct wire_error *err)
{
	char *path;
	struct pg_answer a;
	enum pg_outcome out;
	json_t *body;
	int sent;

	code[0] = '\0';
	if (r->recheck) {
		out = pg_http_recheck(self, r, &sent, err);
		if (out != PG_UNKNOWN || !sent)
			return out;
	}
	path = xasprintf("/v1/payments/%s/cancel", r->ref);
	body = json_pack("{s:s}", "cancelReason", r->reason);
	if (r->amount > 0)
		json_object_set_new(body, "cancelAmount",
		    json_integer(r->amount));
	if (r->account != NULL)
		json_object_set_new(body, "refundReceiveAccount", json_pack(
		    "{s:s, s:s, s:s}", "bank", r->account->bank,
		    "accountNumber", r->account->number, "holderName",
		    r->account->holder));
	pg_http_call(self, path, body, r->idem_key, r->timeout_ms, &a, err);
	snprintf(code, PG_CODE_MAX, "%s", a.code);
	if (!a.sent)
		out = a.resp.not_sent ? PG_UNAVAILABLE : PG_UNKNOWN;
	else if (a.class == PG_CLASS_OK || a.class == PG_CLASS_CANCELED)
		out = PG_DONE;
	else if (a.class == PG_CLASS_NOT_FOUND)
		out = PG_REFUSED;
	else if (a.class == PG_CLASS_INFLIGHT)
		out = PG_INFLIGHT;
	else if (a.class == PG_CLASS_FINAL)
		out = PG_FINAL;
	else
		out = PG_UNKNOWN;
	http_response_free(&a.resp);
	free(path);
	return out;
}

void
payment_gateway_http(struct payment_gateway *gw, const struct config *cfg)
{
	size_t n;

	memset(gw, 0, sizeof *gw);
	snprintf(gw->url, sizeof gw->url, "%s", cfg->pg_url);
	n = strlen(gw->url);
	while (n > 0 && gw->url[n - 1] == '/')
		gw->url[--n] = '\0';
	gw->name = "http";
	gw->slow = 1;
	gw->secret = cfg->pg_secret;
	gw->approve = pg_http_approve;
	gw->refund = pg_http_refund;
	http_global_init();
	log_info("payment: HTTP gateway at %s", gw->url);
}
