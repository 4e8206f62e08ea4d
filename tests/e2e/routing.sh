# routing.sh: how the broker shares requests among the workers of a
# service: each service's workers take turns of their own (requests to
# another service do not move its turn), and a busy worker is passed over
# for an idle one.
. "$(dirname "$0")/lib.sh"

start_daemon --services order,payment
SVC=$(token svc)
MINJI=$(token minji)
got() { grep -c '"type": "request"' "$T/$1.log"; }
registered() { grep -q '"ok": true' "$T/$1.log"; }

for w in view1 view2 deliv1 deliv2; do
	case $w in view*) name=view ;; *) name=delivery ;; esac
	bg "$w" raw service "$BACK" "$SVC" "$name" --seconds 60
	wait_for 5 registered "$w" || fail "$w did not register"
done
frames=""
for i in 1 2 3 4 5 6 7 8 9 10; do
	frames="$frames {\"type\":\"request\",\"id\":\"v$i\",\"service\":\"view\",\"method\":\"ping\"}"
	frames="$frames {\"type\":\"request\",\"id\":\"d$i\",\"service\":\"delivery\",\"method\":\"ping\"}"
done
# shellcheck disable=SC2086
answers=$(raw send "$FRONT" --token "$MINJI" $frames | grep -c '"id": "[vd][0-9]*", "ok": true')
check_eq "20 requests alternating between two services are answered" 20 "$answers"
check_eq "each view worker got half of view's requests" "5 5" "$(got view1) $(got view2)"
check_eq "each delivery worker got half of delivery's" "5 5" "$(got deliv1) $(got deliv2)"

# While one worker has a long request in hand, the next requests go to
# the idle one instead of waiting behind it (8 s: ten requests in a row
# take far less, even on a loaded machine).
bg slow raw service "$BACK" "$SVC" store --delay 8000 --seconds 60
wait_for 5 registered slow || fail "slow store worker did not register"
bg long raw ask "$FRONT" "$MINJI" '{"type":"request","id":"long","service":"store","method":"long","deadline_ms":20000}' 30
wait_for 5 sh -c "[ \"\$(grep -c '\"type\": \"request\"' '$T/slow.log')\" = 1 ]" || fail "the long request did not reach the slow worker"
bg fast raw service "$BACK" "$SVC" store --seconds 60
wait_for 5 registered fast || fail "fast store worker did not register"
frames=""
for i in 1 2 3 4 5 6 7 8 9 10; do
	frames="$frames {\"type\":\"request\",\"id\":\"s$i\",\"service\":\"store\",\"method\":\"ping\"}"
done
# shellcheck disable=SC2086
answers=$(raw send "$FRONT" --token "$MINJI" $frames | grep -c '"id": "s[0-9]*", "ok": true')
check_eq "10 requests one after another are answered" 10 "$answers"
check_eq "all went to the idle worker, none behind the long one" "1 10" "$(got slow) $(got fast)"
wait_for 15 grep -q '"id": "long", "ok": true' "$T/long.log" && ok "and the long one is answered too" || fail "the long request was lost"
finish
