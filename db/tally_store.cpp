#include "db/tally_store.h"

#include "db/pg_session.h"

namespace gongkai::db {

std::vector<TallyDifference> tally_differences(Session& s) {
  auto& impl = s.impl();
  impl.prepare("tally_differences.sql");
  Snapshot tx(impl);
  std::vector<TallyDifference> out;
  for (const auto& row : tx->exec_prepared("tally_differences.sql")) {
    long long n = row["differing"].as<long long>();
    if (n != 0) out.push_back({row["tally"].c_str(), n});
  }
  tx.commit();
  return out;
}

void rebuild_tallies(Session& s) {
  translated([&] {
    Work tx(s.impl());
    tx->exec("select gk_tally_rebuild()");
    tx.commit();
  });
}

}  // namespace gongkai::db
