# saga.sh: the ordering saga through the CLI: lifecycle, cancel, reject,
# declined card, illegal transitions, idempotency, authorization, bad input.
. "$(dirname "$0")/lib.sh"

start_daemon
ADDR='서울시 마포구 월드컵로 1'
CARD=4111111111111111

place() { # place USER SHOP ITEMS... -> prints the order id
	u=$1; s=$2; shift 2
	jbd "$u" order "$s" "$@" --address "$ADDR" --card "$CARD" | jq -r '.order_id // empty'
}
status() { jbd "${2:-minji}" status "$1" | jq -r .status; }
status_is() { [ "$(status "$1" "${3:-minji}")" = "$2" ]; }
field() { jbd minji status "$1" | jq -r "$2"; }
notes_for() { # notes_for USER ORDER -> notification statuses, oldest first
	jbd "$1" inbox --limit 200 | jq -r --argjson o "$2" '[.notifications[] | select(.order_id == $o)] | reverse | map(.status) | join(" ")'
}

wait_for 10 shops_ready && ok "the demo has four shops" || fail "demo shops missing"

# The whole lifecycle.
O=$(place minji chicken friedx2+boneless cola)
check_eq "an order is placed and paid" PAID "$(jbd minji status "$O" 2>/dev/null | jq -r .status || echo none)" 2>/dev/null ||:
wait_for 5 status_is "$O" PAID
check_eq "the total is computed by the backend" 45500 "$(field "$O" .total)"
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner --json shop queue | jq -e '.orders[] | select(.order_id == $O)'"
check "the order reaches the shop's queue" test $? -eq 0
bd chicken_owner shop accept "$O" --eta 25 >/dev/null
wait_for 5 status_is "$O" ACCEPTED && ok "accepted" || fail "not accepted"
check_eq "the ETA is in the view" 25 "$(field "$O" .eta_min)"
bd chicken_owner shop cook "$O" >/dev/null
wait_for 5 status_is "$O" COOKING && ok "cooking" || fail "not cooking"
bd chicken_owner shop dispatch "$O" >/dev/null
wait_for 5 status_is "$O" DELIVERING && ok "delivering" || fail "not delivering"
check_eq "the delivery follows" DELIVERING "$(wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json status $O | jq -e '.delivery.status == \"DELIVERING\"'"; field "$O" .delivery.status)"
bd chicken_owner shop delivered "$O" >/dev/null
wait_for 5 status_is "$O" DELIVERED && ok "delivered" || fail "not delivered"
check_eq "the timeline holds every status in order" "PAID ACCEPTED COOKING DELIVERING DELIVERED" \
    "$(field "$O" '[.timeline[].status | select(test("^[A-Z]+$"))] | join(" ")')"
wait_for 5 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json inbox | jq '[.notifications[] | select(.order_id == $O)] | length')\" -ge 5 ]"
check_eq "exactly one notification per status change" "PAID ACCEPTED COOKING DELIVERING DELIVERED" "$(notes_for minji "$O")"
check_eq "the owner got one new-order notification" "PAID" "$(notes_for chicken_owner "$O")"

# Cancel while PAID and while ACCEPTED: refunded, delivery cancelled.
for stage in PAID ACCEPTED; do
	O=$(place minji china jjajangx2+large tangsuyuk)
	wait_for 5 status_is "$O" PAID
	[ $stage = ACCEPTED ] && bd china_owner shop accept "$O" >/dev/null && wait_for 5 status_is "$O" ACCEPTED
	out=$(jbd minji cancel "$O")
	check_eq "cancel in $stage is accepted" CANCELLED "$(echo "$out" | jq -r .status)"
	wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json status $O | jq -e '.payment.status == \"REFUNDED\" and .delivery.status == \"CANCELLED\"'" \
	    && ok "cancel in $stage: payment refunded, delivery cancelled" \
	    || fail "cancel in $stage: $(jbd minji status "$O" | jq -c '[.status, .payment.status, .delivery.status]')"
	wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user china_owner --json shop queue | jq -e '.orders[] | select(.order_id == $O and .status == \"CANCELLED\")'" \
	    && ok "cancel in $stage shows in the shop queue" || fail "queue did not show the cancel"
done

# Cancel while COOKING: refused, nothing changes.
O=$(place minji chicken yangnyeom)
wait_for 5 status_is "$O" PAID
bd chicken_owner shop accept "$O" >/dev/null; bd chicken_owner shop cook "$O" >/dev/null
wait_for 5 status_is "$O" COOKING
check_eq "cancel while cooking is refused" invalid_state "$(jbd minji cancel "$O" | jq -r .error.code)"
check_eq "the refused cancel changes nothing" "COOKING APPROVED" "$(field "$O" '"\(.status) \(.payment.status)"')"

# Reject: refunded, with the reason.
O=$(place junho bunsik tteokbokki+cheese+hot gimbapx2)
wait_for 5 status_is "$O" PAID junho
bd bunsik_owner shop reject "$O" --reason '재료 소진' >/dev/null
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user junho --json status $O | jq -e '.status == \"REJECTED\" and .payment.status == \"REFUNDED\" and .delivery.status == \"CANCELLED\"'" \
    && ok "reject: refunded and delivery cancelled" || fail "reject: $(jbd junho status "$O" | jq -c '[.status,.payment.status,.delivery.status]')"
check_eq "the customer sees the reason" "재료 소진" "$(jbd junho status "$O" | jq -r .reject_reason)"

# A declined card: an error, no order anywhere, no charge.
before=$(jbd admin events | jq -r .type | grep -c -E '^(order.paid|payment.approved)$')
out=$(jbd minji order chicken fried banban --address "$ADDR" --card 4000000000000002)
check_eq "a declined card is refused" payment_declined "$(echo "$out" | jq -r .error.code)"
after=$(jbd admin events | jq -r .type | grep -c -E '^(order.paid|payment.approved)$')
check_eq "a declined card leaves no order and no charge" "$before" "$after"

# Illegal transitions: an error, state unchanged, and later orders flow.
O=$(place minji chicken fried)
wait_for 5 status_is "$O" PAID
for act in cook dispatch delivered; do
	check_eq "$act on a PAID order is refused" invalid_state "$(jbd chicken_owner shop $act "$O" | jq -r .error.code)"
done
bd chicken_owner shop accept "$O" >/dev/null
wait_for 5 status_is "$O" ACCEPTED
check_eq "rejecting an accepted order is refused" invalid_state "$(jbd chicken_owner shop reject "$O" --reason late | jq -r .error.code)"
check_eq "accepting twice is refused" invalid_state "$(jbd chicken_owner shop accept "$O" | jq -r .error.code)"
check_eq "refused transitions leave the order as it was" ACCEPTED "$(status "$O")"
O2=$(place minji chicken banban)
wait_for 5 status_is "$O2" PAID && ok "later orders still flow" || fail "later order stuck"

# Idempotency: the same request id twice is one order and one charge.
REQ='{"type":"request","id":"same-1","service":"order","method":"place","body":{"shop_id":"chicken","items":[{"item_id":"fried","qty":1}],"address":"x","card":"4111111111111111"}}'
ids=$(raw send "$FRONT" --token "$(token seoyeon)" "$REQ" "$REQ" | jq -r 'select(.id == "same-1") | .result.order_id' | sort -u | tr '\n' ' ')
check_eq "a repeated request id returns the first order" 1 "$(echo $ids | wc -w)"
wait_for 5 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user seoyeon --json orders | jq '.orders | length')\" = 1 ]"
check_eq "and makes one order" 1 "$(jbd seoyeon orders | jq '.orders | length')"
check_eq "and one charge" 1 "$(jbd admin events --type payment.approved | jq -r 'select(.customer_id == "seoyeon") | .order_id' | wc -l)"

# Authorization.
O=$(place minji chicken fried)
wait_for 5 status_is "$O" PAID
check_eq "a customer cannot see another's order" not_found "$(jbd junho status "$O" | jq -r .error.code)"
check_eq "a customer cannot cancel another's order" not_found "$(jbd junho cancel "$O" | jq -r .error.code)"
check_eq "an owner cannot act on another shop's order" not_found "$(jbd bunsik_owner shop accept "$O" | jq -r .error.code)"
check_eq "an owner's queue holds only their shop" 0 "$(jbd bunsik_owner shop queue | jq "[.orders[] | select(.order_id == $O)] | length")"
check_eq "an owner cannot see another shop's order" not_found "$(jbd bunsik_owner status "$O" | jq -r .error.code)"
check_eq "a customer cannot accept orders" forbidden "$(jbd minji shop accept "$O" | jq -r .error.code)"

# Bad input: clear errors, nothing stored.
before=$(jbd admin events | wc -l)
bad() { # bad NAME CODE SHOP ITEMS...
	n=$1; c=$2; shift 2
	check_eq "$n: $c" "$c" "$(jbd minji order "$@" --address "$ADDR" --card "$CARD" | jq -r .error.code)"
}
bad "unknown shop" not_found nosuchshop fried
bad "unknown item" not_found chicken nosuchitem
bad "unknown option" bad_request chicken fried+nosuchoption
bad "two options of one group" bad_request china jjajang+large+large
bad "quantity 0" bad_request chicken friedx0
bad "huge quantity" bad_request chicken friedx100000
bad "below the minimum" below_minimum chicken cola
bad "a closed shop" shop_closed pizza pepperonix2
bad "a sold-out item" sold_out bunsik sundaex3
check_eq "bad card number" bad_request "$(jbd minji order chicken friedx2 --address "$ADDR" --card 12ab | jq -r .error.code)"
check_eq "blank address" bad_request "$(jbd minji order chicken friedx2 --address ' ' --card "$CARD" | jq -r .error.code)"
check_eq "bad JSON body through the CLI" 2 "$(bd minji call order place '{nope' >/dev/null 2>&1; echo $?)"
check_eq "wrong types through a raw client" bad_request \
    "$(jbd minji call order place '{"shop_id":7,"items":"fried","address":1,"card":2}' | jq -r .error.code)"
check_eq "bad input stored nothing" "$before" "$(jbd admin events | wc -l)"
finish
