# cli.sh: the programs' conventions: --help, --version, exit codes 0 / 1 /
# 2, --json errors, and the environment under the flags.
. "$(dirname "$0")/lib.sh"

for p in baedal baedald baedal-customer baedal-shop; do
	check "$p --help exits 0" "$BIN/$p" --help
	check_eq "$p --version names it" "$p" "$("$BIN/$p" --version | cut -d' ' -f1)"
	"$BIN/$p" --no-such-flag >/dev/null 2>&1
	check_eq "$p: an unknown flag exits 2" 2 $?
done
"$BIN/baedald" --service nosuch --home "$T/x" >/dev/null 2>&1
check_eq "baedald: an unknown service exits 2" 2 $?
"$BIN/baedald" --auto-cancel-min soon --home "$T/x" >/dev/null 2>&1
check_eq "baedald: a non-number exits 2" 2 $?

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
finish
