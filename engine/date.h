// A civil date (no time of day, no time zone): what the law counts deadlines in.
#pragma once
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gongkai {

class Date {
 public:
  Date() = default;
  static Date from_ymd(int y, int m, int d);  // throws UsageError if no such day
  static Date from_days(int32_t days_since_epoch) { Date d; d.days_ = days_since_epoch; return d; }

  int32_t days() const { return days_; }  // since 1970-01-01
  int year() const;
  int month() const;
  int day() const;
  int weekday() const;  // ISO: 1 = Monday … 7 = Sunday
  bool is_weekend() const { return weekday() >= 6; }

  std::string str() const;  // YYYY-MM-DD

  Date operator+(int n) const { return from_days(days_ + n); }
  Date operator-(int n) const { return from_days(days_ - n); }
  int operator-(Date o) const { return days_ - o.days_; }
  auto operator<=>(const Date&) const = default;

 private:
  int32_t days_ = 0;
};

// Strict YYYY-MM-DD. `what` names the field in the error ("--on", "row 7: on").
Date parse_date(std::string_view text, std::string_view what = "date");
std::optional<Date> try_parse_date(std::string_view text);

// Today's civil date in the local time zone. (A front end may fix another for tests and
// training: app::ConnectOptions::today.)
Date today();

}  // namespace gongkai
