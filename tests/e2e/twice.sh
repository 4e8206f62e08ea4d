# twice.sh: one service runs twice in one process (--services order,order):
# each copy has its own state, both serve, and both stop cleanly (under
# the sanitizer build: no leak, every worker thread joined).
. "$(dirname "$0")/lib.sh"

start_daemon --services payment,order,order,store,delivery,notify,view
wait_for 10 shops_ready
check_eq "two order replicas registered" 2 "$(jbd admin stats | jq '.broker.services.order')"
n=0
for i in 1 2 3 4 5 6; do
	s=$(jbd minji order chicken "friedx$i" --address "서울시 $i" --card 4111111111111111 | jq -r .status)
	[ "$s" = PAID ] && n=$((n + 1))
done
check_eq "six orders are placed and paid" 6 "$n"
a=$(jbd admin call order stats '{}' | jq .placed)
b=$(jbd admin call order stats '{}' | jq .placed)
check "each copy counts its own orders ($a and $b)" test "$a" -gt 0 -a "$b" -gt 0
check_eq "and together they count all six" 6 "$((a + b))"
"$BIN/baedald" --home "$T/other" --bind "ipc://$T/f2" --services-bind "ipc://$T/b2" \
    --services order,nosuch >"$T/bad.out" 2>&1
check_eq "an unknown name in --services is a usage error" 2 $?
check "that names it" grep -q "no service named 'nosuch'" "$T/bad.out"
stop "$DAEMON"
wait "$DAEMON" 2>/dev/null
check "the daemon stops cleanly" grep -q "shutting down" "$T/baedald.log"
finish
