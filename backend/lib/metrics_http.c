/*
 * metrics_http.c: GET /metrics over plain HTTP (see metrics_http.h).
 */
#include "metrics_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

#define METRICS_TIMEOUT_S 10

static struct MHD_Daemon *daemon_;

static enum MHD_Result
answer(struct MHD_Connection *c, unsigned status, char *text /* stolen */,
    const char *type)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text),
	    text, MHD_RESPMEM_MUST_FREE);
	enum MHD_Result rc;

	MHD_add_response_header(r, "Content-Type", type);
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)version;
	(void)upload;
	(void)upload_size;
	(void)con_cls;
	if (strcmp(url, "/metrics") != 0)
		return answer(c, MHD_HTTP_NOT_FOUND,
		    strdup("not found: the metrics are at /metrics\n"),
		    "text/plain");
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return answer(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    strdup("GET only\n"), "text/plain");
	return answer(c, MHD_HTTP_OK, metrics_render(),
	    "text/plain; version=0.0.4; charset=utf-8");
}

int
metrics_bind_parse(const char *bind, char *host, int *port, char *err,
    size_t errlen)
{
	const char *colon = strrchr(bind, ':'), *p = colon ? colon + 1 : bind;
	struct in_addr a;
	char *end;
	long n;

	snprintf(host, 16, "127.0.0.1");
	if (colon != NULL) {
		if (colon - bind < 7 || colon - bind > 15) {
			snprintf(err, errlen, "--metrics-bind takes [HOST:]PORT "
			    "with an IPv4 HOST, not '%s'", bind);
			return -1;
		}
		snprintf(host, 16, "%.*s", (int)(colon - bind), bind);
		if (inet_pton(AF_INET, host, &a) != 1) {
			snprintf(err, errlen, "--metrics-bind: '%s' is not an "
			    "IPv4 address", host);
			return -1;
		}
	}
	errno = 0;
	n = strtol(p, &end, 10);
	if (*p == '\0' || *end != '\0' || errno != 0 || n < 1 || n > 65535) {
		snprintf(err, errlen, "--metrics-bind: the port is 1 to 65535, "
		    "not '%s'", p);
		return -1;
	}
	*port = (int)n;
	return 0;
}

int
metrics_http_start(const char *bind, char *err, size_t errlen)
{
	struct sockaddr_in addr;
	char host[16];
	int port;

	if (metrics_bind_parse(bind, host, &port, err, errlen) != 0)
		return -1;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, host, &addr.sin_addr);
	daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD,
	    (uint16_t)port, NULL, NULL, handle, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)METRICS_TIMEOUT_S,
	    MHD_OPTION_END);
	if (daemon_ == NULL) {
		snprintf(err, errlen, "cannot serve metrics on http://%s:%d "
		    "(is the port taken?)", host, port);
		return -1;
	}
	return 0;
}

void
metrics_http_stop(void)
{
	if (daemon_ != NULL)
		MHD_stop_daemon(daemon_);
	daemon_ = NULL;
}
