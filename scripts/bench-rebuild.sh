#!/usr/bin/env bash
# Times migration 0005 (a rebuild of `cases`) on a database of N cases written by an older casetool,
# then checks every row is kept and the audit chain verifies. Same-run reference: sqlite3 copying the
# same table into a fresh one (the rebuild's floor). Build the older binary in a git worktree at a
# revision before 0005 (`git worktree add /tmp/base 415d5c4 && (cd /tmp/base && swift build -c release)`):
#   N=1000000 scripts/bench-rebuild.sh /tmp/base/.build/release/casetool .build/release/casetool
set -euo pipefail
OLD=$(realpath "$1"); NEW=$(realpath "$2"); N=${N:-1000000}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; cd "$work"
now() { date +%s.%N; }
$OLD seed --db v4.db >/dev/null 2>&1
t0=$(now); $OLD generate --db v4.db --cases "$N" --seed 1 >/dev/null 2>&1; t1=$(now)
printf 'generated %d cases with the old binary in %.1f s\n' "$N" "$(echo "$t1 - $t0" | bc)"
before=$(sqlite3 v4.db "SELECT count(*), sum(appeal_count), count(actioned_at) FROM cases")
events=$(sqlite3 v4.db "SELECT count(*) FROM case_events")
cp v4.db ref.db
t0=$(now)
sqlite3 ref.db "BEGIN; CREATE TABLE cases_copy AS SELECT * FROM cases; DROP TABLE cases; ALTER TABLE cases_copy RENAME TO cases;
  CREATE INDEX i1 ON cases (account_id, opened_at); CREATE INDEX i2 ON cases (policy_id, opened_at);
  CREATE INDEX i3 ON cases (status, opened_at); CREATE INDEX i4 ON cases (platform, opened_at);
  CREATE INDEX i5 ON cases (opened_at, policy_id, platform, action, source, status, actioned_at, appeal_count, account_id, follower_count, automated_detection, automated_decision);
  COMMIT;" >/dev/null 2>&1 || true
t1=$(now); ref=$(echo "$t1 - $t0" | bc)
t0=$(now); $NEW init --db v4.db >/dev/null; t1=$(now); migrate=$(echo "$t1 - $t0" | bc)
after=$(sqlite3 v4.db "SELECT count(*), sum(appeal_count), count(actioned_at) FROM cases")
[ "$before" = "$after" ] || { echo "rows differ: before $before, after $after"; exit 1; }
t0=$(now); $NEW audit verify --db v4.db; t1=$(now); verify=$(echo "$t1 - $t0" | bc)
printf 'migration 0005 (rebuild of %d cases, %d events untouched): %.1f s; sqlite3 copying the table and its indexes: %.1f s (%.2fx)\n' \
  "$N" "$events" "$migrate" "$ref" "$(echo "$migrate / $ref" | bc -l)"
printf 'audit verify afterwards: %.1f s; every row kept (cases, appeals, actioned: %s)\n' "$verify" "$after"
