/*
 * payment_http.c: an HTTP payment gateway shaped like Toss Payments'
 * confirm/cancel API (PROTOCOL.md section 6):
 *
 *   approve  POST {pg_url}/v1/payments/confirm
 *            {"paymentKey","orderId","amount","card"}, Idempotency-Key
 *   refund   POST {pg_url}/v1/payments/{paymentKey}/cancel
 *            {"cancelReason"}, Idempotency-Key
 *
 * 2xx is done; another 4xx is a refusal (a declined card; for a cancel,
 * 404 means nothing was charged, and ALREADY_CANCELED_PAYMENT that it was
 * given back already); 408, 5xx, a timeout or a dropped connection leave
 * the outcome unknown; a connection that never opened (refused, no such
 * host) or 429 means the gateway did nothing.
 */
#include "payment_gateway.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "util.h"

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

/* The answer's "code" is code. */
static int
pg_http_code_is(const struct http_response *resp, const char *code)
{
	json_t *doc = resp->body ? json_loads(resp->body, 0, NULL) : NULL;
	const char *c = json_string_value(json_object_get(doc, "code"));
	int is = c != NULL && strcmp(c, code) == 0;

	json_decref(doc);
	return is;
}

/* POST body to base + path; classify the answer (see the top). */
static enum pg_outcome
pg_http_post(const struct payment_gateway *self, const char *path,
    json_t *body /* stolen */, const char *idem_key, long timeout_ms,
    struct http_response *resp, struct wire_error *err)
{
	char *url = xasprintf("%s%s", self->url, path);
	char *text = json_dumps(body, JSON_COMPACT);
	char *idem = xasprintf("Idempotency-Key: %s", idem_key);
	char *auth = self->secret ? http_basic_auth(self->secret, "") : NULL;
	const char *headers[] = { idem, auth, NULL };
	char why[200];
	enum pg_outcome out;

	json_decref(body);
	if (http_post_json(url, text, headers, timeout_ms, resp) != 0) {
		out = resp->not_sent ? PG_UNAVAILABLE : PG_UNKNOWN;
		wire_error_set(err, E_PAYMENT_UNAVAILABLE, "the payment gateway "
		    "%s: %s", resp->timed_out ? "did not answer in time" :
		    "could not be reached", resp->error);
	} else if (resp->status >= 200 && resp->status < 300) {
		out = PG_DONE;
	} else {
		pg_http_reason(resp, why, sizeof why);
		if (resp->status == 429)
			out = PG_UNAVAILABLE;
		else if (resp->status == 408 || resp->status >= 500)
			out = PG_UNKNOWN;
		else
			out = PG_REFUSED;
		wire_error_set(err, out == PG_REFUSED ? E_PAYMENT_DECLINED :
		    E_PAYMENT_UNAVAILABLE, "the payment gateway said %s", why);
	}
	free(url);
	free(text);
	free(idem);
	free(auth);
	return out;
}

static enum pg_outcome
pg_http_approve(const struct payment_gateway *self, const struct pg_charge *c,
    char ref[PG_REF_MAX], struct wire_error *err)
{
	struct http_response resp;
	char order[32];
	enum pg_outcome out;
	json_t *doc;
	const char *key;

	snprintf(order, sizeof order, "baedal-%lld", (long long)c->order_id);
	out = pg_http_post(self, "/v1/payments/confirm", json_pack("{s:s, s:s, "
	    "s:I, s:s}", "paymentKey", c->key, "orderId", order, "amount",
	    (json_int_t)c->amount, "card", c->card), c->key, c->timeout_ms,
	    &resp, err);
	if (out == PG_DONE) {
		doc = json_loads(resp.body, 0, NULL);
		key = json_string_value(json_object_get(doc, "paymentKey"));
		snprintf(ref, PG_REF_MAX, "%s", key ? key : c->key);
		json_decref(doc);
	}
	http_response_free(&resp);
	return out;
}

static enum pg_outcome
pg_http_refund(const struct payment_gateway *self, const struct pg_refund *r,
    struct wire_error *err)
{
	struct http_response resp;
	char *path = xasprintf("/v1/payments/%s/cancel", r->ref);
	char *idem = xasprintf("cancel-%s", r->ref);
	enum pg_outcome out;

	out = pg_http_post(self, path, json_pack("{s:s}", "cancelReason",
	    r->reason), idem, r->timeout_ms, &resp, err);
	if (out == PG_REFUSED && pg_http_code_is(&resp,
	    "ALREADY_CANCELED_PAYMENT"))
		out = PG_DONE;
	else if (out == PG_REFUSED && resp.status != 404)
		out = PG_UNKNOWN; /* a cancel is never "declined": retry */
	http_response_free(&resp);
	free(path);
	free(idem);
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
