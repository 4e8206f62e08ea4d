# pay_partial.sh: payment.refund_partial against the fake Toss gateway
# (tests/tools/fakehttp.py): a part is cancelled with cancelAmount and its
# own Idempotency-Key, the balance goes down at the gateway and in the
# ledger; the same request again (same id) is the same refund, cancelled
# once; a second part right after the first meets
# FORBIDDEN_CONSECUTIVE_REQUEST, is read and sent again, once; a part over
# what is left is exceeds_balance; bad input gets a stable code and
# changes nothing; a part the gateway refuses for good is a dead letter
# whose resolve lowers the balance; cancelling the order then gives back
# exactly the rest (cancelAmount: the ledger's balance, not the
# gateway's); the built-in gateway takes parts too.
. "$(dirname "$0")/lib.sh"

start_fake
PG=$FAKE_URL
start_daemon --pg-url "$PG"
wait_for 10 shops_ready

pay_is() { [ "$(pay "$1" | jq -r "$2")" = "$3" ]; }
part() { jbd admin call payment refund_partial "$1"; }
# The same request id every time: what a client retrying it sends.
part_as() {
	raw ask "$FRONT" "$(token admin)" "{\"type\":\"request\",\"id\":\"$1\",\"service\":\"payment\",\"method\":\"refund_partial\",\"body\":$2}" 10 | tail -1
}
cancels() { curl -s -m 5 "$PG/_received?path=/v1/payments/$1/cancel"; }
gateway() { curl -s -m 5 "$PG/v1/payments/$1"; }

O=$(place_paid friedx2)
K=$(pay "$O" | jq -r .gateway_ref)
check_eq "a paid order's balance is its amount" 39000 "$(pay "$O" | jq -r .balance)"

# A part.
r=$(part_as part-1 "{\"order_id\":$O,\"amount\":5000,\"reason\":\"콜라 품절\"}")
check_eq "refund_partial answers the refund" "5000 $O 34000" \
    "$(echo "$r" | jq -r '.result | "\(.amount) \(.order_id) \(.balance)"')"
R1=$(echo "$r" | jq -r .result.refund_id)
wait_for 10 pay_is "$O" .balance 34000 && ok "the ledger's balance goes down once it lands" || fail "balance: $(pay "$O" | jq -c .)"
check_eq "the payment stays APPROVED" APPROVED "$(pay "$O" | jq -r .status)"
check_eq "sent with cancelAmount, the reason and its own key" "5000|콜라 품절|cancel-$K" \
    "$(cancels "$K" | jq -r '.[0] | "\(.body.cancelAmount)|\(.body.cancelReason)|\(.headers["Idempotency-Key"])"')"
check_eq "the gateway's balance agrees" "34000 PARTIAL_CANCELED" "$(gateway "$K" | jq -r '"\(.balanceAmount) \(.status)"')"
check_eq "payment.partially_refunded is in the log" "5000 34000" \
    "$(jbd admin events --type payment.partially_refunded | jq -r "select(.order_id == $O) | .data | \"\(.amount) \(.balance)\"")"

# The same request again: the same refund, no second cancel.
r=$(part_as part-1 "{\"order_id\":$O,\"amount\":5000,\"reason\":\"콜라 품절\"}")
check_eq "asked again with the same id: the same refund" "$R1" "$(echo "$r" | jq -r .result.refund_id)"
check_eq "and still one cancel at the gateway" 1 "$(cancels "$K" | jq length)"

# A second part at once: FORBIDDEN_CONSECUTIVE_REQUEST (within 1 s of the
# first at the gateway), read, sent again, lands once.
# (Toss's window is 1 s; 5 s here, started again by setting it, so a slow
# build meets it too.)
ctl '{"consecutive_ms":5000}'
r=$(part "{\"order_id\":$O,\"amount\":3000}")
check_eq "a second part is taken" 31000 "$(echo "$r" | jq -r .balance)"
wait_for 15 pay_is "$O" .balance 31000 && ok "and lands" || fail "second part: $(pay "$O" | jq -c .)"
K2=$(cancels "$K" | jq -r '[.[].headers["Idempotency-Key"]] | unique | map(select(. != "cancel-'"$K"'")) | .[0]')
check_eq "with the next key" "cancel-$K-2" "$K2"
# (the GETs before the first 403 are this test's own reads)
seq2=$(curl -s "$PG/_received?path=/v1/payments/$K" | jq -r '[.[] | select(.method == "GET" or .headers["Idempotency-Key"] == "'"$K2"'") | "\(.method):\(.status)"] | join(" ")')
check "the gateway refused it as consecutive first, and it was read before it was sent again" \
    sh -c "echo '$seq2' | grep -Eq '^(GET:200 )*POST:403 GET:200 (POST:403 GET:200 )*POST:200\$'"
ctl '{"consecutive_ms":1000}'
check_eq "two cancels at the gateway, 8000 in all" "2 8000 31000" \
    "$(gateway "$K" | jq -r '"\(.cancels | length) \([.cancels[].cancelAmount] | add) \(.balanceAmount)"')"

# Over what is left, and bad input: a stable code, nothing changes.
n_before=$(cancels "$K" | jq length)
check_eq "a part over the balance is exceeds_balance" exceeds_balance \
    "$(part "{\"order_id\":$O,\"amount\":31001}" | jq -r .error.code)"
for body in '{}' "{\"order_id\":$O}" "{\"order_id\":$O,\"amount\":0}" \
    "{\"order_id\":$O,\"amount\":-5}" "{\"order_id\":$O,\"amount\":\"100\"}" \
    "{\"order_id\":$O,\"amount\":1.5}" "{\"order_id\":\"$O\",\"amount\":100}" \
    "{\"order_id\":$O,\"amount\":100,\"reason\":\"\"}" \
    "{\"order_id\":$O,\"amount\":100,\"reason\":\"$(head -c 201 /dev/zero | tr '\0' x)\"}" \
    "{\"order_id\":$O,\"amount\":100,\"reason\":7}"; do
	check_eq "refund_partial $(echo "$body" | cut -c1-60) is bad_request" bad_request \
	    "$(part "$body" | jq -r .error.code)"
done
check_eq "an order with no payment is not_found" not_found \
    "$(part '{"order_id":999999,"amount":100}' | jq -r .error.code)"
check_eq "a customer may not" forbidden \
    "$(jbd minji call payment refund_partial "{\"order_id\":$O,\"amount\":100}" | jq -r .error.code)"
check_eq "none of them changed the balance or reached the gateway" "31000 $n_before" \
    "$(pay "$O" | jq -r .balance) $(cancels "$K" | jq length)"

# A part the gateway refuses for good: a dead letter; resolving it says it
# was given back outside baedal, so the balance goes down.
ctl '{"cancel_errors":[{"status":403,"code":"NOT_CANCELABLE_AMOUNT"}]}'
r=$(part "{\"order_id\":$O,\"amount\":1000}")
dead() { jbd admin payments dead | jq -r ".items[] | select(.order_id == $O) | .${1}"; }
has_dead() { [ -n "$(dead id)" ]; }
wait_for 10 has_dead && ok "a part refused for good is dead-lettered" || fail "no dead letter"
check_eq "with its amount" 1000 "$(dead amount)"
check_eq "what is left counts it as owed" exceeds_balance \
    "$(part "{\"order_id\":$O,\"amount\":30001}" | jq -r .error.code)"
jbd admin payments resolve "$(dead id)" --note "현금 1,000원 환불" >/dev/null
check_eq "resolved: the balance goes down by it" 30000 "$(pay "$O" | jq -r .balance)"

# Cancelling the order gives back exactly the rest.
jbd minji cancel "$O" >/dev/null
wait_for 15 pay_is "$O" .status REFUNDED && ok "the order's cancel refunds the rest" || fail "rest: $(pay "$O" | jq -c .)"
check_eq "payment.refunded says how much: the rest" 30000 \
    "$(jbd admin events --type payment.refunded | jq -r "select(.order_id == $O) | .data.amount")"
check_eq "the ledger's balance is 0, never below" 0 "$(pay "$O" | jq -r .balance)"
check_eq "the last cancel names the rest (the 1,000 went back outside)" 30000 \
    "$(cancels "$K" | jq -r '[.[] | select(.status == 200)][-1].body.cancelAmount')"
check_eq "the gateway: 5000 + 3000 + 30000 in three cancels, never the 1,000 twice" \
    "PARTIAL_CANCELED 1000 3 38000" \
    "$(gateway "$K" | jq -r '"\(.status) \(.balanceAmount) \(.cancels | length) \([.cancels[].cancelAmount] | add)"')"
check_eq "after the whole refund, a part is invalid_state" invalid_state \
    "$(part "{\"order_id\":$O,\"amount\":100}" | jq -r .error.code)"

# The built-in test gateway takes parts at once.
stop "$DAEMON"
start_daemon
O2=$(place_paid friedx2)
check_eq "built-in gateway: a part is refunded at once" "REFUNDED 38000" \
    "$(part "{\"order_id\":$O2,\"amount\":1000}" | jq -r '"\(.status) \(.balance)"')"
check_eq "and the ledger agrees" 38000 "$(pay "$O2" | jq -r .balance)"
finish
