# bench.sh: the load generator runs against a real daemon and reports
# every figure it promises (a smoke: small numbers, no timing asserted).
. "$(dirname "$0")/lib.sh"

start_daemon
B() { "$BIN/baedal-bench" --home "$HOME_DIR" --pid "$DAEMON" --connect "$FRONT" \
    --services "$BACK" "$@"; }

B --json --connections 2 --window 4 --requests 300 --orders 60 --rate 50 \
    --seconds 1 --replay 2000 >"$T/run.json" 2>"$T/run.err"
check_eq "a small run exits 0 (nothing failed)" 0 $?
j() { jq -r "$1" "$T/run.json"; }
check "the baseline and the broker hop are measured, and their ratio" \
    jq -e '.baseline.per_s > 0 and .hop.per_s > 0 and .hop.lat.n == 300 and .hop_ratio > 0' "$T/run.json"
check_eq "every closed-loop order is placed" 60 "$(j .closed.placed)"
for m in paid seen_by_shop owner_notified consumed; do
	check_eq "closed loop: $m latency has a sample per order" 60 "$(j .closed.$m.n)"
	check_eq "open loop: $m latency has a sample per order" 50 "$(j .open.$m.n)"
done
check "percentiles are ordered (p50 <= p99 <= p99.9 <= max)" \
    jq -e '[.closed.paid, .open.consumed] | all(.p50_ms <= .p99_ms and .p99_ms <= .p999_ms and .p999_ms <= .max_ms)' "$T/run.json"
check "the open loop reports the rate it offered" jq -e '.open.offered_per_s == 50' "$T/run.json"
check_eq "the replay from seq 0 reaches every event of the log" true \
    "$(jq '.replay.events >= 2000 and .replay.per_s > 0' "$T/run.json")"
[ "$(jq '.replay.events >= 2000' "$T/run.json")" = true ] ||
    { jq -c .replay "$T/run.json"; cat "$T/run.err"; }
check "RSS and descriptors of the daemon are read" \
    jq -e '.idle.rss_kb > 0 and .after.rss_kb > 0 and .after.fds > 0 and .after.db_bytes > 0' "$T/run.json"
check_eq "the orders are really in the order database" 110 \
    "$(sqlite3 "$HOME_DIR/order.db" "select count(*) from orders where status = 'PAID'")"

B --connections 1 --requests 50 --orders 5 --rate 20 --seconds 1 --replay 0 >"$T/table.txt" 2>&1
check "the table names every figure" grep -q 'broker hop / baseline' "$T/table.txt"
check "the table has p99.9" grep -q 'p99.9' "$T/table.txt"
check "the table shows memory" grep -q 'baedald RSS' "$T/table.txt"

B --minutes 0.05 --tick 1 --rate 20 --connections 1 >"$T/soak.txt" 2>&1
check "a soak prints a line per tick (3 s, a line a second: at 1 s and 2 s)" \
    test "$(awk '$1 ~ /^[0-9.]+$/ && NF == 10' "$T/soak.txt" | wc -l)" -ge 2
check "a soak reports the whole run" grep -q 'soak, whole run: 60 placed, 0 failed' "$T/soak.txt"

"$BIN/baedal-bench" --orders 5 >/dev/null 2>&1
check_eq "missing --home/--pid/--connect is a usage error (2)" 2 $?
B --window 0 >/dev/null 2>&1
check_eq "an out-of-range window is a usage error (2)" 2 $?
check "--help prints the options" sh -c "'$BIN/baedal-bench' --help | grep -q -- --minutes"
finish
