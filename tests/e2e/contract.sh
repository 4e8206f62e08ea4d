# contract.sh: PROTOCOL.md's shapes, checked by a client in another
# language (tests/e2e/contract.py, Python) over a whole order.
. "$(dirname "$0")/lib.sh"

start_daemon
wait_for 10 shops_ready
"$PY" "$ROOT/tests/e2e/contract.py" "$FRONT" "$HOME_DIR/credentials.json" 2>&1
[ $? -eq 0 ] || FAILED=1
finish
