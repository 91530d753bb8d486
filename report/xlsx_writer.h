// A report as an Excel workbook laid out like the official form: one worksheet, the title over
// the full width, each table's header block with its merged cells, labels verbatim (sub-rows
// indented), numbers stored as numbers.
#pragma once
#include <string>

#include "report/table.h"

namespace gongkai::report {

// UsageError when the file cannot be written.
void write_xlsx(const Report& r, const std::string& path);

}  // namespace gongkai::report
