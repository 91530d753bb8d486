#include "report/table_rules.h"

#include <fmt/format.h>

#include <set>

namespace gongkai::report {
namespace {

const std::set<std::string>& not_outcomes() {
  static const std::set<std::string> s = {"new", "carried-in", "total", "carried-out"};
  return s;
}

// A heading of the form given figures (a re-typed table may print 小计 there).
bool is_subtotal(const Row& r) { return r.key.empty() && !r.heading(); }

// The rows under row i one level deeper, up to the next row at its level or above.
std::vector<size_t> children(const Table& t, size_t i) {
  std::vector<size_t> out;
  for (size_t j = i + 1; j < t.rows.size() && t.rows[j].level > t.rows[i].level; ++j)
    if (t.rows[j].level == t.rows[i].level + 1) out.push_back(j);
  return out;
}

// A row's label as the form prints it, a sub-row with the heading it sits under:
// "（四）无法提供 1.本机关不掌握相关政府信息".
std::string row_label(const Table& t, size_t i) {
  const Row& r = t.rows[i];
  if (r.level < 2) return r.label;
  for (size_t j = i; j-- > 0;)
    if (t.rows[j].level == r.level - 1) return t.rows[j].label + " " + r.label;
  return r.label;
}

long long at(const Table& t, size_t row, size_t col) {
  const auto& c = t.rows[row].cells;
  return col < c.size() ? c[col] : 0;
}

int index_of(const Table& t, const char* key) {
  for (size_t i = 0; i < t.rows.size(); ++i)
    if (t.rows[i].key == key && !t.rows[i].heading()) return static_cast<int>(i);
  return -1;
}

// "a 1 + b 2 = 3" over (label, value) parts; `sum` gets the sum.
std::string sum_text(const std::vector<std::pair<std::string, long long>>& parts, long long* sum) {
  std::string s;
  *sum = 0;
  for (const auto& [label, v] : parts) {
    s += (s.empty() ? "" : " + ") + label + " " + std::to_string(v);
    *sum += v;
  }
  return s + " = " + std::to_string(*sum);
}

struct Checker {
  RuleCheck out;
  void check(bool holds, const char* rule, std::vector<std::string> cells, const std::string& where,
             const std::string& figures) {
    ++out.checked;
    if (!holds) out.broken.push_back({rule, std::move(cells), fmt::format("{}: {}: {}", rule, where, figures)});
  }
};

// A column's header labels joined: "行政诉讼·复议后起诉·结果维持".
std::string join_path(const Table& t, size_t column) {
  std::string s;
  for (const auto& p : t.header_path(column)) s += (s.empty() ? "" : "·") + p;
  return s;
}

void check_not_negative(const Table& t, Checker& c) {
  for (size_t i = 0; i < t.rows.size(); ++i)
    for (size_t col = 0; col < t.rows[i].cells.size() && col < t.columns.size(); ++col) {
      const long long v = at(t, i, col);
      std::string where = t.rows[i].label.empty() ? join_path(t, col) : row_label(t, i) + ": " + t.columns[col].label;
      c.check(v >= 0, rule::not_negative, {cell_name(t, i, col)}, where, std::to_string(v));
    }
}

}  // namespace

void RuleCheck::add(const RuleCheck& other) {
  checked += other.checked;
  broken.insert(broken.end(), other.broken.begin(), other.broken.end());
}

std::string cell_name(const Table& t, size_t row, size_t column) {
  const Row& r = t.rows[row];
  std::string key = r.key;
  if (key.empty()) {
    // The subtotal of a heading: named after its first sub-row's group (withheld/… → withheld).
    auto kids = children(t, row);
    if (!kids.empty()) {
      key = t.rows[kids.front()].key;
      key = key.substr(0, key.find('/'));
    }
  }
  return t.key + "." + (key.empty() ? "" : key + ".") + t.columns[column].key;
}

RuleCheck check_national_rules(const Table& apps, const Table& appeals, const Table* previous) {
  Checker c;
  const size_t ncols = apps.columns.size(), total_col = ncols - 1;

  // Every row's 总计 = its six columns.
  for (size_t i = 0; i < apps.rows.size(); ++i) {
    if (apps.rows[i].heading()) continue;
    std::vector<std::pair<std::string, long long>> parts;
    std::vector<std::string> cells;
    for (size_t col = 0; col < total_col; ++col) {
      parts.push_back({apps.columns[col].label, at(apps, i, col)});
      cells.push_back(cell_name(apps, i, col));
    }
    cells.push_back(cell_name(apps, i, total_col));
    long long sum = 0;
    std::string text = sum_text(parts, &sum);
    c.check(sum == at(apps, i, total_col), rule::row_total, cells, row_label(apps, i),
            fmt::format("{}, but {} {}", text, apps.columns[total_col].label, at(apps, i, total_col)));
  }

  const int row_new = index_of(apps, "new"), row_in = index_of(apps, "carried-in");
  const int row_total = index_of(apps, "total"), row_out = index_of(apps, "carried-out");
  for (size_t col = 0; col < ncols; ++col) {
    const std::string& label = apps.columns[col].label;
    if (row_new >= 0 && row_in >= 0 && row_total >= 0 && row_out >= 0) {
      const long long n = at(apps, row_new, col), in = at(apps, row_in, col);
      const long long t = at(apps, row_total, col), out = at(apps, row_out, col);
      c.check(n + in == t + out, rule::balance,
              {cell_name(apps, row_new, col), cell_name(apps, row_in, col), cell_name(apps, row_total, col),
               cell_name(apps, row_out, col)},
              label,
              fmt::format("一、本年新收 {} + 二、上年结转 {} = {}, but （七）总计 {} + 四、结转下年度继续办理 {} = {}", n, in,
                          n + in, t, out, t + out));
    }
    if (row_total >= 0) {
      long long sum = 0;
      std::vector<std::string> cells = {cell_name(apps, row_total, col)};
      for (size_t i = 0; i < apps.rows.size(); ++i) {
        const Row& r = apps.rows[i];
        if (r.heading() || is_subtotal(r) || not_outcomes().count(r.key)) continue;
        sum += at(apps, i, col);
        cells.push_back(cell_name(apps, i, col));
      }
      c.check(sum == at(apps, row_total, col), rule::outcomes_total, cells, label,
              fmt::format("（七）总计 {}, but the outcome rows add up to {}", at(apps, row_total, col), sum));
    }
  }

  // Figures a re-typed table gives in a heading row (（三）不予公开 …): the sum of the rows under it.
  for (size_t i = 0; i < apps.rows.size(); ++i) {
    if (!is_subtotal(apps.rows[i])) continue;
    auto kids = children(apps, i);
    for (size_t col = 0; col < ncols; ++col) {
      std::vector<std::pair<std::string, long long>> parts;
      std::vector<std::string> cells = {cell_name(apps, i, col)};
      for (size_t k : kids) {
        parts.push_back({apps.rows[k].label, at(apps, k, col)});
        cells.push_back(cell_name(apps, k, col));
      }
      long long sum = 0;
      std::string text = sum_text(parts, &sum);
      c.check(sum == at(apps, i, col), rule::subtotal, cells, apps.rows[i].label + ": " + apps.columns[col].label,
              fmt::format("{}, but the subtotal is {}", text, at(apps, i, col)));
    }
  }

  if (previous) {
    const int prev_out = index_of(*previous, "carried-out");
    for (size_t col = 0; col < ncols && prev_out >= 0 && row_in >= 0; ++col) {
      const long long now = at(apps, row_in, col), before = at(*previous, prev_out, col);
      c.check(now == before, rule::carry_over,
              {cell_name(apps, row_in, col), "previous." + cell_name(*previous, prev_out, col)},
              apps.columns[col].label,
              fmt::format("二、上年结转 {}, but last year's 四、结转下年度继续办理 {}", now, before));
    }
  }

  // Section 四: each group's 总计 = its four results. Columns are keyed GROUP.RESULT.
  for (size_t col = 0; col < appeals.columns.size(); ++col) {
    const std::string& key = appeals.columns[col].key;
    const auto dot = key.rfind('.');
    if (dot == std::string::npos || key.substr(dot + 1) != "total") continue;
    const std::string group = key.substr(0, dot + 1);
    auto path = appeals.header_path(col);
    std::string where;
    for (size_t p = 0; p + 1 < path.size(); ++p) where += (where.empty() ? "" : "·") + path[p];
    for (size_t i = 0; i < appeals.rows.size(); ++i) {
      if (appeals.rows[i].heading()) continue;
      std::vector<std::pair<std::string, long long>> parts;
      std::vector<std::string> cells;
      for (size_t p = 0; p < appeals.columns.size(); ++p)
        if (p != col && appeals.columns[p].key.rfind(group, 0) == 0) {
          parts.push_back({appeals.columns[p].label, at(appeals, i, p)});
          cells.push_back(cell_name(appeals, i, p));
        }
      cells.push_back(cell_name(appeals, i, col));
      long long sum = 0;
      std::string text = sum_text(parts, &sum);
      c.check(sum == at(appeals, i, col), rule::appeal_total, cells, where,
              fmt::format("{}, but {} {}", text, appeals.columns[col].label, at(appeals, i, col)));
    }
  }

  check_not_negative(apps, c);
  check_not_negative(appeals, c);
  return c.out;
}

RuleCheck check_legacy_rules(const Table& t) {
  Checker c;
  auto parts_of = [&](std::initializer_list<const char*> keys, size_t col, std::vector<std::string>& cells) {
    std::vector<std::pair<std::string, long long>> parts;
    for (const char* k : keys)
      if (int i = index_of(t, k); i >= 0) {
        parts.push_back({t.rows[i].label, at(t, i, col)});
        cells.push_back(cell_name(t, i, col));
      }
    return parts;
  };
  auto sum_rule = [&](const char* rule_name, const char* total_key, std::initializer_list<const char*> keys) {
    const int total = index_of(t, total_key);
    if (total < 0) return;
    for (size_t col = 0; col < t.columns.size(); ++col) {
      std::vector<std::string> cells;
      auto parts = parts_of(keys, col, cells);
      cells.push_back(cell_name(t, total, col));
      long long sum = 0;
      std::string text = sum_text(parts, &sum);
      c.check(sum == at(t, total, col), rule_name, cells, t.columns[col].label,
              fmt::format("{}, but {} {}", text, t.rows[total].label, at(t, total, col)));
    }
  };
  sum_rule(rule::channels, "requests.total", {"requests.in-person", "requests.online", "requests.letter-fax"});
  sum_rule(rule::answers, "answers.total", {"answers.granted", "answers.partial", "answers.refused", "answers.other"});
  const int y = t.column_index("year"), cum = t.column_index("cumulative");
  if (y >= 0 && cum >= 0)
    for (size_t i = 0; i < t.rows.size(); ++i) {
      if (t.rows[i].heading()) continue;
      c.check(at(t, i, cum) >= at(t, i, y), rule::cumulative, {cell_name(t, i, y), cell_name(t, i, cum)},
              t.rows[i].label,
              fmt::format("{} {}, below {} {}", t.columns[cum].label, at(t, i, cum), t.columns[y].label, at(t, i, y)));
    }
  check_not_negative(t, c);
  return c.out;
}

}  // namespace gongkai::report
