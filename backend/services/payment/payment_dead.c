/*
 * payment_dead.c: the dead-letter queue of refunds the gateway refused for
 * good (NOT_CANCELABLE_PAYMENT and the like, payment_classify.c).
 *
 * A refund refused for good stops being sent (its refunds row is 'dead';
 * the payment stays REFUNDING, or APPROVED for a part) and a row here says
 * why. An administrator then either retries it (payment.retry: the refund
 * is due again, and the payment is read first, since the gateway's state
 * is not known) or resolves it (payment.resolve with a note: it was
 * settled outside baedal; a whole refund's payment becomes RESOLVED, a
 * part's balance goes down by it, and no cancel is sent again). Both are done once: a dead letter that is not
 * open any more is invalid_state.
 */
#include "payment_int.h"

#include <string.h>

#include "util.h"

#define PAY_DEAD_LIST_DEFAULT 50
#define PAY_DEAD_LIST_MAX 200
#define PAY_NOTE_MAX 500
/* A dead letter as the admin sees it; the condition follows. */
#define PAY_DEAD_SELECT "SELECT d.id, d.refund_id, d.order_id, " \
    "p.payment_id, r.amount, d.code, d.message, d.state, d.note, " \
    "d.handled_by, d.handled_at, d.created_at FROM payment_dead d " \
    "JOIN refunds r ON r.id = d.refund_id JOIN payments p ON " \
    "p.order_id = d.order_id WHERE "

int
payment_dead_add(struct svc *svc, int64_t refund_id, int64_t order_id,
    const char *code, const char *message)
{
	return db_do(svc_db(svc), "INSERT INTO payment_dead(refund_id, "
	    "order_id, code, message, created_at) VALUES (?,?,nullif(?,''),"
	    "?,?)", "iissi", refund_id, order_id, code, message, now_ms()) ==
	    1 ? 0 : -1;
}

/* One dead letter as the admin sees it (owned), or NULL. */
static json_t *
dead_load(struct db *db, int64_t id)
{
	return db_row(db, PAY_DEAD_SELECT "d.id = ?", "i", id);
}

int
payment_dead_list(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	struct db *db = svc_db(svc);
	const char *state = "open";
	int64_t limit = PAY_DEAD_LIST_DEFAULT;
	json_t *items;

	(void)req;
	if (wire_get_str(body, "state", 0, &state, err) != 0 ||
	    wire_get_int(body, "limit", 0, 1, PAY_DEAD_LIST_MAX, &limit,
	    err) != 0)
		return -1;
	if (strcmp(state, "open") != 0 && strcmp(state, "retried") != 0 &&
	    strcmp(state, "resolved") != 0 && strcmp(state, "all") != 0)
		return wire_error_set(err, E_BAD_REQUEST, "state: open, "
		    "retried, resolved or all");
	items = db_rows(db, PAY_DEAD_SELECT "?1 = 'all' OR d.state = ?1 "
	    "ORDER BY d.id DESC LIMIT ?2", "si", state, limit);
	if (items == NULL)
		return wire_error_set(err, E_INTERNAL, "cannot read the "
		    "dead letters");
	*result = json_pack("{s:{s:I, s:I, s:I}, s:o}", "counts",
	    "open", (json_int_t)db_int(db, 0, "SELECT count(*) FROM "
	    "payment_dead WHERE state = 'open'", NULL),
	    "retried", (json_int_t)db_int(db, 0, "SELECT count(*) FROM "
	    "payment_dead WHERE state = 'retried'", NULL),
	    "resolved", (json_int_t)db_int(db, 0, "SELECT count(*) FROM "
	    "payment_dead WHERE state = 'resolved'", NULL), "items", items);
	return 0;
}

/* The open dead letter body's "id" names, into *row (owned); -1 with
 * bad_request, not_found or invalid_state. */
static int
dead_open(struct svc *svc, const json_t *body, json_t **row,
    struct wire_error *err)
{
	int64_t id = 0;

	if (wire_get_int(body, "id", 1, 1, INT64_MAX, &id, err) != 0)
		return -1;
	if ((*row = dead_load(svc_db(svc), id)) == NULL)
		return wire_error_set(err, E_NOT_FOUND, "no dead letter %lld",
		    (long long)id);
	if (strcmp(wire_str(*row, "state", ""), "open") != 0) {
		wire_error_set(err, E_INVALID_STATE, "dead letter %lld is "
		    "%s already", (long long)id, wire_str(*row, "state", ""));
		json_decref(*row);
		*row = NULL;
		return -1;
	}
	return 0;
}

/* Mark dead letter row state (retried, resolved) by the caller; answer
 * it as it is now. */
static int
dead_close(struct svc *svc, struct svc_req *req, const json_t *row,
    const char *state, const char *note, json_t **result,
    struct wire_error *err)
{
	int64_t id = wire_int(row, "id", 0);

	if (db_do(svc_db(svc), "UPDATE payment_dead SET state = ?, note = ?, "
	    "handled_by = ?, handled_at = ? WHERE id = ? AND state = 'open'",
	    "sssii", state, note, svc_req_caller(req)->user, now_ms(), id) != 1
	    || (*result = dead_load(svc_db(svc), id)) == NULL)
		return wire_error_set(err, E_INTERNAL, "the dead letter could "
		    "not be updated");
	return 0;
}

int
payment_dead_retry(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *note = NULL;
	json_t *row = NULL;
	int rc;

	if (wire_get_str(body, "note", 0, &note, err) != 0 ||
	    dead_open(svc, body, &row, err) != 0)
		return -1;
	if (db_do(svc_db(svc), "UPDATE refunds SET state = 'due', recheck = 1,"
	    " attempts = 0, next_at = ? WHERE id = ? AND state = 'dead'", "ii",
	    now_ms(), wire_int(row, "refund_id", 0)) != 1)
		rc = wire_error_set(err, E_INTERNAL, "the refund could not be "
		    "owed again");
	else
		rc = dead_close(svc, req, row, "retried", note, result, err);
	json_decref(row);
	if (rc == 0)
		payment_refunds_run(svc, now_ms());
	return rc;
}

int
payment_dead_resolve(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err)
{
	struct db *db = svc_db(svc);
	const char *note = NULL;
	json_t *row = NULL;
	int rc;

	if (wire_get_str(body, "note", 1, &note, err) != 0)
		return -1;
	if (*note == '\0' || strlen(note) > PAY_NOTE_MAX)
		return wire_error_set(err, E_BAD_REQUEST, "note: 1-%d bytes",
		    PAY_NOTE_MAX);
	if (dead_open(svc, body, &row, err) != 0)
		return -1;
	/* A whole refund: the payment is RESOLVED. A part: it was given
	 * back outside baedal, so the balance goes down by it (never below
	 * 0). */
	if (db_do(db, "UPDATE refunds SET state = 'resolved' WHERE id = ? AND "
	    "state = 'dead'", "i", wire_int(row, "refund_id", 0)) != 1 ||
	    (json_is_null(json_object_get(row, "amount")) ? db_do(db,
	    "UPDATE payments SET status = 'RESOLVED', updated_at = ? WHERE "
	    "order_id = ? AND status = 'REFUNDING'", "ii", now_ms(),
	    wire_int(row, "order_id", 0)) : db_do(db, "UPDATE payments SET "
	    "balance = max(0, balance - ?), updated_at = ? WHERE order_id = ?",
	    "iii", wire_int(row, "amount", 0), now_ms(), wire_int(row,
	    "order_id", 0))) < 0)
		rc = wire_error_set(err, E_INTERNAL, "the refund could not be "
		    "resolved");
	else
		rc = dead_close(svc, req, row, "resolved", note, result, err);
	json_decref(row);
	return rc;
}
