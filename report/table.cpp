#include "report/table.h"

namespace gongkai::report {

std::vector<HeaderCell> Table::header_cells() const {
  if (!header.empty()) return header;
  std::vector<HeaderCell> out{{corner, 0, 0, 1, 1}};
  for (size_t i = 0; i < columns.size(); ++i) out.push_back({columns[i].label, 0, static_cast<int>(i) + 1, 1, 1});
  return out;
}

const Row* Table::find(std::string_view k) const {
  for (const auto& r : rows)
    if (!r.key.empty() && r.key == k) return &r;
  return nullptr;
}

int Table::column_index(std::string_view k) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].key == k) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> Table::header_path(size_t column) const {
  const int col = static_cast<int>(column) + 1;
  std::vector<std::string> path;
  auto cells = header_cells();
  for (int row = 0; row < header_height(); ++row)
    for (const auto& h : cells)
      if (h.row == row && col >= h.col && col < h.col + h.cols && (path.empty() || path.back() != h.label))
        path.push_back(h.label);
  return path;
}

bool Table::has_label_column() const {
  if (!corner.empty()) return true;
  for (const auto& r : rows)
    if (!r.label.empty()) return true;
  return false;
}

}  // namespace gongkai::report
