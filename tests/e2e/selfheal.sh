# selfheal.sh: with --processes every service is its own process; one that
# dies is started again, catches up, and orders keep flowing.
. "$(dirname "$0")/lib.sh"

start_daemon --processes
wait_for 10 shops_ready
svc_pid() { pgrep -f "baedald --home $HOME_DIR .*--service $1 " | head -n 1; }
check_eq "six service processes" 6 "$(pgrep -f "baedald --home $HOME_DIR .*--service " | wc -l)"

O=$(jbd minji order chicken friedx2 --address '서울시 1' --card 4111111111111111 | jq -r .order_id)
old=$(svc_pid store)
kill -9 "$old"
O2=$(jbd minji order chicken yangnyeom --address '서울시 2' --card 4111111111111111 | jq -r .order_id)
check "an order is taken while the store is dead" test -n "$O2"
new_store() { p=$(svc_pid store); [ -n "$p" ] && [ "$p" != "$old" ]; }
wait_for 10 new_store && ok "the killed store is started again" || fail "store not restarted"
in_queue() { jbd chicken_owner shop queue | jq -e ".orders[] | select(.order_id == $O2)" >/dev/null; }
wait_for 10 in_queue && ok "the restarted store caught up with the order it missed" || fail "queue missing $O2"
bd chicken_owner shop accept "$O2" >/dev/null
accepted() { jbd minji status "$O2" | jq -e '.status == "ACCEPTED"' >/dev/null; }
wait_for 10 accepted && ok "and acts on it" || fail "accept after restart failed"
grep -q "service store (process $old) was killed by signal 9; restarting" "$T/baedald.log" \
    && ok "the restart is logged" || fail "no restart log line"

stop "$DAEMON"
check_eq "stopping the daemon stops every service process" 0 \
    "$(pgrep -f "baedald --home $HOME_DIR .*--service " | wc -l)"
finish
