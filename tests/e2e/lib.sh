# lib.sh: shared helpers for baedal's end-to-end tests (POSIX sh).
#
# Each test gets its own temporary directory, data directory and ipc
# endpoints, so tests run side by side. Every process a test starts is
# stopped when it exits. Waits are bounded polls, never bare sleeps.

set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) BIN=$BUILD ;; *) BIN=$ROOT/$BUILD ;; esac
PY=/usr/bin/python3
T=$(mktemp -d /tmp/bdl.XXXXXX)
HOME_DIR=$T/home
FRONT=ipc://$T/front
BACK=ipc://$T/back
PIDS=""
FAILED=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
# The programs speak Korean unless a test asks for another language (see
# i18n.sh): the caller's language settings do not leak in.
unset LANGUAGE LC_ALL LC_MESSAGES
export LANG=C.UTF-8

cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1; i=$((i + 1))
		done
		kill -9 "$p" 2>/dev/null
	done
	if grep -q -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' \
	    "$T"/*.log 2>/dev/null; then
		echo "not ok - sanitizer reports in $(basename "$0")"
		grep -h -A 12 -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' \
		    "$T"/*.log | head -60
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { echo "ok - $*"; }
fail() { echo "not ok - $*"; FAILED=1; }

# check NAME CMD...: ok when CMD succeeds.
check() {
	name=$1; shift
	if "$@" >"$T/check.out" 2>&1; then ok "$name"
	else fail "$name"; sed 's/^/    # /' "$T/check.out" | tail -n 15; fi
}

# check_fails NAME CMD...: ok when CMD fails.
check_fails() {
	name=$1; shift
	if "$@" >"$T/check.out" 2>&1; then
		fail "$name (it succeeded)"; sed 's/^/    # /' "$T/check.out" | tail -n 5
	else ok "$name"; fi
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"
	else fail "$1: expected '$2', got '$3'"; fi
}

# wait_for SECONDS CMD...: poll CMD every 0.05 s until it succeeds.
wait_for() {
	limit=$1; shift
	end=$(( $(date +%s) + limit ))
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.05
	done
	return 0
}

# bg NAME CMD...: start CMD in the background, logging to $T/NAME.log;
# sets LAST_PID.
bg() {
	name=$1; shift
	"$@" >>"$T/$name.log" 2>&1 &
	LAST_PID=$!
	PIDS="$PIDS $LAST_PID"
}

# stop PID [SIGNAL]: signal PID and wait (bounded) for it to go.
stop() {
	kill -"${2:-TERM}" "$1" 2>/dev/null
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.05; i=$((i + 1))
	done
	wait "$1" 2>/dev/null
	return 0
}

# start_daemon [ARGS]: the broker and services, on this test's endpoints;
# waits until it answers. Sets DAEMON.
start_daemon() {
	bg baedald "$BIN/baedald" --home "$HOME_DIR" --bind "$FRONT" \
	    --services-bind "$BACK" "$@"
	DAEMON=$LAST_PID
	wait_for 15 bd admin ping || { fail "baedald did not start"; tail "$T/baedald.log"; exit 1; }
}

# start_tries ARGS...: start_daemon on a JetStream cluster. A broker
# that cannot make or follow the stream, or read the users, at start
# exits (JetStream may refuse to place a stream just after the cluster
# formed, and after a loss each stream and bucket whose leader was there
# elects another): started again until 45 s have passed; sets DAEMON
# and TRY; 1 when it never came up.
up_or_gone() { bd admin ping || ! kill -0 "$DAEMON" 2>/dev/null; }
start_tries() {
	TRY=0
	tries_end=$(( $(date +%s) + 45 ))
	while [ "$(date +%s)" -lt "$tries_end" ]; do
		TRY=$((TRY + 1))
		bg baedald "$BIN/baedald" --home "$HOME_DIR" --bind "$FRONT" \
		    --services-bind "$BACK" "$@"
		DAEMON=$LAST_PID
		wait_for 15 up_or_gone
		bd admin ping >/dev/null 2>&1 && return 0
		stop "$DAEMON"
	done
	return 1
}

# start_service NAME [ARGS]: one service as its own process. Sets SVC_PID.
start_service() {
	s=$1; shift
	bg "svc-$s" "$BIN/baedald" --home "$HOME_DIR" --service "$s" \
	    --broker "$BACK" "$@"
	SVC_PID=$LAST_PID
}

# bd USER ARGS...: the CLI as USER.
bd() {
	u=$1; shift
	"$BIN/baedal" --home "$HOME_DIR" --connect "$FRONT" --user "$u" "$@"
}

# jbd USER ARGS...: the CLI with --json.
jbd() {
	u=$1; shift
	"$BIN/baedal" --home "$HOME_DIR" --connect "$FRONT" --user "$u" --json "$@"
}

# token USER: a user's secret from credentials.json.
token() {
	jq -r --arg u "$1" '.users[] | select(.name == $u) | .token' \
	    "$HOME_DIR/credentials.json"
}

# raw ARGS...: the raw ZeroMQ peer in tests/tools/rawpeer.py.
raw() {
	"$PY" "$ROOT/tests/tools/rawpeer.py" "$@"
}

# start_fake: the fake HTTP server (tests/tools/fakehttp.py) on a free loopback
# port; sets FAKE_URL. ctl JSON changes its behaviour.
start_fake() {
	bg fake "$PY" "$ROOT/tests/tools/fakehttp.py" --port 0 --port-file "$T/port" \
	    --log "$T/fake.jsonl"
	wait_for 10 test -s "$T/port" || { fail "the fake HTTP server did not start"; finish; }
	FAKE_URL=http://127.0.0.1:$(cat "$T/port")
}
ctl() { curl -s -m 5 -X POST -d "$1" "$FAKE_URL/_control" >/dev/null; }

# start_deposits: the fake gateway and the daemon with its DEPOSIT_CALLBACK
# receiver on a free loopback port (CB_PORT; CB is its URL), once the
# shops are there. bank JSON plays the bank (fakehttp.py's /_deposit).
start_deposits() {
	start_fake
	CB_PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
	CB=http://127.0.0.1:$CB_PORT/toss/deposit-callback
	start_daemon --pg-url "$FAKE_URL" --pg-callback-port "$CB_PORT"
	wait_for 10 shops_ready
}
bank() { curl -s -m 15 -X POST -d "$1" "$FAKE_URL/_deposit"; }

# load_fixture DIR: a data directory an earlier version made, from DIR's
# SQL dumps (one per database) and credentials.json.
load_fixture() {
	mkdir -m 700 "$HOME_DIR"
	for f in "$1"/*.sql; do
		sqlite3 "$HOME_DIR/$(basename "$f" .sql).db" <"$f"
	done
	install -m 600 "$1/credentials.json" "$HOME_DIR/credentials.json"
}

# place_paid [ITEMS]: a new order of minji's at chicken (friedx1), once
# the view says it is PAID; prints its id.
place_paid() {
	o=$(jbd minji order chicken "${1:-friedx1}" --address '서울시 마포구 월드컵로 1' \
	    --card 4111111111111111 | jq -r '.order_id // empty')
	wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json status $o | jq -e '.status == \"PAID\"'"
	echo "$o"
}

# ready_order: place_paid, then chicken_owner accepts, cooks and makes it
# READY, once the delivery service knows it is ready (riders see it);
# prints its id.
ready_order() {
	o=$(place_paid)
	for a in accept cook ready; do jbd chicken_owner shop $a "$o" >/dev/null; done
	wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin --json call delivery get '{\"order_id\":$o}' | jq -e '.ready_at > 0'"
	echo "$o"
}

# pay ORDER: the order's payment (payment.get, as admin).
pay() { jbd admin call payment get "{\"order_id\":$1}"; }

# test_events N FIRST [CUSTOMER]: N events of type order.test, keys and
# order ids FIRST.., as a publish's JSON array.
test_events() {
	$PY -c "import json,sys; print(json.dumps([{'type':'order.test','key':'t%d' % i,'order_id':i,'shop_id':'chicken','customer_id':sys.argv[3],'data':{'n':i}} for i in range(int(sys.argv[2]), int(sys.argv[2])+int(sys.argv[1]))]))" "$1" "$2" "${3:-minji}"
}

# publish_acked TOKEN: publish 20 batches of 10 test events (order ids
# 5000..5199) on the back door; prints how many were acknowledged.
publish_acked() {
	acked=0
	i=0
	while [ $i -lt 20 ]; do
		r=$(raw publish "$BACK" "$1" "$(test_events 10 $((5000 + i * 10)))")
		[ "$(echo "$r" | jq .ok)" = true ] && acked=$((acked + 10))
		i=$((i + 1))
	done
	echo "$acked"
}

# The order service prices chicken's menu (it holds the catalog).
orders_ready() {
	jbd minji call order quote '{"shop_id":"chicken","items":[{"item_id":"fried","qty":2}]}' |
	    jq -e '.total > 0'
}

# The demo shops are there (the store has seeded and published them).
shops_ready() {
	[ "$(jbd admin call store shops | jq '.shops | length')" = 4 ]
}

# free_port [ADDR]: a TCP port free on ADDR (127.0.0.1).
free_port() {
	$PY -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1],0)); print(s.getsockname()[1])' "${1:-127.0.0.1}"
}

# start_nats: one JetStream server on a free loopback port, its storage
# in $T/js (sets NP and NATS_PID); nraw ARGS... asks it things
# (tests/tools/natsraw.py).
start_nats() {
	NATS=/usr/sbin/nats-server
	[ -x "$NATS" ] || make -C "$ROOT" deps >/dev/null 2>&1
	[ -x "$NATS" ] || { fail "nats-server is not installed (make deps)"; finish; }
	NP=$(free_port)
	bg nats "$NATS" -js -a 127.0.0.1 -p "$NP" -n "bdl-$$" -sd "$T/js"
	NATS_PID=$LAST_PID
	wait_for 15 nraw info none || { fail "nats-server did not start"; finish; }
}
nraw() { "$PY" "$ROOT/tests/tools/natsraw.py" "${NR:-127.0.0.1:$NP}" "$@"; }

# start_nats_cluster: three JetStream servers forming one cluster, server
# I on 127.0.0.I (client port PI, monitoring port MI, storage $T/jsI;
# node I starts it, sets NODE_I); waits until a 3-replica stream can be
# placed. Sets URLS (all three, for --log) and NR (the server nraw asks:
# 127.0.0.1's).
node() {
	eval "p=\$P$1; c=\$C$1; m=\$M$1"
	bg "nats$1" "$NATS" -js -a "127.0.0.$1" -p "$p" -m "$m" -n "n$1" -sd "$T/js$1" \
	    --cluster_name bdl --cluster "nats://127.0.0.$1:$c" --routes "$ROUTES"
	eval "NODE_$1=\$LAST_PID"
}
# The cluster is ready once a 3-replica stream can be placed (a probe,
# deleted at once).
js_ready() {
	nraw api '$JS.API.STREAM.CREATE.probe' '{"name":"probe","subjects":["probe"],"num_replicas":3,"storage":"memory"}' |
	    jq -e '.error == null' >/dev/null &&
	    nraw api '$JS.API.STREAM.DELETE.probe' >/dev/null
}
start_nats_cluster() {
	NATS=/usr/sbin/nats-server
	[ -x "$NATS" ] || make -C "$ROOT" deps >/dev/null 2>&1
	[ -x "$NATS" ] || { fail "nats-server is not installed (make deps)"; finish; }
	for i in 1 2 3; do
		eval "P$i=\$(free_port 127.0.0.$i)"
		eval "C$i=\$(free_port 127.0.0.$i)"
		eval "M$i=\$(free_port 127.0.0.$i)"
	done
	ROUTES="nats://127.0.0.1:$C1,nats://127.0.0.2:$C2,nats://127.0.0.3:$C3"
	node 1; node 2; node 3
	NR=127.0.0.1:$P1
	wait_for 30 js_ready || { fail "the JetStream cluster did not form"; tail -5 "$T/nats1.log"; finish; }
	URLS="nats://127.0.0.1:$P1,127.0.0.2:$P2,127.0.0.3:$P3"
}

# tmux_begin PREFIX: a tmux server of the test's own (its socket in $T,
# named PREFIX and the test's pid), killed at exit before cleanup; tm
# ARGS... runs tmux on it.
tmux_begin() {
	TM="$1$$"
	TMUX_TMPDIR=$T
	export TMUX_TMPDIR
	trap 'tm kill-server 2>/dev/null; cleanup' EXIT
}
tm() { tmux -L "$TM" -f /dev/null "$@"; }

finish() {
	exit $FAILED
}
