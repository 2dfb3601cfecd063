#!/usr/bin/env bash
# The issue-7 comparison (docs/PERFORMANCE.md, "Webhook intake (issue 7)"): the same
# webhook_bench load as webhook_http_bench.sh, against tests/bench/node_receiver (Node +
# Fastify + pg doing the intake's work) on the same PostgreSQL. Installs the receiver's
# pinned npm packages on first use. Prints one webhook_bench JSON object, with the
# receiver's CPU per delivery added.
#   tests/bench/webhook_node_bench.sh postgresql://... [PORT] [SECONDS] [ORGS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$root/build/native}
url=${1:?usage: webhook_node_bench.sh POSTGRESQL_URL [PORT] [SECONDS] [ORGS]}
port=${2:-18950}
seconds=${3:-10}
orgs=${4:-200}
receiver=$root/tests/bench/node_receiver
work=$(mktemp -d "${TMPDIR:-/tmp}/webhook-node-bench-XXXXXX")
secret=$(openssl rand -hex 24)

[ -d "$receiver/node_modules" ] ||
    (cd "$receiver" && npm ci --silent --no-audit --no-fund --ignore-scripts)

# The organisations live in stocktake's own tables (the receiver checks them, cached).
for i in $(seq "$orgs"); do
    APP_DATABASE_URL=$url "$build/stocktake" org create "Node bench $$ $i" --json | jq -r .id
done >"$work/orgs.txt"

# shellcheck source=tests/bench/bench_server.sh
source "$root/tests/bench/bench_server.sh"
start_bench_receiver node "$receiver/receiver.mjs" --port "$port" --database "$url" --secrets "$secret"
run_webhook_bench "$pid" "$build/tests/bench/webhook_bench" --orgs "$work/orgs.txt" --secret "$secret" \
    --connections 64 --duration "$seconds" --json "$base"
