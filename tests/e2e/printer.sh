# printer.sh: kitchen tickets on a receipt printer (ESC/POS over raw TCP),
# against tests/tools/fakeprinter.py on loopback: an accepted order prints
# one ticket with its Korean text, items, options, requests in big type and
# big order number; a printer that is down, slow or closing early delays
# no accept and the ticket comes out once it is back; a SIGKILL between
# sending and recording leaves one ticket (the job is marked unknown, not
# sent again); a line the shop could not make is left off; reprint; a job that never gets through is dead, and said
# so; bad input changes nothing.
. "$(dirname "$0")/lib.sh"

CTL=$T/printer.ctl
echo '{}' >"$CTL"
bg printer "$PY" "$ROOT/tests/tools/fakeprinter.py" --port-file "$T/pport" \
    --log "$T/tickets.jsonl" --control "$CTL"
wait_for 10 test -s "$T/pport" || { fail "the fake printer did not start"; finish; }
PPORT=$(cat "$T/pport")
ctl_printer() { echo "$1" >"$CTL.tmp" && mv "$CTL.tmp" "$CTL"; }

# Tickets of one order (complete ones), as a JSON array.
tickets() { jq -sc "[.[] | select(.complete and .lines[0].text == \"주문 #$1\")]" "$T/tickets.jsonl"; }
ntickets() { tickets "$1" | jq length; }
has_tickets() { [ "$(ntickets "$1")" -ge "$2" ]; }
jobs() { jbd chicken_owner shop print-jobs "$@"; }
job_of() { jobs | jq -c "[.jobs[] | select(.order_id == $1)][0]"; }
job_state() { [ "$(job_of "$1" | jq -r .state)" = "$2" ]; }
ms() { date +%s%3N; }
# accept_ms ORDER: accept it; prints how long the answer took (ms).
accept_ms() {
	t0=$(ms); bd chicken_owner shop accept "$1" >/dev/null || echo "accept failed" >&2
	echo $(( $(ms) - t0 ))
}
place_note() {
	o=$(jbd minji order chicken 'friedx2+boneless#덜 맵게' colax1 --note '빨리요' \
	    --address '서울시 마포구 월드컵로 1' --card 4111111111111111 | jq -r '.order_id // empty')
	wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json status $o | jq -e '.status == \"PAID\"'"
	echo "$o"
}

start_daemon
wait_for 10 shops_ready

# Bad input: stable codes, nothing changes.
code() { jbd chicken_owner "$@" | jq -r '.error.code // "none"'; }
check_eq "printer: no host:port is bad_request" bad_request "$(code shop printer nohost)"
check_eq "printer: port 99999 is bad_request" bad_request "$(code shop printer 127.0.0.1:99999)"
check_eq "printer: a host with a space is bad_request" bad_request "$(code shop printer 'a b:9100')"
check_eq "printer: width 70 is bad_request" bad_request "$(code shop printer 127.0.0.1:$PPORT --width 70)"
check_eq "printer: --print-on later is bad_request" bad_request "$(code shop printer 127.0.0.1:$PPORT --print-on later)"
check_eq "and no printer was set" null "$(jobs | jq -c .printer)"
check_eq "reprint without a printer is invalid_state" invalid_state "$(code shop print "$(place_paid)")"

check_eq "printer set: 58 mm, on accept" "127.0.0.1:$PPORT 58 accepted" \
    "$(jbd chicken_owner shop printer 127.0.0.1:$PPORT --width 58 | jq -r '.printer | "\(.address) \(.width) \(.print_on)"')"
check_eq "width 70 later leaves the printer as it was" "bad_request 58" \
    "$(code shop printer 127.0.0.1:1 --width 70) $(jobs | jq -r .printer.width)"

# An accepted order prints one ticket.
O1=$(place_note)
check_eq "a paid order prints nothing yet (print on accept)" 0 "$(ntickets "$O1")"
accept_ms "$O1" >/dev/null
wait_for 10 has_tickets "$O1" 1 && ok "the accepted order's ticket is printed" || fail "no ticket: $(cat "$T/tickets.jsonl")"
wait_for 5 job_state "$O1" printed && ok "its job is printed" || fail "job: $(job_of "$O1")"
t=$(tickets "$O1" | jq -c '.[0]')
NAME=$(jbd chicken_owner shop queue | jq -r ".orders[] | select(.order_id == $O1) | .items[0].name")
OPT=$(jbd chicken_owner shop queue | jq -r ".orders[] | select(.order_id == $O1) | .items[0].options[0].name")
check_eq "ESC @ first, a cut (GS V) last" "ESC @|GS V 0" "$(echo "$t" | jq -r '"\(.commands[0])|\(.commands[-1])"')"
check_eq "the order number in big type" "true" "$(echo "$t" | jq -r '.lines[0].big')"
check_eq "delivery, in big type" "배달 true" "$(echo "$t" | jq -r '.lines[1] | "\(.text) \(.big)"')"
check "the time is printed" sh -c "echo '$t' | jq -e '.lines[2].text | test(\"^주문 시각 [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$\")'"
check_eq "the item and its quantity, in CP949" "$NAME x2" "$(echo "$t" | jq -r '.lines[4].text')"
check_eq "its option" "  + $OPT" "$(echo "$t" | jq -r '.lines[5].text')"
check_eq "its line note, in big type" " > 덜 맵게 true" "$(echo "$t" | jq -r '.lines[6] | "\(.text) \(.big)"')"
NAME2=$(jbd chicken_owner shop queue | jq -r ".orders[] | select(.order_id == $O1) | .items[1].name")
check_eq "the next line" "$NAME2 x1" "$(echo "$t" | jq -r '.lines[7].text')"
check_eq "the order's request, in big type" "true" \
    "$(echo "$t" | jq '[.lines[] | select(.text == "요청: 빨리요")][0].big')"
check_eq "the rule is 32 columns on 58 mm paper" 32 "$(echo "$t" | jq -r '.lines[3].text | length')"
check_eq "one ticket, one job" "1 1" "$(ntickets "$O1") $(jobs | jq "[.jobs[] | select(.order_id == $O1)] | length")"

# A line the shop cannot make (removed before the accept) is not printed.
O9=$(place_note)
wait_for 5 sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user chicken_owner --json shop queue | jq -e '.orders[] | select(.order_id == $O9)'"
jbd chicken_owner shop unavailable "$O9" 2 >/dev/null
wait_for 5 sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user chicken_owner --json shop queue | jq -e '.orders[] | select(.order_id == $O9 and .items[1].removed)'"
accept_ms "$O9" >/dev/null
wait_for 10 has_tickets "$O9" 1 && ok "an order with a line removed prints" || fail "no ticket of $O9"
check_eq "the line made is printed, the one removed is not" "1 0" \
    "$(tickets "$O9" | jq -r --arg a "$NAME x2" --arg b "$NAME2 x1" '.[0] | "\([.lines[] | select(.text == $a)] | length) \([.lines[] | select(.text == $b)] | length)"')"

# The printer is down: the accept answers at once; printed when it is back.
ctl_printer '{"refuse":true}'
O2=$(place_paid)
d=$(accept_ms "$O2")
check "printer down: the accept answered at once ($d ms)" test "$d" -lt 1500
check_eq "the order is accepted" ACCEPTED "$(jbd minji status "$O2" | jq -r .status)"
wait_for 10 sh -c "[ \"\$($BIN/baedal --home $HOME_DIR --connect $FRONT --user chicken_owner --json shop print-jobs | jq '[.jobs[] | select(.order_id == $O2 and .attempts >= 1 and .state == \"pending\")] | length')\" = 1 ]" \
    && ok "the job waits, with its error" || fail "job: $(job_of "$O2")"
check "the error says why" sh -c "echo '$(job_of "$O2")' | jq -e '.last_error | test(\"refused\")'"
check "a store.print_failed event tells the console" sh -c \
    "$BIN/baedal --home $HOME_DIR --connect $FRONT --user chicken_owner --json events --type store.print_failed | jq -se '[.[] | select(.order_id == $O2)] | length >= 1'"
ctl_printer '{}'
wait_for 20 has_tickets "$O2" 1 && ok "back up: the ticket is printed" || fail "not printed: $(job_of "$O2")"
wait_for 5 job_state "$O2" printed && ok "and its job is printed" || fail "job: $(job_of "$O2")"
check_eq "once" 1 "$(ntickets "$O2")"

# A slow printer delays no accept.
ctl_printer '{"stall_ms":3000}'
O3=$(place_paid)
d=$(accept_ms "$O3")
check "slow printer: the accept answered at once ($d ms)" test "$d" -lt 1500
O3b=$(place_paid)
d=$(accept_ms "$O3b")
check "and the next one too ($d ms)" test "$d" -lt 1500
wait_for 20 has_tickets "$O3b" 1 && ok "both tickets come out" || fail "not printed: $(job_of "$O3b")"
check_eq "once each" "1 1" "$(ntickets "$O3") $(ntickets "$O3b")"
ctl_printer '{}'

# A printer that resets the connection part way: sent again, whole.
ctl_printer '{"close_after":20}'
O5=$(place_paid)
accept_ms "$O5" >/dev/null
wait_for 10 sh -c "jq -se '[.[] | select(.complete == false)] | length >= 1' '$T/tickets.jsonl'" \
    && ok "closed early: a partial ticket" || fail "no partial ticket"
ctl_printer '{}'
wait_for 20 has_tickets "$O5" 1 && ok "then the whole ticket, on a retry" || fail "not printed: $(job_of "$O5")"
check "after more than one attempt" sh -c "echo '$(job_of "$O5")' | jq -e '.attempts >= 2'"

# SIGKILL between sending and recording: one ticket, the job unknown.
ctl_printer '{"hold":true}'
O4=$(place_paid)
accept_ms "$O4" >/dev/null
wait_for 10 has_tickets "$O4" 1 && ok "the ticket reached the printer" || fail "not sent"
check_eq "the job is still sending (no answer yet)" sending "$(job_of "$O4" | jq -r .state)"
stop "$DAEMON" KILL
ctl_printer '{}'
start_daemon
wait_for 10 job_state "$O4" unknown && ok "after the restart the job is unknown, not sent again" \
    || fail "job: $(job_of "$O4")"
check "it says so" sh -c "echo '$(job_of "$O4")' | jq -e '.last_error | test(\"may have printed\")'"
check "and a store.print_failed event says it" sh -c \
    "$BIN/baedal --home $HOME_DIR --connect $FRONT --user chicken_owner --json events --type store.print_failed | jq -se '[.[] | select(.order_id == $O4 and .data.state == \"unknown\")] | length == 1'"

# A clean stop while a ticket is on its way waits for it and records it.
ctl_printer '{"hold":true}'
O8=$(place_paid)
accept_ms "$O8" >/dev/null
wait_for 10 has_tickets "$O8" 1 && ok "clean stop: the ticket reached the printer" || fail "not sent"
kill -TERM "$DAEMON"
wait_for 10 grep -q "waiting for 1 kitchen tickets" "$T/baedald.log" \
    && ok "the stopping store waits for it" || fail "no wait in the log"
ctl_printer '{}'
stop "$DAEMON"
start_daemon
check_eq "after a clean stop and start the job is printed, not unknown" printed "$(job_of "$O8" | jq -r .state)"

# Reprint: a new job, a second ticket marked as such.
r=$(jbd chicken_owner shop print "$O1")
check_eq "reprint queues a job" pending "$(echo "$r" | jq -r .state)"
wait_for 10 has_tickets "$O1" 2 && ok "reprint: a second ticket" || fail "no reprint: $(job_of "$O1")"
check_eq "marked as a reprint" "(재출력)" "$(tickets "$O1" | jq -r '.[1].lines[3].text')"
check_eq "the interrupted order still has one ticket (after a later job went through)" 1 "$(ntickets "$O4")"
check_eq "reprint of an unknown order: not_found" not_found "$(code shop print 999999)"
check_eq "reprint of another shop's order: not_found" not_found \
    "$(jbd bunsik_owner shop print "$O1" | jq -r '.error.code')"
check_eq "reprint of a non-number: usage" usage "$(code shop print abc)"
check_eq "print-jobs --state later: bad_request" bad_request "$(code shop print-jobs --state later)"
n=$(jobs | jq '.jobs | length')
check_eq "bad reprints made no job" "$n" "$(jobs | jq '.jobs | length')"

# Turned off: an accepted order makes no job.
check_eq "printer off" null "$(jbd chicken_owner shop printer off | jq -c .printer)"
O6=$(place_paid)
accept_ms "$O6" >/dev/null
wait_for 5 sh -c "$BIN/baedal --home $HOME_DIR --connect $FRONT --user chicken_owner --json shop queue | jq -e '.orders[] | select(.order_id == $O6 and .status == \"ACCEPTED\")'"
check_eq "no job for an order accepted with the printer off" null "$(job_of "$O6")"

# Print on arrival, and a job that never gets through is dead.
stop "$DAEMON"
BAEDAL_PRINT_MAX_ATTEMPTS=2 BAEDAL_PRINT_BACKOFF_MS=50 start_daemon
ctl_printer '{"refuse":true}'
jbd chicken_owner shop printer 127.0.0.1:$PPORT --print-on paid >/dev/null
O7=$(place_paid)
wait_for 15 job_state "$O7" dead && ok "print on arrival: a paid order's job, dead after 2 refusals" \
    || fail "job: $(job_of "$O7")"
check "a store.print_failed event says it is dead" sh -c \
    "$BIN/baedal --home $HOME_DIR --connect $FRONT --user chicken_owner --json events --type store.print_failed | jq -se '[.[] | select(.order_id == $O7 and .data.state == \"dead\")] | length == 1'"
check_eq "the status shows it" 1 "$(jobs | jq .counts.dead)"
ctl_printer '{}'
bd chicken_owner shop print "$O7" >/dev/null
wait_for 10 has_tickets "$O7" 1 && ok "a reprint of a dead job prints" || fail "no ticket"
finish
