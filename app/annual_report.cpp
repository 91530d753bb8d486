#include "app/annual_report.h"

#include <fmt/format.h>

#include "app/permissions.h"
#include "app/reports.h"
#include "db/annual_text_store.h"
#include "db/case_store.h"
#include "engine/errors.h"
#include "report/annual_document.h"
#include "report/annual_figures.h"
#include "report/chinese_date.h"
#include "workflows/input_checks.h"

namespace gongkai::app {
namespace {

constexpr int kFirstYear = 2000;
// A section's text: the longest published sections run to some ten thousand characters; more is
// a wrong file.
constexpr size_t kMaxTextChars = 100000;

void check_year(int year, int last) {
  if (year < kFirstYear || year > last)
    throw UsageError(fmt::format("year {} is not a report year ({}–{})", year, kFirstYear, last));
}

std::string section_list(const std::vector<int>& sections, bool legacy) {
  std::string s;
  for (int n : sections) s += (s.empty() ? "" : ", ") + fmt::format("{} ({})", n, report::section_heading(legacy, n));
  return s;
}

}  // namespace

void check_text_section(int section) {
  if (section != 1 && section != 5 && section != 6)
    throw UsageError(fmt::format("section {} has no text of the office's (valid: 1, 5, 6)", section));
}

std::string default_annual_template(int year) { return year <= 2018 ? "legacy" : "national"; }

AnnualReport make_annual_report(Context& ctx, const AnnualReportRequest& r) {
  check_year(r.year, ctx.today().year());
  const std::string tmpl = r.template_name.empty() ? default_annual_template(r.year) : r.template_name;
  if (tmpl != "national" && tmpl != "legacy")
    throw UsageError("template '" + workflows::printable(tmpl) + "' is not one of national, legacy");
  if (!r.agency.empty()) workflows::check_agency_code(r.agency, "agency");

  report::AnnualInput in;
  in.year = r.year;
  in.legacy = tmpl == "legacy";
  if (!r.agency.empty()) in.agency_name = db::agency_or_throw(ctx.db(), r.agency).name;
  in.report = make_report(ctx, {r.year, r.agency, tmpl});
  if (in.legacy) {
    // The legacy table has no results of reconsiderations; the national count of the same year has.
    in.national_appeals = make_report(ctx, {r.year, r.agency, "national"}).json.value("appeals", nlohmann::json());
  } else {
    std::vector<std::string> keys;
    for (const auto& k : report::proactive_keys()) keys.push_back(k.key);
    in.figures = db::summed_figures(ctx.db(), r.agency, r.year, keys);
  }
  if (!r.agency.empty())
    for (const auto& t : db::annual_texts(ctx.db(), r.agency, r.year))
      if (!in.texts.count(t.section)) in.texts[t.section] = t.body;  // newest first: the one in force
  in.date = report::chinese_date(ctx.today());

  auto doc = report::annual_document(in);
  AnnualReport out;
  out.document = std::move(doc.document);
  out.template_name = tmpl;
  out.missing_sections = doc.missing_sections;
  out.warnings = in.report.warnings;
  if (!doc.missing_sections.empty())
    out.warnings.push_back(fmt::format("no text entered for {} {}: section {}; the document says {} there",
                                       r.agency.empty() ? "all agencies (texts are an agency's: give --agency)"
                                                        : "agency " + r.agency,
                                       r.year, section_list(doc.missing_sections, in.legacy), report::kMissingText));
  if (doc.proactive_figures_missing)
    out.warnings.push_back(fmt::format("no section 二 figures entered for {} {} (figures set … proactive.rules.issued=N …); "
                                       "its tables show 0",
                                       r.agency.empty() ? "all agencies" : "agency " + r.agency, r.year));
  return out;
}

AnnualText set_annual_text(Context& ctx, const AnnualTextRequest& r) {
  if (!allowed(ctx.me(), Action::enter_figures))
    throw NotPermitted("a " + ctx.me().role +
                       " may not enter the annual report's texts (statisticians and admins do)");
  workflows::check_agency_code(r.agency, "agency");
  check_year(r.year, ctx.today().year());
  check_text_section(r.section);
  workflows::check_text(r.body, "text", {kMaxTextChars, true, true});
  const std::string actor = ctx.me().installation_admin ? ctx.actor() : "";
  const int version = db::set_annual_text(ctx.db(), r.agency, r.year, r.section, r.body, actor);
  for (const auto& t : db::annual_texts(ctx.db(), r.agency, r.year, r.section))
    if (t.version == version) return {r.agency, r.year, r.section, t.version, t.body, t.set_by, t.set_at};
  throw InternalError("the text just stored is not found");
}

std::vector<AnnualText> annual_text_versions(Context& ctx, int year, const std::string& agency, int section) {
  workflows::check_agency_code(agency, "agency");
  check_year(year, ctx.today().year());
  check_text_section(section);
  db::agency_or_throw(ctx.db(), agency);
  std::vector<AnnualText> out;
  for (const auto& t : db::annual_texts(ctx.db(), agency, year, section))
    out.push_back({agency, year, section, t.version, t.body, t.set_by, t.set_at});
  return out;
}

nlohmann::json annual_text_json(const AnnualText& t) {
  return {{"agency", t.agency}, {"year", t.year},     {"section", t.section}, {"version", t.version},
          {"set_by", t.set_by}, {"set_at", t.set_at}, {"text", t.body}};
}

}  // namespace gongkai::app
