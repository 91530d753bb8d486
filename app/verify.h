// The auditor's check of the record: every case's history replayed and compared with its whole
// stored row, every hash chain recomputed, the report counts recounted; and chain heads kept
// elsewhere, so that even a rewrite that recomputed the hashes (by the tables' owner) is named.
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/context.h"
#include "db/audit_store.h"
#include "db/tally_store.h"

namespace gongkai::app {

struct VerifyRequest {
  bool repair_tallies = false;  // replace differing report counts with a recount (cases untouched)
  std::string heads_out;        // write every case's chain head to this file
  std::string against;          // compare with the heads in this file
  std::function<void(const std::string&)> on_problem;  // each problem as it is found, one line
};

struct VerifyResult {
  size_t cases = 0;
  std::vector<std::string> corrupt;  // cases whose history does not replay to their stored row
  std::vector<db::ChainBreak> chain_breaks;
  std::vector<db::TallyDifference> tallies;
  bool tallies_repaired = false;
  size_t heads_written = 0;
  bool heads_checked = false;
  size_t heads_kept = 0;
  std::vector<db::HeadMismatch> heads_differing;
  bool ok() const;
};

// Admins (the heads: the installation's administrator). Problems are reported, never mended —
// except the report counts with repair_tallies.
VerifyResult verify(Context& ctx, const VerifyRequest& r);
nlohmann::json verify_json(const VerifyResult& v);

}  // namespace gongkai::app
