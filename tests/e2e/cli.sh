# cli.sh: the programs' conventions: --help, --version, exit codes 0 / 1 /
# 2, --json errors (usage errors too), the environment under the flags,
# and baedal's plain output (stats, empty lists, piped status, inbox).
. "$(dirname "$0")/lib.sh"

for p in baedal baedald baedal-customer baedal-shop baedal-rider; do
	check "$p --help exits 0" "$BIN/$p" --help
	check_eq "$p --version names it" "$p" "$("$BIN/$p" --version | cut -d' ' -f1)"
	"$BIN/$p" --no-such-flag >/dev/null 2>&1
	check_eq "$p: an unknown flag exits 2" 2 $?
done
"$BIN/baedald" --service nosuch --home "$T/x" >/dev/null 2>&1
check_eq "baedald: an unknown service exits 2" 2 $?
"$BIN/baedald" --auto-cancel-min soon --home "$T/x" >/dev/null 2>&1
check_eq "baedald: a non-number exits 2" 2 $?
"$BIN/baedald" --rider-timeout-ms soon --home "$T/x" >/dev/null 2>&1
check_eq "baedald: --rider-timeout-ms takes a number" 2 $?

start_daemon
"$BIN/baedal" --home "$HOME_DIR" --connect "$FRONT" --user minji frobnicate >/dev/null 2>&1
check_eq "baedal: an unknown command exits 2" 2 $?
bd minji status >/dev/null 2>&1
check_eq "baedal: a missing argument exits 2" 2 $?
bd minji status abc >/dev/null 2>&1
check_eq "baedal: a malformed order number exits 2" 2 $?
bd minji status 999999 >/dev/null 2>&1
check_eq "baedal: a refused request exits 1" 1 $?
check_eq "--json errors are one object with a code" not_found \
    "$(jbd minji status 999999 | jq -r .error.code)"
check_eq "--json answers are one JSON value per line" 1 "$(jbd minji shops | wc -l)"
check_eq "BAEDAL_USER and BAEDAL_ENDPOINT are read" junho \
    "$(BAEDAL_USER=junho BAEDAL_ENDPOINT="$FRONT" "$BIN/baedal" --home "$HOME_DIR" --json whoami | jq -r .user)"
check_eq "a flag overrides the environment" minji \
    "$(BAEDAL_USER=junho "$BIN/baedal" --home "$HOME_DIR" --connect "$FRONT" --user minji --json whoami | jq -r .user)"
"$BIN/baedal" --home "$HOME_DIR" --connect "ipc://$T/nothing" --user minji --timeout 300 ping >/dev/null 2>&1
check_eq "baedal: no broker exits 1" 1 $?
check "store.menu's shop does not show its owner's account, as PROTOCOL.md says" \
    sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji --json call store menu '{\"shop_id\":\"chicken\"}' | jq -e '(.shop | has(\"owner_id\") | not) and (.menu | length > 0)'"

# Usage errors: exit 2, and with --json one JSON object on stdout.
usage_json() {
	out=$("$BIN/baedal" --home "$HOME_DIR" --connect "$FRONT" --user minji "$@" 2>/dev/null)
	rc=$?
	[ $rc -eq 2 ] && [ "$(printf '%s' "$out" | jq -r .error.code)" = usage ]
}
check "--json: an unknown command is a JSON usage error (exit 2)" usage_json --json frobnicate
check "--json: an unknown option is a JSON usage error" usage_json --json --no-such-flag
check "--json: ... also when --json comes after it" usage_json --no-such-flag --json
check "--json: a missing argument is a JSON usage error" usage_json --json status
check "--json: a malformed order number is a JSON usage error" usage_json --json status abc
check "--json: a bad --limit is a JSON usage error" usage_json --json --limit 0 orders
check_eq "--json usage errors name the command's usage" "baedal status ORDER" \
    "$(jbd minji status 2>/dev/null | jq -r .error.usage)"
bd chicken_owner shop queue --filter bogus >/dev/null 2>&1
check_eq "baedal: a bad --filter is a usage error (exit 2)" 2 $?
check "stats without --json prints key:value lines, not JSON" \
    sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin stats | grep -q '^requests:[0-9]'"
check_fails "... (it does not parse as JSON)" \
    sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user admin stats | jq -e . >/dev/null"
check_eq "an empty queue says so" "주문이 없습니다" "$(bd bunsik_owner shop queue)"
check_eq "no orders yet says so" "주문이 없습니다" "$(bd junho orders)"
wait_for 15 shops_ready
ID=$(jbd minji order chicken friedx2+boneless+large+extra_sauce cola \
    --address '서울시 마포구 1' --card 4111111111111111 | jq -r .order_id)
check "status piped prints every option, not a cut line" \
    sh -c "\"$BIN/baedal\" --home '$HOME_DIR' --connect '$FRONT' --user minji status $ID | grep -q -F '(순살 변경, 1.5마리, 소스 추가)'"
inbox_has_order() { bd minji inbox | grep -q -- "#$ID "; }
check "inbox shows each notification's order number" wait_for 10 inbox_has_order
# The apps need a terminal: without one they exit 2 at once, saying so.
for p in baedal-customer baedal-shop baedal-rider; do
	u=minji; [ "$p" = baedal-shop ] && u=chicken_owner
	[ "$p" = baedal-rider ] && u=rider1
	timeout 10 "$BIN/$p" --home "$HOME_DIR" --connect "$FRONT" --user "$u" \
	    </dev/null >/dev/null 2>"$T/noterm.err"
	check_eq "$p </dev/null exits 2 at once" 2 $?
	check "... saying stdin is not a terminal" grep -q "stdin이(가) 터미널이 아닙니다" "$T/noterm.err"
done
finish
