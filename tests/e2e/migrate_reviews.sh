# migrate_reviews.sh: a data directory from before reviews (fixture v3:
# 1005 delivered to minji, 1001 cooking) gains the reviews table on start
# and no demo reviews (it is not a first start); its delivered order can
# be reviewed and answered, the cooking one cannot, and a second start
# keeps what was written.
. "$(dirname "$0")/lib.sh"

load_fixture "$ROOT/tests/e2e/fixtures/v3"
has_table() { sqlite3 "$HOME_DIR/view.db" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'reviews'"; }
check_eq "the old view has no reviews" 0 "$(has_table)"
start_daemon
# The view makes it when its thread opens view.db: the daemon may answer
# before that on a loaded machine.
view_has_it() { [ "$(has_table)" = 1 ]; }
check "it has them after a start" wait_for 10 view_has_it
check_eq "and no demo reviews" "0|null" "$(jbd minji reviews chicken | jq -r '"\(.count)|\(.average)"')"
check_eq "an old order shows no review" null "$(jbd minji status 1005 | jq -r .review)"
check_eq "an old cooking order cannot be reviewed" invalid_state \
    "$(jbd minji review 1001 5 | jq -r '.error.code // "ok"')"
R=$(jbd minji review 1005 4 '오래된 주문도 리뷰')
check_eq "an old delivered order can" "4|chicken" "$(echo "$R" | jq -r '"\(.rating)|\(.shop_id)"')"
check_eq "and its owner answers" 고마워요 \
    "$(jbd chicken_owner shop reply "$(echo "$R" | jq -r .review_id)" 고마워요 | jq -r .reply)"
stop "$DAEMON"
PIDS=""
start_daemon
check_eq "a second start keeps them" "1|4|고마워요" \
    "$(jbd minji reviews chicken | jq -r '"\(.count)|\(.average)|\(.reviews[0].reply)"')"
finish
