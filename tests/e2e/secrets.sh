# secrets.sh: broker.db keeps SHA-256 digests of the tokens, never the
# tokens; the clear tokens live only in credentials.json (0600). A data
# directory of the earlier version, whose users table kept tokens in
# clear, is migrated at start and its users keep their tokens.
. "$(dirname "$0")/lib.sh"

start_daemon
wait_for 10 shops_ready
TOK=$(token minji)
check "a user says hello with the token from credentials.json" bd minji orders
in_db() { cat "$HOME_DIR"/broker.db* | grep -a -q "$1"; }
check_fails "broker.db (and its WAL) does not hold the token" in_db "$TOK"
DIGEST=$(printf %s "$TOK" | sha256sum | cut -d' ' -f1)
check_eq "it holds the token's SHA-256" 1 \
    "$(sqlite3 "$HOME_DIR/broker.db" "SELECT count(*) FROM users WHERE token_sha256 = '$DIGEST'")"
check_fails "a digest is not a token" "$BIN/baedal" --home "$HOME_DIR" \
    --connect "$FRONT" --token "$DIGEST" orders
stop "$DAEMON"
check "a restart keeps credentials.json as it was" jq -e \
    --arg t "$TOK" '.users[] | select(.name == "minji" and .token == $t)' "$HOME_DIR/credentials.json"

# The earlier version's users table: tokens in clear.
OLD=$T/old
mkdir -m 700 "$OLD"
sqlite3 "$OLD/broker.db" "PRAGMA journal_mode=WAL;
CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL,
 token TEXT NOT NULL UNIQUE, shop_id TEXT, display TEXT NOT NULL);
INSERT INTO users VALUES ('svc', 'service', 'svc0000000000000000000000000000a', NULL, 'baedal services');
INSERT INTO users VALUES ('admin', 'admin', 'adm0000000000000000000000000000b', NULL, '관리자');
INSERT INTO users VALUES ('minji', 'customer', 'mnj0000000000000000000000000000c', NULL, '김민지');
INSERT INTO users VALUES ('chicken_owner', 'owner', 'chk0000000000000000000000000000d', 'chicken', '바삭치킨 사장님');" >/dev/null
HOME_DIR=$OLD
start_daemon
check "after the migration the old service token still joins (the store seeds its shops)" wait_for 10 shops_ready
check "the old customer token still says hello" "$BIN/baedal" --connect "$FRONT" \
    --token mnj0000000000000000000000000000c orders
check_eq "the owner keeps the shop" chicken "$(jbd chicken_owner whoami | jq -r .shop_id)"
check_fails "no clear token is left in broker.db" in_db mnj0000000000000000000000000000c
check_eq "the table has digests, no token column" "0 4" \
    "$(sqlite3 -separator ' ' "$OLD/broker.db" "SELECT (SELECT count(*) FROM pragma_table_info('users') WHERE name = 'token'), (SELECT count(*) FROM users WHERE length(token_sha256) = 64)")"
check "credentials.json is written from the migrated users" jq -e \
    '.users[] | select(.name == "minji" and .token == "mnj0000000000000000000000000000c")' "$OLD/credentials.json"
check_eq "and is 0600" 600 "$(stat -c %a "$OLD/credentials.json")"
finish
