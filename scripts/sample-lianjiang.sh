#!/usr/bin/env bash
# The Lianjiang County sample (连江县, 2018; shared/seeds/README.md): a county government with two
# township governments and four departments, the 50 applications of 2018 with their histories
# (12 in person, 38 by post; 10 to the county government, 3 to townships, 37 to departments),
# two reconsiderations, the hand-entered figures of 2018 and the baseline of the years before, so
# that
#     gongkai report --year 2018 --template legacy
# reproduces the statistics table of the county's 2018 annual report cell for cell (and warns,
# as it should, that the published cumulative channel rows 52 + 28 + 203 = 283 fall short of 354).
#
# Usage: scripts/sample-lianjiang.sh [GONGKAI COMMAND PREFIX …]
#   e.g.  scripts/sample-lianjiang.sh                       (gongkai on PATH, embedded default db)
#         scripts/sample-lianjiang.sh ./build/cli/gongkai --db "postgresql:///mydb"
#         GK="./build/cli/gongkai --db postgresql:///mydb" scripts/sample-lianjiang.sh
# Arguments win over $GK (which is split on spaces: use arguments for a conninfo with spaces).
# Safe to run twice: when agency `lj` exists already it changes nothing and says so.
set -euo pipefail

if [ $# -gt 0 ]; then
  GKCMD=("$@")
else
  read -r -a GKCMD <<<"${GK:-gongkai}"
fi
gk() { "${GKCMD[@]}" "$@"; }

gk init >/dev/null
agencies=$(gk agency list --json)
if grep -Eq '"code": *"lj"' <<<"$agencies"; then
  echo "sample-lianjiang: agency lj exists already; nothing changed" >&2
  exit 0
fi

# The agencies: 县本级政府, 下级政府 (乡镇), 政府工作部门.
gk agency add lj     --name "连江县人民政府"             --kind government >/dev/null
gk agency add lj-fcz --name "凤城镇人民政府"             --kind township   --parent lj >/dev/null
gk agency add lj-tbz --name "透堡镇人民政府"             --kind township   --parent lj >/dev/null
gk agency add lj-gtj --name "连江县国土资源局"           --kind department --parent lj >/dev/null
gk agency add lj-zfj --name "连江县住房保障和房产管理局" --kind department --parent lj >/dev/null
gk agency add lj-ghj --name "连江县城乡规划局"           --kind department --parent lj >/dev/null
gk agency add lj-hbj --name "连江县环境保护局"           --kind department --parent lj >/dev/null

# The 50 applications of 2018, all under the 2008 rules (15 working days): agency, channel,
# applicant type, received (legal receipt date), reviewed, closed, outcome ("withdrawn" = the
# applicant withdrew), and for two of them a reconsideration: filed, decided (both upheld).
# Outcomes as the report's part 三 gives them: already-public 4, disclosed 23, partially-disclosed 7,
# withheld/state-secret 3, not-government-information 1, not-this-agency 8, unavailable/not-held 3;
# the fiftieth, outside those seven categories, is a withdrawal.
subjects=("土地征用与补偿" "拆迁许可和补偿安置" "城市规划和建设" "建设项目立项审批" "房屋征收补偿方案" "环境影响评价文件")
names=("陈" "林" "黄" "张" "李" "王" "吴" "刘" "郑" "杨")
n=0
while read -r agency channel type received reviewed closed outcome rfiled rdecided; do
  [ -z "$agency" ] && continue
  n=$((n + 1))
  applicant="${names[$((n % 10))]}某$(printf '%02d' "$n")"
  [ "$type" = business ] && applicant="连江县某某公司$(printf '%02d' "$n")"
  [ "$type" = legal ] && applicant="福建某某律师事务所"
  case_no=$(gk receive --agency "$agency" --received "$received" --channel "$channel" \
    --applicant-type "$type" --applicant "$applicant" --subject "${subjects[$((n % 6))]}" \
    --letter-ref "LJ2018-$(printf '%03d' "$n")")
  gk event "$case_no" reviewed --on "$reviewed" >/dev/null
  if [ "$outcome" = withdrawn ]; then
    gk event "$case_no" withdrawn --on "$closed" >/dev/null
  else
    gk event "$case_no" answered --on "$closed" --outcome "$outcome" >/dev/null
  fi
  if [ "$rfiled" != "-" ]; then
    gk event "$case_no" reconsideration-filed --on "$rfiled" >/dev/null
    gk event "$case_no" reconsideration-decided --on "$rdecided" --result upheld >/dev/null
  fi
done <<'CASES'
lj-zfj in-person person   2018-01-09 2018-01-10 2018-01-19 disclosed                  -          -
lj-gtj post      person   2018-01-15 2018-01-16 2018-01-24 withheld/state-secret      2018-03-01 2018-04-20
lj-zfj post      person   2018-01-22 2018-01-23 2018-02-02 disclosed                  -          -
lj     post      person   2018-01-29 2018-01-30 2018-02-12 partially-disclosed        -          -
lj     post      business 2018-02-05 2018-02-06 2018-02-13 disclosed                  -          -
lj-zfj post      person   2018-02-14 2018-02-22 2018-02-26 unavailable/not-held       -          -
lj-zfj post      person   2018-02-22 2018-02-23 2018-02-28 disclosed                  -          -
lj-gtj in-person person   2018-02-26 2018-02-27 2018-03-07 disclosed                  -          -
lj-gtj in-person person   2018-03-05 2018-03-06 2018-03-12 partially-disclosed        -          -
lj-zfj post      person   2018-03-12 2018-03-13 2018-03-21 partially-disclosed        -          -
lj-zfj post      legal    2018-03-19 2018-03-20 2018-04-02 not-this-agency            2018-05-10 2018-07-02
lj-hbj post      person   2018-03-26 2018-03-27 2018-04-04 not-this-agency            -          -
lj-gtj in-person business 2018-04-02 2018-04-03 2018-04-13 partially-disclosed        -          -
lj     post      person   2018-04-09 2018-04-10 2018-04-18 disclosed                  -          -
lj-tbz post      person   2018-04-16 2018-04-17 2018-04-27 already-public             -          -
lj-ghj post      person   2018-04-20 2018-04-23 2018-04-26 unavailable/not-held       -          -
lj-ghj post      person   2018-05-02 2018-05-03 2018-05-14 disclosed                  -          -
lj-zfj post      person   2018-05-07 2018-05-08 2018-05-18 disclosed                  -          -
lj-gtj post      person   2018-05-14 2018-05-15 2018-05-21 disclosed                  -          -
lj-ghj post      person   2018-05-21 2018-05-22 2018-05-28 not-this-agency            -          -
lj-gtj post      person   2018-05-28 2018-05-29 2018-06-11 unavailable/not-held       -          -
lj     post      person   2018-05-30 2018-05-31 2018-06-08 disclosed                  -          -
lj-gtj in-person person   2018-06-11 2018-06-12 2018-06-25 withdrawn                  -          -
lj-ghj post      person   2018-06-19 2018-06-20 2018-06-26 disclosed                  -          -
lj-fcz post      person   2018-06-20 2018-06-21 2018-07-02 not-this-agency            -          -
lj-ghj in-person person   2018-06-28 2018-06-29 2018-07-09 disclosed                  -          -
lj     post      person   2018-07-03 2018-07-04 2018-07-10 partially-disclosed        -          -
lj-gtj in-person person   2018-07-11 2018-07-12 2018-07-23 already-public             -          -
lj     in-person person   2018-07-20 2018-07-23 2018-08-02 not-this-agency            -          -
lj-gtj post      person   2018-07-25 2018-07-26 2018-08-06 disclosed                  -          -
lj-gtj post      business 2018-07-31 2018-08-01 2018-08-07 withheld/state-secret      -          -
lj-hbj in-person person   2018-08-08 2018-08-09 2018-08-16 disclosed                  -          -
lj-zfj post      business 2018-08-13 2018-08-14 2018-08-21 not-this-agency            -          -
lj-ghj post      person   2018-08-20 2018-08-21 2018-08-28 disclosed                  -          -
lj-gtj post      person   2018-08-27 2018-08-28 2018-09-03 partially-disclosed        -          -
lj-zfj post      person   2018-09-04 2018-09-05 2018-09-12 disclosed                  -          -
lj-gtj post      person   2018-09-10 2018-09-11 2018-09-21 already-public             -          -
lj     post      person   2018-09-18 2018-09-19 2018-09-26 disclosed                  -          -
lj-zfj post      person   2018-09-25 2018-09-26 2018-10-08 partially-disclosed        -          -
lj-fcz post      person   2018-10-09 2018-10-10 2018-10-12 not-this-agency            -          -
lj-hbj post      person   2018-10-08 2018-10-09 2018-10-16 not-government-information -          -
lj-gtj post      business 2018-10-16 2018-10-17 2018-10-30 disclosed                  -          -
lj-gtj post      person   2018-10-22 2018-10-23 2018-11-05 disclosed                  -          -
lj     in-person person   2018-10-29 2018-10-30 2018-11-06 withheld/state-secret      -          -
lj     post      person   2018-11-05 2018-11-06 2018-11-12 disclosed                  -          -
lj     in-person person   2018-11-12 2018-11-13 2018-11-19 already-public             -          -
lj-gtj post      person   2018-11-19 2018-11-20 2018-11-26 not-this-agency            -          -
lj-hbj post      person   2018-11-23 2018-11-26 2018-12-07 disclosed                  -          -
lj-zfj in-person person   2018-11-30 2018-12-03 2018-12-10 disclosed                  -          -
lj-zfj post      person   2018-12-10 2018-12-11 2018-12-24 disclosed                  -          -
CASES

# What the cases cannot give: proactive disclosure in 2018 (3459 documents, all on the website)
# and complaints handled outside gongkai (none).
gk figures set --agency lj --year 2018 proactive.total=3459 proactive.website=3459 proactive.gazette=0 \
  complaints=0 >/dev/null
# The county's totals of the years before 2018 (the published cumulative minus 2018), as they were
# published — including channel rows that do not add up to the total.
gk figures baseline --agency lj --before 2018 proactive.total=23578 proactive.website=23578 proactive.gazette=0 \
  requests.total=304 requests.in-person=40 requests.online=28 requests.letter-fax=165 \
  answers.total=304 answers.granted=123 answers.partial=28 answers.refused=15 answers.other=138 \
  complaints=0 reconsiderations=25 litigations=11 >/dev/null

echo "sample-lianjiang: 7 agencies, $n applications of 2018, figures and baseline recorded" >&2
echo "  now: gongkai report --year 2018 --template legacy" >&2
