#!/usr/bin/env bash
# A PostgreSQL server for trying eventgraph or running its tests: a cluster of its own in DIR,
# listening on 127.0.0.1 only, trusting local connections (so: never on a shared machine's
# public address; nothing listens beyond loopback).
#
#   scripts/local-postgres.sh start DIR [PORT]   # prints the URL for --db / EVENTGRAPH_DB
#   scripts/local-postgres.sh stop DIR
#
# The server binaries come from the distribution's postgresql package (installed with apt
# when missing and running as root). Run as root, the cluster belongs to the unprivileged
# system user `postgres` (or `nobody`): PostgreSQL refuses to run as root.
set -euo pipefail

usage() { echo "usage: $0 start DIR [PORT] | stop DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
action=$1
dir=$2
port=${3:-5432}

bindir() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$found" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    fi
    [ -n "$found" ] || { echo "no PostgreSQL server found: install the postgresql package" >&2; exit 1; }
    echo "$found"
}

# Runs a server command as the cluster's owner.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u "$owner" -- "$@"
    else
        "$@"
    fi
}

if [ "$(id -u)" = 0 ]; then
    if id postgres >/dev/null 2>&1; then owner=postgres; else owner=nobody; fi
else
    owner=$(id -un)
fi

bin=$(bindir)
case "$action" in
start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ "$(id -u)" = 0 ] && chown "$owner" "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log"
    fi
    # EVENTGRAPH_PG_OPTIONS adds server settings, e.g. "-c fsync=off" for throwaway test data.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir ${EVENTGRAPH_PG_OPTIONS:-}" start >/dev/null
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres eventgraph 2>/dev/null || true
    echo "postgres://postgres@127.0.0.1:$port/eventgraph"
    ;;
stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
*)
    usage
    ;;
esac
