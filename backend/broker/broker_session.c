/*
 * broker_session.c: finding a session and sending to it, the floor that
 * broker.c, broker_route.c and broker_events.c all stand on.
 */
#include "broker_int.h"

#include "client.h"
#include "util.h"

struct session *
broker_session(struct broker *b, const char *key)
{
	return map_get(b->sessions, key);
}

int
broker_send(struct broker *b, struct session *s, json_t *msg)
{
	void *sock = s->door == DOOR_FRONT ? b->front : b->back;
	int rc = client_frame_send(sock, s->rid, s->rid_len, s->req_style, msg);

	if (rc == 0)
		s->last_tx = mono_ms();
	return rc;
}

int
broker_send_bytes(struct broker *b, struct session *s, const char *buf,
    size_t len)
{
	void *sock = s->door == DOOR_FRONT ? b->front : b->back;
	int rc = client_bytes_send(sock, s->rid, s->rid_len, s->req_style, buf,
	    len);

	if (rc == 0)
		s->last_tx = mono_ms();
	return rc;
}

void
broker_send_error(struct broker *b, struct session *s, const char *id,
    const struct wire_error *err)
{
	broker_send(b, s, id ? wire_reply_error(id, err) : wire_error_msg(err));
}
