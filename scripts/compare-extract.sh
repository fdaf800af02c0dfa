#!/usr/bin/env bash
# Compares what two eventgraph binaries extract from the same articles: the dev corpus (when
# ../shared/corpus/dev is present), the bundled samples and the test fixtures. Prints a diff per
# input set and exits non-zero when any output differs. Use it to show that a restructuring of
# the extractor leaves its output unchanged:
#   cp target/release/eventgraph /tmp/eventgraph-before   # before the change
#   cargo build --release && scripts/compare-extract.sh /tmp/eventgraph-before target/release/eventgraph
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 BEFORE_BINARY AFTER_BINARY" >&2; exit 2; }
before=$1 after=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

sets=(samples tests/fixtures)
[ -d ../shared/corpus/dev ] && sets+=(../shared/corpus/dev)
status=0
for set in "${sets[@]}"; do
    mapfile -t files < <(find "$set" -maxdepth 1 -type f \( -name '*.txt' -o -name '*.json' \) | sort)
    name=$(basename "$set")
    "$before" extract "${files[@]}" > "$out/$name.before.jsonl"
    "$after" extract "${files[@]}" > "$out/$name.after.jsonl"
    if diff -u "$out/$name.before.jsonl" "$out/$name.after.jsonl" > "$out/$name.diff"; then
        echo "$set: ${#files[@]} articles, output identical"
    else
        echo "$set: ${#files[@]} articles, output differs:"
        cat "$out/$name.diff"
        status=1
    fi
done
exit $status
