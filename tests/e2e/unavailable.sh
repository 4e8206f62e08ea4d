# unavailable.sh: the owner marks lines of an order unavailable (품절)
# before cooking, against the fake Toss gateway (tests/tools/fakehttp.py):
# the lines are removed, the totals go down (the delivery fee stays), the
# gateway gets one partial cancel (cancelAmount) of exactly their amount,
# the view, the queue and the customer's inbox say so; a full cancel
# afterwards refunds exactly the rest, so the parts sum to the charge; a
# retried request and a redelivered event refund nothing twice; another
# shop's owner, a customer, an order cooking, bad line numbers and a line
# removed already are refused with a stable code and change nothing; a
# gateway failing at first is tried again; every line named gives the
# order up instead (OUT_OF_ITEMS: rejected while paid, cancelled by the
# shop once accepted) and refunds it whole.
. "$(dirname "$0")/lib.sh"

start_fake
PG=$FAKE_URL
start_daemon --pg-url "$PG"
wait_for 10 shops_ready

code() { jq -r '.error.code // .status'; }
pay_is() { [ "$(pay "$1" | jq -r "$2")" = "$3" ]; }
view() { jbd minji status "$1"; }
view_is() { [ "$(view "$1" | jq -r "$2")" = "$3" ]; }
cancels() { curl -s -m 5 "$PG/_received?path=/v1/payments/$1/cancel"; }
landed() { cancels "$1" | jq '[.[] | select(.status == 200)] | length'; }
gateway() { curl -s -m 5 "$PG/v1/payments/$1"; }
unav() { jbd "$1" call store unavailable "$2"; }
# The same request id every time: what a retrying console sends.
unav_as() {
	raw ask "$FRONT" "$(token chicken_owner)" "{\"type\":\"request\",\"id\":\"$1\",\"service\":\"store\",\"method\":\"unavailable\",\"body\":$2}" 10 | tail -1
}

# place ITEM...: a paid order of minji's at chicken; prints its id.
place() {
	o=$(jbd minji order chicken "$@" --address '서울시 마포구 월드컵로 1' \
	    --card 4111111111111111 | jq -r '.order_id // empty')
	wait_for 5 view_is "$o" .status PAID
	echo "$o"
}

# 18,000 + 19,000 + 2 x 5,000 + 2,500 + the delivery fee 3,000 = 52,500.
O=$(place fried yangnyeom cheeseballx2 cola)
K=$(pay "$O" | jq -r .gateway_ref)
check_eq "the order is paid 52,500" "52500 52500" "$(view "$O" | jq -r .total) $(pay "$O" | jq -r .balance)"

# Refused, changing nothing.
check_eq "a customer may not" forbidden "$(unav minji "{\"order_id\":$O,\"lines\":[1]}" | jq -r .error.code)"
check_eq "another shop's owner: not_found" not_found "$(jbd bunsik_owner shop unavailable "$O" 1 | code)"
check_eq "an unknown order: not_found" not_found "$(jbd chicken_owner shop unavailable 999999 1 | code)"
for body in "{\"order_id\":$O}" "{\"order_id\":$O,\"lines\":[]}" \
    "{\"order_id\":$O,\"lines\":[5]}" "{\"order_id\":$O,\"lines\":[0]}" \
    "{\"order_id\":$O,\"lines\":[-1]}" "{\"order_id\":$O,\"lines\":[\"1\"]}" \
    "{\"order_id\":$O,\"lines\":[1.5]}" "{\"order_id\":$O,\"lines\":[2,2]}" \
    "{\"order_id\":$O,\"lines\":3}" "{\"order_id\":\"$O\",\"lines\":[1]}" \
    "{\"order_id\":$O,\"lines\":[$(seq -s, 1 31)]}"; do
	check_eq "unavailable $(echo "$body" | cut -c1-50) is bad_request" bad_request \
	    "$(unav chicken_owner "$body" | jq -r .error.code)"
done
check_eq "the CLI: a line that is not a number is a usage error" usage \
    "$(jbd chicken_owner shop unavailable "$O" x | jq -r .error.code)"
bd chicken_owner shop unavailable "$O" 0 >/dev/null 2>&1
check_eq "and exits 2" 2 $?
check_eq "none of them changed the order or reached the gateway" "52500 0" \
    "$(view "$O" | jq -r .total) $(cancels "$K" | jq length)"

# A gateway failing at first: the part is tried again until it lands.
ctl '{"cancel_errors":[{"status":500,"code":"FAILED_INTERNAL_SYSTEM_PROCESSING"}]}'
r=$(unav_as "unav-$O" "{\"order_id\":$O,\"lines\":[3,4]}")
check_eq "lines 3 and 4 out: 12,500 off, the delivery fee stays" "PAID 12500 37000 3000 40000 12500 [3,4]" \
    "$(echo "$r" | jq -r '.result | "\(.status) \(.amount) \(.subtotal) \(.delivery_fee) \(.total) \(.refunded) \(.lines | tostring)"')"
wait_for 15 pay_is "$O" .balance 40000 && ok "the part lands after the gateway's failure" || fail "balance: $(pay "$O" | jq -c .)"
check_eq "the gateway failed once, then took it" "500 200" \
    "$(cancels "$K" | jq -r '[.[].status] | map(tostring) | join(" ")')"
check_eq "sent with cancelAmount 12,500 and the items' names" "12500|품절: 치즈볼(5개) x2 외 1" \
    "$(cancels "$K" | jq -r '[.[] | select(.status == 200)][0].body | "\(.cancelAmount)|\(.cancelReason)"')"
check_eq "the payment stays APPROVED" APPROVED "$(pay "$O" | jq -r .status)"

# Retried with the same id: the first answer, no second part.
r2=$(unav_as "unav-$O" "{\"order_id\":$O,\"lines\":[3,4]}")
check_eq "a retried request gets the first answer" "$(echo "$r" | jq -c .result)" "$(echo "$r2" | jq -c .result)"
check_eq "the same lines again (a new request): invalid_state" invalid_state \
    "$(unav chicken_owner "{\"order_id\":$O,\"lines\":[3]}" | jq -r .error.code)"

# Everyone sees the new amounts.
wait_for 5 view_is "$O" .total 40000 && ok "the view's total is 40,000" || fail "view: $(view "$O" | jq -c '{total,subtotal,refunded}')"
check_eq "the view: subtotal, refunded, the lines marked" "37000 12500 false,false,true,true" \
    "$(view "$O" | jq -r '"\(.subtotal) \(.refunded) \([.items[] | .removed == true] | map(tostring) | join(","))"')"
check_eq "the timeline says it" "품절로 2개 항목이 환불되었어요 · 12,500원" \
    "$(view "$O" | jq -r '[.timeline[] | select(.status == "LINES_REMOVED")][0].text')"
wait_for 5 view_is "$O" '[.timeline[] | select(.status == "payment PARTIALLY_REFUNDED")] | length' 1 \
    && ok "and the partial refund once it landed" || fail "timeline: $(view "$O" | jq -c '[.timeline[].status]')"
has_note() { jbd minji inbox | jq -e "[.notifications[] | select(.order_id == $O and .status == \"LINES_REMOVED\")] | length == 1" >/dev/null; }
wait_for 5 has_note && ok "the customer is told once" || fail "inbox: $(jbd minji inbox | jq -c '.notifications[:3]')"
check "in words, with the amount" sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user minji --json inbox | jq -e '[.notifications[] | select(.status == \"LINES_REMOVED\")][0].text | contains(\"품절로 2개 항목이 환불되었어요 · 12,500원\")'"
queue_is() { jbd chicken_owner shop queue | jq -e ".orders[] | select(.order_id == $O and .total == 40000 and ([.items[] | select(.removed)] | length) == 2)" >/dev/null; }
wait_for 5 queue_is && ok "the shop's queue shows the new total and the removed lines" || fail "queue: $(jbd chicken_owner shop queue | jq -c ".orders[] | select(.order_id == $O) | {total}")"

check "the CLI's status marks the removed lines" sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user minji status $O | grep '치즈볼' | grep -q '품절 · 환불'"
check "and shows what was refunded" sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user minji status $O | grep '품절 환불' | grep -q '12,500원'"
check "the CLI's queue numbers the lines and marks the removed ones" sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user chicken_owner shop queue | grep -q '1. 후라이드치킨 x1, 2. 양념치킨 x1, 3. 치즈볼(5개) x2 (품절)'"

# A redelivered event (the same order and removal, under a new log key)
# owes nothing more.
ev=$(jbd admin events --type order.lines_removed | jq -c "select(.order_id == $O) | {type, order_id, shop_id, customer_id, data, key: \"redelivered-$O\"}")
raw publish "$BACK" "$(token svc)" "[$ev]" >/dev/null
wait_for 5 sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user admin --json events --type order.lines_removed | jq -s -e '[.[] | select(.order_id == $O)] | length == 2'" \
    && ok "the event is in the log twice" || fail "redelivery not published"
bd chicken_owner shop accept "$O" >/dev/null
wait_for 5 view_is "$O" .status ACCEPTED
check_eq "payment owed it once: one part landed, the balance 40,000" "1 40000" "$(landed "$K") $(pay "$O" | jq -r .balance)"

# Accepted: one more line (fried, 18,000), through the CLI.
out=$(bd chicken_owner shop unavailable "$O" 1)
check_eq "accepted, line 1 out through the CLI: its words" \
    "주문 #$O: 품절로 1개 항목을 뺐어요 · 18,000원 환불 · 남은 결제 금액 22,000원" "$out"
wait_for 15 pay_is "$O" .balance 22000 && ok "the second part lands" || fail "balance: $(pay "$O" | jq -c .)"

# The customer cancels: exactly the rest goes back.
check_eq "the cancel answers the rest" 22000 "$(jbd minji cancel "$O" | jq -r .refund)"
wait_for 15 pay_is "$O" .status REFUNDED && ok "the cancel refunds the rest" || fail "rest: $(pay "$O" | jq -c .)"
check_eq "payment.refunded: 22,000" 22000 \
    "$(jbd admin events --type payment.refunded | jq -r "select(.order_id == $O) | .data.amount")"
check_eq "the parts sum to the charge: 12,500 + 18,000 + 22,000 = 52,500, three cancels" \
    "3 52500 0 CANCELED" \
    "$(gateway "$K" | jq -r '"\(.cancels | length) \([.cancels[].cancelAmount // 0] | add + 0) \(.balanceAmount) \(.status)"')"
check_eq "the ledger's balance is 0, never below" 0 "$(pay "$O" | jq -r .balance)"
check "the customer is told the rest" sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user minji --json inbox | jq -e '[.notifications[] | select(.order_id == $O and .status == \"CANCELLED\")][0].text | contains(\"22,000원 환불 예정\")'"

# After cooking: refused.
O2=$(place fried cola)
bd chicken_owner shop accept "$O2" >/dev/null
bd chicken_owner shop cook "$O2" >/dev/null
check_eq "a cooking order: invalid_state" invalid_state "$(jbd chicken_owner shop unavailable "$O2" 2 | code)"
check_eq "nothing sent for it" 0 "$(cancels "$(pay "$O2" | jq -r .gateway_ref)" | jq length)"

# Every line left: the order is rejected (OUT_OF_ITEMS), refunded whole.
O3=$(place fried cola)
K3=$(pay "$O3" | jq -r .gateway_ref)
jbd chicken_owner shop unavailable "$O3" 2 >/dev/null
wait_for 15 pay_is "$O3" .balance 21000 && ok "one line of two out" || fail "O3: $(pay "$O3" | jq -c .)"
check_eq "the last line too: the order is rejected" "REJECTED 21000 true" \
    "$(jbd chicken_owner shop unavailable "$O3" 1 | jq -r '"\(.status) \(.refund) \(.all_lines)"')"
wait_for 15 pay_is "$O3" .status REFUNDED && ok "and refunded" || fail "O3: $(pay "$O3" | jq -c .)"
check_eq "with OUT_OF_ITEMS" OUT_OF_ITEMS "$(view "$O3" | jq -r .reason_code)"
check_eq "the gateway: 2,500 then the rest, 23,500 in all" "2 0 CANCELED" \
    "$(gateway "$K3" | jq -r '"\(.cancels | length) \(.balanceAmount) \(.status)"')"

# Accepted, every line at once: a shop may no longer reject, so it cancels.
O4=$(place fried cola)
bd chicken_owner shop accept "$O4" >/dev/null
wait_for 5 view_is "$O4" .status ACCEPTED
out=$(bd chicken_owner shop unavailable "$O4" 1 2)
check_eq "every line of an accepted order: cancelled, in words" \
    "주문 #$O4: 모든 항목이 품절이라 주문을 취소했어요 · 23,500원 환불" "$out"
wait_for 15 pay_is "$O4" .status REFUNDED && ok "and refunded whole" || fail "O4: $(pay "$O4" | jq -c .)"
check_eq "by the shop, with OUT_OF_ITEMS" "CANCELLED shop OUT_OF_ITEMS" \
    "$(view "$O4" | jq -r '"\(.status) \(.cancelled_by) \(.reason_code)"')"
check_eq "the shop's reasons count it" 1 "$(jbd chicken_owner shop reasons | jq -r '.cancelled.OUT_OF_ITEMS')"

# The day's sales count what was sold: not a removed line. (Kept: the
# cooking fried + cola, and this fried without its cola.)
O5=$(place fried cola)
wait_for 5 sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user chicken_owner --json shop queue | jq -e '.orders[] | select(.order_id == $O5)'"
jbd chicken_owner shop unavailable "$O5" 2 >/dev/null
wait_for 5 view_is "$O5" .total 21000
check_eq "the day's sales leave the removed line out" '[["fried",2,36000],["cola",1,2500]]' \
    "$(jbd chicken_owner shop sales | jq -c '[.items[] | [.item_id, .qty, .revenue]]')"
finish
