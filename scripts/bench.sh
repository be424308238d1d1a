#!/usr/bin/env bash
# Benchmark on a release build, with sqlite3's own CSV import of the same file as the reference.
#
#   scripts/bench.sh                 # 1,000,000 cases
#   CASES=100000 RUNS=7 scripts/bench.sh
#   DB=big.db scripts/bench.sh      # queries only, on an existing database (no imports)
#
# Prints one table: each figure is the median of RUNS runs (imports: one run each, they are long).
set -euo pipefail
CASES=${CASES:-1000000}
RUNS=${RUNS:-5}

cd "$(dirname "$0")/.."
command -v sqlite3 >/dev/null || { echo "bench: needs the sqlite3 command for the reference (apt-get install sqlite3)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time for peak memory (apt-get install time)" >&2; exit 1; }
swift build -c release >/dev/null
bin="$PWD/.build/release/casetool"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CASETOOL_ACTOR=bench

now() { date +%s.%N; }
elapsed() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.6f", e - s }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# Median wall time in milliseconds of RUNS runs of a command (output discarded).
time_ms() {
    for _ in $(seq 1 "$RUNS"); do
        local start; start=$(now)
        "$@" >/dev/null 2>&1
        awk -v t="$(elapsed "$start")" 'BEGIN { print t * 1000 }'
    done | median
}
peak_kb() { /usr/bin/time -f "%M" -o "$work/time.txt" "$@" >/dev/null 2>&1; cat "$work/time.txt"; }
policies_only() {
    mkdir -p "$work/policies"
    python3 -c 'import json,sys; json.dump({"policies": json.load(open(sys.argv[1]))["policies"]}, open(sys.argv[2], "w"))' \
        seeds/policies.json "$work/policies/policies.json"
    "$bin" seed --db "$1" --dir "$work/policies" 2>/dev/null
}

if [ -z "${DB:-}" ]; then
    echo "generating $CASES deterministic cases…" >&2
    "$bin" seed --db "$work/source.db" 2>/dev/null
    "$bin" generate --db "$work/source.db" --cases "$CASES" --batch-size 10000 --seed 1 2>/dev/null
    "$bin" export --db "$work/source.db" --format csv > "$work/cases.csv"
    "$bin" export --db "$work/source.db" --format jsonl > "$work/cases.jsonl"
    rows=$((CASES + 5))

    echo "importing…" >&2
    policies_only "$work/csv.db"
    start=$(now); kb_csv=$(peak_kb "$bin" import "$work/cases.csv" --db "$work/csv.db"); s_csv=$(elapsed "$start")
    policies_only "$work/jsonl.db"
    start=$(now); kb_jsonl=$(peak_kb "$bin" import "$work/cases.jsonl" --db "$work/jsonl.db"); s_jsonl=$(elapsed "$start")
    start=$(now); kb_ref=$(peak_kb sqlite3 "$work/reference.db" ".import --csv $work/cases.csv cases"); s_ref=$(elapsed "$start")
fi

echo "querying…" >&2
db="${DB:-$work/csv.db}"
[ -n "${DB:-}" ] && rows=$(sqlite3 "$db" "SELECT count(*) FROM cases")
ms_report=$(time_ms "$bin" report --by policy --db "$db" --format csv)
ms_report3=$(time_ms "$bin" report --by period,platform,policy --period month --db "$db" --format csv)
ms_report_week=$(time_ms "$bin" report --by period --period week --db "$db" --format json)
ms_report_html=$(time_ms "$bin" report --by period,policy --period quarter --db "$db" --format html)
# The reference: SQLite itself grouping the same covering index, with far fewer figures per group.
ms_ref_group=$(time_ms sqlite3 "$db" "SELECT policy_id, count(*), sum(actioned_at IS NOT NULL), sum(appeal_count > 0),
    sum(coalesce(follower_count, 0)) FROM cases INDEXED BY cases_report GROUP BY policy_id")
ms_list=$(time_ms "$bin" list --db "$db" --policy hate-speech --status actioned --platform TikTok --limit 50 --format csv)
ms_show=$(time_ms "$bin" show $((CASES / 2)) --db "$db" --format json)
ms_ref_count=$(time_ms sqlite3 "$db" "SELECT p.code, count(*) FROM cases c JOIN policies p ON p.id = c.policy_id GROUP BY 1")
new_db="$work/new.db"; sqlite3 "$db" ".backup $new_db"
ms_new=$(for i in $(seq 1 "$RUNS"); do
    start=$(now)
    "$bin" new --db "$new_db" --platform Bench --handle "h$i" --policy spam --decision content_labelled --source automated --rationale r >/dev/null
    awk -v t="$(elapsed "$start")" 'BEGIN { print t * 1000 }'
done | median)
bytes=$(stat -c %s "$db")

rate() { awk -v n="$rows" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }
printf '\ncasetool benchmark: %s cases; %s cores, %s; SQLite %s; median of %s runs\n\n' \
    "$rows" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$(sqlite3 --version | cut -d' ' -f1)" "$RUNS"
printf '%-40s %16s %22s %10s %s\n' "measure" "casetool" "reference" "ratio" "target"
if [ -z "${DB:-}" ]; then
printf '%-40s %16s %22s %10s %s\n' "import CSV, rows/s" "$(rate "$s_csv")" "$(rate "$s_ref") (sqlite3 .import)" \
    "$(awk -v a="$s_ref" -v b="$s_csv" 'BEGIN { printf "%.3fx", a / b }')" ">= 1x"
printf '%-40s %16s %22s %10s %s\n' "import JSON Lines, rows/s" "$(rate "$s_jsonl")" "$(rate "$s_ref") (sqlite3 .import)" \
    "$(awk -v a="$s_ref" -v b="$s_jsonl" 'BEGIN { printf "%.3fx", a / b }')" ">= 1x"
printf '%-40s %16s %22s %10s %s\n' "import peak memory, MB (CSV / JSONL)" "$((kb_csv / 1024)) / $((kb_jsonl / 1024))" "$((kb_ref / 1024)) (sqlite3)" "" "< 64"
fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
verdict() { awk -v t="$1" 'BEGIN { print (t < 1000) ? "< 1000 ok" : "< 1000 MISSED" }'; }
printf '%-40s %16.1f %22s %10s %s\n' "report --by policy, ms" "$ms_report" "$(printf '%.1f' "$ms_ref_group") (sqlite3 group)" "$(ratio "$ms_report" "$ms_ref_group")" "$(verdict "$ms_report")"
printf '%-40s %16.1f %22s %10s %s\n' "report period,platform,policy (month)" "$ms_report3" "" "$(ratio "$ms_report3" "$ms_ref_group")" "$(verdict "$ms_report3")"
printf '%-40s %16.1f %22s %10s %s\n' "report --by period (week), json, ms" "$ms_report_week" "" "$(ratio "$ms_report_week" "$ms_ref_group")" "$(verdict "$ms_report_week")"
printf '%-40s %16.1f %22s %10s %s\n' "report html (3 groupings, charts), ms" "$ms_report_html" "" "$(ratio "$ms_report_html" "$ms_ref_group")" "$(verdict "$ms_report_html")"
printf '%-40s %16.1f %22s %10s %s\n' "sqlite3 count by policy (join), ms" "$ms_ref_count" "" "" ""
printf '%-40s %16.1f %22s %10s %s\n' "list, 3 filters, 50 rows, ms" "$ms_list" "" "" ""
printf '%-40s %16.1f %22s %10s %s\n' "show one case (json), ms" "$ms_show" "" "" ""
printf '%-40s %16.1f %22s %10s %s\n' "one 'new', wall ms" "$ms_new" "" "" "< 15"
printf '%-40s %16s %22s %10s %s\n' "database bytes per case" "$((bytes / rows))" "" "" ""
