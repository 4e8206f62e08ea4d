# spoil.sh: a write that fails inside a batch undoes the whole batch:
# nothing is half-applied, and the work comes again once the fault is
# gone. The fault is real: a trigger in the service's own database makes
# the runtime's bookkeeping write fail (the applied offset of an event,
# the stored reply of a request) while baedald runs.
. "$(dirname "$0")/lib.sh"

start_daemon
wait_for 10 shops_ready
order() { jbd minji order chicken friedx2 --address '서울시 1' --card 4111111111111111 | jq -r .order_id; }
sql() { sqlite3 -cmd '.timeout 5000' "$HOME_DIR/$1.db" "$2"; }
O1=$(order)
has_delivery() { [ "$(sql delivery "SELECT count(*) FROM deliveries WHERE order_id = $1")" = 1 ]; }
wait_for 10 has_delivery "$O1" || fail "no delivery for the first order"

# Events: the applied offset cannot be written.
sql delivery "CREATE TABLE fault(n); INSERT INTO fault VALUES (1);
CREATE TRIGGER fault_offset BEFORE UPDATE ON svc_offset
WHEN EXISTS (SELECT 1 FROM fault) BEGIN SELECT RAISE(ABORT, 'injected'); END;"
OFFSET=$(sql delivery "SELECT seq FROM svc_offset")
O2=$(order)
check "an order is still taken" test "$O2" -gt "$O1"
wait_for 10 grep -q "delivery: the batch could not be written" "$T/baedald.log" \
    && ok "the delivery service's batch fails on the offset write" || fail "no failed batch logged"
check_eq "its delivery row was not written without its offset (nothing half-applied)" 0 \
    "$(sql delivery "SELECT count(*) FROM deliveries WHERE order_id = $O2")"
check_eq "the offset did not move" "$OFFSET" "$(sql delivery "SELECT seq FROM svc_offset")"
sql delivery "DELETE FROM fault"
wait_for 10 has_delivery "$O2" && ok "once the fault is gone the event comes again and is applied" \
    || fail "no delivery for $O2 after the fault"
check_eq "exactly once" 1 "$(sql delivery "SELECT count(*) FROM deliveries WHERE order_id = $O2")"
caught_up() { [ "$(sql delivery "SELECT seq FROM svc_offset")" -gt "$OFFSET" ]; }
check "and the offset moves past it" wait_for 5 caught_up

# Requests: the stored reply cannot be written (order.cancel answers in
# the transaction that makes its change).
O3=$(order)
sql order "CREATE TABLE fault(n); INSERT INTO fault VALUES (1);
CREATE TRIGGER fault_reply BEFORE INSERT ON svc_replies
WHEN EXISTS (SELECT 1 FROM fault) BEGIN SELECT RAISE(ABORT, 'injected'); END;"
status() { sql order "SELECT status FROM orders WHERE id = $O3"; }
"$BIN/baedal" --home "$HOME_DIR" --connect "$FRONT" --user minji --timeout 1500 \
    --json cancel "$O3" >"$T/cancel.out" 2>&1
check_eq "a write whose reply cannot be stored gets no answer" timeout \
    "$(jq -r .error.code "$T/cancel.out" 2>/dev/null)"
check_eq "and the order is not changed without its reply (nothing half-applied)" PAID "$(status)"
sql order "DELETE FROM fault"
check "once the fault is gone the same command succeeds" bd minji cancel "$O3"
check_eq "and the order is cancelled" CANCELLED "$(status)"
finish
