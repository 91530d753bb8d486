#include "report/xlsx_writer.h"

#include <xlsxwriter.h>

#include <algorithm>

#include "engine/errors.h"
#include "report/display_width.h"

namespace gongkai::report {
namespace {

struct Formats {
  lxw_format* title;
  lxw_format* table_title;
  lxw_format* header;
  lxw_format* number;
  std::vector<lxw_format*> label;  // by indentation level
  std::vector<lxw_format*> heading_label;
};

Formats make_formats(lxw_workbook* wb) {
  Formats f{};
  f.title = workbook_add_format(wb);
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  format_set_align(f.title, LXW_ALIGN_CENTER);
  format_set_align(f.title, LXW_ALIGN_VERTICAL_CENTER);
  f.table_title = workbook_add_format(wb);
  format_set_bold(f.table_title);
  f.header = workbook_add_format(wb);
  format_set_border(f.header, LXW_BORDER_THIN);
  format_set_align(f.header, LXW_ALIGN_CENTER);
  format_set_align(f.header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap(f.header);
  f.number = workbook_add_format(wb);
  format_set_border(f.number, LXW_BORDER_THIN);
  format_set_num_format(f.number, "0");
  for (int level = 0; level < 4; ++level) {
    for (auto* list : {&f.label, &f.heading_label}) {
      lxw_format* x = workbook_add_format(wb);
      format_set_border(x, LXW_BORDER_THIN);
      format_set_text_wrap(x);
      format_set_align(x, LXW_ALIGN_VERTICAL_CENTER);
      if (level) format_set_indent(x, static_cast<uint8_t>(level));
      if (list == &f.heading_label) format_set_bold(x);
      list->push_back(x);
    }
  }
  return f;
}

}  // namespace

void write_xlsx(const Report& r, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) throw UsageError("cannot write the workbook '" + path + "'");
  lxw_worksheet* ws = workbook_add_worksheet(wb, "统计表");
  Formats f = make_formats(wb);

  int width = 1;  // grid columns of the widest table
  int label_width = 20;
  for (const auto& t : r.tables) {
    width = std::max(width, static_cast<int>(t.columns.size()) + 1);
    for (const auto& row : t.rows) label_width = std::max(label_width, display_width(row.label) + 2 * row.level + 2);
  }
  worksheet_set_column(ws, 0, 0, std::min(label_width, 70), nullptr);
  if (width > 1) worksheet_set_column(ws, 1, static_cast<lxw_col_t>(width - 1), 12, nullptr);

  lxw_row_t row = 0;
  auto merged = [&](lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1, const std::string& s, lxw_format* fmt) {
    if (r0 == r1 && c0 == c1) worksheet_write_string(ws, r0, c0, s.c_str(), fmt);
    else worksheet_merge_range(ws, r0, c0, r1, c1, s.c_str(), fmt);
  };
  if (!r.title.empty()) {
    merged(row, 0, row, static_cast<lxw_col_t>(width - 1), r.title, f.title);
    worksheet_set_row(ws, row, 24, nullptr);
    row += 2;
  }
  for (const auto& t : r.tables) {
    if (!t.title.empty() && t.title != r.title) {
      merged(row, 0, row, static_cast<lxw_col_t>(t.columns.size()), t.title, f.table_title);
      ++row;
    }
    for (const auto& h : t.header_cells())
      merged(row + h.row, static_cast<lxw_col_t>(h.col), row + h.row + h.rows - 1,
             static_cast<lxw_col_t>(h.col + h.cols - 1), h.label, f.header);
    row += t.header_height();
    for (const auto& rw : t.rows) {
      size_t level = std::min<size_t>(rw.level, f.label.size() - 1);
      worksheet_write_string(ws, row, 0, rw.label.c_str(), rw.heading() ? f.heading_label[level] : f.label[level]);
      for (size_t i = 0; i < t.columns.size(); ++i) {
        if (i < rw.cells.size())
          worksheet_write_number(ws, row, static_cast<lxw_col_t>(i + 1), static_cast<double>(rw.cells[i]), f.number);
        else
          worksheet_write_blank(ws, row, static_cast<lxw_col_t>(i + 1), f.number);
      }
      ++row;
    }
    ++row;
  }
  for (const auto& n : r.notes) worksheet_write_string(ws, row++, 0, ("note: " + n).c_str(), nullptr);

  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR)
    throw UsageError("cannot write the workbook '" + path + "': " + lxw_strerror(err));
}

}  // namespace gongkai::report
