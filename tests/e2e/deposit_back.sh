# deposit_back.sh: what the customer, the shop and the view see of an
# order paid by virtual account (가상계좌), ordered from the CLI, against
# the fake Toss gateway playing the bank:
#   - waiting: the view's status and timeline say AWAITING_DEPOSIT with
#     the account to pay into and its due time, the customer gets one
#     "입금 대기" notification with them, the shop sees nothing;
#   - the deposit: one notification that it arrived, the shop's new order;
#   - the deposit undone (DONE back to WAITING_FOR_DEPOSIT) once the shop
#     is cooking: the order is taken back (CANCELLED by payment,
#     deposit_reversed), the delivery cancelled, shop and customer told
#     once each, nothing refunded, however often Toss retries; a deposit
#     after that is refunded to the customer's refund account; the same
#     for a deposit the gateway cancels (CANCELED after DONE);
#   - a deposit that never comes: EXPIRED, told once; a waiting order the
#     customer cancels: CANCELLED in the view, told once;
#   - partial refunds and deposit events in the view's timeline.
. "$(dirname "$0")/lib.sh"

start_deposits

ACCT=1002123456789
order_va() {
	jbd minji order chicken friedx1 --address '서울시 마포구 1' \
	    --virtual-account 88 --refund-account "20:$ACCT:김민지"
}
pay_of() { pay "$1" | jq -r "$2"; }
pay_is() { [ "$(pay_of "$1" .status)" = "$2" ]; }
view() { jbd minji status "$1"; }
view_is() { [ "$(view "$1" | jq -r '.status // .error.code')" = "$2" ]; }
in_queue() { jbd chicken_owner shop queue | jq "[.orders[] | select(.order_id == $1)] | length"; }
queue_status() { jbd chicken_owner shop queue | jq -r ".orders[] | select(.order_id == $1) | .status"; }
events_of() { jbd admin events --type "$1" | jq -r "select(.order_id == $2) | .type" | wc -l; }
# told USER ORDER TEXT: how many of USER's notifications about ORDER say TEXT
told() { jbd "$1" inbox --limit 200 | jq "[.notifications[] | select(.order_id == $2 and (.text | contains(\"$3\")))] | length"; }
told_is() { [ "$(told "$1" "$2" "$3")" = "$4" ]; }
processed() { [ "$(sqlite3 "$HOME_DIR/payment.db" "SELECT count(*) FROM deposit_callbacks WHERE processed_at IS NULL")" = 0 ]; }
timeline_has() { view "$1" | jq -e "[.timeline[].status] | index(\"$2\")" >/dev/null; }

# Ordered from the CLI: an account to pay into.
out=$(order_va); rc=$?
O=$(echo "$out" | jq -r .order_id)
check_eq "the CLI orders by virtual account (exit 0)" "0 AWAITING_DEPOSIT 신한" \
    "$rc $(echo "$out" | jq -r '"\(.status) \(.virtual_account.bank)"')"
NUM=$(echo "$out" | jq -r .virtual_account.account_number)
KEY=$(pay_of "$O" .gateway_ref)
check_eq "the bank asked for went to the gateway" 88 \
    "$(curl -s "$FAKE_URL/_received?path=/v1/payments/confirm" | jq -r ".[] | select(.body.paymentKey == \"$KEY\") | .body.bank")"
wait_for 10 view_is "$O" AWAITING_DEPOSIT && ok "the view says AWAITING_DEPOSIT" || fail "view: $(view "$O" | jq -c .)"
check_eq "with the account and its due time" "$NUM true" \
    "$(view "$O" | jq -r '"\(.virtual_account.account_number) \(.virtual_account.due_at > (now * 1000))"')"
check_eq "baedal status shows where to pay" 1 "$(bd minji status "$O" | grep -c "입금 계좌: 신한 $NUM · 기한 ")"
check_eq "its timeline says to pay into it" "AWAITING_DEPOSIT true" \
    "$(view "$O" | jq -r --arg n "$NUM" '.timeline[0] | "\(.status) \(.text | contains($n))"')"
wait_for 10 told_is minji "$O" "입금 대기" 1 && ok "the customer is told once: 입금 대기" || fail "waiting: $(told minji "$O" "입금 대기")"
check_eq "with the account number and the due time" 1 \
    "$(jbd minji inbox | jq --arg n "$NUM" "[.notifications[] | select(.order_id == $O and (.text | contains(\$n)) and (.text | test(\"[0-9]+월 [0-9]+일 [0-9]{2}:[0-9]{2}까지\")))] | length")"
check_eq "the shop sees nothing: not in its queue" 0 "$(in_queue "$O")"
check_eq "nor in its view" "0 not_found" \
    "$(jbd chicken_owner orders | jq "[.orders[] | select(.order_id == $O)] | length") $(jbd chicken_owner status "$O" | jq -r .error.code)"
check_eq "nor told of it" 0 "$(told chicken_owner "$O" "")"
check_eq "order.awaiting_deposit names no shop in its envelope" "1 null chicken" \
    "$(jbd admin events --type order.awaiting_deposit | jq -r "select(.order_id == $O) | \"1 \(.shop_id) \(.data.shop_id)\"")"

# The deposit arrives.
bank "{\"paymentKey\":\"$KEY\",\"status\":\"DONE\",\"url\":\"$CB\",\"repeat\":2}" >/dev/null
wait_for 10 view_is "$O" PAID && ok "the deposit makes it PAID in the view" || fail "deposit: $(view "$O" | jq -c .status)"
wait_for 10 told_is minji "$O" "입금이 확인" 1 && ok "the customer is told once that the deposit arrived" || fail "deposited: $(told minji "$O" "입금이 확인")"
wait_for 10 told_is chicken_owner "$O" "새 주문" 1 && ok "the shop gets its new order" || fail "shop: $(told chicken_owner "$O" "새 주문")"
check "the timeline has the deposit" timeline_has "$O" "payment DEPOSITED"
bd chicken_owner shop accept "$O" >/dev/null
bd chicken_owner shop cook "$O" >/dev/null
wait_for 10 view_is "$O" COOKING || fail "cook: $(view "$O" | jq -c .status)"

# The deposit is undone while the shop cooks: Toss sends the callback
# three times, then once more later (another createdAt).
bank "{\"paymentKey\":\"$KEY\",\"status\":\"WAITING_FOR_DEPOSIT\",\"url\":\"$CB\",\"repeat\":3}" >/dev/null
bank "{\"paymentKey\":\"$KEY\",\"status\":\"WAITING_FOR_DEPOSIT\",\"url\":\"$CB\"}" >/dev/null
wait_for 10 view_is "$O" CANCELLED && ok "an undone deposit takes the order back from the shop" || fail "reversed: $(view "$O" | jq -c .status)"
check_eq "cancelled by payment, for the deposit" "payment 입금이 취소되었습니다 (deposit reversed)" \
    "$(view "$O" | jq -r '"\(.cancelled_by) \(.cancel_reason)"')"
check_eq "order.cancelled says why, with nothing to refund" "deposit_reversed payment 0 COOKING" \
    "$(jbd admin events --type order.cancelled | jq -r "select(.order_id == $O) | \"\(.data.code) \(.data.by) \(.data.refund) \(.data.was)\"")"
wait_for 10 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner --json shop queue | jq -r '.orders[] | select(.order_id == $O) | .status')\" = CANCELLED ]" \
    && ok "the shop's queue shows it CANCELLED" || fail "queue: $(queue_status "$O")"
wait_for 10 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json status $O | jq -r .delivery.status)\" = CANCELLED ]" \
    && ok "its delivery is cancelled" || fail "delivery: $(view "$O" | jq -c .delivery)"
wait_for 10 pay_is "$O" VOID && ok "the payment is VOID: nothing is owed back" || fail "payment: $(pay_of "$O" .status)"
wait_for 10 processed
check_eq "the customer is told once" 1 "$(told minji "$O" "입금이 취소되어")"
check_eq "and the shop once" 1 "$(told chicken_owner "$O" "고객의 입금이 취소")"
check_eq "one order.cancelled for four callbacks" 1 "$(events_of order.cancelled "$O")"
check_eq "one payment.deposit_reversed" 1 "$(events_of payment.deposit_reversed "$O")"
check_eq "no cancel was sent to the gateway" 0 \
    "$(curl -s "$FAKE_URL/_received?path=/v1/payments/$KEY/cancel" | jq length)"
check "the timeline has the reversal" timeline_has "$O" "payment REVERSED"
# The customer deposits again all the same: refunded to their account.
bank "{\"paymentKey\":\"$KEY\",\"status\":\"DONE\",\"url\":\"$CB\"}" >/dev/null
wait_for 15 pay_is "$O" REFUNDED && ok "a deposit after that is refunded" || fail "late: $(pay_of "$O" .status)"
check_eq "to the refund account given at the order" "20 $ACCT 김민지" \
    "$(curl -s "$FAKE_URL/_received?path=/v1/payments/$KEY/cancel" | jq -r '.[-1].body.refundReceiveAccount | "\(.bank) \(.accountNumber) \(.holderName)"')"
check_eq "the order stays CANCELLED, told no more" "CANCELLED 1" "$(view "$O" | jq -r .status) $(told minji "$O" "입금이 취소되어")"

# The gateway cancels a deposit the shop already accepted (CANCELED
# after DONE): taken back the same way, the payment VOID at once.
O2=$(order_va | jq -r .order_id)
K2=$(pay_of "$O2" .gateway_ref)
bank "{\"paymentKey\":\"$K2\",\"status\":\"DONE\",\"url\":\"$CB\"}" >/dev/null
wait_for 10 view_is "$O2" PAID || fail "deposit 2: $(view "$O2" | jq -c .status)"
bd chicken_owner shop accept "$O2" >/dev/null
wait_for 10 view_is "$O2" ACCEPTED || fail "accept 2: $(view "$O2" | jq -c .status)"
bank "{\"paymentKey\":\"$K2\",\"status\":\"CANCELED\",\"url\":\"$CB\",\"repeat\":2}" >/dev/null
wait_for 10 view_is "$O2" CANCELLED && ok "a deposit the gateway cancels takes the order back" || fail "canceled: $(view "$O2" | jq -c .status)"
wait_for 10 pay_is "$O2" VOID && ok "its payment is VOID" || fail "canceled payment: $(pay_of "$O2" .status)"
wait_for 10 told_is chicken_owner "$O2" "고객의 입금이 취소" 1 && ok "the shop is told once" || fail "canceled shop: $(told chicken_owner "$O2" "입금이 취소")"
check_eq "and the customer once, with nothing to refund" "1 0" \
    "$(told minji "$O2" "입금이 취소되어") $(curl -s "$FAKE_URL/_received?path=/v1/payments/$K2/cancel" | jq length)"
check_eq "the view's payment says VOID" VOID "$(view "$O2" | jq -r .payment.status)"

# A deposit that never comes.
ctl '{"va_due_ms":1500}'
O3=$(order_va | jq -r .order_id)
ctl '{"va_due_ms":3600000}'
wait_for 10 view_is "$O3" EXPIRED && ok "past its due date the view says EXPIRED" || fail "expiry: $(view "$O3" | jq -c .status)"
wait_for 10 told_is minji "$O3" "입금 기한이 지나" 1 && ok "the customer is told once" || fail "expired: $(told minji "$O3" "입금 기한")"
check "the timeline has the account closed" timeline_has "$O3" "payment VOID"
check_eq "the shop never saw it" "0 0" "$(in_queue "$O3") $(told chicken_owner "$O3" "")"

# The customer cancels while waiting.
O5=$(order_va | jq -r .order_id)
wait_for 10 view_is "$O5" AWAITING_DEPOSIT
jbd minji cancel "$O5" >/dev/null
wait_for 10 view_is "$O5" CANCELLED && ok "a waiting order the customer cancels is CANCELLED in the view" || fail "cancel waiting: $(view "$O5" | jq -c .status)"
wait_for 10 told_is minji "$O5" "입금 전에 주문을 취소" 1 && ok "told once" || fail "cancel told: $(told minji "$O5" "입금 전에")"
check_eq "the shop never saw it" "0 0" "$(in_queue "$O5") $(told chicken_owner "$O5" "")"

# A partial refund of a card order is in the timeline.
C=$(place_paid)
jbd admin call payment refund_partial "{\"order_id\":$C,\"amount\":3000,\"reason\":\"콜라 품절\"}" >/dev/null
wait_for 10 timeline_has "$C" "payment PARTIALLY_REFUNDED" && ok "a partial refund is in the timeline" || fail "partial: $(view "$C" | jq -c '[.timeline[].status]')"
check_eq "saying how much and what is left" true \
    "$(view "$C" | jq '.timeline[] | select(.status == "payment PARTIALLY_REFUNDED") | .text | contains("3,000원")')"
check_eq "and the payment stays APPROVED in the view" APPROVED "$(view "$C" | jq -r .payment.status)"
finish
