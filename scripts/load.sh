#!/usr/bin/env bash
# Load test of the team server: wrk against a release build on loopback, for reading a case, a
# filtered list, logging a case and a transition, at 16 and 64 connections. Same-run references:
# the bare SQLite commit rate (sqlite3, one durable INSERT per transaction, as casetool commits)
# and the local CLI's rate (`casetool new`, one process per case).
# Usage: scripts/load.sh [seconds per run, default 5]    Needs wrk and sqlite3 (Debian: apt-get install wrk sqlite3).
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
cases=100000

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
start=$(date +%s%N); sqlite3 "$work/ref.db" <"$work/commits.sql"; end=$(date +%s%N)
bare=$(( 3000 * 1000000000 / (end - start) ))
start=$(date +%s%N)
for i in $(seq 1 40); do
    "$binary" new --platform Instagram --handle "cli_$i" --policy hate-speech --decision content_removed \
        --source user_report --rationale "load test" >/dev/null 2>&1
done
end=$(date +%s%N)
cli=$(( 40 * 1000000000 / (end - start) ))

"$binary" serve --listen 127.0.0.1:0 2>"$work/server.log" &
server=$!
for _ in $(seq 1 100); do
    base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -n 1 || true)
    [ -n "$base" ] && break
    sleep 0.1
done
[ -n "$base" ] || { echo "load: the server did not start"; cat "$work/server.log"; exit 1; }

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
cat >"$work/log.lua" <<LUA
dofile("$work/common.lua")
wrk.method = "POST"
wrk.path = "/api/v1/cases"
wrk.body = '{"platform":"Instagram","handle":"logged_by_wrk","policy":"hate-speech","opened_at":"2026-11-30T00:00:00Z","source":"user_report","decisions":["content_removed"],"rationale":"load test"}'
LUA
# Each transition moves a different open case: each wrk thread walks its own range of 25,000 ids.
move_script() {  # first id of the run's ranges
    cat >"$work/move.lua" <<LUA
dofile("$work/common.lua")
local counter = 0
setup = function(thread) thread:set("index", counter); counter = counter + 1 end
init = function() next_id = $1 + index * 25000 end
request = function()
    next_id = next_id + 1
    return wrk.format("POST", "/api/v1/cases/" .. next_id .. "/transitions", nil, '{"to":"escalated","reason":"load test"}')
end
LUA
}

run() {  # name script connections
    wrk -t2 -c"$3" -d"${seconds}s" --latency -s "$2" "$base" >"$work/out" 2>&1
    rps=$(awk '/Requests\/sec/ {print int($2)}' "$work/out")
    p50=$(awk '$1 == "50%" {print $2}' "$work/out")
    p99=$(awk '$1 == "99%" {print $2}' "$work/out")
    errors=$(awk '/Non-2xx/ {print $NF} /Socket errors/ {print}' "$work/out" | head -n 1)
    printf '| %-22s | %3s | %8s | %9s | %9s | %s |\n' "$1" "$3" "$rps" "$p50" "$p99" "${errors:-0}"
}

printf '\ncasetool serve, release build; %s cores; SQLite %s; wrk %ss per run, 2 threads\n\n' \
    "$(nproc)" "$(sqlite3 --version | cut -d' ' -f1)" "$seconds"
printf '| %-22s | %3s | %8s | %9s | %9s | %s |\n' "request" "conns" "req/s" "p50" "p99" "errors"
printf '|%s|%s|%s|%s|%s|%s|\n' "------------------------" "-----" "----------" "-----------" "-----------" "--------"
for c in 16 64; do
    run "GET a case" "$work/read.lua" $c
    run "GET a filtered list" "$work/list.lua" $c
done
for c in 16 64; do
    run "POST a case" "$work/log.lua" $c
done
move_script "$first"
run "POST a transition" "$work/move.lua" 16
move_script $((first + 50000))
run "POST a transition" "$work/move.lua" 64
printf '\nreferences: bare SQLite %s durable commits/s (sqlite3, WAL, synchronous=FULL); local CLI %s cases/s (casetool new, a process each)\n' "$bare" "$cli"
if grep -q ' 5[0-9][0-9] ' "$work/server.log"; then echo "the server answered 5xx:"; grep ' 5[0-9][0-9] ' "$work/server.log" | head -n 3; exit 1; fi
