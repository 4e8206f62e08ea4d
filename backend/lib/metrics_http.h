/*
 * metrics_http.h: the Prometheus endpoint (--metrics-bind): plain HTTP,
 * GET /metrics answers metrics_render() as text/plain; version=0.0.4.
 * One per process, run by libmicrohttpd's own thread.
 */
#ifndef BAEDAL_METRICS_HTTP_H
#define BAEDAL_METRICS_HTTP_H

#include <stddef.h>

/*
 * Parse bind, "[HOST:]PORT" (HOST an IPv4 address, 127.0.0.1 when left
 * out; PORT 1-65535), into host (16 bytes) and *port. 0, or -1 with a
 * sentence in err (errlen bytes).
 */
int metrics_bind_parse(const char *bind, char *host, int *port, char *err,
    size_t errlen);

/* Serve the endpoint on bind (see metrics_bind_parse) from now on.
 * 0, or -1 with a sentence in err (bad address, port taken). */
int metrics_http_start(const char *bind, char *err, size_t errlen);

/* Stop serving (nothing when not started). */
void metrics_http_stop(void);

#endif
