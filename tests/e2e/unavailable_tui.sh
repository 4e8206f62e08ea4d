# unavailable_tui.sh: lines the shop cannot make, in the apps (tmux):
# baedal-shop's s key on an order's detail opens a checklist of its lines;
# Space checks one, Enter sends it (store.unavailable): the line shows as
# 품절 · 환불 and the total goes down; nothing checked sends nothing; a
# cooking order says why not. baedal-customer's order screen shows the
# removed line and the refunded amount.
. "$(dirname "$0")/lib.sh"

command -v tmux >/dev/null || { fail "tmux is not installed"; finish; }
TM="bdlu$$"
TMUX_TMPDIR=$T
export TMUX_TMPDIR
tm() { tmux -L "$TM" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; cleanup' EXIT

screen() { tm capture-pane -p -t "$1"; }
see() { screen "$1" | grep -q -F -- "$2"; }
keys() { s=$1; shift; tm send-keys -t "$s" "$@"; }
expect() {
	if wait_for "$1" see "$2" "$3"; then ok "$4"
	else fail "$4 (no '$3' on screen)"; screen "$2" | sed 's/^/    # /'; fi
}
total_is() { [ "$(jbd minji status "$1" | jq -r .total)" = "$2" ]; }
run() {
	tm new-session -d -s "$1" -x 120 -y 40 \
	    "env TERM=xterm-256color LANG=C.UTF-8 $BIN/$2 --home $HOME_DIR --connect $FRONT --user $3 2>>$T/$1.log"
}

start_daemon
wait_for 10 shops_ready
# 18,000 + 2,500 + 5,000 + the delivery fee 3,000 = 28,500.
O=$(jbd minji order chicken fried cola cheeseball --address '서울시 마포구 1' \
    --card 4111111111111111 | jq -r .order_id)
wait_for 5 total_is "$O" 28500

run shop baedal-shop chicken_owner
expect 10 shop "#$O" "the console lists the order"
keys shop 1 g Enter
expect 5 shop "1. 후라이드치킨 x1" "the detail numbers the lines"
keys shop s
expect 5 shop "주문 #$O 품절 처리" "s opens the checklist"
check "it lists every line with its amount" sh -c "tmux -L $TM -f /dev/null capture-pane -p -t shop | grep -F '2. 콜라 1.25L x1' | grep -q -F '2,500원'"
keys shop Enter
expect 5 shop "골라 주세요" "Enter with nothing checked asks for a line"
check_eq "and sends nothing" 28500 "$(jbd minji status "$O" | jq -r .total)"
keys shop j Space Enter
wait_for 10 total_is "$O" 26000 && ok "Space on line 2, Enter: 2,500 off" || fail "total: $(jbd minji status "$O" | jq -c '{total,refunded}')"
expect 10 shop "2. 콜라 1.25L x1 (품절 · 환불)" "the detail marks the line"
check_eq "the view has line 2 removed" "false,true,false" \
    "$(jbd minji status "$O" | jq -r '[.items[] | .removed == true] | map(tostring) | join(",")')"

# The customer's order screen.
run cust baedal-customer minji
keys cust o
expect 10 cust "#$O" "the customer's orders list it"
keys cust g Enter
expect 10 cust "품절 (환불)" "the order shows the removed line"
check "and the refunded amount" sh -c "tmux -L $TM -f /dev/null capture-pane -p -t cust | grep -F '품절 환불' | grep -q -F '2,500원'"
check "and the new total" sh -c "tmux -L $TM -f /dev/null capture-pane -p -t cust | grep -F '합계' | grep -q -F '26,000원'"

# Cooking: refused with a reason, no dialog.
bd chicken_owner shop accept "$O" >/dev/null
bd chicken_owner shop cook "$O" >/dev/null
keys shop 4 g
expect 10 shop "조리중" "the console shows it cooking (all orders)"
keys shop s
expect 5 shop "품절 처리할 수 없습니다" "s on a cooking order says why not"
keys shop q
keys cust q
finish
