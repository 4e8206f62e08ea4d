/*
 * view_address.c: saved delivery addresses (see view_address.h). One
 * row per (customer, label); is_default marks the one the checkout picks.
 * Every statement is keyed by the caller's user name as the broker
 * vouches for it, so another customer's rows are never read or changed.
 */
#include "view_address.h"

#include <string.h>

#include "text_check.h"
#include "util.h"

static const char view_address_schema[] =
    "CREATE TABLE IF NOT EXISTS addresses ("
    " customer_id TEXT NOT NULL, label TEXT NOT NULL,"
    " address TEXT NOT NULL, is_default INTEGER NOT NULL DEFAULT 0,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    " PRIMARY KEY (customer_id, label));";

int
view_address_migrate(struct svc *svc)
{
	return db_exec(svc_db(svc), view_address_schema);
}

/* The caller's list: {"addresses":[…],"default","max"}. NULL with err. */
static json_t *
address_list(struct db *db, const char *user, struct wire_error *err)
{
	json_t *rows, *row, *dflt = json_null();
	size_t i;

	rows = db_rows(db, "SELECT label, address, is_default, updated_at "
	    "FROM addresses WHERE customer_id = ? ORDER BY created_at, "
	    "rowid", "s", user);
	if (rows == NULL) {
		wire_error_set(err, E_INTERNAL, "cannot read addresses");
		return NULL;
	}
	json_array_foreach(rows, i, row) {
		int on = wire_int(row, "is_default", 0) != 0;

		json_object_set_new(row, "default", json_boolean(on));
		json_object_del(row, "is_default");
		if (on) {
			json_decref(dflt);
			dflt = json_deep_copy(json_object_get(row, "label"));
		}
	}
	return json_pack("{s:o, s:o, s:i}", "addresses", rows, "default",
	    dflt, "max", ADDR_MAX_COUNT);
}

/* Finish a change: the list into *result, or -1 when storage failed. */
static int
address_done(struct svc *svc, const char *user, int rc, json_t **result,
    struct wire_error *err)
{
	if (rc < 0)
		return wire_error_set(err, E_INTERNAL, "cannot store addresses");
	*result = address_list(svc_db(svc), user, err);
	return *result != NULL ? 0 : -1;
}

/* The "label" member, checked. 0 / -1 with err. */
static int
address_label(const json_t *body, const char **label, struct wire_error *err)
{
	if (wire_get_str(body, "label", 1, label, err) != 0)
		return -1;
	return text_check(*label, "label", ADDR_MAX_LABEL, err);
}

/* Make label the caller's only default. Returns rows changed or -1. */
static int
address_make_default(struct db *db, const char *user, const char *label)
{
	if (db_do(db, "UPDATE addresses SET is_default = 0 WHERE "
	    "customer_id = ? AND label <> ?", "ss", user, label) < 0)
		return -1;
	return db_do(db, "UPDATE addresses SET is_default = 1 WHERE "
	    "customer_id = ? AND label = ?", "ss", user, label);
}

int
view_addresses(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	(void)body;
	*result = address_list(svc_db(svc), svc_req_caller(req)->user, err);
	return *result != NULL ? 0 : -1;
}

int
view_address_save(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	struct db *db = svc_db(svc);
	const char *user = svc_req_caller(req)->user, *label, *address;
	int dflt = 0, rc;
	int64_t now = now_ms(), n, have;

	if (address_label(body, &label, err) != 0 ||
	    wire_get_str(body, "address", 1, &address, err) != 0 ||
	    text_check(address, "address", ADDR_MAX_CHARS, err) != 0 ||
	    wire_get_bool(body, "default", 0, &dflt, err) != 0)
		return -1;
	if (strlen(address) > WIRE_MAX_ADDRESS)
		return wire_error_set(err, E_TEXT_TOO_LONG, "member \"address\" "
		    "is over %d bytes (an order takes no more)",
		    WIRE_MAX_ADDRESS);
	n = db_int(db, 0, "SELECT count(*) FROM addresses WHERE "
	    "customer_id = ?", "s", user);
	have = db_int(db, 0, "SELECT count(*) FROM addresses WHERE "
	    "customer_id = ? AND label = ?", "ss", user, label);
	if (!have && n >= ADDR_MAX_COUNT)
		return wire_error_set(err, E_LIMIT_REACHED, "at most %d saved "
		    "addresses: delete one first", ADDR_MAX_COUNT);
	rc = db_do(db, "INSERT INTO addresses(customer_id, label, address, "
	    "created_at, updated_at) VALUES (?,?,?,?,?) ON CONFLICT"
	    "(customer_id, label) DO UPDATE SET address = excluded.address, "
	    "updated_at = excluded.updated_at", "sssii", user, label, address,
	    now, now);
	/* The first address is the default, whatever was asked. */
	if (rc >= 0 && (dflt || n == 0))
		rc = address_make_default(db, user, label);
	return address_done(svc, user, rc, result, err);
}

int
view_address_delete(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err)
{
	struct db *db = svc_db(svc);
	const char *user = svc_req_caller(req)->user, *label;
	int rc;

	if (address_label(body, &label, err) != 0)
		return -1;
	rc = db_do(db, "DELETE FROM addresses WHERE customer_id = ? AND "
	    "label = ?", "ss", user, label);
	if (rc == 0)
		return wire_error_set(err, E_NOT_FOUND, "no saved address "
		    "\"%s\"", label);
	/* Someone keeps a default while they have an address. */
	if (rc > 0 && db_int(db, 0, "SELECT count(*) FROM addresses WHERE "
	    "customer_id = ? AND is_default = 1", "s", user) == 0)
		rc = db_do(db, "UPDATE addresses SET is_default = 1 WHERE "
		    "rowid = (SELECT rowid FROM addresses WHERE customer_id = ? "
		    "ORDER BY created_at, rowid LIMIT 1)", "s", user);
	return address_done(svc, user, rc, result, err);
}

int
view_address_default(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err)
{
	const char *user = svc_req_caller(req)->user, *label;
	int rc;

	if (address_label(body, &label, err) != 0)
		return -1;
	if (db_int(svc_db(svc), 0, "SELECT count(*) FROM addresses WHERE "
	    "customer_id = ? AND label = ?", "ss", user, label) == 0)
		return wire_error_set(err, E_NOT_FOUND, "no saved address "
		    "\"%s\"", label);
	rc = address_make_default(svc_db(svc), user, label);
	return address_done(svc, user, rc, result, err);
}
