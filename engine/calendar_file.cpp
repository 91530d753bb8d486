#include "engine/calendar_file.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/errors.h"

namespace gongkai {
namespace {

constexpr int kMinYear = 1990;
constexpr int kMaxYear = 2999;
constexpr int kMaxRangeDays = 31;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string_view strip_bom(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

// Splits off the first whitespace-separated token of `rest`.
std::string_view next_token(std::string_view& rest) {
  rest = trim(rest);
  size_t end = rest.find_first_of(" \t");
  std::string_view tok = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view{} : trim(rest.substr(end));
  return tok;
}

bool year_in_range(long long y) { return y >= kMinYear && y <= kMaxYear; }

// A notice lists the days of its own year, and sometimes late-December days of the year before.
bool date_fits_year(Date d, int year) {
  return d.year() == year || (d.year() == year - 1 && d.month() == 12);
}

std::string fits_year_problem(Date d, int year) {
  return d.str() + " does not belong to the " + std::to_string(year) +
         " notice (a notice lists days of its own year and of the December before)";
}

// Collects days per year, rejecting a date listed twice.
class Collector {
 public:
  explicit Collector(std::string_view source) : source_(source) {}

  // `where` describes the place of the day ("line 7", "year 2019, days[3]"); returns an error
  // message or "" when fine.
  std::string add(int year, SpecialDay day, const std::string& where) {
    if (!date_fits_year(day.date, year)) return fits_year_problem(day.date, year);
    auto [it, inserted] = seen_.emplace(day.date, where);
    if (!inserted) return day.date.str() + " is listed twice (also at " + it->second + ")";
    years_[year].push_back(std::move(day));
    return "";
  }
  void touch(int year) { years_[year]; }

  std::vector<YearArrangement> finish() {
    std::vector<YearArrangement> out;
    for (auto& [year, days] : years_) {
      YearArrangement y;
      y.year = year;
      y.days = std::move(days);
      std::sort(y.days.begin(), y.days.end(),
                [](const SpecialDay& a, const SpecialDay& b) { return a.date < b.date; });
      y.source = std::string(source_);
      out.push_back(std::move(y));
    }
    return out;
  }

 private:
  std::string_view source_;
  std::map<Date, std::string> seen_;
  std::map<int, std::vector<SpecialDay>> years_;
};

std::string sanitize_name(std::string_view name) {
  std::string out(name);
  for (char& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return std::string(trim(out));
}

}  // namespace

CalendarText parse_calendar_text_full(std::string_view text, std::string_view source_name) {
  text = strip_bom(text);
  Collector days(source_name);
  CalendarText out;
  int line_no = 0;
  for (size_t pos = 0; pos <= text.size();) {
    ++line_no;
    size_t nl = text.find('\n', pos);
    std::string_view line =
        trim(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    if (line.empty() || line.front() == '#') continue;
    const std::string where = "line " + std::to_string(line_no);
    auto fail = [&](const std::string& what) -> UsageError {
      return UsageError(std::string(source_name) + ", " + where + ": " + what);
    };

    std::string_view rest = line;
    std::string_view year_tok = next_token(rest);
    std::string_view kind = next_token(rest);
    if (kind.empty())
      throw fail("expected 'YEAR off|work FIRST[..LAST] NAME' or 'YEAR notice TEXT', got '" +
                 std::string(line) + "'");
    long long year = -1;
    if (year_tok.size() == 4 && std::all_of(year_tok.begin(), year_tok.end(),
                                            [](char c) { return c >= '0' && c <= '9'; }))
      year = std::stoll(std::string(year_tok));
    if (!year_in_range(year))
      throw fail("year '" + std::string(year_tok) + "' is not a year from " +
                 std::to_string(kMinYear) + " to " + std::to_string(kMaxYear));

    if (kind == "notice") {
      if (rest.empty()) throw fail("a notice line needs the notice's number or title");
      out.notices[static_cast<int>(year)].emplace_back(rest);
      days.touch(static_cast<int>(year));
      continue;
    }
    if (kind != "off" && kind != "work")
      throw fail("unknown kind '" + std::string(kind) + "' (expected off, work or notice)");

    std::string_view span = next_token(rest);
    if (span.empty()) throw fail("missing date (expected FIRST or FIRST..LAST, dates as YYYY-MM-DD)");
    std::string_view first_txt = span, last_txt = span;
    if (size_t dots = span.find(".."); dots != std::string_view::npos) {
      first_txt = span.substr(0, dots);
      last_txt = span.substr(dots + 2);
    }
    auto first = try_parse_date(first_txt);
    if (!first) throw fail("'" + std::string(first_txt) + "' is not a valid date (expected YYYY-MM-DD)");
    auto last = try_parse_date(last_txt);
    if (!last) throw fail("'" + std::string(last_txt) + "' is not a valid date (expected YYYY-MM-DD)");
    if (*last < *first)
      throw fail("range " + std::string(span) + " ends before it starts");
    if (*last - *first >= kMaxRangeDays)
      throw fail("range " + std::string(span) + " is longer than " + std::to_string(kMaxRangeDays) +
                 " days");

    std::string name = sanitize_name(rest);
    for (Date d = *first; d <= *last; d = d + 1) {
      std::string problem = days.add(static_cast<int>(year), SpecialDay{d, kind == "off", name}, where);
      if (!problem.empty()) throw fail(problem);
    }
  }
  out.years = days.finish();
  return out;
}

std::vector<YearArrangement> parse_calendar_text(std::string_view text, std::string_view source_name) {
  return parse_calendar_text_full(text, source_name).years;
}

std::vector<YearArrangement> parse_calendar_json(std::string_view json_text, std::string_view source_name) {
  using nlohmann::json;
  const std::string src(source_name);
  json doc;
  try {
    std::string_view body = strip_bom(json_text);
    doc = json::parse(body.begin(), body.end());
  } catch (const json::exception& e) {
    throw UsageError(src + ": not valid JSON: " + e.what());
  }
  std::vector<const json*> objects;
  if (doc.is_array()) {
    for (const auto& o : doc) objects.push_back(&o);
  } else if (doc.is_object()) {
    objects.push_back(&doc);
  } else {
    throw UsageError(src + ": expected a JSON object {\"year\", \"days\"} or an array of them");
  }

  Collector days(source_name);
  std::set<int> years_seen;
  for (size_t i = 0; i < objects.size(); ++i) {
    const json& o = *objects[i];
    const std::string at = doc.is_array() ? "[" + std::to_string(i) + "]" : std::string();
    auto fail = [&](const std::string& where, const std::string& what) -> UsageError {
      return UsageError(src + (where.empty() ? "" : ", " + where) + ": " + what);
    };
    if (!o.is_object()) throw fail(at, "expected an object {\"year\", \"days\"}");
    auto y = o.find("year");
    if (y == o.end() || !y->is_number_integer())
      throw fail(at, "missing or non-integer \"year\"");
    long long year_ll = y->get<long long>();
    if (!year_in_range(year_ll))
      throw fail(at, "year " + std::to_string(year_ll) + " is not a year from " +
                         std::to_string(kMinYear) + " to " + std::to_string(kMaxYear));
    const int year = static_cast<int>(year_ll);
    if (!years_seen.insert(year).second) throw fail(at, "year " + std::to_string(year) + " given twice");
    auto list = o.find("days");
    if (list == o.end() || !list->is_array()) throw fail(at, "missing \"days\" array");
    days.touch(year);
    for (size_t k = 0; k < list->size(); ++k) {
      const json& d = (*list)[k];
      const std::string where = at + (at.empty() ? "" : " ") + "year " + std::to_string(year) +
                                ", days[" + std::to_string(k) + "]";
      if (!d.is_object()) throw fail(where, "expected an object {\"name\", \"date\", \"isOffDay\"}");
      auto date = d.find("date");
      if (date == d.end() || !date->is_string()) throw fail(where, "missing \"date\" string");
      auto parsed = try_parse_date(date->get<std::string>());
      if (!parsed)
        throw fail(where, "'" + date->get<std::string>() + "' is not a valid date (expected YYYY-MM-DD)");
      auto off = d.find("isOffDay");
      if (off == d.end() || !off->is_boolean()) throw fail(where, "missing \"isOffDay\" true/false");
      std::string name;
      if (auto n = d.find("name"); n != d.end()) {
        if (!n->is_string()) throw fail(where, "\"name\" is not a string");
        name = sanitize_name(n->get<std::string>());
      }
      std::string problem = days.add(year, SpecialDay{*parsed, off->get<bool>(), name}, where);
      if (!problem.empty()) throw fail(where, problem);
    }
  }
  return days.finish();
}

std::vector<YearArrangement> parse_calendar_file(std::string_view contents, std::string_view name) {
  std::string_view s = strip_bom(contents);
  size_t first = s.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (s[first] == '{' || s[first] == '['))
    return parse_calendar_json(contents, name);
  return parse_calendar_text(contents, name);
}

std::string format_calendar_text(const std::vector<YearArrangement>& years,
                                 const std::map<int, std::vector<std::string>>& notices) {
  std::vector<const YearArrangement*> order;
  for (const auto& y : years) order.push_back(&y);
  std::stable_sort(order.begin(), order.end(),
                   [](const YearArrangement* a, const YearArrangement* b) { return a->year < b->year; });

  std::string out =
      "# gongkai working-day calendar: YEAR off|work FIRST[..LAST] NAME, YEAR notice TEXT\n"
      "# (off = holiday, work = make-up working day; the format is described in\n"
      "# workflows/data/cn-calendar.txt)\n";
  std::set<int> written;
  auto write_notices = [&](int year) {
    if (auto n = notices.find(year); n != notices.end())
      for (const auto& text : n->second) out += std::to_string(year) + " notice " + sanitize_name(text) + "\n";
  };
  for (const YearArrangement* y : order) {
    out += "\n";
    if (written.insert(y->year).second) write_notices(y->year);
    std::vector<SpecialDay> days = y->days;
    std::stable_sort(days.begin(), days.end(),
                     [](const SpecialDay& a, const SpecialDay& b) { return a.date < b.date; });
    for (size_t i = 0; i < days.size();) {
      size_t j = i;
      while (j + 1 < days.size() && days[j + 1].date == days[j].date + 1 &&
             days[j + 1].off == days[i].off && days[j + 1].name == days[i].name)
        ++j;
      out += std::to_string(y->year) + (days[i].off ? " off  " : " work ") + days[i].date.str();
      if (j > i) out += ".." + days[j].date.str();
      std::string name = sanitize_name(days[i].name);
      if (!name.empty()) out += " " + name;
      out += "\n";
      i = j + 1;
    }
  }
  // Notices of years without an arrangement.
  for (const auto& [year, _] : notices)
    if (!written.count(year)) {
      out += "\n";
      write_notices(year);
    }
  return out;
}

}  // namespace gongkai
