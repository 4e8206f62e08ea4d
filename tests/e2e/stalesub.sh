# stalesub.sh: a service that subscribes again (its broker forgot its
# session, or its batch was undone) may still receive frames of the
# subscription it replaced, sent before the broker read the new subscribe.
# Those continue past events the new one starts before; the notify
# replica must ignore them, or its offset jumps over those events and
# their notifications are never made (cluster.sh saw an order's CANCELLED
# notification missing after a broker moved). tests/tools/stalesub.py
# plays the broker.
. "$(dirname "$0")/lib.sh"

EP=ipc://$T/fakebroker
bg stalesub "$PY" "$ROOT/tests/tools/stalesub.py" "$EP" "$HOME_DIR/notify.db"
FAKEB=$LAST_PID
mkdir -p "$HOME_DIR"
start_service notify --token svc-token --broker "$EP"
wait "$FAKEB"
check_eq "the fake broker's script ran to its end" 0 $?
grep -q '^subscribe .* from 1$' "$T/stalesub.log" ||
    fail "the replica subscribed again from its offset ($(tr '\n' ' ' <"$T/stalesub.log"))"
# Two subscriptions, two names: frames of the first are known as such.
check_eq "each subscription has a name of its own" 2 \
    "$(sed -n 's/^subscribe \([^ ]*\) .*/\1/p' "$T/stalesub.log" | sort -u | wc -l | tr -d ' ')"
statuses=$(sqlite3 "$HOME_DIR/notify.db" "SELECT status FROM inbox WHERE recipient = 'minji' ORDER BY seq" | tr '\n' ' ')
check_eq "one notification per status change, none skipped" \
    "PAID ACCEPTED CANCELLED " "$statuses"
check_eq "the offset is the last event's" 3 \
    "$(sqlite3 "$HOME_DIR/notify.db" "SELECT seq FROM svc_offset")"
check_eq "nothing was dead-lettered" 0 \
    "$(sqlite3 "$HOME_DIR/notify.db" "SELECT count(*) FROM svc_dead_events")"
finish
