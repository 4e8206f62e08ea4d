# livesync.sh: on a JetStream log, "live" means the broker's copy holds
# every event the stream held, not only what this broker has copied so
# far. The broker is SIGSTOPped, its follower's consumer deleted on the
# server (as when the server that held it is lost), and 300 events go
# into the stream straight from NATS (as another broker's publishes
# would). Woken, the broker's follower is silent until the library sees
# its heartbeats missing and makes it again; a subscriber asking from
# seq 0 right then must be told "live" only with the 300 events copied
# (a service taking over a lease registers at "live": with less, it
# would act again on what its predecessor did).
. "$(dirname "$0")/lib.sh"

start_nats
start_daemon --log "nats://127.0.0.1:$NP" --log-replicas 1
wait_for 15 shops_ready || { fail "the shops were not announced"; finish; }
H0=$(jbd admin events | jq -s 'map(.seq) | max // 0')
EVENTS=$("$PY" -c 'import json; print(json.dumps({"events": [{"type": "order.synctest", "key": "sync%d" % i, "order_id": 9000 + i, "at": 1, "data": {"n": i}} for i in range(300)]}))')
kill -STOP "$DAEMON"
for c in $(nraw api '$JS.API.CONSUMER.NAMES.baedal' '{}' | jq -r '.consumers[]?'); do
	nraw api "\$JS.API.CONSUMER.DELETE.baedal.$c" >/dev/null
done
check "the broker's follower is gone from the server" sh -c \
    "[ \"\$('$PY' '$ROOT/tests/tools/natsraw.py' 127.0.0.1:$NP api '\$JS.API.CONSUMER.NAMES.baedal' '{}' | jq '.consumers | length')\" = 0 ]"
R=$(nraw pub baedal.events sync-batch-1 "$EVENTS")
check "the stream took the 300 events while the broker was stopped" \
    test "$(echo "$R" | jq -r '.seq // empty')" != ""
kill -CONT "$DAEMON"
# (Listened to until 10 s pass with nothing: the follower is made again
# only after its heartbeats are missed, later on a loaded machine.)
raw listen "$FRONT" "$(token admin)" '{"type":"subscribe","id":"s1","sub":"t","from":0,"batch":64}' 10 \
    >"$T/listen.out" 2>&1
LIVE=$(jq -r 'select(.type == "live") | .seq' "$T/listen.out" | head -1)
check "the subscriber was told live" test -n "$LIVE"
check "  only with the 300 events copied (live at $LIVE, the stream's end at $((H0 + 300)) or later)" \
    test "${LIVE:-0}" -ge $((H0 + 300))
GOT=$(jq -r 'select(.type == "events") | .events[] | select(.type == "order.synctest") | .seq' "$T/listen.out" | wc -l)
check_eq "  and every one of them delivered before it" 300 "$GOT"
finish
