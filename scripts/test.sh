#!/usr/bin/env bash
# Installs what the tests need on a bare Debian machine with a Rust toolchain, then runs every
# test. .ci/run calls this script; README.md names it.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v python3 >/dev/null 2>&1 || need_apt+=(python3 python3-pip)   # reference scorer, networkx checks
command -v cc >/dev/null 2>&1 || need_apt+=(gcc)                        # builds the bundled SQLite
command -v xmllint >/dev/null 2>&1 || need_apt+=(libxml2-utils)         # GEXF and GraphML schema checks
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)                  # DOT export check
command -v curl >/dev/null 2>&1 || need_apt+=(curl)                      # the reliability script waits on /healthz
[ -x /usr/bin/chromium ] || need_apt+=(chromium)                         # the viewer's browser test (tests/viewer.rs)
if [ ${#need_apt[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi
# networkx reads the GEXF, GraphML and node-link exports in tests/clients.rs.
python3 -c 'import networkx' 2>/dev/null || python3 -m pip install --quiet networkx \
    || python3 -m pip install --quiet --break-system-packages networkx
# openapi-spec-validator checks /openapi.json in tests/openapi.rs.
python3 -c 'import openapi_spec_validator' 2>/dev/null || python3 -m pip install --quiet openapi-spec-validator \
    || python3 -m pip install --quiet --break-system-packages openapi-spec-validator

# Cytoscape.js, graphology and TimelineJS3 (with jsdom) read the JSON exports; playwright-core
# drives the system's chromium for the viewer test (it downloads no browser of its own).
command -v npm >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
npm ci --prefix tests/clients/js --no-audit --no-fund --loglevel=error

# A throwaway PostgreSQL for the tests that run on both engines: its own cluster in a
# temporary folder, on a free loopback port, stopped and removed when this script ends.
pg_dir=$(mktemp -d /tmp/eventgraph-test-pg.XXXXXX)
stop_postgres() {
    ./scripts/local-postgres.sh stop "$pg_dir" 2>/dev/null || true
    rm -rf "$pg_dir"
}
trap stop_postgres EXIT
pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Test data is thrown away: no need to wait for the disk.
EVENTGRAPH_TEST_PG=$(EVENTGRAPH_PG_OPTIONS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    ./scripts/local-postgres.sh start "$pg_dir" "$pg_port")
export EVENTGRAPH_TEST_PG
echo "PostgreSQL for the tests: $EVENTGRAPH_TEST_PG"

# Style and lints first: they take seconds and fail fast.
cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings
cargo test --locked --all-targets
# The reliability suite's short run, on the debug binary cargo test just built: hostile requests
# over sockets, mixed open-loop load, worst-case queries (scripts/reliability.sh; a few seconds).
./scripts/reliability.sh --short
