#include "report/csv_writer.h"

#include <vector>

#include "engine/csv_writer.h"

namespace gongkai::report {

std::string csv_field(std::string_view v) {
  std::string out;
  CsvWriter::append_field(out, v);
  return out;
}

void write_csv(const Report& r, std::ostream& out, bool bom) {
  const char* eol = "\r\n";
  if (bom) out << "\xEF\xBB\xBF";
  // The document's title first when no table carries it (the national tables have their own).
  const bool titled = !r.title.empty() && !r.tables.empty() && !r.tables.front().title.empty();
  if (titled) out << csv_field(r.title) << eol;
  for (size_t ti = 0; ti < r.tables.size(); ++ti) {
    const Table& t = r.tables[ti];
    if (ti || titled) out << eol;
    out << csv_field(t.title.empty() ? r.title : t.title) << eol;
    // The header block as the form has it, one record per header row: a merged cell's label in its
    // first grid cell, the cells it covers empty; `key` over the column of row keys.
    const int width = static_cast<int>(t.columns.size()) + 1;
    for (int hr = 0; hr < t.header_height(); ++hr) {
      std::vector<std::string> fields(width);
      for (const auto& h : t.header_cells())
        if (h.row == hr && h.col < width) fields[h.col] = h.label;
      for (int c = 0; c < width; ++c) out << (c ? "," : "") << csv_field(fields[c]);
      out << ',' << (hr + 1 == t.header_height() ? "key" : "") << eol;
    }
    for (const auto& row : t.rows) {
      out << csv_field(row.label);
      for (size_t i = 0; i < t.columns.size(); ++i)
        out << ',' << (i < row.cells.size() ? std::to_string(row.cells[i]) : std::string());
      out << ',' << csv_field(row.key) << eol;
    }
  }
}

}  // namespace gongkai::report
