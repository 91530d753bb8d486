// The national template's sections 三 and 四 (domain.md §5): their layouts (2019: report years up
// to 2020, one 其他处理 row; 2021: later years, three), their official labels, and the tables
// built from what the database counted — grouped counts, never single cases.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "report/table.h"

namespace gongkai::report {

// The cases of one applicant type and one closing (closed_kind answered|withdrawn and outcome
// code; both empty for a case still open at the end of the year), with how many of them count in
// each part of section 三 for the report year.
struct ApplicationGroup {
  std::string applicant_type, closed_kind, outcome;
  long long received_in_year = 0;  // 一、本年新收
  long long carried_in = 0;        // 二、上年结转
  long long closed_in_year = 0;    // 三、本年度办理结果 (the row of its outcome)
  long long carried_out = 0;       // 四、结转下年度继续办理
};

// Appeals filed in the report year, by kind (reconsideration, litigation-direct,
// litigation-after-reconsideration) and result as of the year's last day (upheld, corrected,
// other, pending).
struct AppealGroup {
  std::string kind, result;
  long long filed = 0;
};

struct NationalInput {
  int year = 0;
  std::string agency, agency_name;  // "" = all agencies
  std::vector<ApplicationGroup> applications;
  std::vector<AppealGroup> appeals;
  // The previous year's groups, for the carry-over check (this year's 上年结转 = last year's 结转下年度).
  std::optional<std::vector<ApplicationGroup>> previous_year;
};

// national-2019 for report years up to 2020, national-2021 after.
std::string national_template_name(int year);
// The section 三 row key a closing counts under in that year's layout: an outcome row's key, or
// "" for a code no row takes. A withdrawal counts as other/other (2019 layout: other).
std::string national_row_key(int year, const std::string& closed_kind, const std::string& outcome);
// Every data row key of section 三 in that year's layout, in order (new … carried-out).
std::vector<std::string> national_row_keys(int year);

Table applications_table(int year, const std::vector<ApplicationGroup>& groups);
Table appeals_table(const std::vector<AppealGroup>& groups);
// Both tables, the JSON document, the invariants' warnings and the notes on 2008-rule codes.
Report national_report(const NationalInput& in);

}  // namespace gongkai::report
