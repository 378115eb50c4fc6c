#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 server on loopback for the database tests and prints its URL.
# Usage: .ci/start-postgres.sh [DIR] [PORT]   (stop with: pg_ctl -D DIR stop)
set -euo pipefail
DIR=${1:-/tmp/relais-pg}
PORT=${2:-54329}
SOCK="$DIR/sock"
run() { if [ "$(id -u)" = 0 ]; then su nobody -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  rm -rf "$DIR"; mkdir -p "$DIR/data" "$SOCK"
  [ "$(id -u)" = 0 ] && chown -R nobody "$DIR"
  chmod 700 "$DIR/data"
  run "initdb -D '$DIR/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >"$DIR/initdb.log" 2>&1
fi
if ! run "pg_ctl -D '$DIR/data' status" >/dev/null 2>&1; then
  run "pg_ctl -D '$DIR/data' -l '$DIR/server.log' -w -o \"-p $PORT -k $SOCK -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300\" start" >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$PORT/postgres"
