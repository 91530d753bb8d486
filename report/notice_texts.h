// What the notices say in law: the article each kind rests on (2019 Regulation, or the 2008 one
// for old cases), the decision paragraph of a reply by its outcome, the remedy paragraph, and the
// wording gongkai ships for each kind. Plain values in, Chinese text out; no database here.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "engine/date.h"
#include "report/notice_template.h"

namespace gongkai::report {

// 《中华人民共和国政府信息公开条例》, for 2008 cases with （国务院令第492号）.
std::string regulation_name(int regime);
// The provisions a notice of kind `k` rests on (for a reply: Art. 36 in general; the decision
// paragraph cites its own item).
std::string notice_basis(NoticeKind k, int regime);
// What follows when the applicant (or third party) lets the period pass; "" where the regime says
// nothing.
std::string notice_consequence(NoticeKind k, int regime);
// The default reason of a fee notice under the regime.
std::string fee_reason(int regime);

// The decision paragraph of a reply: its article and item, and what it means for the applicant.
// `correction_on`: the date of the correction notice (for other/no-correction).
std::string reply_decision(std::string_view outcome, int regime, std::optional<Date> correction_on);

// Whether the applicant must apply for reconsideration before going to court: the agency's own
// rule, or by law for a refusal to disclose answered on or after 2024-01-01 (行政复议法 2023,
// Art. 23 (五)).
bool reconsideration_first(std::string_view outcome, Date answered_on, bool agency_rule);
// The remedy paragraph of a reply answered on `answered_on` (the periods of the law then in force).
std::string remedy_paragraph(const std::string& organ, const std::string& court, bool reconsideration_first,
                             Date answered_on);

// The wording gongkai ships for kind `k` (version 0).
const std::string& default_notice_template(NoticeKind k);

}  // namespace gongkai::report
