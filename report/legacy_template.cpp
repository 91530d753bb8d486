#include "report/legacy_template.h"

#include <fmt/format.h>

#include "engine/errors.h"
#include "report/invariants.h"
#include "workflows/outcome.h"

namespace gongkai::report {
namespace {

// The legacy row a closing counts under: its outcome's, and a withdrawal is "every other closing".
std::string answer_row(const LegacyCaseGroup& g) {
  if (g.closed_kind == "withdrawn") return "answers.other";
  if (const auto* o = workflows::find_outcome(g.outcome)) return std::string(o->legacy_row);
  return "";  // an unknown code: in answers.total only, and the answer rows' invariant says so
}

std::string channel_row(const std::string& channel) {
  if (channel == "in-person") return "requests.in-person";
  if (channel == "online" || channel == "email") return "requests.online";
  if (channel == "post" || channel == "fax") return "requests.letter-fax";
  return "";  // `other`: in requests.total only
}

}  // namespace

const std::vector<LegacyRowDef>& legacy_rows() {
  // Labels verbatim from the source document's table (note the ASCII colon of 其中:).
  static const std::vector<LegacyRowDef> rows = {
      {"proactive.total", "主动公开文件数", 0},
      {"proactive.website", "其中:1.政府网站公开数", 1},
      {"proactive.gazette", "2.政府公报公开数", 1},
      {"requests.total", "受理政府信息公开申请总数", 0},
      {"requests.in-person", "其中:1.当面申请数", 1},
      {"requests.online", "2.网上申请数", 1},
      {"requests.letter-fax", "3.信函、传真申请数", 1},
      {"answers.total", "对申请的答复总数", 0},
      {"answers.granted", "其中:1.同意公开答复数", 1},
      {"answers.partial", "2.同意部分公开答复数", 1},
      {"answers.refused", "3.不予公开答复数", 1},
      {"answers.other", "4.其他类型答复数", 1},
      {"complaints", "接受行政申诉、举报数", 0},
      {"reconsiderations", "行政复议数", 0},
      {"litigations", "行政诉讼数", 0},
  };
  return rows;
}

bool is_legacy_key(std::string_view key) {
  for (const auto& r : legacy_rows())
    if (r.key == key) return true;
  return false;
}

void check_legacy_key(std::string_view key) {
  if (is_legacy_key(key)) return;
  std::string valid;
  for (const auto& r : legacy_rows()) valid += (valid.empty() ? "" : ", ") + r.key;
  throw UsageError("unknown figure key '" + std::string(key) + "' (valid: " + valid + ")");
}

Table legacy_table(const LegacyInput& in) {
  std::map<std::string, long long> year, cumulative;  // counted from cases and events
  for (const auto& g : in.cases) {
    year["requests.total"] += g.received_year;
    cumulative["requests.total"] += g.received_cumulative;
    if (auto row = channel_row(g.channel); !row.empty()) {
      year[row] += g.received_year;
      cumulative[row] += g.received_cumulative;
    }
    year["answers.total"] += g.closed_year;
    cumulative["answers.total"] += g.closed_cumulative;
    if (auto row = answer_row(g); !row.empty() && !g.closed_kind.empty()) {
      year[row] += g.closed_year;
      cumulative[row] += g.closed_cumulative;
    }
    year["reconsiderations"] += g.reconsiderations_year;
    cumulative["reconsiderations"] += g.reconsiderations_cumulative;
    year["litigations"] += g.litigations_year;
    cumulative["litigations"] += g.litigations_cumulative;
  }
  year["complaints"] += in.complaints_year;
  cumulative["complaints"] += in.complaints_cumulative;

  Table t;
  t.key = "legacy";
  t.title = "";
  t.corner = "指标名称";
  t.columns = {{"year", std::to_string(in.year) + "年度"}, {"cumulative", "历年累计"}};
  auto get = [](const std::map<std::string, long long>& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? 0LL : it->second;
  };
  for (const auto& def : legacy_rows()) {
    // Hand-entered figures add to what the cases give (work done outside gongkai), and the
    // baseline stands for everything before the agency's baseline year.
    long long y = get(year, def.key) + get(in.figures_year, def.key);
    long long c = get(cumulative, def.key) + get(in.figures_cumulative, def.key) + get(in.baseline, def.key);
    t.rows.push_back({def.key, def.label, def.level, {y, c}});
  }
  return t;
}

Report legacy_report(const LegacyInput& in) {
  Report r;
  r.title = in.agency_name + std::to_string(in.year) + "年政府信息公开情况统计表";
  r.agency_name = in.agency_name;
  r.year = in.year;
  r.tables.push_back(legacy_table(in));
  const Table& t = r.tables[0];
  r.warnings = check_legacy(t);
  for (const auto& b : in.baselines_used)
    r.notes.push_back(fmt::format("机构 {} 的历年累计自其{}年以前的期初数起算", b.agency, b.before));

  nlohmann::json rows = nlohmann::json::object();
  for (const auto& row : t.rows) rows[row.key] = {{"year", row.cells[0]}, {"cumulative", row.cells[1]}};
  nlohmann::json categories = {{"already-public", 0}, {"disclosed", 0}, {"partially-disclosed", 0}, {"withheld", 0},
                               {"not-government-information", 0}, {"not-this-agency", 0}, {"not-held", 0}};
  nlohmann::json by_kind = {{"government", 0}, {"township", 0}, {"department", 0}};
  for (const auto& g : in.cases) {
    if (g.closed_kind == "answered" && g.closed_year > 0)
      if (const auto* o = workflows::find_outcome(g.outcome); o && !o->category.empty())
        categories[std::string(o->category)] = categories[std::string(o->category)].get<long long>() + g.closed_year;
    if (g.received_year > 0 && by_kind.contains(g.agency_kind))
      by_kind[g.agency_kind] = by_kind[g.agency_kind].get<long long>() + g.received_year;
  }
  nlohmann::json baselines = nlohmann::json::array();
  for (const auto& b : in.baselines_used) baselines.push_back({{"agency", b.agency}, {"before", b.before}});
  r.json = {{"template", "legacy"},
            {"year", in.year},
            {"agency", in.agency.empty() ? nlohmann::json(nullptr) : nlohmann::json(in.agency)},
            {"agency_name", in.agency_name.empty() ? nlohmann::json(nullptr) : nlohmann::json(in.agency_name)},
            {"rows", rows},
            {"categories", categories},
            {"requests.by-kind", by_kind},
            {"baselines", baselines}};
  return r;
}

}  // namespace gongkai::report
