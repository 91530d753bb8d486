#include "report/annual_prose.h"

#include <fmt/format.h>

#include <map>

namespace gongkai::report {
namespace {

using nlohmann::json;

long long at(const json& j, const std::string& row, const std::string& col) {
  if (!j.is_object() || !j.contains(row)) return 0;
  const json& r = j.at(row);
  if (!r.is_object() || !r.contains(col) || !r.at(col).is_number_integer()) return 0;
  return r.at(col).get<long long>();
}

long long value(const json& j, const std::string& key) {
  if (!j.is_object() || !j.contains(key) || !j.at(key).is_number_integer()) return 0;
  return j.at(key).get<long long>();
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : sep) + i;
  return s;
}

struct Part {
  std::string label;
  long long n = 0;
};

// "label N件，占P%" for each part that is not 0, joined with "；", and the rounding remark when the
// parts are the whole but their rounded shares do not add up to 100.
std::string breakdown(const std::vector<Part>& parts, long long whole, const char* unit = "件") {
  std::vector<std::string> items;
  long long sum = 0, tenths = 0;
  for (const auto& p : parts) {
    sum += p.n;
    if (p.n == 0) continue;
    tenths += share_tenths(p.n, whole);
    items.push_back(fmt::format("{}{}{}，占{}%", p.label, p.n, unit, share_text(p.n, whole)));
  }
  std::string s = join(items, "；");
  if (whole > 0 && sum == whole && tenths != 1000) s += kRoundingRemark;
  return s;
}

// "label N件" for each part that is not 0, joined with `sep`.
std::string counts(const std::vector<Part>& parts, const std::string& sep) {
  std::vector<std::string> items;
  for (const auto& p : parts)
    if (p.n != 0) items.push_back(fmt::format("{}{}件", p.label, p.n));
  return join(items, sep);
}

// Section 三's outcome groups and their rows, in the form's order, with the words the prose uses
// for them (the form's labels without their numbering).
struct OutcomeGroup {
  std::string label;
  std::vector<std::pair<std::string, std::string>> rows;  // key, words
};
const std::vector<OutcomeGroup>& outcome_groups() {
  static const std::vector<OutcomeGroup> groups = {
      {"予以公开", {{"disclosed", ""}}},
      {"部分公开", {{"partially-disclosed", ""}}},
      {"不予公开",
       {{"withheld/state-secret", "属于国家秘密"},
        {"withheld/prohibited-by-law", "其他法律行政法规禁止公开"},
        {"withheld/security-stability", "危及“三安全一稳定”"},
        {"withheld/third-party-rights", "保护第三方合法权益"},
        {"withheld/internal-affairs", "属于三类内部事务信息"},
        {"withheld/process-information", "属于四类过程性信息"},
        {"withheld/enforcement-file", "属于行政执法案卷"},
        {"withheld/administrative-inquiry", "属于行政查询事项"}}},
      {"无法提供",
       {{"unavailable/not-held", "本机关不掌握相关政府信息"},
        {"unavailable/needs-creation", "没有现成信息需要另行制作"},
        {"unavailable/still-unclear", "补正后申请内容仍不明确"}}},
      {"不予处理",
       {{"not-processed/petition-complaint", "信访举报投诉类申请"},
        {"not-processed/duplicate", "重复申请"},
        {"not-processed/publication", "要求提供公开出版物"},
        {"not-processed/vexatious", "无正当理由大量反复申请"},
        {"not-processed/confirmation", "要求行政机关确认或重新出具已获取信息"}}},
      {"其他处理",
       {{"other", ""},  // the 2019 layout's single row
        {"other/no-correction", "申请人逾期不补正、行政机关不再处理"},
        {"other/fee-unpaid", "申请人逾期未缴纳费用、行政机关不再处理"},
        {"other/other", "其他"}}},
  };
  return groups;
}

const std::vector<std::pair<std::string, std::string>>& applicant_words() {
  static const std::vector<std::pair<std::string, std::string>> words = {
      {"person", "自然人提出"},         {"business", "商业企业提出"},     {"research", "科研机构提出"},
      {"nonprofit", "社会公益组织提出"}, {"legal", "法律服务机构提出"}, {"other-org", "其他组织提出"},
  };
  return words;
}

std::vector<Part> appeal_results(const json& appeal, const std::vector<std::pair<std::string, std::string>>& words) {
  std::vector<Part> parts;
  for (const auto& [key, label] : words) parts.push_back({label, value(appeal, key)});
  return parts;
}

const std::vector<std::pair<std::string, std::string>> kResultWords = {
    {"upheld", "结果维持"}, {"corrected", "结果纠正"}, {"other", "其他结果"}, {"pending", "尚未审结"}};

}  // namespace

long long share_tenths(long long part, long long whole) {
  if (whole <= 0) return 0;
  const bool negative = part < 0;
  const long long p = negative ? -part : part;
  // Half away from zero, in integers: (2·1000·p + whole) / (2·whole).
  const long long t = (2000 * p + whole) / (2 * whole);
  return negative ? -t : t;
}

std::string share_text(long long part, long long whole) {
  const long long t = share_tenths(part, whole);
  if (t == 0 && part != 0) return "不足0.1";
  if (t % 10 == 0) return std::to_string(t / 10);
  return fmt::format("{}{}.{}", t < 0 ? "-" : "", std::abs(t) / 10, std::abs(t) % 10);
}

std::string prose_subject(const std::string& agency_name) {
  return agency_name.empty() ? "各级行政机关" : agency_name;
}

std::vector<std::string> national_applications_prose(const json& report, const std::string& subject) {
  const int year = report.value("year", 0);
  const json& rows = report.at("applications").at("rows");
  std::vector<std::string> out;

  std::string p;
  const long long received = at(rows, "new", "total"), carried_in = at(rows, "carried-in", "total");
  if (received > 0) {
    std::vector<Part> by_type;
    for (const auto& [key, words] : applicant_words()) by_type.push_back({words, at(rows, "new", key)});
    p = fmt::format("{}年，{}共新收政府信息公开申请{}件", year, subject, received);
    if (std::string b = breakdown(by_type, received); !b.empty()) p += "，其中" + b;
    p += "。";
  } else {
    p = fmt::format("{}年，{}未收到新的政府信息公开申请。", year, subject);
  }
  p += carried_in > 0 ? fmt::format("上年结转政府信息公开申请{}件。", carried_in) : "无上年结转的政府信息公开申请。";
  out.push_back(std::move(p));

  const long long closed = at(rows, "total", "total"), carried_out = at(rows, "carried-out", "total");
  if (closed > 0) {
    std::vector<std::string> items;
    long long sum = 0, shares = 0;
    for (const auto& g : outcome_groups()) {
      long long n = 0;
      std::vector<Part> subs;
      for (const auto& [key, words] : g.rows) {
        n += at(rows, key, "total");
        if (!words.empty()) subs.push_back({words, at(rows, key, "total")});
      }
      sum += n;
      if (n == 0) continue;
      shares += share_tenths(n, closed);
      std::string item = fmt::format("{}{}件，占{}%", g.label, n, share_text(n, closed));
      if (std::string c = counts(subs, "，"); !c.empty()) item += "（其中" + c + "）";
      items.push_back(std::move(item));
    }
    p = fmt::format("本年度共办结政府信息公开申请{}件", closed);
    if (!items.empty()) p += "，其中" + join(items, "；");
    if (sum == closed && shares != 1000) p += kRoundingRemark;
    p += "。";
  } else {
    p = "本年度未办结政府信息公开申请。";
  }
  p += carried_out > 0 ? fmt::format("结转下年度继续办理{}件。", carried_out) : "无结转下年度继续办理的申请。";
  out.push_back(std::move(p));
  return out;
}

std::vector<std::string> national_appeals_prose(const json& report, const std::string& subject) {
  const int year = report.value("year", 0);
  const json& appeals = report.at("appeals");
  const json none = json::object();
  const json& r = appeals.contains("reconsideration") ? appeals.at("reconsideration") : none;
  const json& d = appeals.contains("litigation-direct") ? appeals.at("litigation-direct") : none;
  const json& a = appeals.contains("litigation-after-reconsideration") ? appeals.at("litigation-after-reconsideration")
                                                                       : none;
  std::string p;
  if (const long long n = value(r, "total"); n > 0) {
    p = fmt::format("{}年，{}因政府信息公开被申请行政复议{}件", year, subject, n);
    if (std::string c = counts(appeal_results(r, kResultWords), "，"); !c.empty()) p += "，其中" + c;
    p += "。";
  } else {
    p = fmt::format("{}年，{}无因政府信息公开被申请行政复议的情况。", year, subject);
  }
  const long long direct = value(d, "total"), after = value(a, "total");
  if (direct + after > 0) {
    std::vector<std::string> kinds;
    for (const auto& [label, j, n] : {std::tuple{"未经复议直接起诉", &d, direct}, std::tuple{"复议后起诉", &a, after}}) {
      if (n == 0) continue;
      std::string k = fmt::format("{}{}件", label, n);
      if (std::string c = counts(appeal_results(*j, kResultWords), "，"); !c.empty()) k += "（" + c + "）";
      kinds.push_back(std::move(k));
    }
    p += fmt::format("因政府信息公开被提起行政诉讼{}件，其中{}。", direct + after, join(kinds, "；"));
  } else {
    p += "无因政府信息公开而提起的行政诉讼。";
  }
  return {p};
}

std::vector<std::string> legacy_proactive_prose(const json& report, const std::string& subject) {
  const int year = report.value("year", 0);
  const json& rows = report.at("rows");
  std::string p;
  if (const long long n = at(rows, "proactive.total", "year"); n > 0) {
    p = fmt::format("{}年，{}主动公开政府信息{}条", year, subject, n);
    std::vector<std::string> items;
    if (long long w = at(rows, "proactive.website", "year")) items.push_back(fmt::format("通过政府网站公开{}条", w));
    if (long long g = at(rows, "proactive.gazette", "year")) items.push_back(fmt::format("通过政府公报公开{}条", g));
    if (!items.empty()) p += "，其中" + join(items, "，");
    p += "。";
  } else {
    p = fmt::format("{}年，{}无主动公开政府信息的统计数据。", year, subject);
  }
  if (const long long c = at(rows, "proactive.total", "cumulative"); c > 0)
    p += fmt::format("截至{}年底，{}累计主动公开政府信息{}条。", year, subject, c);
  return {p};
}

std::vector<std::string> legacy_received_prose(const json& report, const std::string& subject) {
  const int year = report.value("year", 0);
  const json& rows = report.at("rows");
  const json none = json::object();
  const json& kinds = report.contains("requests.by-kind") ? report.at("requests.by-kind") : none;
  std::string p;
  if (const long long n = at(rows, "requests.total", "year"); n > 0) {
    p = fmt::format("{}年，{}共收到政府信息公开申请{}件", year, subject, n);
    std::string k = counts({{"本级政府收到", value(kinds, "government")},
                            {"下级政府收到", value(kinds, "township")},
                            {"政府工作部门收到", value(kinds, "department")}},
                           "，");
    if (!k.empty()) p += "，其中" + k;
    p += "。";
    std::string b = breakdown({{"当面申请", at(rows, "requests.in-person", "year")},
                               {"通过网络申请", at(rows, "requests.online", "year")},
                               {"以信函、传真形式申请", at(rows, "requests.letter-fax", "year")}},
                              n);
    if (!b.empty()) p += "其中，" + b + "。";
  } else {
    p = fmt::format("{}年，{}未收到政府信息公开申请。", year, subject);
  }
  if (const long long c = at(rows, "requests.total", "cumulative"); c > 0)
    p += fmt::format("截至{}年底，{}累计收到政府信息公开申请{}件。", year, subject, c);
  return {p};
}

std::vector<std::string> legacy_answered_prose(const json& report, const std::string& subject) {
  const int year = report.value("year", 0);
  const json& rows = report.at("rows");
  const json none = json::object();
  const json& cat = report.contains("categories") ? report.at("categories") : none;
  const long long n = at(rows, "answers.total", "year");
  if (n <= 0) return {fmt::format("{}年，{}未答复政府信息公开申请。", year, subject)};
  // The seven categories of the source document's prose, and what they leave out (withdrawals,
  // refusals to process …) as one more part, so that the parts are the whole.
  std::vector<Part> parts = {
      {"“已主动公开”", value(cat, "already-public")},
      {"“同意公开”", value(cat, "disclosed")},
      {"“同意部分公开”", value(cat, "partially-disclosed")},
      {"“不予公开”", value(cat, "withheld")},
      {"“不是《条例》所指政府信息”", value(cat, "not-government-information")},
      {"“不属于本行政机关公开”", value(cat, "not-this-agency")},
      {"“政府信息不存在或者不属于本机关掌握”", value(cat, "not-held")},
  };
  long long listed = 0;
  for (const auto& part : parts) listed += part.n;
  if (n > listed) parts.push_back({"其他情形", n - listed});
  std::string p = fmt::format("{}年，{}共答复政府信息公开申请{}件", year, subject, n);
  if (std::string b = breakdown(parts, n); !b.empty()) p += "。其中：" + b;
  return {p + "。"};
}

std::vector<std::string> legacy_appeals_prose(const json& report, const json& appeals, const std::string& subject) {
  const int year = report.value("year", 0);
  const json& rows = report.at("rows");
  const long long r = at(rows, "reconsiderations", "year"), l = at(rows, "litigations", "year"),
                  c = at(rows, "complaints", "year");
  std::string p;
  if (r > 0) {
    p = fmt::format("{}年，{}因政府信息公开被申请行政复议{}件", year, subject, r);
    // Results only when the national count is of the same reconsiderations.
    if (appeals.is_object() && appeals.contains("reconsideration") &&
        value(appeals.at("reconsideration"), "total") == r) {
      std::string k = counts(appeal_results(appeals.at("reconsideration"), {{"upheld", "维持"},
                                                                            {"corrected", "纠正"},
                                                                            {"other", "其他结果"},
                                                                            {"pending", "尚未审结"}}),
                             "，");
      if (!k.empty()) p += "，审理结果：" + k;
    }
  } else {
    p = fmt::format("{}年，{}无因政府信息公开被申请行政复议的情况", year, subject);
  }
  p += l > 0 ? fmt::format("；因政府信息公开被提起行政诉讼{}件", l) : "；无因政府信息公开而提起的行政诉讼";
  p += c > 0 ? fmt::format("；接受行政申诉、举报{}件。", c) : "；无行政申诉、举报。";
  std::string cum = counts({{"累计被申请行政复议", at(rows, "reconsiderations", "cumulative")},
                            {"累计被提起行政诉讼", at(rows, "litigations", "cumulative")},
                            {"累计接受行政申诉、举报", at(rows, "complaints", "cumulative")}},
                           "，");
  if (!cum.empty()) p += fmt::format("截至{}年底，{}因政府信息公开{}。", year, subject, cum);
  return {p};
}

}  // namespace gongkai::report
