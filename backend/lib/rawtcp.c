/*
 * rawtcp.c: a byte stream to a raw TCP port, with deadlines (rawtcp.h).
 */
#include "rawtcp.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int64_t
rawtcp_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait until fd is ready for events or the deadline (mono ms) passes.
 * Returns 1 ready, 0 timed out, -1 error. */
static int
rawtcp_wait(int fd, short events, int64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	int64_t left;
	int rc;

	for (;;) {
		if ((left = deadline - rawtcp_now()) <= 0)
			return 0;
		rc = poll(&p, 1, (int)left);
		if (rc > 0)
			return 1;
		if (rc == 0)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

/* A connected non-blocking socket to one address, or -1 with err. */
static int
rawtcp_connect(const struct addrinfo *ai, int connect_ms, char *err,
    size_t errlen)
{
	int fd, soerr = 0, rc;
	socklen_t sl = sizeof soerr;

	if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
	    ai->ai_protocol)) < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		snprintf(err, errlen, "connect: %s", strerror(errno));
		close(fd);
		return -1;
	}
	rc = rawtcp_wait(fd, POLLOUT, rawtcp_now() + connect_ms);
	if (rc == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0
	    && soerr == 0)
		return fd;
	snprintf(err, errlen, "connect: %s", rc == 0 ? "timed out" :
	    strerror(soerr ? soerr : errno));
	close(fd);
	return -1;
}

/* Write everything before the deadline. Returns 0 or -1 with err. */
static int
rawtcp_write_all(int fd, const unsigned char *p, size_t len,
    int64_t deadline, char *err, size_t errlen)
{
	ssize_t n;
	int rc;

	while (len > 0) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR) {
			snprintf(err, errlen, "send: %s", strerror(errno));
			return -1;
		}
		if ((rc = rawtcp_wait(fd, POLLOUT, deadline)) != 1) {
			snprintf(err, errlen, "send: %s", rc == 0 ?
			    "timed out" : strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* After a half-close: read until the peer closes or the deadline.
 * Returns 0, or -1 with err when the peer reset the connection (it shut
 * before reading everything). */
static int
rawtcp_drain(int fd, int64_t deadline, char *err, size_t errlen)
{
	char buf[256];
	ssize_t n;

	while (rawtcp_wait(fd, POLLIN, deadline) == 1) {
		n = recv(fd, buf, sizeof buf, 0);
		if (n == 0)
			return 0;
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			snprintf(err, errlen, "recv: %s", strerror(errno));
			return -1;
		}
	}
	return 0;
}

enum rawtcp_result
rawtcp_send(const char *host, int port, const void *data, size_t len,
    int connect_ms, int io_ms, char *err, size_t errlen)
{
	struct addrinfo hints, *res = NULL, *ai;
	char service[16];
	int fd = -1, rc;
	int64_t deadline;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(service, sizeof service, "%d", port);
	if ((rc = getaddrinfo(host, service, &hints, &res)) != 0) {
		snprintf(err, errlen, "%s: %s", host, gai_strerror(rc));
		return RAWTCP_UNSENT;
	}
	for (ai = res; ai != NULL && fd < 0; ai = ai->ai_next)
		fd = rawtcp_connect(ai, connect_ms, err, errlen);
	freeaddrinfo(res);
	if (fd < 0)
		return RAWTCP_UNSENT;
	deadline = rawtcp_now() + io_ms;
	if (rawtcp_write_all(fd, data, len, deadline, err, errlen) != 0) {
		close(fd);
		return RAWTCP_PARTIAL;
	}
	shutdown(fd, SHUT_WR);
	rc = rawtcp_drain(fd, deadline, err, errlen);
	close(fd);
	return rc == 0 ? RAWTCP_SENT : RAWTCP_PARTIAL;
}
