// Test helper (header only; the unit and the integration tests include it): reads every Arabic
// number back out of the annual report's generated prose and checks it against the report's JSON
// — each count against the cell (or sum of cells) its label claims, each "占P%" against
// count / whole with the documented rounding, each breakdown's shares against 100 and the
// rounding remark. Its labels are this file's own, written from the tables, not the composer's
// code: a number no label here explains is a failure.
#pragma once
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gongkai::test {

struct ProseRule {
  std::string label;         // the words right before the number ("当面申请")
  long long value = 0;       // what the tables say
  long long whole = -1;      // the whole a share of it is of; -1: no share may follow
  std::string context;       // only after a label that set this context (appeal results)
  std::string sets_context;  // what this label makes the following results refer to

  ProseRule(std::string label_, long long value_, long long whole_ = -1, std::string context_ = "",
            std::string sets_context_ = "")
      : label(std::move(label_)), value(value_), whole(whole_), context(std::move(context_)),
        sets_context(std::move(sets_context_)) {}
};

struct ProseCheck {
  std::vector<std::string> problems;
  int counts = 0, shares = 0, years = 0;
};

namespace prose_detail {

inline bool ends_with(const std::string& s, const std::string& t) {
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The clause a number ends: the text after the last of ，；：（）or the sentence's start.
inline std::string clause_before(const std::string& sentence, size_t at) {
  static const std::vector<std::string> marks = {"，", "；", "：", "（", "）"};
  size_t from = 0;
  for (const auto& m : marks) {
    size_t p = sentence.rfind(m, at == 0 ? 0 : at - 1);
    if (p != std::string::npos && p + m.size() <= at && p + m.size() > from) from = p + m.size();
  }
  return sentence.substr(from, at - from);
}

inline void check_sentence(const std::string& s, int year, const std::vector<ProseRule>& rules, ProseCheck& out) {
  static const std::string remark = "（占比经四舍五入，合计不等于百分之百）";
  std::string context;
  const ProseRule* last = nullptr;
  long long last_value = 0;
  bool last_shared = true;
  long long tenths_sum = 0, parts_sum = 0, whole = -1;
  int shares = 0;
  for (size_t i = 0; i < s.size();) {
    if (!is_digit(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && (is_digit(s[j]) || (s[j] == '.' && j + 1 < s.size() && is_digit(s[j + 1])))) ++j;
    const std::string num = s.substr(i, j - i);
    const std::string after = s.substr(j, 3);
    if (after == "年" && num == std::to_string(year)) {
      ++out.years;
    } else if (j < s.size() && s[j] == '%') {
      const bool under = ends_with(s.substr(0, i), "占不足");
      if (!under && !ends_with(s.substr(0, i), "占")) out.problems.push_back("a share without 占: " + num + "% in " + s);
      else if (!last || last->whole <= 0 || last_shared)
        out.problems.push_back("share " + num + "% follows no count of a whole: " + s);
      else {
        const long long expected = std::llround(1000.0L * last_value / last->whole);
        if (under) {
          if (num != "0.1" || last_value == 0 || expected != 0)
            out.problems.push_back("'占不足" + num + "%' for " + std::to_string(last_value) + " of " +
                                   std::to_string(last->whole));
        } else {
          const size_t dot = num.find('.');
          const long long got = dot == std::string::npos ? std::stoll(num) * 10
                                                         : std::stoll(num.substr(0, dot)) * 10 + std::stoll(num.substr(dot + 1));
          if (dot != std::string::npos && (num.size() - dot != 2 || num.back() == '0'))
            out.problems.push_back("share " + num + "% is not in the documented form (one decimal, no trailing .0)");
          if (got != expected)
            out.problems.push_back("share " + num + "% of '" + last->label + "' " + std::to_string(last_value) + "/" +
                                   std::to_string(last->whole) + " should be " + std::to_string(expected / 10) +
                                   (expected % 10 ? "." + std::to_string(expected % 10) : "") + "%");
        }
        tenths_sum += expected;
        parts_sum += last_value;
        whole = last->whole;
        ++shares;
        ++out.shares;
      }
      last_shared = true;
    } else if (after == "件" || after == "条") {
      const std::string clause = clause_before(s, i);
      const ProseRule* best = nullptr;
      for (const auto& r : rules)
        if (ends_with(clause, r.label) && (r.context.empty() || r.context == context) &&
            (!best || r.label.size() > best->label.size()))
          best = &r;
      if (!best) {
        out.problems.push_back("no table cell explains " + num + after + " after '" + clause + "' in: " + s);
      } else {
        ++out.counts;
        if (std::to_string(best->value) != num)
          out.problems.push_back("'" + best->label + "' says " + num + " but the table says " +
                                 std::to_string(best->value) + ": " + s);
        if (!best->sets_context.empty()) context = best->sets_context;
      }
      last = best;
      last_value = best ? best->value : 0;
      last_shared = false;
    } else {
      out.problems.push_back("a number with no unit the tables explain: " + num + " in: " + s);
    }
    i = j;
  }
  if (shares > 0) {
    const bool remarked = s.find(remark) != std::string::npos;
    if (remarked && tenths_sum == 1000) out.problems.push_back("rounding remark but the shares add up to 100: " + s);
    if (!remarked && parts_sum == whole && tenths_sum != 1000)
      out.problems.push_back("shares add up to " + std::to_string(tenths_sum) + "‰ without the rounding remark: " + s);
  }
}

}  // namespace prose_detail

// Checks every sentence of `text` (sentences end at 。).
inline ProseCheck check_prose(const std::string& text, int year, const std::vector<ProseRule>& rules) {
  ProseCheck out;
  size_t at = 0;
  const std::string stop = "。";
  while (at < text.size()) {
    size_t end = text.find(stop, at);
    std::string sentence = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
    prose_detail::check_sentence(sentence, year, rules, out);
    if (end == std::string::npos) break;
    at = end + stop.size();
  }
  return out;
}

inline long long cell(const nlohmann::json& rows, const std::string& row, const std::string& col) {
  if (!rows.contains(row) || !rows.at(row).contains(col)) return 0;
  return rows.at(row).at(col).get<long long>();
}

// The labels of the national template's sections 三 and 四, mapped to the contract's JSON.
inline std::vector<ProseRule> national_prose_rules(const nlohmann::json& report) {
  const auto& rows = report.at("applications").at("rows");
  const auto& ap = report.at("appeals");
  const long long received = cell(rows, "new", "total"), closed = cell(rows, "total", "total");
  std::vector<ProseRule> r = {
      {"共新收政府信息公开申请", received},
      {"上年结转政府信息公开申请", cell(rows, "carried-in", "total")},
      {"共办结政府信息公开申请", closed},
      {"结转下年度继续办理", cell(rows, "carried-out", "total")},
  };
  const std::vector<std::pair<std::string, std::string>> applicants = {
      {"自然人提出", "person"},           {"商业企业提出", "business"},     {"科研机构提出", "research"},
      {"社会公益组织提出", "nonprofit"}, {"法律服务机构提出", "legal"}, {"其他组织提出", "other-org"}};
  for (const auto& [label, col] : applicants) r.push_back({label, cell(rows, "new", col), received});
  // Outcome groups: the sum of their rows (a heading row of the form has no cells of its own).
  auto sum_prefix = [&](const std::string& prefix) {
    long long n = 0;
    for (const auto& [k, v] : rows.items())
      if (k.rfind(prefix, 0) == 0) n += v.at("total").get<long long>();
    return n;
  };
  r.push_back({"予以公开", cell(rows, "disclosed", "total"), closed});
  r.push_back({"部分公开", cell(rows, "partially-disclosed", "total"), closed});
  r.push_back({"不予公开", sum_prefix("withheld/"), closed});
  r.push_back({"无法提供", sum_prefix("unavailable/"), closed});
  r.push_back({"不予处理", sum_prefix("not-processed/"), closed});
  r.push_back({"其他处理", sum_prefix("other"), closed});
  const std::vector<std::pair<std::string, std::string>> rows_words = {
      {"属于国家秘密", "withheld/state-secret"},
      {"其他法律行政法规禁止公开", "withheld/prohibited-by-law"},
      {"危及“三安全一稳定”", "withheld/security-stability"},
      {"保护第三方合法权益", "withheld/third-party-rights"},
      {"属于三类内部事务信息", "withheld/internal-affairs"},
      {"属于四类过程性信息", "withheld/process-information"},
      {"属于行政执法案卷", "withheld/enforcement-file"},
      {"属于行政查询事项", "withheld/administrative-inquiry"},
      {"本机关不掌握相关政府信息", "unavailable/not-held"},
      {"没有现成信息需要另行制作", "unavailable/needs-creation"},
      {"补正后申请内容仍不明确", "unavailable/still-unclear"},
      {"信访举报投诉类申请", "not-processed/petition-complaint"},
      {"重复申请", "not-processed/duplicate"},
      {"要求提供公开出版物", "not-processed/publication"},
      {"无正当理由大量反复申请", "not-processed/vexatious"},
      {"要求行政机关确认或重新出具已获取信息", "not-processed/confirmation"},
      {"申请人逾期不补正、行政机关不再处理", "other/no-correction"},
      {"申请人逾期未缴纳费用、行政机关不再处理", "other/fee-unpaid"},
      {"其他", "other/other"},
  };
  for (const auto& [label, key] : rows_words) r.push_back({label, cell(rows, key, "total")});
  const long long direct = cell(ap, "litigation-direct", "total"), after = cell(ap, "litigation-after-reconsideration", "total");
  r.push_back({"被申请行政复议", cell(ap, "reconsideration", "total"), -1, "", "reconsideration"});
  r.push_back({"被提起行政诉讼", direct + after});
  r.push_back({"未经复议直接起诉", direct, -1, "", "litigation-direct"});
  r.push_back({"复议后起诉", after, -1, "", "litigation-after-reconsideration"});
  for (const std::string kind : {"reconsideration", "litigation-direct", "litigation-after-reconsideration"})
    for (const auto& [label, col] : std::vector<std::pair<std::string, std::string>>{
             {"结果维持", "upheld"}, {"结果纠正", "corrected"}, {"其他结果", "other"}, {"尚未审结", "pending"}})
      r.push_back({label, cell(ap, kind, col), -1, kind});
  return r;
}

// The labels of the legacy layout's sections 二, 三 and 四, mapped to the legacy JSON (and the
// national JSON's "appeals" for the results of reconsiderations).
inline std::vector<ProseRule> legacy_prose_rules(const nlohmann::json& report, const nlohmann::json& appeals) {
  const auto& rows = report.at("rows");
  const auto& cat = report.at("categories");
  const auto& kinds = report.at("requests.by-kind");
  const long long received = cell(rows, "requests.total", "year"), answered = cell(rows, "answers.total", "year");
  auto y = [&](const std::string& k) { return cell(rows, k, "year"); };
  auto c = [&](const std::string& k) { return cell(rows, k, "cumulative"); };
  long long in_categories = 0;
  for (const auto& [k, v] : cat.items()) in_categories += v.get<long long>();
  std::vector<ProseRule> r = {
      {"主动公开政府信息", y("proactive.total")},
      {"通过政府网站公开", y("proactive.website")},
      {"通过政府公报公开", y("proactive.gazette")},
      {"累计主动公开政府信息", c("proactive.total")},
      {"共收到政府信息公开申请", received},
      {"本级政府收到", kinds.value("government", 0LL)},
      {"下级政府收到", kinds.value("township", 0LL)},
      {"政府工作部门收到", kinds.value("department", 0LL)},
      {"当面申请", y("requests.in-person"), received},
      {"通过网络申请", y("requests.online"), received},
      {"以信函、传真形式申请", y("requests.letter-fax"), received},
      {"累计收到政府信息公开申请", c("requests.total")},
      {"共答复政府信息公开申请", answered},
      {"“已主动公开”", cat.value("already-public", 0LL), answered},
      {"“同意公开”", cat.value("disclosed", 0LL), answered},
      {"“同意部分公开”", cat.value("partially-disclosed", 0LL), answered},
      {"“不予公开”", cat.value("withheld", 0LL), answered},
      {"“不是《条例》所指政府信息”", cat.value("not-government-information", 0LL), answered},
      {"“不属于本行政机关公开”", cat.value("not-this-agency", 0LL), answered},
      {"“政府信息不存在或者不属于本机关掌握”", cat.value("not-held", 0LL), answered},
      {"其他情形", answered - in_categories, answered},
      {"被申请行政复议", y("reconsiderations"), -1, "", "reconsideration"},
      {"被提起行政诉讼", y("litigations")},
      {"接受行政申诉、举报", y("complaints")},
      {"累计被申请行政复议", c("reconsiderations")},
      {"累计被提起行政诉讼", c("litigations")},
      {"累计接受行政申诉、举报", c("complaints")},
  };
  if (appeals.is_object() && appeals.contains("reconsideration"))
    for (const auto& [label, col] : std::vector<std::pair<std::string, std::string>>{
             {"维持", "upheld"}, {"纠正", "corrected"}, {"其他结果", "other"}, {"尚未审结", "pending"}})
      r.push_back({label, cell(appeals, "reconsideration", col), -1, "reconsideration"});
  return r;
}

}  // namespace gongkai::test
