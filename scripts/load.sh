#!/usr/bin/env bash
# Load test of the team server: wrk against a release build on loopback, for reading a case, a
# filtered list, logging a case and a transition, at 16 and 64 connections. Same-run references:
# the bare SQLite commit rate (sqlite3, one durable INSERT per transaction, as casetool commits)
# and the local CLI's rate (`casetool new`, one process per case).
# Each figure is the median of RUNS runs (default 3).
# Usage: [RUNS=n] scripts/load.sh [seconds per run, default 5]    Needs wrk and sqlite3 (Debian: apt-get install wrk sqlite3).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
binary=$(realpath .build/release/casetool 2>/dev/null || true)
[ -x "$binary" ] || { echo "load: build first: swift build -c release --static-swift-stdlib" >&2; exit 1; }
for tool in wrk sqlite3 python3; do command -v $tool >/dev/null || { echo "load: needs $tool" >&2; exit 1; }; done
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
export CASETOOL_DB="$work/cases.db" CASETOOL_ACTOR=load
cases=150000
runs=${RUNS:-3}

"$binary" init >/dev/null 2>&1
"$binary" seed >/dev/null 2>&1
python3 - "$work/open.jsonl" "$cases" <<'PY'
import json, sys
with open(sys.argv[1], "w") as out:
    for i in range(int(sys.argv[2])):
        out.write(json.dumps({"platform": "Instagram", "handle": f"load_{i}", "policy": "dangerous-organizations" if i % 2 else "hate-speech",
            "opened_at": "2026-11-01T00:00:00Z", "source": "user_report", "decisions": ["content_removed"],
            "rationale": "load test"}) + "\n")
PY
"$binary" import "$work/open.jsonl" >/dev/null 2>&1
"$binary" users add loadlead --role lead --no-password 2>/dev/null
token=$("$binary" tokens create --user loadlead 2>/dev/null)
first=$(sqlite3 "$CASETOOL_DB" "SELECT min(id) FROM cases WHERE status = 'open'")

# References, measured before the server starts.
sqlite3 "$work/ref.db" "PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)" >/dev/null
python3 -c "
print('PRAGMA synchronous = FULL;')
for i in range(3000): print(f\"BEGIN IMMEDIATE; INSERT INTO t (v) VALUES ('row {i}'); COMMIT;\")" >"$work/commits.sql"
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# The bare rate swings with the disk's other work (2x within minutes on a shared machine): each write
# run below is paired with a bare measurement taken just before it, and compared with that one.
bare_rate() {
    local start end
    start=$(date +%s%N); sqlite3 "$work/ref.db" <"$work/commits.sql"; end=$(date +%s%N)
    echo $(( 3000 * 1000000000 / (end - start) ))
}
: >"$work/bare"; : >"$work/cli"
for run in $(seq 1 "$runs"); do
    bare_rate >>"$work/bare"
    start=$(date +%s%N)
    for i in $(seq 1 40); do
        "$binary" new --platform Instagram --handle "cli_${run}_$i" --policy hate-speech --decision content_removed \
            --source user_report --rationale "load test" >/dev/null 2>&1
    done
    end=$(date +%s%N)
    echo $(( 40 * 1000000000 / (end - start) )) >>"$work/cli"
done
cli=$(median <"$work/cli")

source scripts/start-server.sh
start_server "$binary" "$work/server.log"
base=$address

cat >"$work/common.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
LUA
cat >"$work/read.lua" <<LUA
dofile("$work/common.lua")
request = function() return wrk.format("GET", "/api/v1/cases/" .. math.random($first, $first + $cases - 1)) end
LUA
cat >"$work/list.lua" <<LUA
dofile("$work/common.lua")
request = function() return wrk.format("GET", "/api/v1/cases?policy=hate-speech&status=open&limit=20") end
LUA
cat >"$work/counted.lua" <<LUA
dofile("$work/common.lua")
request = function() return wrk.format("GET", "/api/v1/cases?policy=hate-speech&status=open&limit=20&count=true") end
LUA
cat >"$work/log.lua" <<LUA
dofile("$work/common.lua")
wrk.method = "POST"
wrk.path = "/api/v1/cases"
wrk.body = '{"platform":"Instagram","handle":"logged_by_wrk","policy":"hate-speech","opened_at":"2026-11-30T00:00:00Z","source":"user_report","decisions":["content_removed"],"rationale":"load test"}'
LUA
# Each wrk thread of each run walks its own range of 7,500 open cases, dismissing each; a thread
# that reaches the end of its range walks it again, reopening them, then dismissing them again.
# Between two moves of one case the thread sends 7,499 others, so no two requests in flight touch
# the same case and none is refused. wrk asks thread 0's script for one request it never sends (to
# check the script, script_verify_request in wrk.c), so that thread starts a step early.
move_script() {  # first id of the run's ranges
    cat >"$work/move.lua" <<LUA
dofile("$work/common.lua")
local counter = 0
setup = function(thread) thread:set("index", counter); counter = counter + 1 end
init = function() first_id = $1 + index * 7500; step = (index == 0) and -1 or 0 end
request = function()
    local id = first_id + step % 7500
    local to = (math.floor(step / 7500) % 2 == 0) and "dismissed" or "open"
    step = step + 1
    return wrk.format("POST", "/api/v1/cases/" .. id .. "/transitions", nil, '{"to":"' .. to .. '","reason":"load test"}')
end
LUA
}

move_start=$first
run() {  # name script connections [write]; the median of $runs runs, and the errors of all of them
    : >"$work/rps"; : >"$work/p50"; : >"$work/p99"; : >"$work/ratio"; errors=0
    for _ in $(seq 1 "$runs"); do
        if [ "$2" = "$work/move.lua" ]; then move_script "$move_start"; move_start=$((move_start + 15000)); fi
        [ "${4:-}" = write ] && reference=$(bare_rate)
        wrk -t2 -c"$3" -d"${seconds}s" --latency -s "$2" "$base" >"$work/out" 2>&1
        awk '/Requests\/sec/ {print int($2)}' "$work/out" >>"$work/rps"
        if [ "${4:-}" = write ]; then
            echo "$reference" >>"$work/bare"
            awk -v bare="$reference" '/Requests\/sec/ {printf "%.2f\n", $2 / bare}' "$work/out" >>"$work/ratio"
        fi
        # wrk prints latencies with their unit (us, ms, s): in milliseconds here.
        for p in 50 99; do
            awk -v p="$p%" '$1 == p { v = $2; if (v ~ /us$/) v = v / 1000; else if (v ~ /ms$/) v = v + 0; else v = v * 1000; print v }' "$work/out" >>"$work/p$p"
        done
        errors=$((errors + $(awk '/Non-2xx/ {n += $NF} /Socket errors/ {n += 1} END {print n + 0}' "$work/out")))
    done
    ratio=$([ -s "$work/ratio" ] && median <"$work/ratio" || echo "")
    printf '| %-22s | %5s | %8s | %8s ms | %8s ms | %6s | %s |\n' "$1" "$3" "$(median <"$work/rps")" "$(median <"$work/p50")" "$(median <"$work/p99")" "${ratio:+${ratio}x}" "$errors"
}

printf '\ncasetool serve, release build; %s cores; SQLite %s; wrk %ss per run, 2 threads, medians of %s runs\n\n' \
    "$(nproc)" "$(sqlite3 --version | cut -d' ' -f1)" "$seconds" "$runs"
printf '| %-22s | %5s | %8s | %11s | %11s | %6s | %s |\n' "request" "conns" "req/s" "p50" "p99" "x bare" "errors"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' "------------------------" "-------" "----------" "-------------" "-------------" "--------" "--------"
for c in 16 64; do
    run "GET a case" "$work/read.lua" $c
    run "GET a filtered list" "$work/list.lua" $c
    run "  the same, counted" "$work/counted.lua" $c
done
for c in 16 64; do
    run "POST a case" "$work/log.lua" $c write
done
for c in 16 64; do
    run "POST a transition" "$work/move.lua" $c write
done
bare=$(median <"$work/bare")
printf '\nreferences: bare SQLite %s durable commits/s (sqlite3, WAL, synchronous=FULL; median of %s measurements,\n' "$bare" "$(wc -l <"$work/bare")"
printf 'one before each write run; "x bare" is the median of each write run over the one just before it);\n'
printf 'local CLI %s cases/s (casetool new, a process each)\n' "$cli"
if grep -q ' 5[0-9][0-9] ' "$work/server.log"; then echo "the server answered 5xx:"; grep ' 5[0-9][0-9] ' "$work/server.log" | head -n 3; exit 1; fi
