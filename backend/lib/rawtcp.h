/*
 * rawtcp.h: one-shot delivery of a byte stream over plain TCP, as
 * networked receipt printers take it on port 9100 ("raw" or JetDirect
 * printing): connect, write everything, half-close, wait for the peer to
 * close. Blocking with deadlines; meant for a worker thread (worker.h).
 */
#ifndef BAEDAL_RAWTCP_H
#define BAEDAL_RAWTCP_H

#include <stddef.h>

enum rawtcp_result {
	RAWTCP_SENT = 0,     /* every byte was written (see rawtcp_send) */
	RAWTCP_UNSENT = -1,  /* nothing reached the peer: name, refused,
	                      * connect timeout */
	RAWTCP_PARTIAL = -2, /* connected, but not every byte was written */
};

/*
 * Send len bytes of data to host:port. Connecting may take up to
 * connect_ms; writing and then waiting for the peer to close up to io_ms
 * in all. A peer that takes everything but does not close within io_ms
 * still counts as RAWTCP_SENT (the raw protocol has no answer to wait
 * for); one that resets the connection instead of closing it did not
 * read everything (RAWTCP_PARTIAL). On failure err (errlen bytes) says why. Never raises SIGPIPE.
 */
enum rawtcp_result rawtcp_send(const char *host, int port, const void *data,
    size_t len, int connect_ms, int io_ms, char *err, size_t errlen);

#endif
