# restart.sh: restarting the order service under load loses no order: a
# request waits in the broker for the new process, and is answered once.
. "$(dirname "$0")/lib.sh"

start_daemon
wait_for 10 shops_ready
stop "$DAEMON"
start_daemon --services payment,store,delivery,notify,view
start_service order; ORDER=$SVC_PID

N=40
load() {
	i=0
	while [ $i -lt $N ]; do
		"$BIN/baedal" --home "$HOME_DIR" --connect "$FRONT" --user junho --json \
		    --timeout 10000 order chicken fried --address "load $i" \
		    --card 4111111111111111 | jq -r '.order_id // .error.code'
		i=$((i + 1))
	done
}
load >"$T/load.out" 2>&1 &
LOAD=$!
for round in 1 2 3; do
	wait_for 20 sh -c "[ \$(wc -l <'$T/load.out') -ge $((round * 8)) ]"
	stop "$ORDER"
	start_service order; ORDER=$SVC_PID
done
wait "$LOAD"
check_eq "every order placed during three restarts succeeded" "$N" \
    "$(grep -c -E '^[0-9]+$' "$T/load.out")"
check_eq "each got its own order number" "$N" "$(sort -u "$T/load.out" | grep -c -E '^[0-9]+$')"
paid=$(jbd admin events --type order.paid | jq -r 'select(.customer_id == "junho") | .order_id' | sort -u | wc -l)
check_eq "the log holds one order.paid per order" "$N" "$paid"
charges() {
	jbd admin events --type payment. | jq -r 'select(.customer_id == "junho") | .type' | sort | uniq -c | tr -s ' ' | tr '\n' ';'
}
# Any charge for an attempt cut short by a restart must be refunded.
unrefunded() {
	a=$(jbd admin events --type payment.approved | jq -r 'select(.customer_id == "junho") | .order_id' | sort -u)
	r=$(jbd admin events --type payment.refunded | jq -r 'select(.customer_id == "junho") | .order_id' | sort -u)
	p=$(jbd admin events --type order.paid | jq -r 'select(.customer_id == "junho") | .order_id' | sort -u)
	for id in $a; do
		echo "$p" | grep -qx "$id" || echo "$r" | grep -qx "$id" || echo "$id"
	done
}
all_refunded() { [ -z "$(unrefunded)" ]; }
wait_for 20 all_refunded
check_eq "no charge is left without an order ($(charges))" "" "$(unrefunded)"
finish
