// The official working-day calendar kept in the database: one row per listed day of each loaded
// year's notice.
#pragma once
#include <vector>

#include "db/session.h"
#include "engine/calendar.h"

namespace gongkai::db {

WorkingCalendar load_calendar(Session& s);
// Stores each year's arrangement in one transaction, replacing a year already stored unless
// `only_missing`. Returns the years written.
std::vector<int> store_arrangements(Session& s, const std::vector<YearArrangement>& years, bool only_missing);

}  // namespace gongkai::db
