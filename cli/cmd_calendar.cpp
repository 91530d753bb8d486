// gongkai calendar load|show|add-working-days: the official working-day calendar (domain.md §3).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command_registry.h"
#include "db/calendar_store.h"
#include "engine/calendar_file.h"
#include "engine/errors.h"

namespace gongkai::cli {
namespace {

constexpr int kMinYear = 1990, kMaxYear = 2999;  // as engine/calendar_file accepts
constexpr int kMaxWorkingDays = 100000;          // far beyond any statutory period

const char* weekday_name(Date d) {
  static const char* names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return names[d.weekday() - 1];
}

std::string years_text(const std::vector<int>& ys) {
  std::string out;
  for (int y : ys) out += (out.empty() ? "" : ", ") + std::to_string(y);
  return out;
}

nlohmann::json opt_date(const std::optional<Date>& d) { return d ? nlohmann::json(d->str()) : nlohmann::json(nullptr); }

std::string due_text(const std::optional<Date>& d, bool provisional) {
  if (!d) return "none";
  return d->str() + (provisional ? " (provisional)" : "");
}

std::string read_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw UsageError("calendar file '" + path + "' is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read calendar file '" + path + "': " + std::strerror(errno));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// ---- calendar load FILE ----

void run_load(AppContext& ctx, const std::string& path) {
  std::string contents = read_file(path);
  // Errors name the file as given; the stored source is its name alone.
  auto years = parse_calendar_file(contents, path);
  if (years.empty()) throw UsageError(path + ": holds no year's arrangement; nothing was changed");
  const std::string source = std::filesystem::path(path).filename().string();
  for (auto& y : years) {
    // Every State Council notice lists holidays: a year without days is a mistake, not a calendar.
    if (y.days.empty())
      throw UsageError(path + ": year " + std::to_string(y.year) +
                       " lists no days (a notice always lists its holidays); nothing was changed");
    y.source = source;
  }
  auto r = db::load_arrangements(ctx.session(), years, false);

  auto changes = [](const std::vector<db::RecomputedCase>& list) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& c : list)
      j.push_back({{"case", c.case_no}, {"from", opt_date(c.old_due)}, {"to", opt_date(c.new_due)},
                   {"provisional_before", c.old_provisional}, {"provisional_after", c.new_provisional}});
    return j;
  };
  if (ctx.json) {
    ctx.print_json({{"source", source},
                    {"added", r.added},
                    {"replaced", r.replaced},
                    {"open_cases_recomputed", r.open_cases},
                    {"due_dates_moved", r.moved.size()},
                    {"moved", changes(r.moved)},
                    {"provisional_changed", changes(r.flag_changed)}});
    return;
  }
  std::vector<std::string> parts;
  if (!r.added.empty()) parts.push_back("added " + years_text(r.added));
  if (!r.replaced.empty()) parts.push_back("replaced " + years_text(r.replaced));
  std::cout << fmt::format("calendar years loaded from {}: {}\n", source, fmt::join(parts, "; "));
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

// ---- calendar show YEAR ----

void run_show(AppContext& ctx, int year) {
  if (year < kMinYear || year > kMaxYear)
    throw UsageError(fmt::format("year {} is not a year from {} to {}", year, kMinYear, kMaxYear));
  auto y = db::stored_year(ctx.session(), year);
  const auto& cal = ctx.calendar();
  const int working = cal.working_days_between(Date::from_ymd(year - 1, 12, 31), Date::from_ymd(year, 12, 31));
  int off = 0, work = 0;
  for (const auto& d : y.days) (d.off ? off : work)++;

  if (ctx.json) {
    nlohmann::json days = nlohmann::json::array();
    for (const auto& d : y.days)
      days.push_back({{"date", d.date.str()}, {"weekday", weekday_name(d.date)}, {"off", d.off},
                      {"kind", d.off ? "off" : "work"}, {"name", d.name}, {"notice", d.notice_year}});
    ctx.print_json({{"year", year},
                    {"loaded", y.loaded},
                    {"source", y.loaded ? nlohmann::json(y.source) : nlohmann::json(nullptr)},
                    {"loaded_at", y.loaded ? nlohmann::json(y.loaded_at) : nlohmann::json(nullptr)},
                    {"provisional", !y.loaded},
                    {"working_days", working},
                    {"days", days}});
    return;
  }
  if (y.loaded)
    std::cout << fmt::format("{}: official calendar loaded (source {}, loaded {})\n", year, y.source, y.loaded_at);
  else
    std::cout << fmt::format(
        "{}: not loaded. No official calendar for {}: the plain week applies (Monday–Friday working, "
        "Saturday and Sunday rest) and every deadline through {} is provisional.\n"
        "Load the State Council's notice for {} with 'gongkai calendar load FILE' (see docs/deadlines.md).\n",
        year, year, year, year);
  for (const auto& d : y.days)
    std::cout << fmt::format("  {} {}  {:<4}  {}{}\n", d.date.str(), weekday_name(d.date), d.off ? "off" : "work",
                             d.name, d.notice_year != year ? fmt::format("  (listed by the {} notice)", d.notice_year) : "");
  std::cout << fmt::format("{}: {} listed day(s): {} off, {} make-up working day(s); {} working days in the year{}\n",
                           year, y.days.size(), off, work, working, y.loaded ? "" : " (plain week, provisional)");
}

// ---- calendar add-working-days DATE N ----

void run_add(AppContext& ctx, const std::string& from_text, int n) {
  Date from = parse_date(from_text, "DATE");
  if (n < 0) throw UsageError(fmt::format("N must be a number of working days, 0 or more: {}", n));
  if (n > kMaxWorkingDays) throw UsageError(fmt::format("N is too large: {} (at most {})", n, kMaxWorkingDays));
  const auto& cal = ctx.calendar();
  Date to = cal.add_working_days(from, n);
  std::vector<int> missing;
  for (int y = from.year(); y <= to.year(); ++y)
    if (!cal.is_loaded(y)) missing.push_back(y);
  if (ctx.json) {
    ctx.print_json({{"from", from.str()}, {"working_days", n}, {"date", to.str()}, {"provisional", !missing.empty()}});
    return;
  }
  std::cout << to.str();
  if (!missing.empty())
    std::cout << fmt::format("  (provisional: no official calendar loaded for {}; plain week assumed)",
                             years_text(missing));
  std::cout << "\n";
}

struct CalendarOptions {
  std::string file, date;
  int year = 0, n = 0;
};

void setup(CLI::App& app, AppContext& ctx) {
  auto* cal = app.add_subcommand("calendar", "The official working-day calendar: load, show, count");
  cal->require_subcommand(1);
  auto o = std::make_shared<CalendarOptions>();

  auto* load = cal->add_subcommand(
      "load", "Load (add or replace) years of the official calendar from FILE and recompute open cases' due dates");
  load->add_option("file", o->file, "holiday-cn JSON, or gongkai's own text format (workflows/data/cn-calendar.txt)")
      ->required();
  load->callback([&ctx, o] { ctx.run = [&ctx, o] { run_load(ctx, o->file); }; });

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
