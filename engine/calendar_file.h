// Reading and writing official holiday arrangements (YearArrangement) as text.
//
// Two formats:
//  - gongkai's own compact text format (workflows/data/cn-calendar.txt documents it in its
//    header): `YEAR off|work FIRST[..LAST] NAME` and `YEAR notice TEXT` lines, '#' comments.
//  - the JSON of holiday-cn (https://github.com/NateScarlet/holiday-cn):
//    {"year": 2019, "papers": [...], "days": [{"name", "date", "isOffDay"}, ...]},
//    or a JSON array of such objects.
//
// Every parser validates: dates valid, a year field in 1990–2999, each date listed once, each
// date in its notice's year or the December before it. A make-up working day on a weekday is
// accepted (it changes nothing, but notices do list such days). Errors throw UsageError naming
// the source, the line (or JSON entry) and what is wrong.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/calendar.h"

namespace gongkai {

// What a calendar text holds besides the days: the notices named per year.
struct CalendarText {
  std::vector<YearArrangement> years;             // sorted by year; days sorted by date
  std::map<int, std::vector<std::string>> notices;  // year → `notice` lines, in file order
};

// The own text format. Each YearArrangement gets `source = source_name`.
std::vector<YearArrangement> parse_calendar_text(std::string_view text, std::string_view source_name);
CalendarText parse_calendar_text_full(std::string_view text, std::string_view source_name);

// The holiday-cn JSON format (one object, or an array of objects).
std::vector<YearArrangement> parse_calendar_json(std::string_view json_text, std::string_view source_name);

// Chooses by content: JSON when the first non-blank character is '{' or '[', else the own format.
std::vector<YearArrangement> parse_calendar_file(std::string_view contents, std::string_view name);

// Writes the own format: years in order, days by date, runs of consecutive days of the same
// kind and name compressed into FIRST..LAST ranges. `notices` adds `YEAR notice` lines.
std::string format_calendar_text(const std::vector<YearArrangement>& years,
                                 const std::map<int, std::vector<std::string>>& notices = {});

}  // namespace gongkai
