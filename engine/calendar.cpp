#include "engine/calendar.h"

#include <algorithm>

#include "engine/errors.h"

namespace gongkai {

void WorkingCalendar::load(const YearArrangement& y) {
  if (auto old = years_.find(y.year); old != years_.end()) {
    for (const auto& d : old->second.days) off_.erase(d.date);
  }
  for (const auto& d : y.days) off_[d.date] = d.off;
  years_[y.year] = y;
  build_index();
}

void WorkingCalendar::build_index() {
  // From the December before the first loaded notice (which may list late-December days) to ten
  // years after the last: deadlines run past the loaded years on the plain week.
  base_ = Date::from_ymd(years_.begin()->first - 1, 12, 1);
  Date last = Date::from_ymd(years_.rbegin()->first + 10, 12, 31);
  cum_.assign(static_cast<size_t>(last - base_) + 1, 0);
  auto listed = off_.lower_bound(base_);
  int32_t n = 0;
  for (Date d = base_ + 1; d <= last; d = d + 1) {
    while (listed != off_.end() && listed->first < d) ++listed;
    bool working = (listed != off_.end() && listed->first == d) ? !listed->second : !d.is_weekend();
    if (working) ++n;
    cum_[static_cast<size_t>(d - base_)] = n;
  }
}

bool WorkingCalendar::is_working_day(Date d) const {
  if (auto it = off_.find(d); it != off_.end()) return !it->second;
  return !d.is_weekend();
}

Date WorkingCalendar::add_working_days(Date from, int n) const {
  if (n < 0) throw UsageError("working days must not be negative: " + std::to_string(n));
  if (n == 0) return from;
  if (indexed(from)) {
    // The first day after `from` at which the running count reaches count(from) + n.
    auto start = cum_.begin() + (from - base_);
    auto it = std::lower_bound(start + 1, cum_.end(), *start + n);
    if (it != cum_.end()) return base_ + static_cast<int>(it - cum_.begin());
  }
  Date d = from;
  while (n > 0) {
    d = d + 1;
    if (is_working_day(d)) --n;
  }
  return d;
}

int WorkingCalendar::working_days_between(Date start, Date end) const {
  if (end <= start) return 0;
  if (indexed(start) && indexed(end)) return cum_[end - base_] - cum_[start - base_];
  int n = 0;
  for (Date d = start + 1; d <= end; d = d + 1)
    if (is_working_day(d)) ++n;
  return n;
}

bool WorkingCalendar::provisional_between(Date from, Date to) const {
  for (int y = from.year(); y <= to.year(); ++y)
    if (!is_loaded(y)) return true;
  return false;
}

std::vector<int> WorkingCalendar::loaded_years() const {
  std::vector<int> out;
  for (const auto& [y, _] : years_) out.push_back(y);
  return out;
}

const YearArrangement* WorkingCalendar::arrangement(int year) const {
  auto it = years_.find(year);
  return it == years_.end() ? nullptr : &it->second;
}

}  // namespace gongkai
