# Sourced by the HTTP bench scripts: start_bench_server starts `stocktake serve`
# (APP_DEV_MODE=1) in the background and returns once it answers /healthz. The caller sets
# build, url (APP_DATABASE_URL), port and work (a scratch directory, removed on exit);
# extra VAR=VALUE arguments go to the server's environment. Sets pid and base. SERVE_LOG=FILE
# keeps the server's log.
start_bench_server() {
    mkdir -p "$work/data" "$work/public"
    env "$@" APP_DEV_MODE=1 APP_PORT="$port" APP_DATABASE_URL="$url" APP_DATA_DIR="$work/data" \
        APP_PUBLIC_DIR="$work/public" "$build/stocktake" serve >"$work/serve.log" 2>&1 &
    pid=$!
    trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
          [ -z "${SERVE_LOG:-}" ] || cp "$work/serve.log" "$SERVE_LOG"; rm -rf "$work"' EXIT
    base=http://127.0.0.1:$port
    for _ in $(seq 100); do
        curl -sf "$base/healthz" >/dev/null && return 0
        sleep 0.1
    done
    echo "stocktake serve did not start; its log:" >&2
    cat "$work/serve.log" >&2
    return 1
}
