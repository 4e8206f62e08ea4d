# shop_alert.sh: baedal-shop's alerts that do not stop, in a real
# terminal (tmux, the raw output piped to a file): a new order rings,
# then rings again every --remind seconds until the owner looks at it;
# an order close to its auto-cancel escalates (a red notice and three
# bells in a row, repeated) until it is gone; --no-bell flashes instead,
# three flashes to escalate; and the sales screen ($).
. "$(dirname "$0")/lib.sh"

command -v tmux >/dev/null || { fail "tmux is not installed"; finish; }
SOCK="bdla$$"
TM="tmux -L $SOCK -f /dev/null"
trap '$TM kill-server 2>/dev/null; cleanup' EXIT
# Orders are auto-cancelled after 20 s: the red line is 4 s before.
start_daemon --auto-cancel-ms 20000
wait_for 10 shops_ready
wait_for 10 orders_ready

# console NAME ARGS: chicken's console under tmux, its output in
# $T/NAME.raw.
console() {
	name=$1; shift
	$TM new-session -d -s "$name" -x 120 -y 30 \
	    "env TERM=xterm-256color LANG=C.UTF-8 $BIN/baedal-shop --home $HOME_DIR --connect $FRONT --user chicken_owner $* 2>>$T/shop-$name.log"
	: >"$T/$name.raw"
	$TM pipe-pane -t "$name" "cat >>'$T/$name.raw'"
}
screen() { $TM capture-pane -p -t "$1" 2>/dev/null; }
shows() { screen "$1" | grep -E -q -- "$2"; }
keys() { s=$1; shift; $TM send-keys -t "$s" "$@"; }
bells() { tr -cd '\007' <"$T/$1.raw" | wc -c | tr -d ' '; }
# bursts NAME: the escalated pattern, three bells with nothing between.
bursts() { "$PY" -c "import sys; print(open(sys.argv[1], 'rb').read().count(b'\a\a\a'))" "$T/$1.raw"; }
flashes() { "$PY" -c "import sys; print(open(sys.argv[1], 'rb').read().count(b'\x1b[?5h'))" "$T/$1.raw"; }
at_least() { [ "$($1 "$2")" -ge "$3" ]; }
# sgr NAME TEXT: the colour escape the notice holding TEXT is drawn in.
sgr() { $TM capture-pane -e -p -t "$1" | grep -- "$2" | "$PY" -c "import re, sys; l = sys.stdin.read(); i = l.find(sys.argv[1]); print(re.findall(r'\x1b\[[0-9;]*m', l[:i])[-1:])" "$2"; }
place() { jbd minji order chicken friedx1 --address '서울시 1' --card 4111111111111111 | jq -r .order_id; }
status_is() { [ "$(jbd minji status "$1" | jq -r .status)" = "$2" ]; }

console A --remind 2
console B --remind 2 --no-bell
check "the consoles are live" wait_for 10 sh -c "$TM capture-pane -p -t A | grep -q 실시간 && $TM capture-pane -p -t B | grep -q 실시간"
O1=$(place)
check "a new order rings" wait_for 5 at_least bells A 1
check "--no-bell flashes instead" wait_for 5 at_least flashes B 1
check "the reminder comes" wait_for 6 shows A '확인하지 않은 새 주문 1건'
N=$(bells A)
check "and rings again every 2 s (after $N)" wait_for 6 at_least bells A $((N + 1))
N=$(bells A)
check "and again (after $N)" wait_for 6 at_least bells A $((N + 1))
REMIND_SGR=$(sgr A '확인하지 않은')
check_eq "nothing escalated yet" 0 "$(bursts A)"
check "close to its auto-cancel it escalates" wait_for 20 shows A '자동 취소 임박: 접수 대기 1건'
check "three bells in a row" wait_for 3 at_least bursts A 1
check "in another colour than the reminder ($REMIND_SGR)" \
    test "$(sgr A '자동 취소 임박')" != "$REMIND_SGR" -a -n "$REMIND_SGR"
check "and again while it waits" wait_for 4 at_least bursts A 2
check "--no-bell escalates with flashes only" wait_for 3 shows B '자동 취소 임박'
check_eq "--no-bell never rang" 0 "$(bells B)"
check "three flashes to escalate" test "$(flashes B)" -ge 4
check "the order is auto-cancelled" wait_for 15 status_is "$O1" CANCELLED
wait_for 5 shows A '취소' >/dev/null
N=$(bursts A)
sleep 4 # a window in which nothing may ring
check_eq "with nothing waiting the escalation stops" "$N" "$(bursts A)"

# Looking at a new order stops its reminder (it still escalates later).
O2=$(place)
check "a second order rings" wait_for 5 shows A "새 주문 #$O2"
keys A 1 g
check "the owner selects it" wait_for 5 shows A "#$O2"
N=$(bells A)
sleep 5 # two reminder periods, well before its red line
check_eq "looked at: no reminder" "$N" "$(bells A)"
jbd chicken_owner shop accept "$O2" >/dev/null
check "accepted" wait_for 5 status_is "$O2" ACCEPTED

# The sales screen.
keys A '$'
check "\$ opens the sales screen" wait_for 5 shows A '매출 · 서비스 현황 · 바삭치킨'
check "with today's orders" wait_for 5 shows A '주문 2건'
check "and the cancellation's reason" shows A '취소 사유'
keys A '?'
check "its keys are in the help" wait_for 5 shows A '하루 전'
keys A Escape
check "Esc closes the help" wait_for 5 sh -c "! $TM capture-pane -p -t A | grep -q '하루 전'"
keys A Escape 4
check "Esc goes back to the queue" wait_for 5 shows A "#$O2 "
check_fails "no sanitizer or error output" grep -q -E 'ERROR|runtime error' "$T/shop-A.log" "$T/shop-B.log"
finish
