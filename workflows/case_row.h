// The case row (gk_case): what the database keeps of a case for lists, reports and indexes, all
// of it projected from the replayed history. Its columns are listed here once; every writer
// (receive, event, import, calendar) and verify's comparison derive from this list.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "workflows/disclosure_case.h"

namespace gongkai::workflows {

struct CaseRowColumn {
  std::string_view name;  // the column of gk_case (personal ones: of gk_case_personal; agency: its code)
  bool fact;              // from the receipt: the same whatever happens later
  bool personal;          // the applicant's personal data, kept apart and shown only to its handlers
  // The value as the database holds it: null, text (dates as YYYY-MM-DD), a boolean or a number.
  nlohmann::json (*value)(const CaseFacts& f, const CaseSnapshot& s);
};

// Facts first (regime … contact), then the projection (state … event_count) in the order the
// import's staging table and case_row_params take them.
const std::vector<CaseRowColumn>& case_row_columns();

// Whether a `received` event's detail (or a case-row column) of that name is personal data.
bool is_personal_key(std::string_view key);

// {column: value} of every column.
nlohmann::json case_row(const CaseFacts& f, const CaseSnapshot& s);
inline nlohmann::json case_row(const DisclosureCase& c) { return case_row(c.facts(), c.snapshot()); }

// The columns whose stored value (as the database gives it, e.g. from to_jsonb) differs from the
// projection, each as "column: stored X, replayed Y". Columns absent from `stored` are skipped.
std::vector<std::string> case_row_differences(const nlohmann::json& stored, const nlohmann::json& projected);

}  // namespace gongkai::workflows
