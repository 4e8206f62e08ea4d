# chaos.sh: the fault-injection suite. Load from customer, owner and
# subscriber connections against baedald --processes and a slow HTTP
# payment gateway, while service processes and the daemon are killed,
# stopped and restarted at random (a seeded RNG); then every database is
# checked against DESIGN.md's guarantees. Once as --processes, once more
# with a second order-service process on purpose. The driver is
# tests/tools/chaos.py.
#
#   CHAOS_SECONDS  seconds of faults, both variants together (default 70;
#                  make torture: 600)
#   CHAOS_SEED     replay a run: every run prints its seed
. "$(dirname "$0")/lib.sh"

start_fake
"$PY" "$ROOT/tests/tools/chaos.py" --bin "$BIN" --dir "$T" --fake "$FAKE_URL" \
    --seconds "${CHAOS_SECONDS:-70}" ${CHAOS_SEED:+--seed "$CHAOS_SEED"} \
    ${CHAOS_VARIANTS:+--variants "$CHAOS_VARIANTS"} &
CHAOS=$!
PIDS="$CHAOS $PIDS"
wait "$CHAOS" || FAILED=1
finish
