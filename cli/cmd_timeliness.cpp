// gongkai timeliness: the on-time rate of a year's closings, per agency of a scope, and in total.
// A closing (answer or withdrawal) is on time when it came on or before the due date in force
// when the case closed (final_due_on). See docs/deadlines.md.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "app/printable.h"
#include "app/supervision.h"
#include "cli/command_registry.h"

namespace gongkai::cli {
namespace {

std::string rate_text(const app::TimelinessFigures& f) {
  auto r = f.rate();
  return r ? fmt::format("{:.2f}%", *r) : "—";
}

void run(AppContext& ctx, const app::TimelinessRequest& o) {
  auto t = app::timeliness(ctx.app(), o);
  if (ctx.json) {
    ctx.print_json(app::timeliness_json(t));
    return;
  }
  std::cout << fmt::format("On-time closings in {} — {}\n", o.year,
                           o.agency.empty() ? "all agencies" : "agency " + o.agency + " and everything under it");
  const std::string header =
      fmt::format("{:<24} {:>7} {:>8} {:>6} {:>10} {:>13} {:>13} {:>8}", "agency", "closed", "on time", "late",
                  "withdrawn", "on-time rate", "open overdue", "longest");
  std::cout << header << "\n";
  auto line = [](const std::string& label, const app::TimelinessFigures& f) {
    return fmt::format("{:<24} {:>7} {:>8} {:>6} {:>10} {:>13} {:>13} {:>8}", label, f.closed, f.on_time,
                       f.closed - f.on_time, f.withdrawn, rate_text(f), f.open_overdue,
                       f.longest_overdue ? std::to_string(*f.longest_overdue) : "—");
  };
  for (const auto& r : t.rows) {
    int depth = static_cast<int>(std::count(r.agency_path.begin(), r.agency_path.end(), '/'));
    std::string label = std::string(2 * depth, ' ') + app::printable(r.agency);
    std::cout << line(label, r.figures) << "   " << app::printable(r.agency_name) << "\n";
  }
  std::cout << std::string(header.size(), '-') << "\n";
  std::cout << line("total", t.total) << "\n";
  std::cout << "A closing (answer or withdrawal) is on time when it came on or before the case's due date, "
               "extensions and pauses included. Open overdue: cases still awaiting a reply past their due date on "
            << t.today.str() << "; longest: how many working days the longest-waiting of them is late.\n";
}

void setup(CLI::App& app, AppContext& ctx) {
  auto o = std::make_shared<app::TimelinessRequest>();
  auto* cmd = app.add_subcommand("timeliness", "On-time rate of the cases closed in a year, per agency");
  cmd->add_option("--year", o->year, "the year of closing, YYYY")->required();
  cmd->add_option("--agency", o->agency, "an agency and everything under it");
  cmd->callback([&ctx, o] { ctx.run = [&ctx, o] { run(ctx, *o); }; });
}
const CommandRegistrar reg{"timeliness", &setup};

}  // namespace
}  // namespace gongkai::cli
