#!/usr/bin/env bash
# The standing reliability suite, on loopback only: hostile requests over real sockets, kill -9
# rounds, open-loop mixed load, and the worst-case query per endpoint with time and memory.
# Prints the figures; exits non-zero when a target breaks (an error answer that is not
# problem+json, a 5xx, a lost or partial article, an error under load).
#
#   scripts/reliability.sh           # full: release build, 1M-event store, 20 kill rounds
#   scripts/reliability.sh --short   # CI: a minute or two, with the build cargo test made
#
# EVENTGRAPH_BIN picks the binary (target/release/eventgraph, or target/debug/eventgraph with
# --short); EVENTGRAPH_LOAD_DB reuses a store made by `bench-graph --keep` for the load.
set -euo pipefail
cd "$(dirname "$0")/.."

short=false
[ "${1:-}" = "--short" ] && short=true
if $short; then
    bin=${EVENTGRAPH_BIN:-target/debug/eventgraph}
    events=20000 entities=2000 reads=100 writes=10 seconds=5
else
    bin=${EVENTGRAPH_BIN:-target/release/eventgraph}
    events=1000000 entities=100000 reads=1000 writes=100 seconds=20
fi
[ -x "$bin" ] || { echo "reliability: no binary at $bin (cargo build first)"; exit 1; }
work=$(mktemp -d /tmp/eventgraph-reliability.XXXXXX)
server=""
stop_server() { [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; server=""; }
trap 'stop_server; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Starts `eventgraph serve` on a free port and waits until it answers.
start_server() {
    port=$(free_port)
    "$bin" serve --addr "127.0.0.1:$port" --log error "$@" >"$work/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 600); do
        curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "reliability: the server did not start"; cat "$work/server.log"; return 1
}
failed=0
echo "machine: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"

echo "== 1. hostile requests"
start_server --db "$work/hostile.db" --ingest samples
python3 scripts/hostile_corpus.py "127.0.0.1:$port" $($short && echo --short) || failed=1
stop_server

echo "== 2. kill -9 rounds"
if $short; then
    echo "  run by cargo test (tests/crash.rs, 3 rounds each of CLI ingest and server)"
else
    EVENTGRAPH_CRASH_ROUNDS=20 cargo test --release --test crash -- --nocapture 2>&1 \
        | grep -E "round|stored|test result|panicked" || true
    EVENTGRAPH_CRASH_ROUNDS=20 cargo test --release --test crash >/dev/null 2>&1 || { echo "  crash test FAILED"; failed=1; }
fi

echo "== 3. open-loop mixed load: $reads reads/s, $writes articles/s, $seconds s, $events events"
db=${EVENTGRAPH_LOAD_DB:-}
if [ -z "$db" ]; then
    db="$work/load.db"
    "$bin" bench-graph --events "$events" --entities "$entities" --queries 10 --keep "$db" \
        | grep -E "load into|database size"
fi
copy="$work/load-run.db"
cp "$db" "$copy"
start_server --db "$copy"
"$bin" bench-load --url "http://127.0.0.1:$port" --reads "$reads" --writes "$writes" \
    --seconds "$seconds" --entities "$entities" --seed "$$" || failed=1

echo "== 4. worst-case query per endpoint (time; server's peak resident memory so far)"
leader=201  # the most active person of a generated store
for query in \
    "/v1/graph/contacts?entity=$leader" \
    "/v1/graph/path?from=$leader&to=$((entities - 1))&max_hops=6" \
    "/v1/graph/neighborhood?entity=$leader&depth=2" \
    "/v1/graph/centrality?metric=betweenness&status=any" \
    "/v1/graph/centrality?metric=closeness&status=any" \
    "/v1/graph/communities" \
    "/v1/events?entity=$leader&limit=500" \
    "/v1/entities/$leader/timeline" \
    "/v1/timeline?entity=$leader" \
    "/v1/search?q=minister&limit=500" \
    "/v1/entities?q=Person" \
    "/v1/export?format=gexf&entity=$leader&depth=3" \
    "/v1/export?format=gexf"; do
    answer=$(curl -s -o /dev/null -w "%{http_code} %{time_total} %{size_download}" "http://127.0.0.1:$port$query")
    peak=$(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' "/proc/$server/status")
    read -r status seconds_taken bytes <<<"$answer"
    printf "  %-70s %s %8.3f s %12s bytes  peak %s\n" "$query" "$status" "$seconds_taken" "$bytes" "$peak"
    [ "$status" -ge 500 ] && { echo "  5xx on $query"; failed=1; }
done
stop_server

if [ "$failed" -ne 0 ]; then
    echo "reliability: a target broke (see above)"
    exit 1
fi
echo "reliability: every target held"
