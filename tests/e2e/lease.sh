# lease.sh: two live replicas each of order, payment and store, with a
# data directory each (hosts h1 and h2) and --lease-ms: only the lease's
# holder acts; the other waits as a standby, applying its own events as
# the holder makes them. The holders of order and payment are SIGSTOPped
# mid-run: the standbys take over once the leases run out, orders flow
# again, and the old holders, SIGCONTed, find themselves fenced (they
# exit 75 without writing to the log). A publish under an old epoch is
# refused. Afterwards: one order.paid and one payment.approved per order,
# one charge per order at the gateway, and a standby restarted from a
# new database. A holder stopped cleanly hands over at once.
# LEASE_LOG=nats runs the same with two brokers on one nats-server, the
# replicas of each service on different brokers (lease_nats.sh).
. "$(dirname "$0")/lib.sh"

LEASE=1500
start_fake
PG=$FAKE_URL
LOGARGS=""
if [ "${LEASE_LOG:-}" = nats ]; then
	start_nats
	LOGARGS="--log nats://127.0.0.1:$NP --log-replicas 1"
fi
# A first start makes the users and announces the demo shops.
start_daemon $LOGARGS
wait_for 10 shops_ready
stop "$DAEMON"
start_daemon $LOGARGS --pg-url "$PG" --services delivery,notify,view
SVC_TOKEN=$(token svc)
BACK2=$BACK
if [ "${LEASE_LOG:-}" = nats ]; then
	# A second broker on the same log: host 2's replicas use it first.
	BACK2=ipc://$T/back2
	mkdir -m 700 "$T/b2" # its own copy of the stream; the users are shared
	bg baedald2 "$BIN/baedald" --home "$T/b2" --bind "ipc://$T/front2" \
	    --services-bind "$BACK2" $LOGARGS --services none
	wait_for 15 "$BIN/baedal" --home "$HOME_DIR" --connect "ipc://$T/front2" \
	    --user admin ping || fail "the second broker did not start"
fi
# up HOST SERVICE: SERVICE as a process of host HOST (its own directory
# $T/hHOST), with a lease; sets PID_HOST_SERVICE. With two brokers, host
# 1 uses the first first, host 2 the second.
up() {
	mkdir -p "$T/h$1"
	brokers=$BACK
	[ "$BACK2" != "$BACK" ] && brokers="$BACK,$BACK2"
	[ "$BACK2" != "$BACK" ] && [ "$1" = 2 ] && brokers="$BACK2,$BACK"
	bg "svc-$2-$1" "$BIN/baedald" --home "$T/h$1" --service "$2" \
	    --broker "$brokers" --token "$SVC_TOKEN" --pg-url "$PG" \
	    --lease-ms "$LEASE"
	eval "PID_$1_$2=\$LAST_PID"
}
stats() { jbd admin call broker stats; }
# more FILE PATTERN N: FILE has more than N lines with PATTERN.
more() { [ "$(grep -c "$2" "$1")" -gt "$3" ]; }
holder_pid() { stats | jq -r ".leases.$1.holder // empty" | cut -d: -f2; }
for s in order payment store; do up 1 "$s"; done
wait_for 20 shops_ready && wait_for 20 orders_ready ||
    { fail "host 1 did not come up"; tail -n 5 "$T"/svc-*-1.log; finish; }
for s in order payment store; do up 2 "$s"; done
for s in order payment store; do
	check "$s of host 2 waits as a standby" \
	    wait_for 20 grep -q "standby, own events applied" "$T/svc-$s-2.log"
	eval "pid=\$PID_1_$s"
	check_eq "  and $s of host 1 holds the lease" "$pid" "$(holder_pid "$s")"
done
# Only the holders are registered: with two brokers, each holder twice
# on its first (its connection and its side door, svc_sides.h).
doors=1; [ "$BACK2" != "$BACK" ] && doors=2
check_eq "only the holders are registered ($doors each)" "$doors $doors $doors" \
    "$(stats | jq -r '"\(.services.order) \(.services.payment) \(.services.store)"')"

O1=$(place_paid)
O2=$(place_paid friedx2)
check "orders are taken" test -n "$O1" -a -n "$O2"
check_eq "an owner's accept is answered" ACCEPTED \
    "$(jbd chicken_owner shop accept "$O1" | jq -r '.status // .error.code')"
# The standby applies its holder's events as they come.
sees() { [ "$(sqlite3 "$T/h2/order.db" "SELECT status FROM orders WHERE id = $1")" = "$2" ]; }
check "the standby order replica has the accepted order" wait_for 10 sees "$O1" ACCEPTED

# Host 1's order and payment stop (SIGSTOP): their leases run out.
kill -STOP "$PID_1_order" "$PID_1_payment"
t0=$(date +%s)
tries=0
while :; do
	tries=$((tries + 1))
	R=$(jbd minji --timeout 5000 order chicken friedx1 --address '서울시 1' \
	    --card 4111111111111111)
	O3=$(echo "$R" | jq -r '.order_id // empty')
	[ -n "$O3" ] && break
	[ $tries -ge 20 ] && break
	sleep 0.5
done
check "with the holders stopped, an order is taken again in $(( $(date +%s) - t0 )) s ($tries tries; lease $LEASE ms)" \
    test -n "$O3"
[ -n "$O3" ] || { echo "$R"; tail -n 8 "$T/svc-order-2.log" "$T/svc-payment-2.log"; }
# holds SERVICE PID: the broker asked says PID holds SERVICE's lease (a
# broker reads a lease again when a worker or a publish needs it: the
# new holder's registration there, once it has caught up).
holds() { [ "$(holder_pid "$1")" = "$2" ]; }
for s in order payment; do
	check "  $s of host 2 holds the lease now" grep -q "holds the lease" "$T/svc-$s-2.log"
	eval "pid=\$PID_2_$s"
	check "  as the broker says" wait_for 10 holds "$s" "$pid"
done
check_eq "the order accepted before is moved on by the new holder" COOKING \
    "$(jbd chicken_owner shop cook "$O1" | jq -r '.status // .error.code')"

# A publish under host 1's epoch, now over, is refused.
EPOCH=$(stats | jq -r .leases.order.epoch)
OLD=$((EPOCH - 1))
R=$(raw send "$BACK" --token "$SVC_TOKEN" "{\"type\":\"publish\",\"id\":\"zombie\",\"service\":\"order\",\"epoch\":$OLD,\"events\":[{\"type\":\"order.zombie\",\"key\":\"z1\",\"order_id\":1,\"data\":{}}]}" | grep zombie)
check_eq "a publish under an old epoch ($OLD < $EPOCH) is refused as fenced" fenced \
    "$(echo "$R" | jq -r .error.code)"
check_eq "  and not stored" 0 "$(jbd admin events --type order.zombie | wc -l)"
R=$(raw send "$BACK" --token "$SVC_TOKEN" '{"type":"publish","id":"zombie2","service":"order","epoch":"x","events":[{"type":"order.zombie","data":{}}]}' | grep zombie2)
check_eq "an epoch that is not a number is a bad request" bad_request \
    "$(echo "$R" | jq -r .error.code)"
R=$(raw send "$FRONT" --token "$(token minji)" '{"type":"request","id":"l1","service":"broker","method":"lease","body":{"service":"order","holder":"me","ttl_ms":60000}}' | grep '"l1"')
check_eq "a customer cannot take a lease" forbidden "$(echo "$R" | jq -r .error.code)"
R=$(raw send "$BACK" --token "$SVC_TOKEN" '{"type":"request","id":"l2","service":"broker","method":"lease","body":{"service":"order","holder":"me","ttl_ms":600000}}' | grep '"l2"')
check_eq "nor anyone for more than a minute" bad_request "$(echo "$R" | jq -r .error.code)"

# Host 1's processes wake up: fenced, they stop.
kill -CONT "$PID_1_order" "$PID_1_payment"
for s in order payment; do
	eval "pid=\$PID_1_$s"
	wait_for 15 sh -c "! kill -0 $pid 2>/dev/null"
	wait "$pid"
	check_eq "$s of host 1, woken, exits 75 (fenced)" 75 $?
	check "  saying why" grep -q "fenced:" "$T/svc-$s-1.log"
done

O4=$(place_paid)
check "orders go on" test -n "$O4"
if [ "$BACK2" != "$BACK" ]; then
	# The holder is reachable from both brokers (its side doors).
	R=$("$BIN/baedal" --home "$HOME_DIR" --connect "ipc://$T/front2" --user minji \
	    --json order chicken friedx1 --address '서울시 2' --card 4111111111111111)
	check "an order through the second broker is taken too" \
	    test -n "$(echo "$R" | jq -r '.order_id // empty')"
	check "  the holders take requests through both brokers" \
	    grep -q "taking requests through" "$T/svc-order-2.log"
fi
# One of each per order, whoever made it.
dups() { jbd admin events --type "$1" | jq -r .order_id | sort | uniq -d | tr '\n' ' '; }
check_eq "one order.paid per order" "" "$(dups order.paid)"
check_eq "one payment.approved per order" "" "$(dups payment.approved)"
check_eq "one charge per order at the gateway" "" \
    "$(curl -s -m 5 "$PG/_received?path=/v1/payments/confirm" |
    jq -r '.[] | select(.status == 200) | .body.orderId' | sort | uniq -d | tr '\n' ' ')"
check_eq "every paid order was charged once" \
    "$(jbd admin events --type order.paid | wc -l)" \
    "$(curl -s -m 5 "$PG/_received?path=/v1/payments/confirm" | jq '[.[] | select(.status == 200)] | length')"

# Host 1's order comes back: from a new database, as a standby.
n=$(grep -c "standby, own events applied" "$T/svc-order-1.log")
held=$(grep -c "holds the lease" "$T/svc-order-1.log")
up 1 order
check "host 1's order, started again, is a standby" \
    wait_for 20 more "$T/svc-order-1.log" "standby, own events applied" "$n"
check "  from a new database (the old one kept aside)" test -f "$T/h1/order.db.prev"
check "  which has the orders taken while it was stopped" wait_for 10 sh -c \
    "[ \"\$(sqlite3 '$T/h1/order.db' 'SELECT count(*) FROM orders WHERE id = $O3')\" = 1 ]"

# The holder stops cleanly: it gives the lease up, so host 1 takes over
# at its next question, not once the lease would have run out.
stop "$PID_2_order"
given_up() {
	stats | jq -e --arg p "$PID_1_order" '.leases.order |
	    .expires_in_ms == 0 or (.holder | split(":")[1]) == $p'
}
check "a holder stopped cleanly gives its lease up" wait_for 5 given_up
check "  and host 1's order takes it" \
    wait_for 10 more "$T/svc-order-1.log" "holds the lease" "$held"
O5=$(place_paid)
check "  and orders go on" test -n "$O5"
check_eq "  numbered after the others" 1 "$([ "${O5:-0}" -gt "${O4:-0}" ] && echo 1)"

# The payment holder's host is lost while the gateway is charging: with
# a lease, payment announces the approve (payment.pending) before it asks
# the gateway, so the standby that takes over finds it in flight and
# cancels the charge once its deadline is past; the order is not paid.
n=$(grep -c "holds the lease" "$T/svc-payment-1.log")
up 1 payment
check "host 1's payment, started again, is a standby" \
    wait_for 20 more "$T/svc-payment-1.log" "standby, own events applied" 0
confirms() { curl -s -m 5 "$PG/_received?path=/v1/payments/confirm" | jq length; }
C0=$(confirms)
ctl '{"latency_ms": 1500}'
bg lost raw ask "$FRONT" "$(token minji)" '{"type":"request","id":"lease-lost","service":"order","method":"place","deadline_ms":3000,"body":{"shop_id":"chicken","items":[{"item_id":"fried","qty":1}],"address":"서울시 3","card":"4111111111111111"}}' 5
wait_for 10 sh -c "[ \"\$(curl -s -m 5 '$PG/_received?path=/v1/payments/confirm' | jq length)\" -gt $C0 ]" ||
    fail "the gateway was not asked"
KEY=$(curl -s -m 5 "$PG/_received?path=/v1/payments/confirm" | jq -r '.[-1].body.paymentKey')
LOST=$(curl -s -m 5 "$PG/_received?path=/v1/payments/confirm" | jq -r '.[-1].body.orderId' | sed 's/baedal-//')
check "the approve in flight was announced first (payment.pending, with its deadline)" sh -c \
    "'$BIN/baedal' --home '$HOME_DIR' --connect '$FRONT' --user admin --json events --type payment.pending | jq -e 'select(.order_id == $LOST and .data.deadline > .at)'"
stop "$PID_2_payment" KILL
ctl '{"latency_ms": 0}'
check "host 1's payment takes the lease over" \
    wait_for 20 more "$T/svc-payment-1.log" "holds the lease" "$n"
charged() { curl -s -m 5 "$PG/v1/payments/$KEY" | jq -r .status; }
check "the charge the lost host made is cancelled by the new holder" \
    wait_for 30 sh -c "[ \"\$(curl -s -m 5 '$PG/v1/payments/$KEY' | jq -r .status)\" = CANCELED ]"
[ "$(charged)" = CANCELED ] || { curl -s "$PG/v1/payments/$KEY"; tail -5 "$T/svc-payment-1.log"; }
check_eq "  and its order was not paid" "" \
    "$(jbd admin events --type order.paid | jq -r "select(.order_id == $LOST) | .order_id")"
# A holder whose lease runs out while nobody else can take it (its
# standby stopped, as when the lease store elects a leader) does not
# stop: it acts on nothing until it renews the lease, then goes on under
# the same epoch and answers what came meanwhile.
stop "$PID_2_store"
SE=$(stats | jq -r .leases.store.epoch)
kill -STOP "$PID_1_store"
bg shops-meanwhile jbd minji --timeout 20000 shops
WAITER=$LAST_PID
check "the stopped store holder's lease runs out" wait_for 10 sh -c \
    "[ \"\$('$BIN/baedal' --home '$HOME_DIR' --connect '$FRONT' --user admin --json call broker stats | jq .leases.store.expires_in_ms)\" = 0 ]"
kill -CONT "$PID_1_store"
check "  woken, it renews it under the same epoch ($SE)" wait_for 10 \
    grep -q "the lease is renewed (epoch $SE)" "$T/svc-store-1.log"
check "  after acting on nothing meanwhile" \
    grep -q "the lease ran out before it was renewed; acting on nothing" "$T/svc-store-1.log"
check "  and goes on (the same process)" kill -0 "$PID_1_store"
check_eq "  the broker's epoch is the same" "$SE" "$(stats | jq -r .leases.store.epoch)"
wait_for 10 sh -c "! kill -0 $WAITER 2>/dev/null"
check "  the request sent while it was stopped is answered" \
    jq -e '.shops | length > 0' "$T/shops-meanwhile.log"
check_eq "  and the next one too" chicken \
    "$(jbd minji shops | jq -r '.shops[] | select(.id == "chicken") | .id')"
finish
