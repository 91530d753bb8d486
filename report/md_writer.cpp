#include "report/md_writer.h"

#include <algorithm>

namespace gongkai::report {
namespace {

std::string cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string indent(int level) {
  std::string s;
  for (int i = 0; i < level; ++i) s += "\u3000";  // 　 (ideographic space): survives Markdown's trimming
  return s;
}

// A column's label in Markdown's one header row: the labels over it joined with "·"
// (行政诉讼·复议后起诉·结果维持), without a label that stands over every column (申请人情况),
// which says nothing to tell the columns apart.
std::string column_label(const Table& t, size_t column) {
  std::vector<std::string> over_all;
  for (const auto& h : t.header_cells())
    if (h.col <= 1 && h.col + h.cols >= static_cast<int>(t.columns.size()) + 1) over_all.push_back(h.label);
  std::string s;
  for (const auto& label : t.header_path(column)) {
    if (t.columns.size() > 1 && std::find(over_all.begin(), over_all.end(), label) != over_all.end()) continue;
    s += (s.empty() ? "" : "·") + label;
  }
  return s.empty() ? t.columns[column].label : s;
}

}  // namespace

void write_md(const Report& r, std::ostream& out) {
  if (!r.title.empty()) out << "## " << cell(r.title) << "\n\n";
  for (const auto& t : r.tables) {
    if (!t.title.empty() && t.title != r.title) out << "### " << cell(t.title) << "\n\n";
    // Section 四 has no row labels (one row, as on the form): no label column either.
    const bool labels = t.has_label_column();
    std::string head = labels ? "| " + cell(t.corner) + " " : "";
    std::string rule = labels ? "|:---" : "";
    for (size_t i = 0; i < t.columns.size(); ++i) {
      head += "| " + cell(column_label(t, i)) + " ";
      rule += "|---:";
    }
    out << head << "|\n" << rule << "|\n";
    for (const auto& row : t.rows) {
      std::string line = labels ? "| " + indent(row.level) + cell(row.label) + " " : "";
      for (size_t i = 0; i < t.columns.size(); ++i)
        line += "| " + (i < row.cells.size() ? std::to_string(row.cells[i]) : std::string()) + " ";
      out << line << "|\n";
    }
    out << "\n";
  }
  for (const auto& n : r.notes) out << "> 注：" << cell(n) << "\n";
  if (!r.notes.empty()) out << "\n";
}

}  // namespace gongkai::report
