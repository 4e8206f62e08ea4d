# pickup.sh: pickup orders (포장) and the READY state (조리 완료). A pickup
# order has no delivery fee, no address and no delivery record; it goes
# READY -> PICKED_UP, a delivery READY -> DELIVERING; every other move is
# refused and changes nothing; the timeline, the shop's queue and the
# customer's notifications follow.
. "$(dirname "$0")/lib.sh"

start_daemon
wait_for 10 shops_ready
CARD=4111111111111111
code() { jq -r '.error.code // .status'; }
st() { jbd minji status "$1" | jq -r "$2"; }
status_is() { [ "$(st "$1" .status)" = "$2" ]; }
notes_for() { jbd minji inbox --limit 200 | jq -r --argjson o "$1" '[.notifications[] | select(.order_id == $o)] | reverse | map(.status) | join(" ")'; }

check_eq "a pickup quote has no delivery fee" "0|18000" \
    "$(jbd minji quote chicken fried --pickup | jq -r '"\(.delivery_fee)|\(.total)"')"
check_eq "a delivery quote has one" "3000|21000" \
    "$(jbd minji quote chicken fried | jq -r '"\(.delivery_fee)|\(.total)"')"
P=$(jbd minji order chicken fried --pickup --card "$CARD" --note '10분 뒤 도착해요' | jq -r .order_id)
wait_for 5 status_is "$P" PAID
check_eq "a pickup order is paid without a fee" "pickup|0|18000" "$(st "$P" '"\(.kind)|\(.delivery_fee)|\(.total)"')"
D=$(jbd minji order chicken fried --address '서울시 1' --card "$CARD" | jq -r .order_id)
wait_for 5 status_is "$D" PAID
check_eq "a delivery order is a delivery" delivery "$(st "$D" .kind)"
# The delivery service applies events in order: once D's delivery exists,
# P's order.paid has been applied too.
has_delivery() { jbd admin call delivery get "{\"order_id\":$1}" | jq -e .delivery_id; }
wait_for 5 has_delivery "$D"
check_eq "a pickup order has no delivery record" not_found \
    "$(jbd admin call delivery get "{\"order_id\":$P}" | jq -r .error.code)"
check_eq "nor an address in its event" false "$(jbd admin events --order "$P" --type order.paid | jq '.data | has("address")')"
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner --json shop queue | jq -e '.orders[] | select(.order_id == $P)'"
check_eq "the shop's queue says pickup" pickup "$(jbd chicken_owner shop queue | jq -r ".orders[] | select(.order_id == $P) | .kind")"
check "the plain queue marks it [포장]" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner shop queue | grep '^#$P ' | grep -q '\[포장\]'"

act() { jbd chicken_owner shop "$1" "$2" | code; }
act accept "$P" >/dev/null; act cook "$P" >/dev/null
wait_for 5 status_is "$P" COOKING
check_eq "a cooking pickup order is not dispatched" invalid_state "$(act dispatch "$P")"
check_eq "nor picked up before it is ready" invalid_state "$(act picked-up "$P")"
check_eq "ready" READY "$(act ready "$P")"
wait_for 5 status_is "$P" READY
check_eq "a ready pickup order is not dispatched" invalid_state "$(act dispatch "$P")"
check_eq "nor delivered" invalid_state "$(act delivered "$P")"
check_eq "nor cancelled by the customer" invalid_state "$(jbd minji cancel "$P" | code)"
check_eq "nor made ready twice" invalid_state "$(act ready "$P")"
check_eq "refusals leave it READY" READY "$(st "$P" .status)"
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner --json shop queue --filter active | jq -e '.orders[] | select(.order_id == $P and .status == \"READY\")'" \
    && ok "a ready order is active in the queue" || fail "READY not in the active filter"
check_eq "picked up" PICKED_UP "$(act picked-up "$P")"
wait_for 5 status_is "$P" PICKED_UP
check_eq "the timeline holds every status" "PAID ACCEPTED COOKING READY PICKED_UP" \
    "$(st "$P" '[.timeline[].status | select(test("^[A-Z_]+$"))] | join(" ")')"
wait_for 5 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json inbox | jq '[.notifications[] | select(.order_id == $P)] | length')\" -ge 5 ]"
check_eq "one notification per status" "PAID ACCEPTED COOKING READY PICKED_UP" "$(notes_for "$P")"
check "the ready notification says to collect it" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json inbox | jq -r '.notifications[] | select(.order_id == $P and .status == \"READY\") | .text' | grep -q '찾아가세요'"
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner --json shop queue --filter done | jq -e '.orders[] | select(.order_id == $P and .status == \"PICKED_UP\")'" \
    && ok "a picked-up order is done in the queue" || fail "PICKED_UP not in the done filter"
check_eq "a picked-up order is final" invalid_state "$(act picked-up "$P")"

act accept "$D" >/dev/null; act cook "$D" >/dev/null; act ready "$D" >/dev/null
wait_for 5 status_is "$D" READY
check_eq "a ready delivery is not picked up" invalid_state "$(act picked-up "$D")"
check_eq "it goes out" DELIVERING "$(act dispatch "$D")"
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json status $D | jq -e '.delivery.status == \"DELIVERING\"'" \
    && ok "and its delivery follows" || fail "delivery: $(st "$D" .delivery.status)"
check_eq "and is delivered" DELIVERED "$(act delivered "$D")"
wait_for 5 status_is "$D" DELIVERED
check_eq "its timeline has READY" "PAID ACCEPTED COOKING READY DELIVERING DELIVERED" \
    "$(st "$D" '[.timeline[].status | select(test("^[A-Z_]+$"))] | join(" ")')"

before=$(jbd admin events | wc -l)
body() { printf '{"shop_id":"chicken","items":[{"item_id":"fried","qty":1}],"card":"%s"%s}' "$CARD" "$1"; }
place() { jbd minji call order place "$(body "$1")" | code; }
check_eq "pickup with an address is refused" bad_request "$(place ',"kind":"pickup","address":"x"')"
check_eq "pickup with a rider note too" bad_request "$(place ',"kind":"pickup","rider_note":"hi"')"
check_eq "an unknown kind is refused" bad_request "$(place ',"kind":"drone","address":"x"')"
check_eq "a kind that is not a string too" bad_request "$(place ',"kind":1,"address":"x"')"
check_eq "a delivery needs an address" bad_request "$(place ',"kind":"delivery"')"
check_eq "refused orders stored nothing" "$before" "$(jbd admin events | wc -l)"
jbd minji order chicken fried --pickup --address x --card "$CARD" >/dev/null
check_eq "the CLI refuses --pickup with --address (usage)" 2 $?
finish
