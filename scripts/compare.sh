#!/usr/bin/env bash
# Compares two casetool binaries in one run, interleaved, medians of RUNS: import (CSV and JSON Lines)
# of N generated cases, audit verify, a per-policy report and one `new` (a whole process). Build the
# older one in a git worktree (`git worktree add /tmp/base REV && swift build -c release`) and pass
# both release binaries:
#   scripts/compare.sh /tmp/base/.build/release/casetool .build/release/casetool
# Needs bc. The machine is shared and noisy: the ratio between the two columns is what means something.
set -euo pipefail
BASE=$(realpath "$1"); HEAD=$(realpath "$2"); N=${N:-30000}; RUNS=${RUNS:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; cd "$work"
# The data come from the older binary: a newer casetool reads the files older ones wrote (an `action`
# column before decisions), not always the other way round.
$BASE seed --db src.db >/dev/null 2>&1
$BASE generate --db src.db --cases "$N" --seed 1 >/dev/null 2>&1
$BASE export --db src.db > cases.csv
$BASE export --db src.db --format jsonl > cases.jsonl
rows=$(($(wc -l < cases.csv) - 1))
now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { local t0 t1; t0=$(now); "$@" >/dev/null 2>&1; t1=$(now); echo "$t1 - $t0" | bc; }
for run in $(seq "$RUNS"); do
  for which in base head; do
    bin=$BASE; [ "$which" = head ] && bin=$HEAD
    for fmt in csv jsonl; do
      rm -f "$which.db"*; $bin seed --db "$which.db" >/dev/null 2>&1
      timed $bin import "cases.$fmt" --db "$which.db" >> "import-$fmt.$which"
    done
    timed $bin audit verify --db "$which.db" >> "verify.$which"
    timed $bin report --by policy --db "$which.db" >> "report.$which"
    for i in 1 2 3 4 5; do
      timed $bin new --db "$which.db" --platform X --handle "n$run$i" --policy spam --action label --source automated --rationale r >> "new.$which"  # --action: both read it
    done
  done
done
printf '%-26s %12s %12s %8s\n' measure base head ratio
for measure in import-csv import-jsonl verify report new; do
  b=$(median < "$measure.base"); h=$(median < "$measure.head")
  printf '%-26s %11.3fs %11.3fs %7.2fx\n' "$measure (median of $(wc -l < "$measure.head"))" "$b" "$h" "$(echo "$h / $b" | bc -l)"
done
echo "rows imported: $rows"
