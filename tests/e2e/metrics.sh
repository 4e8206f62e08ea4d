# metrics.sh: the Prometheus endpoint (--metrics-bind) and baedal stats.
# A real HTTP GET over loopback; the counters, the latency histogram and
# the error counts move with real requests (by exactly as many), the
# gauges say how many replicas are connected and how far each service
# lags; the text is well-formed (HELP and TYPE once per family); a bad or
# taken --metrics-bind is refused at start.
. "$(dirname "$0")/lib.sh"

MP=$(free_port)
URL=http://127.0.0.1:$MP/metrics
start_daemon --metrics-bind "$MP"
wait_for 10 shops_ready
wait_for 10 orders_ready

scrape() { curl -s -m 5 "$URL" >"$T/m.txt"; }
# metric NAME{LABELS}: its value in the last scrape (0 when absent).
metric() {
	awk -v k="$1" 'index($0, k " ") == 1 { v = $2 } END { print v + 0 }' "$T/m.txt"
}
check "GET /metrics answers 200 over loopback" sh -c \
    "curl -s -m 5 -o /dev/null -w '%{http_code}' '$URL' | grep -qx 200"
check "  as Prometheus text 0.0.4" sh -c \
    "curl -s -m 5 -D - -o /dev/null '$URL' | grep -qi '^content-type: text/plain; version=0.0.4'"
check_eq "another path is 404" 404 "$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MP/other")"
check_eq "POST is 405" 405 "$(curl -s -m 5 -o /dev/null -w '%{http_code}' -X POST "$URL")"

PLACE_B='baedal_requests_total{component="broker",method="order.place"}'
PLACE_S='baedal_requests_total{component="order",method="place"}'
LAT='baedal_request_seconds_count{component="broker",method="order.place"}'
INF='baedal_request_seconds_bucket{component="broker",method="order.place",le="+Inf"}'
ERR='baedal_request_errors_total{component="order",method="place",code="not_found"}'
APP='baedal_log_appends_total{component="broker"}'
scrape
b0=$(metric "$PLACE_B"); s0=$(metric "$PLACE_S"); l0=$(metric "$LAT")
e0=$(metric "$ERR"); a0=$(metric "$APP")
for i in 1 2 3; do
	jbd minji order chicken friedx1 --address "metrics $i" --card 4111111111111111 >/dev/null
done
jbd minji order noshop friedx1 --address "metrics x" --card 4111111111111111 >"$T/bad.out"
check_eq "a place at an unknown shop is refused not_found" not_found "$(jq -r .error.code "$T/bad.out")"
moved() { scrape; [ "$(metric "$APP")" -gt "$a0" ]; }
wait_for 5 moved
scrape
check_eq "the broker counted the 4 places" $((b0 + 4)) "$(metric "$PLACE_B")"
check_eq "  and timed them (histogram count)" $((l0 + 4)) "$(metric "$LAT")"
check_eq "  the +Inf bucket is the count" "$(metric "$LAT")" "$(metric "$INF")"
check_eq "the order service counted them too" $((s0 + 4)) "$(metric "$PLACE_S")"
check_eq "  and the one refused as not_found" $((e0 + 1)) "$(metric "$ERR")"
check "events were appended to the log" test "$(metric "$APP")" -gt "$a0"
head_is_last() {
	scrape
	[ "$(jbd admin events | tail -1 | jq .seq)" = "$(metric 'baedal_log_head{component="broker"}')" ]
}
check "the log head gauge is the log's last seq" wait_for 5 head_is_last
check_eq "one order replica connected" 1 "$(metric 'baedal_replicas_connected{component="broker",service="order"}')"
check "a lag gauge for each consuming service" sh -c \
    "grep -c '^baedal_consumer_lag{component=\"broker\",service=\"' '$T/m.txt' | grep -qx 6"
caught_up() { scrape; [ "$(metric 'baedal_consumer_lag{component="broker",service="view"}')" = 0 ]; }
check "  the view's lag comes back to 0" wait_for 10 caught_up
check_eq "the payment breaker is closed (0)" 0 "$(metric 'baedal_breaker_state{component="order",breaker="payment"}')"
check "the order service's applied seq is there" test "$(metric 'baedal_applied_seq{component="order"}')" -gt 0

start_service order; O2=$SVC_PID
two() { scrape; [ "$(metric 'baedal_replicas_connected{component="broker",service="order"}')" = 2 ]; }
check "a second order replica: replicas_connected says 2" wait_for 15 two
stop "$O2"
one() { scrape; [ "$(metric 'baedal_replicas_connected{component="broker",service="order"}')" = 1 ]; }
check "  and 1 again when it leaves" wait_for 15 one

check "the text is well-formed: HELP and TYPE once per family, every sample parses" \
    $PY -c '
import re, sys
seen, typed = set(), {}
line_re = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\")*\})? (\S+)$")
for line in open(sys.argv[1]):
    line = line.rstrip("\n")
    if line.startswith("# HELP ") or line.startswith("# TYPE "):
        key = line[:7] + line.split()[2]
        assert key not in seen, "twice: " + key
        seen.add(key)
        if line.startswith("# TYPE "):
            typed[line.split()[2]] = line.split()[3]
        continue
    m = line_re.match(line)
    assert m, "bad line: " + line
    float(m.group(4))
    fam = re.sub(r"_(bucket|sum|count)$", "", m.group(1)) if m.group(1) not in typed else m.group(1)
    assert fam in typed, "no TYPE for " + line
' "$T/m.txt"

jbd admin stats >"$T/stats.json"
check_eq "baedal stats --json: the broker's order.place requests" "$(metric "$PLACE_B")" \
    "$(jq '.broker.methods["order.place"].requests' "$T/stats.json")"
check_eq "  its errors by code at the order service" 1 \
    "$(jq '.services.order.methods.place.errors_by_code.not_found' "$T/stats.json")"
check "  latency percentiles" jq -e '.broker.methods["order.place"].p99_ms > 0' "$T/stats.json"
check "  log append rate, lag and replicas" jq -e \
    '.broker.log.appended > 0 and .broker.lag.view >= 0 and .broker.replicas.order == 1' "$T/stats.json"
check "  every service answered" jq -e '[.services[] | select(.applied_seq == null)] | length == 0' "$T/stats.json"
bd admin stats >"$T/stats.txt"
check "baedal stats (human): the broker's counters as key:value lines" grep -q '^requests:[0-9]' "$T/stats.txt"
check "  a row for order.place" grep -q '^  order.place ' "$T/stats.txt"
check "  the replicas and the lag" sh -c "grep -q '연결된 복제본: .*order 1' '$T/stats.txt' && grep -q '소비 지연' '$T/stats.txt'"
check_eq "order.metrics is for admins and services" forbidden \
    "$(jbd minji call order metrics | jq -r .error.code)"

"$BIN/baedald" --home "$T/other" --bind "ipc://$T/of" --services-bind "ipc://$T/ob" \
    --metrics-bind 127.0.0.1:99999 >"$T/bad1.out" 2>&1
check_eq "--metrics-bind with port 99999 exits 2" 2 $?
check "  saying why" grep -q "the port is 1 to 65535" "$T/bad1.out"
"$BIN/baedald" --home "$T/other" --bind "ipc://$T/of" --services-bind "ipc://$T/ob" \
    --metrics-bind nohost:80 >"$T/bad2.out" 2>&1
check_eq "--metrics-bind with a host name exits 2" 2 $?
timeout 10 "$BIN/baedald" --home "$T/other" --bind "ipc://$T/of" --services-bind "ipc://$T/ob" \
    --metrics-bind "$MP" >"$T/taken.out" 2>&1
check_eq "a taken port exits 1 at start" 1 $?
check "  saying so" grep -q "cannot serve metrics on http://127.0.0.1:$MP" "$T/taken.out"
stop "$DAEMON"
check "the endpoint is gone with the daemon" sh -c "! curl -s -m 2 '$URL' >/dev/null"
finish
