// A report as Markdown: each table under a heading, one header row of the column labels,
// numbers right-aligned, sub-rows indented with ideographic spaces (as the printed form does).
#pragma once
#include <ostream>

#include "report/table.h"

namespace gongkai::report {

void write_md(const Report& r, std::ostream& out);

}  // namespace gongkai::report
