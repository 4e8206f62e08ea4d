# replicas.sh: two processes of one service share its work: requests take
# turns, every event takes effect once, and either can die.
. "$(dirname "$0")/lib.sh"

start_daemon
wait_for 10 shops_ready
stop "$DAEMON"
start_daemon --services order,payment,store,delivery
start_service notify; N1=$SVC_PID
start_service notify; N2=$SVC_PID
start_service view; V1=$SVC_PID
start_service view; V2=$SVC_PID
wait_for 10 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin --json stats | jq '.broker.services.notify + .broker.services.view')\" = 4 ]" \
    && ok "two notify and two view replicas registered" || fail "replicas did not register"

ids=""
for i in 1 2 3 4; do
	ids="$ids $(jbd minji order chicken "friedx$i" --address "서울시 $i" --card 4111111111111111 | jq -r .order_id)"
done
for id in $ids; do bd chicken_owner shop accept "$id" >/dev/null; done
count() { jbd minji inbox --limit 200 | jq '.notifications | length'; }
wait_for 15 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json inbox --limit 200 | jq '.notifications | length')\" -ge 8 ]"
check_eq "with two notify replicas each change is notified once" 8 "$(count)"
check_eq "the owner got one notification per order" 4 "$(jbd chicken_owner inbox | jq '.notifications | length')"
check_eq "notification events are not doubled" 12 "$(jbd admin events --type notification. | wc -l)"
for id in $ids; do
	check_eq "order $id: one timeline entry per change" "PAID ACCEPTED" \
	    "$(jbd minji status "$id" | jq -r '[.timeline[].status | select(test("^[A-Z]+$"))] | join(" ")')"
done

# One replica dies: the other carries on alone.
stop "$V1" KILL
stop "$N1" KILL
O=$(jbd minji order chicken banban --address '서울시 5' --card 4111111111111111 | jq -r .order_id)
wait_for 15 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json status $O | jq -e '.status == \"PAID\"'" \
    && ok "after a replica is killed the other serves" || fail "no view after a replica died"
wait_for 10 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json inbox --limit 200 | jq '.notifications | length')\" -ge 9 ]"
check_eq "and notifies once" 9 "$(count)"
finish
