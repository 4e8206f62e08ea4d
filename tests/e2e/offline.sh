# offline.sh: baedal admin offline (store.offline): the shops whose
# orders wait to be accepted while none of their owner's consoles is
# connected, soonest auto-cancel first; a shop drops out once a console
# connects or nothing waits; only admins may ask.
. "$(dirname "$0")/lib.sh"

start_daemon
wait_for 10 shops_ready
wait_for 10 orders_ready
code() { jq -r '.error.code // "ok"'; }
listed() { jbd admin admin offline | jq -c '[.shops[] | [.shop_id, .waiting]]'; }
is() { [ "$(listed)" = "$1" ]; }
# A console: tests/tools/console.py, until $T/stop appears.

check_eq "nothing waits: no shop is listed" "[]" "$(listed)"
check "the plain listing says so" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin admin offline | grep -q '없습니다'"
A=$(place_paid); B=$(place_paid friedx2)
O=$(jbd minji order bunsik gimbapx3 --address '서울시 1' --card 4111111111111111 | jq -r .order_id)
check "two shops wait with no console, the soonest auto-cancel first" wait_for 5 is '[["chicken",2],["bunsik",1]]'
check_eq "with when they were placed and when they cancel" true \
    "$(jbd admin admin offline | jq '.shops[0] | .oldest_at > 0 and .accept_by > .oldest_at and .name == "바삭치킨"')"
check "the plain listing names the shop" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin admin offline | grep chicken | grep -q 바삭치킨"
bg console "$PY" "$ROOT/tests/tools/console.py" "$ROOT/tests/tools" "$FRONT" "$(token chicken_owner)" "$T/stop"
check "a console connects: chicken drops out" wait_for 10 is '[["bunsik",1]]'
touch "$T/stop"
check "the console leaves: chicken is back" wait_for 15 is '[["chicken",2],["bunsik",1]]'
jbd chicken_owner shop accept "$A" >/dev/null
check "an accepted order no longer waits" wait_for 5 is '[["chicken",1],["bunsik",1]]'
jbd chicken_owner shop reject "$B" --code TOO_BUSY >/dev/null
jbd minji cancel "$O" >/dev/null
check "nothing waits: none listed" wait_for 5 is '[]'
check_eq "an owner may not ask" forbidden "$(jbd chicken_owner admin offline | code)"
check_eq "nor a customer" forbidden "$(jbd minji admin offline | code)"
check_eq "members are refused" bad_request "$(jbd admin call store offline '{"shop_id":"chicken"}' | code)"
jbd admin admin offline extra >/dev/null; rc=$?
check_eq "an argument is a usage error" "2 usage" "$rc $(jbd admin admin offline extra | code)"
finish
