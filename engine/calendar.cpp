#include "engine/calendar.h"

#include "engine/errors.h"

namespace gongkai {

void WorkingCalendar::load(const YearArrangement& y) {
  if (auto old = years_.find(y.year); old != years_.end()) {
    for (const auto& d : old->second.days) off_.erase(d.date);
  }
  for (const auto& d : y.days) off_[d.date] = d.off;
  years_[y.year] = y;
}

bool WorkingCalendar::is_working_day(Date d) const {
  if (auto it = off_.find(d); it != off_.end()) return !it->second;
  return !d.is_weekend();
}

Date WorkingCalendar::add_working_days(Date from, int n) const {
  if (n < 0) throw UsageError("working days must not be negative: " + std::to_string(n));
  Date d = from;
  while (n > 0) {
    d = d + 1;
    if (is_working_day(d)) --n;
  }
  return d;
}

int WorkingCalendar::working_days_between(Date start, Date end) const {
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
