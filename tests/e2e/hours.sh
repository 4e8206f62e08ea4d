# hours.sh: opening hours (with ranges past midnight) and closed dates in
# the shop's time zone (Asia/Seoul, whatever the server's TZ). Outside
# its hours a shop refuses orders with shop_closed and the time it opens;
# a range of yesterday's that runs past midnight keeps it open; a closed
# date stops the ranges that start on it; sold out "for today" lasts
# until the next opening. Bad hours change nothing. The hours are set
# around Seoul's time now, so the test holds at any hour.
. "$(dirname "$0")/lib.sh"

export TZ=America/New_York
start_daemon
wait_for 10 shops_ready
code() { jq -r '.error.code // .status'; }
order() { jbd minji order chicken friedx1 --address '서울시 1' --card 4111111111111111 | code; }
shop() { jbd minji menu chicken | jq -r ".shop | $1"; }
version() { sqlite3 "$HOME_DIR/store.db" "SELECT version FROM shops WHERE id = 'chicken'"; }
# seoul EXPR: Python, with now = Seoul's wall clock to the minute when the
# test began (one minute for every expectation, so a loaded machine that
# crosses a minute between setting hours and checking them expects what
# it set), m() = minutes from now as "HH:MM", ms(t) = a datetime in ms,
# today = "YYYY-MM-DD".
BEGAN=$(date +%s)
seoul() { "$PY" -c "
import datetime, zoneinfo
now = datetime.datetime.fromtimestamp($BEGAN, zoneinfo.ZoneInfo('Asia/Seoul')).replace(second=0, microsecond=0)
def m(k): return (now + datetime.timedelta(minutes=k)).strftime('%H:%M')
def ms(t): return int(t.timestamp() * 1000)
def later(k): return ms(now + datetime.timedelta(minutes=k))
today = now.strftime('%Y-%m-%d')
print($1)"; }
every() { echo "mon-sun=$1"; }

check_eq "without hours a shop is always open" "true|null" "$(shop '"\(.open_now)|\(.hours)"')"

# Closed now: it opens in two hours, every day.
bd chicken_owner shop hours set "$(every "$(seoul 'm(120)')-$(seoul 'm(180)')")" >/dev/null
check_eq "outside its hours a shop refuses orders" shop_closed "$(order)"
check_eq "saying when it opens, in Seoul's time" "바삭치킨: 지금은 영업시간이 아니에요 ($(seoul 'm(120)') 오픈)" \
    "$(jbd minji order chicken friedx1 --address x --card 4111111111111111 | jq -r .error.message)"
check_eq "the menu says so" "false|false|$(seoul 'later(120)')" "$(shop '"\(.open_now)|\(.accepting)|\(.opens_at)"')"
check "the plain hours listing shows the range" sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user chicken_owner shop hours | grep -q '^  fri  $(seoul 'm(120)')-$(seoul 'm(180)')'"

# A 23-hour range started an hour ago runs past midnight.
RANGE="$(seoul 'm(-60)')-$(seoul 'm(-120)')"
bd chicken_owner shop hours set "$(every "$RANGE")" >/dev/null
check_eq "within a range past midnight it takes orders" PAID "$(order)"
check_eq "and closes when the range ends, the next day" "true|$(seoul 'later(22 * 60)')" "$(shop '"\(.open_now)|\(.closes_at)"')"
check_eq "sold out for today: back at the next opening" "$(seoul 'later(23 * 60)')" \
    "$(jbd chicken_owner shop soldout cola --today | jq -r .sold_out_until)"
jbd chicken_owner shop soldout cola off >/dev/null

# Yesterday's range, past midnight, still open now.
bd chicken_owner shop hours set "$(every "$(seoul 'm(60)')-$(seoul 'm(30)')")" >/dev/null
check_eq "yesterday's range past midnight keeps it open" "true|$(seoul 'later(30)')" "$(shop '"\(.open_now)|\(.closes_at)"')"
check_eq "and takes orders" PAID "$(order)"

# A closed date: today's range does not start; yesterday's would.
bd chicken_owner shop hours set "$(every "$RANGE")" --closed "$(seoul today)" >/dev/null
check_eq "on a closed date the range of the day does not start" shop_closed "$(order)"
check_eq "it opens the next day" "$(seoul 'later(23 * 60)')" "$(shop .opens_at)"
check_eq "the closed dates are kept" "[\"$(seoul today)\"]" "$(shop '.closed_dates | tojson')"
bd chicken_owner shop hours set "$(every "$(seoul 'm(60)')-$(seoul 'm(30)')")" >/dev/null
check_eq "a range of the day before a closed date still runs" PAID "$(order)"

v=$(version)
call() { jbd "${2:-chicken_owner}" call store hours "$1" | code; }
check_eq "hours as an array is refused" bad_request "$(call '{"hours":["11:00-22:00"]}')"
check_eq "an unknown day" bad_request "$(call '{"hours":{"xyz":["11:00-22:00"]}}')"
check_eq "25:00" bad_request "$(call '{"hours":{"mon":["25:00-26:00"]}}')"
check_eq "a range without its end" bad_request "$(call '{"hours":{"mon":["11:00"]}}')"
check_eq "five ranges in a day" bad_request "$(call '{"hours":{"mon":["01:00-02:00","03:00-04:00","05:00-06:00","07:00-08:00","09:00-10:00"]}}')"
check_eq "a month 13" bad_request "$(call '{"closed_dates":["2026-13-01"]}')"
check_eq "an unknown time zone" bad_request "$(call '{"tz":"Mars/Olympus"}')"
check_eq "a path for a time zone" bad_request "$(call '{"tz":"../../etc/passwd"}')"
check_eq "nothing to set" bad_request "$(call '{}')"
check_eq "a customer may not" forbidden "$(call '{"hours":null}' minji)"
check_eq "refusals changed nothing" "$v" "$(version)"

bd chicken_owner shop hours set always --closed none >/dev/null
check_eq "always open again" "true|null|[]" "$(shop '"\(.open_now)|\(.hours)|\(.closed_dates | tojson)"')"
check_eq "and takes orders" PAID "$(order)"
check_eq "a zone of its own" "Asia/Tokyo" "$(jbd chicken_owner shop hours set --tz Asia/Tokyo --json | jq -r .tz)"
finish
