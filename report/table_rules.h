// The arithmetic rules of the year-end tables (domain.md §5), each defined once: the report warns
// with them (report/invariants.h) and `gongkai audit` checks a submitted table with them. Every
// check of a rule on some cells is counted; a broken one names the rule, its cells and figures.
#pragma once
#include <string>
#include <vector>

#include "report/table.h"

namespace gongkai::report {

// The rules' names, as audit prints them (docs/audit.md explains each).
namespace rule {
inline constexpr const char* row_total = "各行总计等于六类申请人之和";
inline constexpr const char* balance = "第一项加第二项之和等于第三项加第四项之和";
inline constexpr const char* outcomes_total = "（七）总计等于各项办理结果之和";
inline constexpr const char* subtotal = "小计等于其下各项之和";
inline constexpr const char* carry_over = "本年上年结转等于上年结转下年度继续办理";
inline constexpr const char* appeal_total = "总计等于结果维持、结果纠正、其他结果、尚未审结之和";
inline constexpr const char* channels = "各渠道申请数之和等于受理申请总数";
inline constexpr const char* answers = "各类答复数之和等于答复总数";
inline constexpr const char* cumulative = "历年累计不小于本年度";
inline constexpr const char* not_negative = "数字不得为负";
}  // namespace rule

struct BrokenRule {
  std::string rule;                // one of rule::…
  std::vector<std::string> cells;  // the cells it involves, e.g. applications.new.person
  std::string message;             // "RULE: where: figures", with the official labels
};

struct RuleCheck {
  int checked = 0;  // checks made (one rule on one row, column or cell)
  std::vector<BrokenRule> broken;
  void add(const RuleCheck& other);
};

// The name of a cell: the table's key, the row's key and the column's key
// ("applications.new.person", "legacy.requests.total.year"); a table's only data row has no key
// of its own ("appeals.reconsideration.upheld"); a subtotal row (a heading given figures) is named
// after its first sub-row ("applications.withheld.person").
std::string cell_name(const Table& t, size_t row, size_t column);

// Section 三 (applications) and 四 (appeals) of the national template; `previous` is last year's
// section 三, for the carry-over rule (cells named "previous.applications.carried-out.…").
RuleCheck check_national_rules(const Table& applications, const Table& appeals, const Table* previous);
// The legacy table, both columns.
RuleCheck check_legacy_rules(const Table& legacy);

}  // namespace gongkai::report
