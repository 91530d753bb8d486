// The year-end counts, made by PostgreSQL: a few aggregate statements over the cases of an
// agency's subtree (db/sql/report_*.sql), read in one snapshot and returned as the grouped
// counts that report/ turns into tables. No case is looked at one by one.
#pragma once
#include <string>

#include "db/session.h"
#include "report/legacy_template.h"
#include "report/national_template.h"

namespace gongkai::db {

// Section 三 for the year and the year before (for the carry-over check) and section 四.
// `agency` "" = all agencies; the names are left for the caller.
report::NationalInput count_national(Session& s, const std::string& agency, int year);
// Cases, complaint events, hand-entered figures and the baselines that apply.
report::LegacyInput count_legacy(Session& s, const std::string& agency, int year);

}  // namespace gongkai::db
