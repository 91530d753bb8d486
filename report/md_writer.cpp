#include "report/md_writer.h"

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

}  // namespace

void write_md(const Report& r, std::ostream& out) {
  if (!r.title.empty()) out << "## " << cell(r.title) << "\n\n";
  for (const auto& t : r.tables) {
    if (!t.title.empty() && t.title != r.title) out << "### " << cell(t.title) << "\n\n";
    out << "| " << cell(t.corner);
    for (const auto& c : t.columns) out << " | " << cell(c.label);
    out << " |\n|:---";
    for (size_t i = 0; i < t.columns.size(); ++i) out << "|---:";
    out << "|\n";
    for (const auto& row : t.rows) {
      out << "| " << indent(row.level) << cell(row.label);
      for (size_t i = 0; i < t.columns.size(); ++i)
        out << " | " << (i < row.cells.size() ? std::to_string(row.cells[i]) : std::string());
      out << " |\n";
    }
    out << "\n";
  }
  for (const auto& n : r.notes) out << "> note: " << cell(n) << "\n";
  if (!r.notes.empty()) out << "\n";
}

}  // namespace gongkai::report
