# shops_cache.sh: store.shops is answered from text the store keeps
# between requests, and never shows a shop as it was. Each change of
# the owner's (pause, resume, busy, close, open, position, hours) shows
# in the very next answer, after answers that were kept; so does a
# change written to store.db by another connection (a second process of
# the store); and so does the clock's: a shop whose hours start at the
# next minute is shown closed until then and open in the first answer
# after it (the shops' clock is set, with the documented
# --clock-offset-ms, to 35 s into a minute, so the test waits seconds,
# not a minute).
. "$(dirname "$0")/lib.sh"

export TZ=America/New_York   # the server's zone is not the shop's
OFF=$(( (35000 - $(date +%s%3N) % 60000 + 60000) % 60000 ))
start_daemon --clock-offset-ms "$OFF"
wait_for 10 shops_ready
# chicken JQ: the chicken shop in a shops answer, through jq.
chicken() { jbd minji shops | jq -r ".shops[] | select(.id == \"chicken\") | $1"; }
state() { chicken '"\(.accepting)|\(.paused)|\(.eta_min)|\(.status_text)"'; }
# warm: answers the store keeps (asked twice: made, then kept).
warm() { chicken .id >/dev/null; chicken .id >/dev/null; }
owner() { jbd chicken_owner shop "$@" >/dev/null; }
db() { sqlite3 -cmd ".timeout 5000" "$HOME_DIR/store.db" "$1"; }
shop_now() { echo $(( $(date +%s%3N) + OFF )); }

warm
check_eq "an open shop" "true|false|30|영업중" "$(state)"
owner pause 30
check_eq "a pause shows at once" "false|true|30" "$(state | cut -d'|' -f1-3)"
warm
owner resume
check_eq "so does its end" "true|false|30|영업중" "$(state)"
warm
owner busy on
check_eq "busy mode" "true|false|50|바빠요 · 약 50분" "$(state)"
warm
owner busy off
check_eq "busy off" "true|false|30|영업중" "$(state)"
warm
owner close
check_eq "closed by its owner" "false|false|30|준비중" "$(state)"
warm
owner open
check_eq "open again" "true|false|30|영업중" "$(state)"
warm
owner position 37.5512,126.9101
check_eq "a new position" "37.5512|126.9101" "$(chicken '"\(.lat)|\(.lon)"')"
warm
owner hours set "mon-sun=$(TZ=Asia/Seoul date -d "@$(( $(shop_now) / 1000 + 7200 ))" +%H:%M)-$(TZ=Asia/Seoul date -d "@$(( $(shop_now) / 1000 + 10800 ))" +%H:%M)"
check_eq "hours that start in two hours" "false|false" "$(chicken '"\(.accepting)|\(.open_now)"')"
warm
owner hours set always
check_eq "always open again" "true|true|null" "$(chicken '"\(.accepting)|\(.open_now)|\(.hours)"')"

# Another connection's write (a second store process on this file).
warm
db "UPDATE shops SET busy_min = 40 WHERE id = 'chicken'"
check_eq "a write by another connection shows at once" "70" "$(chicken .eta_min)"
warm
db "UPDATE shops SET busy_min = 0 WHERE id = 'chicken'"
check_eq "and its undoing" "30" "$(chicken .eta_min)"

# The clock: hours from the next minute (B) on, set at least 8 s before
# it; answers kept until B say closed, the first after it open.
NOW=$(shop_now)
B=$(( NOW - NOW % 60000 + 60000 ))
[ $(( B - NOW )) -ge 8000 ] || B=$(( B + 60000 ))
hhmm() { TZ=Asia/Seoul date -d "@$(( $1 / 1000 ))" +%H:%M; }
owner hours set "mon-sun=$(hhmm "$B")-$(hhmm $(( B + 3600000 )))"
check_eq "before the minute its hours start: closed, opening then" "false|$B" \
    "$(chicken '"\(.open_now)|\(.opens_at)"')"
# Asked again and again until just before B: an answer back before B
# must say closed (one asked before B may be made after it).
n=0 wrong=0
while [ "$(shop_now)" -lt $(( B - 300 )) ] && [ $n -lt 400 ]; do
	a=$(chicken .open_now)
	[ "$(shop_now)" -lt "$B" ] && [ "$a" != false ] && wrong=$((wrong + 1))
	n=$((n + 1))
done
check "asked again and again before then" test "$n" -ge 2
check_eq "every answer back before then says closed" 0 "$wrong"
wait_for 70 sh -c "[ \$(( \$(date +%s%3N) + $OFF )) -ge $B ]"
check_eq "the first answer after it: open, until an hour later" \
    "true|$((B + 3600000))|true" "$(chicken '"\(.open_now)|\(.closes_at)|\(.accepting)"')"
finish
