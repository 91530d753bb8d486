// The official working-day calendar: Monday–Friday, minus public holidays, plus the make-up
// working days (调休上班) of the State Council's yearly notices.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/date.h"

namespace gongkai {

// One listed day of an official arrangement.
struct SpecialDay {
  Date date;
  bool off = true;   // true: holiday (or weekday moved into a holiday); false: make-up working day
  std::string name;  // 春节, 国庆节 …
};

// One year's official arrangement, as published in that year's notice.
// `year` is the notice's year: a notice may list late-December days of the year before.
struct YearArrangement {
  int year = 0;
  std::vector<SpecialDay> days;
  std::string source;  // where it came from: "shipped", a file name …
};

class WorkingCalendar {
 public:
  // Replaces any earlier arrangement of the same year.
  void load(const YearArrangement& y);

  bool is_working_day(Date d) const;
  // The date n working days after `from` (day 0; day 1 is the next working day). n >= 0.
  Date add_working_days(Date from, int n) const;
  // Working days d with start < d <= end (0 when end <= start).
  int working_days_between(Date start, Date end) const;

  // A year counts as loaded when its own notice has been loaded. Days of years not loaded follow
  // the plain week and any deadline through them is provisional.
  bool is_loaded(int year) const { return years_.count(year) > 0; }
  // True if any calendar year in [from.year, to.year] is not loaded.
  bool provisional_between(Date from, Date to) const;
  std::vector<int> loaded_years() const;
  const YearArrangement* arrangement(int year) const;

 private:
  void build_index();
  bool indexed(Date d) const { return !cum_.empty() && d >= base_ && d - base_ < static_cast<int>(cum_.size()); }

  std::map<int, YearArrangement> years_;
  std::map<Date, bool> off_;  // listed days only: true = off, false = make-up working day
  // cum_[i] = working days in (base_, base_ + i]: counting over the loaded years (and ten plain
  // years after) costs a subtraction instead of a walk, which a list of 100 000 overdue cases
  // needs. Rebuilt by load(); read-only afterwards, so a calendar can be shared between threads.
  Date base_;
  std::vector<int32_t> cum_;
};

}  // namespace gongkai
