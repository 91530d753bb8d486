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
if ! $GK user list --json | grep -q '"login": "wangfang"'; then
  $GK user add wangfang --name 王芳 --role registrar --agency lj-gtj --db-login
  $GK user add zhaoqiang --name 赵强 --role supervisor --agency lj --db-login
fi
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

echo
echo "Try: $GK --help    (the database is under \${GONGKAI_HOME:-~/.local/share/gongkai}; '$GK db stop' stops it)"
