#include "report/table_grid.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "engine/csv_reader.h"
#include "engine/errors.h"
#include "report/legacy_template.h"
#include "report/national_template.h"

namespace gongkai::report {
namespace {

// A problem at a place of the grid ("row 7", "sheet 'S' cell C7"; "" for the file as a whole).
struct GridError : UsageError {
  GridError(const std::string& place, const std::string& problem)
      : UsageError(place.empty() ? problem : place + ": " + problem) {}
};

std::string column_name(size_t col) {
  std::string s;
  for (size_t n = col + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
  return s;
}

// A label as it is compared: without spaces (ASCII, ideographic, no-break) or quotes, full-width
// digits, colons and brackets folded, "1、" read as "1." — so that a table re-typed by hand
// matches the form's wording.
std::string norm(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    auto next_is = [&](std::string_view seq) { return s.substr(i, seq.size()) == seq; };
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const bool after_digit = !out.empty() && out.back() >= '0' && out.back() <= '9';
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'') { ++i; continue; }
    if (next_is("\u3000") || next_is("\u201C") || next_is("\u201D") || next_is("\u2018") || next_is("\u2019")) { i += 3; continue; }
    if (next_is("\u00A0")) { i += 2; continue; }
    if (next_is("\uFF1A")) { out += ':'; i += 3; continue; }
    if (c == '(') { out += "\uFF08"; ++i; continue; }
    if (c == ')') { out += "\uFF09"; ++i; continue; }
    if (after_digit && (next_is("\u3001") || next_is("\uFF0E"))) { out += '.'; i += 3; continue; }
    if (s.size() - i >= 3 && c == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBC) {
      const unsigned char d = static_cast<unsigned char>(s[i + 2]);
      if (d >= 0x90 && d <= 0x99) { out += static_cast<char>('0' + d - 0x90); i += 3; continue; }  // ０…９
    }
    out += s[i++];
  }
  return out;
}

std::string trim(std::string_view s) {
  constexpr std::string_view ideographic = "\u3000";
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
    else if (s.substr(0, 3) == ideographic) s.remove_prefix(3);
    else if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
    else if (s.size() >= 3 && s.substr(s.size() - 3) == ideographic) s.remove_suffix(3);
    else return std::string(s);
  }
}

constexpr long long kMaxFigure = 1'000'000'000'000LL;

// A figure: a whole number (a blank cell is 0). nullopt when the cell holds something else.
std::optional<long long> whole(const GridCell& c) {
  const std::string t = trim(c.text);
  if (t.empty()) return 0;
  if (c.number) {
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (end == t.c_str() || *end || !std::isfinite(v) || v != std::floor(v) || std::fabs(v) > kMaxFigure)
      return std::nullopt;
    return static_cast<long long>(v);
  }
  size_t i = t[0] == '-' || t[0] == '+' ? 1 : 0;
  if (i == t.size() || t.size() - i > 13 || t.find_first_not_of("0123456789", i) != std::string::npos)
    return std::nullopt;
  const long long v = std::stoll(t.substr(i));
  return t[0] == '-' ? -v : v;
}

bool has_figures(const GridRow& r) {
  for (size_t c = 1; c < r.cells.size(); ++c)
    if (!trim(r.cells[c].text).empty() && whole(r.cells[c])) return true;
  return false;
}

bool has_text(const GridRow& r) {
  for (const auto& c : r.cells)
    if (!trim(c.text).empty()) return true;
  return false;
}

std::string label_of(const GridRow& r) { return r.cells.empty() ? std::string() : norm(r.cells[0].text); }

std::string in_quotes(const std::string& s) {
  std::string t = trim(s);
  if (t.size() > 60) t = t.substr(0, 57) + "…";
  return "'" + t + "'";
}

// The rows of a table by their labels (normalized): the label itself; a sub-row also with its
// heading in front ("（三）不予公开1.属于国家秘密"); and the short forms offices print.
std::map<std::string, size_t> row_labels(const Table& t) {
  std::map<std::string, size_t> m;
  std::string heading;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const Row& r = t.rows[i];
    m[norm(r.label)] = i;
    if (r.level == 1 && r.heading()) heading = r.label;
    if (r.level == 2 && !heading.empty()) m[norm(heading + r.label)] = i;
    // "（二）部分公开（区分处理的…）" → "（二）部分公开"; "一、本年新收政府信息公开申请数量" → "一、本年新收".
    if (auto at = r.label.find("（区分处理"); at != std::string::npos) m[norm(r.label.substr(0, at))] = i;
    if (auto at = r.label.find("政府信息公开申请数量"); at != std::string::npos) m[norm(r.label.substr(0, at))] = i;
  }
  return m;
}

struct Found {
  size_t grid_row;
  size_t table_row;
};

class Reader {
 public:
  explicit Reader(const Grid& g) : g_(g) {}

  SubmittedTables read() {
    const std::string tmpl = which_template();
    SubmittedTables out = empty_tables(tmpl);
    out.year = find_year();
    if (tmpl == "legacy") {
      read_legacy(out.legacy);
    } else {
      read_section3(out.applications);
      read_section4(out.appeals);
    }
    // Any other row with figures is one the template does not have.
    for (size_t i = 0; i < g_.rows.size(); ++i) {
      if (used_.count(i) || !has_figures(g_.rows[i])) continue;
      const std::string label = g_.rows[i].cells.empty() ? "" : trim(g_.rows[i].cells[0].text);
      if (label.empty()) throw GridError(row_place(i), "figures without a row label");
      throw GridError(row_place(i), in_quotes(label) + " is not a row label of the " +
                                        (tmpl == "legacy" ? "legacy table" : "national template's tables"));
    }
    return out;
  }

 private:
  std::string row_place(size_t i) const {
    const GridRow& r = g_.rows[i];
    return g_.workbook ? fmt::format("sheet '{}' row {}", r.sheet, r.number) : fmt::format("row {}", r.number);
  }
  std::string place(size_t i, size_t col) const {
    const GridRow& r = g_.rows[i];
    return g_.workbook ? fmt::format("sheet '{}' cell {}{}", r.sheet, column_name(col), r.number)
                       : fmt::format("row {}", r.number);
  }

  // national-2021, national-2019 or legacy, by the row labels the first column holds.
  std::string which_template() {
    auto legacy = row_labels(empty_tables("legacy").legacy);
    auto n2021 = row_labels(empty_tables("national-2021").applications);
    auto n2019 = row_labels(empty_tables("national-2019").applications);
    int legacy_hits = 0, national_hits = 0;
    bool sub_rows_2021 = false, other_2019_with_figures = false;
    for (const auto& r : g_.rows) {
      const std::string l = label_of(r);
      if (l.empty()) continue;
      if (legacy.count(l)) ++legacy_hits;
      if (n2021.count(l) || n2019.count(l)) ++national_hits;
      if (n2021.count(l) && !n2019.count(l)) sub_rows_2021 = true;
      if (l == norm("（六）其他处理") && has_figures(r)) other_2019_with_figures = true;
    }
    if (legacy_hits == 0 && national_hits == 0)
      throw GridError("", "no row of the national or the legacy table found (row labels are read from the first "
                          "column, e.g. 一、本年新收政府信息公开申请数量)");
    if (legacy_hits > national_hits) return "legacy";
    return sub_rows_2021 || !other_2019_with_figures ? "national-2021" : "national-2019";
  }

  std::optional<int> find_year() const {
    // "年度：2024" (the 填报单位 line), else "2024年" (the title: …2024年政府信息公开工作年度报告).
    static const std::regex stated(R"(年度(?::|：)?\s*((?:19|20)\d\d))");
    static const std::regex titled(R"(((?:19|20)\d\d)年)");
    for (const auto* re : {&stated, &titled})
      for (const auto& r : g_.rows) {
        if (has_figures(r)) break;  // the title lines come before the first figures
        for (const auto& c : r.cells) {
          std::smatch m;
          if (std::regex_search(c.text, m, *re)) return std::stoi(m[1].str());
        }
      }
    return std::nullopt;
  }

  // The grid rows that hold `t`'s rows, by label; each once.
  std::vector<Found> find_rows(const Table& t, const std::set<size_t>& skip = {}) {
    const auto labels = row_labels(t);
    std::vector<Found> found;
    std::map<size_t, size_t> seen;  // table row → grid row
    for (size_t i = 0; i < g_.rows.size(); ++i) {
      if (skip.count(i)) continue;
      auto it = labels.find(label_of(g_.rows[i]));
      if (it == labels.end()) continue;
      const Row& row = t.rows[it->second];
      if (row.heading() && !has_figures(g_.rows[i])) continue;  // a heading, as the form prints it
      if (auto s = seen.find(it->second); s != seen.end())
        throw GridError(row_place(i), in_quotes(row.label) + " appears twice (also in " + row_place(s->second) + ")");
      seen[it->second] = i;
      found.push_back({i, it->second});
    }
    for (size_t k = 0; k < t.rows.size(); ++k)
      if (!t.rows[k].heading() && !seen.count(k))
        throw GridError("", "no row " + in_quotes(t.rows[k].label) + (t.title.empty() ? "" : " in " + t.title));
    return found;
  }

  // Data columns by the labels of the header rows [from, to): for each grid column, the lowest
  // label above the figures (merged cells keep their label in their first cell only).
  std::vector<int> find_columns(const Table& t, size_t from, size_t to, const std::string& what) {
    std::vector<int> grid_col(t.columns.size(), -1);
    size_t width = 0;
    for (size_t i = from; i < to; ++i) width = std::max(width, g_.rows[i].cells.size());
    for (size_t c = 1; c < width; ++c) {
      for (size_t i = to; i-- > from;) {
        const auto& cells = g_.rows[i].cells;
        if (c >= cells.size() || trim(cells[c].text).empty()) continue;
        const std::string l = norm(cells[c].text);
        for (size_t k = 0; k < t.columns.size(); ++k)
          if (norm(t.columns[k].label) == l && grid_col[k] < 0) grid_col[k] = static_cast<int>(c);
        break;
      }
    }
    for (size_t k = 0; k < t.columns.size(); ++k)
      if (grid_col[k] < 0)
        throw GridError("", what + "'s header has no column " + in_quotes(t.columns[k].label) +
                                " (column labels are read from the header rows above the figures)");
    return grid_col;
  }

  // The rows between a table's title (if the grid has it) and its first figures: its header.
  size_t header_start(const std::string& title, size_t first_data, size_t floor) const {
    if (title.empty()) return floor;
    for (size_t i = first_data; i-- > floor;)
      if (label_of(g_.rows[i]) == norm(title)) return i + 1;
    return floor;
  }

  long long figure(size_t i, int col, const std::string& row_label, const std::string& col_label) {
    const auto& cells = g_.rows[i].cells;
    if (col < 0 || static_cast<size_t>(col) >= cells.size()) return 0;
    auto v = whole(cells[col]);
    if (!v)
      throw GridError(place(i, col), in_quotes(cells[col].text) + " is not a whole number (" +
                                         (row_label.empty() ? col_label : row_label + ", " + col_label) + ")");
    if (*v > kMaxFigure || *v < -kMaxFigure) throw GridError(place(i, col), in_quotes(cells[col].text) + " is too large");
    return *v;
  }

  void fill(Table& t, const std::vector<Found>& rows, const std::vector<int>& cols) {
    for (const auto& f : rows) {
      Row& row = t.rows[f.table_row];
      if (row.heading() && row.level == 0)
        throw GridError(row_place(f.grid_row), in_quotes(row.label) + " is a heading of the form and takes no figures");
      row.cells.assign(t.columns.size(), 0);
      for (size_t k = 0; k < t.columns.size(); ++k)
        row.cells[k] = figure(f.grid_row, cols[k], row.label, t.columns[k].label);
      used_.insert(f.grid_row);
    }
  }

  static size_t first_of(const std::vector<Found>& rows) {
    size_t first = SIZE_MAX;
    for (const auto& f : rows) first = std::min(first, f.grid_row);
    return first;
  }

  void read_legacy(Table& t) {
    auto rows = find_rows(t);
    const size_t first = first_of(rows);
    // Column labels: "2018年度" (or 本年度) and 历年累计, as the source document prints them.
    std::vector<int> cols(2, -1);
    const size_t from = header_start(t.title, first, 0);
    for (size_t i = from; i < first; ++i)
      for (size_t c = 1; c < g_.rows[i].cells.size(); ++c) {
        const std::string l = norm(g_.rows[i].cells[c].text);
        if (l.size() >= 6 && l.compare(l.size() - 6, 6, "年度") == 0 && cols[0] < 0) cols[0] = static_cast<int>(c);
        if (l.find("累计") != std::string::npos && cols[1] < 0) cols[1] = static_cast<int>(c);
      }
    if (cols[0] < 0) throw GridError("", "the legacy table's header has no column 'YYYY年度' (the year's figures)");
    if (cols[1] < 0) throw GridError("", "the legacy table's header has no column '历年累计'");
    fill(t, rows, cols);
  }

  void read_section3(Table& t) {
    auto rows = find_rows(t);
    const size_t first = first_of(rows);
    auto cols = find_columns(t, header_start(t.title, first, 0), first, "section 三");
    fill(t, rows, cols);
    last_section3_ = 0;
    for (const auto& f : rows) last_section3_ = std::max(last_section3_, f.grid_row);
  }

  // Section 四: the form's one row of 15 figures under 行政复议 | 行政诉讼 (未经复议直接起诉,
  // 复议后起诉); or the three rows (行政复议, 未经复议直接起诉, 复议后起诉) of five columns that
  // gongkai printed before and some offices still type.
  void read_section4(Table& t) {
    auto find_in_row = [&](size_t i, const char* label) {
      const auto& cells = g_.rows[i].cells;
      for (size_t c = 0; c < cells.size(); ++c)
        if (norm(cells[c].text) == norm(label)) return static_cast<int>(c);
      return -1;
    };
    for (size_t r0 = last_section3_ + 1; r0 < g_.rows.size(); ++r0) {
      const int a = find_in_row(r0, "行政复议"), b = find_in_row(r0, "行政诉讼");
      if (a < 0 || b < 0 || has_figures(g_.rows[r0])) continue;
      for (size_t r1 = r0 + 1; r1 < g_.rows.size() && r1 <= r0 + 2; ++r1) {
        const int d = find_in_row(r1, "未经复议直接起诉"), e = find_in_row(r1, "复议后起诉");
        if (d < 0 || e < 0) continue;
        size_t data = r1 + 1;
        while (data < g_.rows.size() && !has_figures(g_.rows[data])) ++data;
        if (data == g_.rows.size()) throw GridError(row_place(r0), "section 四 has a header but no figures under it");
        // The result labels sit in the lowest header row; each column's group by where it starts.
        size_t labels = data - 1;
        while (labels > r1 && !has_text(g_.rows[labels])) --labels;
        std::vector<int> cols(t.columns.size(), -1);
        for (size_t c = 0; c < g_.rows[labels].cells.size(); ++c) {
          const std::string l = norm(g_.rows[labels].cells[c].text);
          const int ci = static_cast<int>(c);
          std::string group = ci >= e ? "litigation-after-reconsideration"
                              : ci >= d ? "litigation-direct"
                              : ci >= a && ci < b ? "reconsideration" : "";
          for (size_t k = 0; k < t.columns.size() && !group.empty(); ++k)
            if (t.columns[k].key.rfind(group + ".", 0) == 0 && norm(t.columns[k].label) == l && cols[k] < 0)
              cols[k] = ci;
        }
        for (size_t k = 0; k < cols.size(); ++k)
          if (cols[k] < 0)
            throw GridError("", "section 四's header has no column " + in_quotes(join(t.header_path(k))) +
                                    " (column labels are read from the header rows above the figures)");
        fill(t, {{data, 0}}, cols);
        return;
      }
    }
    read_section4_rows(t);
  }

  void read_section4_rows(Table& t) {
    // A table of the older layout, read into the form's row.
    Table rows_table;
    rows_table.title = t.title;
    rows_table.columns = {{"upheld", "结果维持"}, {"corrected", "结果纠正"}, {"other", "其他结果"},
                          {"pending", "尚未审结"}, {"total", "总计"}};
    rows_table.rows = {{"reconsideration", "行政复议", 0, {0}}, {"", "行政诉讼", 0, {}},
                       {"litigation-direct", "未经复议直接起诉", 1, {0}},
                       {"litigation-after-reconsideration", "复议后起诉", 1, {0}}};
    std::set<size_t> before;
    for (size_t i = 0; i <= last_section3_ && i < g_.rows.size(); ++i) before.insert(i);
    std::vector<Found> rows;
    try {
      rows = find_rows(rows_table, before);
    } catch (const GridError&) {
      throw GridError("", "no section 四 (行政复议、行政诉讼) found: neither the form's header 行政复议 | 行政诉讼 nor "
                          "rows labelled 行政复议, 未经复议直接起诉 and 复议后起诉");
    }
    const size_t first = first_of(rows);
    auto cols = find_columns(rows_table, header_start(t.title, first, last_section3_ + 1), first, "section 四");
    fill(rows_table, rows, cols);
    for (const auto& r : rows_table.rows) {
      if (r.key.empty()) continue;
      for (size_t k = 0; k < rows_table.columns.size(); ++k)
        t.rows.front().cells[t.column_index(r.key + "." + rows_table.columns[k].key)] = r.cells[k];
    }
  }

  static std::string join(const std::vector<std::string>& parts) {
    std::string s;
    for (const auto& p : parts) s += (s.empty() ? "" : "·") + p;
    return s;
  }

  const Grid& g_;
  std::set<size_t> used_;
  size_t last_section3_ = 0;
};

}  // namespace

std::string Grid::place(size_t row, size_t col) const {
  const GridRow& r = rows.at(row);
  return workbook ? fmt::format("sheet '{}' cell {}{}", r.sheet, column_name(col), r.number)
                  : fmt::format("row {}", r.number);
}

SubmittedTables empty_tables(const std::string& template_name) {
  SubmittedTables t;
  t.template_name = template_name;
  if (template_name == "legacy") {
    t.legacy = legacy_table(LegacyInput{});
  } else {
    t.applications = applications_table(template_name == "national-2019" ? 2020 : 2021, {});
    t.appeals = appeals_table({});
  }
  return t;
}

Grid csv_grid(const std::string& text) {
  std::istringstream in(text);
  CsvReader csv(in);
  Grid g;
  while (csv.next()) {
    GridRow r;
    r.number = csv.row();
    if (!csv.blank())
      for (size_t i = 0; i < csv.size(); ++i) r.cells.push_back({std::string(csv[i]), false});
    g.rows.push_back(std::move(r));
  }
  return g;
}

SubmittedTables tables_from_grid(const Grid& g) { return Reader(g).read(); }

}  // namespace gongkai::report
