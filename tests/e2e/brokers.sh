# brokers.sh: two brokers sharing one JetStream log (a real nats-server),
# and through it their users: the second starts with an empty data
# directory and knows every token of the first. The services (each its own process) and the clients are given both
# brokers; when the first is SIGKILLed they move to the second at once
# (their connections are lost): orders are taken again within 2 s, a
# request retried there with the same id gets the first answer, and a
# follower resumes with every seq once. A SIGSTOPped broker (connections
# up, silent) is left after 3.5 s.
. "$(dirname "$0")/lib.sh"

NATS=/usr/sbin/nats-server
[ -x "$NATS" ] || make -C "$ROOT" deps >/dev/null 2>&1
[ -x "$NATS" ] || { fail "nats-server is not installed (make deps)"; finish; }
NP=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
bg nats "$NATS" -js -a 127.0.0.1 -p "$NP" -n bdl-brokers -sd "$T/js"
nraw() { "$PY" "$ROOT/tests/tools/natsraw.py" "127.0.0.1:$NP" "$@"; }
wait_for 15 nraw info none || { fail "nats-server did not start"; finish; }
LOG="--log nats://127.0.0.1:$NP --log-replicas 1"

# broker NAME: a broker with its own data directory $T/NAME, endpoints
# ipc://$T/NAME-front and -back, no services of its own. Sets LAST_PID.
broker() {
	# shellcheck disable=SC2086
	bg "broker-$1" "$BIN/baedald" --home "$T/$1" --bind "ipc://$T/$1-front" \
	    --services-bind "ipc://$T/$1-back" --services none $LOG
}
HOME_DIR=$T/a
broker a; A=$LAST_PID
wait_for 15 "$BIN/baedal" --home "$HOME_DIR" --connect "ipc://$T/a-front" --user admin ping ||
    { fail "broker a did not start"; tail "$T/broker-a.log"; finish; }
# The second broker starts with an empty data directory: it takes the
# users (token digests) the first one shared through JetStream.
broker b; B=$LAST_PID
FRONT="ipc://$T/a-front,ipc://$T/b-front"
wait_for 15 "$BIN/baedal" --home "$HOME_DIR" --connect "ipc://$T/b-front" --user admin ping ||
    { fail "broker b did not start"; tail "$T/broker-b.log"; finish; }
check "the second broker took the first one's users from the log" \
    grep -q "users shared by the log" "$T/broker-b.log"
check_eq "minji's token (made by the first broker) is hers at the second" minji \
    "$("$BIN/baedal" --home "$HOME_DIR" --connect "ipc://$T/b-front" --user minji --json call broker whoami | jq -r .user)"
check_eq "an unknown token is refused there" unauthorized \
    "$(raw send "ipc://$T/b-front" --token nosuchtoken | head -1 | jq -r .error.code)"

SVC=$(token svc)
mkdir -m 700 "$T/s"
for s in order payment store delivery notify view; do
	bg "svc-$s" "$BIN/baedald" --home "$T/s" --service "$s" --token "$SVC" \
	    --broker "ipc://$T/a-back,ipc://$T/b-back"
done
check "the services joined the first broker" wait_for 20 shops_ready
check "  and the order service holds the catalog" wait_for 20 orders_ready

bg follower "$BIN/baedal" --home "$HOME_DIR" --connect "$FRONT" --user admin --json events --follow --from 0
FOLLOW=$LAST_PID
place() {
	jbd minji --timeout 20000 order chicken friedx2 --address "brokers $1" \
	    --card 4111111111111111 | jq -r .order_id
}
O1=$(place 1)
check "an order is placed through the first broker" test -n "$O1" -a "$O1" != null
ask() {
	raw ask "$1" "$(token minji)" "{\"type\":\"request\",\"id\":\"fo-1\",\"service\":\"order\",\"method\":\"place\",\"body\":{\"shop_id\":\"chicken\",\"items\":[{\"item_id\":\"fried\",\"qty\":1}],\"address\":\"retried\",\"card\":\"4111111111111111\"}}" 20 |
	    tail -n 1 | jq -r .result.order_id
}
OA=$(ask "ipc://$T/a-front")
check "request fo-1 made an order at the first broker" test -n "$OA" -a "$OA" != null

# The first broker dies: everyone moves to the second, at once: the
# kernel closes a killed process's connections, which the services and the
# follower hear (client_eps.h), and a new CLI finds every connection to
# the first refused and leaves it after 0.5 s. Measured here: 0.6-0.9 s
# from the kill to the order's answer (the 3.5 s silence rule made it 4-5
# s); 2 s leaves room for a loaded machine and still fails that rule.
ms() { date +%s%3N; }
t0=$(ms)
stop "$A" KILL
O2=$(place 2)
t1=$(ms)
check "after SIGKILL of the first broker an order is taken (in $((t1 - t0)) ms)" \
    test -n "$O2" -a "$O2" != null
check "  within 2 s" test $((t1 - t0)) -lt 2000
check "  through the second broker" grep -q "service order joined" "$T/broker-b.log"
check_eq "  every service left the first broker as its connection was lost" 6 \
    "$(grep -l "(its connection was lost)" "$T"/svc-*.log | wc -l)"
# paid_seen ORDER: the follower has that order's order.paid.
paid_seen() { jq -s -e --argjson o "$1" 'any(.[]; .type == "order.paid" and .order_id == $o)' \
    "$T/follower.log" >/dev/null; }
wait_for 20 paid_seen "$O2"
t2=$(ms)
check "the follower had moved too: it got that order's order.paid $((t2 - t0)) ms after the kill" \
    test $((t2 - t0)) -lt 3000
check_eq "fo-1 retried at the second broker gets the first answer" "$OA" \
    "$(ask "ipc://$T/b-front")"
is_paid() { [ "$(jbd minji status "$O2" 2>/dev/null | jq -r .status)" = PAID ]; }
check "the view follows on from its offset" wait_for 15 is_paid

# A stopped broker keeps its connections open (the kernel still holds
# them): it is left after 3.5 s of silence. The first broker is back;
# the second is SIGSTOPped under the services and the follower, and a new
# CLI tries it first.
broker a; A=$LAST_PID
wait_for 15 "$BIN/baedal" --home "$HOME_DIR" --connect "ipc://$T/a-front" --user admin ping ||
    fail "broker a did not start again"
t0=$(ms)
kill -STOP "$B"
O3=$("$BIN/baedal" --home "$HOME_DIR" --connect "ipc://$T/b-front,ipc://$T/a-front" \
    --user minji --json --timeout 20000 order chicken friedx2 --address "brokers 3" \
    --card 4111111111111111 | jq -r .order_id)
t1=$(ms)
kill -CONT "$B"
check "with the second broker SIGSTOPped an order is taken at the first (in $((t1 - t0)) ms)" \
    test -n "$O3" -a "$O3" != null
check "  once it had been silent for 3.5 s, within 10 s" test $((t1 - t0)) -ge 3500 -a $((t1 - t0)) -lt 10000
check_eq "  every service left it as silent" 6 \
    "$(grep -l "(it was silent)" "$T"/svc-*.log | wc -l)"
check "the follower moved back to the first broker" wait_for 20 paid_seen "$O3"
# The stream's log, as every broker's copy numbers it (natsraw.py).
last=$(nraw events baedal | wc -l)
caught_up() { [ "$(grep -c '"seq"' "$T/follower.log")" -ge "$last" ]; }
check "the follower caught up with the stream" wait_for 20 caught_up
check_eq "and got every seq once, in order" "$last" \
    "$(jq .seq "$T/follower.log" | awk 'NR != $1 {bad=1} END {print (bad ? "gap" : NR)}')"
check_eq "one order.paid per order, $O1 $OA $O2 $O3" 4 \
    "$(jq -r 'select(.type == "order.paid") | .order_id' "$T/follower.log" | sort -u | wc -l)"
stop "$FOLLOW"
finish
