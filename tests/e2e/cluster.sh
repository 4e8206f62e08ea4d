# cluster.sh: baedal on three simulated hosts (127.0.0.1, .2, .3; see
# tests/tools/cluster.py): 3 nats-servers (the log, 3 replicas), 2 brokers,
# 2 replicas of every service. Under load, one whole host is SIGKILLed and
# restarted, then another; afterwards every guarantee of chaos.py is
# checked (acknowledged orders exist once in a legal state, one charge per
# order, refunds, read models, notifications, the log), and the time from
# each kill to orders flowing again is reported with the answers refused
# meanwhile.
#
#   CLUSTER_SECONDS  seconds of load (default 45)
#   CLUSTER_SEED     replay a run: every run prints its seed
#   CLUSTER_KEEP     keep the run's directory even when it passes
# A failed run's directory (every host's logs and data) is kept in
# /tmp/bdl-cluster-failed.* and its path printed.
. "$(dirname "$0")/lib.sh"

[ -x /usr/sbin/nats-server ] || make -C "$ROOT" deps >/dev/null 2>&1
[ -x /usr/sbin/nats-server ] || { fail "nats-server is not installed (make deps)"; finish; }
start_fake
"$PY" "$ROOT/tests/tools/cluster.py" test --bin "$BIN" --dir "$T" --fake "$FAKE_URL" \
    --seconds "${CLUSTER_SECONDS:-45}" ${CLUSTER_SEED:+--seed "$CLUSTER_SEED"} &
RUN=$!
PIDS="$RUN $PIDS"
wait "$RUN" || FAILED=1
# A failed run (any run with CLUSTER_KEEP=1) keeps its hosts' logs and data
# for reading (its path is printed).
if [ "$FAILED" -ne 0 ] || [ -n "${CLUSTER_KEEP:-}" ]; then
	KEPT=$(mktemp -d /tmp/bdl-cluster-failed.XXXXXX)
	cp -a "$T"/. "$KEPT"/ 2>/dev/null
	echo "# cluster: this run's directory is kept in $KEPT"
fi
finish
