// The official working-day calendar kept in the database: one row per listed day of each loaded
// year's notice; and loading new years, which recomputes the due dates of every open case.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/session.h"
#include "engine/calendar.h"

namespace gongkai::db {

// Every loaded year, and the calendar's version they are of (in one snapshot). Writers send the
// version with what they computed on it; the database refuses it once the calendar has changed.
struct LoadedCalendar {
  WorkingCalendar calendar;
  long long version = 0;
};
LoadedCalendar load_calendar(Session& s);
// The version of the calendar in force.
long long calendar_version(Session& s);

// One open case whose projection changed with the new calendar.
struct RecomputedCase {
  std::string case_no;
  std::optional<Date> old_due, new_due;
  bool old_provisional = false, new_provisional = false;
};

struct CalendarLoadResult {
  std::vector<int> added, replaced;  // years written (new ones; ones that were loaded before)
  std::vector<int> skipped;          // already loaded, kept (only_missing)
  int open_cases = 0;                // open cases replayed with the new calendar
  std::vector<RecomputedCase> moved;           // due_on changed
  std::vector<RecomputedCase> flag_changed;    // due_on the same, provisional flag changed
  int other_rewritten = 0;  // only pause_lapses_on / late_correction_notice changed
};

// Stores each year's arrangement (replacing a year already stored unless `only_missing`) and, in
// the same transaction, replays every open case with the new calendar and rewrites its projected
// deadline columns (due_on, due_provisional, final_due_on, pause_lapses_on,
// late_correction_notice); no event is appended. Closed cases keep their rows; those whose
// dates reach into the loaded years are replayed only to check that their histories still replay.
// Throws UsageError if a day is already listed by another year's notice, RuleViolation naming
// the case if a history no longer replays with the new calendar, Conflict if writers keep the
// calendar in use for too long, NotPermitted unless the caller administers every agency; in every
// case nothing is changed.
CalendarLoadResult load_arrangements(Session& s, const std::vector<YearArrangement>& years, bool only_missing);

// load_arrangements, returning the years written (for `gongkai init`).
std::vector<int> store_arrangements(Session& s, const std::vector<YearArrangement>& years, bool only_missing);

// What `calendar show YEAR` prints: the year's stored notice, and the listed days falling in
// that calendar year (including late-December days listed by the next year's notice).
struct StoredDay {
  Date date;
  bool off = true;
  std::string name;
  int notice_year = 0;
};
struct StoredYear {
  int year = 0;
  bool loaded = false;
  std::string source, loaded_at;  // when loaded
  std::vector<StoredDay> days;    // by date
};
StoredYear stored_year(Session& s, int year);

}  // namespace gongkai::db
