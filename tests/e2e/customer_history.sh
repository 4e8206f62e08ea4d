# customer_history.sh: what customers expect, in baedal-customer in a real
# terminal (tmux): the ETA counting down on the tracking screen (the text
# changes as time passes) and "조금 늦어지고 있어요" once it has passed,
# "준비 완료 예정" for a pickup; the order history with dates (KST) and
# pages, a receipt per order; reorder with a changed price and a sold-out
# item and a removed one left out with a message; saved addresses chosen
# at checkout.
. "$(dirname "$0")/lib.sh"

tmux_begin bdh

# run_app NAME [ENV...]: baedal-customer as minji in tmux session NAME.
run_app() {
	s=$1; shift
	tm new-session -d -s "$s" -x 110 -y 40 "env TERM=xterm-256color LANG=C.UTF-8 $* $BIN/baedal-customer --home $HOME_DIR --connect $FRONT --user minji 2>>$T/$s.log"
}
shown() { tm capture-pane -p -t "$S"; }
has() { shown | grep -q -F -- "$1"; }
press() { tm send-keys -t "$S" "$@"; }
# expect SECONDS TEXT NAME: TEXT shows within SECONDS.
expect() {
	if wait_for "$1" has "$2"; then ok "$3"
	else fail "$3 (no '$2' on screen)"; shown | sed 's/^/    # /'; fi
}
# line_of TEXT: the screen row holding TEXT.
line_of() { shown | grep -F -- "$1" | head -1; }
order() { jbd minji order chicken "${1:-friedx1}" "$2" "$3" --card 4111111111111111 | jq -r '.order_id // empty'; }
paid() { jbd minji status "$1" | jq -e '.status == "PAID"' >/dev/null; }
accepted() { jbd minji status "$1" | jq -e '.eta_at > 0' >/dev/null; }

start_daemon
wait_for 10 orders_ready

# ---- the ETA counts down, then says it is late --------------------------
D=$(order friedx1 --address '서울시 마포구 월드컵로 1')
wait_for 5 paid "$D"
bd chicken_owner shop accept "$D" --eta 5 >/dev/null
wait_for 5 accepted "$D"
# The app's clock runs 4 min 48 s ahead: 12 seconds are left.
S=eta
run_app $S BAEDAL_CLOCK_OFFSET_MS=288000
expect 10 "● 연결됨" "the app connects"
press o
expect 5 "#$D" "the order is in the history"
press Enter
expect 5 "도착까지 0분" "the tracking screen counts down to the ETA"
first=$(line_of "도착까지")
changed() { l=$(line_of "도착까지"); [ -n "$l" ] && [ "$l" != "$first" ]; }
check "... and the seconds change as time passes, with no key pressed" wait_for 5 changed
check "it shows the ETA's clock time in KST" sh -c "echo '$first' | grep -q '도착 예정'"
expect 20 "조금 늦어지고 있어요" "once the ETA has passed: 조금 늦어지고 있어요"
check "and the countdown is gone" sh -c "! tmux -L $TM capture-pane -p -t $S | grep -q -F 도착까지"
P=$(jbd minji order chicken friedx1 --pickup --card 4111111111111111 | jq -r .order_id)
wait_for 5 paid "$P"
bd chicken_owner shop accept "$P" --eta 5 >/dev/null
wait_for 5 accepted "$P"
press Escape
expect 5 "#$P" "the pickup order is listed"
press g Enter
expect 5 "준비 완료 예정" "a pickup says 준비 완료 예정"
check "... with the time left" has "남음"
press q
wait_for 5 sh -c "! tmux -L $TM has-session -t $S 2>/dev/null"

# ---- the history: dates in KST, pages, a receipt per order --------------
jbd minji cancel "$P" >/dev/null
R=$(jbd minji order chicken 'friedx2+boneless#덜 맵게' colax1 cheeseballx1 --address '서울시 마포구 월드컵로 1' \
    --card 4111111111111111 --note '문 앞에 놔주세요' | jq -r .order_id)
i=0
while [ $i -lt 19 ]; do order friedx1 --address '서울시 1' >/dev/null; i=$((i + 1)); done
all_listed() { [ "$(jbd minji orders --limit 200 | jq '.orders | length')" = 22 ]; }
wait_for 10 all_listed
S=hist
run_app $S
expect 10 "● 연결됨" "the app connects again"
press o
expect 5 "1–20번째 주문 · ] 이전 주문" "the history shows a page of 20, saying older ones follow"
when=$($PY -c 'import sys,time; print(time.strftime("%m/%d %H:%M", time.gmtime(int(sys.argv[1]) // 1000 + 9 * 3600)))' "$(jbd minji status "$R" | jq .placed_at)")
row_of() { shown | grep -F -- "#$1 "; }
check "an order's row shows its date and time in KST ($when)" sh -c "tmux -L $TM capture-pane -p -t $S | grep -F '#$R ' | grep -q -F '$when'"
check "... its shop and total" sh -c "tmux -L $TM capture-pane -p -t $S | grep -F '#$R ' | grep -F 바삭치킨 | grep -q -F '50,500원'"
check "the first page does not show the oldest order" sh -c "! tmux -L $TM capture-pane -p -t $S | grep -q -F '#$D '"
press ']'
expect 5 "21–22번째 주문 · [ 최근 주문" "] shows the next page"
check "... with the oldest orders" has "#$D "
check "... and not the newest" sh -c "! tmux -L $TM capture-pane -p -t $S | grep -q -F '#$R '"
press g v
expect 5 "영수증 · 주문 #$P" "v opens the selected order's receipt"
check "the receipt says how it was paid" has "결제 수단  카드 •••• 1111"
check "... the refund" has "환불되었습니다 · 18,000원"
check "... that it was a pickup" has "포장 주문"
check "... and the time of each step" has "진행 시각 (KST)"
check "... in KST" has "$($PY -c 'import sys,time; print(time.strftime("%H:%M:%S", time.gmtime(int(sys.argv[1]) // 1000 + 9 * 3600)))' "$(jbd minji status "$P" | jq '.timeline[0].at')")"
press Escape
expect 5 "21–22번째 주문" "Esc goes back to the page"
press '['
expect 5 "1–20번째 주문" "[ goes back to the newest"
press G v
expect 5 "영수증 · 주문 #$R" "the receipt of a delivery order"
check "its lines" has "후라이드치킨 ×2"
check "its options" has "+ 순살 변경 (2,000원)"
check "a line's request" has "요청: 덜 맵게"
check "the delivery fee" has "배달팁"
check "the address" has "배달 주소  서울시 마포구 월드컵로 1"
check "the request to the shop" has "가게 요청  문 앞에 놔주세요"
press q
wait_for 5 sh -c "! tmux -L $TM has-session -t $S 2>/dev/null"

# ---- reorder: today's price, the sold-out item left out ----------------
stop "$DAEMON"
sqlite3 "$HOME_DIR/store.db" "UPDATE items SET price = 19000 WHERE shop_id = 'chicken' AND id = 'fried';
    DELETE FROM items WHERE shop_id = 'chicken' AND id = 'cheeseball'"
start_daemon
bd chicken_owner shop soldout cola on >/dev/null
new_price() { jbd minji quote chicken fried | jq -e '.subtotal == 19000' >/dev/null; }
wait_for 10 new_price
S=again
run_app $S
expect 10 "● 연결됨" "the app connects to the restarted backend"
press o
expect 5 "1–20번째 주문" "the history again"
press G r
expect 5 "1줄을 오늘 가격으로 담았어요 · 장바구니로 갈까요?" "r puts the order's lines into the cart"
check "the sold-out item is left out, named" has "빠진 메뉴: 콜라 1.25L(품절), "
check "... and the item no longer on the menu" has "치즈볼(5개)(메뉴에 없음)"
check "the changed price is shown" has "가격 변경: 후라이드치킨 20,000원→21,000원"
press y
expect 5 "45,000원" "the cart is priced today: 2 × 21,000원 + 배달팁"
check "the sold-out item is not in the cart" sh -c "! tmux -L $TM capture-pane -p -t $S | grep -q -F 콜라"
check "nor the removed one" sh -c "! tmux -L $TM capture-pane -p -t $S | grep -q -F 치즈볼"
check "the option is kept" has "순살 변경"

# ---- saved addresses at checkout ----------------------------------------
bd minji address add 집 '서울시 마포구 월드컵로 10' >/dev/null
bd minji address add 회사 '서울시 강남구 테헤란로 2' >/dev/null
bd minji address default 회사 >/dev/null
bd junho address add 본가 '부산시 해운대구 3' >/dev/null
press Enter
expect 5 "1/6 주문 방식" "Enter in the cart starts the checkout"
press Enter
expect 5 "서울시 강남구 테헤란로 2" "the address step holds the default saved address (회사)"
check "... named, with how many there are (minji's two, not junho's)" has "회사 기본 (2/2)"
check "another customer's address is not offered" sh -c "! tmux -L $TM capture-pane -p -t $S | grep -q -F 해운대"
press Tab
expect 5 "집 (1/2)" "Tab switches to the other saved address"
check "... and puts it in the field" has "서울시 마포구 월드컵로 10"
press Enter Enter Enter Enter
expect 5 "주소  집 · 서울시 마포구 월드컵로 10" "the confirmation shows the chosen address and its label"
newest() { jbd minji orders --limit 1 | jq -r '.orders[0].order_id'; }
before=$(newest)
press Enter
placed() { [ "$(newest)" != "$before" ]; }
check "the order is placed" wait_for 5 placed
check_eq "with the chosen saved address" "서울시 마포구 월드컵로 10" "$(jbd minji status "$(newest)" | jq -r .address)"
finish
