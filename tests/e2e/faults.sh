# faults.sh: fault isolation. With store, delivery, notify and view each
# run as its own process and stopped, orders are still accepted; when each
# comes back it catches up from its offset, with no duplicates.
. "$(dirname "$0")/lib.sh"

# The first start seeds every service's data, then the daemon keeps only
# order and payment; the other four run as their own processes.
start_daemon
wait_for 10 shops_ready
stop "$DAEMON"
start_daemon --services order,payment
for s in store delivery notify view; do
	start_service "$s"
	eval "PID_$s=$SVC_PID"
done
wait_for 10 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin --json stats | jq '.broker.services | length')\" = 6 ]" \
    && ok "six services registered, four as their own processes" || fail "services did not register"

# Stop the four.
for s in store delivery notify view; do eval "stop \$PID_$s"; done
wait_for 8 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin --json stats | jq '.broker.services | length')\" = 2 ]" \
    && ok "store, delivery, notify and view are down" || fail "services still registered"

ids=""
for i in 1 2 3; do
	id=$(jbd minji order chicken "friedx$i" --address "서울시 $i" --card 4111111111111111 | jq -r '.order_id // empty')
	[ -n "$id" ] && ids="$ids $id"
done
check_eq "three orders are accepted while the shop side is down" 3 "$(echo $ids | wc -w)"
check_eq "with the view down, status says so rather than guess" service_unavailable \
    "$(jbd minji --timeout 300 status "$(echo $ids | cut -d' ' -f1)" | jq -r .error.code)"

# Bring them back, one by one: each catches up from its own offset.
for s in store delivery notify view; do start_service "$s"; done
queue_has_all() {
	q=$(jbd chicken_owner shop queue)
	for id in $ids; do echo "$q" | jq -e ".orders[] | select(.order_id == $id and .status == \"PAID\")" >/dev/null || return 1; done
}
wait_for 15 queue_has_all && ok "the shop queue catches up with all three" || fail "queue incomplete"
check_eq "no order appears twice in the queue" 3 "$(jbd chicken_owner shop queue | jq '[.orders[].order_id] | unique | length')"
views_paid() {
	for id in $ids; do jbd minji status "$id" | jq -e '.status == "PAID" and .delivery.status == "PENDING" and .payment.status == "APPROVED"' >/dev/null || return 1; done
}
wait_for 15 views_paid && ok "the view has all three, with payment and delivery" || fail "view incomplete"
inbox_done() { [ "$(jbd minji inbox | jq '[.notifications[] | select(.status == "PAID")] | length')" -ge 3 ]; }
wait_for 15 inbox_done
check_eq "the inbox has one notification per order, no duplicates" 3 \
    "$(jbd minji inbox | jq '[.notifications[] | select(.status == "PAID")] | length')"
check_eq "the owner was told once per order" 3 "$(jbd chicken_owner inbox | jq '.notifications | length')"

# A service restarted while orders flow: nothing lost, nothing doubled.
O=$(echo $ids | cut -d' ' -f1)
bd chicken_owner shop accept "$O" >/dev/null
pkill -TERM -f "baedald --home $HOME_DIR --service notify"
bd chicken_owner shop cook "$O" >/dev/null
start_service notify
wait_for 15 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json inbox | jq '[.notifications[] | select(.order_id == $O)] | length')\" = 3 ]" \
    && ok "notify restarted mid-stream: paid, accepted, cooking, once each" \
    || fail "inbox for $O: $(jbd minji inbox | jq -c "[.notifications[] | select(.order_id == $O) | .status]")"
finish
