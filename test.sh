#!/usr/bin/env bash
# Sets up (if needed), builds both targets and runs every test:
#   1. repository checks (layering rules, formatting)
#   2. native Catch2 tests (engine, server); the server's storage and API tests run on
#      SQLite and on a throwaway PostgreSQL started here (scripts/test-postgres); then the
#      server as real processes: kill -9 under push load, two replicas on one PostgreSQL,
#      the same webhook delivered 50 times at once across two processes, and one shipment
#      delivered 50 times under new ids moving stock once
#   3. the same engine tests built with emscripten, run under node
#   4. the browser end-to-end tests (playwright-core + Debian's Chromium + real `stocktake serve`):
#      the app, two devices syncing (and a shipment webhook reaching one), the installable
#      offline app (PWA), the barcode scanner (fake camera), the operations screens
#   5. the libFuzzer targets, 20 s each (`scripts/fuzz SECONDS` runs them longer)
set -euo pipefail
cd "$(dirname "$0")"
step() { printf '\n=== %s ===\n' "$*"; }

step "setup"
./scripts/setup
step "repository checks"
./scripts/check
step "build (native)"
./scripts/build native
step "native tests"
# A PostgreSQL cluster of its own for the dual-backend tests, gone when this script ends.
pg_dir=$(./scripts/test-postgres start) || {
    echo "test.sh: cannot start the test PostgreSQL (scripts/test-postgres start)" >&2
    exit 1
}
trap './scripts/test-postgres stop "$pg_dir"' EXIT
STOCKTAKE_TEST_POSTGRES_URL=$(./scripts/test-postgres url "$pg_dir")
export STOCKTAKE_TEST_POSTGRES_URL
ctest --test-dir build/native --output-on-failure -j2
step "sync server as processes (kill -9 during pushes, two replicas on PostgreSQL)"
node tests/server/sync_processes.mjs --server build/native/stocktake \
    --postgres "$STOCKTAKE_TEST_POSTGRES_URL"
step "webhook redelivery storm (two processes on one PostgreSQL)"
node tests/server/webhook_processes.mjs --server build/native/stocktake \
    --postgres "$STOCKTAKE_TEST_POSTGRES_URL"
step "build (wasm)"
./scripts/build wasm
step "wasm tests under node"
ctest --test-dir build/wasm --output-on-failure
step "browser end-to-end test"
node tests/e2e/run.mjs --server build/native/stocktake --public public
step "browser end-to-end sync test (two devices)"
node tests/e2e/sync.mjs --server build/native/stocktake --public public
step "browser end-to-end test of the catalogue screens (dashboard, products, detail, stock, phone)"
node tests/e2e/views_catalog.mjs --server build/native/stocktake --public public
step "browser end-to-end PWA test (installable, offline reload, update prompt)"
node tests/e2e/pwa.mjs --server build/native/stocktake --public public
step "browser end-to-end scanner test (fake camera, debounce, offline scan, sync)"
node tests/e2e/scanner.mjs --server build/native/stocktake --public public
step "browser end-to-end test of the operations screens (orders, purchasing, channels, dead letters)"
node tests/e2e/views_operations.mjs --server build/native/stocktake --public public
step "browser end-to-end test of the scanner's modes (look up, pick, move, count, link, FNSKU) at 390x844"
node tests/e2e/scanner_modes.mjs --server build/native/stocktake --public public
step "browser end-to-end test of the channels' bulk files (downloads) and the reallocation pull"
node tests/e2e/channels_files.mjs --server build/native/stocktake --public public
step "browser end-to-end test of the Imports history and the Sync screen's devices"
node tests/e2e/views_admin.mjs --server build/native/stocktake --public public
step "browser end-to-end test of the device's name (saved, sent with syncs, listed)"
node tests/e2e/app_gaps.mjs --server build/native/stocktake --public public
step "browser end-to-end test: refreshing insights is spread over frames (20k listings)"
node tests/e2e/insights_slices.mjs --server build/native/stocktake --public public
step "fuzzing (bounded)"
./scripts/fuzz "${STOCKTAKE_FUZZ_SECONDS:-20}"
step "all tests passed"
