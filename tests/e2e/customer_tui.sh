# customer_tui.sh: baedal-customer in a real terminal (tmux): browse, a
# closed shop and a sold-out item refused, options, cart totals from the
# backend, a declined card, checkout, live tracking while the shop acts
# through the CLI, cancel offered (hint bar) and allowed only while the
# status machine allows it (refused while cooking, done while paid), the
# inbox, Hangul columns, resize, the backend going away and coming back,
# keys typed ahead, a cart of another shop replaced only after a yes, a
# cart under the minimum saying what is missing, a shop closing while its
# menu is open, narrow layouts, --exit-after, and a clean quit.
. "$(dirname "$0")/lib.sh"

TM="bdl$$"
TMUX_TMPDIR=$T # the server's socket goes away with the test's directory
export TMUX_TMPDIR
tm() { tmux -L "$TM" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; cleanup' EXIT

APP="env TERM=xterm-256color LANG=C.UTF-8 $BIN/baedal-customer --home $HOME_DIR --connect $FRONT --user minji"

# screen [SESSION]: what the terminal shows now.
screen() { tm capture-pane -p -t "${1:-app}"; }
# see TEXT [SESSION]: the screen shows TEXT.
see() { screen "${2:-app}" | grep -q -F -- "$1"; }
# unseen TEXT: the screen does not show TEXT.
unseen() { ! see "$1"; }
# row_has NAME TEXT: the screen row of NAME shows TEXT.
row_has() { screen | grep -F -- " $1 " | grep -q -F -- "$2"; }
# same_as_before: rows 1-28 are what they were before the resize.
same_as_before() { [ "$(screen | head -n 28)" = "$before" ]; }
# hint_has TEXT: the hint bar (the last row) offers TEXT; hint_lacks TEXT:
# it does not.
hint_has() { screen | tail -n 1 | grep -q -F -- "$1"; }
hint_lacks() { ! hint_has "$1"; }
# header_has REGEX: the top row matches REGEX.
header_has() { screen | head -1 | grep -q -- "$1"; }
# gone SESSION: the tmux session has ended (its program exited).
gone() { ! tm has-session -t "$1" 2>/dev/null; }
# keys KEY...: type into the app.
keys() { tm send-keys -t app "$@"; }
# expect SECONDS TEXT NAME: a check that TEXT shows up within SECONDS.
expect() {
	if wait_for "$1" see "$2"; then ok "$3"
	else fail "$3 (no '$2' on screen)"; screen | sed 's/^/    # /'; fi
}
# shop_act ACTION ID [ETA]: the shop owner acts through the CLI.
shop_act() {
	if "$BIN/baedal" --help 2>&1 | grep -q "shop $1"; then
		if [ "$1" = accept ]; then bd chicken_owner shop accept "$2" --eta "$3"
		else bd chicken_owner shop "$1" "$2"; fi
	else
		case "$1" in
		accept) body="{\"order_id\":$2,\"eta_min\":$3}" ;;
		*) body="{\"order_id\":$2}" ;;
		esac
		m=$1; [ "$m" = delivered ] && m=deliver
		bd chicken_owner call store "$m" "$body"
	fi >/dev/null
}
# price_col NAME: the display column where the price of menu row NAME
# ends (its "원").
price_col() {
	screen | "$PY" -c '
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
for line in sys.stdin:
    if line.startswith(" " + sys.argv[1] + " ") and "원" in line:
        print(width(line[:line.index("원") + 1])); break' "$1"
}
# columns NAME...: how many different display columns the first "원"
# (the end of the price) takes on the screen rows of these menu items,
# and how many rows matched: "1 5" when 5 rows line up.
columns() {
	screen | "$PY" -c '
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
cols, rows = set(), 0
for line in sys.stdin:
    for name in sys.argv[1:]:
        if line.startswith(" " + name + " ") and "원" in line:
            cols.add(width(line[:line.index("원") + 1])); rows += 1
print(len(cols), rows)' "$@"
}

check "--help exits 0" "$BIN/baedal-customer" --help
check "--version names the program" sh -c "'$BIN/baedal-customer' -V | grep -q baedal-customer"
"$BIN/baedal-customer" --bogus >/dev/null 2>&1
check_eq "a bad option exits 2" 2 $?

start_daemon
tm new-session -d -s app -x 100 -y 30 "$APP 2>>$T/customer.log; echo \$? >$T/app.rc"
expect 10 "● 연결됨" "the app connects and shows the header"
expect 5 "바삭치킨" "the shops screen lists the shops"
check "closed shops say 준비중" see "준비중"
check "the header names the user" see "김민지(minji)"

# The shop's own status: paused until a time, busy with a longer ETA.
bd chicken_owner call store pause '{"minutes":30}' >/dev/null
check "a paused shop says until when" wait_for 5 row_has 바삭치킨 "까지)"
check "... as paused (쉬는중)" row_has 바삭치킨 "쉬는중"
keys Enter
expect 5 "바삭치킨: 지금은 쉬는중" "a paused shop is refused with its status"
bd chicken_owner call store resume '{}' >/dev/null
bd chicken_owner call store busy '{"on":true,"minutes":20}' >/dev/null
check "a busy shop shows its ETA and still takes orders" \
    wait_for 5 row_has 바삭치킨 "바빠요 · 약 50분"
bd chicken_owner call store busy '{"on":false}' >/dev/null
check "and 영업중 again when it is not busy" wait_for 5 row_has 바삭치킨 "영업중"

# A closed shop cannot be entered.
keys G Enter
expect 5 "준비중이라 주문할 수 없습니다" "a closed shop (피자명가) is refused with a message"
check "and the shops screen stays" see "가게 목록"

# A sold-out item is visible but cannot be ordered.
keys g j Enter
expect 5 "엄마손분식 · 분식" "엄마손분식's menu opens"
check "the sold-out item is marked 품절" row_has 순대 품절
keys j j Enter
expect 5 "품절된 메뉴라 주문할 수 없습니다" "a sold-out item (순대) is refused"
check "no options dialog opened for it" unseen "기본 가격"
# The catalog is live: the owner sells out an item, the menu shows it.
bd bunsik_owner shop soldout gimbap on >/dev/null
check "an item sold out by the owner shows 품절 with no key press" \
    wait_for 5 row_has 김밥 품절
gimbap_back() { ! row_has 김밥 품절; }
bd bunsik_owner shop soldout gimbap off >/dev/null
check "and shows again when it is back" wait_for 5 gimbap_back
# Option groups: each shows its rule; a sold-out option shows, and cannot
# be chosen; the dialog keeps the rules (at least min, at most max).
keys g Enter
expect 5 "토핑 추가 · 0~3개" "the options dialog shows a group's rule (0 to 3)"
check "... and a required one" see "맛 선택 · 1개 필수"
mandu_sold() { screen | grep -F "군만두 추가" | grep -q -F "품절"; }
check "a sold-out option is shown as 품절" mandu_sold
keys Enter
expect 5 "맛 선택: 1개 이상 골라 주세요" "a required group left empty keeps the item out of the cart"
check "nothing was added" unseen "장바구니에 담았습니다"
keys Escape
bd bunsik_owner call store soldout '{"item_id":"tteokbokki","option_id":"mandu","sold_out":false}' >/dev/null
wait_for 3 false
keys g Enter
expect 5 "토핑 추가 · 0~3개" "the dialog opens again"
keys Space j Space j Space j Space
expect 5 "토핑 추가: 최대 3개까지 고를 수 있어요" "a fourth topping is refused (at most 3)"
keys j Enter
expect 5 "합계 7,000원" "with the flavour chosen the line is priced (3 toppings + 순한맛)"
check "and the rule message is gone" unseen "1개 이상 골라 주세요"
keys Escape
bd bunsik_owner call store soldout '{"item_id":"tteokbokki","option_id":"mandu","sold_out":true}' >/dev/null
keys Escape

# 바삭치킨: Hangul names line up, options, cart.
keys g Enter
expect 5 "바삭치킨 · 치킨" "바삭치킨's menu opens"
check_eq "prices line up in display columns (Hangul width)" "1 5" \
    "$(columns 후라이드치킨 양념치킨 반반치킨 '치즈볼(5개)' '콜라 1.25L')"
# A wide terminal: prices stay near the names, the room beside the list
# shows the selected item's options.
tm resize-window -t app -x 200 -y 50
check "at 200 columns the item's options show beside the list" \
    wait_for 5 see "순살 변경  +2,000원"
col=$(price_col 후라이드치킨)
check "at 200 columns the price stays near the name (column ${col:-none})" \
    test "${col:-999}" -le 80
tm resize-window -t app -x 100 -y 30
check "back at 100 columns the list has the width again" \
    wait_for 5 sh -c "! tmux -L $TM capture-pane -p -t app | grep -q '순살 변경  +2,000원'"
keys Enter
expect 5 "기본 가격 18,000원" "Enter opens the options dialog"
keys j Space j j Space +
expect 5 "합계 56,000원" "options and quantity are priced by order.quote"
keys Enter
expect 5 "장바구니에 담았습니다: 후라이드치킨 ×2" "the item goes into the cart"
keys j j j a
expect 5 "기본 가격 5,000원" "'a' opens the dialog too"
keys Enter b
expect 5 "배달 · 장바구니" "b opens the cart"
total=$(jbd minji call order quote '{"shop_id":"chicken","items":[{"item_id":"fried","qty":2,"options":["large","boneless"]},{"item_id":"cheeseball","qty":1}]}' | jq .total)
won=$("$PY" -c "print('{:,}원'.format($total))")
expect 5 "$won" "the cart total is the backend's quote ($won)"
check "lines show their options" see "1.5마리, 순살 변경"
keys j +
total2=$("$PY" -c "print('{:,}원'.format($total + 5000))")
expect 5 "$total2" "+ re-quotes the cart"
keys -
expect 5 "$won" "- re-quotes it back"

# Checkout: delivery or pickup first; a pickup has no address, no rider
# note and no delivery fee (the backend's quote for the kind).
keys Enter
expect 5 "1/6 주문 방식" "checkout asks delivery or pickup first"
check "delivery is the default" see "(*) 배달"
fee=$(jbd minji call order quote '{"shop_id":"chicken","items":[{"item_id":"fried","qty":2,"options":["large","boneless"]},{"item_id":"cheeseball","qty":1}]}' | jq .delivery_fee)
check "the delivery fee is the backend's" see "배달팁 $("$PY" -c "print('{:,}원'.format($fee))")"
ptotal=$(jbd minji call order quote '{"shop_id":"chicken","kind":"pickup","items":[{"item_id":"fried","qty":2,"options":["large","boneless"]},{"item_id":"cheeseball","qty":1}]}' | jq .total)
keys Space
expect 5 "(*) 포장" "Space chooses pickup (포장)"
expect 5 "배달팁 0원 · 합계 $("$PY" -c "print('{:,}원'.format($ptotal))")" \
    "a pickup is priced by order.quote with kind pickup"
keys Enter
expect 5 "2/4 가게 요청사항" "a pickup skips the address"
keys Enter
expect 5 "3/4 카드 번호" "... and the note to the rider"
keys Escape Escape
expect 5 "1/4 주문 방식" "Esc goes back over the skipped steps"
keys d
expect 5 "(*) 배달" "d chooses delivery again"
keys Enter
expect 5 "2/6 배달 주소" "then checkout asks for the address"
check "the address is prefilled" see "서울시 마포구 월드컵로 1"
check "the address field counts characters against the limit" \
    see "14자 · 34/200바이트"
LONG=$("$PY" -c 'print("가" * 70)')
keys C-u
tm send-keys -t app -l "$LONG"
expect 5 "주소가 너무 깁니다: 70자 · 210/200바이트" \
    "a long address is counted whole (not cut) and said to be too long"
keys Enter
check "Enter keeps a too long address on the address step" see "2/6 배달 주소"
keys C-u
tm send-keys -t app -l "서울시 마포구 월드컵로 1"
expect 5 "14자 · 34/200바이트" "a shorter address is fine again"
# The line editor: ^A/^E (Home/End), Backspace and ^D (Delete) anywhere,
# moving by character over Hangul, and the terminal's cursor where the
# editing happens (an input method composes there). tmux's Home and End
# are not xterm's, so the test uses ^A and ^E.
keys C-a
tm send-keys -t app -l "(우) "
keys C-e BSpace
tm send-keys -t app -l "2"
expect 5 "(우) 서울시 마포구 월드컵로 2" "^A, ^E and Backspace edit the address anywhere"
keys C-a Right Right Right Right C-d
expect 5 "(우) 울시 마포구 월드컵로 2" "Right moves by character over Hangul; ^D takes the one under the cursor"
tm send-keys -t app -l "서"
expect 5 "(우) 서울시 마포구 월드컵로 2" "typing inserts in the middle"
cursor_right() {
	want=$(screen | "$PY" -c '
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
for y, line in enumerate(sys.stdin):
    i = line.find("(우) 서울시")
    if i >= 0:
        print(width(line[:i] + "(우) 서"), y); break')
	[ -n "$want" ] && [ "$(tm display -p -t app '#{cursor_x} #{cursor_y}')" = "$want" ]
}
check "the terminal's cursor is right after the inserted Hangul" wait_for 5 cursor_right
keys Enter
expect 5 "3/6 가게 요청사항" "then for a note to the shop (optional)"
LONGNOTE=$("$PY" -c 'print("맵" * 201)')
tm send-keys -t app -l "$LONGNOTE"
expect 5 "요청사항이 너무 깁니다: 201/200자" "a note is checked against the limit in characters"
keys Enter
check "Enter keeps a too long note on its step" see "3/6 가게 요청사항"
keys C-u
tm send-keys -t app -l "덜 맵게 해주세요"
expect 5 "9/200자" "a shorter note is fine"
keys Enter
expect 5 "4/6 라이더 요청사항" "then for a note to the rider"
tm send-keys -t app -l "문 앞에 두고 벨 눌러주세요"
keys Enter
expect 5 "5/6 카드 번호" "then for the card"
keys C-u 4111a
expect 5 "숫자만 입력할 수 있어요" "the card field refuses a letter as it is typed, in Korean"
keys 1111
expect 5 "4111 1111" "the card number shows in groups of four"
check "its check line counts the digits" see "카드 번호는 12–19자리 숫자예요 (지금 8자리)"
keys Enter
check "Enter refuses a short card number" see "5/6 카드 번호"
keys C-u 4111111111110002 Enter
expect 5 "6/6 확인" "then asks to confirm"
check "the confirmation shows the note to the shop" see "가게 요청  덜 맵게 해주세요"
check "... and the one to the rider" see "라이더 요청  문 앞에 두고 벨 눌러주세요"
check "the confirmation shows the total" see "결제 금액  $won"
keys Enter
expect 10 "카드가 거절되었습니다" "a declined card is said in plain words"
keys Escape
expect 5 "5/6 카드 번호" "Esc goes back a step"
keys C-u 4111111111111111 Enter
expect 5 "6/6 확인" "a new card goes to the confirmation again"
check "the old card's refusal is no longer shown (once the notice fades)" \
    wait_for 8 unseen "카드가 거절되었습니다"
keys Enter
expect 10 "결제완료 PAID" "the order is placed and shows PAID"
ID=$(screen | grep -o '주문 #[0-9]*' | head -1 | tr -dc 0-9)
check_eq "the backend has the order as PAID" PAID \
    "$(jbd minji call view status "{\"order_id\":${ID:-0}}" | jq -r .status)"
check "the timeline shows the payment" see "payment APPROVED"
check_eq "the backend has the notes" "덜 맵게 해주세요|문 앞에 두고 벨 눌러주세요|delivery" \
    "$(jbd minji call view status "{\"order_id\":${ID:-0}}" | jq -r '"\(.note)|\(.rider_note)|\(.kind)"')"
check "the hint bar offers cancel while PAID" hint_has "c 주문 취소"

# The shop acts; the screen follows without a key press. The hint bar
# offers cancel only while the order's status allows it (PAID,
# ACCEPTED), as the order service's status machine does.
shop_act accept "$ID" 20
expect 10 "접수완료 ACCEPTED" "accepted shows live"
check "with an ETA" see "도착 예정"
check "the hint bar offers cancel while ACCEPTED" hint_has "c 주문 취소"
expect 10 "🔔" "a new notification is announced"
shop_act cook "$ID"
expect 10 "조리중 COOKING" "cooking shows live"
check "the hint bar offers no cancel while COOKING" \
    wait_for 5 hint_lacks "주문 취소"
keys c
expect 5 "취소할 수 없습니다" "c while cooking says it can no longer be cancelled"
check "without asking first" unseen "취소할까요"
check_eq "and the order is still COOKING" COOKING \
    "$(jbd minji call view status "{\"order_id\":$ID}" | jq -r .status)"
check "tracking shows the note to the shop" see "가게 요청: 덜 맵게 해주세요"
check "... and the one to the rider" see "라이더 요청: 문 앞에 두고 벨 눌러주세요"
shop_act ready "$ID"
expect 10 "조리완료 READY" "ready (조리완료) shows live"
check "a delivery's progress has no pickup step" unseen "픽업완료"
shop_act dispatch "$ID"
expect 10 "배달중 DELIVERING" "delivering shows live"
check "the hint bar offers no cancel while DELIVERING" hint_lacks "주문 취소"
shop_act delivered "$ID"
expect 10 "배달완료 DELIVERED" "delivered shows live"
check "the hint bar offers no cancel once DELIVERED" hint_lacks "주문 취소"

# A pickup (포장): READY says to come and get it, then PICKED_UP.
PID1=$(jbd minji call order place '{"shop_id":"chicken","kind":"pickup","items":[{"item_id":"fried","qty":1}],"card":"4111111111111111"}' | jq .order_id)
keys o
expect 10 "#$PID1" "the orders screen lists the pickup order"
keys g Enter
expect 10 "포장 주문 · 가게에서 찾아가세요" "a pickup order says so"
shop_act accept "$PID1" 15
shop_act cook "$PID1"
shop_act ready "$PID1"
expect 10 "조리완료 READY · 가게에서 찾아가세요" "a ready pickup says to come and get it"
bd chicken_owner shop picked-up "$PID1" >/dev/null
expect 10 "픽업완료 PICKED_UP" "picked up shows live"
# A rejection's reason code, in Korean.
RID=$(jbd minji call order place '{"shop_id":"chicken","items":[{"item_id":"fried","qty":1}],"address":"서울시 마포구 1","card":"4111111111111111"}' | jq .order_id)
keys o
expect 10 "#$RID" "the orders screen lists the next order"
keys g Enter
expect 10 "결제완료 PAID" "it opens"
bd chicken_owner shop reject "$RID" --code TOO_BUSY >/dev/null
expect 10 "거절됨 REJECTED" "a rejection shows live"
check "with its reason code in Korean" see "사유: 주문이 많아 지금은 조리가 어려워요"

# Pay by virtual account (가상계좌): a bank, a refund account, then the
# account to pay into while the order waits for the deposit. The
# built-in gateway has no virtual accounts: the fake gateway plays one.
stop "$DAEMON"
expect 10 "서버에 연결할 수 없습니다" "the backend goes away to come back with a gateway"
start_fake
start_daemon --pg-url "$FAKE_URL"
check "the app is back online" wait_for 20 unseen "서버에 연결할 수 없습니다"
keys s
expect 5 "가게 목록" "s goes to the shops for a virtual account order"
keys g Enter
expect 5 "바삭치킨 · 치킨" "바삭치킨's menu"
keys g Enter
expect 5 "기본 가격 18,000원" "후라이드치킨's options"
keys Enter
expect 5 "장바구니에 담았습니다: 후라이드치킨 ×1" "it goes into the cart"
keys b Enter
expect 5 "1/6 주문 방식" "checkout again"
keys Enter Enter Enter Enter
expect 5 "5/6 카드 번호" "at the payment step"
keys Tab
expect 5 "가상계좌 · 입금 은행 < 신한 (88) >" "Tab chooses a virtual account"
keys Right
expect 5 "< 우리 (20) >" "Right chooses another bank"
keys Enter
expect 5 "6/7 환불 계좌" "a virtual account asks for a refund account"
keys Enter
check "an empty refund account is refused" see "6/7 환불 계좌"
tm send-keys -t app -l "88"
keys Tab
tm send-keys -t app -l "110123456789"
keys Tab
tm send-keys -t app -l "김민지"
expect 5 "환불 계좌 88 110123456789 김민지" "the refund account is checked as typed"
keys Enter
expect 5 "7/7 확인" "then the confirmation"
check "it names the bank and the refund account" see "가상계좌  우리 입금 · 환불 110123456789 김민지"
keys Enter
expect 10 "입금대기 AWAITING_DEPOSIT" "the order waits for the deposit"
check "with the account to pay into and its due time" see "입금 계좌: "
check "... and its due time" see "입금 기한"
VID=$(screen | grep -o '주문 #[0-9]*' | head -1 | tr -dc 0-9)
check_eq "the backend has it waiting, with the refund account" \
    "AWAITING_DEPOSIT" "$(jbd minji call view status "{\"order_id\":${VID:-0}}" | jq -r .status)"

# The inbox: unread notifications, then read.
unseen "알림 0 " && ok "the header counts unread notifications" || fail "no unread count"
keys i
expect 5 "주문이 접수되었습니다" "the inbox lists the notifications"
expect 5 "알림 0 " "opening the inbox marks them read"

# Resize: the layout follows the size, nothing is left behind.
keys s
expect 5 "가게 목록" "back to the shops"
wait_for 6 unseen "🔔" # let the last notice expire
before=$(screen | head -n 28)
tm resize-window -t app -x 60 -y 20
wait_for 5 row_has 바삭치킨 15,000원
check "at 60x20 the rows are laid out for 60 columns" row_has 바삭치킨 15,000원
check_eq "at 60x20 the header is intact" 1 "$(screen | head -1 | grep -c 'baedal 배달')"
check_eq "at 60x20 the screen has 20 rows" 20 "$(screen | wc -l)"
tm resize-window -t app -x 100 -y 30
wait_for 5 same_as_before
check_eq "back at 100x30 the screen is as before (no garbage)" "$before" "$(screen | head -n 28)"

# The backend goes away: a banner; a second app started meanwhile runs
# (and exits by itself after --exit-after); both recover when it returns.
stop "$DAEMON"
expect 10 "서버에 연결할 수 없습니다" "a banner says the backend is unreachable"
tm new-session -d -s exitrun -x 80 -y 24 "$APP --exit-after 40 2>>$T/customer-exit.log; echo \$? >$T/exit.rc"
if wait_for 5 see "서버에 연결할 수 없습니다" exitrun; then
	ok "the app starts while the backend is down"
else fail "no banner in an app started while the backend is down"; fi
start_daemon
expect 20 "● 연결됨" "the app recovers by itself"
check "the banner is gone" unseen "서버에 연결할 수 없습니다"
check "and it said so" wait_for 5 see "다시 연결되었습니다"
wait_for 30 gone exitrun
check_eq "--exit-after ends the app with status 0" 0 "$(cat "$T/exit.rc" 2>/dev/null)"

# After the restart: cancel an order while it is PAID.
ID2=$(jbd minji call order place '{"shop_id":"chicken","items":[{"item_id":"fried","qty":1}],"address":"서울시 마포구 1","card":"4111111111111111"}' | jq .order_id)
keys o
expect 10 "#$ID2" "the orders screen lists the new order"
keys g Enter
expect 5 "주문 #$ID2" "Enter opens it"
expect 10 "결제완료 PAID" "it is PAID"
keys c
expect 5 "주문 #$ID2을(를) 취소할까요" "c asks first (a yes/no dialog)"
keys z
expect 5 "y 또는 n을 눌러 주세요" "another key asks for y or n"
check "... the question stays" see "취소할까요"
keys y
expect 10 "취소됨 CANCELLED" "cancel while PAID shows CANCELLED"
check "the reason is shown once" see "취소 사유: 고객 요청으로 취소했어요"
check "... without who cancelled said again" unseen "(customer)"
expect 10 "환불 완료" "and the refund"
check_eq "the backend has it CANCELLED" CANCELLED \
    "$(jbd minji call view status "{\"order_id\":$ID2}" | jq -r .status)"

# One shop per order: another shop's item asks before the cart is emptied.
# Enter on a size not chosen yet chooses it (a second Enter adds).
keys s
expect 5 "가게 목록" "s goes to the shops"
keys g Enter
expect 5 "바삭치킨 · 치킨" "바삭치킨's menu again"
keys g j j j Enter Enter
expect 5 "장바구니에 담았습니다: 치즈볼(5개) ×1" "typed ahead, Enter Enter adds an item"
check "the status line says how much is missing for the minimum order" \
    wait_for 8 see "바삭치킨 · 10,000원 더 담아야 주문할 수 있어요"
# A shop that closes while its menu is open takes nothing more.
bd chicken_owner shop close >/dev/null
expect 5 "· 준비중" "the menu shows the shop closing, live"
keys Enter
expect 5 "준비중이라 담을 수 없습니다" "a closed shop's item is not put in the cart"
check "no options dialog opened for it" unseen "기본 가격"
bd chicken_owner shop open >/dev/null
check "the menu shows the shop open again" wait_for 5 unseen "· 준비중"
keys Escape
expect 5 "가게 목록" "Esc goes back to the shops"
keys g j j Enter j j Enter
expect 5 "기본 가격 15,000원" "typed ahead, 홍콩반점's 탕수육 opens its options"
keys j j Enter
expect 5 "(*) 대" "Enter on a size not chosen yet chooses it"
expect 5 "합계 25,000원" "and prices it"
check "without adding it yet" unseen "탕수육 ×1"
keys Enter
expect 5 "장바구니 바꾸기" "another shop's item asks before emptying the cart"
check "naming the shop in the cart" see "바삭치킨의 메뉴 1개"
keys n
expect 5 "기본 가격 15,000원" "n goes back to the options"
expect 6 "장바구니 1개 · 합계 8,000원 · 바삭치킨" "and keeps the cart"
keys Enter y
expect 5 "장바구니에 담았습니다: 탕수육 ×1 · 대" "y replaces the cart, with the size"
expect 6 "장바구니 1개 · 합계 27,500원 · 홍콩반점" "the cart is 홍콩반점's now"

# A narrow terminal leaves out columns before it cuts names.
tm resize-window -t app -x 40 -y 12
wait_for 5 row_has 홍콩반점 "12,000원"
check "at 40x12 the shops show whole names and prices" row_has 홍콩반점 "12,000원"
check "at 40x12 the header keeps the unread count" header_has '알림 [0-9]'
keys b
expect 5 "합계" "at 40x12 the cart shows its totals"
check "at 40x12 cart lines keep their names" row_has 탕수육 "25,000원"
tm resize-window -t app -x 100 -y 30
keys q
expect 5 "종료할까요" "q with a full cart asks first"
keys n
check "n keeps the app running" wait_for 5 unseen "종료할까요"
check "... with the cart" see "탕수육"
keys x y
expect 5 "장바구니가 비어 있습니다" "x y empties the cart"

# Another role: an article that fits ("an admin"), and a refusal in
# plain words, without the backend's English.
tm new-session -d -s adm -x 100 -y 30 "$APP --user admin 2>>$T/customer-adm.log"
check "a non-customer is told what it is, with 'an'" \
    wait_for 10 see "admin은(는) 고객이 아닌 admin 계정입니다" adm
ID3=$(jbd minji call order place '{"shop_id":"chicken","items":[{"item_id":"fried","qty":1}],"address":"서울시 마포구 1","card":"4111111111111111"}' | jq .order_id)
tm send-keys -t adm o
check "admin's orders list the new order" wait_for 10 see "#$ID3" adm
tm send-keys -t adm g Enter
check "... and it opens" wait_for 10 see "결제완료 PAID" adm
tm send-keys -t adm c y
check "a refused cancel is said in plain Korean" \
    wait_for 5 see "이 계정으로는 할 수 없습니다" adm
check "... with no English 'forbidden'" sh -c "! tmux -L $TM capture-pane -p -t adm | grep -q forbidden"
tm kill-session -t adm
jbd minji cancel "$ID3" >/dev/null

# A terminal that cannot move the cursor: exit 2 at once, saying why. A
# locale without UTF-8: fall back on C.UTF-8, so Hangul still shows.
tm new-session -d -s dumb -x 80 -y 24 "env TERM=dumb LANG=C.UTF-8 $BIN/baedal-customer --home $HOME_DIR --connect $FRONT --user minji 2>$T/dumb.err; echo \$? >$T/dumb.rc"
check "TERM=dumb ends the app at once" wait_for 10 test -s "$T/dumb.rc"
check_eq "... with status 2" 2 "$(cat "$T/dumb.rc" 2>/dev/null)"
check "... saying the terminal cannot move the cursor" grep -q "커서를 움직일 수 없습니다" "$T/dumb.err"
tm new-session -d -s clocale -x 100 -y 30 "env TERM=xterm-256color LANG=C LC_ALL=C $BIN/baedal-customer --home $HOME_DIR --connect $FRONT --user minji 2>>$T/customer-clocale.log"
check "LANG=C falls back on UTF-8: Hangul shows, not garbage" \
    wait_for 10 see "바삭치킨" clocale
tm kill-session -t clocale

# Ctrl-C and SIGTERM end the app cleanly too.
tm new-session -d -s sig1 -x 80 -y 24 "$APP 2>>$T/customer-sig1.log; echo \$? >$T/sig1.rc"
wait_for 10 see "● 연결됨" sig1
tm send-keys -t sig1 C-c
wait_for 10 gone sig1
check_eq "Ctrl-C quits with status 0" 0 "$(cat "$T/sig1.rc" 2>/dev/null)"
tm new-session -d -s sig2 -x 80 -y 24 "$APP 2>>$T/customer-sig2.log; echo \$? >$T/sig2.rc"
wait_for 10 see "● 연결됨" sig2
pid=$(pgrep -P "$(tm list-panes -t sig2 -F '#{pane_pid}')" -f baedal-customer)
kill -TERM $pid
wait_for 10 gone sig2
check_eq "SIGTERM quits with status 0" 0 "$(cat "$T/sig2.rc" 2>/dev/null)"

# Quit: the app ends cleanly.
keys q
wait_for 10 gone app
check_eq "q quits with status 0" 0 "$(cat "$T/app.rc" 2>/dev/null)"
if grep -q -E 'Sanitizer|runtime error' "$T"/customer*.log 2>/dev/null; then
	fail "sanitizer reports from baedal-customer"
	head -40 "$T"/customer*.log
else ok "no sanitizer reports from baedal-customer"; fi
finish
