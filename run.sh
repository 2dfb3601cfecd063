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
# The key that signs access tokens: made once and kept beside the database, so sessions
# survive a restart. Set APP_SECRET_KEY yourself to use another.
if [ -z "${APP_SECRET_KEY:-}" ]; then
    key_file="$APP_DATA_DIR/secret_key"
    mkdir -p "$APP_DATA_DIR"
    [ -s "$key_file" ] || (umask 077 && openssl rand -hex 32 >"$key_file")
    APP_SECRET_KEY=$(cat "$key_file")
    export APP_SECRET_KEY
fi
echo "Open http://${APP_HOST:-127.0.0.1}:${APP_PORT:-8080} in your browser (Ctrl-C stops the server)."
exec build/native/stocktake serve
