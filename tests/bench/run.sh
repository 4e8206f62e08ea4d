#!/bin/sh
# run.sh (make bench): start a fresh baedald on ipc endpoints in a
# temporary directory and load it with baedal-bench. Arguments go to
# baedal-bench (--json, --orders 1000000, --minutes 60, ...). SOAK_MINUTES
# (default 2, 0 for none) adds a soak on a second fresh daemon.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
BIN=$(pwd)/$BUILD
T=$(mktemp -d /tmp/bdlbench.XXXXXX)
PID=

stop_daemon() {
	[ -n "$PID" ] || return 0
	kill "$PID" 2>/dev/null
	wait "$PID" 2>/dev/null
	PID=
}

# With BENCH_LOG=nats the event log is a JetStream stream with 3
# replicas on 3 nats-server nodes (127.0.0.1, .2 and .3, free ports).
LOG_ARGS=
NATS_PIDS=
free_port() {
	/usr/bin/python3 -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1],0)); print(s.getsockname()[1])' "$1"
}
start_nats() {
	routes= urls=
	for i in 1 2 3; do
		eval "p$i=\$(free_port 127.0.0.$i) c$i=\$(free_port 127.0.0.$i)"
		eval "routes=\$routes,nats://127.0.0.$i:\$c$i urls=\$urls,127.0.0.$i:\$p$i"
	done
	for i in 1 2 3; do
		eval "p=\$p$i c=\$c$i"
		/usr/sbin/nats-server -js -a "127.0.0.$i" -p "$p" -n "n$i" \
		    -sd "$T/js$i" --cluster_name bench \
		    --cluster "nats://127.0.0.$i:$c" --routes "${routes#,}" \
		    2>"$T/nats$i.log" &
		NATS_PIDS="$NATS_PIDS $!"
	done
	LOG_ARGS="--log nats://${urls#,}"
}
case "${BENCH_LOG:-}" in
nats) start_nats ;;
"") ;;
*) echo "BENCH_LOG: nats or nothing" >&2; exit 2 ;;
esac
trap 'stop_daemon; [ -z "$NATS_PIDS" ] || kill $NATS_PIDS 2>/dev/null; wait; rm -rf "$T"' EXIT INT TERM

# start_daemon NAME: a fresh daemon in $T/NAME; sets PID and HOME_DIR.
# (On JetStream it is tried again while the cluster forms.)
start_daemon() {
	HOME_DIR=$T/$1
	extra=
	[ -z "$LOG_ARGS" ] || extra="$LOG_ARGS --log-stream bench_$1"
	"$BIN/baedald" --home "$HOME_DIR" --bind "ipc://$T/$1.front" \
	    --services-bind "ipc://$T/$1.back" --log-level warn $extra \
	    2>"$T/$1.log" &
	PID=$!
	i=0
	until "$BIN/baedal" --home "$HOME_DIR" --connect "ipc://$T/$1.front" \
	    --user admin ping >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -gt 300 ] && { echo "baedald did not start"; cat "$T/$1.log"; exit 1; }
		if ! kill -0 "$PID" 2>/dev/null; then  # the cluster is forming
			"$BIN/baedald" --home "$HOME_DIR" --bind "ipc://$T/$1.front" \
			    --services-bind "ipc://$T/$1.back" --log-level warn \
			    $extra 2>"$T/$1.log" &
			PID=$!
		fi
		sleep 0.1
	done
}

bench() {
	"$BIN/baedal-bench" --home "$HOME_DIR" --pid "$PID" \
	    --connect "ipc://$T/$NAME.front" --services "ipc://$T/$NAME.back" "$@"
}

NAME=main
start_daemon $NAME
case " $* " in *" --json "*) ;; *)
	echo "baedal $("$BIN/baedald" --version | cut -d' ' -f2) on $(nproc) cores," \
	    "$(uname -m), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1);" \
	    "ipc endpoints, SQLite WAL, synchronous=FULL;" \
	    "event log ${BENCH_LOG:-embedded}${LOG_ARGS:+ (JetStream, 3 replicas)}" ;;
esac
bench "$@"
rc=$?
stop_daemon
case " $* " in *" --minutes "*) exit $rc ;; esac
if [ "${SOAK_MINUTES:-2}" != 0 ]; then
	NAME=soak
	start_daemon $NAME
	bench --minutes "${SOAK_MINUTES:-2}" --tick "${SOAK_TICK:-30}" "$@" || rc=1
fi
exit $rc
