# sales.sh: a shop's sales and service figures (view.sales, baedal shop
# sales): a known set of orders placed, accepted, cooked, delivered,
# rejected and cancelled today; events of a past night across midnight
# in Korea (published as the services would, with their times), so the
# day boundary, the hours and the accept, cook and late figures are
# exact; the shop's zone followed from shop.updated; the same figures
# after the view is rebuilt from the log; and the refusals.
. "$(dirname "$0")/lib.sh"

start_daemon
wait_for 10 shops_ready
wait_for 10 orders_ready
code() { jq -r '.error.code // "ok"'; }
sales() { u=$1; shift; jbd "$u" shop sales "$@"; }
settled() { jbd minji status "$1" | jq -e ".status == \"$2\""; }
total() { jbd minji status "$1" | jq .total; }
order() { jbd minji order "$@" --address '서울시 1' --card 4111111111111111 | jq -r .order_id; }

# Today's orders at chicken (fried 18,000, boneless +2,000, cola 2,500,
# delivery 3,000) and one at bunsik that chicken never counts.
A=$(order chicken friedx2); B=$(order chicken fried+boneless cola)
C=$(order chicken fried); D=$(order chicken fried); E=$(order chicken friedx1)
F=$(jbd minji order bunsik gimbapx3 --address '서울시 1' --card 4111111111111111 | jq -r .order_id)
for o in $A $B $C $D $E $F; do wait_for 5 settled "$o" PAID || fail "order $o was not paid"; done
jbd chicken_owner shop accept "$A" --eta 30 >/dev/null
jbd chicken_owner shop cook "$A" >/dev/null
jbd chicken_owner shop dispatch "$A" >/dev/null
jbd chicken_owner shop delivered "$A" >/dev/null
jbd chicken_owner shop accept "$B" --eta 30 >/dev/null
jbd chicken_owner shop cook "$B" >/dev/null
jbd chicken_owner shop reject "$C" --code TOO_BUSY >/dev/null
jbd chicken_owner shop reject "$D" --code OTHER --reason '가스 점검' >/dev/null
jbd minji cancel "$E" >/dev/null
for o in "$A DELIVERED" "$B COOKING" "$C REJECTED" "$D REJECTED" "$E CANCELLED"; do
	set -- $o; wait_for 5 settled "$1" "$2" || fail "order $1 did not become $2"
done
TA=$(total "$A"); TB=$(total "$B")
check_eq "the orders cost what the menu says" "39000 25500" "$TA $TB"
TODAY=$(TZ=Asia/Seoul date +%F)
HOUR=$(TZ=Asia/Seoul date +%-H)
S=$T/today.json
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner --json shop sales | jq -e '.orders == 5 and .cancelled == 1' >'$S'" ||
    fail "the view did not count today's orders"
sales chicken_owner >"$S"
f() { jq -c "$1" "$S"; }
check_eq "today, in the shop's zone" "\"$TODAY\" \"$TODAY\" \"Asia/Seoul\"" "$(f .from) $(f .to) $(f .tz)"
check_eq "orders, completed, in progress, cancelled, rejected" "[5,1,1,1,2]" \
    "$(f '[.orders, .completed, .in_progress, .cancelled, .rejected]')"
check_eq "revenue is what was kept (delivered and cooking)" "$((TA + TB))" "$(f .revenue)"
check_eq "rejections by reason" '{"OTHER":1,"TOO_BUSY":1}' "$(jq -cS .rejected_by_reason "$S")"
check_eq "cancellations by reason" '{"CUSTOMER_REQUEST":1}' "$(f .cancelled_by_reason)"
check_eq "by item, best sellers first, kept orders only" \
    '[["fried",3,56000],["cola",1,2500]]' "$(f '[.items[] | [.item_id, .qty, .revenue]]')"
check_eq "by hour: all five at this hour (KST)" "[[$HOUR,5,$((TA + TB))]]" \
    "$(f '[.hours[] | select(.orders > 0) | [.hour, .orders, .revenue]]')"
check_eq "24 hours listed" 24 "$(f '.hours | length')"
check_eq "accepted two, cooked one, delivered one, none late" "[2,1,1,0]" \
    "$(f '[.accepted, .cooked, .delivered, .late]')"
check "the averages are times" jq -e '.accept_avg_ms >= 0 and .cook_avg_ms >= 0' "$S"
check_eq "bunsik counts only its own" "[1,0]" "$(sales bunsik_owner | jq -c '[.orders, .rejected]')"
WON=$("$PY" -c "print(f'{$((TA + TB)):,}원')")
check "the owner's table names the revenue" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner shop sales | grep '^매출' | grep -q '$WON'"
check "the table gives reasons in Korean" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner shop sales | grep TOO_BUSY | grep -q '주문이 많아'"

# A past night at chicken, as the services would have published it:
# N1 paid 23:59:59 KST on 11-30 (14:59:59 UTC), accepted after 60 s,
# cooked in 300 s, delivered after its ETA; N2 paid at 00:00:00 KST on
# 12-01 (still 11-30 in UTC), accepted after 120 s, cooked in 600 s,
# delivered in time; N3 paid at 00:30 KST, rejected TOO_BUSY.
SVC=$(token svc)
P1=$(date -u -d 2026-11-30T14:59:59Z +%s000)
P2=$(date -u -d 2026-11-30T15:00:00Z +%s000)
P3=$(date -u -d 2026-11-30T15:30:00Z +%s000)
night() {
	"$PY" - "$@" <<'EOF'
import json, sys
p1, p2, p3 = (int(a) for a in sys.argv[1:4])
def ev(key, typ, oid, at, data):
    return {"key": "sales-test:%s" % key, "type": typ, "order_id": oid,
            "shop_id": "chicken", "customer_id": "junho", "at": at, "data": data}
def paid(oid, at, qty):
    line = {"item_id": "yangnyeom", "name": "양념치킨", "qty": qty,
            "unit_price": 19000, "options": [], "line_total": 19000 * qty}
    return ev("%d:paid" % oid, "order.paid", oid, at, {"shop_name": "바삭치킨",
        "items": [line], "subtotal": 19000 * qty, "delivery_fee": 3000,
        "total": 19000 * qty + 3000, "address": "서울시 2", "accept_by": at + 600000,
        "kind": "delivery", "status": "PAID"})
def step(oid, typ, at, data=None):
    # Each carries the status it makes, as the order service writes it
    # (and reads it back: it follows its own events).
    data = dict(data or {}, status=typ.split(".")[1].upper())
    return ev("%d:%s" % (oid, typ), typ, oid, at, data)
m = 60000
out = [paid(900001, p1, 1),
       step(900001, "order.accepted", p1 + m, {"eta_min": 20, "eta_at": p1 + m + 20 * m}),
       step(900001, "order.cooking", p1 + 2 * m),
       step(900001, "order.delivering", p1 + 7 * m),
       step(900001, "order.delivered", p1 + 22 * m),
       paid(900002, p2, 2),
       step(900002, "order.accepted", p2 + 2 * m, {"eta_min": 30, "eta_at": p2 + 32 * m}),
       step(900002, "order.cooking", p2 + 3 * m),
       step(900002, "order.ready", p2 + 13 * m),
       step(900002, "order.delivering", p2 + 14 * m),
       step(900002, "order.delivered", p2 + 30 * m),
       paid(900003, p3, 1),
       step(900003, "order.rejected", p3 + m, {"code": "TOO_BUSY", "reason": "주문이 많아요"})]
print(json.dumps(out))
EOF
}
check_eq "the night's events are taken" true "$(raw publish "$BACK" "$SVC" "$(night "$P1" "$P2" "$P3")" | jq .ok)"
night_in() { sales chicken_owner --day 2026-12-01 | jq -e '.orders == 2 and .rejected == 1 and .delivered == 1'; }
wait_for 5 night_in || fail "the view did not take the night's events"
S=$T/d1.json; sales chicken_owner --day 2026-11-30 >"$S"
check_eq "11-30 (KST) holds only the order of 23:59:59" "[1,22000,1,0]" "$(f '[.orders, .revenue, .completed, .rejected]')"
check_eq "at 23 o'clock" "[[23,1,22000]]" "$(f '[.hours[] | select(.orders > 0) | [.hour, .orders, .revenue]]')"
check_eq "accepted in 60 s, cooked in 300 s, delivered late" "[60000,300000,1,1]" \
    "$(f '[.accept_avg_ms, .cook_avg_ms, .delivered, .late]')"
S=$T/d2.json; sales chicken_owner --day 2026-12-01 >"$S"
check_eq "12-01 (KST) begins at 15:00 UTC" "[2,41000,1,1]" "$(f '[.orders, .revenue, .completed, .rejected]')"
check_eq "both at 0 o'clock" "[[0,2,41000]]" "$(f '[.hours[] | select(.orders > 0) | [.hour, .orders, .revenue]]')"
check_eq "accepted in 120 s, cooked in 600 s (to ready), in time" "[120000,600000,1,0]" \
    "$(f '[.accept_avg_ms, .cook_avg_ms, .delivered, .late]')"
check_eq "the rejection's reason" '{"TOO_BUSY":1}' "$(f .rejected_by_reason)"
check_eq "by item" '[["yangnyeom",2,38000]]' "$(f '[.items[] | [.item_id, .qty, .revenue]]')"
S=$T/range.json; sales chicken_owner --from 2026-11-30 --to 2026-12-01 >"$S"
check_eq "a range sums its days" "[3,63000,90000,450000,2,1]" \
    "$(f '[.orders, .revenue, .accept_avg_ms, .cook_avg_ms, .delivered, .late]')"
check_eq "and lists them" '[["2026-11-30",1,22000],["2026-12-01",2,41000]]' "$(f '[.days[] | [.day, .orders, .revenue]]')"
check_eq "the day before is empty" "[0,0]" "$(sales chicken_owner --day 2026-11-29 | jq -c '[.orders, .revenue]')"

# The shop's zone comes from shop.updated: in UTC the night is one day.
jbd chicken_owner shop hours set always --tz UTC >/dev/null
in_utc() { sales chicken_owner --day 2026-11-30 | jq -e '.tz == "UTC" and .orders == 3'; }
check "in UTC all three are on 11-30" wait_for 5 in_utc
jbd chicken_owner shop hours set always --tz Asia/Seoul >/dev/null
in_kst() { sales chicken_owner --day 2026-11-30 | jq -e '.tz == "Asia/Seoul" and .orders == 1'; }
check "back in Seoul" wait_for 5 in_kst

# Rebuilt from the log: the same figures.
strip() { jq -c 'del(.seq)'; }
BEFORE=$(sales chicken_owner --from 2026-11-30 --to "$TODAY" | strip)
stop "$DAEMON"
rm -f "$HOME_DIR"/view.db "$HOME_DIR"/view.db-wal "$HOME_DIR"/view.db-shm
start_daemon
same() { [ "$(sales chicken_owner --from 2026-11-30 --to "$TODAY" | strip)" = "$BEFORE" ]; }
check "the view rebuilt from seq 0 gives the same figures" wait_for 15 same
check_eq "and the zone" '"Asia/Seoul"' "$(sales chicken_owner | jq .tz)"

# Who may ask, and what is refused.
check_eq "another owner is refused" forbidden "$(sales bunsik_owner chicken | code)"
check_eq "a customer is refused" forbidden "$(sales minji | code)"
check_eq "an admin asks for a shop" 5 "$(sales admin chicken | jq .orders)"
check_eq "an admin must name one" bad_request "$(jbd admin call view sales '{}' | code)"
check_eq "an unknown shop" not_found "$(sales admin nosuchshop | code)"
check_eq "a day that does not exist" bad_request "$(sales chicken_owner --day 2026-02-30 | code)"
check_eq "from after to" bad_request "$(sales chicken_owner --from 2026-12-02 --to 2026-12-01 | code)"
check_eq "92 days at most" bad_request "$(sales chicken_owner --from 2026-01-01 --to 2026-04-03 | code)"
check_eq "92 days are fine" ok "$(sales chicken_owner --from 2026-01-01 --to 2026-04-02 | code)"
check_eq "day and a range together" bad_request "$(jbd chicken_owner call view sales '{"day":"2026-12-01","from":"2026-12-01","to":"2026-12-01"}' | code)"
check_eq "from without to" bad_request "$(jbd chicken_owner call view sales '{"from":"2026-12-01"}' | code)"
check_eq "a date that is not a string" bad_request "$(jbd chicken_owner call view sales '{"day":20261201}' | code)"
jbd chicken_owner shop sales --day 2026-12 >/dev/null; rc=$?
check_eq "the CLI: a malformed date is a usage error" "2 usage" "$rc $(jbd chicken_owner shop sales --day 2026-12 | code)"
bd chicken_owner shop sales --day 2026-12-01 --from 2026-12-01 --to 2026-12-02 2>/dev/null; rc=$?
check_eq "the CLI: --day with a range is a usage error" 2 "$rc"
check_eq "events --from takes no date" usage "$(jbd admin events --from 2026-12-01 | code)"
finish
