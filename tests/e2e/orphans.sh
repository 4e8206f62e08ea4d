# orphans.sh: one daemon per data directory, and its service processes die
# with it: after a SIGKILL of the daemon (with a service stopped by
# SIGSTOP, too) none is left, and the restarted daemon runs its own only.
# The data directory and its files are private (0700, 0600).
. "$(dirname "$0")/lib.sh"

children() { pgrep -f "baedald --home $HOME_DIR .*--service " | wc -l; }
none_left() { [ "$(children)" -eq 0 ]; }
six() { [ "$(children)" -eq 6 ]; }

start_daemon --processes --pg-timeout-ms 300
wait_for 10 shops_ready
wait_for 10 six && ok "six service processes" || fail "children: $(children)"

"$BIN/baedald" --home "$HOME_DIR" --bind "ipc://$T/front2" \
    --services-bind "ipc://$T/back2" >"$T/second.out" 2>&1
check_eq "a second daemon on the same data directory exits 1" 1 $?
check "and says which process holds it" grep -q "in use by baedald (process $DAEMON)" "$T/second.out"
check "the first daemon still answers" bd admin ping

kill -STOP "$(pgrep -f "baedald --home $HOME_DIR .*--service payment " | head -n 1)"
kill -9 "$DAEMON"
wait "$DAEMON" 2>/dev/null
wait_for 10 none_left && ok "a killed daemon's services die with it, a stopped one too" \
    || { fail "$(children) service processes outlived the daemon"; pgrep -af "$HOME_DIR"; }

start_daemon --processes
wait_for 10 six && ok "the restarted daemon runs six services of its own" || fail "children: $(children)"
O=$(jbd minji order chicken friedx2 --address '서울시 1' --card 4111111111111111 | jq -r .order_id)
check "and takes orders" test "$O" -gt 0
stop "$DAEMON"
wait_for 10 none_left && ok "a clean stop stops every service process" || fail "$(children) left after SIGTERM"

mode() { stat -c %a "$1"; }
check_eq "the data directory is 0700" 700 "$(mode "$HOME_DIR")"
loose=$(find "$HOME_DIR" -type f ! -perm 600 | wc -l)
check_eq "every file in it is 0600 (databases, WAL, credentials, lock)" 0 "$loose"

chmod 755 "$HOME_DIR"; chmod 644 "$HOME_DIR"/*.db
start_daemon
check_eq "an existing 0755 directory is tightened at start" 700 "$(mode "$HOME_DIR")"
check_eq "and its 0644 databases" 0 "$(find "$HOME_DIR" -name '*.db' ! -perm 600 | wc -l)"
finish
