#!/usr/bin/env bash
# The sync endpoints over HTTP (docs/PERFORMANCE.md, "Sync server (issue 6)"): starts
# `stocktake serve` (APP_DEV_MODE=1) on DATABASE_URL, registers an organisation, seeds
# 5000 changes, then runs http_bench at 64 connections on
#   GET  /api/v1/sync/pull?cursor=0&limit=100
#   POST /api/v1/sync/push with a body of 50 ops (the seed's first 50: every request is
#        the idempotent duplicate path, all 50 ops answered "duplicate")
# and prints the server's idle RSS and one http_bench JSON object per run.
#   tests/bench/sync_http_bench.sh sqlite:/tmp/sync_http.db [PORT] [SECONDS]
#   tests/bench/sync_http_bench.sh postgresql://... [PORT] [SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$root/build/native}
url=${1:?usage: sync_http_bench.sh DATABASE_URL [PORT] [SECONDS]}
port=${2:-18941}
seconds=${3:-10}
work=$(mktemp -d "${TMPDIR:-/tmp}/sync-http-bench-XXXXXX")
# shellcheck source=tests/bench/bench_server.sh
source "$root/tests/bench/bench_server.sh"
start_bench_server
sleep 2
echo "idle_rss_kib $(awk '/VmRSS/ {print $2}' /proc/$pid/status)"

token=$(curl -sf -X POST -H 'Content-Type: application/json' \
    -d "{\"org_name\":\"Bench $$\",\"email\":\"bench$$@example.com\",\"password\":\"bench-password-1\"}" \
    "$base/api/v1/auth/register" | jq -r .access_token)
"$build/tests/bench/sync_bench" --write-body "$work/seed.json" --push 5000
"$build/tests/bench/sync_bench" --write-body "$work/push.json" --push 50
curl -sf -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
    --data-binary @"$work/seed.json" "$base/api/v1/sync/push" | jq -c '{accepted, duplicates, rejected, cursor}'

bench=("$build/tests/bench/http_bench" --connections 64 --duration "$seconds" --pid "$pid"
       --bearer "$token" --json)
"${bench[@]}" "$base/api/v1/sync/pull?cursor=0&limit=100" | jq -c '{run: "pull"} + .'
"${bench[@]}" --method POST --body "$work/push.json" "$base/api/v1/sync/push" |
    jq -c '{run: "push (duplicates)"} + .'
