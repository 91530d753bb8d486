// A report as an Excel workbook laid out like the official form: each table on a worksheet of its
// own (section 三, section 四; the legacy table), under the document's title and a 填报单位/年度
// line, with the form's header block and merged cells, labels verbatim (sub-rows indented),
// numbers stored as numbers, notes in Chinese (注：…), each sheet set up to print on one A4 page.
#pragma once
#include <string>

#include "report/table.h"

namespace gongkai::report {

// UsageError when the file cannot be written.
void write_xlsx(const Report& r, const std::string& path);

}  // namespace gongkai::report
