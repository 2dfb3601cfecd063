#!/usr/bin/env bash
# Sets up (if needed), builds, and starts Stocktake on http://127.0.0.1:8080 with an
# embedded SQLite database under ./data/. Override with STOCKTAKE_PORT / STOCKTAKE_HOST.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup
./scripts/build all
mkdir -p data
export STOCKTAKE_DATA_DIR=${STOCKTAKE_DATA_DIR:-./data}
export STOCKTAKE_PUBLIC_DIR=${STOCKTAKE_PUBLIC_DIR:-./public}
echo "Open http://${STOCKTAKE_HOST:-127.0.0.1}:${STOCKTAKE_PORT:-8080} in your browser (Ctrl-C stops the server)."
exec build/native/stocktake serve
