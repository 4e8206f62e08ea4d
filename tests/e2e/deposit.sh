# deposit.sh: orders paid by virtual account (가상계좌) against the fake Toss
# gateway, which plays the bank and sends DEPOSIT_CALLBACKs to baedald's
# receiver (--pg-callback-port): the order waits as AWAITING_DEPOSIT,
# unseen by the shop; the deposit makes it PAID once however often the
# callback is retried; a forged secret changes nothing; bad requests to
# the receiver are refused and stored nowhere; a waiting account whose
# order was given up (or that the customer cancelled) is void, and a
# deposit into it refunded; a DONE that
# goes back to WAITING_FOR_DEPOSIT takes the order back; an
# account past
# its due date expires (the order is never established) and a deposit
# after that is refunded; a deposit that arrives while the order service
# is down (the daemon was SIGKILLed and came back without it) makes the
# order PAID once it is back.
. "$(dirname "$0")/lib.sh"

start_deposits

place_va() {
	jbd minji call order place '{"shop_id":"chicken","items":[{"item_id":"fried","qty":1}],"address":"서울시 마포구 1","pay":"virtual_account","refund_account":{"bank":"20","account_number":"1002123456789","holder_name":"김민지"}}'
}
pay_of() { pay "$1" | jq -r "$2"; }
pay_is() { [ "$(pay_of "$1" .status)" = "$2" ]; }
order_is() { [ "$(jbd minji status "$1" | jq -r '.status // .error.code')" = "$2" ]; }
in_queue() { jbd chicken_owner shop queue | jq "[.orders[] | select(.order_id == $1)] | length"; }
events_of() { jbd admin events --type "$1" | jq -r "select(.order_id == $2) | .type" | wc -l; }
stored() { sqlite3 "$HOME_DIR/payment.db" "SELECT count(*) FROM deposit_callbacks"; }
processed() { [ "$(sqlite3 "$HOME_DIR/payment.db" "SELECT count(*) FROM deposit_callbacks WHERE processed_at IS NULL")" = 0 ]; }

# Placing: an account to pay into, and nothing the shop can see.
out=$(place_va)
O=$(echo "$out" | jq -r .order_id)
check_eq "a virtual-account order waits for the deposit" AWAITING_DEPOSIT "$(echo "$out" | jq -r .status)"
check_eq "with the account to pay into" "신한 true true" \
    "$(echo "$out" | jq -r '.virtual_account | "\(.bank) \(.account_number | length > 5) \(.due_date | length > 10)"')"
check_eq "the payment waits too" AWAITING_DEPOSIT "$(pay_of "$O" .status)"
check_eq "the shop does not see it" 0 "$(in_queue "$O")"
check_eq "no order.paid" 0 "$(events_of order.paid "$O")"
KEY=$(pay_of "$O" .gateway_ref)
check_eq "the gateway was asked for a virtual account" VIRTUAL_ACCOUNT \
    "$(curl -s "$FAKE_URL/_received?path=/v1/payments/confirm" | jq -r ".[] | select(.body.paymentKey == \"$KEY\") | .body.method")"

# The deposit: Toss's callback, retried three times, applied once.
ans=$(bank "{\"paymentKey\":\"$KEY\",\"status\":\"DONE\",\"url\":\"$CB\",\"repeat\":3}")
check_eq "the receiver answers each try 200" "200 200 200" "$(echo "$ans" | jq -r '.answers | map(tostring) | join(" ")')"
wait_for 10 order_is "$O" PAID && ok "the deposit makes the order PAID" || fail "order: $(jbd minji status "$O" | jq -c .)"
check_eq "the shop sees it now" 1 "$(in_queue "$O")"
check_eq "one order.paid for three callbacks" 1 "$(events_of order.paid "$O")"
check_eq "one payment.deposited" 1 "$(events_of payment.deposited "$O")"
check_eq "the payment is APPROVED" APPROVED "$(pay_of "$O" .status)"
check_eq "the callback is stored once" 1 "$(stored)"

# A forged callback (wrong secret) changes nothing.
O2=$(place_va | jq -r .order_id)
K2=$(pay_of "$O2" .gateway_ref)
bank "{\"paymentKey\":\"$K2\",\"status\":\"DONE\",\"url\":\"$CB\",\"secret\":\"ps_forged\"}" >/dev/null
wait_for 10 processed
check_eq "a wrong secret: the order still waits" AWAITING_DEPOSIT "$(pay_of "$O2" .status)"
check_eq "and the callback is kept as a mismatch" "secret mismatch" \
    "$(sqlite3 "$HOME_DIR/payment.db" "SELECT result FROM deposit_callbacks WHERE order_id = $O2")"
check_eq "the shop does not see it" 0 "$(in_queue "$O2")"

# The order gives up while its account waits (the approve answered after
# the order stopped waiting: order.payment_abandoned, published here as
# the order service would): the account is void, the order never
# established, and a deposit that comes all the same is refunded.
raw publish "$BACK" "$(token svc)" "[{\"key\":\"test:abandon:$O2\",\"type\":\"order.payment_abandoned\",\"order_id\":$O2,\"shop_id\":\"chicken\",\"customer_id\":\"minji\",\"at\":$(date +%s000),\"data\":{\"amount\":21000,\"reason\":\"timeout\",\"status\":\"FAILED\"}}]" >/dev/null
wait_for 10 pay_is "$O2" VOID && ok "an abandoned order's waiting account is void" || fail "abandon: $(pay_of "$O2" .status)"
check_eq "payment.deposit_expired says so" 1 "$(events_of payment.deposit_expired "$O2")"
bank "{\"paymentKey\":\"$K2\",\"status\":\"DONE\",\"url\":\"$CB\"}" >/dev/null
wait_for 15 pay_is "$O2" REFUNDED && ok "a deposit for it all the same is refunded" || fail "abandoned deposit: $(pay_of "$O2" .status)"
check_eq "and the shop never saw the order" 0 "$(in_queue "$O2")"

# The customer cancels an order still waiting: nothing to refund, the
# account is void, the shop never sees it, and the order is gone.
O5=$(place_va | jq -r .order_id)
check_eq "cancelling a waiting order" "CANCELLED 0" "$(jbd minji cancel "$O5" | jq -r '"\(.status) \(.refund)"')"
wait_for 10 pay_is "$O5" VOID && ok "its account is void" || fail "cancel waiting: $(pay_of "$O5" .status)"
check_eq "the shop never saw it" 0 "$(in_queue "$O5")"
check_eq "then it is gone, as an order never established" not_found "$(jbd minji cancel "$O5" | jq -r .error.code)"
check_eq "someone else's waiting order is not_found" not_found \
    "$(jbd junho cancel "$(place_va | jq -r .order_id)" | jq -r .error.code)"

# Bad requests to the receiver: refused, stored nowhere.
n=$(stored)
code() { curl -s -o /dev/null -w '%{http_code}' -m 5 "$@"; }
check_eq "not JSON: 400" 400 "$(code -X POST -d 'deposit!' "$CB")"
check_eq "no orderId: 400" 400 "$(code -X POST -d '{"status":"DONE","secret":"x","createdAt":"t"}' "$CB")"
check_eq "not a baedal order: 400" 400 "$(code -X POST -d '{"orderId":"other-1","status":"DONE","secret":"x","createdAt":"t"}' "$CB")"
check_eq "a number for a string: 400" 400 "$(code -X POST -d "{\"orderId\":\"baedal-$O2\",\"status\":1,\"secret\":\"x\",\"createdAt\":\"t\"}" "$CB")"
check_eq "over 16 KiB: 413" 413 "$(head -c 20000 /dev/zero | tr '\0' a | code -X POST --data-binary @- "$CB")"
check_eq "GET: 405" 405 "$(code "$CB")"
check_eq "another path: 404" 404 "$(code -X POST -d '{}' "http://127.0.0.1:$CB_PORT/other")"
check_eq "none of them stored" "$n" "$(stored)"

# DONE goes back to WAITING_FOR_DEPOSIT (the deposit was undone).
bank "{\"paymentKey\":\"$KEY\",\"status\":\"WAITING_FOR_DEPOSIT\",\"url\":\"$CB\"}" >/dev/null
# (deposit_back.sh has the rest: the order is taken back from the shop.)
wait_for 10 order_is "$O" CANCELLED && ok "an undone deposit takes the order back" || fail "reversal: $(jbd minji status "$O" | jq -c .status)"
wait_for 10 pay_is "$O" VOID && ok "and voids the account it waits in again" || fail "reversal: $(pay_of "$O" .status)"
check_eq "payment.deposit_reversed" 1 "$(events_of payment.deposit_reversed "$O")"

# Expiry: no deposit before the due date; a late one is refunded.
ctl '{"va_due_ms":1500}'
O3=$(place_va | jq -r .order_id)
ctl '{"va_due_ms":3600000}'
K3=$(pay_of "$O3" .gateway_ref)
wait_for 10 pay_is "$O3" VOID && ok "past its due date the account expires" || fail "expiry: $(pay_of "$O3" .status)"
check_eq "payment.deposit_expired" 1 "$(events_of payment.deposit_expired "$O3")"
check_eq "the order was never established (the customer sees it EXPIRED)" "0 EXPIRED" "$(in_queue "$O3") $(jbd minji status "$O3" | jq -r '.status // .error.code')"
bank "{\"paymentKey\":\"$K3\",\"status\":\"DONE\",\"url\":\"$CB\"}" >/dev/null
wait_for 15 pay_is "$O3" REFUNDED && ok "a deposit after that is refunded" || fail "late: $(pay_of "$O3" .status)"
check_eq "by a cancel at the gateway" CANCELED "$(curl -s "$FAKE_URL/v1/payments/$K3" | jq -r .status)"

# Bad place requests.
check_eq "pay: cash is bad_request" bad_request \
    "$(jbd minji call order place '{"shop_id":"chicken","items":[{"item_id":"fried","qty":1}],"address":"서울시 1","pay":"cash"}' | jq -r .error.code)"
check_eq "a card payment still needs a card" bad_request \
    "$(jbd minji call order place '{"shop_id":"chicken","items":[{"item_id":"fried","qty":1}],"address":"서울시 1","pay":"card"}' | jq -r .error.code)"
# The order service is down when the deposit arrives: the payment takes
# it, and the order becomes PAID once the order service is back.
O4=$(place_va | jq -r .order_id)
K4=$(pay_of "$O4" .gateway_ref)
stop "$DAEMON" KILL
start_daemon --pg-url "$FAKE_URL" --pg-callback-port "$CB_PORT" --services payment,store,delivery,notify,view
check_eq "with the order service down the receiver takes the deposit" 200 \
    "$(bank "{\"paymentKey\":\"$K4\",\"status\":\"DONE\",\"url\":\"$CB\"}" | jq -r '.answers[0]')"
wait_for 10 pay_is "$O4" APPROVED && ok "the payment is APPROVED meanwhile" || fail "down: $(pay_of "$O4" .status)"
start_service order
wait_for 15 order_is "$O4" PAID && ok "the order service, back, makes the order PAID" || fail "order back: $(jbd minji status "$O4" | jq -c .)"
check_eq "once" 1 "$(events_of order.paid "$O4")"
stop "$SVC_PID"

stop "$DAEMON"
start_daemon
check_eq "the built-in gateway has no virtual accounts" payment_declined "$(place_va | jq -r .error.code)"
finish
