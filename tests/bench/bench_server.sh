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

# start_bench_receiver CMD...: starts another receiver (the Node one, the evented probe) in
# the background, its output in $work/receiver.log, and returns once it answers HTTP on
# $port (any status). The caller sets port and work. Sets pid and base.
start_bench_receiver() {
    "$@" >"$work/receiver.log" 2>&1 &
    pid=$!
    trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
    base=http://127.0.0.1:$port
    for _ in $(seq 100); do
        curl -s -o /dev/null "$base/" && return 0
        sleep 0.1
    done
    echo "the receiver did not start; its log:" >&2
    cat "$work/receiver.log" >&2
    return 1
}

# CPU milliseconds (user + system) process PID has used so far, from /proc.
process_cpu_ms() {
    awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / hz}' "/proc/$1/stat"
}

# Context switches (voluntary and involuntary) of all of process PID's threads so far,
# from /proc: a thread that sleeps on a socket, a futex or a timer and is woken counts one.
process_switches() {
    cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {n += $2} END {print n + 0}'
}

# Runs a webhook_bench command line against server PID and prints its JSON with
# server_cpu_ms_per_delivery added: the server's CPU over the run divided by the deliveries
# it accepted, the figure that does not depend on how much of the machine the client took;
# and server_switches_per_delivery, the server's context switches over the run likewise.
run_webhook_bench() {
    local server=$1 before after switches_before switches_after report rc=0
    shift
    before=$(process_cpu_ms "$server")
    switches_before=$(process_switches "$server")
    report=$("$@") || rc=$?
    after=$(process_cpu_ms "$server")
    switches_after=$(process_switches "$server")
    jq -c --argjson cpu "$(echo "$after - $before" | bc)" \
        --argjson switches "$((switches_after - switches_before))" \
        '. + {server_cpu_ms_per_delivery: (if .accepted > 0 then $cpu / .accepted else 0 end),
              server_switches_per_delivery: (if .accepted > 0 then $switches / .accepted else 0 end)}' \
        <<<"$report"
    return "$rc"
}
