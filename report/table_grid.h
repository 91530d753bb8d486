// A submitted table as a spreadsheet shows it — rows of cells, text or numbers — read from a CSV
// file or the worksheets of an XLSX workbook, and mapped back onto the year-end tables by their
// official labels: row labels in the first column, column labels in the header rows above.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "report/table.h"

namespace gongkai::report {

struct GridCell {
  std::string text;
  bool number = false;  // stored as a number (XLSX); CSV cells are all text
};

struct GridRow {
  std::string sheet;     // the worksheet (XLSX), "" for CSV
  size_t number = 0;     // the row as the spreadsheet numbers it (1-based)
  std::vector<GridCell> cells;
};

struct Grid {
  bool workbook = false;  // XLSX: cells are named "sheet 'S' cell C7"; CSV: "row 7"
  std::vector<GridRow> rows;
  // How a message names a place: "row 7" or "sheet '三、申请情况' cell B7".
  std::string place(size_t row, size_t col) const;
};

// The tables a submitted file holds, in gongkai's own table values (report/national_template.h,
// report/legacy_template.h) so that the report's own rules check them.
struct SubmittedTables {
  std::string template_name;  // national-2019 | national-2021 | legacy
  std::optional<int> year;
  Table applications, appeals;  // national
  Table legacy;                 // legacy
  bool national() const { return template_name != "legacy"; }
};

// Empty tables of a template, with every row of its layout and zero figures.
SubmittedTables empty_tables(const std::string& template_name);

// The CSV text (UTF-8) as a grid. UsageError "row N: …" for malformed CSV.
Grid csv_grid(const std::string& text);
// The tables the grid shows. UsageError "PLACE: …" naming what does not read: a figure that is
// not a whole number, a row label the template does not have, a row or column missing.
SubmittedTables tables_from_grid(const Grid& g);

}  // namespace gongkai::report
