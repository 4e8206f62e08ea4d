# reasons.sh: reason codes on rejections and cancellations: the shop's
# and the customer's codes, their Korean in the view and notifications,
# the owner's own words for OTHER, counts per shop (store.reasons), and
# refusals (unknown codes, someone else's codes, OTHER without words,
# bad text, another shop's order) that change nothing.
. "$(dirname "$0")/lib.sh"

start_daemon
wait_for 10 shops_ready
code() { jq -r '.error.code // .status'; }
place() { jbd "${2:-minji}" order "${1:-chicken}" friedx1 --address '서울시 1' --card 4111111111111111 | jq -r .order_id; }
paid() { jbd "${2:-minji}" status "$1" | jq -e '.status == "PAID"'; }
view() { jbd minji status "$1" | jq -r "$2"; }
settled() { jbd minji status "$1" | jq -e ".status == \"$2\" and .reason_code != null"; }

A=$(place); B=$(place); C=$(place); D=$(place); E=$(place); F=$(place)
wait_for 5 paid "$F"
for o in $A $B $C $D $E; do paid "$o" >/dev/null || wait_for 5 paid "$o"; done

before=$(jbd admin events | wc -l)
rej() { jbd chicken_owner shop reject "$A" "$@" | code; }
check_eq "an unknown code is refused" bad_reason_code "$(rej --code NO_SUCH_CODE)"
check_eq "a customer's code is not the shop's" bad_reason_code "$(rej --code CUSTOMER_REQUEST)"
check_eq "nor baedal's own" bad_reason_code "$(rej --code NOT_ACCEPTED_IN_TIME)"
check_eq "codes are case-sensitive" bad_reason_code "$(rej --code too_busy)"
check_eq "OTHER needs words" bad_request "$(rej --code OTHER)"
check_eq "a code that is not a string" bad_request "$(jbd chicken_owner call store reject "{\"order_id\":$A,\"code\":5}" | code)"
check_eq "a reason that is not a string" bad_request "$(jbd chicken_owner call store reject "{\"order_id\":$A,\"code\":\"TOO_BUSY\",\"reason\":[]}" | code)"
check_eq "201 characters of reason is too long" text_too_long "$(rej --code OTHER --reason "$("$PY" -c "print('가' * 201)")")"
check_eq "a control character in the reason" bad_text "$(rej --code OTHER --reason "$(printf 'a\tb')")"
check_eq "another shop's order is not found" not_found "$(jbd bunsik_owner shop reject "$A" --code TOO_BUSY | code)"
check_eq "a customer's cancel with a shop's code is refused" bad_reason_code "$(jbd minji cancel "$D" --code TOO_BUSY | code)"
check_eq "a customer's OTHER needs words" bad_request "$(jbd minji cancel "$D" --code OTHER | code)"
check_eq "refusals changed nothing" "$before" "$(jbd admin events | wc -l)"
check_eq "the orders are still PAID" "PAID PAID" "$(view "$A" .status) $(view "$D" .status)"

check_eq "reject with a code" REJECTED "$(rej --code TOO_BUSY)"
check_eq "reject with OTHER and words" REJECTED "$(jbd chicken_owner shop reject "$B" --code OTHER --reason '가스 점검 중' | code)"
check_eq "reject with words only (an OTHER)" REJECTED "$(jbd chicken_owner shop reject "$C" --reason '기름 교체' | code)"
check_eq "cancel without a code is the customer's request" CANCELLED "$(jbd minji cancel "$D" | code)"
check_eq "cancel with OTHER and words" CANCELLED "$(jbd minji cancel "$E" --code OTHER --reason '주소를 잘못 썼어요' | code)"
for o in "$A REJECTED" "$B REJECTED" "$C REJECTED" "$D CANCELLED" "$E CANCELLED"; do
	set -- $o; wait_for 5 settled "$1" "$2" || fail "order $1 did not settle"
done
check_eq "the view has the code and its Korean" "TOO_BUSY|주문이 많아 지금은 조리가 어려워요" "$(view "$A" '"\(.reason_code)|\(.reject_reason)"')"
check_eq "OTHER keeps the owner's words" "OTHER|가스 점검 중" "$(view "$B" '"\(.reason_code)|\(.reject_reason)"')"
check_eq "words alone are OTHER" "OTHER|기름 교체" "$(view "$C" '"\(.reason_code)|\(.reject_reason)"')"
check_eq "a customer's cancel" "CUSTOMER_REQUEST|고객 요청으로 취소했어요|customer" "$(view "$D" '"\(.reason_code)|\(.cancel_reason)|\(.cancelled_by)"')"
check_eq "a customer's OTHER" "OTHER|주소를 잘못 썼어요" "$(view "$E" '"\(.reason_code)|\(.cancel_reason)"')"
check_eq "the events carry the code" "TOO_BUSY" "$(jbd admin events --order "$A" --type order.rejected | jq -r .data.code)"
rejnote() { jbd minji inbox | jq -r ".notifications[] | select(.order_id == $A and .status == \"REJECTED\") | .text"; }
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json inbox | jq -e '.notifications[] | select(.order_id == $A and .status == \"REJECTED\")'"
check "the customer's notification says why in Korean" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json inbox | jq -r '.notifications[] | select(.order_id == $A and .status == \"REJECTED\") | .text' | grep -q '주문이 많아'"
check_eq "the shop's queue has the code" TOO_BUSY "$(jbd chicken_owner shop queue | jq -r ".orders[] | select(.order_id == $A) | .reason_code")"
check_eq "rejected orders can no longer be cancelled" invalid_state "$(jbd minji cancel "$A" | code)"

counts() { jbd chicken_owner shop reasons | jq -c '[.rejected, .cancelled]'; }
check_eq "counted per shop, by code" '[{"OTHER":2,"TOO_BUSY":1},{"CUSTOMER_REQUEST":1,"OTHER":1}]' "$(counts)"
check_eq "another shop counts only its own" '[{},{}]' "$(jbd bunsik_owner shop reasons | jq -c '[.rejected, .cancelled]')"
check_eq "a customer may not ask" forbidden "$(jbd minji shop reasons | code)"
check_eq "an admin asks for a shop" 3 "$(jbd admin call store reasons '{"shop_id":"chicken"}' | jq '.rejected | add')"
check "the plain listing names the code in Korean" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner shop reasons | grep TOO_BUSY | grep -q '주문이 많아'"
finish
