/*
 * http.c: blocking HTTP POSTs over libcurl (see http.h).
 */
#include "http.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign.h"
#include "util.h"

#define HTTP_USER_AGENT "baedal/" BAEDAL_VERSION

static pthread_once_t http_once = PTHREAD_ONCE_INIT;
static CURLcode http_init_code = CURLE_OK;

static void
http_init_once(void)
{
	http_init_code = curl_global_init(CURL_GLOBAL_DEFAULT);
	if (http_init_code != CURLE_OK)
		log_error("http: curl_global_init: %s",
		    curl_easy_strerror(http_init_code));
}

void
http_global_init(void)
{
	pthread_once(&http_once, http_init_once);
}

/* Collects the answer, keeping at most HTTP_BODY_MAX bytes. */
struct http_sink {
	char *buf;
	size_t len, cap;
	int truncated;
};

static size_t
http_sink_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct http_sink *s = arg;
	size_t n = size * nmemb, room = HTTP_BODY_MAX - s->len;

	if (n > room) {
		n = room;
		s->truncated = 1;
	}
	if (s->len + n + 1 > s->cap) {
		while (s->len + n + 1 > s->cap)
			s->cap = s->cap ? s->cap * 2 : 4096;
		if (s->cap > HTTP_BODY_MAX + 1)
			s->cap = HTTP_BODY_MAX + 1;
		s->buf = xrealloc(s->buf, s->cap);
	}
	memcpy(s->buf + s->len, data, n);
	s->len += n;
	s->buf[s->len] = '\0';
	/* Returning less than given makes curl stop with CURLE_WRITE_ERROR. */
	return s->truncated ? n : size * nmemb;
}

static void
http_fail(struct http_response *resp, const char *what)
{
	snprintf(resp->error, sizeof resp->error, "%s", what);
}

/* Did the transfer end before a single request byte was sent? */
static int
http_never_sent(CURL *curl, CURLcode rc)
{
	long req_size = 0;

	switch (rc) {
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		return 1;
	default:
		break;
	}
	if (curl_easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &req_size) != CURLE_OK)
		return 0;
	return req_size == 0;
}

static struct curl_slist *
http_header_list(const char *content_type, const char *const *headers)
{
	struct curl_slist *list = NULL, *next;
	char *ctype = xasprintf("Content-Type: %s", content_type);
	const char *fixed[] = { ctype, "Accept: application/json", "Expect:" };
	size_t i;

	for (i = 0; i < ARRAY_LEN(fixed); i++) {
		if ((next = curl_slist_append(list, fixed[i])) == NULL)
			goto oom;
		list = next;
	}
	for (i = 0; headers != NULL && headers[i] != NULL; i++) {
		if ((next = curl_slist_append(list, headers[i])) == NULL)
			goto oom;
		list = next;
	}
	free(ctype);
	return list;
oom:
	free(ctype);
	curl_slist_free_all(list);
	return NULL;
}

static void
http_setup(CURL *curl, const char *url, const char *body,
    struct curl_slist *list, long timeout_ms, struct http_sink *sink,
    char *errbuf)
{
	long connect_ms = timeout_ms < HTTP_CONNECT_TIMEOUT_MS ?
	    timeout_ms : HTTP_CONNECT_TIMEOUT_MS;

	curl_easy_setopt(curl, CURLOPT_URL, url);
	if (body != NULL) {
		curl_easy_setopt(curl, CURLOPT_POST, 1L);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	} else
		curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, HTTP_USER_AGENT);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500 /* 7.85.0 */
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS,
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, http_sink_write);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, sink);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
}

/* The one call behind http_post_json, http_post_form and http_get: a
 * POST of body, or a GET when body is NULL. */
static int
http_call(const char *url, const char *content_type, const char *body,
    const char *const *headers, long timeout_ms, struct http_response *resp)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct http_sink sink = { NULL, 0, 0, 0 };
	struct curl_slist *list;
	CURL *curl;
	CURLcode rc;

	memset(resp, 0, sizeof *resp);
	http_global_init();
	if (http_init_code != CURLE_OK) {
		http_fail(resp, "libcurl failed to initialise");
		resp->not_sent = 1;
		return -1;
	}
	if (url == NULL || *url == '\0') {
		http_fail(resp, "no URL");
		resp->not_sent = 1;
		return -1;
	}
	if (timeout_ms <= 0)
		timeout_ms = HTTP_TIMEOUT_DEFAULT_MS;
	if ((curl = curl_easy_init()) == NULL) {
		http_fail(resp, "curl_easy_init failed");
		resp->not_sent = 1;
		return -1;
	}
	if ((list = http_header_list(content_type, headers)) == NULL) {
		curl_easy_cleanup(curl);
		http_fail(resp, "out of memory building headers");
		resp->not_sent = 1;
		return -1;
	}
	http_setup(curl, url, body, list, timeout_ms, &sink, errbuf);
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp->status);

	if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && sink.truncated &&
	    resp->status != 0)) {
		resp->body = sink.buf ? sink.buf : xstrdup("");
		resp->len = sink.len;
		resp->truncated = sink.truncated;
	} else {
		free(sink.buf);
		resp->status = 0;
		resp->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
		resp->not_sent = http_never_sent(curl, rc);
		http_fail(resp, *errbuf ? errbuf : curl_easy_strerror(rc));
	}
	curl_slist_free_all(list);
	curl_easy_cleanup(curl);
	return resp->body != NULL ? 0 : -1;
}

int
http_post_json(const char *url, const char *body, const char *const *headers,
    long timeout_ms, struct http_response *resp)
{
	return http_call(url, "application/json", body ? body : "", headers,
	    timeout_ms, resp);
}

int
http_get(const char *url, const char *const *headers, long timeout_ms,
    struct http_response *resp)
{
	return http_call(url, "application/json", NULL, headers, timeout_ms,
	    resp);
}

int
http_post_form(const char *url, const char *body, const char *const *headers,
    long timeout_ms, struct http_response *resp)
{
	return http_call(url, "application/x-www-form-urlencoded", body ?
	    body : "", headers, timeout_ms, resp);
}

/* Append s to out (which has room: 3 bytes per input byte), form-encoded. */
static char *
form_escape(char *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~*", *p) != NULL) {
			*out++ = (char)*p;
		} else if (*p == ' ') {
			*out++ = '+';
		} else {
			*out++ = '%';
			*out++ = hex[*p >> 4];
			*out++ = hex[*p & 0xf];
		}
	}
	return out;
}

char *
http_form_encode(const char *const *pairs)
{
	size_t i, need = 1;
	char *buf, *out;

	for (i = 0; pairs != NULL && pairs[i] != NULL; i++)
		need += strlen(pairs[i]) * 3 + 1;
	buf = out = xmalloc(need);
	for (i = 0; pairs != NULL && pairs[i] != NULL; i++) {
		if (i > 0)
			*out++ = (i % 2) ? '=' : '&';
		out = form_escape(out, pairs[i]);
	}
	if (i % 2) /* a name without a value: "name=" */
		*out++ = '=';
	*out = '\0';
	return buf;
}

char *
http_basic_auth(const char *user, const char *password)
{
	char *plain = xasprintf("%s:%s", user ? user : "",
	    password ? password : "");
	char *enc = sign_base64(plain, strlen(plain));
	char *line = xasprintf("Authorization: Basic %s", enc);

	free(enc);
	free(plain);
	return line;
}

void
http_response_free(struct http_response *resp)
{
	if (resp == NULL)
		return;
	free(resp->body);
	memset(resp, 0, sizeof *resp);
}
