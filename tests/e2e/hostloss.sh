# hostloss.sh: the order, payment and store services lose their host.
# Each runs as its own process with a data directory of its own; after
# orders are placed, accepted, cancelled and partly refunded and a menu
# and hours changed, the three are SIGKILLed and their directories
# deleted, and fresh ones start with empty directories: they rebuild
# their state from the log (their own events first, then every event
# they consume) before taking requests. Then the orders, the ledger and
# the catalog are as before (row for row), a cancel refunds exactly once
# and exactly the rest of a partial refund, an order cancelled before
# the loss is not refunded again, a retried place request gets its first
# order without a second charge, the demo shops are not seeded again,
# and new orders work. HOSTLOSS_LOG=nats runs the same on one
# nats-server (hostloss_nats.sh).
. "$(dirname "$0")/lib.sh"

LOGARGS=""
if [ "${HOSTLOSS_LOG:-}" = nats ]; then
	start_nats
	LOGARGS="--log nats://127.0.0.1:$NP --log-replicas 1"
fi
start_fake
PG=$FAKE_URL
# A first start makes the users and announces the demo shops; then the
# broker keeps the other services, and order, payment and store run apart.
start_daemon $LOGARGS
wait_for 10 shops_ready
stop "$DAEMON"
start_daemon $LOGARGS --pg-url "$PG" --services delivery,notify,view
SVC_TOKEN=$(token svc)
GEN=1
# host_up: order, payment and store with empty directories of their own
# (generation GEN); sets O_PID P_PID S_PID.
host_up() {
	for s in order payment store; do
		mkdir -p "$T/h$GEN-$s"
		bg "svc-$s-$GEN" "$BIN/baedald" --home "$T/h$GEN-$s" --service "$s" \
		    --broker "$BACK" --token "$SVC_TOKEN" --pg-url "$PG" \
		    --payment-deadline-ms 12000
		eval "$(echo "$s" | cut -c1 | tr a-z A-Z)_PID=\$LAST_PID"
	done
	wait_for 20 shops_ready && wait_for 20 orders_ready ||
	    { fail "generation $GEN did not come up"; tail -n 5 "$T"/svc-*-$GEN.log; finish; }
}
host_up
check_eq "the store of a new directory finds the shops in the log: no demo shops again" 4 \
    "$(jbd admin call store shops | jq '.shops | length')"

code() { jq -r '.error.code // .status'; }
pay() { jbd admin call payment get "{\"order_id\":$1}"; }
pay_is() { [ "$(pay "$1" | jq -r "$2")" = "$3" ]; }
view_is() { [ "$(jbd minji status "$1" | jq -r "$2")" = "$3" ]; }
cancels() { curl -s -m 5 "$PG/_received?path=/v1/payments/$1/cancel"; }
landed() { cancels "$1" | jq '[.[] | select(.status == 200)] | length'; }
confirms() { curl -s -m 5 "$PG/_received?path=/v1/payments/confirm" | jq length; }
place() {
	o=$(jbd minji order chicken "$@" --address '서울시 마포구 월드컵로 1' \
	    --card 4111111111111111 | jq -r '.order_id // empty')
	wait_for 10 view_is "$o" .status PAID
	echo "$o"
}
PLACE='{"type":"request","id":"hostloss-1","service":"order","method":"place","deadline_ms":20000,"body":{"shop_id":"chicken","items":[{"item_id":"fried","qty":1}],"address":"서울시 마포구 1","card":"4111111111111111"}}'
R=$(raw ask "$FRONT" "$(token minji)" "$PLACE" 20 | tail -1)
RID=$(echo "$R" | jq -r .result.order_id)
check_eq "a place with request id hostloss-1 is paid" PAID "$(echo "$R" | jq -r .result.status)"
A=$(place fried cola)             # accepted, cancelled after the loss
C=$(place yangnyeom)              # cancelled before the loss
U=$(place fried yangnyeom cola)   # a line unavailable, cancelled after
wait_for 10 view_is "$U" .status PAID
check_eq "accepted" ACCEPTED "$(jbd chicken_owner shop accept "$A" | code)"
check_eq "cancelled" CANCELLED "$(jbd minji cancel "$C" | code)"
AMT=$(pay "$U" | jq -r .amount)
jbd chicken_owner shop unavailable "$U" 1 >/dev/null
wait_for 15 pay_is "$C" .status REFUNDED || fail "the cancel was not refunded: $(pay "$C" | jq -c .)"
wait_for 15 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin --json call payment get '{\"order_id\":$U}' | jq .balance)\" -lt $AMT ]" ||
    fail "the part was not refunded: $(pay "$U" | jq -c .)"
REST=$(pay "$U" | jq -r .balance)
jbd chicken_owner shop soldout cola >/dev/null
bd chicken_owner shop hours set 'mon-sun=00:00-23:59' >/dev/null
HOURS=$(jbd minji menu chicken | jq -c '.shop.hours')
check "the hours are set" test "$HOURS" != null
check_eq "cola is sold out" sold_out "$(jbd minji order chicken colax1 --address '서울시 1' --card 4111111111111111 | jq -r .error.code)"
# Everything announced is in the log (no event waits in an outbox).
for s in order payment store; do
	wait_for 10 sh -c "[ \"\$(sqlite3 '$T/h1-$s/$s.db' 'SELECT count(*) FROM svc_outbox')\" = 0 ]" ||
	    fail "$s still has events to publish"
done

# The state as three queries of the databases (what the log must bring
# back; card numbers and local times are not announced).
orders_q="SELECT id, customer_id, shop_id, shop_name, status, items_json, subtotal, delivery_fee, total, address, payment_id, accept_by, eta_min, eta_at, reason, reason_code, request_key, note, rider_note, kind, extended_min, refunded, removals FROM orders WHERE status NOT IN ('PAYING', 'FAILED') ORDER BY id"
pay_q="SELECT payment_id, order_id, amount, status, customer_id, shop_id, gateway, gateway_ref, balance FROM payments ORDER BY order_id; SELECT order_id, amount, idem_key, request_key, state FROM refunds ORDER BY order_id, id"
store_q="SELECT id, name, category, owner_id, open, min_order, delivery_fee, version, paused_until, pause_reason, busy_min, tz, hours_json, closed_dates_json, auto_paused, lat, lon FROM shops ORDER BY rowid; SELECT * FROM items ORDER BY shop_id, rowid; SELECT * FROM options ORDER BY shop_id, item_id, rowid; SELECT * FROM option_groups ORDER BY shop_id, item_id, rowid"
dump() { sqlite3 "$T/h$1-$2/$2.db" "$3"; }
dump 1 order "$orders_q" >"$T/orders.1"
dump 1 payment "$pay_q" >"$T/pay.1"
dump 1 store "$store_q" >"$T/store.1"
CONFIRMS=$(confirms)
SHOP_EVENTS=$(jbd admin events --type shop.updated | wc -l)

# The host is lost: its processes and their directories.
for p in "$O_PID" "$P_PID" "$S_PID"; do stop "$p" KILL; done
rm -rf "$T/h1-order" "$T/h1-payment" "$T/h1-store"
GEN=2
host_up
for s in order payment store; do
	check "$s says it caught up with the log before taking requests" \
	    grep -q "caught up with the log" "$T/svc-$s-2.log"
done
dump 2 order "$orders_q" >"$T/orders.2"
dump 2 payment "$pay_q" >"$T/pay.2"
dump 2 store "$store_q" >"$T/store.2"
check "every order is as before, row for row" cmp -s "$T/orders.1" "$T/orders.2" ||
    diff "$T/orders.1" "$T/orders.2" | head -10
check "the ledger and its refunds are as before" cmp -s "$T/pay.1" "$T/pay.2" ||
    diff "$T/pay.1" "$T/pay.2" | head -10
check "shops, menus, options and groups are as before" cmp -s "$T/store.1" "$T/store.2" ||
    diff "$T/store.1" "$T/store.2" | head -10
check_eq "the orders are not empty" 4 "$(wc -l <"$T/orders.2")"
check_eq "no shop was announced again (no demo seed over the log)" "$SHOP_EVENTS" \
    "$(jbd admin events --type shop.updated | wc -l)"
check_eq "cola is still sold out for orders" sold_out \
    "$(jbd minji order chicken colax1 --address '서울시 1' --card 4111111111111111 | jq -r .error.code)"
check_eq "the hours are as set" "$HOURS" "$(jbd minji menu chicken | jq -c '.shop.hours')"

# The retried place request: its first order, nothing charged again.
R2=$(raw ask "$FRONT" "$(token minji)" "$PLACE" 20 | tail -1)
check_eq "a retried place request gets its first order" "$RID PAID" \
    "$(echo "$R2" | jq -r '"\(.result.order_id) \(.result.status)"')"
check_eq "and nothing is charged again" "$CONFIRMS" "$(confirms)"

# Cancels after the loss: once, and the rest of a partial refund.
KA=$(pay "$A" | jq -r .gateway_ref)
KC=$(pay "$C" | jq -r .gateway_ref)
KU=$(pay "$U" | jq -r .gateway_ref)
check_eq "the accepted order is cancelled" CANCELLED "$(jbd minji cancel "$A" | code)"
check_eq "the cancel of the partly refunded order answers the rest" "$REST" \
    "$(jbd minji cancel "$U" | jq -r .refund)"
wait_for 15 pay_is "$A" .status REFUNDED || fail "not refunded: $(pay "$A" | jq -c .)"
wait_for 15 pay_is "$U" .status REFUNDED || fail "the rest not refunded: $(pay "$U" | jq -c .)"
check_eq "the accepted order was refunded once at the gateway" 1 "$(landed "$KA")"
check_eq "the order cancelled before the loss was not refunded again" 1 "$(landed "$KC")"
check_eq "the partly refunded one: two cancels landed, the part and then exactly the rest" "2 $REST" \
    "$(cancels "$KU" | jq -r '[.[] | select(.status == 200)] | "\(length) \(.[-1].body.cancelAmount // "rest")"' | sed "s/rest/$REST/")"
check_eq "the gateway holds nothing of it, and gave back the charge once" "0 CANCELED $AMT" \
    "$(curl -s -m 5 "$PG/v1/payments/$KU" | jq -r '"\(.balanceAmount) \(.status) \([.cancels[].cancelAmount // 0] | add)"')"

# New orders work, numbered after the ones the log holds.
N=$(place fried)
check "a new order is paid" test -n "$N"
check "numbered after every order before it" test "${N:-0}" -gt "$U"

# The order host is lost while an order is paying: the gateway charges it
# after the order process died, before order.paid could go out. The new
# order replica finds payment.approved for an order it has no row of: it
# gives the order up, and payment refunds the charge.
ctl '{"latency_ms": 2000}'
C0=$(confirms)
LOST='{"type":"request","id":"hostloss-2","service":"order","method":"place","deadline_ms":20000,"body":{"shop_id":"chicken","items":[{"item_id":"fried","qty":1}],"address":"서울시 마포구 2","card":"4111111111111111"}}'
bg lost raw ask "$FRONT" "$(token minji)" "$LOST" 2
wait_for 10 sh -c "[ \"\$(curl -s -m 5 '$PG/_received?path=/v1/payments/confirm' | jq length)\" -gt $C0 ]" ||
    fail "the gateway was not asked"
stop "$O_PID" KILL
rm -rf "$T/h2-order"
ctl '{"latency_ms": 0}'
L=$((N + 1))
wait_for 10 pay_is "$L" .status APPROVED || fail "the lost order's charge: $(pay "$L" | jq -c .)"
GEN=3
mkdir -p "$T/h3-order"
bg svc-order-3 "$BIN/baedald" --home "$T/h3-order" --service order \
    --broker "$BACK" --token "$SVC_TOKEN" --payment-deadline-ms 12000
wait_for 20 orders_ready || fail "the third order process did not come up"
wait_for 15 pay_is "$L" .status REFUNDED && ok "the charge of an order lost while paying is refunded" ||
    fail "not refunded: $(pay "$L" | jq -c .)"
check_eq "  once, at the gateway" 1 "$(landed "$(pay "$L" | jq -r .gateway_ref)")"
check_eq "  the order was given up, unseen by the shop" FAILED \
    "$(sqlite3 "$T/h3-order/order.db" "SELECT status FROM orders WHERE id = $L")"
N2=$(place fried)
check "orders are taken after it, numbered past it" test "${N2:-0}" -gt "$L"
finish
