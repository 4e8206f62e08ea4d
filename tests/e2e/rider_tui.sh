# rider_tui.sh: baedal-rider, the rider's app, driven in a real terminal
# (tmux): the ready deliveries nearest first with their distance, claim,
# picked up and delivered from the keys (the customer sees each, in
# baedal-customer too), a
# delivery another rider takes leaving the list live, the help on ?,
# quitting on q, and who may not run it.
. "$(dirname "$0")/lib.sh"

command -v tmux >/dev/null || { fail "tmux is not installed"; finish; }
SOCK="bdlr$$"
TM="tmux -L $SOCK -f /dev/null"
RIDER_BIN=$BIN/baedal-rider
trap '$TM kill-server 2>/dev/null; cleanup' EXIT

cat >"$T/rider.sh" <<EOF
#!/bin/sh
name=\$1; shift
"$RIDER_BIN" --home "$HOME_DIR" --connect "$FRONT" "\$@" 2>>"$T/rider-\$name.log"
echo \$? >"$T/rider-\$name.rc"
EOF
app() {
	name=$1; shift
	$TM new-session -d -s "$name" -x 120 -y 30 \
	    "env TERM=xterm-256color LANG=C.UTF-8 sh $T/rider.sh $name $*"
}
screen() { $TM capture-pane -p -t "$1" 2>/dev/null; }
shows() { screen "$1" | grep -E -q -- "$2"; }
keys() { s=$1; shift; $TM send-keys -t "$s" "$@"; }
exited() { [ -s "$T/rider-$1.rc" ]; }
dstat() { jbd admin call delivery get "{\"order_id\":$1}" | jq -r "$2"; }
ostatus_is() { [ "$(jbd minji status "$1" | jq -r .status)" = "$2" ]; }

start_daemon
wait_for 10 shops_ready
check "--help exits 0" "$RIDER_BIN" --help
"$RIDER_BIN" --at nowhere >/dev/null 2>&1
check_eq "a bad --at exits 2" 2 $?

app C --user minji
check "a customer cannot run the app" wait_for 10 exited C
check_eq "... status 1" 1 "$(cat "$T/rider-C.rc")"
check "... saying why" grep -q '라이더가 아닙니다' "$T/rider-C.log"

A=$(ready_order)
app R --user rider1 --at 37.5563,126.9220
wait_for 10 shows R "#$A .*바삭치킨 .*0\.0km .*픽업 대기" && ok "a ready delivery shows with its shop and distance" || { fail "no row for #$A"; screen R | sed 's/^/    # /'; }
check "the title names the rider and the list" shows R "라이더 · rider1 · 픽업 대기"
B=$(ready_order)
wait_for 10 shows R "#$B " && ok "a delivery made ready later appears by itself" || fail "no row for #$B"

keys R '?'
wait_for 5 shows R "도움말" && ok "? shows the help" || fail "no help"
check "the help lists claim" shows R "고른 배달을 맡습니다"
keys R Escape
wait_for 5 sh -c "! $TM capture-pane -p -t R | grep -q '고른 배달을 맡습니다'" && ok "any key takes the help down" || fail "help still up"

# Another rider takes B meanwhile; A, listed first, is claimed from the app.
check_eq "rider2 claims #$B from the CLI" ASSIGNED "$(jbd rider2 rider claim "$B" | jq -r .status)"
keys R g
keys R c
wait_for 5 shows R "#$A .*가게로 이동" && ok "c claims the first delivery and shows mine" || { fail "claim not shown"; screen R | sed 's/^/    # /'; }
check_eq "the delivery is rider1's" "ASSIGNED|rider1" "$(dstat "$A" '"\(.status)|\(.rider_id)"')"
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json status $A | jq -e '.delivery.rider_id == \"rider1\"'" \
    && ok "the customer sees the rider" || fail "customer does not see rider1"
keys R 1
wait_for 5 shows R "픽업 대기 \(가까운 순\)" || fail "tab 1 not shown"
check "#$B, taken, is not listed" sh -c "! $TM capture-pane -p -t R | grep -q '#$B '"
keys R 2
wait_for 5 shows R "#$A .*가게로 이동" || fail "mine not shown"

keys R p
wait_for 5 shows R "#$A .*배달 중" && ok "p marks it picked up" || fail "not picked up on screen"
wait_for 5 ostatus_is "$A" DELIVERING && ok "the order follows: DELIVERING" || fail "order not DELIVERING"
keys R d
wait_for 5 shows R "배달 완료" && ok "d marks it delivered" || fail "no delivered notice"
wait_for 5 ostatus_is "$A" DELIVERED && ok "the order follows: DELIVERED" || fail "order not DELIVERED"
wait_for 5 shows R "맡은 배달이 없습니다" && ok "nothing is left in mine" || fail "mine not empty"

# A delivery another rider takes leaves the list by itself.
C2=$(ready_order)
keys R 1
wait_for 10 shows R "#$C2 " && ok "a new ready delivery appears" || fail "no row for #$C2"
# The customer follows it in baedal-customer.
$TM new-session -d -s cust -x 100 -y 30 "env TERM=xterm-256color LANG=C.UTF-8 $BIN/baedal-customer --home $HOME_DIR --connect $FRONT --user minji 2>>$T/customer.log"
wait_for 10 shows cust "." || fail "no customer app"
keys cust o
wait_for 10 shows cust "#$C2" || fail "the customer's orders lack #$C2"
keys cust g Enter
wait_for 10 shows cust "배달 +대기 PENDING" && ok "the customer's app shows the delivery waiting" || { fail "no PENDING delivery"; screen cust | sed 's/^/    # /'; }
check_eq "rider2 takes #$C2" ASSIGNED "$(jbd rider2 rider claim "$C2" | jq -r .status)"
wait_for 10 shows cust "라이더 배정 ASSIGNED · 라이더 이배송" && ok "and the rider assigned, live" || { fail "no rider in the customer's app"; screen cust | sed 's/^/    # /'; }
wait_for 5 sh -c "! $TM capture-pane -p -t R | grep -q '#$C2 '" && ok "and it leaves rider1's list by itself" || fail "#$C2 still listed"
keys R c
wait_for 5 shows R "고를 배달이 없습니다" && ok "claiming with nothing listed says so" || { fail "no notice"; screen R | sed 's/^/    # /'; }
check_eq "and it stays rider2's" rider2 "$(dstat "$C2" .rider_id)"

keys R q
check "q quits" wait_for 5 exited R
check_eq "... with status 0" 0 "$(cat "$T/rider-R.rc")"
finish
