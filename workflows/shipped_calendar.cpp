#include "workflows/shipped_calendar.h"

#include <algorithm>
#include <map>
#include <string>

#include "engine/calendar_file.h"
#include "engine/errors.h"

namespace gongkai::workflows {
namespace {

std::vector<YearArrangement> load_shipped() {
  std::map<int, YearArrangement> by_year;
  std::map<int, std::string> file_of_year;
  for (const auto& f : shipped_calendar_files()) {
    std::vector<YearArrangement> years;
    try {
      years = parse_calendar_text(f.contents, f.name);
    } catch (const UsageError& e) {
      throw InternalError(std::string("the shipped calendar is corrupt: ") + e.what());
    }
    for (auto& y : years) {
      if (auto [it, fresh] = file_of_year.emplace(y.year, f.name); !fresh)
        throw InternalError("the shipped calendar lists " + std::to_string(y.year) + " in both " +
                            it->second + " and " + f.name);
      y.source = "shipped";
      by_year.emplace(y.year, std::move(y));
    }
  }
  std::vector<YearArrangement> out;
  for (auto& [_, y] : by_year) out.push_back(std::move(y));
  return out;
}

}  // namespace

std::vector<YearArrangement> shipped_arrangements() {
  static const std::vector<YearArrangement> years = load_shipped();
  return years;
}

WorkingCalendar shipped_calendar() {
  WorkingCalendar cal;
  for (const auto& y : shipped_arrangements()) cal.load(y);
  return cal;
}

}  // namespace gongkai::workflows
