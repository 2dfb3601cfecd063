#!/usr/bin/env bash
# Sets up (if needed), builds, and starts Stocktake on http://127.0.0.1:8080 with an
# embedded SQLite database under ./data/. Override with APP_PORT / APP_HOST.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup
./scripts/build all
mkdir -p data
export APP_DATA_DIR=${APP_DATA_DIR:-./data}
export APP_PUBLIC_DIR=${APP_PUBLIC_DIR:-./public}
echo "Open http://${APP_HOST:-127.0.0.1}:${APP_PORT:-8080} in your browser (Ctrl-C stops the server)."
exec build/native/stocktake serve
