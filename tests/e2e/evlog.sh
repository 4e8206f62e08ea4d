# evlog.sh: the durable event log: publish, resume from an offset, no loss
# or duplicates, filters, flow control, and survival of SIGKILL.
. "$(dirname "$0")/lib.sh"

start_daemon --services none
SVC=$(token svc)

events() { test_events "$@"; }

out=$(raw publish "$BACK" "$SVC" "$(events 5 1)")
check_eq "publish is acknowledged with seqs" "[1,2,3,4,5]" "$(echo "$out" | jq -c .result.seqs)"
out=$(raw publish "$BACK" "$SVC" "$(events 2 4)")
check_eq "a repeated key is not appended twice" "[4,5]" "$(echo "$out" | jq -c .result.seqs)"
check_eq "the log holds 5 events" "1 2 3 4 5" "$(jbd admin events | jq .seq | tr '\n' ' ' | sed 's/ $//')"

# A subscriber stops, events are published, it comes back from its offset.
jbd admin events --from 0 >"$T/first.out"
last=$(tail -n 1 "$T/first.out" | jq .seq)
raw publish "$BACK" "$SVC" "$(events 3 6)" >/dev/null
check_eq "a returning subscriber gets exactly the missed events" "6 7 8" \
    "$(jbd admin events --from "$last" | jq .seq | tr '\n' ' ' | sed 's/ $//')"

# A follower survives a broker restart: resumes, no loss, no duplicates.
bg follower "$BIN/baedal" --home "$HOME_DIR" --connect "$FRONT" --user admin --json events --follow --from 0
FOLLOW=$LAST_PID
wait_for 5 sh -c "[ \$(grep -c seq '$T/follower.log') -ge 8 ]"
stop "$DAEMON" KILL
start_daemon --services none
raw publish "$BACK" "$SVC" "$(events 4 9)" >/dev/null
wait_for 15 sh -c "[ \$(grep -c seq '$T/follower.log') -ge 12 ]"
check_eq "a follower resumes after the broker restarts, in order, once each" \
    "1 2 3 4 5 6 7 8 9 10 11 12" "$(jq -r .seq "$T/follower.log" | tr '\n' ' ' | sed 's/ $//')"
stop "$FOLLOW"

# Filters: a customer sees only their own events.
raw publish "$BACK" "$SVC" "$(events 2 100 junho)" >/dev/null
check_eq "a customer's events are only their own" "minji" \
    "$(jbd minji events | jq -r .customer_id | sort -u)"
check_eq "junho sees his 2 events" 2 "$(jbd junho events | grep -c seq)"
check_eq "a customer cannot ask for another customer's events" forbidden \
    "$(raw send "$FRONT" --token "$(token minji)" '{"type":"subscribe","id":"s","sub":"x","filter":{"customer_id":"junho"}}' | jq -r 'select(.id=="s") | .error.code')"
check_eq "an owner sees only their shop" 0 \
    "$(jbd bunsik_owner events | grep -c seq)"

# Flow control: a backlog far larger than the window arrives whole.
i=0
while [ $i -lt 6 ]; do
	raw publish "$BACK" "$SVC" "$(events 250 $((1000 + i * 250)))" >/dev/null
	i=$((i + 1))
done
n=$(jbd admin events --type order.test | jq .seq | awk 'NR>1 && $1<=prev {bad=1} {prev=$1; n++} END {print (bad ? "unordered" : n)}')
check_eq "1514 events arrive in order through a 512-event window" 1514 "$n"

# An event too large to deliver is refused when published, not stored.
big=$($PY -c 'import json; print(json.dumps([{"type":"order.test","data":{"x":"a"*64600}}]))')
check_eq "an oversized event is refused with too_large" too_large \
    "$(raw publish "$BACK" "$SVC" "$big" | jq -r .error.code)"

# A subscriber that never acknowledges gets one window, then is told.
raw listen "$FRONT" "$(token admin)" '{"type":"subscribe","id":"s","sub":"slow","from":0}' 1 >"$T/slow.out"
check_eq "an unacknowledging subscriber gets one window of events" 512 \
    "$(jq -r 'select(.type == "event") | .event.seq' "$T/slow.out" | wc -l)"
check_eq "and is told it is behind, once, from where it stopped" "512" \
    "$(jq -r 'select(.type == "behind") | .seq' "$T/slow.out" | tr '\n' ' ' | sed 's/ $//')"

# SIGKILL right after acknowledgements: every acknowledged event survives.
acked=$(publish_acked "$SVC")
stop "$DAEMON" KILL
start_daemon --services none
check_eq "every acknowledged event is in the log after SIGKILL" "$acked" \
    "$(jbd admin events --from 1513 | jq 'select(.order_id >= 5000)' | grep -c '"seq"')"
finish
