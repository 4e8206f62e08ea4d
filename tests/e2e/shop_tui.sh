# shop_tui.sh: baedal-shop, the owner's live order console, driven in a
# real terminal (tmux): live arrival, the whole order life from the
# console, snapshot + events with no gap or double, cancels, rejects (a
# reason picked with j/k or typed, never both), two consoles, another
# shop's owner, the backend going away and coming back, an action never
# applied to an order that slid under the cursor unseen, and a run under
# ASan/UBSan.
. "$(dirname "$0")/lib.sh"

command -v tmux >/dev/null || { fail "tmux is not installed"; finish; }
SOCK="bdls$$"
TM="tmux -L $SOCK -f /dev/null"
SHOP_BIN=$BIN/baedal-shop
trap '$TM kill-server 2>/dev/null; cleanup' EXIT

# The console NAME runs under tmux session NAME; its stderr goes to
# $T/shop-NAME.log (checked for sanitizer reports) and its exit status
# to $T/shop-NAME.rc.
cat >"$T/shop.sh" <<EOF
#!/bin/sh
name=\$1; bin=\$2; shift 2
"\$bin" --home "$HOME_DIR" --connect "$FRONT" "\$@" 2>>"$T/shop-\$name.log"
echo \$? >"$T/shop-\$name.rc"
EOF

# console NAME USER [ARGS]: open a console as USER, 120x30.
console() {
	name=$1; user=$2; shift 2
	$TM new-session -d -s "$name" -x 120 -y 30 \
	    "env TERM=xterm-256color LANG=C.UTF-8 sh $T/shop.sh $name $SHOP_BIN --user $user $*"
}
screen() { $TM capture-pane -p -t "$1" 2>/dev/null; }
# shows NAME REGEX: the screen has a line matching REGEX.
shows() { screen "$1" | grep -E -q -- "$2"; }
# rows NAME ID: order ID's rows in the table ("HH:MM #ID ..."), not the
# notices; row NAME ID REGEX: its row matches REGEX.
rows() { screen "$1" | grep -E -- "[0-9]{2}:[0-9]{2} #$2 "; }
row() { rows "$1" "$2" | grep -E -q -- "$3"; }
keys() { s=$1; shift; $TM send-keys -t "$s" "$@"; }
exited() { [ -s "$T/shop-$1.rc" ]; }
# status_is ID STATUS: the customer's view says so.
status_is() {
	[ "$(jbd minji call view status "{\"order_id\":$1}" | jq -r .status)" = "$2" ]
}
# place: order from chicken as minji; prints the order id.
place() {
	id=$(jbd minji order chicken friedx2+boneless cola \
	    --address '서울시 마포구 1' --card 4111111111111111 2>/dev/null |
	    jq -r '.order_id // empty' 2>/dev/null)
	[ -n "$id" ] || id=$(jbd minji call order place '{"shop_id":"chicken",
	    "items":[{"item_id":"fried","qty":2,"options":["boneless"]},
	    {"item_id":"cola","qty":1}],"address":"서울시 마포구 1",
	    "card":"4111111111111111"}' | jq -r '.order_id // empty')
	echo "$id"
}
# select_new NAME: select the oldest order waiting for acceptance, then
# show every order again (the selection stays on it).
select_new() { keys "$1" 1 g 4; }

# A ticket that cannot print is dead at its first failure (the print
# section below); no other section sets a printer.
BAEDAL_PRINT_MAX_ATTEMPTS=1 BAEDAL_PRINT_BACKOFF_MS=100
export BAEDAL_PRINT_MAX_ATTEMPTS BAEDAL_PRINT_BACKOFF_MS
start_daemon

check "--help exits 0" "$SHOP_BIN" --help
check_eq "--version" "baedal-shop" "$("$SHOP_BIN" --version | cut -d' ' -f1)"
"$SHOP_BIN" --bogus >/dev/null 2>&1
check_eq "an unknown option exits 2" 2 $?
"$SHOP_BIN" --home "$HOME_DIR" --connect "$FRONT" --user nobody >/dev/null 2>&1
check_eq "an unknown user exits 1" 1 $?

# A refused token and a customer's identity end the console with 1.
console T1 chicken_owner --token bogus
check "a refused token ends the console" wait_for 10 exited T1
check_eq "... with status 1" 1 "$(cat "$T/shop-T1.rc")"
check "... saying why" grep -q '토큰을 거절했습니다' "$T/shop-T1.log"
console T2 minji
check "a customer cannot run the console" wait_for 10 exited T2
check_eq "... status 1" 1 "$(cat "$T/shop-T2.rc")"

# ---- a live order appears with no key press ----
console A chicken_owner
check "the console shows the shop" wait_for 10 shows A '바삭치킨'
check "the console subscribed (summary bar)" wait_for 10 shows A '오늘 주문 0'
O1=$(place)
check "an order is placed ($O1)" test -n "$O1"
check "the new order appears without a key press" wait_for 5 row A "$O1" '신규'
check "it is announced" wait_for 5 shows A "새 주문 #$O1 · 45,500원"
check "its items are listed" row A "$O1" '후라이드치킨 x2, 콜라'
check "it counts down to the auto-cancel" row A "$O1" '수락 마감'

# ---- accept -> cook -> dispatch -> delivered, from the console ----
select_new A
keys A a
check "a opens the ETA picker" wait_for 5 shows A "주문 #$O1 접수"
keys A Down Enter
check "accepted: the console shows it" wait_for 5 row A "$O1" '접수 .*도착'
check "accepted: the customer sees ACCEPTED" wait_for 10 status_is "$O1" ACCEPTED
check_eq "the picked ETA went through" 40 \
    "$(jbd minji call view status "{\"order_id\":$O1}" | jq -r .eta_min)"
# ---- more prep time: +5/+10/+15 while accepted or cooking ----
check "the hint bar offers more time on an accepted order" shows A 't 시간연장'
keys A t
check "t opens the extend dialog" wait_for 5 shows A "주문 #$O1 시간 연장"
check "... offering +5, +10 and +15 minutes" shows A '\+15분'
keys A Down Enter
check "extended by 10: the customer's ETA is 50" wait_for 10 sh -c \
    "[ \"\$($BIN/baedal --home $HOME_DIR --connect $FRONT --user minji --json call view status '{\"order_id\":$O1}' | jq -r .eta_min)\" = 50 ]"
check "the console's ETA moved with order.eta_extended" wait_for 5 row A "$O1" '\((49|50)분\)'
keys A t Down Down Enter
check "+15 more (25 in all) goes through" wait_for 5 row A "$O1" '\((64|65)분\)'
keys A t Down Down Enter
check "past 30 minutes in all the error is shown" \
    wait_for 5 shows A "#$O1 시간 연장 실패"
check "... and the ETA stays" row A "$O1" '\((64|65)분\)'
check "the hint bar names the next step" shows A 'Space 조리 시작'
check_fails "... and offers no reject on an accepted order" shows A 'x 거절'
keys A x
check "x on an accepted order says why, with no dialog" \
    wait_for 5 shows A "#$O1.* 거절할 수 없습니다"
check_fails "... (no reject dialog)" shows A "주문 #$O1 거절"
keys A Space
check "Space starts cooking" wait_for 5 row A "$O1" '조리중'
check "cooking: the customer sees COOKING" wait_for 10 status_is "$O1" COOKING
keys A d
check "dispatched: the console shows it" wait_for 5 row A "$O1" '배달중'
check "dispatched: the customer sees DELIVERING" wait_for 10 status_is "$O1" DELIVERING
keys A c
check "a refused step is said in plain words (지금은 할 수 없습니다)" \
    wait_for 5 shows A '지금은 할 수 없습니다'
keys A f
check "delivered: the console shows it" wait_for 5 row A "$O1" '완료'
check "the notice says it once ('배달을 마쳤습니다')" \
    wait_for 5 shows A "#$O1 배달을 마쳤습니다"
check_fails "... not '배달 완료 완료'" shows A '완료 완료'
check "delivered: the customer sees DELIVERED" wait_for 10 status_is "$O1" DELIVERED
check "revenue today counts it" shows A '오늘 매출 45,500원'

# ---- a customer cancels: the console shows it at once ----
O2=$(place)
check "a second order appears" wait_for 5 row A "$O2" '신규'
bd minji call order cancel "{\"order_id\":$O2}" >/dev/null
check "a cancel shows at once" wait_for 5 row A "$O2" '취소'
check "and is announced" wait_for 5 shows A "주문 #$O2 취소됨"

# ---- reject with a reason picked by j/k: moving never types ----
OR=$(place)
check "an order to reject with a picked reason appears" wait_for 5 row A "$OR" '신규'
select_new A
keys A x
check "x opens the reject dialog for it" wait_for 5 shows A "주문 #$OR 거절"
keys A j j j
check "j moves in the reason list (the 4th is picked)" \
    wait_for 5 shows A '\(\*\) 배달할 수 없는 지역이에요'
check "the list is the shop's reason codes, 기타 last" shows A '\( \) 기타 \(직접 입력\)'
check_fails "... and types nothing into the reason" shows A 'jj'
keys A k
check "k moves back" wait_for 5 shows A '\(\*\) 곧 영업을 마감해요'
keys A Enter
check "rejected with the picked reason" wait_for 10 status_is "$OR" REJECTED
check_eq "the customer sees the picked reason, not the keys" '곧 영업을 마감해요' \
    "$(jbd minji call view status "{\"order_id\":$OR}" | jq -r '.reject_reason // .reason')"
check_eq "... sent as its code" CLOSING_SOON \
    "$(jbd minji call view status "{\"order_id\":$OR}" | jq -r '.reason_code')"

# ---- reject with a typed reason ----
O3=$(place)
check "a third order appears" wait_for 5 row A "$O3" '신규'
select_new A
keys A x
check "x opens the reject dialog" wait_for 5 shows A "주문 #$O3 거절"
keys A j j j j Enter
check "기타 without words asks for them" wait_for 5 shows A '기타 사유를 입력하세요'
check "... and the dialog stays" shows A "주문 #$O3 거절"
keys A -l '닭이 다 떨어졌어요'
check "the reason is typed in" wait_for 5 shows A '닭이 다 떨어졌어요'
keys A Enter
check "rejected: the console shows it" wait_for 5 row A "$O3" '거절'
check "rejected: the customer sees REJECTED" wait_for 10 status_is "$O3" REJECTED
check_eq "the customer sees the reason" '닭이 다 떨어졌어요' \
    "$(jbd minji call view status "{\"order_id\":$O3}" | jq -r '.reject_reason // .reason')"
check_eq "... sent as OTHER" OTHER \
    "$(jbd minji call view status "{\"order_id\":$O3}" | jq -r '.reason_code')"

# ---- two consoles on one shop; another shop's owner ----
console B chicken_owner
console C bunsik_owner
check "a second console loads the queue" wait_for 10 row B "$O3" '거절'
check "the other owner's console is up" wait_for 10 shows C '오늘 주문 0'
O4=$(place)
check "both consoles get the new order" wait_for 5 row B "$O4" '신규'
check "(the first one too)" wait_for 5 row A "$O4" '신규'
select_new A
keys A a Enter
check "an accept in one console shows in the other" wait_for 5 row B "$O4" '접수'
for o in "$O1" "$O2" "$O3" "$O4"; do
	if shows C "#$o "; then fail "bunsik_owner sees chicken's order $o"; fi
done
check "bunsik_owner sees no orders at all" shows C '아직 주문이 없습니다'

# ---- console closed, three orders placed, console opened ----
keys A q
check "q quits" wait_for 5 exited A
check_eq "q exits 0" 0 "$(cat "$T/shop-A.rc")"
O5=$(place); O6=$(place); O7=$(place)
console D chicken_owner
for o in "$O5" "$O6" "$O7"; do
	check "order $o placed while closed is there" wait_for 10 row D "$o" '신규'
done
check "orders waiting at the start are announced once" \
    wait_for 5 shows D '새 주문 3건'
O8=$(place)
check "and a live one after the snapshot" wait_for 5 row D "$O8" '신규'
for o in "$O5" "$O6" "$O7" "$O8"; do
	check_eq "order $o is listed once" 1 "$(rows D "$o" | wc -l | tr -d ' ')"
done

# ---- a burst of orders: all listed, one bell per batch, no storm ----
# The selection (the newest finished order, below the waiting ones)
# stays on its order while new ones arrive above it.
keys D 3 g 4
$TM pipe-pane -t D "cat >>'$T/D.raw'"
: >"$T/burst.ids"
placers=""
for i in 1 2 3 4 5 6 7 8 9 10; do
	place >>"$T/burst.ids" & placers="$placers $!"
done
for p in $placers; do wait "$p"; done
check_eq "ten orders placed at once" 10 "$(grep -c . "$T/burst.ids")"
for o in $(cat "$T/burst.ids"); do
	check "burst order $o is listed" wait_for 5 row D "$o" '신규'
done
# "마지막" is the order that arrived last: ten placed at once are paid
# in any order, so it is one of the ten, not always the highest id.
BURST=$(tr '\n' '|' <"$T/burst.ids" | sed 's/|$//')
check "the burst is announced as a batch" \
    wait_for 5 shows D "새 주문 [0-9]+건 · 마지막 #($BURST) "
$TM pipe-pane -t D
bells=$(tr -cd '\007' <"$T/D.raw" | wc -c | tr -d ' ')
check "a burst of 10 orders rings once or twice, not 10 times ($bells)" \
    test "$bells" -ge 1 -a "$bells" -le 3
keys D Enter
check "the selection stayed on its order" wait_for 5 shows D "주문 #$O3 · 거절"
keys D Escape

# ---- a pickup order with a request: marked, its notes shown, and the
# next step goes cook -> ready -> picked up, never dispatch ----
OP=$(jbd minji call order place '{"shop_id":"chicken","kind":"pickup",
    "items":[{"item_id":"fried","qty":1,"note":"덜 맵게"}],
    "note":"수저 빼주세요","card":"4111111111111111"}' | jq -r '.order_id // empty')
check "a pickup order is placed ($OP)" test -n "$OP"
check "it is marked 포장 and as having requests" \
    wait_for 5 row D "$OP" '\(포장\) \(요청\) 후라이드치킨'
keys D 1 G 4 Enter
check "its detail shows the order's request" wait_for 5 shows D '요청 수저 빼주세요'
check "... the line's request" shows D '> 덜 맵게'
check "... and no address: it is collected" shows D '포장 · 가게에서 받아 갑니다'
keys D Escape
keys D a Enter
check "the pickup order is accepted" wait_for 5 row D "$OP" '접수'
keys D Space
check "Space cooks it" wait_for 5 row D "$OP" '조리중'
check "the next step offered is ready (조리 완료)" wait_for 5 shows D 'Space 조리 완료'
keys D Space
check "Space marks it ready" wait_for 5 row D "$OP" '조리완료'
check "the customer sees READY" wait_for 10 status_is "$OP" READY
check "the next step offered is picked up" wait_for 5 shows D 'Space 픽업 완료'
check_fails "... never dispatch" shows D 'Space 배달 출발'
keys D d
check "d on a pickup order says why, sending nothing" \
    wait_for 5 shows D "#$OP.* 포장 주문이라 배달하지 않습니다"
keys D Space
check "Space marks it picked up" wait_for 5 row D "$OP" '포장완료'
check "the customer sees PICKED_UP" wait_for 10 status_is "$OP" PICKED_UP
keys D g

# ---- kitchen tickets: reprint, a ticket that did not print is marked
# (also in a console started later, from store.print_jobs) until one
# prints ----
unmarked() { rows "$1" "$2" >/dev/null && ! row "$1" "$2" '\(미출력\)'; }
OPR=$(place)
check "an order for the printer ($OPR)" wait_for 5 row D "$OPR" '신규'
keys D 1 G 4
keys D p
check "p without a printer says 프린터 없음" \
    wait_for 5 shows D "#$OPR 다시 출력 실패: 프린터 없음"
bd chicken_owner shop printer 127.0.0.1:1 >/dev/null
keys D p
check "a ticket that cannot print marks the order" \
    wait_for 10 row D "$OPR" '\(미출력\)'
check "... and says why" shows D "주문 #$OPR 주문서 출력 실패"
console P chicken_owner
check "a console started later marks it from store.print_jobs" \
    wait_for 10 row P "$OPR" '\(미출력\)'
echo '{}' >"$T/printer.ctl"
bg printer "$PY" "$ROOT/tests/tools/fakeprinter.py" --port-file "$T/pport" \
    --log "$T/tickets.jsonl" --control "$T/printer.ctl"
wait_for 10 test -s "$T/pport"
bd chicken_owner shop printer "127.0.0.1:$(cat "$T/pport")" >/dev/null
keys D p
check "reprinted: store.printed clears the mark" wait_for 10 unmarked D "$OPR"
check "... in the other console too" wait_for 5 unmarked P "$OPR"
bd chicken_owner shop printer off >/dev/null
keys D g

# ---- pause (with a reason typed: j and k are text there), resume and
# busy mode from the console; the header shows the shop's state ----
keys D P
check "P opens the pause dialog" wait_for 5 shows D '주문 일시정지'
check "... 15/30/60 minutes or until reopened" shows D '다시 열 때까지'
keys D Down
keys D -l 'jk 재료 준비'
check "the reason is typed, j and k included" wait_for 5 shows D 'jk 재료 준비'
check "... while Down picked 30 minutes" shows D '\(\*\) 30분'
keys D Enter
check "paused: the header says until when" \
    wait_for 5 shows D '일시정지 [0-9]{2}:[0-9]{2}까지'
check "an order is refused while paused" test -z "$(place 2>/dev/null)"
check_eq "the reason went with the pause" 'jk 재료 준비' \
    "$(jbd chicken_owner call store menu '{"shop_id":"chicken"}' | jq -r .shop.pause_reason)"
keys D P
check "P again resumes" wait_for 5 shows D '주문을 다시 받습니다'
check_fails "... and the header drops the pause" shows D '일시정지 [0-9]'
keys D b
check "b turns busy mode on (header)" wait_for 5 shows D '바쁨 \+[0-9]+분'
keys D b
check "b again turns it off" wait_for 5 shows D '바쁨 모드를 껐습니다'
check_fails "... and the header drops it" shows D '바쁨 \+'

# ---- the alert repeats while a new order waits unlooked at ----
"$SHOP_BIN" --home "$HOME_DIR" --connect "$FRONT" --user chicken_owner --remind 0 >/dev/null 2>&1
check_eq "--remind 0 is refused (exit 2)" 2 $?
console R chicken_owner --remind 2 --no-bell
OQ=$(place)
check "a new order for the reminder ($OQ)" wait_for 10 row R "$OQ" '신규'
check "with --remind 2 the alert comes again within seconds" \
    wait_for 8 shows R '확인하지 않은 새 주문'
$TM kill-session -t R

# ---- small terminals: no overlap, the countdown stays ----
$TM resize-window -t D -x 60 -y 20
check "60x20: the summary bar is whole" wait_for 5 sh -c \
    "$TM capture-pane -p -t D | sed -n 2p | grep -E -q '^ 주문 [0-9]+ · 진행 [0-9]+ · 매출 [0-9,]+원 +접수 대기 [0-9]+  영업 중 *\$'"
check "60x20: the title keeps the shop" shows D '^ 바삭치킨 · chicken_owner +실시간'
check "60x20: the countdown column stays" shows D "#$O8 .*수락 마감"
check "60x20: help stays in the hint bar" shows D '\? 도움말'
$TM resize-window -t D -x 120 -y 30
check "back to 120x30" wait_for 5 shows D '오늘 주문 [0-9]+ · 진행 중'

# ---- the menu: sold out, shop.updated in the other console ----
keys D m
check "m shows the menu" wait_for 5 shows D '양념치킨 .*판매 중'
# Each item has a row, then one per option (후라이드치킨 has four).
keys D j j j j j Space
check "Space asks how long to sell it out" wait_for 5 shows D '양념치킨 품절'
keys D Enter
check "Enter: sold out until put back on sale" wait_for 5 shows D '양념치킨 .*품절'
check_eq "the backend has it sold out" true \
    "$(jbd minji menu chicken 2>/dev/null | jq -r '.menu[] | select(.id=="yangnyeom") | .sold_out' 2>/dev/null ||
    jbd minji call store menu '{"shop_id":"chicken"}' | jq -r '.menu[] | select(.id=="yangnyeom") | .sold_out')"
keys D Space
check "Space again puts it back on sale" wait_for 5 shows D '양념치킨 .*판매 중'
keys D o
check "closing the shop asks first" wait_for 5 shows D '영업을 종료할까요'
keys D y
check "the shop is closed" wait_for 5 shows D '영업 종료'
check "the other console learns it from shop.updated" wait_for 5 shows B '영업 종료'
keys D o
check "and open again" wait_for 5 shows B '영업 중'
keys D Escape '?'
check "? shows the help from the key table" wait_for 5 shows D '다음 단계: 접수'
keys D Escape
# At 80x24 the help shows the important keys (q and ? among them) first
# and scrolls to the rest.
$TM resize-window -t D -x 80 -y 24
keys D '?'
check "80x24: the help shows q" wait_for 5 shows D 'q +끝내기'
check "80x24: ... and ?" shows D '\? +이 도움말'
check_fails "80x24: no key hidden behind 'enlarge the terminal'" \
    shows D 'enlarge the terminal'
keys D j j j j j j j j j j j j j j j j j j j j j j j j
check "80x24: j scrolls the help to its last row" wait_for 5 shows D '맨 아래로'
check "80x24: ... with the help still up" shows D '더 보기'
keys D Escape
check "80x24: Esc closes the help" \
    wait_for 5 sh -c "! $TM capture-pane -p -t D | grep -q '더 보기'"
$TM resize-window -t D -x 120 -y 30

# ---- the backend goes away and comes back ----
stop "$DAEMON"
check "a banner says the backend is unreachable" \
    wait_for 10 shows B '백엔드에 연결할 수 없습니다'
start_daemon
check "the banner goes when it is back" \
    wait_for 15 sh -c "! $TM capture-pane -p -t B | grep -q '백엔드에 연결할 수 없습니다'"
O9=$(place)
check "orders arrive again after the restart" wait_for 10 row B "$O9" '신규'
check_eq "order $O9 is listed once" 1 "$(rows B "$O9" | wc -l | tr -d ' ')"
check_eq "order $O8 is still listed once" 1 "$(rows B "$O8" | wc -l | tr -d ' ')"

# ---- the list moves under the cursor: an action applies to what the
# owner saw selected. The console is stopped while the order it shows
# selected is cancelled and the owner types R (reload) and Space, so the
# change and the keys come before any redraw.
OX=$(place); OY=$(place)
check "two new orders, one to slide away" wait_for 5 row B "$OY" '신규'
keys B 1 G k Enter
check "the older one is shown selected (the newest waiting is below it)" \
    wait_for 5 shows B "주문 #$OX · "
bpid=$(pgrep -P "$($TM list-panes -t B -F '#{pane_pid}')")
kill -STOP "$bpid"
bd minji call order cancel "{\"order_id\":$OX}" >/dev/null
keys B R Space
kill -CONT "$bpid"
check "Space after the list moved under the cursor asks to look again" \
    wait_for 5 shows B '주문 목록이 바뀌었습니다'
check_fails "... and opens no accept dialog for the order that slid under it" \
    shows B "주문 #$OY 접수"
check "... which is still waiting" status_is "$OY" PAID
keys B Space
check "Space again, on the order now seen, acts on it" \
    wait_for 5 shows B "주문 #$OY 접수"
keys B Escape Escape 4
bd minji call order cancel "{\"order_id\":$OY}" >/dev/null

# ---- texts: a late delivery's "N분 지남" whole; a burst counted whole ----
OZ=$(place)
check "an order to be late" wait_for 5 row B "$OZ" '신규'
bd chicken_owner shop accept "$OZ" --eta 5 >/dev/null
check "... accepted with 5 minutes" wait_for 5 row B "$OZ" '접수'
# 44 minutes ago it was due in 5: now 39 minutes late.
sqlite3 "$HOME_DIR/store.db" ".timeout 5000" \
    "UPDATE queue SET eta_at = eta_at - 44 * 60000 WHERE order_id = $OZ" >/dev/null
keys B 2 R
check "the due column shows '(39분 지남)' whole" wait_for 5 row B "$OZ" '\(39분 지남\)'
keys B 4
bunsik() {
	jbd minji order bunsik twigimx2 --address '서울시 마포구 1' \
	    --card 4111111111111111 | jq -r '.order_id // empty'
}
OA=$(bunsik)
check "bunsik's first new order is announced alone" wait_for 5 shows C "새 주문 #$OA "
: >"$T/five.ids"
placers=""
for i in 1 2 3 4; do bunsik >>"$T/five.ids" & placers="$placers $!"; done
for p in $placers; do wait "$p"; done
FOUR=$(tr '\n' '|' <"$T/five.ids" | sed 's/|$//')
check "then the four after it are counted with it: '새 주문 5건'" \
    wait_for 8 shows C "새 주문 5건 · 마지막 #($FOUR) "

# ---- SIGTERM exits cleanly ----
# The pane runs shop.sh; the console is its child.
pid=$(pgrep -P "$($TM list-panes -t C -F '#{pane_pid}')")
kill -TERM "$pid" 2>/dev/null
check "SIGTERM ends the console" wait_for 5 exited C
check_eq "... with status 0" 0 "$(cat "$T/shop-C.rc" 2>/dev/null)"

# ---- under ASan/UBSan ----
SAN=$ROOT/build/sanitize/baedal-shop
case "$BIN" in */sanitize) SAN=$SHOP_BIN ;; esac
if [ "$SAN" = "$SHOP_BIN" ] || (cd "$ROOT" && make -s SANITIZE=address,undefined \
    build/sanitize/baedal-shop >"$T/sanbuild.out" 2>&1); then
	$TM new-session -d -s S -x 100 -y 24 \
	    "env TERM=xterm-256color LANG=C.UTF-8 sh $T/shop.sh S $SAN --user chicken_owner --exit-after 60 --no-bell"
	check "the sanitized console comes up" wait_for 10 shows S '바삭치킨'
	O10=$(place)
	check "the sanitized console gets an order" wait_for 5 row S "$O10" '신규'
	keys S 1 g 4 Enter Escape x Escape a Escape m j Escape Tab '?' Escape
	check "the sanitized console exits after --exit-after" wait_for 30 exited S
	check_eq "... with status 0" 0 "$(cat "$T/shop-S.rc" 2>/dev/null)"
	check "no sanitizer reports" sh -c "! grep -E -q 'ERROR: (Address|Leak)Sanitizer|runtime error:' '$T/shop-S.log'"
else
	fail "cannot build the sanitized console"; tail "$T/sanbuild.out"
fi

# ---- the store service down: the queue comes from the event log ----
stop "$DAEMON"
start_daemon --services order,payment,delivery,notify,view --auto-cancel-ms 6000
console E chicken_owner
check "without the store the console says so" wait_for 10 shows E '이벤트 기록에서'
check "and still lists the orders, from the log" wait_for 10 row E "$O9" '신규|취소'
check_eq "order $O9 is listed once there too" 1 "$(rows E "$O9" | wc -l | tr -d ' ')"
O11=$(place)
check "a new order still arrives" wait_for 5 row E "$O11" '신규'
check "an order not accepted in time is auto-cancelled" \
    wait_for 15 row E "$O11" '취소'
keys E 1 g 4 a Enter
check "an action needing the store shows the error in plain words" \
    wait_for 10 shows E '서비스가 잠시 멈췄습니다|응답이 없습니다|지금은 할 수 없습니다'

$TM kill-server 2>/dev/null
finish
