# webhook.sh: notifications delivered over HTTP (tests/tools/fakehttp.py) from
# the notify outbox: the documented JSON body and Idempotency-Key; a
# webhook that is down or answers 503 for a while still gets every
# notification exactly once, in per-order order; one order's messages that
# always fail are dead-lettered (notify.outbox) while the others arrive;
# the KakaoTalk "send to me" form.
. "$(dirname "$0")/lib.sh"

ADDR='서울시 마포구 월드컵로 1'
CARD=4111111111111111

start_fake
URL=$FAKE_URL
hooks() { curl -s -m 5 "$URL/_received?path=/webhook"; }
hooks_with() { [ "$(hooks | jq "[.[] | select($1)] | length")" -ge "$2" ]; }

place() { jbd minji order chicken "${1:-friedx2}" --address "$ADDR" --card "$CARD" | jq -r '.order_id // empty'; }
paid() { jbd minji status "$1" | jq -e '.status == "PAID"' >/dev/null; }
accept() { wait_for 5 paid "$1" && bd chicken_owner shop accept "$1" >/dev/null; }
outbox() { jbd admin call notify outbox "${1:-{\}}"; }
drained() { [ "$(outbox | jq .counts.pending)" = 0 ]; }
# Records the webhook answered 200, as "order_id notification_id key".
delivered() {
	hooks | jq -r '.[] | select(.status == 200) | "\(.body.order_id) \(.body.id) \(.headers["Idempotency-Key"])"'
}

start_daemon --webhook-url "$URL/webhook" --webhook-backoff-ms 50 --webhook-max-attempts 12
wait_for 10 shops_ready

# A healthy webhook: the customer's and the shop's notification, as JSON.
O1=$(place)
wait_for 10 hooks_with ".status == 200 and .body.order_id == $O1" 2 \
    && ok "a new order's two notifications are posted" || fail "not posted: $(hooks | jq -c .)"
check_eq "the JSON body has the documented members" true "$(hooks | jq "[.[] | select(.body.order_id == $O1)
    | .body | has(\"id\") and has(\"idempotency_key\") and has(\"recipient\") and has(\"order_id\")
      and has(\"status\") and has(\"text\") and has(\"at\")] | all")"
check_eq "the Idempotency-Key header is the body's idempotency_key" true \
    "$(hooks | jq "[.[] | select(.body.order_id == $O1) | .headers[\"Idempotency-Key\"] == .body.idempotency_key] | all")"
check_eq "one for the customer, one for the shop" "minji shop:chicken" \
    "$(hooks | jq -r "[.[] | select(.body.order_id == $O1) | .body.recipient] | sort | join(\" \")")"

# Down (no answer) for a while, then 503 for a while, then back.
ctl '{"down":true}'
O2=$(place); O3=$(place yangnyeom)
accept "$O2"; accept "$O3"
wait_for 10 hooks_with '.status == null' 4 && ok "the webhook is down: posts fail" || fail "no failed posts"
check_eq "the in-app inbox keeps working meanwhile" 2 \
    "$(jbd minji inbox | jq "[.notifications[] | select(.order_id == $O2)] | length")"
ctl '{"down":false,"status":503}'
wait_for 10 hooks_with '.status == 503' 3 && ok "then it answers 503" || fail "no 503s"
ctl '{"status":null}'
wait_for 30 drained && ok "once it is back the outbox drains" || fail "still pending: $(outbox | jq -c .counts)"
total=$(outbox | jq '.counts.sent')
check_eq "every notification arrived (distinct keys = notifications)" "$total" \
    "$(delivered | awk '{print $3}' | sort -u | wc -l)"
check_eq "and none twice" "" "$(delivered | awk '{print $3}' | sort | uniq -d | tr '\n' ' ')"
check_eq "each is the one notification of its key" "" \
    "$(delivered | awk '$3 != "baedal-notification-" $2' | tr '\n' ' ')"
in_order() { # each order's notifications arrived in the order they were made
	delivered | awk '{ if (($1 in last) && $2 < last[$1]) bad = bad " " $1; last[$1] = $2 }
	    END { print bad }'
}
check_eq "in per-order order" "" "$(in_order | tr -d ' ')"
check "posts were retried" hooks_with '.status != 200' 7
echo "# attempts: $(hooks | jq 'length') posts for $total notifications"

# One order's messages always fail: they are dead-lettered, others arrive.
stop "$DAEMON"
start_daemon --webhook-url "$URL/webhook" --webhook-backoff-ms 20 --webhook-max-attempts 4
O4=$(( $(place) + 1 ))
ctl "$(jq -nc --arg m "\"order_id\":$O4" '{fail_match: $m}')"
check_eq "the failing order is the next one" "$O4" "$(place)"
O5=$(place)
accept "$O4"; accept "$O5"
wait_for 5 hooks_with ".status == 200 and .body.order_id == $O5 and .body.status == \"ACCEPTED\"" 1
wait_for 20 drained && ok "the outbox drains" || fail "still pending: $(outbox | jq -c .counts)"
check_eq "the failing order's three notifications are dead" "$O4 $O4 $O4" \
    "$(outbox '{"state":"dead"}' | jq -r '[.items[].order_id] | join(" ")')"
check_eq "after max attempts each" "4 4 4" "$(outbox '{"state":"dead"}' | jq -r '[.items[].attempts] | join(" ")')"
check_eq "with the reason kept" "HTTP 500" "$(outbox '{"state":"dead"}' | jq -r '.items[0].last_error')"
check_eq "the next order's notifications all arrived, in order" "PAID PAID ACCEPTED" \
    "$(hooks | jq -r "[.[] | select(.status == 200 and .body.order_id == $O5) | .body.status] | join(\" \")")"
check_eq "nothing of the failing order was delivered" 0 \
    "$(hooks | jq "[.[] | select(.status == 200 and .body.order_id == $O4)] | length")"
echo "# outbox: $(outbox | jq -c .counts)"

# The KakaoTalk "send to me" form.
stop "$DAEMON"
ctl '{"fail_match":null}'
start_daemon --webhook-url "$URL/webhook/kakao" --webhook-format kakao \
    --webhook-link 'https://baedal.example/orders/{order_id}'
O6=$(place)
wait_for 10 sh -c "curl -s '$URL/_received?path=/webhook/kakao' | jq -e '[.[] | select(.status == 200)] | length >= 2'"
rec=$(curl -s "$URL/_received?path=/webhook/kakao" | jq -c '[.[] | select(.status == 200)][0]')
check_eq "kakao: form-encoded" application/x-www-form-urlencoded "$(echo "$rec" | jq -r '.headers["Content-Type"]')"
check_eq "kakao: one template_object member" template_object "$(echo "$rec" | jq -r '.body | keys | join(",")')"
tmpl=$(echo "$rec" | jq -c '.body.template_object | fromjson')
check_eq "kakao: a text template with a link and a button" \
    "text|https://baedal.example/orders/$O6|https://baedal.example/orders/$O6|주문 보기" \
    "$(echo "$tmpl" | jq -r '"\(.object_type)|\(.link.web_url)|\(.link.mobile_web_url)|\(.button_title)"')"
check "kakao: the text is the notification's" sh -c "echo '$tmpl' | jq -e '.text | contains(\"결제\") or contains(\"새 주문\")'"
check "kakao: with an Idempotency-Key" sh -c "echo '$rec' | jq -e '.headers[\"Idempotency-Key\"] | startswith(\"baedal-notification-\")'"
finish
