/*
 * payment_schema.c: the payment service's tables, and the migration of a
 * file an earlier version made.
 *
 *   payments      the ledger, one row per order; balance is what is left
 *                 to give back (the amount less the refunds that landed);
 *                 a virtual account's refund_account_json is where its
 *                 refund goes (the only place its number is kept whole)
 *   refunds       every cancel owed or made: the whole balance (amount
 *                 NULL) or a part; state due (being asked), dead (refused
 *                 for good: see payment_dead), done, resolved (settled by
 *                 an administrator); idem_key is its Idempotency-Key,
 *                 request_key the request that asked for a part
 *   payment_dead  the dead-letter queue: one row per refusal for good,
 *                 open until an administrator retries or resolves it
 *   deposit_callbacks  the gateway's DEPOSIT_CALLBACKs as received (one
 *                 per order, status and createdAt: a repeat is dropped),
 *                 processed_at once the tick applied it
 *
 * Earlier files had refunds keyed by order_id (one owed refund per order,
 * deleted once settled, its key always "cancel-<ref>") and no balance:
 * payment_migrate rebuilds refunds keeping each owed row and its key, and
 * fills balance from amount.
 */
#include "payment_int.h"

#include "util.h"

#define PAYMENT_REFUNDS_TABLE(name) \
    "CREATE TABLE IF NOT EXISTS " name " (" \
    " id INTEGER PRIMARY KEY," \
    " order_id INTEGER NOT NULL REFERENCES payments(order_id)," \
    " amount INTEGER CHECK (amount IS NULL OR amount > 0)," \
    " idem_key TEXT NOT NULL UNIQUE, request_key TEXT UNIQUE," \
    " was TEXT NOT NULL, reason TEXT NOT NULL," \
    " state TEXT NOT NULL DEFAULT 'due'" \
    "  CHECK (state IN ('due', 'dead', 'done', 'resolved'))," \
    " recheck INTEGER NOT NULL DEFAULT 0," \
    " attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL," \
    " last_error TEXT, created_at INTEGER NOT NULL);"

const char payment_schema[] =
    "CREATE TABLE IF NOT EXISTS payments ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, payment_id TEXT UNIQUE,"
    " order_id INTEGER NOT NULL UNIQUE, amount INTEGER NOT NULL,"
    " card_last4 TEXT, status TEXT NOT NULL, customer_id TEXT,"
    " shop_id TEXT, gateway TEXT, gateway_ref TEXT, reason TEXT,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    " deadline INTEGER, balance INTEGER CHECK (balance >= 0),"
    " virtual_account_json TEXT, va_secret TEXT, va_due INTEGER,"
    " refund_account_json TEXT);"
    PAYMENT_REFUNDS_TABLE("refunds")
    "CREATE TABLE IF NOT EXISTS payment_dead ("
    " id INTEGER PRIMARY KEY, refund_id INTEGER NOT NULL REFERENCES"
    " refunds(id), order_id INTEGER NOT NULL, code TEXT, message TEXT,"
    " state TEXT NOT NULL DEFAULT 'open'"
    "  CHECK (state IN ('open', 'retried', 'resolved')),"
    " note TEXT, handled_by TEXT, handled_at INTEGER,"
    " created_at INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS payment_dead_state ON payment_dead(state);"
    "CREATE TABLE IF NOT EXISTS deposit_callbacks ("
    " id INTEGER PRIMARY KEY, order_id INTEGER, status TEXT NOT NULL,"
    " secret TEXT, transaction_key TEXT, created_text TEXT NOT NULL,"
    " received_at INTEGER NOT NULL, processed_at INTEGER, result TEXT,"
    " UNIQUE (order_id, status, created_text));";

/* Rebuild a refunds table of the earlier shape (no id column). */
static int
payment_migrate_refunds(struct db *db)
{
	if (db_int(db, 1, "SELECT count(*) FROM pragma_table_info('refunds') "
	    "WHERE name = 'id'", NULL) != 0)
		return 0;
	/* New table, copy, drop, rename (SQLite's way: references to
	 * "refunds" from other tables keep their name). */
	if (db_exec(db, PAYMENT_REFUNDS_TABLE("refunds_new")
	    "INSERT INTO refunds_new(order_id, amount, idem_key, was, reason,"
	    " state, attempts, next_at, last_error, created_at)"
	    " SELECT r.order_id, NULL, 'cancel-' || coalesce(p.gateway_ref,"
	    " r.order_id), r.was, r.reason, 'due', r.attempts, r.next_at,"
	    " r.last_error, r.created_at FROM refunds r JOIN payments p"
	    " USING (order_id);"
	    "DROP TABLE refunds;"
	    "ALTER TABLE refunds_new RENAME TO refunds;") != 0)
		return -1;
	log_info("payment: refunds rebuilt with an id per refund (%lld owed)",
	    (long long)db_int(db, 0, "SELECT count(*) FROM refunds", NULL));
	return 0;
}

int
payment_migrate(struct svc *svc)
{
	struct db *db = svc_db(svc);

	if (db_begin(db) != 0)
		return -1;
	if (db_add_column(db, "payments", "deadline", "INTEGER") != 0 ||
	    db_add_column(db, "payments", "balance", "INTEGER") != 0 ||
	    db_add_column(db, "payments", "virtual_account_json", "TEXT") != 0 ||
	    db_add_column(db, "payments", "va_secret", "TEXT") != 0 ||
	    db_add_column(db, "payments", "va_due", "INTEGER") != 0 ||
	    db_add_column(db, "payments", "refund_account_json", "TEXT") != 0 ||
	    db_do(db, "UPDATE payments SET balance = CASE WHEN status IN "
	    "('REFUNDED', 'VOID') THEN 0 ELSE amount END WHERE balance IS "
	    "NULL", NULL) < 0 || payment_migrate_refunds(db) != 0 ||
	    db_exec(db, "CREATE INDEX IF NOT EXISTS refunds_due ON "
	    "refunds(state, next_at);"
	    "CREATE INDEX IF NOT EXISTS refunds_order ON refunds(order_id);")
	    != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}
