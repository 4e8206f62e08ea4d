# pay_errors.sh: what the payment service does with each class of the
# gateway's answers to a cancel (tests/tools/fakehttp.py answers them as
# Toss Payments does):
#   final (NOT_CANCELABLE_PAYMENT, NOT_CANCELABLE_AMOUNT,
#   EXCEED_MAX_REFUND_DUE, INVALID_REFUND_ACCOUNT_INFO): sent once, then a
#   dead letter the admin lists, retries (the payment is read first) or
#   resolves with a note, from the CLI, with exit codes 0/1/2 and JSON
#   errors; ALREADY_CANCELED_PAYMENT: done; transient (PROVIDER_ERROR,
#   FAILED_INTERNAL_SYSTEM_PROCESSING, 503): tried again with the same key;
#   in flight (IDEMPOTENT_REQUEST_PROCESSING, FORBIDDEN_CONSECUTIVE_REQUEST,
#   and a real 409 while a slow first cancel is still being answered): the
#   payment is read again before any new cancel, and one that landed is not
#   sent twice; a refund whose key is older than 15 days reads the payment
#   first, after a SIGKILL of the daemon; a confirm answered in flight is
#   not a decline, and its charge is cancelled. Nothing is refunded twice.
. "$(dirname "$0")/lib.sh"

start_fake
PG=$FAKE_URL
start_daemon --pg-url "$PG"
wait_for 10 shops_ready

pay_status_is() { [ "$(pay "$1" | jq -r .status)" = "$2" ]; }
key_of() { pay "$1" | jq -r .gateway_ref; }
# The fake's records of one payment, as "METHOD:STATUS" in order.
seq_of() {
	curl -s -m 5 "$PG/_received?path=/v1/payments/$1" |
	    jq -r '[.[] | "\(.method):\(.status)"] | join(" ")'
}
cancels_of() { curl -s -m 5 "$PG/_received?path=/v1/payments/$1/cancel" | jq length; }
gets_of() {
	curl -s -m 5 "$PG/_received?path=/v1/payments/$1" |
	    jq '[.[] | select(.method == "GET")] | length'
}
# The gateway's own view of a payment: "CANCELS BALANCE" (a GET: read it
# after the checks on seq_of).
landed_of() { "$PY" - "$PG" "$1" <<'EOF'
import json, sys, urllib.request
with urllib.request.urlopen("%s/v1/payments/%s" % (sys.argv[1], sys.argv[2])) as r:
    p = json.load(r)
print(len(p.get("cancels") or []), p["balanceAmount"])
EOF
}
# A paid order whose cancel meets the errors $1 (a JSON list).
cancel_with() {
	o=$(place_paid)
	ctl "{\"cancel_errors\":$1}"
	jbd minji cancel "$o" >/dev/null
	echo "$o"
}
dead_json() { jbd admin payments dead --state "${1:-open}"; }
dead_of() { dead_json all | jq -r ".items[] | select(.order_id == $1) | .${2:-id}"; }
has_dead() { [ -n "$(dead_of "$1")" ]; }

# Final: each code goes to the dead-letter queue after one cancel.
FINALS=""
for c in 403:NOT_CANCELABLE_PAYMENT 403:NOT_CANCELABLE_AMOUNT \
    403:EXCEED_MAX_REFUND_DUE 400:INVALID_REFUND_ACCOUNT_INFO; do
	o=$(cancel_with "[{\"status\":${c%%:*},\"code\":\"${c#*:}\"}]")
	wait_for 10 has_dead "$o" && ok "${c#*:} is dead-lettered" || fail "${c#*:}: no dead letter"
	check_eq "${c#*:}: the dead letter keeps the gateway's code" "${c#*:}" "$(dead_of "$o" code)"
	check_eq "${c#*:}: the payment stays REFUNDING" REFUNDING "$(pay "$o" | jq -r .status)"
	FINALS="$FINALS $o"
done
set -- $FINALS; F1=$1; F2=$2; F3=$3; F4=$4
check_eq "payments dead lists the four, open" "4 $F4 $F3 $F2 $F1" \
    "$(dead_json | jq -r '"\(.counts.open) \([.items[].order_id] | join(" "))"')"
check "the human listing has one line per dead letter and the counts" \
    sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin payments dead | grep -c '^#' | grep -qx 4"

# The CLI's errors: usage is 2, a refused request 1, JSON on stdout.
jbd admin payments retry abc >"$T/out" 2>/dev/null
check_eq "retry of a non-number: exit 2" 2 $?
check_eq "with a JSON error" usage "$(jq -r .error.code "$T/out")"
jbd admin payments resolve "$(dead_of "$F1")" >"$T/out" 2>/dev/null
check_eq "resolve without --note: exit 2" 2 $?
check_eq "with a JSON error" usage "$(jq -r .error.code "$T/out")"
jbd admin payments retry 99999 >"$T/out"
check_eq "retry of an unknown dead letter: exit 1" 1 $?
check_eq "not_found, as JSON" not_found "$(jq -r .error.code "$T/out")"
jbd minji payments dead >"$T/out"
check_eq "a customer may not list them: exit 1" 1 $?
check_eq "forbidden, as JSON" forbidden "$(jq -r .error.code "$T/out")"
for body in '{}' '{"id":"x"}' '{"id":0}' '{"id":1,"note":""}' '{"id":1,"note":5}'; do
	check_eq "resolve $body is bad_request" bad_request \
	    "$(jbd admin call payment resolve "$body" | jq -r .error.code)"
done
check_eq "dead with an unknown state is bad_request" bad_request \
    "$(jbd admin call payment dead '{"state":"lost"}' | jq -r .error.code)"
check_eq "bad requests changed nothing" "4 0 0" \
    "$(dead_json | jq -r '"\(.counts.open) \(.counts.retried) \(.counts.resolved)"')"

# Retry: the payment is read first, then cancelled, once.
K1=$(key_of "$F1")
jbd admin payments retry "$(dead_of "$F1")" >"$T/out"
check_eq "payments retry: exit 0" 0 $?
check_eq "the dead letter is retried, by admin" "retried admin" "$(jq -r '"\(.state) \(.handled_by)"' "$T/out")"
wait_for 10 pay_status_is "$F1" REFUNDED && ok "the retried refund lands" || fail "retry: $(pay "$F1" | jq -c .)"
check_eq "the gateway saw: the refused cancel, a read, the cancel" \
    "POST:403 GET:200 POST:200" "$(seq_of "$K1")"
jbd admin payments retry "$(dead_of "$F1")" >"$T/out"
check_eq "a second retry: exit 1" 1 $?
check_eq "invalid_state" invalid_state "$(jq -r .error.code "$T/out")"

# Resolve: settled outside baedal; no cancel is sent again.
jbd admin payments resolve "$(dead_of "$F2")" --note "계좌 이체로 환불 (ticket 4411)" >"$T/out"
check_eq "payments resolve: exit 0" 0 $?
check_eq "resolved with its note" "resolved|계좌 이체로 환불 (ticket 4411)" "$(jq -r '"\(.state)|\(.note)"' "$T/out")"
check_eq "the payment is RESOLVED" RESOLVED "$(pay "$F2" | jq -r .status)"
check_eq "human output of resolve" "" \
    "$(bd admin payments resolve "$(dead_of "$F3")" --note 'refunded by phone' | grep -v '해결되었습니다')"
check_eq "the counts follow" "1 1 2" \
    "$(dead_json | jq -r '"\(.counts.open) \(.counts.retried) \(.counts.resolved)"')"

# ALREADY_CANCELED_PAYMENT counts as done.
A=$(cancel_with '[{"status":400,"code":"ALREADY_CANCELED_PAYMENT"}]')
wait_for 10 pay_status_is "$A" REFUNDED && ok "ALREADY_CANCELED_PAYMENT is refunded" || fail "already: $(pay "$A" | jq -r .status)"
check_eq "after one cancel, without a dead letter" "1 " "$(cancels_of "$(key_of "$A")") $(dead_of "$A")"

# Transient: tried again with the same key until it is taken.
TR=$(cancel_with '[{"status":400,"code":"PROVIDER_ERROR"},{"status":500,"code":"FAILED_INTERNAL_SYSTEM_PROCESSING"},{"status":503,"code":"COMMON_ERROR"}]')
wait_for 15 pay_status_is "$TR" REFUNDED && ok "transient errors: refunded in the end" || fail "transient: $(pay "$TR" | jq -r .status)"
KT=$(key_of "$TR")
check_eq "four cancels, no read, no dead letter" "POST:400 POST:500 POST:503 POST:200|" \
    "$(seq_of "$KT")|$(dead_of "$TR")"
check_eq "all with one Idempotency-Key" "cancel-$KT" \
    "$(curl -s "$PG/_received?path=/v1/payments/$KT/cancel" | jq -r '[.[].headers["Idempotency-Key"]] | unique | join(",")')"

# In flight, and it landed: read, found cancelled, not sent again.
IL=$(cancel_with '[{"status":409,"code":"IDEMPOTENT_REQUEST_PROCESSING","process":true}]')
wait_for 10 pay_status_is "$IL" REFUNDED && ok "IDEMPOTENT_REQUEST_PROCESSING: refunded" || fail "in flight: $(pay "$IL" | jq -r .status)"
KIL=$(key_of "$IL")
check_eq "read before any new cancel, and no new cancel" "POST:409 GET:200" "$(seq_of "$KIL")"
check_eq "one cancel at the gateway, balance 0" "1 0" "$(landed_of "$KIL")"

# In flight, and it did not land: read, then cancelled.
IN=$(cancel_with '[{"status":403,"code":"FORBIDDEN_CONSECUTIVE_REQUEST"}]')
wait_for 10 pay_status_is "$IN" REFUNDED && ok "FORBIDDEN_CONSECUTIVE_REQUEST: refunded" || fail "consecutive: $(pay "$IN" | jq -r .status)"
check_eq "read, then cancelled" "POST:403 GET:200 POST:200" "$(seq_of "$(key_of "$IN")")"

# A real 409: the first cancel is slow (it lands, then the answer takes
# 5 s, past the client's 3 s); the retry with the same key meets it.
o=$(place_paid)
ctl '{"latency_ms":5000}'
jbd minji cancel "$o" >/dev/null
KS=$(key_of "$o")
saw_409() { seq_of "$KS" | grep -q 'POST:409'; }
wait_for 15 saw_409 && ok "a retry during the slow first cancel gets 409" || fail "no 409: $(seq_of "$KS")"
ctl '{"latency_ms":0}'
wait_for 15 pay_status_is "$o" REFUNDED && ok "and the refund is settled" || fail "slow: $(pay "$o" | jq -r .status)"
# (a 409 answered while the fake was still slow times out too: one or more)
check "by a read after the 409s, not another cancel" \
    sh -c "echo '$(seq_of "$KS")' | grep -Eqx 'POST:200( POST:409)+ GET:200'"
check_eq "one cancel at the gateway" "1 0" "$(landed_of "$KS")"

# An idempotency key older than 15 days: the payment is read first. The
# cancel lands but its answers are lost (500), the daemon is killed, the
# refund row is aged 16 days: after the restart it is read, found
# cancelled, and no cancel is sent again.
OLD=$(cancel_with '[{"status":500,"code":"FAILED_INTERNAL_SYSTEM_PROCESSING","process":true},{"status":500,"code":"FAILED_INTERNAL_SYSTEM_PROCESSING"},{"status":500,"code":"FAILED_INTERNAL_SYSTEM_PROCESSING"},{"status":500,"code":"FAILED_INTERNAL_SYSTEM_PROCESSING"},{"status":500,"code":"FAILED_INTERNAL_SYSTEM_PROCESSING"},{"status":500,"code":"FAILED_INTERNAL_SYSTEM_PROCESSING"},{"status":500,"code":"FAILED_INTERNAL_SYSTEM_PROCESSING"},{"status":500,"code":"FAILED_INTERNAL_SYSTEM_PROCESSING"}]')
KO=$(key_of "$OLD")
two_fails() { [ "$(cancels_of "$KO")" -ge 2 ]; }
wait_for 10 two_fails || fail "the cancel was not tried twice"
stop "$DAEMON" KILL
ctl '{"cancel_errors":[]}'
before=$(cancels_of "$KO")
check_eq "no read of it yet" 0 "$(gets_of "$KO")"
sqlite3 "$HOME_DIR/payment.db" "UPDATE refunds SET created_at = created_at - 16 * 86400000 WHERE order_id = $OLD"
start_daemon --pg-url "$PG"
wait_for 10 pay_status_is "$OLD" REFUNDED && ok "an old refund is settled after a SIGKILL and restart" || fail "old: $(pay "$OLD" | jq -r .status)"
check_eq "by reading the payment" 1 "$(gets_of "$KO")"
check_eq "without a new cancel" "$before" "$(cancels_of "$KO")"

# A confirm answered "in flight" (it went through all the same) is not a
# decline: the order is refused as payment_unavailable and the charge is
# cancelled, never left behind.
ctl '{"confirm_errors":[{"status":409,"code":"IDEMPOTENT_REQUEST_PROCESSING","process":true}]}'
out=$(jbd minji order chicken friedx1 --address '서울시 1' --card 4111111111111111)
check_eq "a confirm answered IDEMPOTENT_REQUEST_PROCESSING is payment_unavailable" payment_unavailable \
    "$(echo "$out" | jq -r .error.code)"
KC=$(curl -s "$PG/_received?path=/v1/payments/confirm" | jq -r '[.[] | select(.status == 409)][0].body.paymentKey')
charge_cancelled() { [ "$(curl -s "$PG/v1/payments/$KC" | jq -r .status)" = CANCELED ]; }
wait_for 20 charge_cancelled && ok "and the charge it made is cancelled" || fail "charge left: $(curl -s "$PG/v1/payments/$KC" | jq -c .)"

# The final ones that were not retried were sent once only.
check_eq "a refund refused for good is never sent again" "1 1 1" \
    "$(cancels_of "$(key_of "$F2")") $(cancels_of "$(key_of "$F3")") $(cancels_of "$(key_of "$F4")")"
check_eq "no order's charge was cancelled twice at the gateway" "" \
    "$(curl -s "$PG/_received?path=/v1/payments/" | jq -r '[.[] | select(.method == "POST" and (.path | endswith("/cancel")) and .status == 200) | .path] | group_by(.) | map(select(length > 1)) | .[][0]' | tr '\n' ' ')"
finish
