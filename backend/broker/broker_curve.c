/*
 * broker_curve.c: CURVE on the broker's TCP endpoints.
 *
 * The server's key pair lives in the data directory: server.key (the
 * secret, Z85) and server.pub (the public key, Z85, for clients on this
 * machine and to hand to others), both mode 0600 and made on first
 * start. A door bound to tcp:// is a CURVE server unless --insecure;
 * ipc and inproc are left as they are (the file system and the process
 * guard them). The ZAP handler lets in CURVE peers only: who they are is
 * decided by the token of their hello, the encryption is what CURVE adds.
 */
#include "broker_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#include "util.h"

#define ZAP_ENDPOINT "inproc://zeromq.zap.01"
#define Z85_KEY 40

/* Read a Z85 key (40 characters) from path into key[41]. 0 or -1. */
static int
key_read(const char *path, char *key)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (f == NULL)
		return -1;
	ok = fread(key, 1, Z85_KEY, f) == Z85_KEY;
	fclose(f);
	key[Z85_KEY] = '\0';
	return ok ? 0 : -1;
}

/* Write key and a newline to path, mode 0600, replacing it. 0 or -1. */
static int
key_write(const char *path, const char *key)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, key, Z85_KEY) == Z85_KEY && write(fd, "\n", 1) == 1 &&
	    fsync(fd) == 0;
	return close(fd) == 0 && ok ? 0 : -1;
}

int
curve_keys(const char *home, char *secret, char *public)
{
	char *spath = xasprintf("%s/server.key", home);
	char *ppath = xasprintf("%s/server.pub", home);
	char stored[Z85_KEY + 1];
	int rc = -1;

	if (key_read(spath, secret) == 0) {
		if (zmq_curve_public(public, secret) != 0)
			log_error("%s holds no CURVE secret key", spath);
		else if (key_read(ppath, stored) == 0 &&
		    strcmp(public, stored) == 0)
			rc = 0;
		else if (key_write(ppath, public) == 0)
			rc = 0; /* the public half, written again */
		else
			log_error("cannot write %s: %s", ppath, strerror(errno));
	} else if (zmq_curve_keypair(public, secret) != 0) {
		log_error("cannot make a CURVE key pair: %s", zmq_strerror(errno));
	} else if (key_write(spath, secret) != 0 || key_write(ppath, public) != 0) {
		log_error("cannot write the server's keys in %s: %s", home,
		    strerror(errno));
	} else {
		log_info("made the server's CURVE key pair: %s (public: %s)",
		    ppath, public);
		rc = 0;
	}
	free(spath);
	free(ppath);
	return rc;
}

int
curve_server(void *sock, const char *secret)
{
	int one = 1;

	return zmq_setsockopt(sock, ZMQ_CURVE_SERVER, &one, sizeof one) ||
	    zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, secret, Z85_KEY) ||
	    zmq_setsockopt(sock, ZMQ_ZAP_DOMAIN, "baedal", 6) ? -1 : 0;
}

void *
zap_new(void *ctx)
{
	void *sock = zmq_socket(ctx, ZMQ_REP);
	int zero = 0;

	zmq_setsockopt(sock, ZMQ_LINGER, &zero, sizeof zero);
	if (zmq_bind(sock, ZAP_ENDPOINT) != 0) {
		log_error("cannot start the ZAP handler: %s",
		    zmq_strerror(errno));
		zmq_close(sock);
		return NULL;
	}
	return sock;
}

/* Frame i of a ZAP request as a string into buf (cut to fit). */
static void
zap_frame(zmq_msg_t *parts, int n, int i, char *buf, size_t size)
{
	size_t len = i < n ? zmq_msg_size(&parts[i]) : 0;

	if (len >= size)
		len = size - 1;
	if (len > 0)
		memcpy(buf, zmq_msg_data(&parts[i]), len);
	buf[len] = '\0';
}

int
zap_handle(struct broker *b, void *sock)
{
	zmq_msg_t parts[8];
	char version[8], reqid[64], domain[32], address[64], mech[16];
	int n = 0, more = 1, i, ok, handled = 0;

	while (zmq_msg_init(&parts[0]) == 0 &&
	    zmq_msg_recv(&parts[0], sock, ZMQ_DONTWAIT) >= 0) {
		n = 1;
		more = zmq_msg_more(&parts[0]);
		while (more) {
			zmq_msg_t *p = &parts[n < 8 ? n : 7];

			if (n >= 8)
				zmq_msg_close(p);
			zmq_msg_init(p);
			if (zmq_msg_recv(p, sock, 0) < 0)
				break;
			more = zmq_msg_more(p);
			if (n < 8)
				n++;
		}
		zap_frame(parts, n, 0, version, sizeof version);
		zap_frame(parts, n, 1, reqid, sizeof reqid);
		zap_frame(parts, n, 2, domain, sizeof domain);
		zap_frame(parts, n, 3, address, sizeof address);
		zap_frame(parts, n, 5, mech, sizeof mech);
		ok = strcmp(version, "1.0") == 0 && strcmp(mech, "CURVE") == 0;
		if (ok)
			b->curve_ok++;
		else {
			b->curve_refused++;
			log_warn("refused a %s connection from %s (only CURVE)",
			    mech, address);
		}
		zmq_send(sock, "1.0", 3, ZMQ_SNDMORE);
		zmq_send(sock, reqid, strlen(reqid), ZMQ_SNDMORE);
		zmq_send(sock, ok ? "200" : "400", 3, ZMQ_SNDMORE);
		zmq_send(sock, ok ? "OK" : "CURVE only", ok ? 2 : 10,
		    ZMQ_SNDMORE);
		zmq_send(sock, "", 0, ZMQ_SNDMORE);
		zmq_send(sock, "", 0, 0);
		for (i = 0; i < n; i++)
			zmq_msg_close(&parts[i]);
		handled++;
	}
	zmq_msg_close(&parts[0]);
	return handled;
}
