# lease_election.sh: the store of leases (a JetStream key-value bucket
# with 3 replicas) stops answering for longer than a lease lives, as
# while it elects a leader after its host is lost: the server leading
# the bucket is SIGSTOPped. The order service's holder cannot renew its
# lease: it pauses (acts on nothing) instead of exiting, and once the
# bucket answers again it renews the lease under the same epoch before
# its standby may take it, and goes on; a request sent meanwhile is
# answered then. Nothing is paid twice.
. "$(dirname "$0")/lib.sh"

LEASE=1500
start_nats_cluster
start_fake
start_tries --log "$URLS" || { fail "baedald did not start"; tail -3 "$T/baedald.log"; finish; }
wait_for 20 shops_ready || { fail "the demo shops were not announced"; finish; }
stop "$DAEMON"
start_tries --log "$URLS" --pg-url "$FAKE_URL" \
    --services store,payment,delivery,notify,view ||
    { fail "baedald did not start again"; tail -3 "$T/baedald.log"; finish; }
SVC_TOKEN=$(token svc)
# Order on two "hosts" (a directory each), with a lease.
for h in 1 2; do
	mkdir -m 700 "$T/h$h"
	bg "svc-order-$h" "$BIN/baedald" --home "$T/h$h" --service order \
	    --broker "$BACK" --token "$SVC_TOKEN" --lease-ms "$LEASE"
	eval "PID_$h=\$LAST_PID"
	[ "$h" = 1 ] && wait_for 20 grep -q "holds the lease" "$T/svc-order-1.log"
done
check "order of host 2 waits as a standby" \
    wait_for 20 grep -q "standby, own events applied" "$T/svc-order-2.log"
stats() { jbd admin call broker stats; }
EPOCH=$(stats | jq -r .leases.order.epoch)
check_eq "order of host 1 holds the lease" "$PID_1" \
    "$(stats | jq -r .leases.order.holder | cut -d: -f2)"
check "an order is taken" test -n "$(place_paid)"

# The bucket's leader stops answering; the other servers are asked
# meanwhile.
L=$(nraw info KV_baedal_leases | jq -r '.cluster.leader // empty' | tr -d n)
check "the leases' bucket has a leader ($L)" test -n "$L"
[ -n "$L" ] || finish
OTHER=1; [ "$L" = 1 ] && OTHER=2
eval "NR=127.0.0.$OTHER:\$P$OTHER"
eval "kill -STOP \$NODE_$L"
bg place-meanwhile jbd minji --timeout 30000 order chicken friedx1 \
    --address '서울시 선거' --card 4111111111111111
WAITER=$LAST_PID
check "the holder, unable to renew, pauses" wait_for 20 \
    grep -q "the lease ran out before it was renewed; acting on nothing" \
    "$T/svc-order-1.log"
eval "kill -CONT \$NODE_$L"
check "  and once the bucket answers, renews it under the same epoch ($EPOCH)" \
    wait_for 30 grep -q "the lease is renewed (epoch $EPOCH)" "$T/svc-order-1.log"
check "  as the broker says" wait_for 10 sh -c \
    "'$BIN/baedal' --home '$HOME_DIR' --connect '$FRONT' --user admin --json call broker stats | jq -e '.leases.order.epoch == $EPOCH'"
check "  the same process" kill -0 "$PID_1"
check "the standby did not take it over" sh -c \
    "! grep -q 'holds the lease' '$T/svc-order-2.log'"
wait_for 30 sh -c "! kill -0 $WAITER 2>/dev/null"
# (Taken, or refused with a clear try-again when the stopped server held
# the log too; never left unanswered.)
check "the order placed meanwhile is answered: $(cat "$T/place-meanwhile.log")" \
    jq -e '.order_id > 0 or (.error.code | test("unavailable"))' \
    "$T/place-meanwhile.log"
check "orders go on" test -n "$(place_paid)"
check_eq "one order.paid per order" "" \
    "$(jbd admin events --type order.paid | jq -r .order_id | sort | uniq -d | tr '\n' ' ')"
finish
