#!/bin/sh
# run.sh (make bench): start a fresh baedald on ipc endpoints in a
# temporary directory and print round-trip, ordering and event-log figures.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
BIN=$(pwd)/$BUILD
T=$(mktemp -d /tmp/bdlbench.XXXXXX)
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$T"' EXIT INT TERM
"$BIN/baedald" --home "$T/home" --bind "ipc://$T/front" \
    --services-bind "ipc://$T/back" --log-level warn 2>"$T/log" &
PID=$!
i=0
until "$BIN/baedal" --home "$T/home" --connect "ipc://$T/front" --user admin \
    ping >/dev/null 2>&1; do
	i=$((i + 1)); [ $i -gt 100 ] && { echo "baedald did not start"; exit 1; }
	sleep 0.1
done
tok() { jq -r --arg u "$1" '.users[] | select(.name == $u) | .token' "$T/home/credentials.json"; }
echo "baedal $("$BIN/baedald" --version | cut -d' ' -f2) on $(nproc) cores, $(uname -m); ipc endpoints, SQLite WAL"
"$BIN/bench" ping "ipc://$T/front" "$(tok minji)" 5000
"$BIN/bench" order "ipc://$T/front" "$(tok minji)" ${ORDERS:-500}
"$BIN/bench" publish "ipc://$T/back" "$(tok svc)" ${EVENTS:-50000}
"$BIN/bench" follow "ipc://$T/front" "$(tok admin)" ${EVENTS:-50000}
