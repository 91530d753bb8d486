// The working-day calendar's operations: load a year's official arrangement from a file (which
// recomputes every case it touches), show a year, count working days.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "db/calendar_store.h"

namespace gongkai::app {

struct CalendarLoadRequest {
  std::string path;    // the file: holiday-cn JSON, or gongkai's own text format
  bool force = false;  // load a year even if it cannot be a whole official year
};
struct CalendarLoaded {
  std::string source;  // the file's name
  db::CalendarLoadResult result;
};
// Administrators of every agency. UsageError for an unreadable file or a year that cannot be a
// whole official one (unless forced); nothing changes then.
CalendarLoaded load_calendar_file(Context& ctx, const CalendarLoadRequest& r);
// The same with the file's contents given (an upload); r.path names it in messages.
CalendarLoaded load_calendar_text(Context& ctx, const CalendarLoadRequest& r, const std::string& contents);
nlohmann::json calendar_loaded_json(const CalendarLoaded& l);

struct CalendarYear {
  db::StoredYear stored;
  int working_days = 0;  // in the calendar year, on the calendar as loaded
};
CalendarYear calendar_year(Context& ctx, int year);
nlohmann::json calendar_year_json(const CalendarYear& y);

struct WorkingDaysSum {
  Date from, to;
  int n = 0;
  std::vector<int> provisional_years;  // years on the way without an official calendar
};
WorkingDaysSum add_working_days(Context& ctx, const std::string& from, int n);
nlohmann::json working_days_json(const WorkingDaysSum& s);

}  // namespace gongkai::app
