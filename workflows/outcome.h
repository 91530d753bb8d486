// The outcome taxonomy of domain.md §4: every closing's code, with its national-template row,
// its place among the seven categories of older reports, and its legacy-table row.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::workflows {

struct Outcome {
  std::string_view code;            // disclosed, withheld/state-secret, …
  std::string_view national_row;    // national row key in the 2021 layout (an outcome code)
  std::string_view national_label;  // its official label (2021 layout)
  std::string_view category;        // seven-category key, "" when outside the seven
  std::string_view legacy_row;      // answers.granted | answers.partial | answers.refused | answers.other
  bool regime_2008_only = false;    // already-public, not-this-agency, not-government-information
};

const std::vector<Outcome>& all_outcomes();
const Outcome* find_outcome(std::string_view code);
// Throws UsageError naming the code and listing the valid ones.
const Outcome& outcome_or_throw(std::string_view code);
// The national codes a 2019-regime clerk should use instead of a 2008-only code.
std::string_view national_replacement(std::string_view code_2008);

}  // namespace gongkai::workflows
