// gongkai timeliness: the on-time rate of a year's closings, per agency of a scope, and in total.
// A closing (answer or withdrawal) is on time when it came on or before the due date in force
// when the case closed (final_due_on). See docs/deadlines.md.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "cli/command_registry.h"
#include "db/case_store.h"
#include "db/supervision_store.h"
#include "engine/errors.h"

namespace gongkai::cli {
namespace {

struct TimelinessOptions {
  int year = 0;
  std::string agency;
};

// Percent with 2 decimals; none without closings.
std::optional<double> rate(int on_time, int closed) {
  if (closed == 0) return std::nullopt;
  return std::round(10000.0 * on_time / closed) / 100.0;
}

nlohmann::json figures(int closed, int on_time, int withdrawn) {
  auto r = rate(on_time, closed);
  return {{"closed", closed},
          {"on_time", on_time},
          {"late", closed - on_time},
          {"withdrawn", withdrawn},
          {"rate", r ? nlohmann::json(*r) : nlohmann::json(nullptr)}};
}

std::string rate_text(int on_time, int closed) {
  auto r = rate(on_time, closed);
  return r ? fmt::format("{:.2f}%", *r) : "—";
}

void run(AppContext& ctx, const TimelinessOptions& o) {
  if (o.year < 1990 || o.year > 2999) throw UsageError(fmt::format("--year {} is not a year from 1990 to 2999", o.year));
  if (!o.agency.empty()) db::agency_or_throw(ctx.session(), o.agency);
  auto rows = db::timeliness(ctx.session(), o.agency, o.year);
  int closed = 0, on_time = 0, withdrawn = 0;
  for (const auto& r : rows) {
    closed += r.closed;
    on_time += r.on_time;
    withdrawn += r.withdrawn;
  }

  if (ctx.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : rows) {
      nlohmann::json j = {{"agency", r.agency}, {"name", r.agency_name}};
      j.update(figures(r.closed, r.on_time, r.withdrawn));
      list.push_back(j);
    }
    ctx.print_json({{"year", o.year},
                    {"agency", o.agency.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.agency)},
                    {"rows", list},
                    {"total", figures(closed, on_time, withdrawn)}});
    return;
  }
  std::cout << fmt::format("On-time closings in {} — {}\n", o.year,
                           o.agency.empty() ? "all agencies" : "agency " + o.agency + " and everything under it");
  const std::string header =
      fmt::format("{:<24} {:>7} {:>8} {:>6} {:>10} {:>13}", "agency", "closed", "on time", "late", "withdrawn",
                  "on-time rate");
  std::cout << header << "\n";
  for (const auto& r : rows) {
    int depth = static_cast<int>(std::count(r.agency_path.begin(), r.agency_path.end(), '/'));
    std::string label = std::string(2 * depth, ' ') + r.agency;
    std::cout << fmt::format("{:<24} {:>7} {:>8} {:>6} {:>10} {:>13}   {}\n", label, r.closed, r.on_time,
                             r.closed - r.on_time, r.withdrawn, rate_text(r.on_time, r.closed), r.agency_name);
  }
  std::cout << std::string(header.size(), '-') << "\n";
  std::cout << fmt::format("{:<24} {:>7} {:>8} {:>6} {:>10} {:>13}\n", "total", closed, on_time, closed - on_time,
                           withdrawn, rate_text(on_time, closed));
  std::cout << "A closing (answer or withdrawal) is on time when it came on or before the case's due date, "
               "extensions and pauses included.\n";
}

void setup(CLI::App& app, AppContext& ctx) {
  auto o = std::make_shared<TimelinessOptions>();
  auto* cmd = app.add_subcommand("timeliness", "On-time rate of the cases closed in a year, per agency");
  cmd->add_option("--year", o->year, "the year of closing, YYYY")->required();
  cmd->add_option("--agency", o->agency, "an agency and everything under it");
  cmd->callback([&ctx, o] { ctx.run = [&ctx, o] { run(ctx, *o); }; });
}
const CommandRegistrar reg{"timeliness", &setup};

}  // namespace
}  // namespace gongkai::cli
