#include "engine/calendar_check.h"

#include <fmt/format.h>

#include <map>

namespace gongkai {
namespace {

// The statutory holidays (全国年节及纪念日放假办法): 10 days from 1999 (New Year 1, Spring
// Festival 3, Labour Day 3, National Day 3); 11 from 2008 (Labour Day 1, plus 清明, 端午, 中秋);
// 13 from 2025 (the Spring Festival's eve and 05-02 added).
int statutory_days(int year) {
  if (year < 2008) return 10;
  if (year < 2025) return 11;
  return 13;
}

const char* weekday_name(Date d) {
  static const char* const names[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                      "Friday", "Saturday", "Sunday"};
  return names[d.weekday() - 1];
}

}  // namespace

std::optional<std::string> whole_year_problem(const YearArrangement& y) {
  const std::string year = "year " + std::to_string(y.year);
  // The range the calendar files accept (calendar_file.h); it also keeps the dates below valid.
  if (y.year < 1990 || y.year > 2999) return year + " is not a year of the official calendar (1990–2999)";
  std::map<Date, bool> off;  // listed days: true off, false make-up working day
  for (const SpecialDay& d : y.days) {
    if (!off.emplace(d.date, d.off).second) return fmt::format("{} lists {} twice", year, d.date.str());
    // A notice lists its own year and sometimes the last days of the December before (元旦).
    if (d.date.year() != y.year && !(d.date.year() == y.year - 1 && d.date.month() == 12))
      return fmt::format("{} lists {}, which is neither in {} nor in the December before", year, d.date.str(),
                         y.year);
  }

  int days_off = 0;
  for (const auto& [date, is_off] : off) days_off += is_off;
  // Every notice lists each statutory holiday, and usually the weekends joined to them as well
  // (2014 lists the fewest: 22), so fewer than the statutory days is a truncated file.
  if (days_off < statutory_days(y.year))
    return fmt::format("{} lists {} day{} off; an official year lists at least {} (the statutory holidays)", year,
                       days_off, days_off == 1 ? "" : "s", statutory_days(y.year));

  auto is_off = [&](int month, int day) {
    auto it = off.find(Date::from_ymd(y.year, month, day));
    return it != off.end() && it->second;
  };
  auto missing = [&](int month, int day, const char* holiday) {
    return fmt::format("{} does not list {} as a day off ({})", year, Date::from_ymd(y.year, month, day).str(),
                       holiday);
  };
  if (!is_off(1, 1)) return missing(1, 1, "New Year's Day, 元旦");

  // The Spring Festival falls between 21 January and 20 February; with its eve and the joined
  // weekends its days off lie from mid-January to the end of February, later than any New
  // Year's days off (at most 01-01 to 01-03).
  const int festival_days = y.year < 2025 ? 3 : 4;
  const Date festival_from = Date::from_ymd(y.year, 1, 15), festival_to = Date::from_ymd(y.year, 3, 1);
  int festival_off = 0;
  for (auto it = off.lower_bound(festival_from); it != off.end() && it->first < festival_to; ++it)
    festival_off += it->second;
  if (festival_off < festival_days)
    return fmt::format("{} lists {} day{} off from {} to the end of February; an official year lists at least {} "
                       "there (the Spring Festival, 春节)",
                       year, festival_off, festival_off == 1 ? "" : "s", festival_from.str(), festival_days);

  if (!is_off(5, 1)) return missing(5, 1, "Labour Day, 劳动节");
  if (y.year >= 2025 && !is_off(5, 2)) return missing(5, 2, "Labour Day, 劳动节: two days from 2025");
  for (int day = 1; day <= 3; ++day)
    if (!is_off(10, day)) return missing(10, day, "National Day, 国庆节: 10-01 to 10-03");

  for (const auto& [date, is_off_day] : off) {
    if (is_off_day || date.is_weekend()) continue;
    // A weekday listed as working changes nothing, but holiday-cn lists one: 2020-02-03, the
    // day back after the extended Spring Festival. Anywhere else it is a mistyped date.
    auto before = off.find(date - 1);
    if (before != off.end() && before->second) continue;
    return fmt::format("{} lists {}, a {}, as a make-up working day; make-up days fall on a Saturday or Sunday",
                       year, date.str(), weekday_name(date));
  }
  return std::nullopt;
}

}  // namespace gongkai
