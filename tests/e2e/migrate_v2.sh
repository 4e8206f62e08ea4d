# migrate_v2.sh: a data directory made by the version before dead letters
# and partial refunds (tests/e2e/fixtures/v2: order 1001 paid, order 1002
# cancelled with its refund still owed, the gateway having failed it) is
# opened by this one: payments gain balance (the amount, or 0 once
# refunded), refunds is rebuilt with an id per refund keeping the owed one
# and its Idempotency-Key, payment_dead is made, notify.db gains the
# AlimTalk tables and its old outbox is still listed; payments gain the
# refund account of a virtual account, and view.db's orders the account to
# pay into and whether the shop may see them (old orders: paid, so their
# shop still does); the owed refund is then
# settled with the key the previous version used, and the old paid order
# can be partly refunded. A second start migrates nothing.
. "$(dirname "$0")/lib.sh"

FX=$ROOT/tests/e2e/fixtures/v2
load_fixture "$FX"
# Order 1001 waits for the shop: keep it from being auto-cancelled, its
# accept_by having passed since the fixture was made.
sqlite3 "$HOME_DIR/order.db" "UPDATE orders SET accept_by = accept_by + 100 * 365 * 86400000 WHERE id = 1001"
q() { sqlite3 "$HOME_DIR/payment.db" "$1"; }
has_column() { sqlite3 "$HOME_DIR/$1.db" "SELECT count(*) FROM pragma_table_info('$2') WHERE name = '$3'"; }
check_eq "the previous version's refunds have no id" 0 "$(has_column payment refunds id)"
check_eq "nor its payments a balance" 0 "$(has_column payment payments balance)"
check_eq "nor the view's orders a paid flag" 0 "$(has_column view orders paid)"
check_eq "it owes one refund, for order 1002" "1002|1" "$(q 'SELECT order_id, attempts FROM refunds')"
REF=$(q 'SELECT gateway_ref FROM payments WHERE order_id = 1002')

start_fake
start_daemon --pg-url "$FAKE_URL"
# The broker answers before the payment service has opened its database.
migrated() { [ "$(has_column payment payments balance)" = 1 ]; }
wait_for 10 migrated || fail "payment did not migrate its database"
check_eq "payments gained balance: the amount while approved" \
    "1001|APPROVED|39000" "$(q "SELECT order_id, status, balance FROM payments WHERE order_id = 1001")"
check_eq "refunds has an id per refund" 1 "$(has_column payment refunds id)"
check_eq "the owed refund kept its key, attempts and reason" \
    "1002|cancel-$REF|1|cancelled" \
    "$(q "SELECT order_id, idem_key, attempts >= 1, substr(reason, 1, 9) FROM refunds")"
check_eq "payment_dead exists, empty" 0 "$(q 'SELECT count(*) FROM payment_dead')"
check_eq "deposit_callbacks exists, empty" 0 "$(q 'SELECT count(*) FROM deposit_callbacks')"
check_eq "payments gained the virtual account's columns" 4 \
    "$(q "SELECT count(*) FROM pragma_table_info('payments') WHERE name IN ('virtual_account_json', 'va_secret', 'va_due', 'refund_account_json')")"
view_migrated() { [ "$(has_column view orders paid)" = 1 ]; }
wait_for 10 view_migrated && ok "the view's orders gained paid" || fail "view did not migrate its database"
check_eq "and virtual_account_json" 1 "$(has_column view orders virtual_account_json)"
check_eq "every old order counts as paid" 0 "$(sqlite3 "$HOME_DIR/view.db" 'SELECT count(*) FROM orders WHERE paid IS NOT 1')"
check_eq "so its shop still sees the old paid order" 1 \
    "$(jbd chicken_owner orders | jq '[.orders[] | select(.order_id == 1001)] | length')"
check_eq "and its status shows no virtual account" "PAID null" "$(jbd chicken_owner status 1001 | jq -r '"\(.status) \(.virtual_account)"')"
settled() { [ "$(q 'SELECT status FROM payments WHERE order_id = 1002')" = REFUNDED ]; }
wait_for 10 settled && ok "the owed refund is settled after the upgrade" || fail "1002: $(q 'SELECT status FROM payments WHERE order_id = 1002')"
check_eq "with the key the previous version used" "cancel-$REF" \
    "$(curl -s "$FAKE_URL/_received?path=/v1/payments/$REF/cancel" | jq -r '.[0].headers["Idempotency-Key"]')"
check_eq "its balance is 0 and its refund done" "0|done" \
    "$(q "SELECT p.balance, r.state FROM payments p JOIN refunds r USING (order_id) WHERE order_id = 1002")"
check_eq "the old paid order is still the customer's" PAID "$(jbd minji status 1001 | jq -r .status)"
nq() { sqlite3 "$HOME_DIR/notify.db" "$1"; }
check_eq "notify.db gained notify_contacts and notify_alimtalk" "notify_alimtalk notify_contacts" \
    "$(nq "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('notify_contacts', 'notify_alimtalk') ORDER BY name)")"
check_eq "the old outbox is listed, without AlimTalk" "$(nq 'SELECT count(*) FROM notify_outbox') true" \
    "$(jbd admin notify outbox --limit 200 | jq -r '"\(.items | length) \([.items[].alimtalk == null] | all)"')"
stop "$DAEMON"
start_daemon --pg-url "$FAKE_URL"
check_eq "a second start adds no column (balance, once)" 1 "$(grep -c 'gained the column balance' "$T/baedald.log")"
check_eq "nor the view's paid column" 1 "$(grep -c 'gained the column paid' "$T/baedald.log")"
check_eq "and rebuilds nothing" 1 "$(grep -c 'refunds rebuilt' "$T/baedald.log")"
check_eq "integrity" ok "$(q 'PRAGMA integrity_check')"
check_eq "foreign keys hold" "" "$(q 'PRAGMA foreign_key_check')"
finish
