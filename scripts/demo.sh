#!/usr/bin/env bash
# The main job on the embedded default database with sample data: installs what is missing,
# builds, sets up a sample county (Lianjiang, 连江县) with its departments and townships, logs its
# 2018 applications and a handful of recent ones and walks them through their lives, then shows
# them as a clerk, a supervisor and the year-end report see them.
# Run it again and it shows the same data (nothing is added twice).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh >/dev/null

GK=build/cli/gongkai
title() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

title "The embedded database (gongkai db status)"
$GK init >/dev/null
$GK db status

if $GK agency list --json | grep -q '"code": "lj"'; then
  echo "(sample county already loaded; showing it)"
else
  title "Loading the sample county: the 50 applications of 2018, then eight recent ones"
  bash scripts/sample-lianjiang.sh "$GK"
  GK="$GK" GOV=lj DEPT=lj-gtj TOWN=lj-fcz bash scripts/sample-walkthrough.sh
fi

title "The agencies (gongkai agency list)"
$GK agency list

title "The office's members: each a database role of its own (gongkai user add / list)"
# One member per role, each with a password for the web pages (LOGIN-demo: sample data only).
# A rerun adds nobody twice and sets the same passwords again.
members=(
  # login     name  role          agency  database login (the CLI as the member, below)
  "wangfang   王芳  registrar     lj-gtj  --db-login"
  "liuyang    刘洋  handler       lj-gtj"
  "zhaoqiang  赵强  supervisor    lj      --db-login"
  "sunli      孙丽  statistician  lj"
  "chenmin    陈敏  admin         lj"
)
existing=$($GK user list --json)
for m in "${members[@]}"; do
  read -r login name role agency db_login <<<"$m"
  if ! grep -q "\"login\": \"$login\"" <<<"$existing"; then
    $GK user add "$login" --name "$name" --role "$role" --agency "$agency" $db_login
  fi
  printf '%s\n' "$login-demo" | $GK user passwd "$login" >/dev/null
done
$GK user list
# A member works as its own database role: the embedded default's connection with its login.
conn=$($GK db status --json | sed -n 's/.*"conninfo": "\(.*\)".*/\1/p')
as_member() { local who=$1; shift; $GK --db "$conn user=$who" "$@"; }

title "The registrar of the land bureau sees its own cases, applicants' names and all"
as_member wangfang list --year 2018 | sed -n '1,6p'

title "The county's supervisor sees every case under the county, names masked (personal data)"
as_member zhaoqiang list --year 2018 | sed -n '1,6p'
echo "(a supervisor may read, not write:)"
as_member zhaoqiang event lj-gtj-2026-0002 complaint-filed --on 2026-11-20 || true

title "A clerk's view: this year's applications of the county and everything under it"
$GK list --agency lj --year 2026

title "One application's whole life: who did what, and when (gongkai show lj-gtj-2026-0002)"
$GK show lj-gtj-2026-0002

title "A supervisor's morning: overdue and due within 10 working days, as of 2026-11-26"
$GK overdue --agency lj --as-of 2026-11-26 --within 10

title "On-time replies in 2018 (gongkai timeliness --year 2018)"
$GK timeliness --year 2018 --agency lj

title "Every history replays to its stored state (gongkai verify)"
$GK verify

title "The 2018 legacy table, as published in the county's annual report"
$GK report --year 2018 --template legacy --agency lj

title "The national template for 2026 (year to date)"
$GK report --year 2026 --template national --agency lj

out=demo-output
mkdir -p "$out"
title "Paperwork: the letters of lj-gtj-2026-0002 (gongkai notice), numbered and frozen"
# The land bureau's remedy paragraph and the number prefix of its letters, set once by an admin.
if ! $GK agency list --json | grep -q '"reconsideration_organ": "连江县人民政府"'; then
  $GK agency remedy lj-gtj --reconsideration-organ 连江县人民政府 --court 连江县人民法院 --number-prefix 连国土信
fi
$GK notice lj-gtj-2026-0002 correction --output "$out/补正告知书.pdf"
$GK notice lj-gtj-2026-0002 reply --output "$out/答复书.pdf"
$GK notice lj-gtj-2026-0002 reply --output "$out/答复书.docx"
$GK notice lj-gtj-2026-0002 reply --format md --output /dev/stdout | sed -n '1,40p'

title "The whole 2018 annual report, its prose generated from its tables (gongkai annual-report)"
$GK annual-report --year 2018 --agency lj --output "$out/连江县2018年政府信息公开工作年度报告.docx" 2>/dev/null
$GK annual-report --year 2018 --agency lj --output "$out/连江县2018年政府信息公开工作年度报告.pdf" 2>/dev/null
$GK annual-report --year 2018 --agency lj 2>/dev/null | sed -n '/^## 三/,/^## 五/p'

title "Checking the published 2018 table (gongkai audit): its cumulative channel rows do not add up"
$GK report --year 2018 --template legacy --agency lj --json >"$out/2018-legacy.json" 2>/dev/null
$GK audit "$out/2018-legacy.json" || echo "(exit $?: a rule of the table is broken, as in the published report)"
echo
echo "The letters and the report are in $out/ (PDF, DOCX)."

echo
echo "Try: $GK --help    (the database is under \${GONGKAI_HOME:-~/.local/share/gongkai}; '$GK db stop' stops it)"

title "The web pages (docs/web.md)"
serve="$GK serve"
[ -n "${GONGKAI_HOME:-}" ] && serve="GONGKAI_HOME=$GONGKAI_HOME $serve"
cat <<EOF
Start the web server on this sample county (it runs until Ctrl-C):

    $serve

then open http://127.0.0.1:8080/ in a browser on this computer and log in as one of its members:

    login      password         role                      scope
    wangfang   wangfang-demo    registrar    登记员        lj-gtj 连江县国土资源局
    liuyang    liuyang-demo     handler      承办人        lj-gtj 连江县国土资源局
    zhaoqiang  zhaoqiang-demo   supervisor   督办人        lj 连江县人民政府 and everything under it
    sunli      sunli-demo       statistician 统计员        lj and everything under it
    chenmin    chenmin-demo     admin        管理员        lj and everything under it

It listens on loopback only. From another computer: ssh -L 8080:127.0.0.1:8080 THIS-HOST, then
open the same address there.
EOF
