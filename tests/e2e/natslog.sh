# natslog.sh: the event log on NATS JetStream (baedald --log nats://...):
# a real nats-server (its own port and directory), orders placed through
# it, the log the stream holds (a message a poll batch of publishes), a
# relay retry is one event (within JetStream's duplicate window and after
# it), a stream and a copy of the previous version (an event a message)
# go on, subscribers and services
# resume after a broker restart (also from an empty copy), acknowledged
# events survive SIGKILL, a lost server is a clear "try again", and bad
# configuration is a clear error at start.
. "$(dirname "$0")/lib.sh"

NATS=/usr/sbin/nats-server
[ -x "$NATS" ] || make -C "$ROOT" deps >/dev/null 2>&1
[ -x "$NATS" ] || { fail "nats-server is not installed (make deps)"; finish; }


# start_nats: a single JetStream server on $NP, data in $T/js. Sets NATS_PID.
start_nats() {
	bg nats "$NATS" -js -a 127.0.0.1 -p "$NP" -n bdl-test -sd "$T/js"
	NATS_PID=$LAST_PID
	wait_for 15 nraw info baedal-none || { fail "nats-server did not start"; tail "$T/nats.log"; finish; }
}
nraw() { "$PY" "$ROOT/tests/tools/natsraw.py" "127.0.0.1:$NP" "$@"; }

NP=$(free_port)
BADP=$(free_port)
start_nats
LOG="--log nats://127.0.0.1:$NP --log-replicas 1 --log-dup-window-ms 1500"

# Bad configuration: a clear error at start, never a hang.
start=$(date +%s)
timeout 20 "$BIN/baedald" --home "$T/bad" --bind "ipc://$T/bad-f" \
    --services-bind "ipc://$T/bad-b" --services none \
    --log "nats://127.0.0.1:$BADP" >"$T/bad1.out" 2>&1
check_eq "an unreachable cluster: exit status 1" 1 $?
check "  and says so" grep -q "cannot reach the NATS servers" "$T/bad1.out"
timeout 20 "$BIN/baedald" --home "$T/bad" --bind "ipc://$T/bad-f" \
    --services-bind "ipc://$T/bad-b" --services none \
    --log "nats://127.0.0.1:$NP" --log-replicas 3 >"$T/bad2.out" 2>&1
check_eq "3 replicas on a single server: exit status 1" 1 $?
check "  and the error names the replicas" grep -q "replicas" "$T/bad2.out"
bg nojs "$NATS" -a 127.0.0.1 -p "$BADP" -n bdl-nojs
NOJS=$LAST_PID
wait_for 10 "$PY" -c "import socket; socket.create_connection(('127.0.0.1', $BADP))"
timeout 20 "$BIN/baedald" --home "$T/bad" --bind "ipc://$T/bad-f" \
    --services-bind "ipc://$T/bad-b" --services none \
    --log "nats://127.0.0.1:$BADP" --log-replicas 1 >"$T/bad3.out" 2>&1
check_eq "a server without JetStream: exit status 1" 1 $?
check "  and the error asks for -js" grep -q "started with -js" "$T/bad3.out"
stop "$NOJS"
check "  all three within 10 s" test $(( $(date +%s) - start )) -le 10
check_eq "a --log that is not nats:// is a usage error" 2 \
    "$("$BIN/baedald" --home "$T/bad" --log redis://x >/dev/null 2>&1; echo $?)"

# shellcheck disable=SC2086
start_daemon $LOG
wait_for 15 shops_ready || fail "the store published its shops through the stream"
check "the broker created the stream on file storage, 1 replica" sh -c \
    "nraw info baedal | jq -e '.config.storage == \"file\" and .config.num_replicas == 1' >/dev/null"

place() {
	jbd minji order chicken friedx2 --address "nats $1" --card 4111111111111111 | jq -r .order_id
}
O1=$(place 1); O2=$(place 2); O3=$(place 3)
check "three orders placed" test -n "$O1" -a -n "$O2" -a -n "$O3"
bd chicken_owner shop accept "$O1" --eta 20 >/dev/null
bd minji cancel "$O2" >/dev/null
view_status() { jbd minji status "$1" 2>/dev/null | jq -r .status; }
is_status() { [ "$(view_status "$1")" = "$2" ]; }
wait_for 10 is_status "$O2" CANCELLED
check_eq "an accepted order reads ACCEPTED in the view" ACCEPTED "$(view_status "$O1")"
check_eq "a cancelled one CANCELLED" CANCELLED "$(view_status "$O2")"

# The log is the stream's: its events, numbered by the copy (natsraw.py
# numbers them on its own), no gap, no key twice, a message holding the
# events of a poll batch.
log_seqs() { jbd admin events | jq .seq; }
log_head() { jbd admin events | jq -s 'map(.seq) | max // 0'; }
contiguous() { awk 'NR != $1 {bad=1} END {print (bad ? "gap" : NR)}'; }
stream_log() { nraw events baedal | jq -c '[.seq, .type, .order_id]'; }
copy_log() { jbd admin events | jq -c '[.seq, .type, .order_id]'; }
log_is_stream() { [ "$(stream_log | md5sum)" = "$(copy_log | md5sum)" ]; }
wait_for 10 log_is_stream
last=$(log_head)
check "the broker's copy is the stream's log, event for event" log_is_stream
check_eq "the events are seqs 1..N with no gap" "$last" "$(log_seqs | contiguous)"
check_eq "no key twice in the stream's log" "$last" \
    "$(nraw events baedal | jq -r .key | sort -u | wc -l)"
check "fewer messages than events (publishes go a batch a message)" test \
    "$(nraw info baedal | jq .state.messages)" -lt "$last"
paid=$(jbd admin events --type order.paid | jq -c "select(.order_id == $O1)")
pseq=$(echo "$paid" | jq .seq)
nraw events baedal | jq -c "select(.seq == $pseq)" >"$T/paid.msg"
check_eq "event $pseq is the stream's event $pseq" order.paid \
    "$(jq -r .type "$T/paid.msg")"
check "  and carries its outbox key (order:<origin>:<row>)" sh -c \
    "jq -r .key '$T/paid.msg' | grep -q -E '^order:[0-9a-f]{16}:[0-9]+\$'"
KEY=$(jq -r .key "$T/paid.msg")

# A relay retry: the same key is the same event, whichever guard sees it.
SVC=$(token svc)
repub() {
	jq -c --arg k "$1" '[del(.seq) + {key: $k}]' "$T/paid.msg"
}
out=$(raw publish "$BACK" "$SVC" "$(repub "$KEY")")
check_eq "a relay retry of $KEY answers the first seq" "[$pseq]" "$(echo "$out" | jq -c .result.seqs)"
ev='{"type":"order.test","order_id":1,"customer_id":"minji","data":{}}'
out=$(raw publish "$BACK" "$SVC" "[$(echo "$ev" | jq -c '. + {key:"dup:1"}'),$(echo "$ev" | jq -c '. + {key:"dup:1"}')]")
dseq=$(echo "$out" | jq '.result.seqs[0]')
check_eq "one key twice in one publish: the log holds it once" \
    "[$dseq,$dseq]" "$(echo "$out" | jq -c .result.seqs)"
check_eq "  the log grew by one" $((last + 1)) "$(log_head)"

# A message in the previous version's form (one event, its key as
# Nats-Msg-Id), as a broker of that version still writes it: the copy
# takes it in its stream seq's place; its key is known from then on.
before=$(log_head)
nraw pub baedal.events old:1 "$(echo "$ev" | jq -c '.type = "order.old"')" >/dev/null
old_in() { [ "$(jbd admin events --type order.old | jq -s length)" = 1 ]; }
check "a message of the previous version's form is an event of the log" wait_for 10 old_in
check_eq "  the next seq" $((before + 1)) "$(jbd admin events --type order.old | jq .seq)"
out=$(raw publish "$BACK" "$SVC" "[$(echo "$ev" | jq -c '. + {key:"old:1"}')]")
check_eq "  a relay retry of its key answers its seq" "[$((before + 1))]" "$(echo "$out" | jq -c .result.seqs)"
# The guard is the copy, which holds every key: JetStream's duplicate
# window (1.5 s here) plays no part, a retry at any time is the event.
out=$(raw publish "$BACK" "$SVC" "[$(echo "$ev" | jq -c '. + {key:"dup:1"}')]")
check_eq "a later retry answers the first seq" "[$dseq]" "$(echo "$out" | jq -c .result.seqs)"
out=$(raw publish "$BACK" "$SVC" "$(repub "$KEY")")
check_eq "so does the order's own relay retry" "[$pseq]" "$(echo "$out" | jq -c .result.seqs)"
inbox_paid() {
	jbd minji inbox | jq -s "[.[] | .notifications[]? // . | select(.order_id == $O1 and .status == \"PAID\")] | length"
}
check_eq "the customer was told once that $O1 was paid" 1 "$(inbox_paid)"
check_eq "the view shows $O1 paid once" 1 \
    "$(jbd minji status "$O1" | jq '[.timeline[] | select(.event == "order.paid")] | length')"

# Restart: a follower resumes, services resume from their offsets.
bg follower "$BIN/baedal" --home "$HOME_DIR" --connect "$FRONT" --user admin --json events --follow --from 0
FOLLOW=$LAST_PID
head=$(log_head)
wait_for 10 sh -c "[ \$(grep -c seq '$T/follower.log') -ge $head ]"
stop "$DAEMON" KILL
# shellcheck disable=SC2086
start_daemon $LOG
check "the restarted broker caught its copy up" grep -q "copy caught up from $head to $head" "$T/baedald.log"
O4=$(place 4)
check "an order is taken after the restart" test -n "$O4"
wait_for 10 is_status "$O4" PAID
check_eq "the view caught up with it (services resumed)" PAID "$(view_status "$O4")"
last=$(log_head)
wait_for 15 sh -c "[ \$(grep -c seq '$T/follower.log') -ge $last ]"
check_eq "the follower resumed: every seq once, in order" "$last" \
    "$(jq .seq "$T/follower.log" | contiguous)"

# A broker with no copy rebuilds it from the stream.
stop "$DAEMON"
rm -f "$HOME_DIR"/natslog.db*
# shellcheck disable=SC2086
start_daemon $LOG
check "an empty copy is rebuilt from the stream" grep -q "copy caught up from 0 to $last" "$T/baedald.log"
check_eq "  with the same events" "$last" "$(log_seqs | contiguous)"
stop "$FOLLOW"

# Every acknowledged event survives SIGKILL of the broker.
acked=$(publish_acked "$SVC")
stop "$DAEMON" KILL
# shellcheck disable=SC2086
start_daemon $LOG
check_eq "all $acked acknowledged events are there after SIGKILL" "$acked" \
    "$(jbd admin events --type order.test | jq 'select(.order_id >= 5000)' | grep -c '"seq"')"

# The server goes away: publishing is refused at once, then works again.
stop "$NATS_PID"
t0=$(date +%s)
out=$(raw publish "$BACK" "$SVC" "$(test_events 1 7000)")
check_eq "with the server down a publish is refused (try again)" internal \
    "$(echo "$out" | jq -r .error.code)"
check "  within 3 s" test $(( $(date +%s) - t0 )) -le 3
start_nats
pub_ok() { raw publish "$BACK" "$SVC" "$(test_events 1 7000)" | jq -e .ok; }
check "once it is back, publishing works again" wait_for 20 pub_ok
O5=$(place 5)
wait_for 15 is_status "$O5" PAID
check_eq "and orders flow to the view again" PAID "$(view_status "$O5")"
stop "$DAEMON"
finish
