# logstall.sh: while the JetStream log cannot take writes (its only
# server SIGSTOPped), a place is answered "try again"
# (service_unavailable) at once, charges nothing and makes no order; an
# order acknowledged just before is kept and announced once the log is
# back, and places are taken again.
. "$(dirname "$0")/lib.sh"

start_nats
start_daemon --log "nats://127.0.0.1:$NP" --log-replicas 1 --log-max-wait-ms 800
wait_for 15 shops_ready
wait_for 15 orders_ready
place() {
	jbd minji --timeout 8000 order chicken friedx1 --address "stall $1" \
	    --card 4111111111111111
}
check "an order is taken while the log is up" sh -c "$(command -v jq) -e .order_id >/dev/null <<EOF
$(place 0)
EOF"
orders() { sqlite3 "$HOME_DIR/order.db" "SELECT count(*) FROM orders WHERE status != 'FAILED'"; }
charges() { sqlite3 "$HOME_DIR/payment.db" "SELECT count(*) FROM payments"; }

kill -STOP "$NATS_PID"
# The first place after the stop may still be taken (the service learns
# that the log is stuck from its publishes): it must be kept.
place 1 >"$T/p1.json"
A1=$(jq -r '.order_id // empty' "$T/p1.json")
# Places go on until the order service sees a publish unanswered for 1 s;
# those are real orders. The one refused must have made nothing.
refused() {
	n0=$(orders); c0=$(charges)
	t0=$(date +%s%N)
	place 2 >"$T/p2.json"
	T2=$(( ($(date +%s%N) - t0) / 1000000 ))
	[ "$(jq -r .error.code "$T/p2.json")" = service_unavailable ]
}
check "with the log stalled, a place is refused service_unavailable" wait_for 10 refused
check "  saying to try again" grep -q "try again" "$T/p2.json"
check "  at once (in $T2 ms)" test "$T2" -lt 1000
t0=$(date +%s%N); jbd admin ping >/dev/null
check "the broker itself still answers at once ($(( ($(date +%s%N) - t0) / 1000000 )) ms)" \
    test $(( ($(date +%s%N) - t0) / 1000000 )) -lt 1000
check_eq "  making no order" "$n0" "$(orders)"
check_eq "  and charging nothing" "$c0" "$(charges)"
kill -CONT "$NATS_PID"
taken() { place 3 >"$T/p3.json"; jq -e .order_id "$T/p3.json"; }
check "once the log is back, places are taken again" wait_for 20 taken
if [ -n "$A1" ]; then
	paid() { [ "$(jbd minji status "$A1" | jq -r .status)" = PAID ]; }
	check "the order taken as the log stalled ($A1) reached the view" wait_for 20 paid
else
	ok "the place right after the stall was refused too ($(jq -c .error.code "$T/p1.json"))"
fi
check_eq "the log has no gap, all the stream holds" "$(nraw events baedal | wc -l)" \
    "$(jbd admin events | jq .seq | awk 'NR != $1 {bad=1} END {print (bad ? "gap" : NR)}')"
stop "$DAEMON"
finish
