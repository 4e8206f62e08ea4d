# migrate.sh: a data directory made by the previous version
# (tests/e2e/fixtures/v1: its databases as SQL dumps, one paid order 1001
# and one declined place) is opened by this one: the order and payment
# files gain their new columns (orders.request_key, unique, and
# payments.deadline), the old orders are still there, and new orders use
# the request key. (fixtures/v2 and migrate_v2.sh: the next version.)
. "$(dirname "$0")/lib.sh"

FX=$ROOT/tests/e2e/fixtures/v1
load_fixture "$FX"
has_column() { sqlite3 "$HOME_DIR/$1.db" "SELECT count(*) FROM pragma_table_info('$2') WHERE name = '$3'"; }
check_eq "the previous version's orders have no request key" 0 "$(has_column order orders request_key)"
check_eq "nor its payments a deadline" 0 "$(has_column payment payments deadline)"

start_daemon
check "the old order is still the customer's" sh -c "jbd minji status 1001 | jq -e '.status == \"PAID\"'"
check_eq "orders gained request_key" 1 "$(has_column order orders request_key)"
check_eq "payments gained deadline" 1 "$(has_column payment payments deadline)"
check_eq "store's shops gained a version" 1 "$(has_column store shops version)"
check_eq "the request key is unique" 1 \
    "$(sqlite3 "$HOME_DIR/order.db" "SELECT \"unique\" FROM pragma_index_list('orders') WHERE name = 'orders_request_key'")"
O=$(jbd minji order chicken friedx1 --address '서울시 3' --card 4111111111111111 | jq -r .order_id)
check_eq "a new order follows the old ones (1002 was declined)" 1003 "$O"
check "and carries its request key" test -n "$(sqlite3 "$HOME_DIR/order.db" "SELECT request_key FROM orders WHERE id = $O")"
check_eq "the old order keeps none" "" "$(sqlite3 "$HOME_DIR/order.db" "SELECT request_key FROM orders WHERE id = 1001")"
check_eq "the new payment has a deadline" 1 \
    "$(sqlite3 "$HOME_DIR/payment.db" "SELECT deadline > created_at FROM payments WHERE order_id = $O")"
stop "$DAEMON"
start_daemon
check "a second start finds nothing to migrate and serves" sh -c "jbd minji status $O | jq -e '.status == \"PAID\"'"
check_eq "each column was added once (orders, payments x2, catalog, shops)" 5 "$(grep -c 'gained the column' "$T/baedald.log")"
finish
