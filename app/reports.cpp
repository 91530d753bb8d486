#include "app/reports.h"

#include <fmt/format.h>

#include <set>

#include "app/permissions.h"
#include "db/case_store.h"
#include "db/report_store.h"
#include "engine/errors.h"
#include "report/annual_figures.h"
#include "report/legacy_template.h"
#include "report/national_template.h"
#include "workflows/input_checks.h"

namespace gongkai::app {
namespace {

// Years a report can be asked for: the 2008 Regulation's predecessors (local rules) started in the
// early 2000s, and a year that has not begun has nothing to count.
constexpr int kFirstReportYear = 2000;
constexpr int kFirstFigureYear = 2000;

// KEY=N arguments: legacy keys or the annual report's section 二 keys (report/annual_figures.h),
// whole numbers ≥ 0, each key once.
std::vector<FigureValue> parse_pairs(const std::vector<std::string>& pairs) {
  std::vector<FigureValue> out;
  std::set<std::string> seen;
  for (const auto& p : pairs) {
    auto eq = p.find('=');
    if (eq == std::string::npos) throw UsageError("figure '" + workflows::printable(p) + "' is not KEY=N");
    std::string key = p.substr(0, eq), n = p.substr(eq + 1);
    report::check_figure_key(key);
    if (n.empty() || n.size() > 15 || n.find_first_not_of("0123456789") != std::string::npos)
      throw UsageError("figure '" + workflows::printable(p) + "': '" + workflows::printable(n) +
                       "' is not a whole number ≥ 0");
    if (!seen.insert(key).second) throw UsageError("figure key '" + key + "' is given twice");
    out.push_back({key, std::stoll(n)});
  }
  return out;
}

// The agency a request names: the right shape before the database is asked (a code in another
// encoding would otherwise come back as the database's encoding error); "" passes (all agencies)
// unless it is `required`.
void check_agency(const std::string& agency, bool required) {
  if (!agency.empty() || required) workflows::check_agency_code(agency, "agency");
}

void check_year(int year, int last, const char* field) {
  if (year < kFirstFigureYear || year > last)
    throw UsageError(fmt::format("{} {} is out of range ({}–{})", field, year, kFirstFigureYear, last));
}

}  // namespace

report::Report make_report(Context& ctx, const ReportRequest& r) {
  const int this_year = ctx.today().year();
  if (r.year < kFirstReportYear || r.year > this_year)
    throw UsageError(fmt::format("year {} is not a report year ({}–{})", r.year, kFirstReportYear, this_year));
  if (r.template_name != "national" && r.template_name != "legacy")
    throw UsageError("template '" + workflows::printable(r.template_name) + "' is not one of national, legacy");
  check_agency(r.agency, false);
  std::string name;
  if (!r.agency.empty()) name = db::agency_or_throw(ctx.db(), r.agency).name;
  if (r.template_name == "national") {
    auto in = db::count_national(ctx.db(), r.agency, r.year);
    in.agency_name = name;
    return report::national_report(in);
  }
  auto in = db::count_legacy(ctx.db(), r.agency, r.year);
  in.agency_name = name;
  return report::legacy_report(in);
}

std::vector<FigureValue> set_figures(Context& ctx, const FiguresRequest& r) {
  require(ctx.me(), Action::enter_figures);
  check_agency(r.agency, true);
  check_year(r.year, ctx.today().year(), "year");
  auto values = parse_pairs(r.pairs);
  db::set_figures(ctx.db(), r.agency, r.year, values);
  return values;
}

std::vector<FigureValue> set_baseline(Context& ctx, const FiguresRequest& r) {
  require(ctx.me(), Action::enter_figures);
  check_agency(r.agency, true);
  check_year(r.year, ctx.today().year() + 1, "before");
  auto values = parse_pairs(r.pairs);
  db::set_baseline(ctx.db(), r.agency, r.year, values);
  return values;
}

std::vector<StoredFigure> list_figures(Context& ctx, const std::string& agency) {
  check_agency(agency, false);
  if (!agency.empty()) db::agency_or_throw(ctx.db(), agency);
  return db::list_figures(ctx.db(), agency);
}

nlohmann::json figures_json(const std::vector<StoredFigure>& all) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& f : all)
    j.push_back({{"agency", f.agency}, {"kind", f.kind}, {f.kind == "baseline" ? "before" : "year", f.year},
                 {"key", f.key}, {"value", f.value}});
  return j;
}

nlohmann::json values_json(const std::vector<FigureValue>& values) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& v : values) j[v.key] = v.value;
  return j;
}

}  // namespace gongkai::app
