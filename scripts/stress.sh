#!/usr/bin/env bash
# Stress test at scale: concurrent casetool writers on one database, then writers killed with
# SIGKILL in the middle of batches. Prints the figures; exits non-zero if anything was lost or broken.
#
#   scripts/stress.sh                      # 8 writers x 1000 cases, 10 kills of 500-case batches
#   WRITERS=16 CASES=2000 KILLS=20 BATCH=1000 scripts/stress.sh
set -euo pipefail
WRITERS=${WRITERS:-8}
CASES=${CASES:-1000}
KILLS=${KILLS:-10}
BATCH=${BATCH:-500}

cd "$(dirname "$0")/.."
swift build -c release >/dev/null
bin="$PWD/.build/release/casetool"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/stress.db"
export CASETOOL_ACTOR=stress

count_seed() {  # cases written by one generate run, read with Python's own SQLite
    python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute("SELECT count(*) FROM cases WHERE external_id LIKE ?", ("synthetic-%s-%%" % sys.argv[2],)).fetchone()[0])' "$db" "$1"
}

"$bin" seed --db "$db" 2>/dev/null

# 1. Concurrent writers: every case in its own transaction, maximum contention.
pids=()
start=$(date +%s.%N)
for w in $(seq 1 "$WRITERS"); do
    "$bin" generate --db "$db" --cases "$CASES" --batch-size 1 --seed "$w" 2>"$work/writer-$w.err" &
    pids+=($!)
done
failed_writers=0
for pid in "${pids[@]}"; do wait "$pid" || failed_writers=$((failed_writers + 1)); done
seconds=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
written=0
for w in $(seq 1 "$WRITERS"); do written=$((written + $(count_seed "$w"))); done
locked=$(cat "$work"/writer-*.err | grep -ci "locked\|busy" || true)

# Reference, same run and same concurrency: bare one-row transactions through Python's SQLite in WAL
# mode with the same busy timeout, i.e. what one commit costs on this disk without casetool's work.
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA journal_mode=WAL"); c.execute("CREATE TABLE t (v)"); c.commit()' "$work/reference.db"
ref_pids=()
ref_start=$(date +%s.%N)
for w in $(seq 1 "$WRITERS"); do
    python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
for i in range(int(sys.argv[2])):
    c.execute("BEGIN IMMEDIATE"); c.execute("INSERT INTO t VALUES (?)", (i,)); c.execute("COMMIT")
' "$work/reference.db" "$CASES" &
    ref_pids+=($!)
done
for pid in "${ref_pids[@]}"; do wait "$pid"; done
ref_seconds=$(awk -v s="$ref_start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')

# 2. Writers killed mid-batch: the database must open, pass check, and hold whole batches only.
survived=0
partial=0
for k in $(seq 1 "$KILLS"); do
    seed=$((1000 + k))
    "$bin" generate --db "$db" --cases 100000000 --batch-size "$BATCH" --seed "$seed" 2>/dev/null &
    pid=$!
    sleep "0.$(( (RANDOM % 9) + 2 ))"
    kill -KILL "$pid"
    wait "$pid" 2>/dev/null || true
    n=$(count_seed "$seed")
    if [ $((n % BATCH)) -ne 0 ]; then partial=$((partial + 1)); fi
    if "$bin" check --db "$db" >/dev/null 2>&1 && [ $((n % BATCH)) -eq 0 ]; then survived=$((survived + 1)); fi
done

verify=$("$bin" audit verify --db "$db" 2>&1) && verify_status=0 || verify_status=$?
check_line=$("$bin" check --db "$db" 2>&1 | grep integrity || true)

printf '%-34s %s\n' "writers" "$WRITERS"
printf '%-34s %s\n' "cases written (expected)" "$written ($((WRITERS * CASES)))"
printf '%-34s %s\n' "failed writers" "$failed_writers"
printf '%-34s %s\n' "'locked'/'busy' errors" "$locked"
printf '%-34s %.1f s, %.0f cases/s\n' "concurrent phase" "$seconds" "$(awk -v n="$written" -v s="$seconds" 'BEGIN { print n / s }')"
printf '%-34s %.1f s, %.0f transactions/s (casetool: %.2fx)\n' "reference: bare SQLite commits" "$ref_seconds" \
    "$(awk -v n="$((WRITERS * CASES))" -v s="$ref_seconds" 'BEGIN { print n / s }')" \
    "$(awk -v a="$seconds" -v b="$ref_seconds" -v n="$written" -v m="$((WRITERS * CASES))" 'BEGIN { print (n / a) / (m / b) }')"
printf '%-34s %s\n' "interrupted runs survived" "$survived/$KILLS (batch $BATCH; partial batches: $partial)"
printf '%-34s %s\n' "sqlite integrity" "$(echo "$check_line" | awk '{ print $2 }')"
printf '%-34s %s\n' "audit verify" "$verify"

[ "$written" -eq $((WRITERS * CASES)) ] && [ "$failed_writers" -eq 0 ] && [ "$survived" -eq "$KILLS" ] && [ "$verify_status" -eq 0 ]
