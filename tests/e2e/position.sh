# position.sh: an owner places their shop (store.position, `baedal shop
# position`); the change is a shop.updated like any other, riders'
# distances are measured from the new place, it is kept across a restart
# (the demo placement does not move it back), and bad positions, other
# roles and bad CLI input are refused with nothing changed.
. "$(dirname "$0")/lib.sh"

start_daemon
wait_for 10 shops_ready
code() { jq -r '.error.code // .status'; }
place() { jbd admin call store shops | jq -r '.shops[] | select(.id == "chicken") | "\(.lat),\(.lon)"'; }
version() { sqlite3 "$HOME_DIR/store.db" "SELECT version FROM shops WHERE id = 'chicken'"; }
NORTH=37.5653,126.922    # 1 km north of 바삭치킨's demo position
placed() { [ "$(place)" != null,null ]; }
wait_for 10 placed || fail "the demo position never came"

v=$(version)
check_eq "the owner places the shop" "chicken|37.5653|126.922" \
    "$(jbd chicken_owner shop position "$NORTH" | jq -r '"\(.shop_id)|\(.lat)|\(.lon)"')"
check_eq "the shop list shows it" "$NORTH" "$(place)"
check_eq "  as a new version of the shop" $((v + 1)) "$(version)"
check "followers were told (shop.updated with the place)" sh -c \
    "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin --json events --type shop.updated | jq -se 'map(select(.data.shop.id == \"chicken\")) | last | .data.shop.lat == 37.5653'"
check "the plain answer names the place" sh -c \
    "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner shop position $NORTH | grep -q '37.56530,126.92200'"

# A rider at the new place is 0 m from it.
O=$(place_paid)
for a in accept cook ready; do jbd chicken_owner shop $a "$O" >/dev/null; done
dist() { jbd rider1 rider available --at "$1" | jq -r --argjson o "$O" '.deliveries[] | select(.order_id == $o) | .distance_m'; }
listed() { [ -n "$(dist "$NORTH")" ]; }
wait_for 10 listed || fail "order $O never listed"
check_eq "riders measure from the new place" 0 "$(dist "$NORTH")"
d=$(dist 37.5563,126.9220)
check "  and the old one is about 1,000 m away ($d)" test "$d" -ge 980 -a "$d" -le 1020

# Refusals change nothing.
v=$(version)
call() { jbd "${2:-chicken_owner}" call store position "$1" | code; }
check_eq "a latitude past 90" bad_request "$(call '{"lat":91,"lon":126.9}')"
check_eq "a longitude past -180" bad_request "$(call '{"lat":37.5,"lon":-180.5}')"
check_eq "numbers as text" bad_request "$(call '{"lat":"37.5","lon":"126.9"}')"
check_eq "only one of the two" bad_request "$(call '{"lat":37.5}')"
check_eq "neither" bad_request "$(call '{}')"
check_eq "a customer may not" forbidden "$(call '{"lat":37.5,"lon":126.9}' minji)"
check_eq "a rider may not" forbidden "$(call '{"lat":37.5,"lon":126.9}' rider1)"
jbd chicken_owner shop position nowhere >"$T/usage.json"
check_eq "the CLI: a word is a usage error (exit 2)" "2|usage" "$?|$(jq -r .error.code "$T/usage.json")"
jbd chicken_owner shop position nan,126.9 >/dev/null
check_eq "  so is nan" 2 $?
jbd chicken_owner shop position >/dev/null
check_eq "  and no position" 2 $?
check_eq "refusals changed nothing" "$v|$NORTH" "$(version)|$(place)"

# Kept across a restart: the demo placement fills only shops with none.
stop "$DAEMON"
start_daemon
wait_for 10 shops_ready
check_eq "after a restart the owner's place stays" "$NORTH" "$(place)"
finish
