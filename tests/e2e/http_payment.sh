# http_payment.sh: the HTTP payment gateway (tests/tools/fakehttp.py) behind the
# order service's circuit breaker: approve, decline, refund by cancel; a
# slow gateway opens the breaker, orders are then refused at once, and it
# closes again once the gateway recovers; no charge is left without an
# order; a gateway that is down gives a clear error and no order.
. "$(dirname "$0")/lib.sh"

ADDR='서울시 마포구 월드컵로 1'
CARD=4111111111111111
# How long the breaker stays open: long enough for the checks made while
# it is open (a stats call, a place through the CLI, five on the wire)
# even on a loaded machine; at 1.5 s a half-open probe went through
# instead and was paid.
OPEN_MS=6000

start_fake
PG=$FAKE_URL
received() { curl -s -m 5 "$PG/_received?path=$1"; }

ARGS="--pg-url $PG --breaker-window 10 --breaker-min-calls 4 --breaker-failure-pct 40 --breaker-open-ms $OPEN_MS"
start_daemon $ARGS
wait_for 10 shops_ready

place_json() { jbd minji order chicken friedx2 --address "$ADDR" --card "${1:-$CARD}"; }
breaker() { jbd admin stats | jq -r .order.breaker.state; }
breaker_is() { [ "$(breaker)" = "$1" ]; }
pay_status() { jbd admin call payment get "{\"order_id\":$1}" | jq -r .status; }
pay_status_is() { [ "$(pay_status "$1")" = "$2" ]; }
PAID=""  # orders placed and paid, to compare with the shop's queue

# A healthy gateway: approved, with the documented request.
out=$(place_json)
O=$(echo "$out" | jq -r '.order_id // empty')
check_eq "an order is paid through the HTTP gateway" PAID "$(echo "$out" | jq -r .status)"
PAID="$PAID $O"
conf=$(received /v1/payments/confirm | jq -c ".[] | select(.body.orderId == \"baedal-$O\")")
check_eq "confirm carries paymentKey, orderId, amount and card" "true" \
    "$(echo "$conf" | jq '.body.paymentKey != null and .body.amount == 39000 and .body.card == "'$CARD'"')"
check_eq "confirm's Idempotency-Key is its paymentKey" "true" \
    "$(echo "$conf" | jq '.headers["Idempotency-Key"] == .body.paymentKey')"
check_eq "the ledger keeps the gateway's key" "$(echo "$conf" | jq -r .body.paymentKey)" \
    "$(jbd admin call payment get "{\"order_id\":$O}" | jq -r .gateway_ref)"

# A declined card: 400 REJECT_CARD_PAYMENT is payment_declined, no order.
out=$(place_json 4000000000000002)
check_eq "a 4xx decline is payment_declined" payment_declined "$(echo "$out" | jq -r .error.code)"

# A cancelled order is refunded by a cancel call.
out=$(place_json); C=$(echo "$out" | jq -r .order_id)
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json status $C | jq -e '.status == \"PAID\"'"
jbd minji cancel "$C" >/dev/null
wait_for 5 pay_status_is "$C" REFUNDED && ok "a cancelled order is refunded" || fail "refund: $(pay_status "$C")"
key=$(jbd admin call payment get "{\"order_id\":$C}" | jq -r .gateway_ref)
check_eq "by one cancel call with a reason" 1 \
    "$(received "/v1/payments/$key/cancel" | jq '[.[] | select(.status == 200 and (.body.cancelReason | length) > 0)] | length')"

# A cancel the gateway fails (500) is kept, across a restart, and tried
# again until it is taken.
out=$(place_json); R=$(echo "$out" | jq -r .order_id)
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json status $R | jq -e '.status == \"PAID\"'"
ctl '{"fail_match":"cancelReason"}'
jbd minji cancel "$R" >/dev/null
key=$(jbd admin call payment get "{\"order_id\":$R}" | jq -r .gateway_ref)
failed_cancels() { [ "$(received "/v1/payments/$key/cancel" | jq '[.[] | select(.status == 500)] | length')" -ge 2 ]; }
wait_for 10 failed_cancels && ok "a failed cancel is tried again" || fail "no retry of the cancel"
check_eq "meanwhile the payment is REFUNDING" REFUNDING "$(pay_status "$R")"
stop "$DAEMON"   # the refund owed survives a restart
ctl '{"fail_match":null}'
start_daemon $ARGS
wait_for 10 pay_status_is "$R" REFUNDED && ok "and refunded, after a restart, once the gateway takes it" || fail "refund lost: $(pay_status "$R")"

# A slow gateway (400-620 ms, deadline 610 ms): the breaker opens.
ctl '{"latency_ms":[400,620]}'
n=0
while ! breaker_is open && [ $n -lt 40 ]; do
	out=$(place_json)
	[ "$(echo "$out" | jq -r .status)" = PAID ] && PAID="$PAID $(echo "$out" | jq -r .order_id)"
	n=$((n + 1))
done
check_eq "a slow gateway opens the breaker (after $n orders)" open "$(breaker)"
jbd admin stats | jq -c '.order.breaker' | sed 's/^/# breaker: /'

# While open: refused at once, with a retry-after; timed on the wire.
t0=$(date +%s%N)
out=$(place_json)
t1=$(date +%s%N)
check_eq "while open, an order is payment_unavailable" payment_unavailable "$(echo "$out" | jq -r .error.code)"
check "with a retry_after_ms" test "$(echo "$out" | jq -r '.error.retry_after_ms // 0')" -gt 0
cli_ms=$(( (t1 - t0) / 1000000 ))
echo "# refusal through the CLI (whole process): $cli_ms ms"
rtt=$("$PY" - "$FRONT" "$(token minji)" <<'EOF'
import json, sys, time, zmq
ep, token = sys.argv[1], sys.argv[2]
s = zmq.Context().socket(zmq.DEALER)
s.setsockopt(zmq.LINGER, 0)
s.connect(ep)
def call(msg):
    t = time.perf_counter()
    s.send(json.dumps(msg).encode())
    while s.poll(3000):
        m = json.loads(s.recv_multipart()[-1])
        if m.get("type") == "reply" and m.get("id") == msg["id"]:
            return (time.perf_counter() - t) * 1000.0, m
    return None, None
call({"type": "hello", "id": "h", "token": token})
body = {"shop_id": "chicken", "items": [{"item_id": "fried", "qty": 2}],
        "address": "x", "card": "4111111111111111"}
times = []
for i in range(5):
    ms, m = call({"type": "request", "id": "rt%d-%d" % (i, time.time_ns()),
                  "service": "order", "method": "place", "body": body})
    if m is None or m.get("ok") or m["error"]["code"] != "payment_unavailable":
        print("bad", json.dumps(m))
        sys.exit(0)
    times.append(ms)
times.sort()
print("%.2f %.2f" % (times[len(times) // 2], times[-1]))
EOF
)
echo "# refusal round trip on the wire (median, max of 5): $rtt ms"
# Refused at once, not after waiting for payment: the median is far below
# the payment deadline (610 ms). The figures are printed above; speed
# itself is measured by make bench, not asserted here.
check "refused without waiting for the payment deadline (median under 300 ms)" \
    awk -v t="${rtt% *}" 'BEGIN { exit !(t + 0 > 0 && t + 0 < 300) }'

# The gateway recovers: after open_ms a probe goes through and closes it.
ctl '{"latency_ms":0}'
wait_for 10 breaker_is half-open && ok "after open_ms the breaker is half-open" || fail "not half-open: $(breaker)"
out=$(place_json)
check_eq "the probe order is paid" PAID "$(echo "$out" | jq -r .status)"
PAID="$PAID $(echo "$out" | jq -r .order_id)"
check_eq "and the breaker is closed again" closed "$(breaker)"
out=$(place_json)
check_eq "orders flow again" PAID "$(echo "$out" | jq -r .status)"
PAID="$PAID $(echo "$out" | jq -r .order_id)"

# Nothing refused or abandoned reached the shop: its queue is exactly the
# paid orders.
want=$(echo $PAID | tr ' ' '\n' | grep -v "^$C\$" | sort -n | tr '\n' ' ')
wait_for 5 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner --json shop queue | jq '[.orders[] | select(.status != \"CANCELLED\")] | length')\" = $(echo $want | wc -w) ]"
check_eq "the shop's queue holds exactly the paid orders" "$want" \
    "$(jbd chicken_owner shop queue | jq -r '.orders[] | select(.status != "CANCELLED") | .order_id' | sort -n | tr '\n' ' ')"

# No charge is left without an order: every approved confirm of an order
# that is not paid has a matching cancel (refunds are retried until done).
unsettled() {
	received /v1/payments/ | jq -r --arg paid " $PAID " '
	    [.[] | select(.status == 200)] as $ok
	    | [$ok[] | select(.path | endswith("/cancel")) | .path | split("/")[3]] as $cancelled
	    | $ok[] | select(.path == "/v1/payments/confirm")
	    | (.body.orderId | ltrimstr("baedal-")) as $o
	    | select($paid | contains(" " + $o + " ") | not)
	    | .body.paymentKey as $k | select($cancelled | index($k) | not)
	    | .body.orderId'
}
settled() { [ -z "$(unsettled)" ]; }
wait_for 15 settled
check_eq "every charge of an order that was not paid was cancelled" "" "$(unsettled | tr '\n' ' ')"
abandoned=$(received /v1/payments/ | jq -r '.[] | select(.path | endswith("/cancel")) | .path' | wc -l)
echo "# cancels sent for abandoned/cancelled orders: $abandoned"
not_void() {
	jbd admin events --type order.payment_abandoned | jq -r .order_id | while read -r o; do
		s=$(pay_status "$o"); case $s in REFUNDED|VOID) ;; *) echo "$o:$s" ;; esac
	done
}
void_all() { [ -z "$(not_void)" ]; }
wait_for 15 void_all
bad=$(not_void)
check_eq "every abandoned order's payment is REFUNDED or VOID" "" "$bad"

# The gateway is down (connection refused): a clear error, no order.
stop "$DAEMON"
CLOSED=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
start_daemon --pg-url "http://127.0.0.1:$CLOSED"
before=$(jbd admin events --type order.paid | wc -l)
out=$(place_json)
check_eq "a gateway that is down gives payment_unavailable" payment_unavailable "$(echo "$out" | jq -r .error.code)"
echo "$out" | jq -r .error.message | sed 's/^/# /'
check_eq "and establishes no order" "$before" "$(jbd admin events --type order.paid | wc -l)"
finish
