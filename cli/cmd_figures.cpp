// gongkai figures set|baseline|list: the legacy table's figures the cases cannot give (proactive
// disclosure counts, complaints handled outside gongkai …) and the opening totals of the years
// before an agency used gongkai.
#include <fmt/format.h>

#include <iostream>
#include <set>

#include "cli/command_registry.h"
#include "db/case_store.h"
#include "db/figure_store.h"
#include "engine/errors.h"
#include "report/legacy_template.h"

namespace gongkai::cli {
namespace {

constexpr int kFirstFigureYear = 2000;

struct FigureOptions {
  std::string agency;
  int year = 0;
  std::vector<std::string> pairs;
};

// KEY=N arguments: legacy keys, whole numbers ≥ 0, each key once.
std::vector<db::FigureValue> parse_pairs(const std::vector<std::string>& pairs) {
  std::vector<db::FigureValue> out;
  std::set<std::string> seen;
  for (const auto& p : pairs) {
    auto eq = p.find('=');
    if (eq == std::string::npos) throw UsageError("figure '" + p + "' is not KEY=N");
    std::string key = p.substr(0, eq), n = p.substr(eq + 1);
    report::check_legacy_key(key);
    if (n.empty() || n.size() > 15 || n.find_first_not_of("0123456789") != std::string::npos)
      throw UsageError("figure '" + p + "': '" + n + "' is not a whole number ≥ 0");
    if (!seen.insert(key).second) throw UsageError("figure key '" + key + "' is given twice");
    out.push_back({key, std::stoll(n)});
  }
  return out;
}

void check_year(int year, int last, const char* option) {
  if (year < kFirstFigureYear || year > last)
    throw UsageError(fmt::format("{} {} is out of range ({}–{})", option, year, kFirstFigureYear, last));
}

nlohmann::json values_json(const std::vector<db::FigureValue>& values) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& v : values) j[v.key] = v.value;
  return j;
}

void setup(CLI::App& app, AppContext& ctx) {
  auto* figures = app.add_subcommand("figures", "Hand-entered report figures and baselines");
  figures->require_subcommand(1);

  auto so = std::make_shared<FigureOptions>();
  auto* set = figures->add_subcommand("set", "Figures of a year: figures set --agency CODE --year YYYY KEY=N …");
  set->add_option("--agency", so->agency, "the agency the figures belong to")->required();
  set->add_option("--year", so->year, "the year they count in")->required();
  set->add_option("figures", so->pairs, "KEY=N with KEY a legacy row key (proactive.total, complaints, …)")->required();
  set->callback([&ctx, so] {
    ctx.run = [&ctx, so] {
      check_year(so->year, today().year(), "--year");
      auto values = parse_pairs(so->pairs);
      auto agency = db::agency_or_throw(ctx.session(), so->agency);
      db::set_figures(ctx.session(), agency.id, so->year, values);
      if (ctx.json)
        ctx.print_json({{"agency", agency.code}, {"year", so->year}, {"figures", values_json(values)}});
      else
        std::cout << fmt::format("{} figure(s) of {} set for agency {}\n", values.size(), so->year, agency.code);
    };
  });

  auto bo = std::make_shared<FigureOptions>();
  auto* base = figures->add_subcommand(
      "baseline", "Opening totals of the years before YYYY: figures baseline --agency CODE --before YYYY KEY=N …");
  base->add_option("--agency", bo->agency, "the agency the totals belong to")->required();
  base->add_option("--before", bo->year, "the first year gongkai counts itself; the totals cover every year before")
      ->required();
  base->add_option("figures", bo->pairs, "KEY=N with KEY a legacy row key")->required();
  base->callback([&ctx, bo] {
    ctx.run = [&ctx, bo] {
      check_year(bo->year, today().year() + 1, "--before");
      auto values = parse_pairs(bo->pairs);
      auto agency = db::agency_or_throw(ctx.session(), bo->agency);
      db::set_baseline(ctx.session(), agency.id, bo->year, values);
      if (ctx.json)
        ctx.print_json({{"agency", agency.code}, {"before", bo->year}, {"baseline", values_json(values)}});
      else
        std::cout << fmt::format("{} baseline figure(s) before {} set for agency {}\n", values.size(), bo->year,
                                 agency.code);
    };
  });

  auto lo = std::make_shared<FigureOptions>();
  auto* list = figures->add_subcommand("list", "Everything entered for an agency's subtree");
  list->add_option("--agency", lo->agency, "an agency and everything under it (default: all)");
  list->callback([&ctx, lo] {
    ctx.run = [&ctx, lo] {
      if (!lo->agency.empty()) db::agency_or_throw(ctx.session(), lo->agency);
      auto all = db::list_figures(ctx.session(), lo->agency);
      if (ctx.json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& f : all)
          j.push_back({{"agency", f.agency}, {"kind", f.kind}, {f.kind == "baseline" ? "before" : "year", f.year},
                       {"key", f.key}, {"value", f.value}});
        ctx.print_json(j);
        return;
      }
      for (const auto& f : all)
        std::cout << fmt::format("{:<20} {:<8} {}{:<6} {:<20} {}\n", f.agency, f.kind,
                                 f.kind == "baseline" ? "<" : " ", f.year, f.key, f.value);
      std::cout << all.size() << " figure(s)\n";
    };
  });
}
const CommandRegistrar reg{"figures", &setup};

}  // namespace
}  // namespace gongkai::cli
