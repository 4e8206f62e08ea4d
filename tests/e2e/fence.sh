# fence.sh: one place request, two processes of the order service, and the
# one at work stopped while the gateway is slow: the broker hands the
# request to the other after the silence, which must find the first one's
# order (its request key is a unique column of the order) and answer
# in_progress instead of charging again. Once the first resumes, the
# customer's retry with the same id gets the first order, charged once.
. "$(dirname "$0")/lib.sh"

start_fake
ctl '{"latency_ms": 2500}'
start_daemon
wait_for 10 shops_ready
stop "$DAEMON"
start_daemon --pg-url "$FAKE_URL" --payment-deadline-ms 12000 \
    --services payment,store,delivery,notify,view

start_service order --payment-deadline-ms 12000; A=$SVC_PID
wait_for 10 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin --json stats | jq '.broker.services.order // 0')\" = 1 ]" \
    || fail "the first order process did not register"

confirms() { curl -s -m 5 "$FAKE_URL/_received?path=/v1/payments/confirm" | jq length; }
PLACE='{"type":"request","id":"fence-1","service":"order","method":"place","deadline_ms":30000,"body":{"shop_id":"chicken","items":[{"item_id":"fried","qty":1}],"address":"서울시 마포구 1","card":"4111111111111111"}}'
bg ask raw ask "$FRONT" "$(token minji)" "$PLACE" 40
ASK=$LAST_PID
wait_for 10 sh -c "[ \"\$(curl -s -m 5 '$FAKE_URL/_received?path=/v1/payments/confirm' | jq length)\" = 1 ]" \
    || fail "the gateway was not asked"
kill -STOP "$A"
start_service order --payment-deadline-ms 12000; B=$SVC_PID
# The broker takes A for dead after 3.5 s of silence and gives B the
# request; B answers it.
wait_for 15 grep -q '"id": "fence-1"' "$T/ask.log" || { fail "no answer while the first process was stopped"; for f in $T/ask.log $T/svc-order.log $T/baedald.log; do echo "== $f"; tail -n 8 $f; done; }
check_eq "the request handed to the second process is answered in_progress" in_progress \
    "$(head -1 "$T/ask.log" | jq -r '.error.code // .result.status')"
kill -CONT "$A"
wait "$ASK"
check_eq "the retry with the same id gets a final answer" 0 $?
final=$(tail -1 "$T/ask.log")
check_eq "which is PAID" PAID "$(echo "$final" | jq -r .result.status)"
check_eq "for the first order" 1001 "$(echo "$final" | jq -r .result.order_id)"
check_eq "the gateway was asked to charge once" 1 "$(confirms)"
check_eq "the order service made one order for the request" 1 \
    "$(sqlite3 "$HOME_DIR/order.db" "SELECT count(*) FROM orders")"
check_eq "one payment row" 1 "$(sqlite3 "$HOME_DIR/payment.db" "SELECT count(*) FROM payments")"
check_eq "the shop sees one order" 1 "$(jbd chicken_owner shop queue | jq '[.orders[] | select(.order_id)] | length')"
raw send "$FRONT" --token "$(token minji)" "$PLACE" >"$T/again.out"
check_eq "asked once more, the kept answer" 1001 "$(tail -1 "$T/again.out" | jq -r .result.order_id)"
stop "$A"; stop "$B"
finish
