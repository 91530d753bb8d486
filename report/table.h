// A year-end table as a value — its title, its columns with their official labels and header
// layout (merged cells), and its rows with key, official label, indentation and cells — and a
// report as the tables one run prints, with its JSON document, warnings and notes. Every writer
// (text, csv, md, json, xlsx) lays out these values; none of them counts anything.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::report {

struct Column {
  std::string key;    // JSON key: person, upheld, year …
  std::string label;  // the official label, verbatim
};

// One cell of the header block, in grid coordinates: header row 0 is the first; grid column 0 is
// the row-label column and data column i is grid column i + 1. A cell may span rows and columns
// (merged in xlsx, centred over its columns in text).
struct HeaderCell {
  std::string label;
  int row = 0, col = 0, rows = 1, cols = 1;
};

struct Row {
  std::string key;    // JSON key; "" for a heading row, and for a table's only data row (section 四)
  std::string label;  // the official label, verbatim ("" for section 四's one row)
  int level = 0;      // indentation under the row above
  std::vector<long long> cells;  // one per column; empty for a heading row (a label only)
  bool heading() const { return cells.empty(); }
};

struct Table {
  std::string key;     // applications, appeals, legacy
  std::string title;   // 三、收到和处理政府信息公开申请情况 …
  std::string corner;  // the header of the row-label column
  std::vector<Column> columns;
  int header_rows = 1;
  std::vector<HeaderCell> header;  // empty: one header row, the corner then each column's label
  std::vector<Row> rows;

  // The header block as cells: `header`, or the default single row.
  std::vector<HeaderCell> header_cells() const;
  int header_height() const { return header.empty() ? 1 : header_rows; }
  // The row with that key (nullptr if none).
  const Row* find(std::string_view key) const;
  int column_index(std::string_view key) const;  // -1 if none
  // The labels of the header cells over data column `column`, top to bottom (the corner's
  // column excluded): {"行政诉讼", "复议后起诉", "结果维持"}.
  std::vector<std::string> header_path(size_t column) const;
  // Whether the table has row labels to show: not section 四 (one unlabelled row, like the form).
  bool has_label_column() const;
};

struct Report {
  std::string title;  // the document's title, e.g. 连江县人民政府2018年政府信息公开情况统计表
  std::string agency_name;  // 填报单位 ("" = all agencies together)
  int year = 0;             // 年度
  std::vector<Table> tables;
  std::vector<std::string> warnings;  // broken invariants, one sentence each
  std::vector<std::string> notes;     // remarks that are not errors (2008-rule codes counted …)
  nlohmann::json json;                // the template's JSON document (shared/spec/interface.md)
};

}  // namespace gongkai::report
