# natsupgrade.sh: a JetStream log the previous version made goes on. That
# version wrote one event a stream message (its key as Nats-Msg-Id), and
# its broker's copy (natslog.db) numbered the events as the stream did,
# with no record of the stream position (copy_pos). Here such a stream is
# written by hand, message for message as that version wrote it, and the
# copy is made as it made it; this version then keeps every old event's
# seq, numbers its own (a message a poll batch) after them with no gap,
# answers a retry of an old key with its old seq, and a fresh copy
# numbers everything the same way.
. "$(dirname "$0")/lib.sh"

start_nats
# The stream as the previous version created it.
nraw api '$JS.API.STREAM.CREATE.baedal' '{"name":"baedal","subjects":["baedal.events"],
    "retention":"limits","storage":"file","num_replicas":1,"duplicate_window":120000000000,
    "deny_delete":true,"deny_purge":true}' | jq -e '.config.name == "baedal"' >/dev/null ||
    fail "the stream could not be made"
old() {
	nraw pub baedal.events "$1" "{\"type\":\"order.test\",\"order_id\":$2,\"customer_id\":\"minji\",\"at\":1,\"data\":{\"n\":$2}}" |
	    jq -e '.seq > 0' >/dev/null
}
if old old:1 1 && old old:2 2 && old old:3 3; then
	ok "three events written as the previous version wrote them"
else
	fail "an old event was refused"
fi

LOG="--log nats://127.0.0.1:$NP --log-replicas 1"
# shellcheck disable=SC2086
start_daemon $LOG --services none
check_eq "the old events keep the stream's seqs" "1 old:1 2 old:2 3 old:3" \
    "$(sqlite3 "$HOME_DIR/natslog.db" "SELECT group_concat(seq || ' ' || key, ' ') FROM (SELECT seq, key FROM events ORDER BY seq)")"
stop "$DAEMON"
# The copy as the previous version left it: no stream position.
sqlite3 "$HOME_DIR/natslog.db" "DROP TABLE copy_pos"
# Meanwhile a broker of the previous version wrote one more.
old old:4 4 || fail "an old event was refused"

# shellcheck disable=SC2086
start_daemon $LOG
check "the copy of the previous version caught up" grep -q \
    "copy caught up from 3 to 4 (stream seq 3 to 4)" "$T/baedald.log"
wait_for 15 orders_ready || fail "the order service has the catalog"
O=$(place_paid)
check "an order is taken and paid on the old stream" test -n "$O"
log_head() { jbd admin events | jq -s 'map(.seq) | max // 0'; }
contiguous() { awk 'NR != $1 {bad=1} END {print (bad ? "gap" : NR)}'; }
stream_log() { nraw events baedal | jq -c '[.seq, .type, .order_id]'; }
copy_log() { jbd admin events | jq -c '[.seq, .type, .order_id]'; }
same_log() { [ "$(stream_log | md5sum)" = "$(copy_log | md5sum)" ]; }
check "the copy is the stream's log, event for event" wait_for 10 same_log
last=$(log_head)
check_eq "seqs 1..$last with no gap" "$last" "$(jbd admin events | jq .seq | contiguous)"
check "more events than messages (this version's go a batch a message)" test \
    "$(nraw info baedal | jq .state.messages)" -lt "$last"
SVC=$(token svc)
out=$(raw publish "$BACK" "$SVC" '[{"key":"old:2","type":"order.test","order_id":2,"data":{"n":2}}]')
check_eq "a retry of an old key answers its old seq" "[2]" "$(echo "$out" | jq -c .result.seqs)"
check_eq "  and adds nothing" "$last" "$(log_head)"

stop "$DAEMON"
rm -f "$HOME_DIR"/natslog.db*
# shellcheck disable=SC2086
start_daemon $LOG
check "a fresh copy is rebuilt" grep -q "copy caught up from 0 to $last" "$T/baedald.log"
check "  numbered the same" same_log
stop "$DAEMON"
finish
