// The sum of signed-off tables: report JSON documents of one template and year — each signed off
// by an installation below, or counted from this installation's own agencies — added cell for
// cell into the report that template prints, in every format, its rules checked again.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/table.h"

namespace gongkai::report {

struct SignedPart {
  std::string source;      // whose figures, for messages: "320801 涟水县/ls"
  nlohmann::json document;  // `report --format json` of the template (warnings and notes ignored)
};

// What a sign-off keeps of a report: its JSON document (counts, the template and year, the
// agency), without warnings and notes, which the sum works out again.
nlohmann::json signed_document(const Report& r);

// template_name: national | legacy. RuleViolation naming the part when its template or year is
// not this one's, a figure is not a whole number ≥ 0, or it has a cell this template lacks (a
// newer gongkai signed it: upgrade this installation first). A cell a part lacks counts 0.
Report sum_reports(const std::string& template_name, int year, const std::vector<SignedPart>& parts);

}  // namespace gongkai::report
