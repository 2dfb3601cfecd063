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
# The key that signs access tokens: made once and kept beside the database, so sessions
# survive a restart. Set APP_SECRET_KEY yourself to use another.
if [ -z "${APP_SECRET_KEY:-}" ]; then
    key_file="$STOCKTAKE_DATA_DIR/secret_key"
    [ -s "$key_file" ] || (umask 077 && openssl rand -hex 32 >"$key_file")
    APP_SECRET_KEY=$(cat "$key_file")
    export APP_SECRET_KEY
fi
echo "Open http://${STOCKTAKE_HOST:-127.0.0.1}:${STOCKTAKE_PORT:-8080} in your browser (Ctrl-C stops the server)."
exec build/native/stocktake serve
