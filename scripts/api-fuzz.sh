#!/usr/bin/env bash
# Fuzzes the team server's API with schemathesis from the committed OpenAPI document: a fresh
# seeded database, a lead's token, every operation with generated inputs. Fails on any 5xx, any
# response that does not match the document (status, body, headers, media type), a schema-violating
# request accepted, a wrong answer to an undeclared method, or a refusal that is not the error body.
# Not checked: that every schema-valid request succeeds. Policies, dates, names and workflow moves
# are checked against the database, which no schema can say; those refusals are 4xx answers that
# must still match the document.
# Signing out is left out: it would revoke the fuzzer's own token (its tests are in ClientTests).
# Usage: scripts/api-fuzz.sh [casetool binary] [max examples per operation]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${1:-.build/release/casetool}")
examples=${2:-60}
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
export CASETOOL_DB="$work/cases.db" CASETOOL_ACTOR=fuzz
"$binary" init >/dev/null 2>&1
"$binary" seed >/dev/null 2>&1
"$binary" generate --cases 200 --seed 3 >/dev/null 2>&1
"$binary" users add fuzzlead --role lead --no-password 2>/dev/null
token=$("$binary" tokens create --user fuzzlead 2>/dev/null)
source scripts/start-server.sh
start_server "$binary" "$work/server.log"
echo "fuzzing $address with schemathesis $(schemathesis --version | awk '{print $NF}'), $examples examples per operation"
status=0
schemathesis run openapi/casetool-api.json --url "$address" -H "Authorization: Bearer $token" \
    --exclude-operation-id signOut \
    --checks all --exclude-checks positive_data_acceptance --max-examples "$examples" --seed 1 --generation-deterministic --request-timeout 30 \
    --suppress-health-check all || status=$?
if grep -q ' 5[0-9][0-9] ' "$work/server.log"; then
    echo "the server answered 5xx:"; grep ' 5[0-9][0-9] ' "$work/server.log" | head; status=1
fi
exit $status
