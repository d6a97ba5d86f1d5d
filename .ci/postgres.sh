#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS cluster for the tests, owned by this script.
#
#   .ci/postgres.sh start DIR PORT   # init DIR (if new), start on 127.0.0.1:PORT,
#                                    # print the URL the tests take as GEODATA_TEST_POSTGIS
#   .ci/postgres.sh stop DIR         # stop it (the data stays in DIR)
#
# Needs Debian's postgresql-15-postgis-3 (.ci/run installs it). Run as root, the
# cluster runs as the postgres user (PostgreSQL refuses to run as root).
set -euo pipefail
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$BIN" ]; then
    echo "postgres.sh: no PostgreSQL server installed (apt-get install postgresql-15-postgis-3)" >&2
    exit 1
fi
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cmd=${1:-}; dir=${2:-}
case "$cmd" in
start)
    port=${3:?port}
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
            --locale=C.UTF-8 >"$dir/initdb.log"
    fi
    # Test data is thrown away: durability settings off make each commit cheap.
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
        "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off \
         -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
stop)
    as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
*)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
