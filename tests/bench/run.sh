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
trap 'stop_daemon; rm -rf "$T"' EXIT INT TERM

stop_daemon() {
	[ -n "$PID" ] || return 0
	kill "$PID" 2>/dev/null
	wait "$PID" 2>/dev/null
	PID=
}

# start_daemon NAME: a fresh daemon in $T/NAME; sets PID and HOME_DIR.
start_daemon() {
	HOME_DIR=$T/$1
	"$BIN/baedald" --home "$HOME_DIR" --bind "ipc://$T/$1.front" \
	    --services-bind "ipc://$T/$1.back" --log-level warn \
	    2>"$T/$1.log" &
	PID=$!
	i=0
	until "$BIN/baedal" --home "$HOME_DIR" --connect "ipc://$T/$1.front" \
	    --user admin ping >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -gt 100 ] && { echo "baedald did not start"; cat "$T/$1.log"; exit 1; }
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
	    "ipc endpoints, SQLite WAL, synchronous=FULL" ;;
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
