#!/bin/sh
# demo.sh (make run): start baedald with demo data and open, in one tmux
# session, the backend's log, a customer app (minji) and the console of
# 바삭치킨's owner, so the whole system is on one screen.
#
# BAEDAL_HOME picks the data directory (default ~/.local/share/baedal);
# BAEDAL_ENDPOINT the clients' endpoint (default tcp://127.0.0.1:8088);
# BAEDAL_TMUX_SOCKET a tmux server of its own (tmux -L), for tests.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
BIN=$(pwd)/$BUILD
DATA=${BAEDAL_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/baedal}
mkdir -p "$DATA"
export BAEDAL_HOME="$DATA"
SESSION=baedal
tm() { tmux ${BAEDAL_TMUX_SOCKET:+-L "$BAEDAL_TMUX_SOCKET"} "$@"; }
# Inside tmux already: switch to the session instead of nesting one.
attach() {
	if [ -n "${TMUX:-}" ] && [ -z "${BAEDAL_TMUX_SOCKET:-}" ]; then
		exec tmux switch-client -t "$SESSION"
	fi
	exec tm attach -t "$SESSION"
}

if ! command -v tmux >/dev/null 2>&1 || [ ! -t 1 ]; then
	echo "baedal: no terminal for tmux; running the backend alone" >&2
	echo "        (try: $BIN/baedal --user minji shops)" >&2
	exec "$BIN/baedald"
fi
if tm has-session -t "$SESSION" 2>/dev/null; then
	echo "baedal: attaching to the running demo session '$SESSION'"
	attach
fi

apps_wait="until $BIN/baedal --user admin ping >/dev/null 2>&1; do sleep 0.2; done"
tm new-session -d -s "$SESSION" -x "$(tput cols 2>/dev/null || echo 160)" \
    -y "$(tput lines 2>/dev/null || echo 48)" -n demo \
    "$BIN/baedald; echo 'baedald stopped; press Enter'; read x"
if [ -x "$BIN/baedal-customer" ]; then
	tm split-window -h -t "$SESSION:demo" \
	    "sh -c '$apps_wait; exec $BIN/baedal-customer --user minji'"
fi
if [ -x "$BIN/baedal-shop" ]; then
	tm split-window -v -t "$SESSION:demo.0" \
	    "sh -c '$apps_wait; exec $BIN/baedal-shop --user chicken_owner'"
fi
if [ -x "$BIN/baedal-rider" ]; then
	tm new-window -d -t "$SESSION" -n rider \
	    "sh -c '$apps_wait; exec $BIN/baedal-rider --user rider1 --at 37.5563,126.9220'"
fi
tm select-pane -t "$SESSION:demo.1" 2>/dev/null
cat <<MSG
baedal demo: backend log (left), customer minji (right), 바삭치킨 owner (bottom);
the rider rider1 in the window "rider" (Ctrl-b n).
Move between panes with Ctrl-b and an arrow; detach with Ctrl-b d;
stop everything with: tmux kill-session -t $SESSION
Data lives in $DATA.
MSG
attach
