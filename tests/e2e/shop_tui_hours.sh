# shop_tui_hours.sh: baedal-shop's screens for issue 14, driven in a real
# terminal (tmux), each checked against the backend through the CLI's
# --json afterwards: the opening hours screen (a weekday's ranges, an
# overnight one, closed dates, bad input refused with nothing changed,
# every day emptied = always open), selling out an item or an option
# indefinitely, for today or until a time from the menu screen, and the
# reasons screen's counts by reason code (live while it is shown).
. "$(dirname "$0")/lib.sh"

command -v tmux >/dev/null || { fail "tmux is not installed"; finish; }
SOCK="bdlh$$"
TM="tmux -L $SOCK -f /dev/null"
# SHOP_BIN=build/sanitize/baedal-shop runs the console under ASan/UBSan
# (its stderr is checked for reports at the end).
SHOP_BIN=${SHOP_BIN:-$BIN/baedal-shop}
trap '$TM kill-server 2>/dev/null; cleanup' EXIT

cat >"$T/shop.sh" <<EOF
#!/bin/sh
name=\$1; shift
"$SHOP_BIN" --home "$HOME_DIR" --connect "$FRONT" "\$@" 2>>"$T/shop-\$name.log"
echo \$? >"$T/shop-\$name.rc"
EOF

# console NAME USER: a console as USER, 120x30, on the shops' zone.
console() {
	$TM new-session -d -s "$1" -x 120 -y 30 \
	    "env TERM=xterm-256color LANG=C.UTF-8 TZ=Asia/Seoul sh $T/shop.sh $1 --user $2"
}
screen() { $TM capture-pane -p -t "$1" 2>/dev/null; }
shows() { screen "$1" | grep -E -q -- "$2"; }
keys() { s=$1; shift; $TM send-keys -t "$s" "$@"; }
# hours JQ: the owner's hours (shop hours --json) through the jq filter.
hours() { jbd chicken_owner shop hours | jq -c "$1"; }
# menu JQ: chicken's menu (store.menu) through the jq filter.
menu() { jbd minji call store menu '{"shop_id":"chicken"}' | jq -c "$1"; }
item() { menu ".menu[] | select(.id==\"$1\") | $2"; }
# hours_is JQ VALUE: poll helper.
hours_is() { [ "$(hours "$1")" = "$2" ]; }
item_is() { [ "$(item "$1" "$2")" = "$3" ]; }
reasons_is() { [ "$(jbd chicken_owner shop reasons | jq -c "$1")" = "$2" ]; }
place() {
	jbd minji order chicken friedx2 cola --address '서울시 마포구 1' \
	    --card 4111111111111111 2>/dev/null | jq -r '.order_id // empty'
}

start_daemon
check "the demo shops are there" wait_for 15 shops_ready

console A chicken_owner
check "the console is up" wait_for 10 shows A '오늘 주문 0'

# ---- opening hours ----
keys A H
check "H shows the hours screen" wait_for 5 shows A '영업시간 · 바삭치킨 · Asia/Seoul'
check "... with no hours: every weekday always open" shows A '월요일 +항상 영업'
check "... and no closed dates" shows A '휴무일 +없음'
check "the hint bar offers editing" shows A 'Enter 고치기'
keys A '?'
check "? shows the screen's keys" wait_for 5 shows A '이 요일의 영업시간 / 휴무일 고치기'
keys A Escape
check "... Esc closes the help" wait_for 5 sh -c "! $TM capture-pane -p -t A | grep -q '휴무일 고치기'"
keys A j j j j Enter
check "Enter on 금요일 opens its editor" wait_for 5 shows A '금요일 영업시간'
keys A C-u; keys A -l '17:00-02:00'; keys A Enter
check "an overnight range is saved" wait_for 10 hours_is .hours.fri '["17:00-02:00"]'
check "... the other days are closed (absent)" hours_is '.hours.mon' 'null'
check "the screen shows it, marked overnight" \
    wait_for 5 shows A '금요일 +17:00-02:00 \(다음 날까지\)'
check "... and the other days closed" shows A '월요일 +휴무'
keys A k Enter C-u; keys A -l '11:00-15:00, 17:00-22:00'; keys A Enter
check "two ranges on 목요일" wait_for 10 hours_is .hours.thu '["11:00-15:00","17:00-22:00"]'
check "... shown" wait_for 5 shows A '목요일 +11:00-15:00, 17:00-22:00'
check "... 금요일 kept" hours_is .hours.fri '["17:00-02:00"]'
before=$(hours '[.hours, .closed_dates]')
keys A g Enter C-u; keys A -l '25:00-26:00'; keys A Enter
check "a bad range is refused in the console" wait_for 5 shows A "'25:00-26:00': .*처럼 적어"
check "... the editor stays up" shows A '월요일 영업시간'
check_eq "... nothing changed in the backend" "$before" "$(hours '[.hours, .closed_dates]')"
keys A C-u; keys A -l '01:00-02:00 03:00-04:00 05:00-06:00 07:00-08:00 09:00-10:00'
keys A Enter
check "five ranges are refused (4 at most)" wait_for 5 shows A '4개까지만'
check_eq "... nothing changed" "$before" "$(hours '[.hours, .closed_dates]')"
keys A Escape
check "Esc closes the editor" wait_for 5 sh -c "! $TM capture-pane -p -t A | grep -q '월요일 영업시간'"
keys A G Enter
check "the closed dates' editor" wait_for 5 shows A ' 휴무일 '
keys A C-u; keys A -l '2030-12-25, 2030-01-01'; keys A Enter
check "closed dates are saved" wait_for 10 hours_is .closed_dates '["2030-12-25","2030-01-01"]'
check "... and shown" wait_for 5 shows A '휴무일 +2030-12-25, 2030-01-01'
before=$(hours '[.hours, .closed_dates]')
keys A Enter C-u; keys A -l '2030-02-31'; keys A Enter
check "a day not in the calendar is refused in the console" \
    wait_for 5 shows A "'2030-02-31': .*처럼 적어"
check_eq "... nothing changed" "$before" "$(hours '[.hours, .closed_dates]')"
keys A C-u; keys A -l '1999-12-25'; keys A Enter
check "a year the backend refuses: its error is shown" wait_for 5 shows A '영업시간 저장 실패'
check "... the editor stays up" shows A ' 휴무일 '
check_eq "... nothing changed" "$before" "$(hours '[.hours, .closed_dates]')"
keys A Escape
keys A k k k Enter C-u Enter
check "금요일 emptied is closed" wait_for 10 hours_is .hours.fri 'null'
check "... 목요일 kept" hours_is .hours.thu '["11:00-15:00","17:00-22:00"]'
keys A k Enter C-u Enter
check "every weekday emptied: always open (hours null)" \
    wait_for 10 hours_is '.hours' 'null'
check "... shown as always open" wait_for 5 shows A '목요일 +항상 영업'
bd chicken_owner shop hours set sat=12:00-15:00 >/dev/null
check "hours set elsewhere (the CLI) show live (shop.updated)" \
    wait_for 5 shows A '토요일 +12:00-15:00'
bd chicken_owner shop hours set always >/dev/null
check "... always open again" wait_for 5 shows A '토요일 +항상 영업'

# ---- reason counts ----
O1=$(place)
check "an order to reject ($O1)" test -n "$O1"
check "... rejected" bd chicken_owner shop reject "$O1" --code TOO_BUSY
O2=$(place)
check "an order to cancel ($O2)" test -n "$O2"
bd minji call order cancel "{\"order_id\":$O2}" >/dev/null
check "the backend counts both" wait_for 10 reasons_is \
    '[.rejected.TOO_BUSY, .cancelled.CUSTOMER_REQUEST]' '[1,1]'
keys A Escape S
check "S shows the reasons, in Korean" \
    wait_for 5 shows A '주문이 많아 지금은 조리가 어려워요 +TOO_BUSY +1 +0'
check "... cancellations by code" shows A '고객 요청으로 취소했어요 +CUSTOMER_REQUEST +0 +1'
check "... and the totals" shows A '합계 +1 +1'
O3=$(place)
check "a third order ($O3)" test -n "$O3"
check "... rejected" bd chicken_owner shop reject "$O3" --code OUT_OF_ITEMS
check "a rejection while shown updates the counts" \
    wait_for 10 shows A '재료가 떨어졌어요 +OUT_OF_ITEMS +1 +0'
check "... the totals too" wait_for 5 shows A '합계 +2 +1'
check "... as the backend counts" reasons_is '.rejected.OUT_OF_ITEMS' 1

# ---- sold out: indefinitely, for today, until a time; an option ----
keys A m
check "m shows the menu with options under items" \
    wait_for 5 shows A '└ 순살 변경 +\+2,000원 +판매 중'
check "the hint bar offers selling out" shows A 'Space 품절'
keys A j j j j j Space
check "Space on 양념치킨 asks how long" wait_for 5 shows A '양념치킨 품절'
keys A j Enter
check "for today: the backend has it sold out" \
    wait_for 10 item_is yangnyeom .sold_out true
check "... until a time (the next opening)" \
    item_is yangnyeom '.sold_out_until > 0' true
check "the menu says 오늘 품절" wait_for 5 shows A '양념치킨 .*오늘 품절'
keys A Space
check "Space again puts it back on sale" wait_for 10 item_is yangnyeom .sold_out false
check "... shown" wait_for 5 shows A '양념치킨 .*판매 중'
# Until a time an hour ahead, on the shops' clock (Asia/Seoul).
at=$(TZ=Asia/Seoul date -d '+1 hour' +%H:%M)
if [ "$(TZ=Asia/Seoul date -d '+1 hour' +%F)" = "$(TZ=Asia/Seoul date +%F)" ]
then want="$at까지 품절"; else want='오늘 품절'; fi
keys A Space
check "the dialog again" wait_for 5 shows A '양념치킨 품절'
keys A -l "$at"
keys A Enter
check "until $at: the backend has it" wait_for 10 item_is yangnyeom \
    "(.sold_out_until - now * 1000) / 60000 | floor | . > 50 and . < 61" true
check "the menu says '$want'" wait_for 5 shows A "양념치킨 .*$want"
keys A j Space; keys A -l '99:99'; keys A Enter
check "a bad time is refused in the console" wait_for 5 shows A '시각을 HH:MM으로'
check "... the dialog stays" shows A '순살 변경 품절'
check "... nothing changed" item_is yangnyeom \
    '.options[] | select(.id=="boneless") | .sold_out' false
keys A Escape g j Space Enter
check "an option sold out indefinitely" wait_for 10 item_is fried \
    '.options[] | select(.id=="boneless") | [.sold_out, .sold_out_until]' '[true,null]'
check "... the item itself is not" item_is fried .sold_out false
check "... shown on the option's row" \
    wait_for 5 sh -c "$TM capture-pane -p -t A | grep '순살 변경' | head -1 | grep -q '품절'"
check "the hint bar offers putting it back" shows A 'Space 판매 재개'
check "an order with it is refused" sh -c "! $BIN/baedal --home $HOME_DIR --connect $FRONT --user minji --json order chicken fried+boneless cola --address x --card 4111111111111111 >/dev/null 2>&1"
keys A Space
check "Space puts the option back" wait_for 10 item_is fried \
    '.options[] | select(.id=="boneless") | .sold_out' false

keys A q q
check "the console quits" wait_for 10 test -s "$T/shop-A.rc"
check_eq "... with 0" 0 "$(cat "$T/shop-A.rc" 2>/dev/null)"
finish
