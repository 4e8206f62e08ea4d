/*
 * store_printer.c: the owner's requests about the kitchen printer:
 * store.printer (set or turn off), store.print (reprint an order) and
 * store.print_jobs (the printer and its jobs). The jobs themselves are
 * store_print.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "util.h"

#define PRINTER_HOST_MAX 253

/* Split "HOST:PORT" into host (written into host, hostlen bytes) and
 * port. Returns 0, or -1 with a bad_request err. */
static int
printer_address(const char *addr, char *host, size_t hostlen, int *port,
    struct wire_error *err)
{
	const char *colon = strrchr(addr, ':');
	size_t n = colon ? (size_t)(colon - addr) : 0, i;
	char *end;
	long p;

	if (colon == NULL || n == 0 || n > PRINTER_HOST_MAX || n >= hostlen)
		goto bad;
	for (i = 0; i < n; i++)
		if (!(addr[i] >= 'a' && addr[i] <= 'z') && !(addr[i] >= 'A' &&
		    addr[i] <= 'Z') && !(addr[i] >= '0' && addr[i] <= '9') &&
		    addr[i] != '.' && addr[i] != '-')
			goto bad;
	p = strtol(colon + 1, &end, 10);
	if (*end != '\0' || end == colon + 1 || p < 1 || p > 65535)
		goto bad;
	memcpy(host, addr, n);
	host[n] = '\0';
	*port = (int)p;
	return 0;
bad:
	return wire_error_set(err, E_BAD_REQUEST, "member \"address\" must be "
	    "HOST:PORT (a host name or IPv4 address, a port 1-65535)");
}

/* The shop's printer as {address,host,port,width,print_on}, or null. */
static json_t *
printer_get(struct db *db, const char *shop_id)
{
	json_t *row = db_row(db, "SELECT printer_host AS host, printer_port AS"
	    " port, printer_width AS width, print_on FROM shops WHERE id = ?"
	    " AND printer_host IS NOT NULL", "s", shop_id);

	if (row == NULL)
		return json_null();
	json_object_set_new(row, "address", json_sprintf("%s:%lld",
	    wire_str(row, "host", ""), (long long)wire_int(row, "port", 0)));
	return row;
}

int
store_printer(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *shop_id, *addr = NULL, *on = "accepted";
	char host[PRINTER_HOST_MAX + 1];
	int64_t width = 80;
	int port = 0, off = 0;

	if ((shop_id = store_owner_shop(req, err)) == NULL ||
	    wire_get_bool(body, "off", 0, &off, err) != 0 ||
	    wire_get_str(body, "address", !off, &addr, err) != 0 ||
	    wire_get_int(body, "width", 0, 0, INT64_MAX, &width, err) != 0 ||
	    wire_get_str(body, "print_on", 0, &on, err) != 0)
		return -1;
	if (off) {
		if (db_do(svc_db(svc), "UPDATE shops SET printer_host = NULL,"
		    " printer_port = NULL WHERE id = ?", "s", shop_id) != 1)
			return -1;
	} else {
		if (printer_address(addr, host, sizeof host, &port, err) != 0)
			return -1;
		if (width != 58 && width != 80)
			return wire_error_set(err, E_BAD_REQUEST, "member "
			    "\"width\" must be 58 or 80 (mm)");
		if (strcmp(on, "accepted") != 0 && strcmp(on, "paid") != 0)
			return wire_error_set(err, E_BAD_REQUEST, "member "
			    "\"print_on\" must be \"accepted\" or \"paid\"");
		if (db_do(svc_db(svc), "UPDATE shops SET printer_host = ?,"
		    " printer_port = ?, printer_width = ?, print_on = ? WHERE"
		    " id = ?", "siiss", host, (int64_t)port, width, on,
		    shop_id) != 1)
			return -1;
	}
	*result = json_pack("{s:s, s:o}", "shop_id", shop_id, "printer",
	    printer_get(svc_db(svc), shop_id));
	return 0;
}

int
store_print(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	const char *shop_id;
	int64_t order_id = 0;

	if ((shop_id = store_owner_shop(req, err)) == NULL ||
	    wire_get_int(body, "order_id", 1, 1, INT64_MAX, &order_id,
	    err) != 0)
		return -1;
	if (!store_queue_has(svc_db(svc), order_id, shop_id))
		return wire_error_set(err, E_NOT_FOUND, "no order %lld in %s",
		    (long long)order_id, shop_id);
	if (db_int(svc_db(svc), 0, "SELECT count(*) FROM shops WHERE id = ?"
	    " AND printer_host IS NOT NULL", "s", shop_id) == 0)
		return wire_error_set(err, E_INVALID_STATE, "%s has no printer "
		    "(baedal shop printer HOST:PORT)", shop_id);
	if (store_print_enqueue(svc, shop_id, order_id, "reprint",
	    now_ms()) != 0)
		return -1;
	*result = json_pack("{s:I, s:I, s:s}", "order_id", (json_int_t)
	    order_id, "job_id", (json_int_t)db_last_id(svc_db(svc)), "state",
	    "pending");
	return 0;
}

/* 1 when s names a job state. */
static int
printer_job_state(const char *s)
{
	static const char *const states[] = { "pending", "sending", "printed",
	    "dead", "unknown" };
	size_t i;

	for (i = 0; i < ARRAY_LEN(states); i++)
		if (strcmp(states[i], s) == 0)
			return 1;
	return 0;
}

int
store_print_jobs(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	struct db *db = svc_db(svc);
	const char *shop_id, *state = NULL;
	int64_t limit = 50;
	json_t *counts, *items;

	if ((shop_id = store_owner_shop(req, err)) == NULL ||
	    wire_get_str(body, "state", 0, &state, err) != 0 ||
	    wire_get_int(body, "limit", 0, 1, PRINT_JOBS_MAX, &limit,
	    err) != 0)
		return -1;
	if (state != NULL && !printer_job_state(state))
		return wire_error_set(err, E_BAD_REQUEST, "member \"state\" must"
		    " be pending, sending, printed, dead or unknown");
	counts = db_row(db, "SELECT"
	    " count(*) FILTER (WHERE state = 'pending') AS pending,"
	    " count(*) FILTER (WHERE state = 'sending') AS sending,"
	    " count(*) FILTER (WHERE state = 'printed') AS printed,"
	    " count(*) FILTER (WHERE state = 'dead') AS dead,"
	    " count(*) FILTER (WHERE state = 'unknown') AS unknown"
	    " FROM print_jobs WHERE shop_id = ?", "s", shop_id);
	items = db_rows(db, "SELECT id, order_id, reason, state, attempts,"
	    " next_at, last_error, created_at, done_at FROM print_jobs"
	    " WHERE shop_id = ?1 AND (?2 IS NULL OR state = ?2)"
	    " ORDER BY id DESC LIMIT ?3", "ssi", shop_id, state, limit);
	if (counts == NULL || items == NULL) {
		json_decref(counts);
		json_decref(items);
		return wire_error_set(err, E_INTERNAL, "cannot read print jobs");
	}
	*result = json_pack("{s:s, s:o, s:o, s:o}", "shop_id", shop_id,
	    "printer", printer_get(db, shop_id), "counts", counts, "jobs",
	    items);
	return 0;
}
