#!/usr/bin/env bash
# The browser tests (office.mjs): a database of their own on the test server, `gongkai serve` on a
# free port, Debian's Chromium driven by puppeteer-core. Screenshots of every page are kept in
# $GONGKAI_SCREENSHOTS (default build/browser-screenshots) for a person to look at.
#   GONGKAI_TEST_SERVER  conninfo of a PostgreSQL server whose user may create databases and roles
#   GONGKAI_EXE          the gongkai executable (default build/cli/gongkai)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
GK=${GONGKAI_EXE:-$root/build/cli/gongkai}
server=${GONGKAI_TEST_SERVER:?GONGKAI_TEST_SERVER names the test server (scripts/test.sh starts one)}
shots=${GONGKAI_SCREENSHOTS:-$root/build/browser-screenshots}
command -v node >/dev/null || { echo "browser tests: node is not installed (scripts/deps.sh installs it)" >&2; exit 1; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "browser tests: chromium is not installed (scripts/deps.sh installs it)" >&2; exit 1; }
if [ ! -d "$here/node_modules/puppeteer-core" ]; then
  echo "browser tests: installing puppeteer-core (npm ci)" >&2
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

suffix=$$
db=gk_browser_$suffix
reg=br${suffix}reg sup=br${suffix}sup oth=br${suffix}oth adm=br${suffix}adm
log=$(mktemp)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  psql "$server dbname=postgres" -qc "drop database if exists $db with (force)" >/dev/null 2>&1 || true
  for r in $reg $sup $oth $adm; do psql "$server dbname=postgres" -qc "drop role if exists $r" >/dev/null 2>&1 || true; done
  rm -f "$log"
}
trap cleanup EXIT
psql "$server dbname=postgres" -qc "create database $db"
conn="$server dbname=$db"
gk() { GONGKAI_TODAY=2024-12-31 "$GK" --db "$conn" "$@"; }
gk init --training >/dev/null
gk installation set 320804 某县 >/dev/null
gk agency add hx --name 某县人民政府 --kind government >/dev/null
gk agency add hx-zj --name 某县住房和城乡建设局 --kind department --parent hx >/dev/null
gk agency add ot --name 另一县人民政府 --kind government >/dev/null
password=browser-pass-1
echo "$password" | gk user add "$reg" --name 王芳 --role registrar --agency hx --password-stdin >/dev/null
echo "$password" | gk user add "$sup" --name 赵强 --role supervisor --agency hx --password-stdin >/dev/null
echo "$password" | gk user add "$oth" --name 李四 --role registrar --agency ot --password-stdin >/dev/null
echo "$password" | gk user add "$adm" --name 钱七 --role admin --agency hx --password-stdin >/dev/null
old=$(gk --actor 登记员 receive --agency hx-zj --received 2024-10-08 --channel post --applicant-type person \
        --applicant 张三 --subject 拆迁补偿方案)

GONGKAI_TODAY=2024-12-31 "$GK" --db "$conn user=gongkai_web" serve --listen 127.0.0.1:0 2>"$log" &
pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
url=$(grep -o "http://127.0.0.1:[0-9]*" "$log" | head -n 1)
[ -n "$url" ] || { echo "browser tests: gongkai serve did not start:" >&2; cat "$log" >&2; exit 1; }
echo "browser tests: $url, screenshots in $shots" >&2

GK_URL=$url GK_CASE=$old GK_PASSWORD=$password GK_REGISTRAR=$reg GK_SUPERVISOR=$sup GK_OTHER=$oth GK_ADMIN=$adm \
  GK_SCREENSHOTS=$shots node "$here/office.mjs"
