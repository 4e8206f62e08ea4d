# catchup.sh: subscribers catching up from seq 0 get every event, even
# when their connection's queue fills, one event a frame or a batch. One connection opens 16
# subscriptions on a log of 12,000 events and reads nothing at first, so
# the broker's sends are refused (the queue is full); then it reads and
# acknowledges as a client does, every 128 events of a subscription. Each
# subscription must reach the log's head: a broker that only fed a
# blocked subscriber again when an ack came would leave some stalled
# forever (their last acks arrive while the queue still looks full).
. "$(dirname "$0")/lib.sh"

start_daemon --services store
SVC=$(token svc)
cat >"$T/fill.py" <<'EOF'
import json, sys, zmq
sys.path.insert(0, sys.argv[1])
from rawpeer import session, recv
s = session(sys.argv[2], sys.argv[3])
done = 0
for b in range(int(sys.argv[4]) // 200):
    evs = [{"type": "order.test", "key": "c%d" % (b * 200 + i),
            "order_id": b * 200 + i, "shop_id": "chicken",
            "customer_id": "minji", "data": {"n": i}} for i in range(200)]
    s.send(json.dumps({"type": "publish", "id": "p%d" % b,
                       "events": evs}).encode())
    r = recv(s, 10000)
    if r and r.get("ok"):
        done += len(evs)
print(done)
EOF
check_eq "12,000 events are appended" 12000 \
    "$("$PY" "$T/fill.py" "$ROOT/tests/tools" "$BACK" "$SVC" 12000)"
HEAD=$(sqlite3 "$HOME_DIR/broker.db" "select max(seq) from events")
cat >"$T/catchup.py" <<'EOF'
import json, sys, time, zmq
sys.path.insert(0, sys.argv[1])
from rawpeer import hello
ctx = zmq.Context.instance()
s = ctx.socket(zmq.DEALER)
s.setsockopt(zmq.LINGER, 0)
s.setsockopt(zmq.RCVHWM, 50)
s.connect(sys.argv[2])
assert hello(s, sys.argv[3]).get("ok")
head, nsubs = int(sys.argv[4]), 16
last, unacked, behind = {}, {}, 0
for i in range(nsubs):
    name = "c%d" % i
    last[name], unacked[name] = 0, 0
    s.send(json.dumps({"type": "subscribe", "id": name, "sub": name,
                       "from": 0}).encode())
# Read nothing until the broker has been refused: its queue to this
# connection stays full (50 here, its own limit, the socket buffers).
time.sleep(0.5)  # a slow reader: the fault under test, not a wait
quiet = time.time()
while min(last.values()) < head and time.time() - quiet < 5:
    if not s.poll(200):
        continue
    m = json.loads(s.recv_multipart()[-1])
    if m.get("type") == "heartbeat":
        s.send(b'{"type":"heartbeat"}')
        continue
    if m.get("type") == "behind":
        behind += 1
    if m.get("type") != "event":
        continue
    quiet = time.time()
    sub = m["sub"]
    last[sub] = m["event"]["seq"]
    unacked[sub] += 1
    if unacked[sub] == 128:
        s.send(json.dumps({"type": "ack", "sub": sub,
                           "count": 128}).encode())
        unacked[sub] = 0
print(sum(1 for v in last.values() if v >= head), behind)
EOF
out=$("$PY" "$T/catchup.py" "$ROOT/tests/tools" "$FRONT" "$(token admin)" "$HEAD")
check_eq "all 16 subscriptions reach the head ($HEAD) after their queue filled" 16 "${out% *}"
check "the broker said a window was full (the queue really filled)" [ "${out#* }" -gt 0 ]

# batch: several events a frame, every one of them, in order, no gap.
cat >"$T/batch.py" <<'EOF'
import json, sys, time, zmq
sys.path.insert(0, sys.argv[1])
from rawpeer import session
s = session(sys.argv[2], sys.argv[3])
head, seqs, frames, biggest = int(sys.argv[4]), [], 0, 0
s.send(b'{"type":"subscribe","id":"b","sub":"b","from":0,"batch":64}')
quiet, unacked = time.time(), 0
while (not seqs or seqs[-1] < head) and time.time() - quiet < 5:
    if not s.poll(200):
        continue
    m = json.loads(s.recv_multipart()[-1])
    if m.get("type") != "events":
        continue
    quiet = time.time()
    frames += 1
    biggest = max(biggest, len(m["events"]))
    seqs += [e["seq"] for e in m["events"]]
    unacked += len(m["events"])
    if unacked >= 128:
        s.send(json.dumps({"type": "ack", "sub": "b", "count": unacked}).encode())
        unacked = 0
gapless = seqs == list(range(seqs[0], seqs[0] + len(seqs))) if seqs else False
print(len(seqs), gapless, biggest, frames)
EOF
set -- $("$PY" "$T/batch.py" "$ROOT/tests/tools" "$FRONT" "$(token admin)" "$HEAD")
check_eq "batch 64: every event up to the head comes" "$HEAD" "$1"
check_eq "batch 64: in seq order, without a gap or a double" True "$2"
check_eq "batch 64: frames hold up to 64 events" 64 "$3"
check "batch 64: far fewer frames than events ($4 for $1)" [ "$4" -le $(( $1 / 32 )) ]
for bad in 0 65 '"x"' -1; do
	check_eq "batch $bad is refused as bad_request" bad_request \
	    "$(raw send "$FRONT" --token "$(token admin)" "{\"type\":\"subscribe\",\"id\":\"x\",\"sub\":\"x\",\"batch\":$bad}" | jq -r 'select(.id=="x") | .error.code')"
done
finish
