// A report as Markdown: each table under a heading, one header row of the column labels (a
// multi-row header flattened: 行政诉讼·复议后起诉·结果维持), numbers right-aligned, sub-rows indented
// with ideographic spaces (as the printed form does), the notes as quotes (注：…).
#pragma once
#include <ostream>

#include "report/table.h"

namespace gongkai::report {

void write_md(const Report& r, std::ostream& out);

}  // namespace gongkai::report
