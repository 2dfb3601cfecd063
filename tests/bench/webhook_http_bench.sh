#!/usr/bin/env bash
# Verified webhooks per second over HTTP (docs/PERFORMANCE.md, "Webhook intake (issue 7)"):
# starts `stocktake serve` on DATABASE_URL with a shared signing secret, makes ORGS
# organisations (the intake throttles each to 100/s), then runs webhook_bench at 64
# connections: every request a new signed delivery, stored in the queue (with no
# ShipStation credentials the worker's one attempt each is retried later). Prints one
# webhook_bench JSON object, with the server's CPU per delivery added.
#   tests/bench/webhook_http_bench.sh sqlite:/tmp/webhooks.db [PORT] [SECONDS] [ORGS]
#   tests/bench/webhook_http_bench.sh postgresql://... [PORT] [SECONDS] [ORGS]
# WEBHOOK_PORT=N: serve also listens there (APP_WEBHOOK_PORT, the evented webhook listener)
# and the load goes to that port instead of the main one.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$root/build/native}
url=${1:?usage: webhook_http_bench.sh DATABASE_URL [PORT] [SECONDS] [ORGS]}
port=${2:-18942}
seconds=${3:-10}
orgs=${4:-200}
work=$(mktemp -d "${TMPDIR:-/tmp}/webhook-bench-XXXXXX")
secret=$(openssl rand -hex 24)

for i in $(seq "$orgs"); do
    APP_DATABASE_URL=$url "$build/stocktake" org create "Bench $$ $i" --json | jq -r .id
done >"$work/orgs.txt"

# shellcheck source=tests/bench/bench_server.sh
source "$root/tests/bench/bench_server.sh"
if [ -n "${WEBHOOK_PORT:-}" ]; then
    start_bench_server APP_LOG_LEVEL=error APP_WEBHOOK_SECRETS="$secret" APP_WEBHOOK_PORT="$WEBHOOK_PORT"
    base=http://127.0.0.1:$WEBHOOK_PORT
else
    start_bench_server APP_LOG_LEVEL=error APP_WEBHOOK_SECRETS="$secret"
fi

run_webhook_bench "$pid" "$build/tests/bench/webhook_bench" --orgs "$work/orgs.txt" --secret "$secret" \
    --connections 64 --duration "$seconds" --json "$base"
