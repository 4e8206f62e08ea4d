# broker.sh: the single entry point: identity, routing, deadlines, bad
# frames from a raw ZeroMQ client, heartbeats.
. "$(dirname "$0")/lib.sh"

start_daemon --services none
SVC=$(token svc)
MINJI=$(token minji)

check "ping answers" bd minji ping
check_eq "whoami reports the role" customer "$(jbd minji whoami | jq -r .role)"
check_fails "a wrong token is refused" "$BIN/baedal" --connect "$FRONT" --token nope ping
check_eq "refusal code is unauthorized" unauthorized \
    "$("$BIN/baedal" --connect "$FRONT" --token nope --json ping | jq -r .error.code)"

# Bad frames from an outside client: each gets an error, nothing crashes.
raw send "$FRONT" --token "$MINJI" '{nope' '@hex:c3287b7d' '[1,2]' \
    '{"type":"frob","id":"x1"}' '{"type":"request","id":"x2"}' \
    '{"type":"request","id":"x3","service":"order","method":"m","deadline_ms":"soon"}' \
    '{"type":"request","id":"x4","service":"order","method":"m","body":[]}' \
    '@big:70000' '@multi' >"$T/bad.out"
codes=$(jq -r 'select(.error) | .error.code' "$T/bad.out" | tr '\n' ' ')
check_eq "bad frames get stable error codes" \
    "bad_json bad_utf8 bad_request unknown_type bad_request bad_request bad_request too_large bad_request " "$codes"
raw send "$FRONT" '@big:2000000' >/dev/null 2>&1
check "the broker serves after garbage and a 2 MB frame" bd minji ping
check_eq "requests before hello get no_session" no_session \
    "$(raw send "$FRONT" '{"type":"request","id":"a","service":"broker","method":"ping"}' | jq -r .error.code)"

check_eq "an unknown service is not_found" not_found \
    "$(jbd minji call nosuch m | jq -r .error.code)"

# Routing: a service written in Python registers and answers.
bg echo-svc raw service "$BACK" "$SVC" view --seconds 60
wait_for 5 grep -q '"ok": true' "$T/echo-svc.log"
out=$(jbd minji call view orders '{"a":1,"user":"admin"}')
check_eq "a request reaches the service and comes back" 1 "$(echo "$out" | jq .echo.a)"
check_eq "the broker attaches the caller's identity" minji "$(echo "$out" | jq -r .caller.user)"
check_eq "a user id in the body is not trusted" customer "$(echo "$out" | jq -r .caller.role)"
check_eq "a REQ socket client works too" true \
    "$(raw req "$FRONT" "$MINJI" view orders '{}' | jq .ok)"

# Deadlines: a service that never answers.
bg silent-svc raw service "$BACK" "$SVC" delivery --silent --seconds 60
wait_for 5 grep -q '"ok": true' "$T/silent-svc.log"
start=$(date +%s%N)
code=$(jbd minji --timeout 400 call delivery get '{}' | jq -r .error.code)
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check_eq "a silent service times out" timeout "$code"
[ "$ms" -lt 2000 ] && ok "the timeout came at the deadline (${ms} ms)" || fail "timeout took ${ms} ms"

# A service that is briefly absent: the request waits for it.
code=$(jbd minji --timeout 300 call notify inbox | jq -r .error.code)
check_eq "an absent service is service_unavailable after the deadline" service_unavailable "$code"
jbd minji --timeout 5000 call notify inbox '{"late":true}' >"$T/late.out" &
LATE=$!
sleep 0.3
bg late-svc raw service "$BACK" "$SVC" notify --seconds 60
wait "$LATE"
check_eq "a request waits for a service that comes within its deadline" true \
    "$(jq .echo.late "$T/late.out")"

# Services use the back door, people the front door; only services publish.
check_eq "a customer cannot use the service endpoint" forbidden \
    "$(raw send "$BACK" --token "$MINJI" | jq -r 'select(.id=="h") | .error.code')"
check_eq "a service cannot use the client endpoint" forbidden \
    "$(raw send "$FRONT" --token "$SVC" | jq -r 'select(.id=="h") | .error.code')"
check_eq "a customer cannot publish events" forbidden \
    "$(raw send "$FRONT" --token "$MINJI" '{"type":"publish","id":"p","events":[{"type":"order.paid"}]}' | jq -r 'select(.id=="p") | .error.code')"

# A session belongs to the connection that said hello: a new connection
# reusing its routing id must say hello itself.
WHO='{"type":"request","id":"w","service":"broker","method":"whoami"}'
raw send "$FRONT" --token "$MINJI" --id 00c0ffee01 "$WHO" >/dev/null
check_eq "a reused routing id does not inherit a session" no_session \
    "$(raw send "$FRONT" --id 00c0ffee01 "$WHO" | jq -r .error.code)"

# Limits per session: requests waiting for an absent service.
check_eq "at most 256 requests wait per session; the rest are refused" \
    '{"service_unavailable":256,"too_many_requests":44}' \
    "$(raw flood "$FRONT" "$MINJI" 300 '{"type":"request","service":"payment","method":"get","deadline_ms":300}' | jq -c .)"

# A REQ client waiting more than a heartbeat interval gets its answer.
bg slow-svc raw service "$BACK" "$SVC" store --delay 1500 --seconds 60
wait_for 5 grep -q '"ok": true' "$T/slow-svc.log"
check_eq "a REQ client gets a slow answer, not a heartbeat" true \
    "$(raw req "$FRONT" "$MINJI" store slow '{}' | jq .ok)"

# Heartbeats: a service that dies is noticed within seconds.
n=$(jbd admin stats | jq '.broker.services.view')
check_eq "the broker counts the registered service" 1 "$n"
kill -9 "$(pgrep -f "rawpeer.py service $BACK $SVC view")"
wait_for 6 sh -c "[ \"\$(\"$BIN/baedal\" --home \"$HOME_DIR\" --connect \"$FRONT\" --user admin --json stats | jq '.broker.services.view')\" = null ]"
[ $? -eq 0 ] && ok "a dead service is dropped within seconds" || fail "dead service still registered"
# What PROTOCOL.md promises of a request's members: bad_request, whatever
# the service.
for m in '"deadline_ms":0' '"deadline_ms":-1' '"deadline_ms":60001' \
    '"deadline_ms":1.5' '"deadline_ms":"5000"' '"method":""' '"method":"a b"' \
    '"method":"shops!"' '"method":null' '"body":[]' '"body":"x"' '"body":5'; do
	f=$(echo '{"type":"request","id":"v1","service":"store","method":"shops","body":{}}' | jq -c ". + {$m}")
	check_eq "a request with $m is bad_request" bad_request \
	    "$(raw send "$FRONT" --token "$(token minji)" "$f" | tail -1 | jq -r .error.code)"
done

# A request that fits a frame but not once the broker adds who is asking
# (the caller, the idempotency key) is answered too_large at once, not
# left to time out as service_unavailable.
BIG=$("$PY" -c '
import json
m = {"type": "request", "id": "big1", "service": "store", "method": "menu",
     "body": {"shop_id": "chicken", "pad": ""}}
m["body"]["pad"] = "a" * (65500 - len(json.dumps(m, separators=(",", ":"))))
print(json.dumps(m, separators=(",", ":")))')
check_eq "a request of $(printf %s "$BIG" | wc -c) bytes is answered too_large" too_large \
    "$(raw send "$FRONT" --token "$(token minji)" "$BIG" | tail -1 | jq -r .error.code)"
finish
