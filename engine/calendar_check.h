// Whether a year's arrangement can be a whole official year of the State Council's notice, so
// that a half-typed or mistyped calendar file is refused before it moves any due date.
#pragma once
#include <optional>
#include <string>

#include "engine/calendar.h"

namespace gongkai {

// nullopt when `y` passes every check, else the first problem found, on one line
// ("year 2027 lists 3 days off; an official year lists at least 13 (the statutory holidays)").
// The checks, each holding for every notice from 2007 to 2026:
//  - no date listed twice; every date in the notice's year or the December before;
//  - at least as many days off as the statutory holidays of that year (10 before 2008, 11 from
//    2008, 13 from 2025);
//  - New Year's Day (01-01), Labour Day (05-01, and 05-02 from 2025) and National Day (10-01 to
//    10-03) off;
//  - the Spring Festival: at least 3 days off (4 from 2025) from 15 January to the end of
//    February;
//  - every make-up working day on a Saturday or Sunday, or on the first day back after days off.
std::optional<std::string> whole_year_problem(const YearArrangement& y);

}  // namespace gongkai
