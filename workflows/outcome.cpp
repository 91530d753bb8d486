#include "workflows/outcome.h"

#include "engine/errors.h"

namespace gongkai::workflows {

const std::vector<Outcome>& all_outcomes() {
  static const std::vector<Outcome> table = {
      {"disclosed", "disclosed", "（一）予以公开", "disclosed", "answers.granted"},
      {"already-public", "disclosed", "（一）予以公开", "already-public", "answers.other", true},
      {"partially-disclosed", "partially-disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
       "partially-disclosed", "answers.partial"},
      {"withheld/state-secret", "withheld/state-secret", "1.属于国家秘密", "withheld", "answers.refused"},
      {"withheld/prohibited-by-law", "withheld/prohibited-by-law", "2.其他法律行政法规禁止公开", "withheld",
       "answers.refused"},
      {"withheld/security-stability", "withheld/security-stability", "3.危及“三安全一稳定”", "withheld",
       "answers.refused"},
      {"withheld/third-party-rights", "withheld/third-party-rights", "4.保护第三方合法权益", "withheld",
       "answers.refused"},
      {"withheld/internal-affairs", "withheld/internal-affairs", "5.属于三类内部事务信息", "withheld",
       "answers.refused"},
      {"withheld/process-information", "withheld/process-information", "6.属于四类过程性信息", "withheld",
       "answers.refused"},
      {"withheld/enforcement-file", "withheld/enforcement-file", "7.属于行政执法案卷", "withheld",
       "answers.refused"},
      {"withheld/administrative-inquiry", "withheld/administrative-inquiry", "8.属于行政查询事项", "withheld",
       "answers.refused"},
      {"unavailable/not-held", "unavailable/not-held", "1.本机关不掌握相关政府信息", "not-held", "answers.other"},
      {"unavailable/needs-creation", "unavailable/needs-creation", "2.没有现成信息需要另行制作", "not-held",
       "answers.other"},
      {"unavailable/still-unclear", "unavailable/still-unclear", "3.补正后申请内容仍不明确", "", "answers.other"},
      {"not-this-agency", "unavailable/not-held", "1.本机关不掌握相关政府信息", "not-this-agency", "answers.other",
       true},
      {"not-processed/petition-complaint", "not-processed/petition-complaint", "1.信访举报投诉类申请",
       "not-government-information", "answers.other"},
      {"not-processed/duplicate", "not-processed/duplicate", "2.重复申请", "", "answers.other"},
      {"not-processed/publication", "not-processed/publication", "3.要求提供公开出版物", "", "answers.other"},
      {"not-processed/vexatious", "not-processed/vexatious", "4.无正当理由大量反复申请", "", "answers.other"},
      {"not-processed/confirmation", "not-processed/confirmation", "5.要求行政机关确认或重新出具已获取信息", "",
       "answers.other"},
      {"not-government-information", "other/other", "3.其他", "not-government-information", "answers.other",
       true},
      {"other/no-correction", "other/no-correction",
       "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "", "answers.other"},
      {"other/fee-unpaid", "other/fee-unpaid",
       "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "", "answers.other"},
      {"other/other", "other/other", "3.其他", "", "answers.other"},
  };
  return table;
}

const Outcome* find_outcome(std::string_view code) {
  for (const auto& o : all_outcomes())
    if (o.code == code) return &o;
  return nullptr;
}

const Outcome& outcome_or_throw(std::string_view code) {
  if (const Outcome* o = find_outcome(code)) return *o;
  std::string valid;
  for (const auto& o : all_outcomes()) {
    if (!valid.empty()) valid += ", ";
    valid += o.code;
  }
  throw UsageError("unknown outcome code '" + std::string(code) + "' (valid: " + valid + ")");
}

std::string_view national_replacement(std::string_view code) {
  if (code == "already-public") return "disclosed";
  if (code == "not-this-agency") return "unavailable/not-held";
  if (code == "not-government-information") return "not-processed/petition-complaint or other/other";
  return "";
}

}  // namespace gongkai::workflows
