# pause.sh: pause (잠시 중지) and busy mode (바쁨). A paused shop refuses
# orders with shop_paused and says until when in its own time zone
# (Asia/Seoul, whatever the server's TZ); resume ends it, and so does the
# clock (tested by restarting with --clock-offset-ms, the documented
# knob); busy mode adds minutes to the ETA shown and proposed. Bad input
# changes nothing.
. "$(dirname "$0")/lib.sh"

export TZ=America/New_York   # the server's zone is not the shop's
start_daemon
wait_for 10 shops_ready
code() { jq -r '.error.code // .status'; }
order() { jbd minji order chicken friedx1 --address '서울시 1' --card 4111111111111111; }
menu() { jbd minji menu chicken | jq -r ".shop | $1"; }
version() { sqlite3 "$HOME_DIR/store.db" "SELECT version FROM shops WHERE id = 'chicken'"; }
seoul() { "$PY" -c "import sys, datetime, zoneinfo; print(datetime.datetime.fromtimestamp(int(sys.argv[1]) / 1000, zoneinfo.ZoneInfo('Asia/Seoul')).strftime('%H:%M'))" "$1"; }

R=$(jbd chicken_owner shop pause 30 --reason '재료 준비 중')
check_eq "a pause is answered with its end" "true|재료 준비 중" "$(echo "$R" | jq -r '"\(.paused)|\(.pause_reason)"')"
UNTIL=$(echo "$R" | jq -r .paused_until)
NOW=$(($(date +%s) * 1000))
check "it ends in 30 minutes" test "$UNTIL" -gt $((NOW + 29 * 60000)) -a "$UNTIL" -le $((NOW + 31 * 60000))
E=$(order)
check_eq "a paused shop refuses orders" shop_paused "$(echo "$E" | code)"
check_eq "saying until when, in Seoul's time, and why" \
    "바삭치킨: 잠시 주문을 받지 않아요 ($(seoul "$UNTIL")까지) · 재료 준비 중" "$(echo "$E" | jq -r .error.message)"
check_eq "a quote too" shop_paused "$(jbd minji quote chicken fried | code)"
check_eq "the menu shows it" "true|false|잠시 주문을 받지 않아요 ($(seoul "$UNTIL")까지) · 재료 준비 중" \
    "$(menu '"\(.paused)|\(.accepting)|\(.status_text)"')"
check_eq "and the shop list" true "$(jbd minji shops | jq '.shops[] | select(.id == "chicken") | .paused')"
check_eq "other shops take orders" PAID "$(jbd minji order china jjajangx2 --address '서울시 1' --card 4111111111111111 | code)"
check_eq "resume" false "$(jbd chicken_owner shop resume | jq .paused)"
check_eq "a resumed shop takes orders" PAID "$(order | code)"
check_eq "pause with no minutes: until resumed" 0 "$(jbd chicken_owner shop pause | jq .paused_until)"
check_eq "refused, with no end said" "바삭치킨: 잠시 주문을 받지 않아요" "$(order | jq -r .error.message)"
jbd chicken_owner shop resume >/dev/null

check_eq "busy mode" "true|20" "$(jbd chicken_owner shop busy on | jq -r '"\(.busy)|\(.busy_min)"')"
check_eq "customers see the longer estimate" "50|바빠요 · 약 50분" "$(menu '"\(.eta_min)|\(.status_text)"')"
O=$(order | jq -r .order_id)
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner --json shop queue | jq -e '.orders[] | select(.order_id == $O)'"
jbd chicken_owner shop accept "$O" >/dev/null
wait_for 5 sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json status $O | jq -e '.status == \"ACCEPTED\"'"
check_eq "the proposed ETA is longer too" 50 "$(jbd minji status "$O" | jq .eta_min)"
jbd chicken_owner shop busy on 15 >/dev/null
check_eq "busy with minutes" 45 "$(menu .eta_min)"
jbd chicken_owner shop busy off >/dev/null
check_eq "busy off" "30|영업중" "$(menu '"\(.eta_min)|\(.status_text)"')"

v=$(version)
call() { jbd "${3:-chicken_owner}" call store "$1" "$2" | code; }
check_eq "0 minutes is refused" bad_request "$(call pause '{"minutes":0}')"
check_eq "more than a day too" bad_request "$(call pause '{"minutes":1441}')"
check_eq "minutes as a string too" bad_request "$(call pause '{"minutes":"30"}')"
check_eq "a reason that is too long" text_too_long "$(call pause "{\"reason\":\"$("$PY" -c "print('가' * 201)")\"}")"
check_eq "a reason with a line break" bad_text "$(call pause '{"reason":"a\nb"}')"
check_eq "busy without on" bad_request "$(call busy '{}')"
check_eq "busy on as a word" bad_request "$(call busy '{"on":"yes"}')"
check_eq "busy minutes below 5" bad_request "$(call busy '{"on":true,"minutes":4}')"
check_eq "a customer cannot pause a shop" forbidden "$(call pause '{}' minji)"
check_eq "the CLI wants a number" 2 "$(bd chicken_owner shop pause soon >/dev/null 2>&1; echo $?)"
check_eq "refusals changed nothing" "$v" "$(version)"
check_eq "the shop still takes orders" PAID "$(order | code)"

# The clock ends a pause: a minute's pause, then the shops' clock two
# minutes on.
jbd chicken_owner shop pause 1 >/dev/null
check_eq "paused" shop_paused "$(order | code)"
stop "$DAEMON"
start_daemon --clock-offset-ms 120000
cleared() { [ -z "$(sqlite3 "$HOME_DIR/store.db" "SELECT paused_until FROM shops WHERE id = 'chicken'")" ]; }
wait_for 5 cleared && ok "the store writes the ended pause down by itself" || fail "still paused in store.db"
check_eq "the pause is over" "false|true" "$(menu '"\(.paused)|\(.accepting)"')"
check_eq "orders are taken" PAID "$(order | code)"
check_eq "followers were told (shop.updated without a pause)" null \
    "$(jbd admin events --type shop.updated | jq -s '[.[] | select(.shop_id == "chicken")] | last | .data.shop.paused_until')"
finish
