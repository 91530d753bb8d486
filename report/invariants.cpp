#include "report/invariants.h"

#include "report/table_rules.h"

namespace gongkai::report {
namespace {

std::vector<std::string> messages(const RuleCheck& c) {
  std::vector<std::string> w;
  for (const auto& b : c.broken) w.push_back(b.message);
  return w;
}

}  // namespace

std::vector<std::string> check_national(const Table& apps, const Table& appeals, const Table* previous) {
  return messages(check_national_rules(apps, appeals, previous));
}

std::vector<std::string> check_legacy(const Table& t) { return messages(check_legacy_rules(t)); }

}  // namespace gongkai::report
