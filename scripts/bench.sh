#!/usr/bin/env bash
# casetool against the engine it runs on: every figure next to a reference measured in the same
# run with the `sqlite3` command (no C of our own), and the ratio between them.
#
#   scripts/bench.sh                      # 200,000 generated cases, 3 interleaved runs each
#   CASES=1000000 scripts/bench.sh
#   RUNS=5 CASES=50000 scripts/bench.sh   # quicker, noisier
#   BIN=/path/to/casetool scripts/bench.sh   # an existing build (skips `swift build`)
#
# Needs sqlite3 (apt-get install sqlite3) and /usr/bin/time (apt-get install time).
set -euo pipefail
CASES=${CASES:-200000}
RUNS=${RUNS:-3}

cd "$(dirname "$0")/.."
command -v sqlite3 >/dev/null || { echo "bench: needs the sqlite3 command for the references (apt-get install sqlite3)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time for peak memory (apt-get install time)" >&2; exit 1; }
if [ -z "${BIN:-}" ]; then
    swift build -c release --static-swift-stdlib >/dev/null
    BIN="$PWD/.build/release/casetool"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CASETOOL_ACTOR=bench

now() { date +%s%N; }
ms_since() { echo $(( ($(now) - $1) / 1000 )) | awk '{ printf "%.1f\n", $1 / 1000 }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# Wall milliseconds of one run of a command, its output discarded.
run_ms() { local start; start=$(now); "$@" >/dev/null 2>&1; ms_since "$start"; }
policies_only() {
    mkdir -p "$work/policies"
    python3 -c 'import json,sys; json.dump({"policies": json.load(open(sys.argv[1]))["policies"]}, open(sys.argv[2], "w"))' \
        seeds/policies.json "$work/policies/policies.json"
    "$BIN" seed --db "$1" --dir "$work/policies" >/dev/null 2>&1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf (a / b < 0.1 ? "%.3f×" : "%.2f×"), a / b }'; }

echo "generating $CASES deterministic cases…" >&2
"$BIN" seed --db "$work/source.db" >/dev/null 2>&1
"$BIN" generate --db "$work/source.db" --cases "$CASES" --batch-size 10000 --seed 1 >/dev/null 2>&1
"$BIN" export --db "$work/source.db" --format csv >"$work/cases.csv"
"$BIN" export --db "$work/source.db" --format jsonl >"$work/cases.jsonl"
rows=$((CASES + 5))
csv_bytes=$(stat -c %s "$work/cases.csv")
jsonl_bytes=$(stat -c %s "$work/cases.jsonl")

# Imports, interleaved so that the machine's noise falls on all three alike.
echo "importing ($RUNS runs of each)…" >&2
: >"$work/csv.ms"; : >"$work/jsonl.ms"; : >"$work/ref.ms"
for i in $(seq 1 "$RUNS"); do
    rm -f "$work"/csv.db* "$work"/jsonl.db* "$work"/ref.db*
    policies_only "$work/csv.db"; policies_only "$work/jsonl.db"
    run_ms "$BIN" import "$work/cases.csv" --db "$work/csv.db" >>"$work/csv.ms"
    run_ms sqlite3 "$work/ref.db" ".import --csv $work/cases.csv cases" >>"$work/ref.ms"
    run_ms "$BIN" import "$work/cases.jsonl" --db "$work/jsonl.db" >>"$work/jsonl.ms"
done
ms_csv=$(median <"$work/csv.ms"); ms_jsonl=$(median <"$work/jsonl.ms"); ms_ref=$(median <"$work/ref.ms")
peak() { /usr/bin/time -f "%M" -o "$work/time.txt" "$@" >/dev/null 2>&1; echo $(( $(cat "$work/time.txt") / 1024 )); }
rm -f "$work"/peak.db*; policies_only "$work/peak.db"
mb_csv=$(peak "$BIN" import "$work/cases.csv" --db "$work/peak.db")
rm -f "$work"/peak.db*; policies_only "$work/peak.db"
mb_jsonl=$(peak "$BIN" import "$work/cases.jsonl" --db "$work/peak.db")

db="$work/csv.db"
events=$(sqlite3 "$db" "SELECT count(*) FROM case_events")
# The verification reference: SQLite reading every event and hashing all its fields (SHA3-256),
# which is the least any verification of the chain must do.
scan_and_hash="SELECT count(sha3(id || '|' || case_id || '|' || seq || '|' || kind || '|' || coalesce(from_status, '') || '|'
    || coalesce(to_status, '') || '|' || actor || '|' || coalesce(reason, '') || '|' || coalesce(payload, '') || '|'
    || occurred_at || '|' || recorded_at || '|' || hex(hash), 256)) FROM case_events"
group_by_policy="SELECT policy_id, count(*), sum(actioned_at IS NOT NULL), sum(appeal_count > 0),
    sum(coalesce(follower_count, 0)) FROM cases INDEXED BY cases_report GROUP BY policy_id"
echo "verifying, checking, reporting, starting ($RUNS runs of each)…" >&2
new_db="$work/new.db"; sqlite3 "$db" ".backup $new_db"
ref_db="$work/one-row.db"; sqlite3 "$ref_db" "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); PRAGMA journal_mode = WAL" >/dev/null
for name in verify verify_ref check integrity report report_ref version version_ref new new_ref; do : >"$work/$name.ms"; done
for i in $(seq 1 "$RUNS"); do
    run_ms "$BIN" audit verify --db "$db" >>"$work/verify.ms"
    run_ms sqlite3 "$db" "$scan_and_hash" >>"$work/verify_ref.ms"
    run_ms "$BIN" check --db "$db" >>"$work/check.ms"
    run_ms sqlite3 "$db" "PRAGMA integrity_check" >>"$work/integrity.ms"
    run_ms "$BIN" report --by policy --db "$db" --format csv >>"$work/report.ms"
    run_ms sqlite3 "$db" "$group_by_policy" >>"$work/report_ref.ms"
    for j in 1 2 3 4 5; do
        run_ms "$BIN" --version >>"$work/version.ms"
        run_ms sqlite3 :memory: "SELECT 1" >>"$work/version_ref.ms"
        run_ms "$BIN" new --db "$new_db" --platform Bench --handle "h$i-$j" --policy spam --decision content_labelled \
            --source automated --rationale r >>"$work/new.ms"
        # One durable row: the same synchronous setting casetool commits with (FULL, so that an
        # acknowledged audit record survives power loss).
        run_ms sqlite3 "$ref_db" "PRAGMA synchronous = FULL; INSERT INTO t (v) VALUES ('row $i-$j')" >>"$work/new_ref.ms"
    done
done
m() { median <"$work/$1.ms"; }
bytes_per_case=$(( $(stat -c %s "$db") / rows ))
check_ref=$(awk -v a="$(m integrity)" -v b="$(m verify_ref)" 'BEGIN { printf "%.1f", a + b }')

printf '\ncasetool %s; %s cases, %s events; %s cores (%s); SQLite %s; medians of %s interleaved runs\n\n' \
    "$("$BIN" --version)" "$rows" "$events" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" \
    "$(sqlite3 --version | cut -d' ' -f1)" "$RUNS"
row() { printf '| %s | %s | %s | %s | %s |\n' "$@"; }
row "work" "casetool" "same-run reference" "ratio" "goal"
row "---" "---" "---" "---" "---"
rate() { awk -v n="$rows" -v ms="$1" 'BEGIN { printf "%.0f rows/s", n / ms * 1000 }'; }
per_mb() { awk -v b="$1" -v ms="$2" 'BEGIN { printf "%.2f MB/s", b / ms / 1000 }'; }
row "import CSV into an empty database" "$(rate "$ms_csv")" "sqlite3 .import --csv: $(rate "$ms_ref")" \
    "$(ratio "$ms_ref" "$ms_csv")" "≥ 0.10×"
row "import JSON Lines, per byte" "$(per_mb "$jsonl_bytes" "$ms_jsonl")" "casetool CSV: $(per_mb "$csv_bytes" "$ms_csv")" \
    "$(awk -v a="$jsonl_bytes" -v b="$ms_jsonl" -v c="$csv_bytes" -v d="$ms_csv" 'BEGIN { printf "%.2f×", (a / b) / (c / d) }')" "≥ 1×"
row "import peak memory (CSV / JSON Lines)" "$mb_csv / $mb_jsonl MB" "" "" "< 64 MB"
row "audit verify" "$(m verify) ms" "sqlite3 scan and SHA3 every event: $(m verify_ref) ms" "$(ratio "$(m verify)" "$(m verify_ref)")" "≤ 2×"
row "check" "$(m check) ms" "integrity_check $(m integrity) ms + scan and hash $(m verify_ref) ms = $check_ref ms" "$(ratio "$(m check)" "$check_ref")" "≤ 2×"
row "casetool --version (process start)" "$(m version) ms" "sqlite3 :memory: 'SELECT 1': $(m version_ref) ms" "$(ratio "$(m version)" "$(m version_ref)")" "≤ 2×"
row "one new (durable commit)" "$(m new) ms" "sqlite3 one-row insert, synchronous=FULL: $(m new_ref) ms" "$(ratio "$(m new)" "$(m new_ref)")" "≤ 1.5×"
row "database size" "$bytes_per_case bytes per case" "the CSV: $(( csv_bytes / rows )) bytes per row" "$(ratio "$bytes_per_case" "$(( csv_bytes / rows ))")" "≤ 700 bytes"
row "report --by policy" "$(m report) ms" "sqlite3 grouping the covering index: $(m report_ref) ms" "$(ratio "$(m report)" "$(m report_ref)")" "no slower than before"
