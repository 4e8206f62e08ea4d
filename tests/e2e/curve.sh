# curve.sh: CURVE on the broker's TCP endpoints. The key pair is made in
# the data directory (0600) and kept; clients and a service joining over
# TCP speak CURVE, so no token crosses the wire in clear (a relay records
# every byte between them and the broker); a plain client, a wrong server
# key and a missing one are refused with a clear error, at once; with
# --insecure the same capture does show the token.
. "$(dirname "$0")/lib.sh"

FP=$(free_port)
BP=$(free_port)
# relay NAME TARGET_PORT: a recording relay to the port; sets RELAY_PORT.
relay() {
	bg "relay-$1" "$PY" "$ROOT/tests/tools/tcprelay.py" "$T/$1.port" "$2" "$T/$1.cap"
	wait_for 10 test -s "$T/$1.port" || { fail "the relay did not start"; finish; }
	RELAY_PORT=$(cat "$T/$1.port")
}
relay front "$FP"; FRONT=tcp://127.0.0.1:$RELAY_PORT
relay back "$BP"; BACK=tcp://127.0.0.1:$RELAY_PORT

# The broker on TCP; the clients and the store reach it through relays.
daemon() {
	bg baedald "$BIN/baedald" --home "$HOME_DIR" --bind "tcp://127.0.0.1:$FP" \
	    --services-bind "tcp://127.0.0.1:$BP" \
	    --services order,payment,view,delivery,notify "$@"
	DAEMON=$LAST_PID
}
daemon
wait_for 15 test -s "$HOME_DIR/server.pub" || { fail "no server.pub"; tail "$T/baedald.log"; finish; }
export BAEDAL_SERVER_KEY="$HOME_DIR/server.pub"
wait_for 15 bd admin ping || { fail "baedald did not answer over CURVE"; tail "$T/baedald.log"; finish; }
check_eq "the server's secret key is its owner's alone" 600 "$(stat -c %a "$HOME_DIR/server.key")"
check_eq "so is the public one" 600 "$(stat -c %a "$HOME_DIR/server.pub")"
PUB=$(cat "$HOME_DIR/server.pub")

start_service store
STORE=$SVC_PID
check "a service joins over CURVE (the store publishes its shops)" wait_for 15 shops_ready
# The order service learns the menu from the store's events, through the
# relay: wait for it, or a loaded machine orders before it knows chicken.
check "  and the order service has its catalog" wait_for 15 orders_ready
jbd minji order chicken friedx2 --address 'CURVE test address' \
    --card 4111111111111111 >"$T/order.out" 2>&1
O=$(jq -r .order_id "$T/order.out" 2>/dev/null)
check "an order is placed over CURVE" test -n "$O" -a "$O" != null ||
    cat "$T/order.out"
check_eq "the broker let two doors' peers in through ZAP" true \
    "$(jbd admin stats | jq '.broker.curve.on and .broker.curve.ok >= 2')"

# Nothing readable crossed the wire.
in_capture() { $PY -c 'import sys; sys.exit(0 if sys.argv[1].encode() in open(sys.argv[2], "rb").read() else 1)' "$@"; }
check "the relays carried the traffic" test "$(cat "$T/front.cap" "$T/back.cap" | wc -c)" -gt 2000
check "and it was CURVE (the greeting names the mechanism)" in_capture CURVE "$T/front.cap"
for u in minji admin svc; do
	check_fails "$u's token never crossed TCP in clear" in_capture "$(token "$u")" "$T/front.cap"
done
check_fails "the service token never crossed the back door in clear" in_capture "$(token svc)" "$T/back.cap"
check_fails "nor did the order's address" in_capture "CURVE test address" "$T/front.cap"
check_fails "nor a hello" in_capture '"hello"' "$T/front.cap"

# Refusals: clear errors, at once.
t0=$(date +%s)
BAEDAL_INSECURE=1 bd minji shops >"$T/plain.out" 2>&1
check_eq "a plain client is refused (exit 1)" 1 $?
check "  and told the broker wants CURVE" grep -q "wants CURVE" "$T/plain.out"
check_eq "a plain ZeroMQ peer gets no answer to its hello" null \
    "$(raw send "tcp://127.0.0.1:$FP" --token "$(token minji)" | head -1)"
OTHER=$($PY -c 'import zmq; print(zmq.curve_keypair()[0].decode())')
BAEDAL_SERVER_KEY=$OTHER bd minji shops >"$T/wrong.out" 2>&1
check_eq "a wrong server key is refused (exit 1)" 1 $?
check "  and told to check the key" grep -q "is its public key right" "$T/wrong.out"
BAEDAL_SERVER_KEY= BAEDAL_HOME=$T/nowhere bd minji shops >"$T/none.out" 2>&1
check_eq "no server key for a tcp endpoint is an error (exit 1)" 1 $?
check "  that says where the key is" grep -q "server.pub" "$T/none.out"
BAEDAL_SERVER_KEY=nonsense bd minji shops >"$T/bad.out" 2>&1
check "a malformed BAEDAL_SERVER_KEY is named" grep -q "BAEDAL_SERVER_KEY is neither" "$T/bad.out"
check "all four within 10 s" test $(( $(date +%s) - t0 )) -le 10

# The key pair is kept across restarts.
stop "$STORE"
stop "$DAEMON"
daemon
check "after a restart the same key is served" wait_for 15 bd admin ping
check_eq "  server.pub unchanged" "$PUB" "$(cat "$HOME_DIR/server.pub")"
stop "$DAEMON"

# --insecure: plain TCP; the same capture now shows the token, so the
# checks above would have caught one.
: >"$T/front.cap"
daemon --insecure
BAEDAL_INSECURE=1 wait_for 15 bd admin ping
check "with --insecure a plain client is served" env BAEDAL_INSECURE=1 \
    "$BIN/baedal" --home "$HOME_DIR" --connect "$FRONT" --user minji ping
check "  and its token crosses TCP in clear" in_capture "$(token minji)" "$T/front.cap"
stop "$DAEMON"
finish
