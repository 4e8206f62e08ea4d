# addresses.sh: saved delivery addresses (view.addresses, address_save,
# address_delete, address_default and `baedal address`): the first is the
# default, one default at a time, replace by label, the default moves on
# when it is removed, limits (label and address length in characters, an
# address's bytes, ten at most) refused with stable codes and nothing
# changed, other roles refused, another customer's addresses never seen
# nor changed, and the list outlives a restart.
. "$(dirname "$0")/lib.sh"

start_daemon
code() { jq -r '.error.code // "ok"'; }
# labels USER: the user's labels in order, the default starred.
labels() { jbd "$1" address list | jq -r '[.addresses[] | (if .default then "*" else "" end) + .label] | join(" ")'; }
save() { jbd minji call view address_save "$1" | code; }

check_eq "no addresses at first" "0|null|10" \
    "$(jbd minji address list | jq -r '"\(.addresses | length)|\(.default)|\(.max)"')"
check_eq "the first saved is the default" "집" \
    "$(jbd minji address add 집 '서울시 마포구 월드컵로 1' | jq -r .default)"
jbd minji address add 회사 '서울시 강남구 테헤란로 2' >/dev/null
check_eq "a second one is not" "*집 회사" "$(labels minji)"
check_eq "default moves to 회사" "집 *회사" \
    "$(jbd minji address default 회사 >/dev/null; labels minji)"
check_eq "saving with default:true moves it too" ok \
    "$(save '{"label":"본가","address":"부산시 해운대구 3","default":true}')"
check_eq "... one default at a time" "집 회사 *본가" "$(labels minji)"
jbd minji address add 집 '서울시 마포구 월드컵로 10' >/dev/null
check_eq "the same label replaces the address, in place" \
    "집 회사 *본가|서울시 마포구 월드컵로 10" "$(labels minji)|$(jbd minji address list | jq -r '.addresses[0].address')"
check_eq "removing the default makes the oldest the default" "*집 회사" \
    "$(jbd minji address rm 본가 >/dev/null; labels minji)"
check "the plain list stars the default" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji address list | grep -q '^\* 집'"

# Bad input: a stable code, and nothing changes.
before=$(jbd minji address list | jq -c .addresses)
long21=$(printf '가%.0s' $(seq 21))
long101=$(printf '나%.0s' $(seq 101))
bytes201=$(printf 'ab%.0s' $(seq 100))x # 201 ASCII characters
hangul70=$(printf '다%.0s' $(seq 70))  # 70 characters, 210 bytes
check_eq "a label over 20 characters" text_too_long "$(save "{\"label\":\"$long21\",\"address\":\"서울 1\"}")"
check_eq "20 Hangul characters are fine" ok "$(save "{\"label\":\"$(printf '가%.0s' $(seq 20))\",\"address\":\"서울 1\"}")"
jbd minji address rm "$(printf '가%.0s' $(seq 20))" >/dev/null
check_eq "an address over 100 characters" text_too_long "$(save "{\"label\":\"x\",\"address\":\"$long101\"}")"
check_eq "an address over 200 bytes (an order would refuse it)" text_too_long "$(save "{\"label\":\"x\",\"address\":\"$hangul70\"}")"
check_eq "201 ASCII characters" text_too_long "$(save "{\"label\":\"x\",\"address\":\"$bytes201\"}")"
check_eq "a blank label" bad_text "$(save '{"label":"   ","address":"서울 1"}')"
check_eq "an empty address" bad_text "$(save '{"label":"x","address":""}')"
check_eq "a control character" bad_text "$(save '{"label":"x","address":"서울\n1"}')"
check_eq "no address" bad_request "$(save '{"label":"x"}')"
check_eq "a number for a label" bad_request "$(save '{"label":7,"address":"서울 1"}')"
check_eq "default not a boolean" bad_request "$(save '{"label":"x","address":"서울 1","default":"yes"}')"
check_eq "removing a label never saved" not_found "$(jbd minji address rm 없음 | code)"
check_eq "defaulting a label never saved" not_found "$(jbd minji address default 없음 | code)"
check_eq "no label to remove" bad_request "$(jbd minji call view address_delete '{}' | code)"
check_eq "nothing changed" "$before" "$(jbd minji address list | jq -c .addresses)"

# At most ten.
i=3
while [ $i -le 10 ]; do jbd minji address add "곳$i" "서울시 $i" >/dev/null; i=$((i + 1)); done
check_eq "ten addresses kept" 10 "$(jbd minji address list | jq '.addresses | length')"
check_eq "an eleventh is refused" limit_reached "$(jbd minji address add 곳11 '서울시 11' | code)"
check_eq "replacing one of the ten is fine" ok "$(jbd minji address add 곳10 '서울시 10-1' | code)"
check_eq "still ten" 10 "$(jbd minji address list | jq '.addresses | length')"

# Another customer sees none of them and cannot touch them.
check_eq "junho sees no address of minji's" 0 "$(jbd junho address list | jq '.addresses | length')"
check_eq "junho cannot remove minji's 집" not_found "$(jbd junho address rm 집 | code)"
check_eq "nor make it his default" not_found "$(jbd junho address default 집 | code)"
jbd junho address add 집 '인천시 연수구 5' >/dev/null
check_eq "junho's own 집 is his alone" "인천시 연수구 5|서울시 마포구 월드컵로 10" \
    "$(jbd junho address list | jq -r '.addresses[0].address')|$(jbd minji address list | jq -r '.addresses[] | select(.label == "집") | .address')"
check_eq "junho's default is his own" "집|집" \
    "$(jbd junho address list | jq -r .default)|$(jbd minji address list | jq -r .default)"
check_eq "an owner has no addresses" forbidden "$(jbd chicken_owner address list | code)"
check_eq "an owner cannot save one" forbidden "$(jbd chicken_owner address add 집 '서울 1' | code)"

# The CLI: usage errors exit 2, as JSON with --json.
jbd minji address add 집 >$T/usage.json 2>/dev/null
check_eq "address add without an address exits 2" 2 $?
check_eq "... with a usage error in JSON" usage "$(jq -r .error.code <$T/usage.json)"
bd minji address rm >/dev/null 2>&1
check_eq "address rm without a label exits 2" 2 $?
bd minji address >/dev/null 2>&1
check_eq "address with no sub-command exits 2" 2 $?
check_eq "an unknown sub-command is a usage error in JSON" usage \
    "$(jbd minji address bogus | jq -r .error.code)"
jbd minji address rm 없음 >/dev/null
check_eq "a refused request exits 1" 1 $?

# Kept by the service: a restart loses nothing.
before=$(jbd minji address list | jq -c .)
stop "$DAEMON"
start_daemon
check_eq "the addresses outlive a restart" "$before" "$(jbd minji address list | jq -c .)"
finish
