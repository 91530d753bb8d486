// The year-end tables' kept counts (migration 004): checking them against a recount of the cases,
// and rebuilding them from it. The database's triggers keep them; these are the auditor's tools.
#pragma once
#include <string>
#include <vector>

#include "db/session.h"

namespace gongkai::db {

struct TallyDifference {
  std::string table;  // gk_tally_…
  long long groups = 0;  // groups whose kept count differs from the recount
};
// Every tally table whose kept counts differ from a recount, in one snapshot (empty: all agree).
std::vector<TallyDifference> tally_differences(Session& s);
// Replaces every kept count with the recount, in one transaction.
void rebuild_tallies(Session& s);

}  // namespace gongkai::db
