# away.sh: auto-pause. With --auto-pause-ms, a shop none of whose owner's
# consoles has been connected that long takes no orders (shop_paused, so
# they are not taken only to be auto-cancelled), and takes them again
# once a console connects; without the flag nothing is ever auto-paused,
# also after a restart that turned it off.
. "$(dirname "$0")/lib.sh"

start_daemon --auto-pause-ms 1500
wait_for 10 shops_ready
code() { jq -r '.error.code // .status'; }
order() { jbd minji order chicken friedx1 --address '서울시 1' --card 4111111111111111 | code; }
away() { jbd minji menu chicken | jq -e ".shop.auto_paused == $1"; }
# A console: tests/tools/console.py, until $T/stop appears.

wait_for 10 away true && ok "with no console the shop is auto-paused" || fail "not auto-paused: $(jbd minji menu chicken | jq -c .shop)"
check_eq "it refuses orders" shop_paused "$(order)"
check_eq "saying the shop is away" "바삭치킨: 가게가 잠시 자리를 비웠어요" \
    "$(jbd minji order chicken friedx1 --address x --card 4111111111111111 | jq -r .error.message)"
check_eq "its customers read why" "false|가게가 잠시 자리를 비웠어요" "$(jbd minji menu chicken | jq -r '.shop | "\(.accepting)|\(.status_text)"')"
check_eq "the broker says who is connected (services and admins only)" forbidden "$(jbd minji call broker consoles | code)"
bg console "$PY" "$ROOT/tests/tools/console.py" "$ROOT/tests/tools" "$FRONT" "$(token chicken_owner)" "$T/stop"
wait_for 10 away false && ok "a console connects: orders are taken again" || fail "still away"
check_eq "an order goes through" PAID "$(order)"
check_eq "the broker counts the console" 1 "$(jbd admin call broker consoles | jq '.shops.chicken')"
check_eq "a shop with no console stays away" true "$(jbd minji menu bunsik | jq .shop.auto_paused)"
touch "$T/stop"
wait_for 10 away true && ok "the console leaves: auto-paused again" || fail "not auto-paused after the console left"
check_eq "shop.updated told the followers" true \
    "$(jbd admin events --type shop.updated | jq -s '[.[] | select(.shop_id == "chicken")] | last | .data.shop.auto_paused')"

stop "$DAEMON"
start_daemon
wait_for 10 away false && ok "auto-pause off: no shop stays auto-paused" || fail "still auto-paused with the flag off"
check_eq "orders are taken" PAID "$(order)"
finish
