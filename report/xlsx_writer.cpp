#include "report/xlsx_writer.h"

#include <xlsxwriter.h>

#include <algorithm>

#include "engine/errors.h"
#include "report/display_width.h"

namespace gongkai::report {
namespace {

struct Formats {
  lxw_format* title;
  lxw_format* subtitle;
  lxw_format* table_title;
  lxw_format* header;
  lxw_format* number;
  lxw_format* note;
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
  f.subtitle = workbook_add_format(wb);
  format_set_align(f.subtitle, LXW_ALIGN_LEFT);
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
  f.note = workbook_add_format(wb);
  format_set_text_wrap(f.note);
  format_set_align(f.note, LXW_ALIGN_VERTICAL_TOP);
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

// The worksheet a table is printed on: each of the national tables on a page of its own, as in
// the annual report's annexe.
std::string sheet_name(const Table& t) {
  if (t.key == "applications") return "三、申请情况";
  if (t.key == "appeals") return "四、复议诉讼";
  return "统计表";
}

// One worksheet: the document's title, who files it for which year, the table under its title
// with the form's header block, and (on the first sheet) the notes; set up to print on one A4 page.
void write_sheet(lxw_workbook* wb, const Formats& f, const Report& r, const Table& t, bool with_notes) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name(t).c_str());
  // Section 四 has no row labels (one row, as on the form): its figures start in column A.
  const int first = t.has_label_column() ? 0 : 1;
  const int width = static_cast<int>(t.columns.size()) + 1 - first;  // sheet columns used
  const lxw_col_t last_col = static_cast<lxw_col_t>(width - 1);
  auto col_of = [&](int grid) { return static_cast<lxw_col_t>(grid - first); };

  if (first == 0) {
    int label_width = 24;
    for (const auto& row : t.rows) label_width = std::max(label_width, display_width(row.label) + 2 * row.level + 2);
    worksheet_set_column(ws, 0, 0, std::min(label_width, 50), nullptr);  // longer labels wrap
    if (width > 1) worksheet_set_column(ws, 1, last_col, 10, nullptr);
  } else {
    worksheet_set_column(ws, 0, last_col, 9, nullptr);
  }

  lxw_row_t row = 0;
  auto merged = [&](lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1, const std::string& s, lxw_format* fmt) {
    if (r0 == r1 && c0 == c1) worksheet_write_string(ws, r0, c0, s.c_str(), fmt);
    else worksheet_merge_range(ws, r0, c0, r1, c1, s.c_str(), fmt);
  };
  if (!r.title.empty()) {
    merged(row, 0, row, last_col, r.title, f.title);
    worksheet_set_row(ws, row, 24, nullptr);
    ++row;
  }
  if (r.year > 0) {
    // 填报单位 and 年度, as a filed form states them (audit reads the year back from here).
    const std::string who = r.agency_name.empty() ? "全部机构合计" : r.agency_name;
    merged(row, 0, row, last_col, "填报单位：" + who + "　　年度：" + std::to_string(r.year), f.subtitle);
    ++row;
  }
  ++row;
  if (!t.title.empty() && t.title != r.title) {
    merged(row, 0, row, last_col, t.title, f.table_title);
    ++row;
  }
  const lxw_row_t header_top = row;
  for (const auto& h : t.header_cells()) {
    if (h.col + h.cols <= first) continue;  // the empty corner of a table without labels
    merged(row + h.row, col_of(std::max(h.col, first)), row + h.row + h.rows - 1, col_of(h.col + h.cols - 1), h.label,
           f.header);
  }
  row += t.header_height();
  for (const auto& rw : t.rows) {
    if (first == 0) {
      size_t level = std::min<size_t>(rw.level, f.label.size() - 1);
      worksheet_write_string(ws, row, 0, rw.label.c_str(), rw.heading() ? f.heading_label[level] : f.label[level]);
    }
    for (size_t i = 0; i < t.columns.size(); ++i) {
      const lxw_col_t c = col_of(static_cast<int>(i) + 1);
      if (i < rw.cells.size()) worksheet_write_number(ws, row, c, static_cast<double>(rw.cells[i]), f.number);
      else worksheet_write_blank(ws, row, c, f.number);
    }
    ++row;
  }
  lxw_row_t last_row = row - 1;
  if (with_notes && !r.notes.empty()) {
    ++row;
    for (const auto& n : r.notes) {
      merged(row, 0, row, last_col, "注：" + n, f.note);
      worksheet_set_row(ws, row, 30, nullptr);
      last_row = row++;
    }
  }

  // One A4 page: landscape for the wide national tables, the header rows repeated should a
  // printer still need a second page.
  worksheet_set_paper(ws, 9);
  if (width > 4) worksheet_set_landscape(ws);
  else worksheet_set_portrait(ws);
  worksheet_print_area(ws, 0, 0, last_row, last_col);
  worksheet_repeat_rows(ws, header_top, header_top + static_cast<lxw_row_t>(t.header_height()) - 1);
  worksheet_fit_to_pages(ws, 1, 1);
  worksheet_center_horizontally(ws);
}

}  // namespace

void write_xlsx(const Report& r, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) throw UsageError("cannot write the workbook '" + path + "'");
  Formats f = make_formats(wb);
  for (size_t i = 0; i < r.tables.size(); ++i) write_sheet(wb, f, r, r.tables[i], i == 0);
  if (r.tables.empty()) workbook_add_worksheet(wb, nullptr);

  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR)
    throw UsageError("cannot write the workbook '" + path + "': " + lxw_strerror(err));
}

}  // namespace gongkai::report
