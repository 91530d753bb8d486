#!/usr/bin/env bash
# Sample data for the main job: a handful of recent applications walked through their lives, as a
# registry clerk and a head of office would record them. Dates are fixed in 2025–2026.
# Usage: GK="build/cli/gongkai [--db …]" GOV=code DEPT=code TOWN=code scripts/sample-walkthrough.sh
set -euo pipefail
GK=${GK:-build/cli/gongkai}
GOV=${GOV:?agency code of the county government}
DEPT=${DEPT:?agency code of a department}
TOWN=${TOWN:?agency code of a township}

clerk() { $GK --actor 登记员王芳 "$@" >/dev/null; }
head_of_office() { $GK --actor 办公室主任赵强 "$@" >/dev/null; }
receive() { $GK --actor 登记员王芳 receive "$@"; }

# 1. A straightforward request, answered in time.
c=$(receive --agency "$DEPT" --received 2026-03-02 --channel post --applicant-type person \
      --applicant 陈某 --subject "2025年城区道路改造项目预算" --letter-ref 依申-2026-011)
clerk event "$c" reviewed --on 2026-03-03 --handler 刘洋
clerk event "$c" answered --on 2026-03-20 --outcome disclosed

# 2. Corrected, consulted, extended, partly disclosed, then reconsidered and taken to court.
c=$(receive --agency "$DEPT" --received 2026-04-01 --channel online --applicant-type business \
      --applicant 福州某建材有限公司 --subject "某地块土地出让合同及附件")
clerk event "$c" correction-requested --on 2026-04-03 --note "请明确地块编号"
clerk event "$c" correction-received --on 2026-04-10
clerk event "$c" reviewed --on 2026-04-13 --handler 刘洋
clerk event "$c" third-party-consulted --on 2026-04-15 --note "涉及受让企业商业秘密"
clerk event "$c" third-party-replied --on 2026-04-28
head_of_office event "$c" extended --on 2026-05-08 --approved-by 赵强 --note "需会同自然资源部门核对"
clerk event "$c" answered --on 2026-06-05 --outcome partially-disclosed
clerk event "$c" reconsideration-filed --on 2026-07-01
clerk event "$c" reconsideration-decided --on 2026-08-20 --result upheld
clerk event "$c" litigation-filed --on 2026-09-01

# 3. A fee notice paid, an answer withheld, corrected on reconsideration.
c=$(receive --agency "$GOV" --received 2026-05-11 --channel in-person --applicant-type legal \
      --applicant 某律师事务所 --subject "征收补偿安置方案审批文件")
clerk event "$c" reviewed --on 2026-05-12
clerk event "$c" fee-requested --on 2026-05-14 --amount 30
clerk event "$c" fee-paid --on 2026-05-20
clerk event "$c" answered --on 2026-06-01 --outcome withheld/third-party-rights
clerk event "$c" reconsideration-filed --on 2026-06-20
clerk event "$c" reconsideration-decided --on 2026-08-01 --result corrected
clerk event "$c" complaint-filed --on 2026-08-05 --note "申请人对答复时限提出投诉"

# 4. Reviewed in October and never answered: overdue.
c=$(receive --agency "$TOWN" --received 2026-10-09 --channel email --applicant-type person \
      --applicant 林某 --subject "村集体土地征收补偿款发放明细")
clerk event "$c" reviewed --on 2026-10-12

# 5. Waiting for a third party's opinion: the clock is stopped.
c=$(receive --agency "$DEPT" --received 2026-11-02 --channel post --applicant-type nonprofit \
      --applicant 某环保公益组织 --subject "企业排污许可执行报告")
clerk event "$c" reviewed --on 2026-11-03
clerk event "$c" third-party-consulted --on 2026-11-05

# 6. Logged at the counter last week.
receive --agency "$GOV" --received 2026-11-20 --channel in-person --applicant-type person \
  --applicant 黄某 --subject "2026年民生实事项目进展" >/dev/null

# 7. Received in December 2025, withdrawn in January: carried over into 2026.
c=$(receive --agency "$TOWN" --received 2025-12-15 --channel post --applicant-type research \
      --applicant 某大学公共管理学院 --subject "乡镇财政预决算")
clerk event "$c" withdrawn --on 2026-01-05 --note "申请人书面撤回"

# 8. A correction notice sent late (more than 7 working days after receipt): still awaiting it.
c=$(receive --agency "$DEPT" --received 2026-08-03 --channel post --applicant-type person \
      --applicant 吴某 --subject "房屋征收评估报告")
clerk event "$c" correction-requested --on 2026-08-20 --note "申请内容不明确"
