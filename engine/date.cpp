#include "engine/date.h"

#include <chrono>
#include <cstdlib>
#include <ctime>

#include "engine/errors.h"

namespace gongkai {
namespace {
namespace chr = std::chrono;

chr::year_month_day ymd(const Date& d) {
  return chr::year_month_day{chr::sys_days{chr::days{d.days()}}};
}
}  // namespace

Date Date::from_ymd(int y, int m, int d) {
  chr::year_month_day v{chr::year{y}, chr::month{static_cast<unsigned>(m)},
                        chr::day{static_cast<unsigned>(d)}};
  if (!v.ok() || y < 1900 || y > 2999) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    throw UsageError(std::string("no such date: ") + buf);
  }
  return from_days(chr::sys_days{v}.time_since_epoch().count());
}

int Date::year() const { return static_cast<int>(ymd(*this).year()); }
int Date::month() const { return static_cast<int>(static_cast<unsigned>(ymd(*this).month())); }
int Date::day() const { return static_cast<int>(static_cast<unsigned>(ymd(*this).day())); }

int Date::weekday() const {
  return static_cast<int>(chr::weekday{chr::sys_days{chr::days{days_}}}.iso_encoding());
}

std::string Date::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year(), month(), day());
  return buf;
}

std::optional<Date> try_parse_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto num = [&](size_t pos, size_t len) -> int {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (t[i] < '0' || t[i] > '9') return -1;
      v = v * 10 + (t[i] - '0');
    }
    return v;
  };
  int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  try {
    return Date::from_ymd(y, m, d);
  } catch (const UsageError&) {
    return std::nullopt;
  }
}

Date parse_date(std::string_view text, std::string_view what) {
  if (auto d = try_parse_date(text)) return *d;
  throw UsageError(std::string(what) + ": '" + std::string(text) +
                   "' is not a valid date (expected YYYY-MM-DD)");
}

Date today() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return Date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

}  // namespace gongkai
