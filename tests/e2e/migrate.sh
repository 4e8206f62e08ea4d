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
# Requests (요청사항): every file that keeps an order gains its notes.
for c in "order orders note" "order orders rider_note" "store queue note" \
    "store queue rider_note" "view orders note" "view orders rider_note" \
    "delivery deliveries rider_note" "order orders kind" "store queue kind" \
    "view orders kind" "order orders reason_code" "store queue reason_code" \
    "view orders reason_code" "store shops paused_until" "store shops pause_reason" \
    "store shops busy_min" "store shops tz" "store items sold_out_until" \
    "store shops hours_json" "store shops closed_dates_json" \
    "store shops console_seen_at" "store shops auto_paused" "store options sold_out" \
    "store options sold_out_until" "store shops lat" "store shops lon" \
    "delivery deliveries rider_id" "delivery deliveries rider_name" \
    "delivery deliveries ready_at" "view deliveries rider_id"; do
	set -- $c
	check_eq "$1's $2 gained $3" 1 "$(has_column "$1" "$2" "$3")"
done
# Riders: the old shops get their demo positions, announced to delivery.
wait_for 10 sh -c "[ \"\$(sqlite3 '$HOME_DIR/delivery.db' \"SELECT lat FROM delivery_shops WHERE shop_id = 'chicken'\")\" = 37.5563 ]" \
    && ok "an old shop is placed and the delivery service knows where" || fail "no position for chicken in delivery.db"
check_eq "the old order's delivery has no rider" "null" "$(jbd admin call delivery get '{"order_id":1001}' | jq -r .rider_id)"
check_eq "the old order displays with no request, as a delivery" "1001|null|null|delivery" \
    "$(jbd minji status 1001 | jq -r '"\(.order_id)|\(.note)|\(.rider_note)|\(.kind)"')"
check_eq "an old shop is in Seoul's time, always open, not paused, not busy" "Asia/Seoul|true|false|false|30" \
    "$(jbd minji menu chicken | jq -r '.shop | "\(.tz)|\(.open_now)|\(.paused)|\(.auto_paused)|\(.eta_min)"')"
check_eq "option groups are a new table" 1 "$(sqlite3 "$HOME_DIR/store.db" "SELECT count(*) FROM sqlite_master WHERE name = 'option_groups'")"
check_eq "an old item has no rules and its options are not sold out" "[]|false" \
    "$(jbd minji menu bunsik | jq -r '.menu[] | select(.id == "tteokbokki") | "\(.option_groups | tojson)|\(.options[0].sold_out)"')"
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner --json shop queue | jq -e '.orders[] | select(.order_id == 1001)'"
check_eq "the old order is in the shop's queue, as a delivery without requests" "delivery|false|null" \
    "$(jbd chicken_owner shop queue | jq -r '.orders[] | select(.order_id == 1001) | "\(.kind)|\(.has_notes)|\(.note)"')"
check_eq "the shop's reasons count it under no code" "{}" "$(jbd chicken_owner shop reasons | jq -c .rejected)"
check_eq "order's copy of it is a delivery" delivery "$(sqlite3 "$HOME_DIR/order.db" "SELECT kind FROM orders WHERE id = 1001")"
N=$(jbd minji order chicken 'fried#바삭하게' --note '수저 빼주세요' --address '서울시 3' --card 4111111111111111 | jq -r .order_id)
check_eq "a new order keeps its requests in the migrated files" "수저 빼주세요|바삭하게" \
    "$(jbd minji status "$N" | jq -r '"\(.note)|\(.items[0].note)"')"
last4() { jbd minji status "$N" | jq -e '.payment.card_last4 == "1111"' >/dev/null; }
check "the new order's payment in the view keeps its card's last digits" wait_for 5 last4
added=$(grep -c 'gained the column' "$T/baedald.log")
check_eq "each column was added once (orders x9 (refunded, removals and version among them), payments x6 (deadline, balance, three of virtual accounts, refund account), catalog, shops x15 (lat, lon), items, options x2, queue x4, view x10 (the rider, a payment's card_last4, refunded), deliveries x6 (rider_note, the rider and times))" 54 "$added"
stop "$DAEMON"
start_daemon
check "a second start finds nothing to migrate and serves" sh -c "jbd minji status $O | jq -e '.status == \"PAID\"'"
check_eq "a second start adds no column" "$added" "$(grep -c 'gained the column' "$T/baedald.log")"
finish
