# customer_addresses_tui.sh: keeping saved addresses from baedal-customer's
# checkout in a real terminal (tmux): F2 at the address step saves a typed
# address under a label (회사) typed in the line editor, Tab making it the
# default; F3 lists them, where `*` makes one the default, `d` deletes one
# after a yes/no question (no keeps it) and Enter uses one. A label too
# long, an empty one and an eleventh address are refused in Korean and
# change nothing. Every change is checked with `baedal address list`.
. "$(dirname "$0")/lib.sh"

tmux_begin bda

S=addr
shown() { tm capture-pane -p -t "$S"; }
has() { shown | grep -q -F -- "$1"; }
lacks() { ! has "$1"; }
hint_has() { shown | tail -n 1 | grep -q -F -- "$1"; }
press() { tm send-keys -t "$S" "$@"; }
expect() {
	if wait_for "$1" has "$2"; then ok "$3"
	else fail "$3 (no '$2' on screen)"; shown | sed 's/^/    # /'; fi
}
# saved JQ: jq over minji's saved addresses (baedal address list --json).
saved() { jbd minji address list | jq -r "$1"; }
labels() { saved '[.addresses[].label] | join(",")'; }
# addr_cols: the display columns where the list's addresses (서울시 …)
# start, distinct ones joined by spaces.
addr_cols() {
	shown | grep -F -e '* ' -e '  ' | grep -F -e '집' -e '회사' | "$PY" -c '
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(" ".join(sorted({str(w(l[:l.index("서울시")])) for l in sys.stdin if "서울시" in l})))'
}

start_daemon
wait_for 10 orders_ready
bd minji address add 집 '서울시 마포구 월드컵로 10' >/dev/null
jbd minji order chicken friedx1 --address '서울시 마포구 월드컵로 10' \
    --card 4111111111111111 >/dev/null

tm new-session -d -s "$S" -x 110 -y 40 "env TERM=xterm-256color LANG=C.UTF-8 $BIN/baedal-customer --home $HOME_DIR --connect $FRONT --user minji 2>>$T/app.log"
expect 10 "● 연결됨" "the app connects"
press o
expect 5 "1–1번째 주문" "the order history"
press r
expect 5 "장바구니로 갈까요?" "r puts the order into the cart"
press y
expect 5 "배달 · 장바구니" "the cart"
press Enter
expect 5 "1/6 주문 방식" "the checkout starts"
press Enter
expect 5 "서울시 마포구 월드컵로 10" "the address step holds the default (집)"
check "the hint bar offers saving the address (F2)" hint_has "주소 저장"
check "... and the saved addresses (F3)" hint_has "주소 목록"
check "the step says so too" has "F2 저장, F3 목록"

# ---- F2: save a typed address as 회사, the default -----------------------
press C-u
press -l '서울시 강남구 테헤란로 2'
expect 5 "서울시 강남구 테헤란로 2" "a new address is typed"
press F2
expect 5 "주소 저장" "F2 asks for a label"
check "the hint bar shows the dialog's keys" hint_has "기본"
check "not the default unless asked" has "[ ] 기본 주소로"
press Enter
expect 5 "라벨을 입력해 주세요" "an empty label is refused, in Korean"
check_eq "... and nothing is saved" "집" "$(labels)"
press -l '회사회사회사회사회사회사회사회사회사회사회'
expect 5 "너무 깁니다" "a label of 21 characters is said to be too long"
press Enter
check_eq "... and is not saved" "집" "$(labels)"
press C-u
press -l '회사'
press Tab
expect 5 "[x] 기본 주소로" "Tab makes it the default"
press Enter
expect 5 "'회사'(으)로 저장했습니다" "Enter saves it"
check_eq "baedal address list has 회사 with the typed address" \
    "서울시 강남구 테헤란로 2" "$(saved '.addresses[] | select(.label == "회사") | .address')"
check_eq "... as the default" "회사" "$(saved .default)"
expect 5 "회사 기본 (2/2)" "the checkout shows the field is the saved 회사"

# ---- F3: make one the default, delete one -------------------------------
press F3
expect 5 "저장된 주소" "F3 lists the saved addresses"
check "both of them, with how many may be kept" has "2/10곳"
check "the default is starred" sh -c "tmux -L $TM capture-pane -p -t $S | grep -F '회사' | grep -q -F '* 회사'"
check "the hint bar shows the list's keys" hint_has "지우기"
check "the addresses line up whatever the label's width (one column: $(addr_cols))" \
    test "$(addr_cols | wc -w)" = 1
press k '*'
expect 5 "'집'이(가) 기본 주소입니다" "* makes 집 the default"
check_eq "baedal address list says 집 is the default" "집" "$(saved .default)"
press j d
expect 5 "이 주소를 지울까요?" "d asks before deleting"
check "... naming the address" has "회사 · 서울시 강남구 테헤란로 2"
press n
expect 5 "2/10곳" "n keeps it"
check_eq "... both are still saved" "집,회사" "$(labels)"
press d
expect 5 "이 주소를 지울까요?" "d asks again"
press y
expect 5 "1/10곳" "y deletes it"
check_eq "baedal address list has only 집" "집" "$(labels)"
press Enter
expect 5 "집 기본 (1/1)" "Enter uses the selected address at checkout"

# ---- the eleventh address is refused -------------------------------------
i=2
while [ $i -le 10 ]; do
	bd minji address add "곳$i" "서울시 중구 $i" >/dev/null
	i=$((i + 1))
done
check_eq "ten saved through the CLI" 10 "$(saved '.addresses | length')"
press F3
expect 5 "10/10곳" "the list counts the CLI's ones (read again)"
press Escape
press C-u
press -l '서울시 종로구 11'
press F2
expect 5 "주소 저장" "F2 again"
press -l '열한번째'
press Enter
expect 5 "주소는 10곳까지 저장할 수 있습니다" "an eleventh is refused with limit_reached, in Korean"
check_eq "... and changes nothing" 10 "$(saved '.addresses | length')"
press Escape
expect 5 "서울시 종로구 11" "Esc goes back to the typed address"
finish
