#include "app/calendar.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "app/permissions.h"
#include "engine/calendar_check.h"
#include "engine/calendar_file.h"
#include "engine/errors.h"
#include "workflows/input_checks.h"

namespace gongkai::app {
namespace {

constexpr int kMinYear = 1990, kMaxYear = 2999;  // as engine/calendar_file accepts
constexpr int kMaxWorkingDays = 100000;          // far beyond any statutory period

const char* weekday_name(Date d) {
  static const char* names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return names[d.weekday() - 1];
}

nlohmann::json opt_date(const std::optional<Date>& d) { return d ? nlohmann::json(d->str()) : nlohmann::json(nullptr); }

std::string read_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw UsageError("calendar file '" + path + "' is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read calendar file '" + path + "': " + std::strerror(errno));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A file in another encoding (GBK, as Chinese Windows saves text) is named as such, at its line,
// before a parser's message about some character in it.
void check_encoding(const std::string& path, std::string_view contents) {
  size_t bad = workflows::first_invalid_utf8(contents);
  if (bad == std::string_view::npos) return;
  size_t line = 1 + std::count(contents.begin(), contents.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
  size_t line_start = bad == 0 ? std::string_view::npos : contents.rfind('\n', bad - 1);
  size_t column = bad - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
  throw UsageError(fmt::format("calendar file '{}' is not valid UTF-8 text (line {}, byte {}); save it as UTF-8; "
                               "nothing was changed",
                               workflows::printable(path), line, column));
}

// The names of the days are stored and shown: the same rules as any text typed in.
void check_day_names(const std::string& path, const YearArrangement& y) {
  for (const auto& d : y.days) {
    try {
      workflows::check_text(d.name, "name", workflows::TextRule{workflows::kMaxNameChars, false, false});
    } catch (const UsageError& e) {
      throw UsageError(fmt::format("calendar file '{}': {}: {}; nothing was changed", workflows::printable(path),
                                   d.date.str(), e.what()));
    }
  }
}

// The file's arrangements; a JSON syntax error is told without the JSON library's tag
// ("[json.exception.parse_error.101] "), which means nothing to a clerk.
std::vector<YearArrangement> parse_file(const std::string& contents, const std::string& path) {
  try {
    return parse_calendar_file(contents, path);
  } catch (const UsageError& e) {
    static const std::regex tag(R"(\[json\.exception\.[a-z_]+\.[0-9]+\] )");
    throw UsageError(std::regex_replace(std::string(e.what()), tag, ""));
  }
}

}  // namespace

CalendarLoaded load_calendar_file(Context& ctx, const CalendarLoadRequest& r) {
  require(ctx.me(), Action::change_calendar);
  workflows::check_file_name(r.path, "calendar file");
  return load_calendar_text(ctx, r, read_file(r.path));
}

CalendarLoaded load_calendar_text(Context& ctx, const CalendarLoadRequest& r, const std::string& contents) {
  require(ctx.me(), Action::change_calendar);
  workflows::check_file_name(r.path, "calendar file");
  check_encoding(r.path, contents);
  // Errors name the file as given; the stored source is its name alone.
  auto years = parse_file(contents, r.path);
  if (years.empty()) throw UsageError(r.path + ": holds no year's arrangement; nothing was changed");
  CalendarLoaded out;
  out.source = std::filesystem::path(r.path).filename().string();
  for (auto& y : years) {
    // Every State Council notice lists holidays: a year without days is a mistake, not a calendar.
    if (y.days.empty())
      throw UsageError(r.path + ": year " + std::to_string(y.year) +
                       " lists no days (a notice always lists its holidays); nothing was changed");
    if (!r.force)
      if (auto problem = whole_year_problem(y))
        throw UsageError(r.path + ": " + *problem +
                         "; this cannot be a whole official year (load it anyway with force); nothing was changed");
    check_day_names(r.path, y);
    y.source = out.source;
  }
  out.result = db::load_arrangements(ctx.db(), years, false);
  ctx.refresh_calendar(true);
  return out;
}

nlohmann::json calendar_loaded_json(const CalendarLoaded& l) {
  auto changes = [](const std::vector<db::RecomputedCase>& list) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& c : list)
      j.push_back({{"case", c.case_no}, {"from", opt_date(c.old_due)}, {"to", opt_date(c.new_due)},
                   {"provisional_before", c.old_provisional}, {"provisional_after", c.new_provisional}});
    return j;
  };
  const auto& r = l.result;
  return {{"source", l.source},
          {"added", r.added},
          {"replaced", r.replaced},
          {"open_cases_recomputed", r.open_cases},
          {"due_dates_moved", r.moved.size()},
          {"moved", changes(r.moved)},
          {"provisional_changed", changes(r.flag_changed)}};
}

CalendarYear calendar_year(Context& ctx, int year) {
  if (year < kMinYear || year > kMaxYear)
    throw UsageError(fmt::format("year {} is not a year from {} to {}", year, kMinYear, kMaxYear));
  CalendarYear y{db::stored_year(ctx.db(), year), 0};
  y.working_days =
      ctx.calendar().working_days_between(Date::from_ymd(year - 1, 12, 31), Date::from_ymd(year, 12, 31));
  return y;
}

nlohmann::json calendar_year_json(const CalendarYear& cy) {
  const auto& y = cy.stored;
  nlohmann::json days = nlohmann::json::array();
  for (const auto& d : y.days)
    days.push_back({{"date", d.date.str()}, {"weekday", weekday_name(d.date)}, {"off", d.off},
                    {"kind", d.off ? "off" : "work"}, {"name", d.name}, {"notice", d.notice_year}});
  return {{"year", y.year},
          {"loaded", y.loaded},
          {"source", y.loaded ? nlohmann::json(y.source) : nlohmann::json(nullptr)},
          {"loaded_at", y.loaded ? nlohmann::json(y.loaded_at) : nlohmann::json(nullptr)},
          {"provisional", !y.loaded},
          {"working_days", cy.working_days},
          {"days", days}};
}

WorkingDaysSum add_working_days(Context& ctx, const std::string& from_text, int n) {
  WorkingDaysSum s;
  s.from = parse_date(from_text, "date");
  if (n < 0) throw UsageError(fmt::format("N must be a number of working days, 0 or more: {}", n));
  if (n > kMaxWorkingDays) throw UsageError(fmt::format("N is too large: {} (at most {})", n, kMaxWorkingDays));
  s.n = n;
  const auto& cal = ctx.calendar();
  s.to = cal.add_working_days(s.from, n);
  for (int y = s.from.year(); y <= s.to.year(); ++y)
    if (!cal.is_loaded(y)) s.provisional_years.push_back(y);
  return s;
}

nlohmann::json working_days_json(const WorkingDaysSum& s) {
  return {{"from", s.from.str()}, {"working_days", s.n}, {"date", s.to.str()}, {"provisional", !s.provisional_years.empty()}};
}

}  // namespace gongkai::app
