/*
 * store_print.c: kitchen tickets on a shop's receipt printer (ESC/POS
 * over raw TCP, port 9100). A job is a row of print_jobs written in the
 * transaction of what makes it (the order event, or the owner's
 * reprint); the tick leases due jobs and a worker pool sends them, so a
 * printer that is off, slow or refusing delays nothing else.
 *
 * Each ticket is printed at most once, even across a crash: a job is
 * marked 'sending' and that is committed before a byte goes out
 * (svc_after_commit); the answer is recorded after. A job still
 * 'sending' when the service starts may or may not have printed (the
 * process died between the two), so it is not sent again but marked
 * 'unknown' and announced (store.print_failed): the owner looks at the
 * printer and reprints if nothing came out. A failure before the whole
 * ticket went out (refused, timed out, reset) is retried with backoff.
 * A clean stop waits a while for the tickets on their way and records
 * them. Two processes of the store lease a job once (pending ->
 * sending is conditional); the one that starts later marks the other's
 * jobs in flight 'unknown' (at most once still holds).
 */
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "rawtcp.h"
#include "store_int.h"
#include "store_ticket.h"
#include "util.h"

#define PRINT_THREADS 4
/* No more leased than threads: a leased job starts at once, so one
 * found 'sending' after a crash was really on its way. */
#define PRINT_INFLIGHT PRINT_THREADS
#define PRINT_CONNECT_MS 2000
#define PRINT_IO_MS 5000
#define PRINT_BACKOFF_CAP_MS 60000
/* How long a stop waits for tickets on their way. */
#define PRINT_STOP_WAIT_MS (PRINT_CONNECT_MS + PRINT_IO_MS + 1000)

/* One ticket to send and how it went. Owned by whoever holds it. */
struct print_job {
	int64_t id;
	char *host;
	int port;
	unsigned char *bytes;
	size_t len;
	enum rawtcp_result result;
	char error[160];
};

static void
print_job_free(void *arg)
{
	struct print_job *job = arg;

	if (job == NULL)
		return;
	free(job->host);
	free(job->bytes);
	free(job);
}

/* worker_run_fn: the send, on a pool thread. */
static void
print_job_run(void *arg)
{
	struct print_job *job = arg;

	job->result = rawtcp_send(job->host, job->port, job->bytes, job->len,
	    PRINT_CONNECT_MS, PRINT_IO_MS, job->error, sizeof job->error);
}

/* svc_commit_fn: the 'sending' mark is durable; only now send. */
static void
print_job_go(struct svc *svc, void *arg, int committed)
{
	struct store_state *st = svc_state(svc);

	if (committed && st->print_pool != NULL)
		worker_pool_submit(st->print_pool, arg);
	else
		print_job_free(arg);
}

/* Announce a job's trouble (or its success) to the shop's followers. */
static void
print_announce(struct svc *svc, const char *type, int64_t id)
{
	json_t *row = db_row(svc_db(svc), "SELECT id AS job_id, shop_id,"
	    " order_id, reason, state, attempts, last_error AS error FROM"
	    " print_jobs WHERE id = ?", "i", id);

	if (row == NULL)
		return;
	svc_emit(svc, type, wire_int(row, "order_id", 0), wire_str(row,
	    "shop_id", NULL), NULL, json_incref(row));
	json_decref(row);
}

/* Record the outcome of one send. */
static void
print_done(struct svc *svc, const struct print_job *job, int64_t now)
{
	struct db *db = svc_db(svc);
	int max = svc_config(svc)->print_max_attempts;
	int attempts = (int)db_int(db, 0, "SELECT attempts FROM print_jobs "
	    "WHERE id = ?", "i", job->id);

	if (job->result == RAWTCP_SENT) {
		db_do(db, "UPDATE print_jobs SET state = 'printed', done_at = ?,"
		    " last_error = NULL WHERE id = ? AND state = 'sending'",
		    "ii", now, job->id);
		print_announce(svc, "store.printed", job->id);
		return;
	}
	if (attempts >= max) {
		db_do(db, "UPDATE print_jobs SET state = 'dead', done_at = ?,"
		    " last_error = ? WHERE id = ? AND state = 'sending'", "isi",
		    now, job->error, job->id);
		log_warn("store: print job %lld dead after %d attempts (%s)",
		    (long long)job->id, attempts, job->error);
	} else
		db_do(db, "UPDATE print_jobs SET state = 'pending', next_at = ?,"
		    " last_error = ? WHERE id = ? AND state = 'sending'", "isi",
		    now + retry_backoff_ms(svc_config(svc)->print_backoff_ms,
		    attempts, PRINT_BACKOFF_CAP_MS), job->error, job->id);
	if (attempts == 1 || attempts >= max)
		print_announce(svc, "store.print_failed", job->id);
}

/* A job for a due row: its ticket rendered from the queue entry now.
 * NULL when the order or the shop is gone. */
static struct print_job *
print_job_new(struct svc *svc, const json_t *row)
{
	struct print_job *job;
	json_t *order;
	size_t len = 0;
	unsigned char *bytes;

	order = db_row(svc_db(svc), "SELECT order_id, kind, placed_at, note,"
	    " rider_note, address, eta_min, items_json FROM queue WHERE"
	    " order_id = ?", "i", wire_int(row, "order_id", 0));
	if (order == NULL)
		return NULL;
	bytes = store_ticket_render(order, (int)wire_int(row, "width", 80),
	    wire_str(row, "tz", "Asia/Seoul"), strcmp(wire_str(row, "reason",
	    ""), "reprint") == 0, &len);
	json_decref(order);
	if (bytes == NULL)
		return NULL;
	job = xcalloc(1, sizeof *job);
	job->id = wire_int(row, "id", 0);
	job->host = xstrdup(wire_str(row, "printer_host", ""));
	job->port = (int)wire_int(row, "printer_port", 0);
	job->bytes = bytes;
	job->len = len;
	return job;
}

/* Jobs left 'sending' by an earlier process: perhaps printed. */
static void
print_recover(struct svc *svc)
{
	json_t *rows = db_rows(svc_db(svc), "SELECT id FROM print_jobs WHERE "
	    "state = 'sending'", NULL), *row;
	size_t i;

	json_array_foreach(rows, i, row) {
		db_do(svc_db(svc), "UPDATE print_jobs SET state = 'unknown',"
		    " last_error = 'interrupted while sending: it may have"
		    " printed; reprint if it did not' WHERE id = ?", "i",
		    wire_int(row, "id", 0));
		print_announce(svc, "store.print_failed", wire_int(row, "id",
		    0));
	}
	json_decref(rows);
}

void
store_print_tick(struct svc *svc, int64_t now)
{
	struct store_state *st = svc_state(svc);
	struct print_job *job;
	json_t *rows, *row;
	size_t i;
	int room;

	if (st->print_pool == NULL) {
		print_recover(svc);
		st->print_pool = svc_pool_new(svc, "store-print",
		    PRINT_THREADS, print_job_run);
	}
	while ((job = worker_pool_take(st->print_pool)) != NULL) {
		print_done(svc, job, now);
		print_job_free(job);
	}
	if ((room = PRINT_INFLIGHT - worker_pool_busy(st->print_pool)) <= 0)
		return;
	/* Due jobs of shops with a printer, oldest first. */
	rows = db_rows(svc_db(svc), "SELECT j.id, j.order_id, j.reason,"
	    " s.printer_host, s.printer_port, s.printer_width AS width, s.tz"
	    " FROM print_jobs j JOIN shops s ON s.id = j.shop_id"
	    " WHERE j.state = 'pending' AND j.next_at <= ?"
	    " AND s.printer_host IS NOT NULL ORDER BY j.id LIMIT ?", "ii", now,
	    (int64_t)room);
	json_array_foreach(rows, i, row) {
		if ((job = print_job_new(svc, row)) == NULL) {
			db_do(svc_db(svc), "UPDATE print_jobs SET state = 'dead',"
			    " last_error = 'cannot render the ticket' WHERE"
			    " id = ?", "i", wire_int(row, "id", 0));
			continue;
		}
		/* Leased once: another process of the store may have
		 * taken it since the select. */
		if (db_do(svc_db(svc), "UPDATE print_jobs SET state = 'sending',"
		    " attempts = attempts + 1 WHERE id = ? AND state = 'pending'",
		    "i", job->id) != 1) {
			print_job_free(job);
			continue;
		}
		svc_after_commit(svc, print_job_go, job);
	}
	json_decref(rows);
}

void
store_print_stop(struct svc *svc)
{
	struct store_state *st = svc_state(svc);
	struct db *db = svc_db(svc);
	struct pollfd p = { .events = POLLIN };
	int64_t end = mono_ms() + PRINT_STOP_WAIT_MS;
	struct print_job *job;

	if (st->print_pool == NULL)
		return;
	/* Tickets on their way are waited for (a while) and recorded, so a
	 * clean stop leaves no job 'unknown'. */
	p.fd = worker_pool_fd(st->print_pool);
	if (worker_pool_busy(st->print_pool) > 0)
		log_info("store: stopping; waiting for %d kitchen tickets on "
		    "their way", worker_pool_busy(st->print_pool));
	while (worker_pool_busy(st->print_pool) > 0 && mono_ms() < end) {
		poll(&p, 1, 100);
		if (db == NULL || db_begin(db) != 0)
			break;
		while ((job = worker_pool_take(st->print_pool)) != NULL) {
			print_done(svc, job, now_ms());
			print_job_free(job);
		}
		if (db_commit(db) != 0)
			break;
	}
	worker_pool_destroy(&st->print_pool, print_job_free);
}

int
store_print_enqueue(struct svc *svc, const char *shop_id, int64_t order_id,
    const char *reason, int64_t now)
{
	struct db *db = svc_db(svc);

	/* Events applied while catching up with the log were printed (or
	 * not) when they were new. */
	if (strcmp(reason, "reprint") != 0 && !svc_caught_up(svc))
		return 0;
	if (strcmp(reason, "reprint") != 0 && db_int(db, 0, "SELECT count(*)"
	    " FROM shops WHERE id = ? AND printer_host IS NOT NULL AND"
	    " print_on = ?", "ss", shop_id, reason) == 0)
		return 0;
	/* One automatic ticket per order, whichever event made it. */
	return db_do(db, "INSERT OR IGNORE INTO print_jobs(shop_id, order_id,"
	    " reason, created_at, auto_key) VALUES (?1, ?2, ?3, ?4, CASE WHEN"
	    " ?3 = 'reprint' THEN NULL ELSE ?2 END)", "sisi", shop_id,
	    order_id, reason, now) < 0 ? -1 : 0;
}
