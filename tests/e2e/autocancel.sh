# autocancel.sh: a paid order nobody accepts is cancelled and refunded.
. "$(dirname "$0")/lib.sh"

start_daemon --auto-cancel-ms 1500
wait_for 10 shops_ready
O=$(jbd minji order chicken friedx2 --address '서울시 중구 1' --card 4111111111111111 | jq -r .order_id)
check "the order is placed" test -n "$O"
A=$(jbd minji order chicken yangnyeom --address '서울시 중구 2' --card 4111111111111111 | jq -r .order_id)
bd chicken_owner shop accept "$A" >/dev/null
done_auto() {
	jbd minji status "$O" | jq -e '.status == "CANCELLED" and .payment.status == "REFUNDED" and .delivery.status == "CANCELLED"' >/dev/null
}
wait_for 10 done_auto && ok "an unaccepted order is cancelled and refunded" \
    || fail "$(jbd minji status "$O" | jq -c '[.status, .payment.status, .delivery.status]')"
check_eq "the customer is told why" "auto" "$(jbd minji status "$O" | jq -r .cancelled_by)"
check_eq "with its reason code" NOT_ACCEPTED_IN_TIME "$(jbd minji status "$O" | jq -r .reason_code)"
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner --json shop reasons | jq -e '.cancelled.NOT_ACCEPTED_IN_TIME == 1'" \
    && ok "and the shop's count of it" || fail "reasons: $(jbd chicken_owner shop reasons)"
check_eq "an accepted order is not auto-cancelled" ACCEPTED "$(jbd minji status "$A" | jq -r .status)"
finish
