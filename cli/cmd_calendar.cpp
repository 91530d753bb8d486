// gongkai calendar load|show|add-working-days: the official working-day calendar (domain.md §3).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>

#include "app/calendar.h"
#include "app/printable.h"
#include "cli/command_registry.h"

namespace gongkai::cli {
namespace {

std::string years_text(const std::vector<int>& ys) {
  std::string out;
  for (int y : ys) out += (out.empty() ? "" : ", ") + std::to_string(y);
  return out;
}

std::string due_text(const std::optional<Date>& d, bool provisional) {
  if (!d) return "none";
  return d->str() + (provisional ? " (provisional)" : "");
}

const char* weekday_name(Date d) {
  static const char* names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return names[d.weekday() - 1];
}

void run_load(AppContext& ctx, const app::CalendarLoadRequest& req) {
  auto l = app::load_calendar_file(ctx.app(), req);
  if (ctx.json) {
    ctx.print_json(app::calendar_loaded_json(l));
    return;
  }
  const auto& r = l.result;
  std::vector<std::string> parts;
  if (!r.added.empty()) parts.push_back("added " + years_text(r.added));
  if (!r.replaced.empty()) parts.push_back("replaced " + years_text(r.replaced));
  std::cout << fmt::format("calendar years loaded from {}: {}\n", app::printable(l.source), fmt::join(parts, "; "));
  std::cout << fmt::format("{} open case(s) recomputed: {} due date(s) moved", r.open_cases, r.moved.size());
  if (!r.flag_changed.empty())
    std::cout << fmt::format(", {} more no longer (or now) provisional", r.flag_changed.size());
  std::cout << "\n";
  constexpr size_t kShown = 20;
  size_t shown = 0;
  for (const auto* list : {&r.moved, &r.flag_changed})
    for (const auto& c : *list)
      if (shown++ < kShown)
        std::cout << fmt::format("  {:<22} due {} -> {}\n", c.case_no, due_text(c.old_due, c.old_provisional),
                                 due_text(c.new_due, c.new_provisional));
  if (shown > kShown) std::cout << fmt::format("  … and {} more (--json lists them all)\n", shown - kShown);
}

void run_show(AppContext& ctx, int year) {
  auto cy = app::calendar_year(ctx.app(), year);
  if (ctx.json) {
    ctx.print_json(app::calendar_year_json(cy));
    return;
  }
  const auto& y = cy.stored;
  int off = 0, work = 0;
  for (const auto& d : y.days) (d.off ? off : work)++;
  if (y.loaded)
    std::cout << fmt::format("{}: official calendar loaded (source {}, loaded {})\n", year, app::printable(y.source),
                             y.loaded_at);
  else
    std::cout << fmt::format(
        "{}: not loaded. No official calendar for {}: the plain week applies (Monday–Friday working, "
        "Saturday and Sunday rest) and every deadline through {} is provisional.\n"
        "Load the State Council's notice for {} with 'gongkai calendar load FILE' (see docs/deadlines.md).\n",
        year, year, year, year);
  for (const auto& d : y.days)
    std::cout << fmt::format("  {} {}  {:<4}  {}{}\n", d.date.str(), weekday_name(d.date), d.off ? "off" : "work",
                             app::printable(d.name),
                             d.notice_year != year ? fmt::format("  (listed by the {} notice)", d.notice_year) : "");
  std::cout << fmt::format("{}: {} listed day(s): {} off, {} make-up working day(s); {} working days in the year{}\n",
                           year, y.days.size(), off, work, cy.working_days, y.loaded ? "" : " (plain week, provisional)");
}

void run_add(AppContext& ctx, const std::string& from, int n) {
  auto s = app::add_working_days(ctx.app(), from, n);
  if (ctx.json) {
    ctx.print_json(app::working_days_json(s));
    return;
  }
  std::cout << s.to.str();
  if (!s.provisional_years.empty())
    std::cout << fmt::format("  (provisional: no official calendar loaded for {}; plain week assumed)",
                             years_text(s.provisional_years));
  std::cout << "\n";
}

struct CalendarOptions {
  app::CalendarLoadRequest load;
  std::string date;
  int year = 0, n = 0;
};

void setup(CLI::App& app, AppContext& ctx) {
  auto* cal = app.add_subcommand("calendar", "The official working-day calendar: load, show, count");
  cal->require_subcommand(1);
  auto o = std::make_shared<CalendarOptions>();

  auto* load = cal->add_subcommand(
      "load", "Load (add or replace) years of the official calendar from FILE and recompute open cases' due dates");
  load->add_option("file", o->load.path, "holiday-cn JSON, or gongkai's own text format (workflows/data/cn-calendar.txt)")
      ->required();
  load->add_flag("--force", o->load.force,
                 "load a year even if it cannot be a whole official year (too few holidays, a fixed holiday missing …)");
  load->callback([&ctx, o] { ctx.run = [&ctx, o] { run_load(ctx, o->load); }; });

  auto* show = cal->add_subcommand("show", "Show a year's official holidays and make-up working days");
  show->add_option("year", o->year, "the year, YYYY")->required();
  show->callback([&ctx, o] { ctx.run = [&ctx, o] { run_show(ctx, o->year); }; });

  auto* add = cal->add_subcommand("add-working-days", "The date N working days after DATE (DATE is day 0)");
  add->add_option("date", o->date, "YYYY-MM-DD")->required();
  add->add_option("n", o->n, "working days, 0 or more")->required();
  add->callback([&ctx, o] { ctx.run = [&ctx, o] { run_add(ctx, o->date, o->n); }; });
}
const CommandRegistrar reg{"calendar", &setup};

}  // namespace
}  // namespace gongkai::cli
