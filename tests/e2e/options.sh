# options.sh: option groups with rules (required / min / max), a price
# and sold-out per option. The demo's 떡볶이 has 맛 선택 (exactly one)
# and 토핑 추가 (none to three, 군만두 sold out). Every order and quote is
# checked against the rules and the error names the rule broken; the
# owner sells out an option (indefinitely or until a time) and back.
. "$(dirname "$0")/lib.sh"

start_daemon
wait_for 10 shops_ready
code() { jq -r '.error.code // .status'; }
order() { jbd junho order bunsik "$@" --address '서울시 1' --card 4111111111111111; }
tb() { jbd junho menu bunsik | jq -c ".menu[] | select(.id == \"tteokbokki\") | $1"; }

check_eq "the menu has the rules" '[["spicy","맛 선택",1,1,true],["topping","토핑 추가",0,3,false]]' \
    "$(tb '[.option_groups[] | [.id, .name, .min, .max, .required]]')"
check_eq "each option its price, group and sold-out" '["mandu",1500,"topping",true]' \
    "$(tb '.options[] | select(.id == "mandu") | [.id, .price, .group, .sold_out]')"
check "the plain menu shows the rule" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user junho menu bunsik | grep -q '맛 선택: 1~1개, 필수'"

before=$(jbd admin events | wc -l)
E=$(order tteokbokkix2+cheese gimbap)
check_eq "a required group left out is refused" option_rule "$(echo "$E" | code)"
check "the error names the group and the rule" sh -c "echo '$(echo "$E" | jq -r .error.message)' | grep -q '맛 선택 (spicy) needs at least 1 choice; the rule is 1 to 1'"
check_eq "two of an exactly-one group" option_rule "$(order tteokbokkix2+mild+hot gimbap | code)"
check_eq "a sold-out option" sold_out "$(order tteokbokkix2+mild+mandu gimbap | code)"
check_eq "a quote is checked too" option_rule "$(jbd junho quote bunsik tteokbokkix2 gimbap | code)"
check_eq "an unknown option" bad_request "$(order tteokbokkix2+mild+bacon gimbap | code)"
check_eq "refused orders stored nothing" "$before" "$(jbd admin events | wc -l)"

O=$(order tteokbokkix2+hot+cheese+egg gimbap | jq -r .order_id)
check "a valid choice is taken" test -n "$O"
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user junho --json status $O | jq -e '.status == \"PAID\"'"
check_eq "priced with its options" 15500 "$(jbd junho status "$O" | jq .subtotal)"
check_eq "the line keeps its options" '["hot","cheese","egg"]' "$(jbd junho status "$O" | jq -c '[.items[0].options[].id]')"

check_eq "the owner brings an option back" false "$(jbd bunsik_owner shop soldout tteokbokki+mandu off | jq .sold_out)"
check_eq "four toppings break the 0-3 rule" option_rule "$(order tteokbokkix2+mild+cheese+egg+fishcake+mandu gimbap | code)"
check "naming it" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user junho --json order bunsik tteokbokkix2+mild+cheese+egg+fishcake+mandu gimbap --address x --card 4111111111111111 | jq -r .error.message | grep -q 'needs at most 3 choices; the rule is 0 to 3, 4 chosen'"
check_eq "three are taken" PAID "$(order tteokbokkix2+mild+cheese+egg+mandu gimbap | code)"
check_eq "the owner sells out an option" "egg|true" "$(jbd bunsik_owner shop soldout tteokbokki+egg | jq -r '"\(.option_id)|\(.sold_out)"')"
check_eq "orders with it are refused" sold_out "$(order tteokbokkix2+mild+egg gimbap | code)"
check_eq "and without it taken" PAID "$(order tteokbokkix2+mild gimbap | code)"
check_eq "an option sold out for today" true "$(jbd bunsik_owner shop soldout tteokbokki+cheese --today | jq '.sold_out_until > 0')"
check_eq "the menu shows until when" true "$(tb '.options[] | select(.id == "cheese") | .sold_out_until > 0')"
v=$(sqlite3 "$HOME_DIR/store.db" "SELECT version FROM shops WHERE id = 'bunsik'")
check_eq "an unknown option of a known item" not_found "$(jbd bunsik_owner call store soldout '{"item_id":"tteokbokki","option_id":"bacon","sold_out":true}' | code)"
check_eq "another shop's option" not_found "$(jbd chicken_owner call store soldout '{"item_id":"tteokbokki","option_id":"egg","sold_out":true}' | code)"
check_eq "an option id that is not an id" bad_request "$(jbd bunsik_owner call store soldout '{"item_id":"tteokbokki","option_id":"a b","sold_out":true}' | code)"
check_eq "refusals changed nothing" "$v" "$(sqlite3 "$HOME_DIR/store.db" "SELECT version FROM shops WHERE id = 'bunsik'")"
finish
