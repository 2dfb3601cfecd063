#!/usr/bin/env bash
# The same load as webhook_http_bench.sh against webhook_evented_probe (the intake behind
# one libmicrohttpd event loop instead of cpp-httplib's thread per connection; an
# evaluation, docs/DECISIONS.md "Webhook intake, session 10"). Needs Debian's
# libmicrohttpd-dev at build time. Prints one webhook_bench JSON object with the probe's
# CPU and context switches per delivery added.
#   tests/bench/webhook_evented_bench.sh DATABASE_URL [PORT] [SECONDS] [ORGS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$root/build/native}
url=${1:?usage: webhook_evented_bench.sh DATABASE_URL [PORT] [SECONDS] [ORGS]}
port=${2:-18944}
seconds=${3:-10}
orgs=${4:-200}
[ -x "$build/tests/bench/webhook_evented_probe" ] || {
    echo "no $build/tests/bench/webhook_evented_probe: install libmicrohttpd-dev and rebuild" >&2
    exit 1
}
work=$(mktemp -d "${TMPDIR:-/tmp}/webhook-evented-XXXXXX")
secret=$(openssl rand -hex 24)

for i in $(seq "$orgs"); do
    APP_DATABASE_URL=$url "$build/stocktake" org create "Evented $$ $i" --json | jq -r .id
done >"$work/orgs.txt"

# shellcheck source=tests/bench/bench_server.sh
source "$root/tests/bench/bench_server.sh"
start_bench_receiver env APP_WEBHOOK_SECRETS="$secret" "$build/tests/bench/webhook_evented_probe" \
    "$url" "$port"
run_webhook_bench "$pid" "$build/tests/bench/webhook_bench" --orgs "$work/orgs.txt" --secret "$secret" \
    --connections 64 --duration "$seconds" --json "$base"
