#include "report/national_template.h"

#include <fmt/format.h>

#include <map>

#include "report/invariants.h"
#include "workflows/outcome.h"

namespace gongkai::report {
namespace {

// The six applicant columns and the total, with the official labels.
const std::vector<Column>& applicant_columns() {
  static const std::vector<Column> cols = {
      {"person", "自然人"},          {"business", "商业企业"}, {"research", "科研机构"},
      {"nonprofit", "社会公益组织"}, {"legal", "法律服务机构"}, {"other-org", "其他"},
      {"total", "总计"},
  };
  return cols;
}

// Section 四's groups, as the contract's JSON keys them.
const std::vector<std::string>& appeal_groups() {
  static const std::vector<std::string> groups = {"reconsideration", "litigation-direct",
                                                  "litigation-after-reconsideration"};
  return groups;
}

const std::vector<Column>& appeal_columns() {
  static const std::vector<Column> cols = {
      {"upheld", "结果维持"}, {"corrected", "结果纠正"}, {"other", "其他结果"}, {"pending", "尚未审结"}, {"total", "总计"},
  };
  return cols;
}

struct RowDef {
  std::string key;  // "" for a heading
  std::string label;
  int level;
};

bool layout_2019(int year) { return year <= 2020; }

// Section 三 as the official form prints it (国办公开办函〔2019〕60号; 〔2021〕30号 from 2021 on).
std::vector<RowDef> section3_rows(int year) {
  std::vector<RowDef> rows = {
      {"new", "一、本年新收政府信息公开申请数量", 0},
      {"carried-in", "二、上年结转政府信息公开申请数量", 0},
      {"", "三、本年度办理结果", 0},
      {"disclosed", "（一）予以公开", 1},
      {"partially-disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1},
      {"", "（三）不予公开", 1},
      {"withheld/state-secret", "1.属于国家秘密", 2},
      {"withheld/prohibited-by-law", "2.其他法律行政法规禁止公开", 2},
      {"withheld/security-stability", "3.危及“三安全一稳定”", 2},
      {"withheld/third-party-rights", "4.保护第三方合法权益", 2},
      {"withheld/internal-affairs", "5.属于三类内部事务信息", 2},
      {"withheld/process-information", "6.属于四类过程性信息", 2},
      {"withheld/enforcement-file", "7.属于行政执法案卷", 2},
      {"withheld/administrative-inquiry", "8.属于行政查询事项", 2},
      {"", "（四）无法提供", 1},
      {"unavailable/not-held", "1.本机关不掌握相关政府信息", 2},
      {"unavailable/needs-creation", "2.没有现成信息需要另行制作", 2},
      {"unavailable/still-unclear", "3.补正后申请内容仍不明确", 2},
      {"", "（五）不予处理", 1},
      {"not-processed/petition-complaint", "1.信访举报投诉类申请", 2},
      {"not-processed/duplicate", "2.重复申请", 2},
      {"not-processed/publication", "3.要求提供公开出版物", 2},
      {"not-processed/vexatious", "4.无正当理由大量反复申请", 2},
      {"not-processed/confirmation", "5.要求行政机关确认或重新出具已获取信息", 2},
  };
  if (layout_2019(year)) {
    rows.push_back({"other", "（六）其他处理", 1});
  } else {
    rows.push_back({"", "（六）其他处理", 1});
    rows.push_back({"other/no-correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 2});
    rows.push_back({"other/fee-unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 2});
    rows.push_back({"other/other", "3.其他", 2});
  }
  rows.push_back({"total", "（七）总计", 1});
  rows.push_back({"carried-out", "四、结转下年度继续办理", 0});
  return rows;
}

// A sub-row's label with the heading it sits under: "（四）无法提供 1.本机关不掌握相关政府信息".
std::string full_label(const Table& t, const std::string& key) {
  const Row* heading = nullptr;
  for (const auto& r : t.rows) {
    if (r.key == key) return heading && r.level == 2 ? heading->label + " " + r.label : r.label;
    if (r.heading() && r.level == 1) heading = &r;
  }
  return key;
}

// The 2008-rule codes by the names older reports gave them (domain.md §4).
std::string old_code_label(const std::string& code) {
  if (code == "already-public") return "已主动公开";
  if (code == "not-this-agency") return "不属于本行政机关公开";
  if (code == "not-government-information") return "不是《条例》所指政府信息";
  return code;
}

int column_of(const std::string& applicant_type) {
  const auto& cols = applicant_columns();
  for (size_t i = 0; i + 1 < cols.size(); ++i)
    if (cols[i].key == applicant_type) return static_cast<int>(i);
  return -1;  // counted in 总计 only: the row's invariant will say so
}

}  // namespace

std::string national_template_name(int year) { return layout_2019(year) ? "national-2019" : "national-2021"; }

std::string national_row_key(int year, const std::string& closed_kind, const std::string& outcome) {
  std::string row;
  if (closed_kind == "withdrawn") row = "other/other";  // domain.md §4: a withdrawal is （六）3.其他
  else if (const auto* o = workflows::find_outcome(outcome)) row = std::string(o->national_row);
  if (layout_2019(year) && row.rfind("other/", 0) == 0) row = "other";
  return row;
}

std::vector<std::string> national_row_keys(int year) {
  std::vector<std::string> keys;
  for (const auto& r : section3_rows(year))
    if (!r.key.empty()) keys.push_back(r.key);
  return keys;
}

Table applications_table(int year, const std::vector<ApplicationGroup>& groups) {
  Table t;
  t.key = "applications";
  t.title = "三、收到和处理政府信息公开申请情况";
  t.corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
  t.columns = applicant_columns();
  t.header_rows = 3;
  t.header = {
      {t.corner, 0, 0, 3, 1},   {"申请人情况", 0, 1, 1, 7}, {"自然人", 1, 1, 2, 1},
      {"法人或其他组织", 1, 2, 1, 5}, {"总计", 1, 7, 2, 1},   {"商业企业", 2, 2, 1, 1},
      {"科研机构", 2, 3, 1, 1}, {"社会公益组织", 2, 4, 1, 1}, {"法律服务机构", 2, 5, 1, 1},
      {"其他", 2, 6, 1, 1},
  };
  const size_t total_col = t.columns.size() - 1;
  std::map<std::string, std::vector<long long>> cells;
  auto add = [&](const std::string& row, const std::string& type, long long n) {
    if (n == 0 || row.empty()) return;
    auto& v = cells[row];
    v.resize(t.columns.size(), 0);
    if (int c = column_of(type); c >= 0) v[c] += n;
    v[total_col] += n;  // 总计 counts every case, whatever its column: the row invariant checks the six
  };
  for (const auto& g : groups) {
    add("new", g.applicant_type, g.received_in_year);
    add("carried-in", g.applicant_type, g.carried_in);
    add("carried-out", g.applicant_type, g.carried_out);
    add("total", g.applicant_type, g.closed_in_year);
    add(national_row_key(year, g.closed_kind, g.outcome), g.applicant_type, g.closed_in_year);
  }
  for (const auto& def : section3_rows(year)) {
    Row r{def.key, def.label, def.level, {}};
    if (!def.key.empty()) {
      r.cells = cells[def.key];
      r.cells.resize(t.columns.size(), 0);
    }
    t.rows.push_back(std::move(r));
  }
  return t;
}

Table appeals_table(const std::vector<AppealGroup>& groups) {
  // As the form lays it out: one row of 15 figures under 行政复议 | 行政诉讼 (未经复议直接起诉,
  // 复议后起诉), each group's five result columns keyed GROUP.RESULT.
  Table t;
  t.key = "appeals";
  t.title = "四、政府信息公开行政复议、行政诉讼情况";
  t.corner = "";
  t.header_rows = 3;
  t.header = {{"", 0, 0, 3, 1}, {"行政复议", 0, 1, 2, 5}, {"行政诉讼", 0, 6, 1, 10},
              {"未经复议直接起诉", 1, 6, 1, 5}, {"复议后起诉", 1, 11, 1, 5}};
  for (const auto& group : appeal_groups())
    for (const auto& c : appeal_columns()) {
      t.header.push_back({c.label, 2, static_cast<int>(t.columns.size()) + 1, 1, 1});
      t.columns.push_back({group + "." + c.key, c.label});
    }
  Row r{"", "", 0, std::vector<long long>(t.columns.size(), 0)};
  for (const auto& g : groups) {
    const int total = t.column_index(g.kind + ".total");
    if (total < 0) continue;  // not a kind of the form
    if (int c = t.column_index(g.kind + "." + g.result); c >= 0 && c != total) r.cells[c] += g.filed;
    r.cells[total] += g.filed;  // 总计 counts every filing; the rule checks the parts
  }
  t.rows.push_back(std::move(r));
  return t;
}

Report national_report(const NationalInput& in) {
  Report r;
  r.title = in.agency_name + std::to_string(in.year) + "年政府信息公开工作年度报告";
  r.agency_name = in.agency_name;
  r.year = in.year;
  r.tables.push_back(applications_table(in.year, in.applications));
  r.tables.push_back(appeals_table(in.appeals));
  const Table& apps = r.tables[0];
  const Table& appeals = r.tables[1];

  std::optional<Table> previous;
  if (in.previous_year) previous = applications_table(in.year - 1, *in.previous_year);
  r.warnings = check_national(apps, appeals, previous ? &*previous : nullptr);

  // 2008-rule codes are legitimate for cases received before 2019-05-15, but the national form has
  // no row of their own: say where they went (a note, not a warning).
  std::map<std::string, long long> old_codes;
  for (const auto& g : in.applications) {
    const auto* o = workflows::find_outcome(g.outcome);
    if (g.closed_kind == "answered" && o && o->regime_2008_only && g.closed_in_year > 0) old_codes[g.outcome] += g.closed_in_year;
  }
  for (const auto& [code, n] : old_codes) {
    r.notes.push_back(fmt::format("{}年有{}件按2008年《条例》的答复类型“{}”（{}）办结，计入“{}”", in.year, n,
                                  old_code_label(code), code,
                                  full_label(apps, national_row_key(in.year, "answered", code))));
  }

  nlohmann::json rows = nlohmann::json::object();
  for (const auto& row : apps.rows) {
    if (row.heading()) continue;
    nlohmann::json cells = nlohmann::json::object();
    for (size_t i = 0; i < apps.columns.size(); ++i) cells[apps.columns[i].key] = row.cells[i];
    rows[row.key] = cells;
  }
  nlohmann::json columns = nlohmann::json::array();
  for (const auto& c : apps.columns) columns.push_back(c.key);
  // The contract's "appeals": {GROUP: {RESULT: n}}, from the one row's GROUP.RESULT columns.
  nlohmann::json appeal_json = nlohmann::json::object();
  for (size_t i = 0; i < appeals.columns.size(); ++i) {
    const std::string& key = appeals.columns[i].key;
    const auto dot = key.rfind('.');
    appeal_json[key.substr(0, dot)][key.substr(dot + 1)] = appeals.rows.front().cells[i];
  }
  r.json = {{"template", national_template_name(in.year)},
            {"year", in.year},
            {"agency", in.agency.empty() ? nlohmann::json(nullptr) : nlohmann::json(in.agency)},
            {"agency_name", in.agency_name.empty() ? nlohmann::json(nullptr) : nlohmann::json(in.agency_name)},
            {"applications", {{"columns", columns}, {"rows", rows}}},
            {"appeals", appeal_json}};
  return r;
}

}  // namespace gongkai::report
