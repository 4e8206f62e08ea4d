# soldout.sh: read-your-writes for an owner's catalog changes. Once the
# owner is told an item is sold out (or the shop closed), every order
# placed after that sees it: store hands the shop to the order service
# before answering. Placed at once, in rounds; then with the order service
# down the owner is told "try again" (the change saved, not yet held),
# and the retry with the same id succeeds once it is back.
. "$(dirname "$0")/lib.sh"

start_daemon --services payment,store,delivery,notify,view
start_service order; O=$SVC_PID
wait_for 10 shops_ready
place() { jbd minji order chicken "$1" --address '서울시 1' --card 4111111111111111; }
code() { jq -r '.error.code // .status'; }
# Each round on two connections already open, as an app would: the
# owner's change, and the customer's order sent the moment its answer is in.
cat >"$T/rounds.py" <<'EOF'
import json, sys, zmq
sys.path.insert(0, sys.argv[1])
from rawpeer import session, recv
owner, customer = session(sys.argv[2], sys.argv[3]), session(sys.argv[2], sys.argv[4])
def ask(s, rid, service, method, body):
    s.send(json.dumps({"type": "request", "id": rid, "service": service,
                       "method": method, "body": body}).encode())
    while True:
        r = recv(s, 5000)
        if r is None or r.get("id") == rid:
            return r
bad = []
for i in range(20):
    for sold, item, want in ((True, "cheeseball", "sold_out"),
                             (False, "cheeseball", "ok")):
        r = ask(owner, "o%d%d" % (i, sold), "store", "soldout",
                {"item_id": item, "sold_out": sold})
        if not r or not r.get("ok"):
            bad.append("owner %d: %s" % (i, r))
            continue
        r = ask(customer, "c%d%d" % (i, sold), "order", "place",
                {"shop_id": "chicken", "items": [{"item_id": item, "qty": 3}],
                 "address": "서울시 1", "card": "4111111111111111"})
        got = "ok" if r and r.get("ok") else (r or {}).get("error", {}).get("code")
        if got != want:
            bad.append("round %d sold_out=%s: %s" % (i, sold, got))
print(" ".join(bad))
EOF
check_eq "20 rounds: an order sent the moment the owner is answered sees the change" "" \
    "$("$PY" "$T/rounds.py" "$ROOT/tests/tools" "$FRONT" "$(token chicken_owner)" "$(token minji)")"
bd chicken_owner shop close >/dev/null
check_eq "an order placed right after the shop closed is refused" shop_closed "$(place fried | code)"
bd chicken_owner shop open >/dev/null
check_eq "and right after it opened, taken" PAID "$(place friedx2 | code)"

# The order service is down: the change is saved, the owner is told to try
# again, and the retry (same id) holds once the order service is back.
stop "$O" KILL
REQ='{"type":"request","id":"so-1","service":"store","method":"soldout","deadline_ms":20000,"body":{"item_id":"cheeseball","sold_out":true}}'
bg ask raw ask "$FRONT" "$(token chicken_owner)" "$REQ" 30
ASK=$LAST_PID
wait_for 10 grep -q service_unavailable "$T/ask.log" \
    && ok "with the order service down the owner is told to try again" || fail "no try-later: $(cat "$T/ask.log")"
check_eq "the change itself is saved" 1 \
    "$(sqlite3 "$HOME_DIR/store.db" "SELECT sold_out FROM items WHERE shop_id = 'chicken' AND id = 'cheeseball'")"
start_service order; O=$SVC_PID
wait "$ASK"
check_eq "once it is back the retry is answered" true "$(tail -1 "$T/ask.log" | jq -r .result.sold_out)"
check_eq "and holds" sold_out "$(place cheeseball | code)"
check_eq "order's copy keeps the newest version of the shop" \
    "$(sqlite3 "$HOME_DIR/store.db" "SELECT version FROM shops WHERE id = 'chicken'")" \
    "$(sqlite3 "$HOME_DIR/order.db" "SELECT version FROM catalog WHERE shop_id = 'chicken'")"
stop "$O"
finish
