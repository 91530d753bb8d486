// Reading an XLSX workbook back as a grid of cells (report/table_grid.h): the ZIP package
// (engine/zip_reader.h), the shared strings and every worksheet in the workbook's order, parsed
// with expat — cell values only (shared, inline and formula strings, numbers), no styles.
#pragma once
#include <string>

#include "report/table_grid.h"

namespace gongkai::report {

// The worksheets of the workbook `bytes`, one after the other, as one grid. UsageError (ZipError)
// when it is not a readable XLSX package: not a ZIP, truncated, no workbook, malformed XML.
Grid xlsx_grid(const std::string& bytes);

}  // namespace gongkai::report
