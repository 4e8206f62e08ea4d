# requests.sh: requests (요청사항) on an order: a note to the shop, a note
# to the rider and a note per line travel from order.place to the view,
# the shop's queue (marked), the delivery and the shop's notification.
# Limits are in characters, not bytes; bad UTF-8, control characters,
# blank text and wrong types are refused with stable codes and change
# nothing.
. "$(dirname "$0")/lib.sh"

start_daemon
wait_for 10 shops_ready
ADDR='서울시 마포구 월드컵로 1'
CARD=4111111111111111
order() { jbd minji order "$@" --address "$ADDR" --card "$CARD"; }
code() { jq -r '.error.code // .status'; }
rep() { "$PY" -c "import sys; print(sys.argv[1] * int(sys.argv[2]), end='')" "$1" "$2"; }

O=$(order chicken 'friedx2+boneless#덜 맵게 해주세요' cola --note '문 앞에 두고 벨 누르지 마세요' \
    --rider-note '조심히 오세요' | jq -r .order_id)
st() { jbd minji status "$O"; }
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json status $O | jq -e '.status == \"PAID\"'"
check_eq "the view keeps the note to the shop" '문 앞에 두고 벨 누르지 마세요' "$(st | jq -r .note)"
check_eq "and to the rider" '조심히 오세요' "$(st | jq -r .rider_note)"
check_eq "and the line's note" '덜 맵게 해주세요|null' "$(st | jq -r '"\(.items[0].note)|\(.items[1].note)"')"
check "status prints the requests" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji status $O | grep -q '가게 요청: 문 앞에'"
inq() { jbd chicken_owner shop queue | jq -c ".orders[] | select(.order_id == $O)"; }
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner --json shop queue | jq -e '.orders[] | select(.order_id == $O)'"
check_eq "the shop's queue marks it and has every note" 'true|문 앞에 두고 벨 누르지 마세요|조심히 오세요|덜 맵게 해주세요' \
    "$(inq | jq -r '"\(.has_notes)|\(.note)|\(.rider_note)|\(.items[0].note)"')"
check "the plain queue marks it [요청] with the notes below" sh -c \
    "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner shop queue | grep -A3 '^#$O ' | grep -q '후라이드치킨: 덜 맵게'"
dl() { jbd admin call delivery get "{\"order_id\":$O}" | jq -r .rider_note; }
wait_for 5 sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin --json call delivery get '{\"order_id\":$O}' | jq -r .rider_note)\" = '조심히 오세요' ]"
check_eq "the rider's delivery carries the rider's note" '조심히 오세요' "$(dl)"
shopnote() { jbd chicken_owner inbox | jq -r ".notifications[] | select(.order_id == $O) | .text"; }
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner --json inbox | jq -e '.notifications[] | select(.order_id == $O)'"
check "the shop's new-order notification shows the request" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner --json inbox | jq -r '.notifications[] | select(.order_id == $O) | .text' | grep -q '요청: 문 앞에'"
P=$(order chicken friedx1 | jq -r .order_id)
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner --json shop queue | jq -e '.orders[] | select(.order_id == $P)'"
check_eq "an order without requests is not marked" false \
    "$(jbd chicken_owner shop queue | jq -r ".orders[] | select(.order_id == $P) | .has_notes")"
check_eq "and has no note in its events" false \
    "$(jbd admin events --order "$P" --type order.paid | jq '.data | has("note") or has("rider_note")')"

# Limits are characters: 200 Hangul syllables (600 bytes) fit.
check_eq "a 200-character Hangul note fits" PAID "$(order chicken fried --note "$(rep 가 200)" | code)"
check_eq "a 100-character line note fits" PAID "$(order chicken "fried#$(rep 맵 100)" | code)"

before=$(jbd admin events | wc -l)
check_eq "201 characters is too long" text_too_long "$(order chicken fried --note "$(rep 가 201)" | code)"
check_eq "a rider note too" text_too_long "$(order chicken fried --rider-note "$(rep a 201)" | code)"
check_eq "a 101-character line note is too long" text_too_long "$(order chicken "fried#$(rep 맵 101)" | code)"
check_eq "a tab is a control character" bad_text "$(order chicken fried --note "$(printf 'a\tb')" | code)"
check_eq "a line break too" bad_text "$(order chicken fried --rider-note "$(printf 'a\nb')" | code)"
check_eq "and in a line's note" bad_text "$(order chicken "fried#$(printf 'x\033[31m')" | code)"
check_eq "a C1 control (U+0085) too" bad_text "$(order chicken fried --note "$(printf 'a\302\205b')" | code)"
check_eq "a blank note is refused" bad_text "$(order chicken fried --note '   ' | code)"
check_eq "an empty line note too" bad_text "$(order chicken 'fried#' | code)"
body() { printf '{"shop_id":"chicken","items":[{"item_id":"fried","qty":1%s}],"address":"x","card":"%s"%s}' "$1" "$CARD" "$2"; }
check_eq "a number for a note is bad_request" bad_request "$(jbd minji call order place "$(body '' ',"note":7')" | code)"
check_eq "an array for a rider note too" bad_request "$(jbd minji call order place "$(body '' ',"rider_note":[]')" | code)"
check_eq "an object for a line note too" bad_request "$(jbd minji call order place "$(body ',"note":{}' '')" | code)"
HEX=$("$PY" -c "
import json, sys
f = json.dumps({'type':'request','id':'u1','service':'order','method':'place','body':{'shop_id':'chicken','items':[{'item_id':'fried','qty':1}],'address':'x','card':'$CARD','note':'@@'}}).encode()
print(f.replace(b'@@', b'ab\xff\xfe').hex())")
check_eq "bad UTF-8 in a note is refused" bad_utf8 \
    "$(raw send "$FRONT" --token "$(token minji)" "@hex:$HEX" | jq -r 'select(.id == "u1" or .type == "error") | .error.code' | head -1)"
check_eq "refused requests stored nothing" "$before" "$(jbd admin events | wc -l)"
finish
