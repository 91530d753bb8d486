// A reply clock counted in working days: a start, a period, an optional extension, and pauses
// that stop it. Computes the due date and explains how it was reached.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/calendar.h"
#include "engine/date.h"

namespace gongkai {

// The clock stops from the day after `start` to `end` inclusive, at most `cap` working days.
// While the pause is still running (`end` empty), the full cap is assumed: the latest the due
// date can be.
struct Pause {
  std::string what;  // "third-party consultation", "fee notice"
  Date start;
  std::optional<Date> end;
  int cap = 0;

  Date effective_end(const WorkingCalendar& cal) const;  // min(end, start + cap working days)
  int working_days(const WorkingCalendar& cal) const;
};

struct Clock {
  Date start;                // receipt, or the last corrected application
  std::string start_reason;  // "received", "correction received"
  int period = 0;            // working days
  int extension = 0;         // working days added by an extension
  std::vector<Pause> pauses;
};

struct DueDate {
  Date due;
  bool provisional = false;           // a year on the way has no loaded official calendar
  std::vector<int> provisional_years;
  std::vector<std::string> steps;     // how it was reached, one line each
  std::vector<std::string> steps_zh;  // the same, in Chinese, for the pages and letters
};

DueDate compute_due(const Clock& clock, const WorkingCalendar& cal);

// Working days left on `as_of` before `due`: N with add_working_days(as_of, N) == due when
// due >= as_of (0 = due today, counting a non-working as_of as day 0 too);
// otherwise -(working days d with due < d <= as_of).
int working_days_left(Date due, Date as_of, const WorkingCalendar& cal);

}  // namespace gongkai
