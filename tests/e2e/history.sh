# history.sh: the order history in pages (view.orders "offset" and
# "more"): pages follow one another newest first with no order twice or
# missed, the last page says no more follow, a bad offset is refused with
# bad_request, and a customer's pages hold only their own orders. The
# CLI's `baedal orders --limit N --offset N` walks the same pages (a
# usage error, exit 2, for an offset that is not a number of at least 0).
. "$(dirname "$0")/lib.sh"

start_daemon
wait_for 10 orders_ready
code() { jq -r '.error.code // "ok"'; }
ids() { jbd "$1" call view orders "$2" | jq -r '[.orders[].order_id] | join(" ")'; }

i=0
while [ $i -lt 5 ]; do
	jbd minji order chicken friedx1 --address '서울시 1' --card 4111111111111111 >/dev/null
	i=$((i + 1))
done
jbd junho order chicken friedx1 --address '부산시 1' --card 4111111111111111 >/dev/null
five() { [ "$(jbd minji call view orders '{}' | jq '.orders | length')" = 5 ]; }
wait_for 10 five
all=$(ids minji '{}')
check_eq "the first page of 2, and more follow" "true|0" \
    "$(jbd minji call view orders '{"limit":2}' | jq -r '"\(.more)|\(.offset)"')"
pages="$(ids minji '{"limit":2}') $(ids minji '{"limit":2,"offset":2}') $(ids minji '{"limit":2,"offset":4}')"
check_eq "pages follow one another, newest first, none twice or missed" "$all" "$pages"
check_eq "the last page says no more follow" "false|1" \
    "$(jbd minji call view orders '{"limit":2,"offset":4}' | jq -r '"\(.more)|\(.orders | length)"')"
check_eq "a page past the end is empty" "false|0" \
    "$(jbd minji call view orders '{"offset":50}' | jq -r '"\(.more)|\(.orders | length)"')"
check_eq "exactly the limit left: no more" false \
    "$(jbd minji call view orders '{"limit":5}' | jq -r .more)"
check "minji's pages hold only minji's orders" sh -c "[ \"\$(\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json call view orders '{\"limit\":200}' | jq '[.orders[] | select(.customer_id != \"minji\")] | length')\" = 0 ]"
check_eq "junho's hold his one" 1 "$(jbd junho call view orders '{}' | jq '.orders | length')"
check_eq "a negative offset" bad_request "$(jbd minji call view orders '{"offset":-1}' | code)"
check_eq "an offset over 100000" bad_request "$(jbd minji call view orders '{"offset":100001}' | code)"
check_eq "an offset not a number" bad_request "$(jbd minji call view orders '{"offset":"2"}' | code)"
check_eq "a limit of 0" bad_request "$(jbd minji call view orders '{"limit":0}' | code)"
cli_ids() { jbd minji orders "$@" | jq -r '[.orders[].order_id] | join(" ")'; }
cli_pages="$(cli_ids --limit 2) $(cli_ids --limit 2 --offset 2) $(cli_ids --limit 2 --offset 4)"
check_eq "baedal orders --offset walks the same pages" "$all" "$cli_pages"
check_eq "baedal orders --offset 3 skips the three newest" \
    "$(echo "$all" | cut -d' ' -f4-)" "$(cli_ids --offset 3)"
check "the text listing says where the next page starts" sh -c \
    "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji orders --limit 2 --offset 2 | grep -q -- '더 보기: --offset 4'"
usage_rc() { jbd minji orders --offset "$1" >"$T/usage.out"; echo "$?|$(jq -r .error.code "$T/usage.out")"; }
check_eq "--offset -1 is a usage error (exit 2, JSON)" "2|usage" "$(usage_rc -1)"
check_eq "--offset x is a usage error" "2|usage" "$(usage_rc x)"
check_eq "--offset over 100000 is refused by the view" "1|bad_request" "$(usage_rc 100001)"
finish
