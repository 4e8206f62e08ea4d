# rider.sh: the rider flow. Riders see the deliveries whose order is
# READY, nearest first; of two riders claiming one at once (two client
# processes, two delivery service processes) exactly one wins and the
# other is told it is taken; only the rider who holds it marks it picked
# up and delivered, and the order follows (DELIVERING, DELIVERED) with the
# rider in the customer's status, timeline and notifications; customers
# and owners cannot claim; bad ids and positions change nothing; a shop
# still delivers by itself; a silent rider's claim is released after
# --rider-timeout-ms, a rider who keeps calling keeps theirs.
. "$(dirname "$0")/lib.sh"

start_daemon
wait_for 10 shops_ready
AT=37.5563,126.9220      # 바삭치킨's demo position
code() { jq -r '.error.code // .status'; }
dstat() { jbd admin call delivery get "{\"order_id\":$1}" | jq -r "$2"; }
st() { jbd minji status "$1" | jq -r "$2"; }
status_is() { [ "$(st "$1" .status)" = "$2" ]; }
dstatus_is() { [ "$(dstat "$1" .status)" = "$2" ]; }
listed() { jbd "$1" rider available --at "$AT" | jq -e --argjson o "$2" '.deliveries[] | select(.order_id == $o)'; }
devents() { jbd admin events --type delivery. | wc -l; }

# Not ready yet: not listed, not claimable.
O=$(place_paid)
wait_for 5 dstatus_is "$O" PENDING
check_fails "an order not ready is not listed" listed rider1 "$O"
check_eq "nor claimed" invalid_state "$(jbd rider1 rider claim "$O" | code)"
for a in accept cook ready; do jbd chicken_owner shop $a "$O" >/dev/null; done
wait_for 5 listed rider1 "$O" && ok "a READY order is listed for riders" || fail "READY order $O not listed"
check_eq "with its shop and distance from the rider" "바삭치킨|0" \
    "$(jbd rider1 rider available --at "$AT" | jq -r --argjson o "$O" '.deliveries[] | select(.order_id == $o) | "\(.shop_name)|\(.distance_m)"')"
d=$(jbd rider1 rider available --at 37.5653,126.9220 | jq -r --argjson o "$O" '.deliveries[] | select(.order_id == $o) | .distance_m')
check "1 km north is about 1,000 m ($d)" test "$d" -ge 980 -a "$d" -le 1020
check_eq "beyond radius_m it is not near" 0 \
    "$(jbd rider1 call delivery available '{"lat":37.5653,"lon":126.922,"radius_m":500}' | jq '.deliveries | length')"
check_eq "  and so says the CLI's --radius" "0|500" \
    "$(jbd rider1 rider available --at 37.5653,126.9220 --radius 500 | jq -r '"\(.deliveries | length)|\(.radius_m)"')"
check_eq "  while --radius 1500 takes it in" "$O" \
    "$(jbd rider1 rider available --at 37.5653,126.9220 --radius 1500 | jq -r --argjson o "$O" '.deliveries[] | select(.order_id == $o) | .order_id')"
# Nearest first: a ready order of 엄마손분식 (about 560 m from 바삭치킨).
BO=$(jbd minji order bunsik gimbapx3 --address '서울시 마포구 2' --card 4111111111111111 | jq -r .order_id)
wait_for 5 status_is "$BO" PAID
for a in accept cook ready; do jbd bunsik_owner shop $a "$BO" >/dev/null; done
wait_for 5 listed rider1 "$BO" || fail "bunsik's order $BO not listed"
first_from() { jbd rider1 rider available "$@" | jq -r --argjson a "$O" --argjson b "$BO" '[.deliveries[] | select(.order_id == $a or .order_id == $b)][0].order_id'; }
check_eq "at 바삭치킨, its delivery comes first" "$O" "$(first_from --at 37.5563,126.9220)"
check_eq "at 엄마손분식, its own" "$BO" "$(first_from --at 37.5610,126.9255)"
check_eq "without --at, the last position given" "$BO" "$(first_from)"
check_eq "or BAEDAL_RIDER_AT" "$O" "$(BAEDAL_RIDER_AT=37.5563,126.9220 first_from)"
check "the plain list shows it with its distance" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user rider1 rider available --at $AT | grep '^#$O ' | grep -q '0.0km'"

# Who may not claim, and bad input: nothing changes.
before=$(devents)
check_eq "a customer cannot claim" forbidden "$(jbd minji rider claim "$O" | code)"
check_eq "nor an owner" forbidden "$(jbd chicken_owner rider claim "$O" | code)"
check_eq "nor see what is available" forbidden "$(jbd minji rider available | code)"
check_eq "an unknown order" not_found "$(jbd rider1 rider claim 999999 | code)"
jbd rider1 rider claim abc >"$T/out"; rc=$?
check_eq "a word for an id is a usage error (exit 2)" "2|usage" "$rc|$(jq -r .error.code "$T/out")"
jbd rider1 rider claim 0 >/dev/null; check_eq "so is 0" 2 $?
jbd rider1 rider claim >/dev/null; check_eq "and no id" 2 $?
jbd rider1 rider available --at nowhere >/dev/null; check_eq "a bad --at too" 2 $?
jbd rider1 rider available --radius 0 >/dev/null; check_eq "a --radius of 0 too" 2 $?
check_eq "a --radius beyond 100 km is the service's bad_request" bad_request \
    "$(jbd rider1 rider available --radius 100001 | code)"
check_eq "an order id of the wrong type" bad_request "$(jbd rider1 call delivery claim '{"order_id":"x"}' | code)"
check_eq "a negative one" bad_request "$(jbd rider1 call delivery claim '{"order_id":-3}' | code)"
check_eq "a latitude out of range" bad_request "$(jbd rider1 rider claim "$O" --at 91,126 | code)"
check_eq "a latitude without longitude" bad_request "$(jbd rider1 call delivery claim "{\"order_id\":$O,\"lat\":37.5}" | code)"
check_eq "a position that is not numbers" bad_request "$(jbd rider1 call delivery available '{"lat":"37","lon":"126"}' | code)"
check_eq "a radius out of range" bad_request "$(jbd rider1 call delivery available '{"radius_m":0}' | code)"
check_eq "nothing was claimed" "PENDING|null" "$(dstat "$O" '"\(.status)|\(.rider_id)"')"
check_eq "and no delivery event was made" "$before" "$(devents)"
check_eq "picked up before any claim is refused" forbidden "$(jbd rider1 rider picked-up "$O" | code)"

# Two riders at once, from two processes, on three orders: one winner
# each, with a second delivery process beside the daemon's (the broker
# spreads the claims over both).
start_service delivery
wait_for 10 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin --json stats | jq '.broker.services.delivery')\" = 2 ]" \
    && ok "a second delivery process joins" || fail "delivery processes: $(jbd admin stats | jq .broker.services.delivery)"
wins=0; conflicts=0
for o in "$O" "$(ready_order)" "$(ready_order)"; do
	jbd rider1 rider claim "$o" >"$T/c1" & p1=$!
	jbd rider2 rider claim "$o" >"$T/c2" & p2=$!
	wait $p1; wait $p2
	for f in "$T/c1" "$T/c2"; do
		case $(code <"$f") in
		ASSIGNED) wins=$((wins + 1)) ;;
		conflict) conflicts=$((conflicts + 1)) ;;
		esac
	done
	w=$(dstat "$o" .rider_id)
	check_eq "order $o: the delivery names the winner" "$w" \
	    "$(cat "$T/c1" "$T/c2" | jq -r 'select(.status == "ASSIGNED") | .rider_id')"
	LAST=$o; WINNER=$w
done
check_eq "three claims won, three told it is taken" "3|3" "$wins|$conflicts"
check "the loser's answer says so" grep -q "claimed by another rider" "$T/c1" "$T/c2"
[ "$WINNER" = rider1 ] && LOSER=rider2 || LOSER=rider1
check_eq "claiming again changes nothing for the loser" conflict "$(jbd $LOSER rider claim "$LAST" | code)"
check_eq "a claimed delivery is no longer listed" "" \
    "$(jbd $LOSER rider available --at "$AT" | jq -r --argjson o "$LAST" '.deliveries[] | select(.order_id == $o) | .order_id')"
check "the winner claiming again is told it is theirs already" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user $WINNER --json rider claim $LAST | jq -e '.error.code == \"invalid_state\" and (.error.message | test(\"already yours\"))'"
check_eq "the winner has it" "$LAST" "$(jbd $WINNER rider mine | jq -r --argjson o "$LAST" '.deliveries[] | select(.order_id == $o) | .order_id')"
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json status $LAST | jq -e '.delivery.status == \"ASSIGNED\"'" \
    && ok "the customer sees the rider assigned" || fail "delivery: $(st "$LAST" .delivery)"
check_eq "with the rider's id and name" "$WINNER|$(jq -r --arg u "$WINNER" '.users[] | select(.name == $u) | .display' "$HOME_DIR/credentials.json")" \
    "$(st "$LAST" '"\(.delivery.rider_id)|\(.delivery.rider_name)"')"

# Only the winner moves it; the order follows.
check_eq "the other rider cannot mark it picked up" forbidden "$(jbd $LOSER rider picked-up "$LAST" | code)"
check_eq "nor delivered" forbidden "$(jbd $LOSER rider delivered "$LAST" | code)"
check_eq "delivered before picked up is refused" invalid_state "$(jbd $WINNER rider delivered "$LAST" | code)"
check_eq "still ASSIGNED to the winner" "ASSIGNED|$WINNER" "$(dstat "$LAST" '"\(.status)|\(.rider_id)"')"
check_eq "picked up" DELIVERING "$(jbd $WINNER rider picked-up "$LAST" | code)"
wait_for 5 status_is "$LAST" DELIVERING && ok "the order follows: DELIVERING" || fail "order: $(st "$LAST" .status)"
check_eq "the owner can no longer send it out" invalid_state "$(jbd chicken_owner shop dispatch "$LAST" | code)"
check_eq "the other rider cannot mark it delivered" forbidden "$(jbd $LOSER rider delivered "$LAST" | code)"
check_eq "delivered" DELIVERED "$(jbd $WINNER rider delivered "$LAST" | code)"
wait_for 5 status_is "$LAST" DELIVERED && ok "the order follows: DELIVERED" || fail "order: $(st "$LAST" .status)"
check_eq "delivered twice is refused" invalid_state "$(jbd $WINNER rider delivered "$LAST" | code)"
check_eq "the order's events say the rider did it" "rider|$WINNER rider|$WINNER" \
    "$(jbd admin events --order "$LAST" --type order.deliver | jq -r '"\(.data.by)|\(.data.rider_id)"' | tr '\n' ' ' | sed 's/ $//')"
check_eq "the timeline" "PAID ACCEPTED COOKING READY DELIVERING DELIVERED" \
    "$(st "$LAST" '[.timeline[].status | select(test("^[A-Z_]+$"))] | join(" ")')"
check "the timeline names the rider" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json status $LAST | jq -r '.timeline[].text' | grep -q '라이더 .*님이 배정되었습니다'"
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json inbox --limit 200 | jq -e '[.notifications[] | select(.order_id == $LAST)] | length >= 7'"
check_eq "the customer is told: assigned, picked up, delivered" "RIDER_ASSIGNED DELIVERING DELIVERED" \
    "$(jbd minji inbox --limit 200 | jq -r --argjson o "$LAST" '[.notifications[] | select(.order_id == $o)] | reverse | map(.status) | .[4:] | join(" ")')"
check "the pickup notification names the rider" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json inbox | jq -r '.notifications[] | select(.order_id == $LAST and .status == \"DELIVERING\") | .text' | grep -q '라이더 .*님이 음식을 픽업'"
check_eq "nothing is left with the winner" "" "$(jbd $WINNER rider mine | jq -r --argjson o "$LAST" '.deliveries[] | select(.order_id == $o) | .order_id')"

# A shop still delivers by itself.
S=$(ready_order)
check_eq "the shop sends it out" DELIVERING "$(jbd chicken_owner shop dispatch "$S" | code)"
wait_for 5 dstatus_is "$S" DELIVERING && ok "its delivery follows" || fail "delivery: $(dstat "$S" .status)"
check_eq "with no rider" null "$(dstat "$S" .rider_id)"
check_eq "riders cannot claim it" invalid_state "$(jbd rider1 rider claim "$S" | code)"
check_eq "the shop delivers it" DELIVERED "$(jbd chicken_owner shop delivered "$S" | code)"

# A silent rider loses the claim; one who keeps calling does not.
stop "$DAEMON"
start_daemon --rider-timeout-ms 3000
R=$(ready_order); K=$(ready_order)
check_eq "rider1 claims one" ASSIGNED "$(jbd rider1 rider claim "$K" | code)"
# rider1's app would ask every few seconds: its heartbeat.
( while [ ! -e "$T/stop-beat" ]; do bd rider1 rider mine >/dev/null 2>&1; sleep 0.2; done ) &
BEAT=$!; PIDS="$PIDS $BEAT"
check_eq "rider2 claims another" ASSIGNED "$(jbd rider2 rider claim "$R" | code)"
wait_for 20 dstatus_is "$R" PENDING && ok "rider2, silent, lost it: PENDING again" || fail "delivery: $(dstat "$R" .status)"
touch "$T/stop-beat"; wait $BEAT
check_eq "with no rider" null "$(dstat "$R" .rider_id)"
check_eq "announced as delivery.released naming rider2" "rider2|rider_timeout" \
    "$(jbd admin events --order "$R" --type delivery.released | jq -r '"\(.data.rider_id)|\(.data.reason)"')"
check_eq "rider1, who kept calling, keeps theirs" "ASSIGNED|rider1" "$(dstat "$K" '"\(.status)|\(.rider_id)"')"
check_eq "rider2 can no longer pick it up" forbidden "$(jbd rider2 rider picked-up "$R" | code)"
wait_for 5 listed rider1 "$R" && ok "it is listed again" || fail "released delivery not listed"
check_eq "and another rider takes it" ASSIGNED "$(jbd rider1 rider claim "$R" | code)"
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json status $R | jq -e '.delivery.rider_id == \"rider1\"'" \
    && ok "the customer sees the new rider" || fail "delivery: $(st "$R" .delivery)"
check "the timeline says the rider was released" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json status $R | jq -r '.timeline[].text' | grep -q '응답이 없어'"
finish
