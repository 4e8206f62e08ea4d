# brokerrestart.sh: the broker is killed and restarted while an order is
# in the middle of its payment; the services (separate processes) rejoin by
# themselves, calls in flight are sent again with their ids, and the order
# completes once: one order, one charge, no refund.
. "$(dirname "$0")/lib.sh"

start_fake
ctl '{"latency_ms": 1500}'
start_daemon --services none
for s in payment order store delivery notify view; do
	start_service "$s" --pg-url "$FAKE_URL" --pg-timeout-ms 6000 \
	    --payment-deadline-ms 8000
done
six() { [ "$(jbd admin stats | jq '.broker.services | length')" = 6 ]; }
wait_for 15 six && ok "six services joined the broker" || fail "services missing"
wait_for 10 shops_ready

# The order waits on a slow gateway; the broker dies meanwhile.
jbd seoyeon --timeout 20000 order chicken friedx2 --address '서울시 1' \
    --card 4111111111111111 >"$T/order.out" 2>&1 &
ORDERING=$!
confirmed() { [ "$(curl -s "$FAKE_URL/_received?path=/v1/payments/confirm" | jq length)" -ge 1 ]; }
wait_for 10 confirmed
stop "$DAEMON" KILL
start_daemon --services none
wait_for 15 six && ok "every service rejoined the restarted broker" || fail "services did not rejoin"
wait "$ORDERING"
check_eq "the order placed across the restart is PAID" PAID "$(jq -r .status "$T/order.out")"
O=$(jq -r .order_id "$T/order.out")
paid() { jbd seoyeon status "$O" | jq -e '.status == "PAID" and .payment.status == "APPROVED"' >/dev/null; }
wait_for 10 paid && ok "the view has it paid" || fail "view: $(jbd seoyeon status "$O" | jq -c .)"
check_eq "one order for the customer" 1 "$(jbd seoyeon orders | jq '.orders | length')"
check_eq "one charge at the gateway" 1 \
    "$(curl -s "$FAKE_URL/_received?path=/v1/payments/confirm" | jq '[.[].body.orderId] | unique | length')"
check_eq "no refund" 0 "$(jbd admin events --type payment.refunded | wc -l)"
finish
