# refund_account.sh: the refund account (Toss's refundReceiveAccount) of
# an order paid by virtual account. It is asked for at the order, checked
# (a bank code from a fixed list, 6-20 digits, a holder name of 1-60
# characters), and bad input on any of the new members is bad_request
# (the CLI's own mistakes are usage errors, exit 2) with nothing stored
# and nothing asked of the gateway. It is kept in payment.db only,
# masked everywhere else (payment.get, the logs), and sent with the cancel
# that gives a deposit back; the fake gateway refuses a cancel of a
# deposit without a good one, and a refund the bank refuses
# (INVALID_REFUND_ACCOUNT_INFO) becomes a dead letter that says so; the
# admin sets the customer's other account and retries it.
. "$(dirname "$0")/lib.sh"

start_deposits

GOOD='"refund_account":{"bank":"20","account_number":"1002123456789","holder_name":"김민지"}'
place() {
	jbd minji call order place "{\"shop_id\":\"chicken\",\"items\":[{\"item_id\":\"fried\",\"qty\":1}],\"address\":\"서울시 마포구 1\",\"pay\":\"virtual_account\"$1}"
}
code_of() { place "$1" | jq -r '.error.code // .status'; }
count() { sqlite3 "$HOME_DIR/$1.db" "SELECT count(*) FROM $2"; }
confirms() { curl -s "$FAKE_URL/_received?path=/v1/payments/confirm" | jq length; }
state() { echo "$(count order orders) $(count payment payments) $(confirms)"; }
pay_of() { pay "$1" | jq -r "$2"; }
pay_is() { [ "$(pay_of "$1" .status)" = "$2" ]; }

# Bad input: bad_request, nothing stored, the gateway not asked.
before=$(state)
H60=$("$PY" -c 'print("가" * 60)')
H61=$("$PY" -c 'print("가" * 61)')
check_eq "no refund account: bad_request" bad_request "$(code_of '')"
check_eq "not an object" bad_request "$(code_of ',"refund_account":"20-1002123456789"')"
check_eq "no bank" bad_request "$(code_of ',"refund_account":{"account_number":"1002123456789","holder_name":"김민지"}')"
check_eq "a bank code baedal does not know" bad_request "$(code_of ',"refund_account":{"bank":"99","account_number":"1002123456789","holder_name":"김민지"}')"
check_eq "a bank name instead of its code" bad_request "$(code_of ',"refund_account":{"bank":"우리","account_number":"1002123456789","holder_name":"김민지"}')"
check_eq "dashes in the number" bad_request "$(code_of ',"refund_account":{"bank":"20","account_number":"1002-123-456789","holder_name":"김민지"}')"
check_eq "a number too short" bad_request "$(code_of ',"refund_account":{"bank":"20","account_number":"12345","holder_name":"김민지"}')"
check_eq "a number too long" bad_request "$(code_of ',"refund_account":{"bank":"20","account_number":"123456789012345678901","holder_name":"김민지"}')"
check_eq "a number as a JSON number" bad_request "$(code_of ',"refund_account":{"bank":"20","account_number":1002123456789,"holder_name":"김민지"}')"
check_eq "an empty holder" bad_request "$(code_of ',"refund_account":{"bank":"20","account_number":"1002123456789","holder_name":""}')"
check_eq "a holder of 61 characters" bad_request "$(code_of ",\"refund_account\":{\"bank\":\"20\",\"account_number\":\"1002123456789\",\"holder_name\":\"$H61\"}")"
check_eq "a control character in the holder" bad_request "$(code_of ',"refund_account":{"bank":"20","account_number":"1002123456789","holder_name":"김\u0001민지"}')"
check_eq "a long Hangul bank name (the message stays UTF-8)" "bad_request true" \
    "$(place ',"refund_account":{"bank":"국민은행입니다","account_number":"1002123456789","holder_name":"김민지"}' | jq -r '"\(.error.code) \(.error.message | startswith("refund_account.bank"))"')"
check_eq "a virtual account's bank that is not a code" bad_request "$(code_of ",\"bank\":\"XX\",$GOOD")"
check_eq "the message names the member" "refund_account.account_number" \
    "$(place ',"refund_account":{"bank":"20","account_number":"1002-123","holder_name":"김민지"}' | jq -r '.error.message | split(":")[0]')"
check_eq "none of them stored anything or asked the gateway" "$before" "$(state)"
check_eq "a holder of 60 characters (180 bytes) is fine" AWAITING_DEPOSIT \
    "$(code_of ",\"refund_account\":{\"bank\":\"20\",\"account_number\":\"1002123456789\",\"holder_name\":\"$H60\"}")"

# The CLI: its own mistakes are usage errors (exit 2), the service's
# refusals failures (exit 1), both as one JSON value.
cli_order() { jbd minji order chicken friedx1 --address '서울시 마포구 1' "$@"; }
out=$(cli_order --virtual-account 88); rc=$?
check_eq "--virtual-account without --refund-account: usage, exit 2" "2 usage" "$rc $(echo "$out" | jq -r .error.code)"
out=$(cli_order --virtual-account 88 --refund-account 20:1002123456789); rc=$?
check_eq "--refund-account without a holder: usage, exit 2" "2 usage" "$rc $(echo "$out" | jq -r .error.code)"
out=$(cli_order --card 4111111111111111 --virtual-account 88 --refund-account 20:1002123456789:김민지); rc=$?
check_eq "a card and a virtual account: usage, exit 2" "2 usage" "$rc $(echo "$out" | jq -r .error.code)"
out=$(cli_order --card 4111111111111111 --refund-account 20:1002123456789:김민지); rc=$?
check_eq "a refund account for a card: usage, exit 2" "2 usage" "$rc $(echo "$out" | jq -r .error.code)"
out=$(bd minji order chicken friedx1 --address '서울시 마포구 1' --virtual-account 88 2>&1); rc=$?
check_eq "without --json the usage error is on stderr, exit 2" "2 true" "$rc $(echo "$out" | grep -q 'refund-account' && echo true)"
out=$(cli_order --virtual-account 88 --refund-account 99:1002123456789:김민지); rc=$?
check_eq "a bank the service does not know: bad_request, exit 1" "1 bad_request" "$rc $(echo "$out" | jq -r .error.code)"
out=$(cli_order --virtual-account 88 --refund-account 20:12-34:김민지); rc=$?
check_eq "a number with dashes: bad_request, exit 1" "1 bad_request" "$rc $(echo "$out" | jq -r .error.code)"
out=$(bd minji order chicken friedx1 --address '서울시 마포구 1' --virtual-account 88 --refund-account '20:1002123456789:김:민지'); rc=$?
check_eq "a holder with a colon is the holder's: ordered, exit 0" "0 true" "$rc $(echo "$out" | grep -q AWAITING_DEPOSIT && echo true)"

# Ordered, deposited, cancelled: the refund goes to the account.
O=$(cli_order --virtual-account 88 --refund-account 20:1002123456789:김민지 | jq -r .order_id)
KEY=$(pay_of "$O" .gateway_ref)
check_eq "payment.get shows the account masked" "20 *********6789 김민지" \
    "$(pay "$O" | jq -r '.refund_account | "\(.bank) \(.account_number) \(.holder_name)"')"
bank "{\"paymentKey\":\"$KEY\",\"status\":\"DONE\",\"url\":\"$CB\"}" >/dev/null
wait_for 10 pay_is "$O" APPROVED || fail "deposit: $(pay_of "$O" .status)"
jbd minji cancel "$O" >/dev/null
wait_for 15 pay_is "$O" REFUNDED && ok "a cancelled order's deposit is refunded" || fail "refund: $(pay_of "$O" .status)"
check_eq "with refundReceiveAccount" "20 1002123456789 김민지" \
    "$(curl -s "$FAKE_URL/_received?path=/v1/payments/$KEY/cancel" | jq -r '.[-1].body.refundReceiveAccount | "\(.bank) \(.accountNumber) \(.holderName)"')"

# The bank refuses the account: a dead letter that says so.
ctl '{"refused_accounts":["3333012345678"]}'
O2=$(cli_order --virtual-account 90 --refund-account 90:3333012345678:김민지 | jq -r .order_id)
K2=$(pay_of "$O2" .gateway_ref)
bank "{\"paymentKey\":\"$K2\",\"status\":\"DONE\",\"url\":\"$CB\"}" >/dev/null
wait_for 10 pay_is "$O2" APPROVED || fail "deposit 2: $(pay_of "$O2" .status)"
jbd minji cancel "$O2" >/dev/null
dead() { jbd admin payments dead | jq -r ".items[] | select(.order_id == $O2) | .code"; }
wait_for 15 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin --json payments dead | jq -r '.items[] | select(.order_id == $O2) | .code')\" = INVALID_REFUND_ACCOUNT_INFO ]" \
    && ok "a refund to an account the bank refuses is a dead letter" || fail "dead: $(dead)"
check_eq "saying it was the refund account, masked" "true true false" \
    "$(jbd admin payments dead | jq -r ".items[] | select(.order_id == $O2) | .message | \"\(contains(\"refund account was refused\")) \(contains(\"*********5678\")) \(contains(\"3333012345678\"))\"")"
check_eq "sent once, never again" 1 "$(curl -s "$FAKE_URL/_received?path=/v1/payments/$K2/cancel" | jq length)"
check_eq "the payment stays REFUNDING for the admin" REFUNDING "$(pay_of "$O2" .status)"

# The admin sets the customer's other account, then retries.
DID=$(jbd admin payments dead | jq -r ".items[] | select(.order_id == $O2) | .id")
out=$(jbd admin payments refund-account "$O2" 90-3333); rc=$?
check_eq "payments refund-account with a malformed account: usage, exit 2" "2 usage" "$rc $(echo "$out" | jq -r .error.code)"
check_eq "a bad number: bad_request" bad_request "$(jbd admin payments refund-account "$O2" 90:3333-0123:김민지 | jq -r .error.code)"
check_eq "a card order has no refund account: invalid_state" invalid_state \
    "$(jbd admin payments refund-account "$(place_paid)" 90:3333012345679:김민지 | jq -r .error.code)"
check_eq "a customer may not: forbidden" forbidden "$(jbd minji payments refund-account "$O2" 90:3333012345679:김민지 | jq -r .error.code)"
check_eq "the account is as it was" "90 *********5678" "$(pay "$O2" | jq -r '.refund_account | "\(.bank) \(.account_number)"')"
check_eq "the admin sets another: answered masked" "88 ***********5679 김민지" \
    "$(jbd admin payments refund-account "$O2" 88:110333012345679:김민지 | jq -r '.refund_account | "\(.bank) \(.account_number) \(.holder_name)"')"
jbd admin payments retry "$DID" >/dev/null
wait_for 15 pay_is "$O2" REFUNDED && ok "retried, the refund goes through" || fail "retry: $(pay_of "$O2" .status)"
check_eq "to the new account" "88 110333012345679" \
    "$(curl -s "$FAKE_URL/_received?path=/v1/payments/$K2/cancel" | jq -r '.[-1].body.refundReceiveAccount | "\(.bank) \(.accountNumber)"')"

# The number is never logged in full.
check_eq "no log line has a refund account number" 0 \
    "$(cat "$T"/baedald.log | grep -c -e 1002123456789 -e 3333012345678 -e 110333012345679)"
finish
