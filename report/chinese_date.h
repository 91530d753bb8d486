// A civil date as Chinese official documents write it: 2024年9月27日 (Arabic numerals, no
// leading zeros, per GB/T 9704's 成文日期).
#pragma once
#include <string>

#include "engine/date.h"

namespace gongkai::report {

std::string chinese_date(Date d);

}  // namespace gongkai::report
