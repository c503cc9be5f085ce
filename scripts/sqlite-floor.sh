#!/usr/bin/env bash
# What SQLite alone takes to write a register's cases and their events (issue 26's floor),
# beside `route` and `cases add` of the same file, in one run:
#
#   bash scripts/sqlite-floor.sh BINARY REGISTER.csv [ROUNDS]
#
# The program records the register into a store once; its rows are then copied by the sqlite3
# program into a fresh store of the same schema, the cases and the events in one transaction,
# with the store's own settings (WAL, synchronous FULL, a 32 MB cache), from tables already
# in memory. That is the least SQLite can do for those rows: one statement each, no binding,
# no hashing, one commit. Three forms of the events' `after`:
#   full     as the program writes it (the case's JSON with its decision's words);
#   shared   the decision's words (approving body … flips) replaced by a 64-digit reference to
#            a table of distinct texts, which the copy fills too;
#   none     no `after` at all.
# Needs sqlite3 and /usr/bin/time. Prints seconds.
set -euo pipefail
bin=$(realpath "$1")
reg=$(realpath "$2")
rounds=${3:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DELEGATION_TRACKER_DATA_DIR=$work/data
mkdir -p "$DELEGATION_TRACKER_DATA_DIR"

"$bin" cases add "$reg" --store "$work/made.sqlite" >/dev/null
sqlite3 "$work/made.sqlite" .schema | grep -v '^CREATE TABLE sqlite_' >"$work/schema.sql"
words="substr(after, instr(after, '\"approving_body\"'), \
  instr(after, '},\"decisions\":') - instr(after, '\"approving_body\"'))"
sqlite3 "$work/src.sqlite" "
ATTACH '$work/made.sqlite' AS m;
CREATE TABLE cases AS SELECT * FROM m.cases;
CREATE TABLE ev AS SELECT seq, at, who, machine, case_id, kind, before, after AS full,
  $words AS words, prev, hash FROM m.events;
CREATE TABLE ev2 AS SELECT *, replace(full, words, '\"wording\":\"' || hash || '\"') AS shared
  FROM ev;
CREATE TABLE texts AS SELECT min(hash) AS hash, words AS body FROM ev GROUP BY words;
" >/dev/null
echo "distinct decision texts: $(sqlite3 "$work/src.sqlite" 'SELECT count(*) FROM texts')"

copy() { # variant -> seconds (sum of the timed statements)
  local db=$work/copy.sqlite after=$1 texts=""
  rm -f "$db" "$db-wal" "$db-shm"
  sqlite3 "$db" "PRAGMA journal_mode=WAL;" >/dev/null
  sqlite3 "$db" <"$work/schema.sql"
  if [ "$after" = shared ]; then
    sqlite3 "$db" "CREATE TABLE texts (hash TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL) \
      WITHOUT ROWID;"
    texts="INSERT INTO texts SELECT hash, body FROM tt;"
  fi
  [ "$after" = none ] && after=NULL
  sqlite3 "$db" <<EOF | awk '/^Run Time/ {s += $4} END {printf "%.2f", s}'
PRAGMA synchronous = FULL;
PRAGMA cache_size = -32768;
PRAGMA temp_store = MEMORY;
ATTACH '$work/src.sqlite' AS src;
CREATE TEMP TABLE tc AS SELECT * FROM src.cases;
CREATE TEMP TABLE tev AS SELECT * FROM src.ev2;
CREATE TEMP TABLE tt AS SELECT * FROM src.texts;
.timer on
BEGIN;
INSERT INTO cases SELECT * FROM tc;
INSERT INTO events SELECT seq, at, who, machine, case_id, kind, before, $after, prev, hash
  FROM tev;
$texts
COMMIT;
EOF
}

for r in $(seq "$rounds"); do
  route=$( { /usr/bin/time -f %e "$bin" route "$reg" >/dev/null; } 2>&1 | tail -1)
  rm -f "$work/add.sqlite"*
  add=$( { /usr/bin/time -f %e "$bin" cases add "$reg" --store "$work/add.sqlite" >/dev/null; } \
    2>&1 | tail -1)
  echo "round $r: route $route s, cases add $add s, SQLite alone: full $(copy full) s," \
    "shared $(copy shared) s, none $(copy none) s"
done
