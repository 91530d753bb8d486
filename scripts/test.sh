#!/usr/bin/env bash
# The test command: installs what is missing, builds, starts a throwaway PostgreSQL 15 server on a
# private unix socket, runs every test suite with ctest, then stops and removes the server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
run=$(mktemp -d /tmp/gongkai-test.XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$run"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$run/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$run"
}
trap cleanup EXIT
"${as_pg[@]}" "$pgbin/initdb" -D "$run/data" -U gongkai --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$run/data" -l "$run/server.log" -w \
  -o "-c listen_addresses='' -c unix_socket_directories='$run' -c max_connections=200 -c shared_buffers=256MB" \
  start >/dev/null
export GONGKAI_TEST_SERVER="host=$run port=5432 user=gongkai"
echo "test server: $GONGKAI_TEST_SERVER" >&2

ctest --test-dir build --output-on-failure -j2 "$@"
