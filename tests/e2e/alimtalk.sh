# alimtalk.sh: AlimTalk to customers through a fake message dealer
# (tests/tools/fakesens.py, served by fakehttp.py) that checks NCP SENS's
# signature headers and the registered templates: a customer's phone
# number is validated (bad ones are bad_request and change nothing),
# stored, shown and logged masked only; each status change of their order
# is one signed message with its own template, its result polled until
# delivered; AlimTalk failing falls back to SMS; both failing is failed;
# a dealer answering 503 is tried again, one refusing the signature is
# final; a message waiting for its result when the daemon is SIGKILLed is
# polled after the restart, not sent again; the shop's notifications and a
# customer without a number get no AlimTalk; `baedal notify outbox` shows
# it all.
. "$(dirname "$0")/lib.sh"

SID='ncp:kkobizmsg:kr:1234:baedal'
start_fake
export BAEDAL_ALIMTALK_ACCESS_KEY=test-access BAEDAL_ALIMTALK_SECRET_KEY=test-secret
# 8 attempts (50 ms doubling: 6 s in all): the 503 spell below ends after two
# of them are seen, which under load may be three or four.
AT="--alimtalk-url $FAKE_URL --alimtalk-service-id $SID --alimtalk-sms-from 0212345678 --alimtalk-poll-ms 100 --webhook-backoff-ms 50 --webhook-max-attempts 8"
start_daemon $AT
wait_for 10 shops_ready

sends() { curl -s -m 5 "$FAKE_URL/_received?path=/alimtalk/v2/services/$SID/messages" | jq -c "[.[] | select(.method == \"POST\")]"; }
outbox() { jbd admin notify outbox --limit 200; }
# The AlimTalk of ORDER's customer notifications: "STATUS:STATE ...".
at_of() {
	outbox | jq -r "[.items[] | select(.order_id == $1 and (.recipient | startswith(\"shop:\") | not))] | sort_by(.id)
	    | map(\"\(.status):\(.alimtalk.state // \"none\")\") | join(\" \")"
}
at_is() { [ "$(at_of "$1")" = "$2" ]; }

# The phone number: validated, stored, shown masked.
check_eq "no number yet" null "$(jbd minji profile | jq -r .phone)"
for bad in '"123"' '"02-123-4567"' '"010-1234-567"' '"011-1234-56789"' '12345' \
    '"010-1234-5678x"' '""' '"+1 010 1234 5678"' '[]'; do
	check_eq "set_phone $bad is bad_request" bad_request \
	    "$(jbd minji call notify set_phone "{\"phone\":$bad}" | jq -r .error.code)"
done
check_eq "and changes nothing" null "$(jbd minji profile | jq -r .phone)"
jbd minji profile phone 12-34 >"$T/out"
check_eq "the CLI: exit 1 for a bad number" 1 $?
check_eq "with the error as JSON" bad_request "$(jq -r .error.code "$T/out")"
check_eq "an owner has no customer phone" forbidden \
    "$(jbd chicken_owner call notify set_phone '{"phone":"010-1111-2222"}' | jq -r .error.code)"
check_eq "a number is kept, shown masked" "010-****-5678" \
    "$(jbd minji profile phone 010-1234-5678 | jq -r .phone)"
check_eq "+82 is understood" "010-****-0000" \
    "$(jbd junho profile phone '+82 10-9999-0000' | jq -r .phone)"
check_eq "the human profile line" "minji: 010-****-5678" "$(bd minji profile)"
check_eq "stored as digits only" 01012345678 \
    "$(sqlite3 "$HOME_DIR/notify.db" "SELECT phone FROM notify_contacts WHERE user = 'minji'")"

# One message per status change, each with its template, signed, polled.
O=$(place_paid)
bd chicken_owner shop accept "$O" --eta 25 >/dev/null
bd chicken_owner shop cook "$O" >/dev/null
wait_for 15 at_is "$O" "PAID:delivered ACCEPTED:delivered COOKING:delivered" \
    && ok "paid, accepted, cooking: three AlimTalk messages delivered" || fail "got: $(at_of "$O")"
sends | jq -c "[.[] | select(.body.messages[0].content | contains(\"주문번호: $O\"))]" >"$T/mine.json"
check_eq "one template per status change" "BDL_PAID BDL_ACCEPTED BDL_COOKING" \
    "$(jq -r '[.[].body.templateCode] | join(" ")' "$T/mine.json")"
check_eq "the dealer took each (202: signature and template checked)" "202 202 202" \
    "$(jq -r '[.[].status] | join(" ")' "$T/mine.json")"
check_eq "to the customer's number, from the channel" "01012345678 @baedal" \
    "$(jq -r '.[0] | "\(.body.messages[0].to) \(.body.plusFriendId)"' "$T/mine.json")"
check_eq "the variables filled in" "[바삭치킨] 주문이 접수되었습니다|주문번호: $O|도착 예정: 약 25분 후" \
    "$(jq -r '.[1].body.messages[0].content | split("\n") | join("|")' "$T/mine.json")"
check_eq "with SMS failover and its text" "true 0212345678 true" \
    "$(jq -r '.[0].body.messages[0] | "\(.useSmsFailover) \(.failoverConfig.from) \(.failoverConfig.content == .content)"' "$T/mine.json")"
check_eq "and a button to the order" "WL 주문 보기" \
    "$(jq -r '.[0].body.messages[0].buttons[0] | "\(.type) \(.name)"' "$T/mine.json")"
check "each signed with the three NCP headers" jq -e 'all(.[].headers; has("x-ncp-apigw-timestamp") and .["x-ncp-iam-access-key"] == "test-access" and (.["x-ncp-apigw-signature-v2"] | length) == 44)' "$T/mine.json"
polls=$(curl -s "$FAKE_URL/_received?path=/alimtalk/" | jq '[.[] | select(.method == "GET" and .status == 200)] | length')
check "results were polled: processing, then success (at least 2 per message)" test "$polls" -ge 6
check_eq "the outbox shows the masked number and the dealer's result" "010-****-5678 0000" \
    "$(outbox | jq -r "[.items[] | select(.order_id == $O and .status == \"PAID\" and .alimtalk != null)][0].alimtalk | \"\(.to) \(.result)\"")"
check_eq "the shop's notification gets no AlimTalk" null \
    "$(outbox | jq -r "[.items[] | select(.order_id == $O and .recipient == \"shop:chicken\")][0].alimtalk")"
check "baedal notify outbox, for people" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin notify outbox | grep -q 'alimtalk delivered BDL_COOKING 010-\*\*\*\*-5678'"
jbd minji notify outbox >"$T/out"
check_eq "the outbox is the admin's: exit 1" 1 $?

# AlimTalk fails (not a KakaoTalk user): the SMS failover reaches junho.
ctl '{"alimtalk_fail_to":["01099990000"]}'
J=$(jbd junho order chicken friedx1 --address '서울시 1' --card 4111111111111111 | jq -r .order_id)
wait_for 15 at_is "$J" "PAID:sms" && ok "AlimTalk failed: delivered by SMS" || fail "junho: $(at_of "$J")"
check_eq "with the dealer's code" 3019 "$(outbox | jq -r "[.items[] | select(.order_id == $J and .alimtalk != null)][0].alimtalk.result")"

# Both fail: failed, and said so.
ctl '{"alimtalk_fail_to":["01099990000"],"sms_fail_to":["01099990000"]}'
J2=$(jbd junho order chicken friedx1 --address '서울시 1' --card 4111111111111111 | jq -r .order_id)
wait_for 15 at_is "$J2" "PAID:failed" && ok "AlimTalk and SMS failed: failed" || fail "junho 2: $(at_of "$J2")"
check_eq "with the reason" "AlimTalk and SMS failed" \
    "$(outbox | jq -r "[.items[] | select(.order_id == $J2 and .alimtalk != null)][0].alimtalk.last_error")"
ctl '{"alimtalk_fail_to":[],"sms_fail_to":[]}'

# The dealer answers 503 for a while: tried again, delivered once.
ctl '{"status":503}'
O2=$(place_paid)
saw_503() { curl -s "$FAKE_URL/_received?path=/alimtalk/" | jq -e '[.[] | select(.status == 503)] | length >= 2' >/dev/null; }
wait_for 10 saw_503 && ok "the dealer answers 503" || fail "no 503"
ctl '{"status":null}'
wait_for 15 at_is "$O2" "PAID:delivered" && ok "then it is delivered" || fail "after 503: $(at_of "$O2")"
check_eq "after more than one attempt" true \
    "$(outbox | jq -r "[.items[] | select(.order_id == $O2 and .alimtalk != null)][0].alimtalk.attempts >= 2")"
check_eq "and accepted by the dealer once" 1 \
    "$(sends | jq "[.[] | select(.status == 202 and (.body.messages[0].content | contains(\"주문번호: $O2\")))] | length")"

# No number, no AlimTalk.
bd minji profile phone none >/dev/null
check_eq "a number can be forgotten" null "$(jbd minji profile | jq -r .phone)"
O3=$(place_paid)
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin --json notify outbox | jq -e '[.items[] | select(.order_id == $O3)] | length == 2'"
check_eq "a customer without a number gets none" "PAID:none" "$(at_of "$O3")"

# The daemon is killed while a message waits for its result: after the
# restart the result is polled, and the message is not sent again.
stop "$DAEMON"
bd minji profile phone 010-1234-5678 >/dev/null 2>&1
start_daemon $(echo "$AT" | sed 's/--alimtalk-poll-ms 100/--alimtalk-poll-ms 4000/')
bd minji profile phone 010-1234-5678 >/dev/null
O5=$(place_paid)
accepted() { [ "$(sends | jq "[.[] | select(.status == 202 and (.body.messages[0].content | contains(\"주문번호: $O5\")))] | length")" = 1 ]; }
wait_for 10 accepted && ok "the dealer took the message" || fail "not sent"
# (the dealer's answer reaches the service on its next tick)
wait_for 3 at_is "$O5" "PAID:requested" && ok "it waits for its result" || fail "it waits for its result: $(at_of "$O5")"
stop "$DAEMON" KILL
start_daemon $AT
wait_for 15 at_is "$O5" "PAID:delivered" && ok "after a SIGKILL and restart its result is polled: delivered" || fail "after kill: $(at_of "$O5")"
check "and it was not sent again" accepted

# Lines the shop could not make: their own template.
P=$(jbd minji order chicken fried cola --address '서울시 마포구 1' --card 4111111111111111 | jq -r .order_id)
wait_for 5 sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user chicken_owner --json shop queue | jq -e '.orders[] | select(.order_id == $P)'"
jbd chicken_owner shop unavailable "$P" 2 >/dev/null
wait_for 15 at_is "$P" "PAID:delivered LINES_REMOVED:delivered" \
    && ok "a partial refund for lines the shop could not make: one message delivered" || fail "got: $(at_of "$P")"
check_eq "with BDL_PARTIAL_REFUND, filled in" "BDL_PARTIAL_REFUND|[바삭치킨] 품절로 1개 항목이 환불되었어요|주문번호: $P|환불 금액: 2,500원" \
    "$(sends | jq -r "[.[] | select(.body.templateCode == \"BDL_PARTIAL_REFUND\")][0] | \"\(.body.templateCode)|\(.body.messages[0].content | split(\"\n\") | join(\"|\"))\"")"

# A wrong secret key: the dealer refuses the signature, for good.
stop "$DAEMON"
export BAEDAL_ALIMTALK_SECRET_KEY=wrong-secret
start_daemon $AT
bd minji profile phone 010-1234-5678 >/dev/null
O4=$(place_paid)
wait_for 15 at_is "$O4" "PAID:failed" && ok "a bad signature is refused: failed" || fail "bad sig: $(at_of "$O4")"
check_eq "after one attempt, HTTP 401" "1 HTTP 401" \
    "$(outbox | jq -r "[.items[] | select(.order_id == $O4 and .alimtalk != null)][0].alimtalk | \"\(.attempts) \(.last_error[0:8])\"")"

# The dealer checks templates: a content that is not the template's is 400.
check_eq "the fake dealer refuses a content off its template" 400 "$("$PY" - "$FAKE_URL" "$SID" <<'EOF'
import base64, hashlib, hmac, json, sys, time, urllib.request, urllib.error
url, sid = sys.argv[1], sys.argv[2]
path = "/alimtalk/v2/services/%s/messages" % sid
ts = str(int(time.time() * 1000))
sig = base64.b64encode(hmac.new(b"test-secret", ("POST %s\n%s\ntest-access" % (path, ts)).encode(), hashlib.sha256).digest()).decode()
body = {"plusFriendId": "@baedal", "templateCode": "BDL_PAID",
        "messages": [{"to": "01012345678", "content": "광고: 오늘만 할인!"}]}
req = urllib.request.Request(url + path, json.dumps(body).encode(), {
    "Content-Type": "application/json", "x-ncp-apigw-timestamp": ts,
    "x-ncp-iam-access-key": "test-access", "x-ncp-apigw-signature-v2": sig})
try:
    print(urllib.request.urlopen(req).status)
except urllib.error.HTTPError as e:
    print(e.code)
EOF
)"

# The number is never logged in full.
check_eq "no log line has a full number" 0 \
    "$(cat "$T"/baedald.log | grep -c -E '01012345678|010-1234-5678|01099990000|10-9999-0000')"
finish
