#!/usr/bin/env bash
# Install everything the test suite needs and run it: the README's test command and CI's.
#   bash tests/run.sh [pytest args]
# It makes .venv, installs airclass with its test extra, installs PostgreSQL and Chromium from
# Debian's packages when it can (root + apt-get), starts a throwaway PostgreSQL on loopback for the
# PostgreSQL half of the API tests, and runs pytest. A full run (no pytest args) then runs the tests
# marked `dates` again with the clock faked (libfaketime) to two far-apart days.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v faketime >/dev/null || need+=(faketime)
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${need[*]} from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

pg_dir=""
cleanup() {
  if [ -n "$pg_dir" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
}
trap cleanup EXIT

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "${AIRCLASS_TEST_POSTGRES_URL:-}" ] && [ -n "$pg_bin" ] && [ "$(id -u)" = 0 ]; then
  pg_dir=$(mktemp -d)
  chown postgres "$pg_dir"
  port=$((20000 + RANDOM % 20000))
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
    -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  runuser -u postgres -- "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres airclass_test
  export AIRCLASS_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/airclass_test"
  echo "PostgreSQL for tests on 127.0.0.1:$port"
fi

.venv/bin/python -m pytest "$@"

if [ $# -eq 0 ]; then
  # Nothing may expire: what reads "now" must pass on any day, late at night in Beijing too.
  for day in "2028-03-01 09:30:00" "2041-09-16 17:30:00"; do
    echo "tests marked 'dates' with the clock at $day UTC"
    TZ=UTC faketime "$day" .venv/bin/python -m pytest -q -m dates -p no:cacheprovider
  done
fi
