#include "report/text_writer.h"

#include <algorithm>
#include <numeric>

#include "report/display_width.h"

namespace gongkai::report {
namespace {

constexpr int kGap = 2;  // spaces between columns

std::string indented(const Row& r) { return std::string(2 * r.level, ' ') + r.label; }

std::string centred(std::string_view s, int width) {
  int pad = width - display_width(s);
  if (pad <= 0) return std::string(s);
  return std::string(pad / 2, ' ') + std::string(s) + std::string(pad - pad / 2, ' ');
}

}  // namespace

void write_text_table(const Table& t, std::ostream& out) {
  const int n = static_cast<int>(t.columns.size()) + 1;  // grid columns, label column first
  const int first = t.has_label_column() ? 0 : 1;         // section 四 has no labels to show
  std::vector<int> width(n, 0);
  const auto header = t.header_cells();
  for (const auto& r : t.rows) {
    width[0] = std::max(width[0], display_width(indented(r)));
    for (size_t i = 0; i < r.cells.size() && i + 1 < width.size(); ++i)
      width[i + 1] = std::max(width[i + 1], static_cast<int>(std::to_string(r.cells[i]).size()));
  }
  for (const auto& h : header)
    if (h.cols == 1) width[h.col] = std::max(width[h.col], display_width(h.label));
  // A merged cell wider than the columns under it widens them, the extra shared out evenly.
  for (const auto& h : header) {
    if (h.cols == 1) continue;
    int span = kGap * (h.cols - 1);
    for (int c = h.col; c < h.col + h.cols; ++c) span += width[c];
    for (int extra = display_width(h.label) - span, c = h.col; extra > 0; --extra, c = (c + 1 - h.col) % h.cols + h.col)
      ++width[c];
  }
  auto span_width = [&](int col, int cols) {
    int w = kGap * (cols - 1);
    for (int c = col; c < col + cols; ++c) w += width[c];
    return w;
  };
  const int total = span_width(first, n - first);

  if (!t.title.empty()) out << t.title << "\n";
  for (int row = 0; row < t.header_height(); ++row) {
    std::string line;
    for (int c = first; c < n;) {
      const HeaderCell* starts = nullptr;
      const HeaderCell* covers = nullptr;
      for (const auto& h : header) {
        if (c < h.col || c >= h.col + h.cols || row < h.row || row >= h.row + h.rows) continue;
        covers = &h;
        if (h.row == row && h.col == c) starts = &h;
      }
      int cols = covers ? covers->cols - (c - covers->col) : 1;
      int w = span_width(c, cols);
      if (c > first) line += std::string(kGap, ' ');
      if (starts) line += c == 0 ? pad_right(starts->label, w) : centred(starts->label, w);
      else line += std::string(w, ' ');
      c += cols;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
  out << std::string(total, '-') << "\n";
  for (const auto& r : t.rows) {
    std::string line = first == 0 ? pad_right(indented(r), width[0]) : std::string();
    for (size_t i = 0; i < r.cells.size() && i + 1 < width.size(); ++i)
      line += (i == 0 && first == 1 ? std::string() : std::string(kGap, ' ')) +
              pad_left(std::to_string(r.cells[i]), width[i + 1]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

void write_text(const Report& r, std::ostream& out) {
  if (!r.title.empty()) out << r.title << "\n\n";
  for (size_t i = 0; i < r.tables.size(); ++i) {
    if (i) out << "\n";
    write_text_table(r.tables[i], out);
  }
  if (!r.notes.empty()) out << "\n";
  for (const auto& n : r.notes) out << "注：" << n << "\n";
}

}  // namespace gongkai::report
