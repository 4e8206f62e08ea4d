# latepay.sh: the payment process dies while the gateway is slow and a new
# one takes its place. The new one leaves the approval in flight alone
# until its deadline has passed (it may still be answered), the order
# service takes payment's late answer for a try-later, not a final state,
# so the customer's retry with the same id is paid; the first charge is
# refunded, and one live charge is left for the request.
. "$(dirname "$0")/lib.sh"

start_fake
ctl '{"latency_ms": 1500}'
start_daemon
wait_for 10 shops_ready
stop "$DAEMON"
ARGS="--pg-url $FAKE_URL --payment-deadline-ms 6000"
start_daemon $ARGS --services order,store,delivery,notify,view
start_service payment $ARGS; P1=$SVC_PID
received() { curl -s -m 5 "$FAKE_URL/_received?path=$1" | jq length; }
wait_for 10 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin --json stats | jq '.broker.services.payment // 0')\" = 1 ]" \
    || fail "the payment process did not register"

PLACE='{"type":"request","id":"late-1","service":"order","method":"place","deadline_ms":30000,"body":{"shop_id":"chicken","items":[{"item_id":"fried","qty":1}],"address":"서울시 마포구 1","card":"4111111111111111"}}'
bg ask raw ask "$FRONT" "$(token minji)" "$PLACE" 40
ASK=$LAST_PID
wait_for 10 sh -c "[ \"\$(curl -s -m 5 '$FAKE_URL/_received?path=/v1/payments/confirm' | jq length)\" = 1 ]" \
    || fail "the gateway was not asked"
stop "$P1" KILL
start_service payment $ARGS; P2=$SVC_PID
wait "$ASK"
check_eq "the request gets a final answer" 0 $?
check "no answer to it is invalid_state" sh -c "! grep -q invalid_state '$T/ask.log'"
final=$(tail -1 "$T/ask.log")
check_eq "the retry with the same id is paid" PAID "$(echo "$final" | jq -r .result.status)"
O=$(echo "$final" | jq -r .result.order_id)
check_eq "as a new order (the first was given up)" 1002 "$O"
pay() { sqlite3 "$HOME_DIR/payment.db" "SELECT status FROM payments WHERE order_id = $1"; }
wait_for 30 sh -c "[ \"\$(sqlite3 '$HOME_DIR/payment.db' 'SELECT status FROM payments WHERE order_id = 1001')\" = REFUNDED ]" \
    && ok "the first charge is refunded once its deadline has passed" || fail "order 1001's payment is $(pay 1001)"
check_eq "the second is approved" APPROVED "$(pay "$O")"
check_eq "one order the shop sees" 1 "$(jbd chicken_owner shop queue | jq '[.orders[] | select(.order_id)] | length')"
check "the gateway cancelled the first charge" test "$(received /v1/payments/)" -ge 3
stop "$P2"
finish
