// The source document's yearly statistics table (domain.md §5, "legacy"): its rows and official
// labels, the keys hand-entered figures and baselines may use, and the table built from what the
// database counted — cases grouped by channel, agency kind and closing, plus events and figures.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "report/table.h"

namespace gongkai::report {

// Cases of one channel, agency kind and closing (closed_kind and outcome, "" while open), counted
// for the year column (in Y) and the cumulative column (from the agency's baseline year through Y).
struct LegacyCaseGroup {
  std::string channel, agency_kind, closed_kind, outcome;
  long long received_year = 0, received_cumulative = 0;
  long long closed_year = 0, closed_cumulative = 0;
  long long reconsiderations_year = 0, reconsiderations_cumulative = 0;  // filed
  long long litigations_year = 0, litigations_cumulative = 0;            // filed
};

struct BaselineUsed {
  std::string agency;
  int before = 0;
};

struct LegacyInput {
  int year = 0;
  std::string agency, agency_name;  // "" = all agencies
  std::vector<LegacyCaseGroup> cases;
  long long complaints_year = 0, complaints_cumulative = 0;  // complaint-filed events
  std::map<std::string, long long> figures_year;        // hand-entered figures of year Y, by legacy key
  std::map<std::string, long long> figures_cumulative;  // of the years from each agency's baseline year through Y
  std::map<std::string, long long> baseline;            // the opening totals that apply (one per agency)
  std::vector<BaselineUsed> baselines_used;
};

struct LegacyRowDef {
  std::string key, label;
  int level;
};
const std::vector<LegacyRowDef>& legacy_rows();
bool is_legacy_key(std::string_view key);
// UsageError naming the key and listing the valid ones.
void check_legacy_key(std::string_view key);

Table legacy_table(const LegacyInput& in);
// The table, the JSON document (rows, categories, requests.by-kind), warnings and notes.
Report legacy_report(const LegacyInput& in);

}  // namespace gongkai::report
