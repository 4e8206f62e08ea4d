# reviews.sh: reviews of delivered orders (view.review_write, view.reviews,
# view.review_reply) and the CLI's review, reviews and shop reply. A
# customer reviews only their own DELIVERED or PICKED_UP order, once;
# the rating is 1-5 and the words are checked like every text a person
# types; only the shop's owner replies, once. Every refusal changes
# nothing.
. "$(dirname "$0")/lib.sh"

start_daemon
wait_for 10 shops_ready
CARD=4111111111111111
code() { jq -r '.error.code // "ok"'; }
st() { jbd minji status "$1" | jq -r .status; }
status_is() { [ "$(st "$1")" = "$2" ]; }
act() { jbd chicken_owner shop "$1" "$2" >/dev/null; }
write() { jbd "$1" call view review_write "$2" | code; }
count() { jbd minji reviews chicken | jq -r .count; }
rows() { sqlite3 "$HOME_DIR/view.db" 'SELECT COUNT(*), COALESCE(SUM(rating),0), COALESCE(group_concat(reply),"") FROM reviews'; }

check_eq "the demo shop has its demo reviews" "3|4.7|true" \
    "$(jbd minji reviews chicken | jq -r '"\(.count)|\(.average)|\(.reviews[0].customer | endswith("***"))"')"
check_eq "a shop without reviews has no average" "0|null|0" \
    "$(jbd minji reviews pizza | jq -r '"\(.count)|\(.average)|\(.reviews | length)"')"

D=$(place_paid)
P=$(jbd minji order chicken fried --pickup --card "$CARD" | jq -r .order_id)
wait_for 5 status_is "$P" PAID
check_eq "a paid order cannot be reviewed yet" invalid_state \
    "$(write minji "{\"order_id\":$D,\"rating\":5}")"
act accept "$D"; act cook "$D"; act dispatch "$D"
wait_for 5 status_is "$D" DELIVERING
check_eq "nor one on its way" invalid_state "$(write minji "{\"order_id\":$D,\"rating\":5}")"
act delivered "$D"
wait_for 5 status_is "$D" DELIVERED
act accept "$P"; act cook "$P"; act ready "$P"; act picked-up "$P"
wait_for 5 status_is "$P" PICKED_UP

before=$(rows)
bad() { check_eq "$1" "$2" "$(write minji "$3")"; }
bad "a rating of 0 is refused" bad_request "{\"order_id\":$D,\"rating\":0}"
bad "a rating of 6 too" bad_request "{\"order_id\":$D,\"rating\":6}"
bad "a rating that is not a number too" bad_request "{\"order_id\":$D,\"rating\":\"5\"}"
bad "no rating too" bad_request "{\"order_id\":$D}"
bad "no order too" bad_request '{"rating":5}'
bad "an order id that is not a number too" bad_request '{"order_id":"x","rating":5}'
bad "an unknown order is not found" not_found '{"order_id":999999,"rating":5}'
bad "words that are not a string are refused" bad_request "{\"order_id\":$D,\"rating\":5,\"text\":5}"
bad "blank words too" bad_text "{\"order_id\":$D,\"rating\":5,\"text\":\"   \"}"
bad "empty words too" bad_text "{\"order_id\":$D,\"rating\":5,\"text\":\"\"}"
bad "a control character too" bad_text "{\"order_id\":$D,\"rating\":5,\"text\":\"맛\\u0007있어요\"}"
bad "a line break too" bad_text "{\"order_id\":$D,\"rating\":5,\"text\":\"맛\\n있어요\"}"
LONG=$(printf '맛%.0s' $(seq 301))
bad "301 characters are too long" text_too_long "{\"order_id\":$D,\"rating\":5,\"text\":\"$LONG\"}"
check_eq "another customer's order is not found" not_found \
    "$(write junho "{\"order_id\":$D,\"rating\":1}")"
check_eq "an owner cannot write a review" forbidden \
    "$(write chicken_owner "{\"order_id\":$D,\"rating\":1}")"
HEX=$("$PY" -c "
import json
f = json.dumps({'type':'request','id':'u1','service':'view','method':'review_write','body':{'order_id':$D,'rating':5,'text':'@@'}}).encode()
print(f.replace(b'@@', b'ab\xff\xfe').hex())")
check_eq "bad UTF-8 in the words is refused" bad_utf8 \
    "$(raw send "$FRONT" --token "$(token minji)" "@hex:$HEX" | jq -r 'select(.id == "u1" or .type == "error") | .error.code' | head -1)"
check_eq "refusals stored nothing" "$before" "$(rows)"

OK300=$(printf '맛%.0s' $(seq 300))
R=$(jbd minji call view review_write "{\"order_id\":$D,\"rating\":4,\"text\":\"$OK300\"}")
check_eq "300 characters fit; the review is the customer's" "4|300|true|null" \
    "$(echo "$R" | jq -r '"\(.rating)|\(.text | length)|\(.mine)|\(.reply)"')"
RID=$(echo "$R" | jq -r .review_id)
check_eq "a second review of the order is already_reviewed" already_reviewed \
    "$(write minji "{\"order_id\":$D,\"rating\":1,\"text\":\"다시\"}")"
check_eq "the order's detail shows its review" "$RID|4" \
    "$(jbd minji status "$D" | jq -r '"\(.review.review_id)|\(.review.rating)"')"
ask() { raw ask "$FRONT" "$(token minji)" "{\"type\":\"request\",\"id\":\"same-try\",\"service\":\"view\",\"method\":\"review_write\",\"body\":{\"order_id\":$P,\"rating\":$1}}" 5 | tail -1 | jq -r '.result.review_id // .error.code'; }
first=$(ask 5)
check "the first try is a review" sh -c "echo '$first' | grep -Eq '^[0-9]+$'"
check_eq "a retry with the same id gets the first answer, not already_reviewed" "$first" "$(ask 2)"
check_eq "and the first rating stands" 5 "$(jbd minji status "$P" | jq -r .review.rating)"
check_eq "the CLI's second review is already_reviewed" "already_reviewed" \
    "$(jbd minji review "$P" 3 '또' | code)"
jbd minji review "$P" 3 >/dev/null 2>&1
check_eq "... and exits 1" 1 $?
jbd minji review "$P" 6 >/dev/null 2>&1
check_eq "a rating of 6 is a usage error (exit 2)" 2 $?
check_eq "as JSON with --json" usage "$(jbd minji review "$P" 0 | jq -r .error.code)"
jbd minji review x 5 >/dev/null 2>&1
check_eq "an order that is not a number too" 2 $?
jbd minji review "$P" >/dev/null 2>&1
check_eq "a missing rating too" 2 $?
check "the plain output shows the stars" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji reviews chicken | grep -q '★★★★☆'"
check_eq "a review is an event in the log" "review.written|$D|chicken|minji|4" \
    "$(jbd admin events --type review.written --order "$D" | jq -r '"\(.type)|\(.order_id)|\(.shop_id)|\(.customer_id)|\(.data.rating)"')"

check_eq "the shop's list has them, newest first, with the average" "5|$((RID + 1))|$RID|4.6" \
    "$(jbd junho reviews chicken | jq -r '"\(.count)|\(.reviews[0].review_id)|\(.reviews[1].review_id)|\(.average)"')"
check_eq "another customer's view says not mine" false "$(jbd junho reviews chicken | jq -r ".reviews[] | select(.review_id == $RID) | .mine")"
check_eq "paging: two, then the rest after the last" "2|true|3|false" \
    "$(a=$(jbd minji call view reviews '{"shop_id":"chicken","limit":2}'); last=$(echo "$a" | jq '.reviews[-1].review_id'); b=$(jbd minji call view reviews "{\"shop_id\":\"chicken\",\"before\":$last}"); echo "$(echo "$a" | jq -r '"\(.reviews | length)|\(.more)"')|$(echo "$b" | jq -r '"\(.reviews | length)|\(.more)"')")"
lst() { jbd minji call view reviews "$1" | code; }
check_eq "a limit of 0 is refused" bad_request "$(lst '{"shop_id":"chicken","limit":0}')"
check_eq "a limit of 51 too" bad_request "$(lst '{"shop_id":"chicken","limit":51}')"
check_eq "a shop id that is no identifier too" bad_request "$(lst '{"shop_id":"치킨 집"}')"
check_eq "a customer must name the shop" bad_request "$(lst '{}')"
check_eq "an owner's own shop by default" chicken "$(jbd chicken_owner reviews | jq -r .shop_id)"

before=$(rows)
reply() { jbd "$1" call view review_reply "$2" | code; }
check_eq "another shop's owner cannot reply" not_found "$(reply bunsik_owner "{\"review_id\":$RID,\"text\":\"감사\"}")"
check_eq "nor a customer" forbidden "$(reply minji "{\"review_id\":$RID,\"text\":\"감사\"}")"
check_eq "an unknown review is not found" not_found "$(reply chicken_owner '{"review_id":999999,"text":"감사"}')"
check_eq "a reply needs words" bad_request "$(reply chicken_owner "{\"review_id\":$RID}")"
check_eq "blank words are refused" bad_text "$(reply chicken_owner "{\"review_id\":$RID,\"text\":\" \"}")"
check_eq "a control character too" bad_text "$(reply chicken_owner "{\"review_id\":$RID,\"text\":\"a\\u0085b\"}")"
check_eq "301 characters are too long" text_too_long "$(reply chicken_owner "{\"review_id\":$RID,\"text\":\"$LONG\"}")"
check_eq "a review id that is not a number" bad_request "$(reply chicken_owner '{"review_id":"1","text":"a"}')"
check_eq "refused replies stored nothing" "$before" "$(rows)"
check_eq "the owner replies" "감사합니다 ♥|false" \
    "$(jbd chicken_owner call view review_reply "{\"review_id\":$RID,\"text\":\"감사합니다 ♥\"}" | jq -r '"\(.reply)|\(.replied_at == null)"')"
check_eq "once" already_replied "$(jbd chicken_owner shop reply "$RID" '또 감사' | code)"
check_eq "the customer sees the reply" "감사합니다 ♥" "$(jbd minji status "$D" | jq -r .review.reply)"
jbd chicken_owner shop reply "$RID" >/dev/null 2>&1
check_eq "shop reply without words is a usage error" 2 $?
jbd chicken_owner shop reply x hi >/dev/null 2>&1
check_eq "and with a review id that is no number" 2 $?
check_eq "a reply is an event in the log" "review.replied|$RID" \
    "$(jbd admin events --type review.replied | jq -r 'select(.order_id == '"$D"') | "\(.type)|\(.data.review_id)"')"

stop "$DAEMON"
PIDS=""
start_daemon
check_eq "reviews survive a restart (and demo data is not seeded twice)" 5 "$(count)"
finish
