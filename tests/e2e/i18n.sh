# i18n.sh: one language per screen, and the packaging. baedal-customer and
# baedal-shop show Korean by default and English when the locale asks for
# it (LANG=en_US.UTF-8, installed or not, and LANG=C.UTF-8 LANGUAGE=en),
# with no word of the other language in their labels; the CLI's --json
# output is the same under every locale; the English catalogue covers
# every text of the source; make install DESTDIR= puts the programs, man
# pages, completions, catalogue and systemd unit where they belong; each
# man page renders without a warning; bash completion completes commands,
# shop ids and order ids.
. "$(dirname "$0")/lib.sh"

command -v tmux >/dev/null || { fail "tmux is not installed"; finish; }
tmux_begin bdli
HANGUL='[\x{AC00}-\x{D7A3}]'

# ---- the catalogue --------------------------------------------------
check "the build tree has the English catalogue" \
    test -s "$BIN/locale/en/LC_MESSAGES/baedal.mo"
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
    --keyword=NC_:1c,2 -o "$T/baedal.pot" \
    $(cd "$ROOT" && ls tui/*.c tui/ui/*.[ch] tui/customer/*.c tui/shop/*.c tui/rider/*.c \
    tui/cli/*.c protocol/*.c | sed "s|^|$ROOT/|") 2>"$T/xgettext.err"
check "every text of the source is in tui/po/en.po" \
    msgcmp "$ROOT/tui/po/en.po" "$T/baedal.pot"
msgfmt --check --statistics -o /dev/null "$ROOT/tui/po/en.po" 2>"$T/stats"
check "... translated, none fuzzy or left out" \
    sh -c "! grep -E 'untranslated|fuzzy' '$T/stats'"

# ---- the apps in both languages -------------------------------------
start_daemon
wait_for 15 shops_ready
ID=$(jbd minji order chicken fried --address '서울시 마포구 1' \
    --card 4111111111111111 | jq -r .order_id)
check "an order to show (#$ID)" test "$ID" -gt 0

APPARGS="--home $HOME_DIR --connect $FRONT"
# app SESSION LANGVARS PROGRAM USER: the program under tmux, 100x30.
app() {
	tm new-session -d -s "$1" -x 100 -y 30 "env -u LANGUAGE -u LC_ALL \
	    TERM=xterm-256color $2 $BIN/$3 $APPARGS --user $4 2>>$T/$1.log"
}
screen() { tm capture-pane -p -t "$1"; }
see() { screen "$1" | grep -q -F -- "$2"; }
# hints_in S LANG: the hint bar (the last row) is all LANG: Hangul for
# ko, none for en.
hints_in() {
	if [ "$2" = ko ]; then screen "$1" | tail -n 1 | grep -q -P "$HANGUL"
	else ! screen "$1" | tail -n 1 | grep -q -P "$HANGUL"; fi
}
# labels S ... : each TEXT shows on screen S within 10 s.
labels() {
	s=$1; shift
	for text in "$@"; do
		if wait_for 10 see "$s" "$text"; then ok "$s shows '$text'"
		else fail "$s shows '$text'"; screen "$s" | sed 's/^/    # /'; fi
	done
}
# absent S TEXT...: none of TEXT shows on screen S.
absent() {
	s=$1; shift
	for text in "$@"; do check "$s lacks '$text'" sh -c \
	    "! tmux -L $TM -f /dev/null capture-pane -p -t $s | grep -q -F -- '$text'"
	done
}
quit() { tm send-keys -t "$1" q y; wait_for 10 gone "$1"; }
gone() { ! tm has-session -t "$1" 2>/dev/null; }

# Korean, the default (the test's LANG is C.UTF-8).
app cko "LANG=C.UTF-8" baedal-customer minji
labels cko "● 연결됨" "가게 목록" "b 장바구니" "o 주문 내역"
check "cko: the hint bar is Korean" hints_in cko ko
absent cko "online" "Shops" "Cart"
tm send-keys -t cko '?'
labels cko "이 도움말 보기" "장바구니 열기"
absent cko "Show this help"
tm send-keys -t cko Escape o
labels cko "주문 내역" "#$ID"
quit cko

# English by LANG=en_US.UTF-8, whether or not that locale is installed
# here (it is not on a bare Debian: the apps fall back to C.UTF-8 and
# ask gettext for "en_US" through LANGUAGE).
for how in "LANG=en_US.UTF-8" "LANG=C.UTF-8 LANGUAGE=en"; do
	app cen "$how" baedal-customer minji
	labels cen "● online" " baedal delivery · Shops" "b Cart" "o Orders"
	check "cen ($how): the hint bar has no Hangul" hints_in cen en
	absent cen "연결됨" "가게 목록" "장바구니"
	tm send-keys -t cen '?'
	labels cen "Show this help" "Open the cart"
	# A menu: its untitled column stays blank (gettext("") is the
	# catalogue's header), its header line speaks English.
	tm send-keys -t cen Escape Enter
	labels cen "Price" "minimum 15,000원 · delivery fee"
	absent cen "Project-Id" "Pro…" "최소주문"
	tm send-keys -t cen Escape o
	labels cen "#$ID"
	wait_for 5 see cen "Paid"
	labels cen "Paid"
	absent cen "결제완료" "주문 내역"
	tm send-keys -t cen Enter
	labels cen "Progress" "Total" "Paid  ›  Accepted  ›  Cooking"
	absent cen "진행 상황" "합계" "결제완료"
	tm send-keys -t cen c
	labels cen "[y] Yes     [n] No" "Cancel order #$ID?"
	tm send-keys -t cen n
	quit cen
done

# The shop console.
app sko "LANG=C.UTF-8" baedal-shop chicken_owner
labels sko "실시간" "접수 대기" "#$ID"
check "sko: the hint bar is Korean" hints_in sko ko
app sen "LANG=en_US.UTF-8" baedal-shop chicken_owner
labels sen "Live" "Waiting" "#$ID" "New"
check "sen: the hint bar has no Hangul" hints_in sen en
absent sen "실시간" "접수 대기" "신규"
tm send-keys -t sen '?'
labels sen "Order console · keys"
# The sales screen ($), Korean and English.
tm send-keys -t sen Escape '$'
labels sen "Sales · service figures" "Today"
absent sen "매출" "서비스 현황"
tm send-keys -t sko '$'
labels sko "매출 · 서비스 현황"
tm kill-session -t sko
tm kill-session -t sen

# The rider's app.
app rko "LANG=C.UTF-8" baedal-rider rider1
labels rko "라이더 · rider1 · 픽업 대기" "마지막 위치" "주문    가게"
check "rko: the hint bar is Korean" hints_in rko ko
absent rko "Ready for pickup" "Claim"
app ren "LANG=en_US.UTF-8" baedal-rider rider1
labels ren "baedal rider · rider1 · Ready for pickup" "last position" \
    "Order   Shop"
check "ren: the hint bar has no Hangul" hints_in ren en
absent ren "라이더" "픽업" "위치"
tm send-keys -t ren '?'
labels ren "baedal rider help" "Take the selected delivery"
absent ren "고른 배달"
tm kill-session -t rko
tm kill-session -t ren

# ---- the CLI: --json is the same in every language ------------------
for cmd in "shops" "menu chicken" "orders" "status $ID" "inbox" "bogus" \
    "status" "order chicken --card 1"; do
	jbd minji $cmd >"$T/ko.json" 2>&1
	env LANG=en_US.UTF-8 "$BIN/baedal" --home "$HOME_DIR" --connect \
	    "$FRONT" --user minji --json $cmd >"$T/en.json" 2>&1
	env LANG=C.UTF-8 LANGUAGE=en "$BIN/baedal" --home "$HOME_DIR" \
	    --connect "$FRONT" --user minji --json $cmd >"$T/en2.json" 2>&1
	check "baedal --json $cmd: the same under LANG=en_US.UTF-8" \
	    cmp -s "$T/ko.json" "$T/en.json"
	check "... and under LANGUAGE=en" cmp -s "$T/ko.json" "$T/en2.json"
done

# Its human output follows the locale.
check_eq "baedal orders says so in Korean by default" "주문이 없습니다" \
    "$(bd junho orders)"
check_eq "... and in English under LANG=en_US.UTF-8" "no orders" \
    "$(LANG=en_US.UTF-8 bd junho orders)"
LANG=en_US.UTF-8 bd minji bogus 2>"$T/bogus.err"
check "usage errors speak English too" grep -q "unknown command 'bogus'" \
    "$T/bogus.err"
LANG=en_US.UTF-8 "$BIN/baedal" --help >"$T/help.en"
check "baedal --help in English: its commands have no Hangul" \
    sh -c "! sed '/^Options:/q' '$T/help.en' | grep -q -P '$HANGUL'"

# ---- make install ---------------------------------------------------
# -o all: install what this run tests, never rebuild it (a sanitizer
# build has its own flags).
make -s -C "$ROOT" BUILD="$BUILD" -o all install PREFIX=/usr \
    DESTDIR="$T/inst" >"$T/install.log" 2>&1
check_eq "make install DESTDIR= succeeds" 0 $?
(cd "$T/inst" && find . -type f | sort) >"$T/installed"
sed 's/^/    # /' "$T/installed"
for f in usr/bin/baedal usr/bin/baedal-customer usr/bin/baedal-shop \
    usr/bin/baedald usr/bin/baedal-rider usr/share/man/man1/baedal.1 \
    usr/share/man/man1/baedal-customer.1 usr/share/man/man1/baedal-shop.1 \
    usr/share/man/man1/baedal-rider.1 \
    usr/share/man/man8/baedald.8 usr/share/bash-completion/completions/baedal \
    usr/share/zsh/site-functions/_baedal \
    usr/share/locale/en/LC_MESSAGES/baedal.mo \
    usr/lib/systemd/system/baedald.service; do
	check "installs $f" grep -q -x "./$f" "$T/installed"
done
UNIT=$T/inst/usr/lib/systemd/system/baedald.service
check "the unit starts the installed baedald" \
    grep -q '^ExecStart=/usr/bin/baedald ' "$UNIT"
for h in NoNewPrivileges=yes ProtectSystem=strict \
    ReadWritePaths=/var/lib/baedal ProtectHome=yes PrivateTmp=yes; do
	check "the unit is hardened: $h" grep -q -x "$h" "$UNIT"
done
# The installed programs find the installed catalogue (beside them).
env LANGUAGE=en LANG=C.UTF-8 BAEDAL_INSECURE=1 \
    "$T/inst/usr/bin/baedal-customer" --token x </dev/null 2>"$T/inst.err"
check "the installed app speaks English from the installed catalogue" \
    grep -q "stdin is not a terminal" "$T/inst.err"

make -s -C "$ROOT" BUILD="$BUILD" uninstall PREFIX=/usr DESTDIR="$T/inst" \
    >>"$T/install.log" 2>&1
check_eq "make uninstall removes every file it installed" "" \
    "$(cd "$T/inst" && find . -type f)"

# ---- man pages --------------------------------------------------------
for page in baedal.1 baedal-customer.1 baedal-shop.1 baedal-rider.1 \
    baedald.8; do
	p=$ROOT/docs/man/$page
	groff -man -ww -z "$p" >"$T/groff.err" 2>&1
	check "man $page: groff -ww has no warning" test ! -s "$T/groff.err"
	if command -v mandoc >/dev/null; then
		check "man $page: mandoc -Tlint is clean" mandoc -Tlint -W warning "$p"
	fi
	if command -v man >/dev/null; then
		MANWIDTH=80 man -l "$p" 2>"$T/man.err" >"$T/man.out"
		check "man -l $page renders" grep -q "EXIT STATUS" "$T/man.out"
		check "... without a warning" test ! -s "$T/man.err"
	fi
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT \
	    FILES EXAMPLES; do
		check "man $page has $s" grep -q "^\.SH \"*$s" "$p"
	done
done
# Every option the programs' --help names is in their page.
for prog in baedal baedal-customer baedal-shop baedal-rider baedald; do
	page=$(ls "$ROOT"/docs/man/$prog.[18])
	missing=""
	for o in $("$BIN/$prog" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		grep -q -- "$(echo "$o" | sed 's/-/\\\\-/g')" "$page" ||
		    missing="$missing $o"
	done
	check_eq "man $prog documents every option" "" "$missing"
done

# ---- completion -------------------------------------------------------
COMP=$ROOT/tui/cli/completion/baedal.bash
# complete WORDS...: what bash completion offers for the last word.
complete_words() {
	bash --norc --noprofile -c '. "$1"; shift
	    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
	    PATH=$BINDIR:$PATH _baedal; printf "%s\n" "${COMPREPLY[@]}"' \
	    sh "$COMP" "$@"
}
export BINDIR=$BIN
check "bash: complete -p names _baedal" \
    bash --norc --noprofile -c ". '$COMP'; complete -p baedal | grep -q _baedal"
complete_words baedal sh >"$T/c1"
check "bash: 'baedal sh' offers shop" grep -q -x shop "$T/c1"
check "... and shops" grep -q -x shops "$T/c1"
complete_words baedal shop ac >"$T/c2"
check_eq "bash: 'baedal shop ac' is accept" accept "$(cat "$T/c2")"
complete_words baedal --home "$HOME_DIR" --connect "$FRONT" --user minji \
    menu ch >"$T/c3"
check "bash: 'menu ch' asks the backend: chicken" grep -q -x chicken "$T/c3"
complete_words baedal --home "$HOME_DIR" --connect "$FRONT" --user minji \
    status "" >"$T/c4"
check "bash: 'status' offers the user's order ids (#$ID)" \
    grep -q -x "$ID" "$T/c4"
complete_words baedal --js >"$T/c5"
check_eq "bash: options complete" --json "$(cat "$T/c5")"
if command -v zsh >/dev/null; then
	check "zsh: _baedal parses" zsh -n "$ROOT/tui/cli/completion/_baedal"
fi
finish
