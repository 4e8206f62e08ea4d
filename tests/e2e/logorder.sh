# logorder.sh: on JetStream the log keeps a publisher's order. The stream
# takes at most 1 KiB a message here (max_msg_size), so in a publish of a
# large event then a small one, the stream refuses the first: the small
# one must not be stored (the publisher's retry would store the first
# after it; cluster.sh saw order.paid land after order.cancelled when the
# first events of a batch were refused while JetStream elected a leader).
# The publish is answered "try again" and, once both fit, the retry with
# the same keys stores both, in order.
. "$(dirname "$0")/lib.sh"

NATS=/usr/sbin/nats-server
[ -x "$NATS" ] || make -C "$ROOT" deps >/dev/null 2>&1
[ -x "$NATS" ] || { fail "nats-server is not installed (make deps)"; finish; }
NP=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
nraw() { "$PY" "$ROOT/tests/tools/natsraw.py" "127.0.0.1:$NP" "$@"; }
bg nats "$NATS" -js -a 127.0.0.1 -p "$NP" -n bdl-order -sd "$T/js"
wait_for 15 nraw info baedal-none || { fail "nats-server did not start"; finish; }
start_daemon --log "nats://127.0.0.1:$NP" --log-replicas 1 --services none

# The stream as the broker made it, with max_msg_size (bytes) set.
limit() {
	nraw info baedal | jq -c ".config | .max_msg_size = $1" >"$T/cfg.json" &&
	    nraw api '$JS.API.STREAM.UPDATE.baedal' "$(cat "$T/cfg.json")" |
	    jq -e ".config.max_msg_size == $1" >/dev/null
}
check "the stream takes at most 1 KiB a message" limit 1024

SVC=$(token svc)
BIG=$(printf '%02000d' 0)
ev() { printf '{"key":"%s","type":"test.order","at":1,"data":{"pad":"%s"}}' "$1" "$2"; }
PUB="[$(ev lo:1 "$BIG"),$(ev lo:2 x)]"
copied() { sqlite3 "$HOME_DIR/natslog.db" "SELECT group_concat(key, ' ') FROM (SELECT key FROM events WHERE key LIKE '$1%' ORDER BY seq)"; }

out=$(raw publish "$BACK" "$SVC" "$PUB")
check_eq "a publish whose first event is refused is answered try again" internal \
    "$(echo "$out" | jq -r '.error.code // "ok"')"
# A publish after it, stored: the copy has followed the stream past the
# refused one by then.
raw publish "$BACK" "$SVC" "[$(ev mark:1 x)]" >/dev/null
wait_for 10 sh -c "[ -n \"\$(sqlite3 '$HOME_DIR/natslog.db' \"SELECT 1 FROM events WHERE key = 'mark:1'\")\" ]" ||
    fail "the marker event was not stored"
check_eq "the event after the refused one is not stored" "" "$(copied lo:)"

check "the stream takes large events again" limit -1
out=$(raw publish "$BACK" "$SVC" "$PUB")
check_eq "the retry with the same keys is stored" ok \
    "$(echo "$out" | jq -r 'if .ok then "ok" else .error.code end')"
wait_for 10 sh -c "[ \"\$(sqlite3 '$HOME_DIR/natslog.db' \"SELECT count(*) FROM events WHERE key LIKE 'lo:%'\")\" = 2 ]"
check_eq "both, in the publisher's order" "lo:1 lo:2" "$(copied lo:)"
finish
