# customer_history.sh: what customers expect, in baedal-customer in a real
# terminal (tmux): the ETA counting down on the tracking screen (the text
# changes as time passes) and "조금 늦어지고 있어요" once it has passed,
# "준비 완료 예정" for a pickup; the order history with dates (KST) and
# pages, a receipt per order; reorder with a changed price and a sold-out
# item left out with a message; saved addresses chosen at checkout.
. "$(dirname "$0")/lib.sh"

TM="bdh$$"
TMUX_TMPDIR=$T
export TMUX_TMPDIR
tm() { tmux -L "$TM" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; cleanup' EXIT

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
expect 10 "● online" "the app connects"
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
