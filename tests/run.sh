#!/bin/sh
# Run baedal's tests: the unit binaries in $BUILD/tests and the end-to-end
# scripts in tests/e2e, a few at a time. Each prints "ok - NAME" or
# "not ok - NAME" lines; this script counts them and ends with
# "N passed, N failed". Usage: tests/run.sh [unit|e2e|FILE...]
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD
JOBS=${JOBS:-3}
out=$(mktemp -d -t baedal-run.XXXXXX)
trap 'rm -rf "$out"' EXIT INT TERM

list=""
case "${1:-all}" in
unit) list=$(ls "$BUILD"/tests/test_* 2>/dev/null) ;;
e2e) list=$(ls tests/e2e/*.sh | grep -v /lib.sh) ;;
all) list="$(ls "$BUILD"/tests/test_* 2>/dev/null) $(ls tests/e2e/*.sh | grep -v /lib.sh)" ;;
*) list="$*" ;;
esac

for t in $list; do echo "$t"; done | xargs -P "$JOBS" -I{} sh -c '
	name=$(basename "$1"); log="$2/$name.log"; start=$(date +%s)
	case "$1" in
	*.sh) timeout 300 sh "$1" >"$log" 2>&1 ;;
	*) timeout 120 "$1" >"$log" 2>&1 ;;
	esac
	rc=$?
	if [ $rc -ne 0 ] && ! grep -q "^not ok" "$log"; then
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	printf "%-28s %4ss  %3s passed, %s failed\n" "$name" \
	    "$(( $(date +%s) - start ))" "$(grep -c "^ok" "$log")" \
	    "$(grep -c "^not ok" "$log")"
' _ {} "$out"

failed_logs=$(grep -l '^not ok' "$out"/*.log 2>/dev/null)
for f in $failed_logs; do
	echo
	echo "== $(basename "$f" .log): failures"
	grep '^not ok' "$f"
	echo "-- last lines of its output:"
	grep -v '^ok' "$f" | tail -n 25
done
passed=$(cat "$out"/*.log 2>/dev/null | grep -c '^ok')
failed=$(cat "$out"/*.log 2>/dev/null | grep -c '^not ok')
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
