#include "report/chinese_date.h"

#include <fmt/format.h>

namespace gongkai::report {

std::string chinese_date(Date d) { return fmt::format("{}年{}月{}日", d.year(), d.month(), d.day()); }

}  // namespace gongkai::report
