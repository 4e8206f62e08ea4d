# extend.sh: the shop needs more time. After accepting, the owner adds 5,
# 10 or 15 minutes (at most 30 in all) while the order is accepted or
# cooking: the ETA moves in the order's answer, the view and the shop's
# queue, the timeline shows it, the customer is told once per extension;
# any other state, amount, order or shop is refused and changes nothing.
. "$(dirname "$0")/lib.sh"

start_daemon
wait_for 10 shops_ready
code() { jq -r '.error.code // .status'; }
view() { jbd minji status "$1"; }
eta_at() { view "$1" | jq -r .eta_at; }
ext_notes() { jbd minji inbox | jq "[.notifications[] | select(.order_id == $1 and .status == \"ETA_EXTENDED\")] | length"; }

O=$(place_paid)
check_eq "a paid order cannot be extended (not accepted yet)" invalid_state \
    "$(jbd chicken_owner shop extend "$O" 10 | code)"
bd chicken_owner shop accept "$O" --eta 30 >/dev/null
wait_for 5 sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user minji --json status $O | jq -e '.status == \"ACCEPTED\"'"
E0=$(eta_at "$O")

r=$(jbd chicken_owner shop extend "$O" 10)
check_eq "+10: the answer has the new ETA" "ACCEPTED 10 40 10" \
    "$(echo "$r" | jq -r '"\(.status) \(.minutes) \(.eta_min) \(.extended_min)"')"
check_eq "eta_at moved by 10 minutes" $((E0 + 600000)) "$(echo "$r" | jq .eta_at)"
wait_for 5 sh -c "[ \"\$($BIN/baedal --home $HOME_DIR --connect $FRONT --user minji --json status $O | jq .eta_at)\" = $((E0 + 600000)) ]" \
    && ok "the customer's view shows the new ETA" || fail "view eta_at: $(eta_at "$O")"
check_eq "and the view's eta_min" 40 "$(view "$O" | jq .eta_min)"
check_eq "the timeline shows it" "ETA_EXTENDED" \
    "$(view "$O" | jq -r '[.timeline[] | select(.status == "ETA_EXTENDED")][0].status')"
check "in words" sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user minji --json status $O | jq -e '[.timeline[] | select(.status == \"ETA_EXTENDED\")][0].text | contains(\"10분\")'"
wait_for 5 sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user chicken_owner --json shop queue | jq -e '.orders[] | select(.order_id == $O and .eta_min == 40)'" \
    && ok "the shop's queue shows the new ETA" || fail "queue: $(jbd chicken_owner shop queue | jq -c ".orders[] | select(.order_id == $O)")"

# Bad input changes nothing.
check_eq "7 minutes: a usage error in the CLI" usage "$(jbd chicken_owner shop extend "$O" 7 | jq -r .error.code)"
check_eq "7 minutes: bad_request from the store" bad_request \
    "$(jbd chicken_owner call store extend "{\"order_id\":$O,\"minutes\":7}" | code)"
check_eq "no minutes: bad_request" bad_request "$(jbd chicken_owner call store extend "{\"order_id\":$O}" | code)"
check_eq "an unknown order: not_found" not_found "$(jbd chicken_owner shop extend 999999 5 | code)"
check_eq "another shop's order: not_found" not_found "$(jbd bunsik_owner shop extend "$O" 5 | code)"
check_eq "a customer may not: forbidden" forbidden "$(jbd minji call store extend "{\"order_id\":$O,\"minutes\":5}" | jq -r .error.code)"
check_eq "+15 makes 25 minutes in all" 25 "$(jbd chicken_owner shop extend "$O" 15 | jq .extended_min)"
check_eq "+10 more would pass 30: invalid_state" invalid_state "$(jbd chicken_owner shop extend "$O" 10 | code)"
wait_for 5 sh -c "[ \"\$($BIN/baedal --home $HOME_DIR --connect $FRONT --user minji --json status $O | jq .eta_at)\" = $((E0 + 1500000)) ]" \
    && ok "the refused +10 left the ETA at +25" || fail "view eta_at: $(eta_at "$O")"
bd chicken_owner shop cook "$O" >/dev/null
check_eq "while cooking, +5 reaches 30" "COOKING 30" \
    "$(jbd chicken_owner shop extend "$O" 5 | jq -r '"\(.status) \(.extended_min)"')"
wait_for 5 sh -c "[ \"\$($BIN/baedal --home $HOME_DIR --connect $FRONT --user minji --json status $O | jq .eta_at)\" = $((E0 + 1800000)) ]" \
    && ok "the view's ETA moved by 30 minutes in all" || fail "view eta_at: $(eta_at "$O")"
bd chicken_owner shop ready "$O" >/dev/null
check_eq "a ready order cannot be extended" invalid_state "$(jbd chicken_owner shop extend "$O" 5 | code)"

# One notification per extension, after all the events have arrived.
wait_for 5 sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user minji --json inbox | jq -e '[.notifications[] | select(.order_id == $O and .status == \"READY\")] | length == 1'"
check_eq "the customer was told once per extension (3)" 3 "$(ext_notes "$O")"
check "in words, with the minutes" sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user minji --json inbox | jq -e '[.notifications[] | select(.order_id == $O and .status == \"ETA_EXTENDED\") | .text] | any(contains(\"15분\"))'"
check_eq "three timeline entries" 3 "$(view "$O" | jq '[.timeline[] | select(.status == "ETA_EXTENDED")] | length')"

# A retried request (same id) extends once and gets the first answer.
O2=$(place_paid)
bd chicken_owner shop accept "$O2" >/dev/null
frame="{\"type\":\"request\",\"id\":\"ext-$O2\",\"service\":\"store\",\"method\":\"extend\",\"body\":{\"order_id\":$O2,\"minutes\":10}}"
a1=$(raw send "$FRONT" --token "$(token chicken_owner)" "$frame" | jq -c 'select(.id == "ext-'"$O2"'") | .result.extended_min')
a2=$(raw send "$FRONT" --token "$(token chicken_owner)" "$frame" | jq -c 'select(.id == "ext-'"$O2"'") | .result.extended_min')
check_eq "a retried extend gets the first answer" "10 10" "$a1 $a2"
check_eq "and extended once: +5 more makes 15" 15 "$(jbd chicken_owner shop extend "$O2" 5 | jq .extended_min)"

# A pickup order too; a rejected one not.
P=$(jbd minji order chicken friedx1 --pickup --card 4111111111111111 | jq -r .order_id)
wait_for 5 sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user minji --json status $P | jq -e '.status == \"PAID\"'"
bd chicken_owner shop reject "$P" --code TOO_BUSY >/dev/null
check_eq "a rejected order cannot be extended" invalid_state "$(jbd chicken_owner shop extend "$P" 5 | code)"
finish
