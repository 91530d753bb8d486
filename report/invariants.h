// The arithmetic a year-end table must satisfy (domain.md §5), checked on the tables as they are
// printed: each broken rule (report/table_rules.h, shared with `gongkai audit`) gives one warning
// sentence naming the rule, the row or column and the figures.
#pragma once
#include <string>
#include <vector>

#include "report/table.h"

namespace gongkai::report {

// Section 三: every row's 总计 = the sum of its six columns; per column new + carried-in = total +
// carried-out; （七）总计 = the sum of the outcome rows; and, given last year's table, this year's
// carried-in = last year's carried-out. Section 四: each group's 总计 = the sum of its parts.
std::vector<std::string> check_national(const Table& applications, const Table& appeals,
                                        const Table* previous_applications);
// The legacy table, in both columns: the channel rows add up to requests.total, the answer rows
// to answers.total, and no cumulative figure is below its year's.
std::vector<std::string> check_legacy(const Table& legacy);

}  // namespace gongkai::report
