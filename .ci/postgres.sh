#!/usr/bin/env bash
# Install (from Debian packages) and start a throwaway PostgreSQL on loopback for the store tests.
# Writes the connection URL to .ci/pg_url. Safe to run twice.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rm -f "$here/pg_url"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    for attempt in 1 2; do
      if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; then
        break
      fi
      [ "$attempt" = 2 ] && exit 1
      sleep 10
    done
  else
    exit 1
  fi
fi
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
data=/tmp/greenpark-ci-pg
port=54329
if ! "$bin/pg_isready" -h 127.0.0.1 -p "$port" >/dev/null 2>&1; then
  rm -rf "$data"; mkdir -p "$data"; chown postgres "$data"
  su postgres -c "$bin/initdb -D $data -A trust -U postgres" >/dev/null
  su postgres -c "$bin/pg_ctl -D $data -o '-p $port -k /tmp -c listen_addresses=127.0.0.1' -l $data/log -w start" >/dev/null
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres" > "$here/pg_url"
