# logreply.sh: order, payment and store answer a request only once the log
# holds the events it wrote (svc.h reply_after_log). With the only
# nats-server SIGSTOPped, an owner's sold-out is written, but its event
# waits in the store's outbox and the owner gets no answer (the broker's
# deadline: try again); once the log is back the retry with the same
# request id gets the answer, and the log holds the change.
. "$(dirname "$0")/lib.sh"

start_nats
start_daemon --log "nats://127.0.0.1:$NP" --log-replicas 1 --log-max-wait-ms 800
wait_for 15 shops_ready
wait_for 15 orders_ready
soldout() {
	echo "{\"type\":\"request\",\"id\":\"$1\",\"service\":\"store\",\"method\":\"soldout\",\"deadline_ms\":1500,\"body\":{\"item_id\":\"$2\",\"sold_out\":true}}"
}
outbox() { sqlite3 "$HOME_DIR/store.db" "SELECT count(*) FROM svc_outbox"; }
written() { sqlite3 "$HOME_DIR/store.db" "SELECT sold_out FROM items WHERE shop_id = 'chicken' AND id = '$1'"; }
logged() {
	jbd admin events --type shop.updated | tail -n 1 |
	    jq -r ".data.shop.menu[] | select(.id == \"$1\") | .sold_out"
}

R=$(raw ask "$FRONT" "$(token chicken_owner)" "$(soldout lr-0 cheeseball)" 10 | tail -n 1)
check_eq "with the log up, a sold-out is answered" true "$(echo "$R" | jq .ok)"
check_eq "  and the log holds it" true "$(logged cheeseball)"

kill -STOP "$NATS_PID"
raw ask "$FRONT" "$(token chicken_owner)" "$(soldout lr-1 cola)" 4 >"$T/held.out"
check "while the log stores nothing, the sold-out is not acknowledged" \
    sh -c "! jq -e 'select(.ok == true)' '$T/held.out' >/dev/null"
check "  the owner is told to try again" sh -c "jq -e 'select(.error.code == \"timeout\")' '$T/held.out' >/dev/null"
check_eq "  it is written" 1 "$(written cola)"
check_eq "  and its event waits in the outbox" 1 "$(outbox)"
kill -CONT "$NATS_PID"
R=$(raw ask "$FRONT" "$(token chicken_owner)" "$(soldout lr-1 cola)" 20 | tail -n 1)
check_eq "once the log is back, the retry with the same id is answered" true "$(echo "$R" | jq .ok)"
check_eq "  and the log holds the change" true "$(logged cola)"
check_eq "  the outbox is empty" 0 "$(outbox)"
finish
