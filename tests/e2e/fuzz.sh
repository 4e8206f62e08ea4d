# fuzz.sh: a short libFuzzer run over the wire decoder (the full run is
# `make fuzz` and build/fuzz/fuzz_wire -max_total_time=N). Skipped with a
# note when clang's libFuzzer is not installed.
. "$(dirname "$0")/lib.sh"

# A build of its own, whatever the make that runs the tests was given.
if ! (cd "$ROOT" && env -u MAKEFLAGS -u MAKELEVEL make -s fuzz SANITIZE= \
    BUILD="$T/fz" >"$T/fuzzbuild.log" 2>&1) || [ ! -x "$T/fz/fuzz/fuzz_wire" ]; then
	echo "# skipped: clang with libFuzzer is not installed (make deps installs it)"
	tail -n 3 "$T/fuzzbuild.log" | sed 's/^/# /'
	finish
fi
cp -r "$ROOT/tests/fuzz/corpus" "$T/corpus"
if "$T/fz/fuzz/fuzz_wire" -max_total_time=10 "$T/corpus" >"$T/fuzz.log" 2>&1; then
	ok "10 s of libFuzzer on the wire decoder: $(grep -o 'Done [0-9]* runs' "$T/fuzz.log")"
else
	fail "libFuzzer stopped with an error"; tail -n 30 "$T/fuzz.log"
fi
finish
