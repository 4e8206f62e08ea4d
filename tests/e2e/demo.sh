# demo.sh: what `make run` opens: the backend with demo data, the customer
# app and the shop console in one tmux session, all talking to each other,
# and rider1's app in a second window.
. "$(dirname "$0")/lib.sh"

OUTER="bdlo$$"
INNER="bdli$$"
export TMUX_TMPDIR=$T
unset TMUX
cleanup_tmux() { tmux -L "$INNER" kill-server 2>/dev/null; tmux -L "$OUTER" kill-server 2>/dev/null; }
trap 'cleanup_tmux; cleanup' EXIT

# The demo runs in a terminal of its own (an outer tmux), with its own
# data directory and endpoints.
tmux -L "$OUTER" -f /dev/null new-session -d -x 200 -y 50 \
    "env BAEDAL_HOME=$HOME_DIR BAEDAL_ENDPOINT=$FRONT BAEDAL_SERVICES_ENDPOINT=$BACK BAEDAL_TMUX_SOCKET=$INNER BUILD=$BUILD TERM=xterm-256color LANG=C.UTF-8 sh $ROOT/tui/demo.sh"
pane() { tmux -L "$INNER" capture-pane -p -t "baedal:demo.$1" 2>/dev/null; }
# Panes: 0 the backend (top left), 1 the shop console (bottom left),
# 2 the customer app (right).
wait_for 20 sh -c "tmux -L $INNER capture-pane -p -t baedal:demo.0 2>/dev/null | grep -q 'ready: 6 services'" \
    && ok "make run starts the backend with every service" || { fail "no backend"; pane 0; }
wait_for 20 sh -c "tmux -L $INNER capture-pane -p -t baedal:demo.2 2>/dev/null | grep -q 엄마손분식" \
    && ok "and opens the customer app with the demo shops" || { fail "no customer app"; pane 2; }
wait_for 20 sh -c "tmux -L $INNER capture-pane -p -t baedal:demo.1 2>/dev/null | grep -q chicken_owner" \
    && ok "and the shop console of 바삭치킨's owner" || { fail "no shop console"; pane 1; }
O=$(jbd minji order chicken friedx2 --address '서울시 1' --card 4111111111111111 | jq -r .order_id)
wait_for 10 sh -c "tmux -L $INNER capture-pane -p -t baedal:demo.1 | grep -q '$O'" \
    && ok "an order placed from the CLI shows in the demo's console" || { fail "order not shown"; pane 1; }
wait_for 20 sh -c "tmux -L $INNER capture-pane -p -t baedal:rider 2>/dev/null | grep -q '라이더 · rider1'" \
    && ok "and the rider app of rider1, in a window of its own" || { fail "no rider app"; tmux -L "$INNER" capture-pane -p -t baedal:rider; }
finish
