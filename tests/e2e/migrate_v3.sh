# migrate_v3.sh: a data directory made by the version before requests,
# pickup, reason codes, pauses, sold out until, hours and option groups
# (tests/e2e/fixtures/v3: 1001 cooking, 1002 rejected "재료 소진", 1003
# cancelled, 1004 paid, 1005 delivered) is opened by this one: every
# file gains its columns and tables, the old orders load and display as
# deliveries without requests in the view and the shop's queue, keep
# moving (READY included), are counted by reason, and the new features
# work on the old shops. A second start migrates nothing.
. "$(dirname "$0")/lib.sh"

FX=$ROOT/tests/e2e/fixtures/v3
load_fixture "$FX"
has_column() { sqlite3 "$HOME_DIR/$1.db" "SELECT count(*) FROM pragma_table_info('$2') WHERE name = '$3'"; }
check_eq "the previous version's orders have no kind" 0 "$(has_column order orders kind)"
check_eq "nor its shops hours" 0 "$(has_column store shops hours_json)"
check_eq "nor prep-time extensions" 0 "$(has_column order orders extended_min)"
check_eq "nor a printer" 0 "$(has_column store shops printer_host)"

start_daemon
code() { jq -r '.error.code // .status'; }
st() { jbd "${2:-minji}" status "$1" | jq -r "$3"; }
check_eq "a cooking order displays, a delivery without requests" "COOKING|delivery|null|null" \
    "$(st 1001 minji '"\(.status)|\(.kind)|\(.note)|\(.rider_note)"')"
check_eq "a rejected one keeps its reason, with no code" "REJECTED|재료 소진|null" \
    "$(st 1002 junho '"\(.status)|\(.reject_reason)|\(.reason_code)"')"
check_eq "a delivered one keeps its timeline" "PAID ACCEPTED COOKING DELIVERING DELIVERED" \
    "$(st 1005 minji '[.timeline[].status | select(test("^[A-Z_]+$"))] | join(" ")')"
check_eq "the shop's queue shows the old orders" "1005:DELIVERED:delivery:false 1004:PAID:delivery:false 1001:COOKING:delivery:false" \
    "$(jbd chicken_owner shop queue | jq -r '[.orders[] | "\(.order_id):\(.status):\(.kind):\(.has_notes)"] | join(" ")')"
check_eq "old rejections count as OTHER" '{"OTHER":1}' "$(jbd bunsik_owner shop reasons | jq -c .rejected)"
check_eq "and old cancellations too" '{"OTHER":1}' "$(jbd china_owner shop reasons | jq -c .cancelled)"

check_eq "the old orders gain extended_min" 1 "$(has_column order orders extended_min)"
check_eq "an old cooking order's prep time is extended" "COOKING 10" \
    "$(jbd chicken_owner shop extend 1001 10 | jq -r '"\(.status) \(.extended_min)"')"
check_eq "an old cooking order becomes READY" READY "$(jbd chicken_owner shop ready 1001 | code)"
check_eq "and goes out as the delivery it is" DELIVERING "$(jbd chicken_owner shop dispatch 1001 | code)"
check_eq "the old orders gain refunded and removals, the view refunded" "1 1 1" \
    "$(has_column order orders refunded) $(has_column order orders removals) $(has_column view orders refunded)"
check_eq "an old order on its way: its lines cannot be removed" invalid_state "$(jbd chicken_owner shop unavailable 1001 1 | code)"
N=$(jbd minji order chicken fried cola --address x --card 4111111111111111 | jq -r .order_id)
wait_for 5 sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user chicken_owner --json shop queue | jq -e '.orders[] | select(.order_id == $N)'"
check_eq "lines of a new order on the old data are refunded" "2500 18000 21000" \
    "$(jbd chicken_owner shop unavailable "$N" 2 | jq -r '"\(.amount) \(.subtotal) \(.total)"')"
jbd chicken_owner shop accept 1004 >/dev/null; jbd chicken_owner shop cook 1004 >/dev/null
check_eq "an old paid order is never picked up" invalid_state \
    "$(jbd chicken_owner shop ready 1004 >/dev/null; jbd chicken_owner shop picked-up 1004 | code)"

check_eq "old shops: Seoul's time, always open, no rules" "Asia/Seoul|true|null|0" \
    "$(jbd minji menu bunsik | jq -r '"\(.shop.tz)|\(.shop.open_now)|\(.shop.hours)|\([.menu[].option_groups[]] | length)"')"
check_eq "an old exclusive group still excludes" bad_request \
    "$(jbd junho order bunsik tteokbokkix2+mild+hot gimbap --address x --card 4111111111111111 | code)"
check_eq "new features work on the old data: a pickup order with a request" "PAID" \
    "$(jbd minji order chicken 'friedx1#바삭하게' --pickup --note '5분 뒤 도착' --card 4111111111111111 | code)"
check_eq "an old option sold out" true "$(jbd bunsik_owner shop soldout tteokbokki+cheese --today | jq .sold_out)"
check_eq "hours set on an old shop" shop_closed \
    "$(jbd china_owner shop hours set mon-sun=closed >/dev/null; jbd minji order china jjajangx2 --address x --card 4111111111111111 | code)"
check_eq "a pause of an old shop" shop_paused \
    "$(jbd chicken_owner shop pause 10 >/dev/null; jbd minji order chicken friedx1 --address x --card 4111111111111111 | code)"

# A kitchen printer on an old shop: the old order's ticket is printed.
echo '{}' >"$T/printer.ctl"
bg printer "$PY" "$ROOT/tests/tools/fakeprinter.py" --port-file "$T/pport" \
    --log "$T/tickets.jsonl" --control "$T/printer.ctl"
wait_for 10 test -s "$T/pport"
check_eq "the old shops gain the printer columns" "1 1 1 1" "$(for c in printer_host printer_port printer_width print_on; do
	has_column store shops $c; done | tr '\n' ' ' | sed 's/ $//')"
check_eq "and the print_jobs table" 1 "$(sqlite3 "$HOME_DIR/store.db" "SELECT count(*) FROM sqlite_master WHERE name = 'print_jobs'")"
check_eq "an old shop's printer, 80 mm by default" "80 accepted" \
    "$(jbd chicken_owner shop printer "127.0.0.1:$(cat "$T/pport")" | jq -r '.printer | "\(.width) \(.print_on)"')"
jbd chicken_owner shop print 1005 >/dev/null
wait_for 10 sh -c "jq -se '[.[] | select(.complete and .lines[0].text == \"주문 #1005\")] | length == 1' '$T/tickets.jsonl'" \
    && ok "an old order's ticket is reprinted" || fail "no ticket: $(jbd chicken_owner shop print-jobs | jq -c .)"

added=$(grep -c 'gained the column' "$T/baedald.log")
check "columns were added" test "$added" -ge 20
stop "$DAEMON"
start_daemon
check_eq "a second start adds no column" "$added" "$(grep -c 'gained the column' "$T/baedald.log")"
check_eq "and serves the old orders" DELIVERED "$(st 1005 minji .status)"
for db in order store view delivery; do
	check_eq "$db.db integrity" ok "$(sqlite3 "$HOME_DIR/$db.db" 'PRAGMA integrity_check')"
done
finish
