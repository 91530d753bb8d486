// gongkai figures set|baseline|list: the legacy table's figures the cases cannot give (proactive
// disclosure counts, complaints handled outside gongkai …) and the opening totals of the years
// before an agency used gongkai.
#include <fmt/format.h>

#include <iostream>

#include "app/printable.h"
#include "app/reports.h"
#include "cli/command_registry.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto* figures = app.add_subcommand("figures", "Hand-entered report figures and baselines");
  figures->require_subcommand(1);

  auto so = std::make_shared<app::FiguresRequest>();
  auto* set = figures->add_subcommand("set", "Figures of a year: figures set --agency CODE --year YYYY KEY=N …");
  set->add_option("--agency", so->agency, "the agency the figures belong to")->required();
  set->add_option("--year", so->year, "the year they count in")->required();
  set->add_option("figures", so->pairs, "KEY=N with KEY a legacy row key (proactive.total, complaints, …) or an annual report section 二 key (proactive.rules.issued, proactive.fees-yuan, …: docs/annual-report.md)")->required();
  set->callback([&ctx, so] {
    ctx.run = [&ctx, so] {
      auto values = app::set_figures(ctx.app(), *so);
      if (ctx.json)
        ctx.print_json({{"agency", so->agency}, {"year", so->year}, {"figures", app::values_json(values)}});
      else
        std::cout << fmt::format("{} figure(s) of {} set for agency {}\n", values.size(), so->year, so->agency);
    };
  });

  auto bo = std::make_shared<app::FiguresRequest>();
  auto* base = figures->add_subcommand(
      "baseline", "Opening totals of the years before YYYY: figures baseline --agency CODE --before YYYY KEY=N …");
  base->add_option("--agency", bo->agency, "the agency the totals belong to")->required();
  base->add_option("--before", bo->year, "the first year gongkai counts itself; the totals cover every year before")
      ->required();
  base->add_option("figures", bo->pairs, "KEY=N with KEY a legacy row key")->required();
  base->callback([&ctx, bo] {
    ctx.run = [&ctx, bo] {
      auto values = app::set_baseline(ctx.app(), *bo);
      if (ctx.json)
        ctx.print_json({{"agency", bo->agency}, {"before", bo->year}, {"baseline", app::values_json(values)}});
      else
        std::cout << fmt::format("{} baseline figure(s) before {} set for agency {}\n", values.size(), bo->year,
                                 bo->agency);
    };
  });

  auto agency = std::make_shared<std::string>();
  auto* list = figures->add_subcommand("list", "Everything entered for an agency's subtree");
  list->add_option("--agency", *agency, "an agency and everything under it (default: all)");
  list->callback([&ctx, agency] {
    ctx.run = [&ctx, agency] {
      auto all = app::list_figures(ctx.app(), *agency);
      if (ctx.json) {
        ctx.print_json(app::figures_json(all));
        return;
      }
      for (const auto& f : all)
        std::cout << fmt::format("{:<20} {:<8} {}{:<6} {:<20} {}\n", app::printable(f.agency),
                                 app::printable(f.kind), f.kind == "baseline" ? "<" : " ", f.year,
                                 app::printable(f.key), f.value);
      std::cout << all.size() << " figure(s)\n";
    };
  });
}
const CommandRegistrar reg{"figures", &setup};

}  // namespace
}  // namespace gongkai::cli
