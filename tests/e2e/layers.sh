# layers.sh: the layers the compiler checks. Each folder is compiled with
# the include paths of the layers it may use (the Makefile's INC_*); here a
# probe that includes a header of a layer it must not see fails to build,
# and one that includes what it may see builds.
. "$(dirname "$0")/lib.sh"

# flags INC_X: that layer's include paths, made absolute.
flags() {
	(cd "$ROOT" && env -u MAKEFLAGS -u MAKELEVEL make -s "print-$1") |
	    sed "s#-I\([^/]\)#-I$ROOT/\1#g"
}
cflags=$(pkg-config --cflags jansson libzmq 2>/dev/null)

# probe INC HEADER: compile a file that includes HEADER with INC (from $T,
# so nothing lies beside it); prints the compiler's words.
probe() {
	(cd "$T" && printf '#include "%s"\nint probe(void);\n' "$2" |
	    cc -fsyntax-only -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 \
	    $(flags "$1") $cflags -x c - 2>&1)
}

# sees LAYER HEADER...: each header builds in LAYER.
sees() {
	layer=$1; shift
	for h in "$@"; do
		if out=$(probe "$layer" "$h"); then ok "$layer includes $h"
		else fail "$layer cannot include $h"; echo "$out" | head -5 | sed 's/^/    # /'; fi
	done
}

# blind LAYER HEADER...: each header is not found from LAYER (the error must
# be about that header, not another).
blind() {
	layer=$1; shift
	for h in "$@"; do
		out=$(probe "$layer" "$h")
		if echo "$out" | grep -q "$h: No such file"; then ok "$layer cannot see $h"
		else fail "$layer sees $h"; echo "$out" | head -5 | sed 's/^/    # /'; fi
	done
}

sees INC_SERVICES svc.h db.h http.h worker.h breaker.h card.h order_text.h wire.h client.h
blind INC_SERVICES broker.h broker_int.h evlog.h users.h services.h supervise.h \
    order_int.h store_int.h payment_gateway.h notify_apply.h view_apply.h order_price.h
sees INC_LIB db.h wire.h util.h
blind INC_LIB svc.h broker.h card.h order_int.h
blind INC_DAEMON order_int.h store_int.h card.h
sees INC_DAEMON broker.h svc.h db.h
blind INC_UI customer.h shop.h cli.h svc.h broker.h
sees INC_APPS ui_app.h ui_keys.h front.h client.h
blind INC_APPS svc.h broker.h db.h

# A module's private header is used inside its own folder only.
for h in $(cd "$ROOT/backend" && find . -name '*_int.h'); do
	dir=$(dirname "$h"); name=$(basename "$h")
	users=$(cd "$ROOT" && grep -rl "#include \"$name\"" backend tui tests |
	    grep -v "^backend/${dir#./}/" || true)
	check_eq "$name is included only in its own folder" "" "$users"
done
finish
