#include "report/csv_writer.h"

#include "engine/csv_writer.h"

namespace gongkai::report {

std::string csv_field(std::string_view v) {
  std::string out;
  CsvWriter::append_field(out, v);
  return out;
}

void write_csv(const Report& r, std::ostream& out) {
  const char* eol = "\r\n";
  for (size_t ti = 0; ti < r.tables.size(); ++ti) {
    const Table& t = r.tables[ti];
    if (ti) out << eol;
    out << csv_field(t.title.empty() ? r.title : t.title) << eol;
    out << csv_field(t.corner);
    for (const auto& c : t.columns) out << ',' << csv_field(c.label);
    out << ",key" << eol;
    for (const auto& row : t.rows) {
      out << csv_field(row.label);
      for (size_t i = 0; i < t.columns.size(); ++i)
        out << ',' << (i < row.cells.size() ? std::to_string(row.cells[i]) : std::string());
      out << ',' << csv_field(row.key) << eol;
    }
  }
}

}  // namespace gongkai::report
