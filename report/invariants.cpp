#include "report/invariants.h"

#include <fmt/format.h>

#include <set>

namespace gongkai::report {
namespace {

long long at(const Table& t, const char* row, size_t col) {
  const Row* r = t.find(row);
  return r && col < r->cells.size() ? r->cells[col] : 0;
}

bool is_outcome_row(const Row& r) {
  static const std::set<std::string> not_outcomes = {"new", "carried-in", "total", "carried-out"};
  return !r.heading() && !not_outcomes.count(r.key);
}

void check_row_totals(const Table& t, const char* section, std::vector<std::string>& w) {
  const size_t total = t.columns.size() - 1;
  for (const auto& r : t.rows) {
    if (r.heading()) continue;
    long long sum = 0;
    for (size_t i = 0; i < total; ++i) sum += r.cells[i];
    if (sum != r.cells[total])
      w.push_back(fmt::format("{} row {} ({}): 总计 {} is not the sum of its other columns ({})", section, r.key,
                              r.label, r.cells[total], sum));
  }
}

// "a + b + c = s" for the warning texts.
std::string sum_text(const std::vector<std::pair<std::string, long long>>& parts, long long* sum) {
  std::string s;
  *sum = 0;
  for (const auto& [k, v] : parts) {
    s += (s.empty() ? "" : " + ") + k + " " + std::to_string(v);
    *sum += v;
  }
  return s;
}

}  // namespace

std::vector<std::string> check_national(const Table& apps, const Table& appeals, const Table* previous) {
  std::vector<std::string> w;
  check_row_totals(apps, "section 三", w);
  for (size_t c = 0; c < apps.columns.size(); ++c) {
    const auto& col = apps.columns[c];
    long long in = at(apps, "new", c) + at(apps, "carried-in", c);
    long long out = at(apps, "total", c) + at(apps, "carried-out", c);
    if (in != out)
      w.push_back(fmt::format(
          "section 三 column {} ({}): new {} + carried-in {} = {}, but total {} + carried-out {} = {}", col.key,
          col.label, at(apps, "new", c), at(apps, "carried-in", c), in, at(apps, "total", c),
          at(apps, "carried-out", c), out));
    long long outcomes = 0;
    for (const auto& r : apps.rows)
      if (is_outcome_row(r)) outcomes += r.cells[c];
    if (outcomes != at(apps, "total", c))
      w.push_back(fmt::format("section 三 column {} ({}): （七）总计 {} is not the sum of the outcome rows ({})",
                              col.key, col.label, at(apps, "total", c), outcomes));
    if (previous && at(*previous, "carried-out", c) != at(apps, "carried-in", c))
      w.push_back(fmt::format(
          "section 三 column {} ({}): carried-in {} is not what the previous year carried out ({})", col.key,
          col.label, at(apps, "carried-in", c), at(*previous, "carried-out", c)));
  }
  check_row_totals(appeals, "section 四", w);
  return w;
}

std::vector<std::string> check_legacy(const Table& t) {
  std::vector<std::string> w;
  auto cell = [&](const char* key, size_t c) { return at(t, key, c); };
  for (size_t c = 0; c < t.columns.size(); ++c) {
    const std::string& col = t.columns[c].key;
    long long sum = 0;
    std::string parts = sum_text({{"requests.in-person", cell("requests.in-person", c)},
                                  {"requests.online", cell("requests.online", c)},
                                  {"requests.letter-fax", cell("requests.letter-fax", c)}},
                                 &sum);
    if (sum != cell("requests.total", c))
      w.push_back(fmt::format("{}: the channel rows add up to {} ({}), not requests.total {}", col, sum, parts,
                              cell("requests.total", c)));
    parts = sum_text({{"answers.granted", cell("answers.granted", c)},
                      {"answers.partial", cell("answers.partial", c)},
                      {"answers.refused", cell("answers.refused", c)},
                      {"answers.other", cell("answers.other", c)}},
                     &sum);
    if (sum != cell("answers.total", c))
      w.push_back(fmt::format("{}: the answer rows add up to {} ({}), not answers.total {}", col, sum, parts,
                              cell("answers.total", c)));
  }
  int y = t.column_index("year"), cum = t.column_index("cumulative");
  if (y >= 0 && cum >= 0)
    for (const auto& r : t.rows)
      if (!r.heading() && r.cells[cum] < r.cells[y])
        w.push_back(fmt::format("{} ({}): cumulative {} is below the year's {}", r.key, r.label, r.cells[cum],
                                r.cells[y]));
  return w;
}

}  // namespace gongkai::report
