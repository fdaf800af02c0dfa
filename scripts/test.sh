#!/usr/bin/env bash
# Installs what the tests need on a bare Debian machine with a Rust toolchain, then runs every
# test. .ci/run calls this script; README.md names it.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)   # the reference scorer, tools/score.py
command -v cc >/dev/null 2>&1 || need_apt+=(gcc)            # builds the bundled SQLite
if [ ${#need_apt[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

cargo test --locked --all-targets
