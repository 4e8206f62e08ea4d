/*
 * http.h: the few HTTP calls baedal makes (payment gateway, notification
 * webhook, message dealer), as a small blocking libcurl wrapper.
 *
 * Every call uses its own curl handle, so calls from different threads
 * are independent. Signals are never used (CURLOPT_NOSIGNAL), proxies are
 * ignored (CURLOPT_NOPROXY "*"), redirects are not followed, only http and
 * https are spoken, and "Expect: 100-continue" is never sent.
 */
#ifndef BAEDAL_HTTP_H
#define BAEDAL_HTTP_H

#include <stddef.h>

#define HTTP_BODY_MAX (256 * 1024)     /* response bytes kept; more: cut */
#define HTTP_TIMEOUT_DEFAULT_MS 10000  /* when a call passes timeout 0 */
#define HTTP_CONNECT_TIMEOUT_MS 2000   /* connect phase, at most */

struct http_response {
	long status;      /* HTTP status (0 when no answer came) */
	char *body;       /* NUL-terminated, owned; NULL when no answer */
	size_t len;       /* bytes in body, NUL not counted */
	int truncated;    /* the answer was longer than HTTP_BODY_MAX */
	int timed_out;    /* -1 because the deadline passed */
	int not_sent;     /* -1 and the request surely never reached the
	                     server (name lookup or connect failed) */
	char error[128];  /* -1: short reason; "" on success */
};

/*
 * Initialise libcurl once per process (curl_global_init); thread-safe
 * (pthread_once) and idempotent. The http_post_* calls make it
 * themselves; calling it early from main, before threads start, is
 * still good practice.
 */
void http_global_init(void);

/*
 * POST body (NULL: empty) to url as Content-Type: application/json and
 * wait at most timeout_ms (<= 0: HTTP_TIMEOUT_DEFAULT_MS) for the whole
 * exchange. headers is NULL or a NULL-terminated list of extra header
 * lines ("Authorization: Basic ...", "Idempotency-Key: ..."); they are
 * copied. resp is always filled from scratch and must later be given to
 * http_response_free.
 * Returns 0 when an HTTP answer came, whatever its status: resp->status,
 * resp->body (a body longer than HTTP_BODY_MAX is cut there, with
 * resp->truncated set). Returns -1 when none came (timeout, connection
 * refused, reset, empty reply, bad URL): resp->error says why,
 * resp->timed_out and resp->not_sent tell a deadline and a request that
 * never left apart from the rest (after a timeout the server may well
 * have acted on the request).
 */
int http_post_json(const char *url, const char *body,
    const char *const *headers, long timeout_ms, struct http_response *resp);

/*
 * The same as http_post_json with Content-Type:
 * application/x-www-form-urlencoded; body is already encoded (see
 * http_form_encode).
 */
int http_post_form(const char *url, const char *body,
    const char *const *headers, long timeout_ms, struct http_response *resp);

/*
 * GET url, with the same headers, timeout, answer and return value as
 * http_post_json (the Content-Type line is sent but means nothing).
 */
int http_get(const char *url, const char *const *headers, long timeout_ms,
    struct http_response *resp);

/*
 * Encode a NULL-terminated list of name, value, name, value, ... strings
 * as "name=value&name=value", percent-encoded for
 * application/x-www-form-urlencoded (space as '+'). Returns a new string,
 * the caller's to free; never NULL.
 */
char *http_form_encode(const char *const *pairs);

/*
 * "Authorization: Basic base64(user:password)" as a header line for the
 * headers list (Toss-style gateways take the secret key as the user and
 * an empty password). Returns a new string, the caller's to free.
 */
char *http_basic_auth(const char *user, const char *password);

/* Free resp->body and clear resp; accepts NULL. The struct is the caller's. */
void http_response_free(struct http_response *resp);

#endif
