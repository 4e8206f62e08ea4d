# soldout_until.sh: sold out until (품절): indefinitely, until a clock
# time of the shop's (Asia/Seoul, whatever the server's TZ), or for today
# (back at the next opening; with no hours, at the shop's midnight), and
# back by itself when the time comes (tested by restarting with the
# documented --clock-offset-ms knob). Bad input changes nothing.
. "$(dirname "$0")/lib.sh"

export TZ=America/Los_Angeles
start_daemon
wait_for 10 shops_ready
code() { jq -r '.error.code // .status'; }
order() { jbd minji order chicken "$1" --address '서울시 1' --card 4111111111111111 | code; }
item() { jbd minji menu chicken | jq -r ".menu[] | select(.id == \"$1\") | $2"; }
version() { sqlite3 "$HOME_DIR/store.db" "SELECT version FROM shops WHERE id = 'chicken'"; }
# seoul_ms EXPR: a time in ms, from Python with now = Seoul's wall clock.
seoul_ms() { "$PY" -c "
import datetime, zoneinfo
z = zoneinfo.ZoneInfo('Asia/Seoul'); now = datetime.datetime.now(z)
print(int(($1).timestamp() * 1000))"; }

# The clock time and what it means, from one reading of the clock (two
# could straddle a minute on a loaded machine).
set -- $(seoul_ms "(now + datetime.timedelta(minutes=30)).replace(second=0, microsecond=0)")
WANT=$1
HHMM=$("$PY" -c "
import datetime, zoneinfo
print(datetime.datetime.fromtimestamp($WANT / 1000, zoneinfo.ZoneInfo('Asia/Seoul')).strftime('%H:%M'))")
check_eq "sold out until a clock time of Seoul's" "true|$WANT" \
    "$(jbd chicken_owner shop soldout cheeseball --until "$HHMM" | jq -r '"\(.sold_out)|\(.sold_out_until)"')"
check_eq "orders of it are refused" sold_out "$(order cheeseballx3)"
check_eq "the menu shows until when" "true|$WANT" "$(item cheeseball '"\(.sold_out)|\(.sold_out_until)"')"
MID=$(seoul_ms "(now + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)")
check_eq "for today, with no hours: until Seoul's midnight" "$MID" \
    "$(jbd chicken_owner shop soldout cola --today | jq -r .sold_out_until)"
check_eq "indefinitely" "true|null" "$(jbd chicken_owner shop soldout cola | jq -r '"\(.sold_out)|\(.sold_out_until)"')"
check_eq "still refused" sold_out "$(order colax6)"
check_eq "back" "false|null" "$(jbd chicken_owner shop soldout cola off | jq -r '"\(.sold_out)|\(.sold_out_until)"')"
check_eq "and ordered" PAID "$(order colax6)"

v=$(version)
call() { jbd "${2:-chicken_owner}" call store soldout "$1" | code; }
NOW=$(($(date +%s) * 1000))
check_eq "a time in the past is refused" bad_request "$(call "{\"item_id\":\"cola\",\"sold_out\":true,\"until\":$((NOW - 1000))}")"
check_eq "more than 7 days ahead too" bad_request "$(call "{\"item_id\":\"cola\",\"sold_out\":true,\"until\":$((NOW + 8 * 86400000))}")"
check_eq "25:00 too" bad_request "$(call '{"item_id":"cola","sold_out":true,"until":"25:00"}')"
check_eq "a word other than today too" bad_request "$(call '{"item_id":"cola","sold_out":true,"until":"tomorrow"}')"
check_eq "until with sold_out false too" bad_request "$(call '{"item_id":"cola","sold_out":false,"until":"today"}')"
check_eq "until as an object too" bad_request "$(call '{"item_id":"cola","sold_out":true,"until":{}}')"
check_eq "another shop's item is not found" not_found "$(call '{"item_id":"cola","sold_out":true,"until":"today"}' bunsik_owner)"
check_eq "a customer may not" forbidden "$(call '{"item_id":"cola","sold_out":true}' minji)"
check_eq "the CLI refuses --today with --until" 2 "$(bd chicken_owner shop soldout cola --today --until 10:00 >/dev/null 2>&1; echo $?)"
check_eq "refusals changed nothing" "$v|false" "$(version)|$(item cola .sold_out)"

# Back by itself: a minute from now, then the shops' clock two minutes on.
jbd chicken_owner call store soldout "{\"item_id\":\"cheeseball\",\"sold_out\":true,\"until\":$(($(date +%s) * 1000 + 60000))}" >/dev/null
check_eq "sold out for a minute" sold_out "$(order cheeseballx3)"
stop "$DAEMON"
start_daemon --clock-offset-ms 120000
back() { [ "$(sqlite3 "$HOME_DIR/store.db" "SELECT sold_out || '|' || coalesce(sold_out_until, '') FROM items WHERE shop_id = 'chicken' AND id = 'cheeseball'")" = "0|" ]; }
wait_for 5 back && ok "the store writes the return down by itself" || fail "still sold out in store.db"
check_eq "the menu shows it" "false|null" "$(item cheeseball '"\(.sold_out)|\(.sold_out_until)"')"
check_eq "it is ordered again" PAID "$(order cheeseballx3)"
check_eq "followers were told (shop.updated)" false \
    "$(jbd admin events --type shop.updated | jq -s '[.[] | select(.shop_id == "chicken")] | last | .data.shop.menu[] | select(.id == "cheeseball") | .sold_out')"
finish
