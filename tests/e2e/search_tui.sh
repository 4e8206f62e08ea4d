# search_tui.sh: the `/` search line and reviews in the apps (tmux).
# baedal-customer: the shop list and the menu filter as one types, by
# substring and by initial consonants (ㅊㅋ finds 바삭치킨), Esc clears,
# Enter keeps; the menu shows the shop's average and latest reviews; a
# delivered order offers a review (stars with the arrow keys, words with
# the line editor), once.
. "$(dirname "$0")/lib.sh"

TM="bds$$"
TMUX_TMPDIR=$T
export TMUX_TMPDIR
tm() { tmux -L "$TM" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; cleanup' EXIT

APP="env TERM=xterm-256color LANG=C.UTF-8 $BIN/baedal-customer --home $HOME_DIR --connect $FRONT --user minji"

screen() { tm capture-pane -p -t "${1:-app}"; }
see() { screen "${2:-app}" | grep -q -F -- "$1"; }
unseen() { ! see "$1" "${2:-app}"; }
hint_has() { screen "${2:-app}" | tail -n 1 | grep -q -F -- "$1"; }
keys() { tm send-keys -t app "$@"; }
type_text() { tm send-keys -t app -l "$1"; }
expect() {
	if wait_for "$1" see "$2" "${4:-app}"; then ok "$3"
	else fail "$3 (no '$2' on screen)"; screen "${4:-app}" | sed 's/^/    # /'; fi
}
expect_gone() {
	if wait_for "$1" unseen "$2" "${4:-app}"; then ok "$3"
	else fail "$3 ('$2' still on screen)"; screen "${4:-app}" | sed 's/^/    # /'; fi
}

start_daemon
wait_for 10 shops_ready
tm new-session -d -s app -x 100 -y 30 "$APP 2>>$T/customer.log"
expect 10 "엄마손분식" "the shops screen lists the shops"
check "the hint bar offers / search" hint_has "/ 검색"

keys /
expect 5 "4/4개" "/ opens the search line, every shop shown"
type_text "ㅊㅋ"
expect_gone 5 "엄마손분식" "ㅊㅋ filters as one types"
check "... and keeps 바삭치킨" see "바삭치킨"
check "... one of four" see "1/4개"
keys Escape
expect 5 "엄마손분식" "Esc clears the search: every shop again"
check "... and closes the line" unseen "4/4개"
keys /
type_text "홍콩"
expect_gone 5 "바삭치킨" "a plain substring filters too"
keys BSpace BSpace
expect 5 "바삭치킨" "Backspace edits the query and the list follows"
type_text "ㅂㅅ"
expect_gone 5 "홍콩반점" "ㅂㅅ finds 바삭치킨 and 엄마손분식 (분식)"
check "... two of four" see "2/4개"
keys Enter j k
# Were the line still edited, j and k would be typed into the query.
wait_for 3 see "jk" || true
check "Enter keeps the filter and ends the editing (j k move the list)" see "2/4개"
keys Enter
expect 5 "후라이드치킨" "and the list keys act on what is shown: Enter opens 바삭치킨"

check "the shop's page shows its average" see "★4.7 (리뷰 3개)"
check "... and its latest reviews" see "최근 리뷰"
check "... with the owner's reply" see "사장님: 감사합니다"
keys /
type_text "ㅊㅈ"
expect_gone 5 "후라이드치킨" "the menu filters by initial consonants (ㅊㅈ)"
check "... keeping 치즈볼" see "치즈볼(5개)"
keys Escape
expect 5 "후라이드치킨" "Esc clears the menu's search"
keys /
type_text "양ㄴ"
expect_gone 5 "후라이드치킨" "a mixed query (양ㄴ) filters"
check "... to 양념치킨" see "양념치킨"
keys Escape

# A review after delivery.
O=$(place_paid)
act() { jbd chicken_owner shop "$1" "$O" >/dev/null; }
keys o
expect 5 "#$O" "the orders screen lists the new order"
keys Enter
expect 5 "주문 추적" "its tracking screen opens"
no_review_hint() { ! hint_has "w 리뷰"; }
check "a paid order offers no review" no_review_hint
act accept; act cook; act dispatch; act delivered
expect 10 "리뷰를 남겨 주세요" "once delivered, a review is offered"
check "... in the hint bar" hint_has "w 리뷰"
keys w
expect 5 "어떠셨나요" "w opens the review dialog"
check "five stars to start" see "★★★★★  5/5"
keys Left Left
expect 5 "★★★☆☆  3/5" "Left takes stars away"
keys Right Left Left Left Left Left
expect 5 "★☆☆☆☆  1/5" "... not below one"
keys Right Right
type_text "정말 맛있어요"
expect 5 "정말 맛있어요" "the words go into the line editor"
keys Enter
expect 5 "리뷰를 남겼습니다" "Enter sends the review"
expect 5 "내 리뷰 ★★★☆☆ 정말 맛있어요" "the order shows its review"
check_eq "the backend holds it" "3|정말 맛있어요" \
    "$(jbd minji status "$O" | jq -r '"\(.review.rating)|\(.review.text)"')"
check "no second review is offered" no_review_hint
keys w
expect 5 "한 번 리뷰를" "w again says once"

# baedal-shop: the menu's search line, and the reviews screen's replies.
tm new-session -d -s shop -x 120 -y 30 "env TERM=xterm-256color LANG=C.UTF-8 $BIN/baedal-shop --home $HOME_DIR --connect $FRONT --user chicken_owner 2>>$T/shop.log"
skeys() { tm send-keys -t shop "$@"; }
expect 10 "baedal-shop · 바삭치킨" "the shop console starts" shop
check "its hint bar offers reviews" hint_has "리뷰" shop
skeys m
expect 5 "메뉴 관리" "m opens the menu screen" shop
check "its hint bar offers / search" hint_has "검색" shop
skeys /
expect 5 "5/5개" "/ opens the menu's search line" shop
tm send-keys -t shop -l "ㅊㅈ"
expect_gone 5 "후라이드치킨" "ㅊㅈ filters the shop's menu" shop
check "... to 치즈볼" see "치즈볼(5개)" shop
check "... one of five" see "1/5개" shop
skeys Escape
expect 5 "후라이드치킨" "Esc clears it" shop
skeys / 
tm send-keys -t shop -l "콜라"
expect_gone 5 "후라이드치킨" "a plain substring filters" shop
skeys Enter Space
expect 5 "콜라 1.25L 품절" "Enter keeps the filter; Space asks how long to sell out the one shown" shop
skeys Enter
expect 5 "콜라 1.25L: 품절" "... Enter sells it out until put back on sale" shop
check_eq "the backend holds it" true     "$(jbd minji menu chicken | jq '.menu[] | select(.id == "cola") | .sold_out')"
skeys Escape v
expect 5 "리뷰 관리" "v opens the reviews screen" shop
check "it shows the average over every review" see "$(jbd minji reviews chicken | jq -r '"★\(.average) (리뷰 \(.count)개)"')" shop
waits_reply() { screen shop | grep -F '정말 맛있어요' | grep -q '답글 없음'; }
check "the newest first, waiting for a reply" waits_reply
skeys Enter
expect 5 "리뷰 $(jbd minji status "$O" | jq -r .review.review_id)에 답글" "Enter opens the reply dialog" shop
tm send-keys -t shop -l "고맙습니다"
skeys Enter
expect 5 "답글을 달았습니다" "Enter sends the reply" shop
expect 5 "└ 고맙습니다" "the list shows it" shop
expect 10 "사장님: 고맙습니다" "and the customer sees it on the order, live"
skeys Enter
expect 5 "이미 답글을 단" "a second reply is not offered" shop
check_eq "the backend holds one reply" "고맙습니다" "$(jbd minji status "$O" | jq -r .review.reply)"
finish
