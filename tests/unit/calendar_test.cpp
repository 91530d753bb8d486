// The working-day calendar: arithmetic, the shipped 2008–2026 arrangements, the calendar file
// parsers, and a day-by-day cross-check of the shipped data against independent reference data
// (shared/reference/cn-holidays, holiday-cn) when that directory is present.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>

#include "engine/calendar.h"
#include "engine/calendar_file.h"
#include "engine/date.h"
#include "engine/errors.h"
#include "workflows/shipped_calendar.h"

using gongkai::Date;
using gongkai::SpecialDay;
using gongkai::WorkingCalendar;
using gongkai::YearArrangement;

namespace {

Date D(std::string_view s) { return gongkai::parse_date(s); }

const WorkingCalendar& shipped() {
  static const WorkingCalendar cal = gongkai::workflows::shipped_calendar();
  return cal;
}

// The message of the UsageError `f` throws, or "" (and a failed check) if it throws none.
template <class F>
std::string usage_error_of(F&& f) {
  try {
    f();
  } catch (const gongkai::UsageError& e) {
    return e.what();
  }
  FAIL_CHECK("expected a UsageError");
  return "";
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

bool same_days(const std::vector<YearArrangement>& a, const std::vector<YearArrangement>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].year != b[i].year || a[i].days.size() != b[i].days.size()) return false;
    for (size_t k = 0; k < a[i].days.size(); ++k) {
      const auto &x = a[i].days[k], &y = b[i].days[k];
      if (x.date != y.date || x.off != y.off || x.name != y.name) return false;
    }
  }
  return true;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string shipped_text() {
  auto files = gongkai::workflows::shipped_calendar_files();
  auto it = std::find_if(files.begin(), files.end(),
                         [](const gongkai::EmbeddedFile& f) { return f.name == "cn-calendar.txt"; });
  REQUIRE(it != files.end());
  return it->contents;
}

}  // namespace

TEST_CASE("calendar: the worked examples of domain.md §3") {
  CHECK(shipped().add_working_days(D("2019-09-25"), 20) == D("2019-10-28"));
  CHECK(shipped().add_working_days(D("2024-09-27"), 20) == D("2024-10-30"));
  CHECK(shipped().working_days_between(D("2019-09-25"), D("2019-10-28")) == 20);
  CHECK(shipped().working_days_between(D("2024-09-27"), D("2024-10-30")) == 20);
}

TEST_CASE("calendar: add_working_days and working_days_between") {
  const auto& cal = shipped();
  // Day 0 is the day of the act, even on a holiday.
  CHECK(cal.add_working_days(D("2024-10-03"), 0) == D("2024-10-03"));
  // From inside a holiday, day 1 is the first working day after it.
  CHECK(cal.add_working_days(D("2024-10-03"), 1) == D("2024-10-08"));
  // From a Friday before a make-up Sunday: the Sunday counts.
  CHECK(cal.add_working_days(D("2024-09-27"), 1) == D("2024-09-29"));
  // Across Spring Festival 2024: Feb 4 (Sun) and Feb 18 (Sun) are worked.
  CHECK(cal.add_working_days(D("2024-02-02"), 1) == D("2024-02-04"));
  CHECK(cal.add_working_days(D("2024-02-09"), 1) == D("2024-02-18"));
  CHECK_THROWS_AS(cal.add_working_days(D("2024-01-02"), -1), gongkai::UsageError);

  CHECK(cal.working_days_between(D("2024-10-01"), D("2024-10-01")) == 0);
  CHECK(cal.working_days_between(D("2024-10-08"), D("2024-10-01")) == 0);
  CHECK(cal.working_days_between(D("2024-09-30"), D("2024-10-08")) == 1);  // only Oct 8
  CHECK(cal.working_days_between(D("2024-02-08"), D("2024-02-18")) == 2);  // Feb 9, Feb 18
  // The plain week outside the listed days.
  CHECK(cal.working_days_between(D("2024-03-01"), D("2024-03-31")) == 20);
  // Consistency of the two on a stretch full of holidays.
  for (int n = 0; n <= 40; ++n) {
    Date end = cal.add_working_days(D("2020-01-10"), n);
    CHECK(cal.working_days_between(D("2020-01-10"), end) == n);
    CHECK(cal.is_working_day(end) == (n > 0 || cal.is_working_day(D("2020-01-10"))));
  }
}

TEST_CASE("calendar: hand-checked days around Spring Festival and National Day") {
  const auto& cal = shipped();
  struct Case {
    const char* date;
    bool working;
  };
  const Case cases[] = {
      // 2024 Spring Festival: Feb 10–17 off, Sun Feb 4 and Sun Feb 18 worked, Feb 9 (eve) a
      // working Friday.
      {"2024-02-03", false}, {"2024-02-04", true},  {"2024-02-09", true},  {"2024-02-10", false},
      {"2024-02-12", false}, {"2024-02-16", false}, {"2024-02-17", false}, {"2024-02-18", true},
      {"2024-02-19", true},
      // 2024 National Day: Oct 1–7 off, Sun Sep 29 and Sat Oct 12 worked.
      {"2024-09-28", false}, {"2024-09-29", true},  {"2024-09-30", true},  {"2024-10-01", false},
      {"2024-10-04", false}, {"2024-10-07", false}, {"2024-10-08", true},  {"2024-10-12", true},
      {"2024-10-13", false},
      // 2019 National Day: Sun Sep 29 and Sat Oct 12 worked.
      {"2019-09-29", true},  {"2019-10-07", false}, {"2019-10-12", true},
      // 2019 notice lists 2018-12-29 (Sat, worked) and 2018-12-31 (Mon, off).
      {"2018-12-29", true},  {"2018-12-31", false}, {"2019-01-01", false}, {"2019-01-02", true},
      // 2019 Labour Day extension: May 1–4 off, Sun Apr 28 and Sun May 5 worked.
      {"2019-04-28", true},  {"2019-05-02", false}, {"2019-05-03", false}, {"2019-05-05", true},
      // 2020 Spring Festival extended to Feb 2; the Feb 1 make-up Saturday was cancelled.
      {"2020-01-19", true},  {"2020-01-31", false}, {"2020-02-01", false}, {"2020-02-02", false},
      {"2020-02-03", true},
      // 2015 WWII anniversary: Sep 3–4 off, Sun Sep 6 worked.
      {"2015-09-03", false}, {"2015-09-04", false}, {"2015-09-06", true},
      // 2023 Mid-Autumn + National Day: Sep 29–Oct 6 off, Oct 7–8 (Sat, Sun) worked.
      {"2023-09-29", false}, {"2023-10-06", false}, {"2023-10-07", true}, {"2023-10-08", true},
      // 2026 Spring Festival: Feb 15–23 off (9 days), Sat Feb 14 and Sat Feb 28 worked.
      {"2026-02-14", true},  {"2026-02-23", false}, {"2026-02-24", true}, {"2026-02-28", true},
      // 2008: the notice lists 2007-12-29 (Sat, worked).
      {"2007-12-29", true},  {"2007-12-31", false}, {"2008-02-02", true}, {"2008-02-03", true},
  };
  for (const auto& c : cases) {
    INFO(c.date);
    CHECK(cal.is_working_day(D(c.date)) == c.working);
  }
}

TEST_CASE("calendar: the shipped arrangements") {
  auto years = gongkai::workflows::shipped_arrangements();
  REQUIRE(years.size() == 19);
  auto notices = gongkai::parse_calendar_text_full(shipped_text(), "cn-calendar.txt").notices;
  for (int y = 2008; y <= 2026; ++y) {
    const auto& a = years[static_cast<size_t>(y - 2008)];
    INFO(y);
    CHECK(a.year == y);
    CHECK(a.source == "shipped");
    CHECK(!a.days.empty());
    CHECK(notices.count(y) == 1);
    CHECK(shipped().is_loaded(y));
    // Every make-up working day of the shipped notices is a Saturday or Sunday, and every
    // listed day has a name.
    for (const auto& d : a.days) {
      INFO(d.date.str());
      if (!d.off) CHECK(d.date.is_weekend());
      CHECK(!d.name.empty());
    }
  }
  CHECK_FALSE(shipped().is_loaded(2007));
  CHECK_FALSE(shipped().is_loaded(2027));
}

TEST_CASE("calendar: provisional_between and loaded years") {
  const auto& cal = shipped();
  CHECK_FALSE(cal.provisional_between(D("2024-01-01"), D("2025-12-31")));
  CHECK_FALSE(cal.provisional_between(D("2008-01-01"), D("2026-12-31")));
  CHECK(cal.provisional_between(D("2026-12-01"), D("2027-01-10")));
  CHECK(cal.provisional_between(D("2007-12-28"), D("2008-01-10")));
  std::vector<int> expected;
  for (int y = 2008; y <= 2026; ++y) expected.push_back(y);
  CHECK(cal.loaded_years() == expected);

  // Years not loaded follow the plain week.
  CHECK(cal.is_working_day(D("2027-01-01")));   // a Friday; no 2027 notice loaded
  CHECK_FALSE(cal.is_working_day(D("2027-01-02")));
}

TEST_CASE("calendar: load() replaces a whole year") {
  WorkingCalendar cal = gongkai::workflows::shipped_calendar();
  REQUIRE(cal.arrangement(2024) != nullptr);
  CHECK(cal.arrangement(2024)->source == "shipped");

  YearArrangement y;
  y.year = 2024;
  y.source = "test";
  y.days = {SpecialDay{D("2024-10-08"), true, "test"}};
  cal.load(y);
  CHECK(cal.arrangement(2024)->source == "test");
  CHECK(cal.is_working_day(D("2024-10-01")));       // the old holiday is gone
  CHECK_FALSE(cal.is_working_day(D("2024-10-12")));  // the old make-up Saturday is gone
  CHECK_FALSE(cal.is_working_day(D("2024-10-08")));  // the new holiday
  CHECK_FALSE(cal.is_working_day(D("2025-01-01")));  // other years untouched
  CHECK(cal.add_working_days(D("2024-09-27"), 20) == D("2024-10-28"));

  // Replacing 2019 also removes the late-December 2018 days its notice listed, but not 2018's.
  YearArrangement empty2019;
  empty2019.year = 2019;
  cal.load(empty2019);
  CHECK_FALSE(cal.is_working_day(D("2018-12-29")));  // now a plain Saturday
  CHECK(cal.is_working_day(D("2018-12-31")));         // now a plain Monday
  CHECK_FALSE(cal.is_working_day(D("2018-10-01")));  // 2018's own notice still loaded
  CHECK(cal.is_loaded(2019));
  CHECK(cal.arrangement(2019)->days.empty());
}

TEST_CASE("calendar files: the own format round-trips") {
  const std::string text = shipped_text();
  auto full = gongkai::parse_calendar_text_full(text, "cn-calendar.txt");
  REQUIRE(full.years.size() == 19);
  for (const auto& y : full.years) CHECK(y.source == "cn-calendar.txt");

  std::string written = gongkai::format_calendar_text(full.years, full.notices);
  auto again = gongkai::parse_calendar_text_full(written, "again");
  CHECK(same_days(full.years, again.years));
  CHECK(again.notices == full.notices);
  CHECK(gongkai::format_calendar_text(again.years, again.notices) == written);

  // Ranges are compressed; make-up days and holidays stay apart.
  CHECK(contains(written, "2024 off  2024-02-10..2024-02-17 春节\n"));
  CHECK(contains(written, "2024 work 2024-02-04 春节\n"));
  CHECK(contains(written, "2019 work 2018-12-29 元旦\n"));
  CHECK(contains(written, "2019 off  2018-12-30..2019-01-01 元旦\n"));
  CHECK(contains(written, "2024 notice 国办发明电〔2023〕7号\n"));

  // Unsorted input, unnamed days and a weekday make-up day.
  YearArrangement y;
  y.year = 2030;
  y.days = {SpecialDay{D("2030-01-03"), true, "x"}, SpecialDay{D("2030-01-01"), true, "x"},
            SpecialDay{D("2030-01-02"), true, "x"}, SpecialDay{D("2030-01-07"), false, ""}};
  std::string small = gongkai::format_calendar_text({y});
  CHECK(contains(small, "2030 off  2030-01-01..2030-01-03 x\n"));
  CHECK(contains(small, "2030 work 2030-01-07\n"));
  auto back = gongkai::parse_calendar_text(small, "small");
  REQUIRE(back.size() == 1);
  CHECK(back[0].days.size() == 4);
  CHECK(back[0].days[0].date == D("2030-01-01"));
  CHECK(back[0].days[3].off == false);
  CHECK(back[0].days[3].name.empty());
}

TEST_CASE("calendar files: the own format's details") {
  // BOM, CRLF, comments, blank lines, tabs, a notice-only year, year sections interleaved.
  std::string text =
      "\xEF\xBB\xBF# header\r\n"
      "\r\n"
      "2031 notice 国办发明电〔2030〕1号\r\n"
      "2031\toff\t2030-12-31..2031-01-01\t元旦\r\n"
      "  # indented comment\n"
      "2032 notice only a notice\n"
      "2031 work 2031-01-06 a weekday make-up day is accepted\n"
      "2031 off 2031-02-01 春节";  // no final newline
  auto full = gongkai::parse_calendar_text_full(text, "t");
  REQUIRE(full.years.size() == 2);
  CHECK(full.years[0].year == 2031);
  REQUIRE(full.years[0].days.size() == 4);
  CHECK(full.years[0].days[0].date == D("2030-12-31"));
  CHECK(full.years[0].days[0].name == "元旦");
  CHECK(full.years[0].days[2].date == D("2031-01-06"));
  CHECK(full.years[0].days[2].off == false);
  CHECK(full.years[0].days[2].name == "a weekday make-up day is accepted");
  CHECK(full.years[0].days[3].name == "春节");
  CHECK(full.years[1].year == 2032);
  CHECK(full.years[1].days.empty());
  CHECK(full.notices.at(2031) == std::vector<std::string>{"国办发明电〔2030〕1号"});
  CHECK(gongkai::parse_calendar_text("", "empty").empty());
  CHECK(gongkai::parse_calendar_text("# nothing\n\n", "empty").empty());
}

TEST_CASE("calendar files: malformed lines are rejected with their line number") {
  auto err = [](const std::string& bad_line) {
    std::string text = "# a calendar\n2024 off 2024-01-01 元旦\n" + bad_line + "\n";
    return usage_error_of([&] { gongkai::parse_calendar_text(text, "my.txt"); });
  };
  struct Case {
    const char* line;
    const char* says;
  };
  const Case cases[] = {
      {"20x4 off 2024-02-10 春节", "year '20x4'"},
      {"1989 off 1989-02-10 春节", "year '1989'"},
      {"3000 off 3000-02-10 春节", "year '3000'"},
      {"2024 holiday 2024-02-10 春节", "unknown kind 'holiday'"},
      {"2024", "expected 'YEAR off|work"},
      {"2024 off", "missing date"},
      {"2024 off 2024-02-30 春节", "'2024-02-30' is not a valid date"},
      {"2024 off 2024-2-10 春节", "'2024-2-10' is not a valid date"},
      {"2024 off 2024-02-10..2024-02-3x 春节", "'2024-02-3x' is not a valid date"},
      {"2024 off 2024-02-17..2024-02-10 春节", "ends before it starts"},
      {"2024 off 2024-02-10..2024-12-17 春节", "longer than 31 days"},
      {"2024 off 2023-11-30 春节", "does not belong to the 2024 notice"},
      {"2024 off 2025-01-01 元旦", "does not belong to the 2024 notice"},
      {"2024 off 2023-12-31..2024-01-01 元旦", "2024-01-01 is listed twice (also at line 2)"},
      {"2024 notice", "needs the notice's number or title"},
  };
  for (const auto& c : cases) {
    INFO(c.line);
    std::string msg = err(c.line);
    CHECK(contains(msg, "my.txt, line 3: "));
    CHECK(contains(msg, c.says));
  }
  // A date listed twice in the same file, even in different years' sections.
  std::string msg = usage_error_of([] {
    gongkai::parse_calendar_text("2024 off 2023-12-31 元旦\n\n2023 off 2023-12-31 元旦\n", "dup.txt");
  });
  CHECK(contains(msg, "dup.txt, line 3: 2023-12-31 is listed twice (also at line 1)"));
}

TEST_CASE("calendar files: holiday-cn JSON") {
  const char* one = R"({"year": 2031, "papers": ["http://example"], "days": [
      {"name": "元旦", "date": "2031-01-01", "isOffDay": true},
      {"name": "元旦", "date": "2030-12-28", "isOffDay": false}]})";
  auto years = gongkai::parse_calendar_json(one, "2031.json");
  REQUIRE(years.size() == 1);
  CHECK(years[0].year == 2031);
  CHECK(years[0].source == "2031.json");
  REQUIRE(years[0].days.size() == 2);
  CHECK(years[0].days[0].date == D("2030-12-28"));  // sorted by date
  CHECK_FALSE(years[0].days[0].off);
  CHECK(years[0].days[1].name == "元旦");

  std::string array = std::string("[") + one +
                      R"(, {"year": 2032, "days": [{"name": "春节", "date": "2032-02-11", "isOffDay": true}]}])";
  auto both = gongkai::parse_calendar_json(array, "all.json");
  REQUIRE(both.size() == 2);
  CHECK(both[1].year == 2032);

  // parse_calendar_file picks the format by content.
  CHECK(gongkai::parse_calendar_file(std::string("\n  ") + one, "x").size() == 1);
  CHECK(gongkai::parse_calendar_file(array, "x").size() == 2);
  CHECK(gongkai::parse_calendar_file("2031 off 2031-01-01 元旦\n", "x").size() == 1);

  struct Case {
    std::string json;
    const char* says;
  };
  const Case cases[] = {
      {"{\"year\": 2031, \"days\": [", "not valid JSON"},
      {"42", "expected a JSON object"},
      {R"({"days": []})", "\"year\""},
      {R"({"year": 1800, "days": []})", "year 1800"},
      {R"({"year": 2031})", "\"days\""},
      {R"({"year": 2031, "days": [{"name": "x", "date": "2031-02-30", "isOffDay": true}]})",
       "year 2031, days[0]: '2031-02-30' is not a valid date"},
      {R"({"year": 2031, "days": [{"name": "x", "date": "2031-02-03"}]})", "isOffDay"},
      {R"({"year": 2031, "days": [{"name": "x", "date": "2029-02-03", "isOffDay": true}]})",
       "does not belong to the 2031 notice"},
      {R"({"year": 2031, "days": [{"name": "x", "date": "2031-02-03", "isOffDay": true},
                                   {"name": "y", "date": "2031-02-03", "isOffDay": false}]})",
       "days[1]: 2031-02-03 is listed twice"},
      {R"([{"year": 2031, "days": []}, {"year": 2031, "days": []}])", "[1]: year 2031 given twice"},
  };
  for (const auto& c : cases) {
    INFO(c.json);
    std::string msg = usage_error_of([&] { gongkai::parse_calendar_json(c.json, "bad.json"); });
    CHECK(contains(msg, "bad.json"));
    CHECK(contains(msg, c.says));
  }
}

TEST_CASE("calendar: cross-check of the shipped calendar against shared/reference/cn-holidays") {
  const std::filesystem::path dir = std::filesystem::path(GONGKAI_SHARED_DIR) / "reference" / "cn-holidays";
  if (!std::filesystem::is_directory(dir)) {
    std::string note = "could not cross-check the shipped calendar: " + dir.string() + " not found";
    MESSAGE(note);
    std::cerr << note << "\n";
    return;
  }

  // One date → off map over every file; a date may appear in one file only.
  std::map<Date, bool> ref;
  std::map<Date, std::string> file_of;
  std::string duplicates;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    const std::string name = entry.path().filename().string();
    for (const auto& y : gongkai::parse_calendar_json(read_file(entry.path()), name)) {
      for (const auto& d : y.days) {
        if (auto [it, fresh] = file_of.emplace(d.date, name); !fresh)
          duplicates += " " + d.date.str() + " (" + it->second + ", " + name + ")";
        ref[d.date] = d.off;
      }
    }
  }
  REQUIRE(files >= 19);
  CHECK_MESSAGE(duplicates.empty(), "dates listed in more than one reference file:" << duplicates);
  REQUIRE(ref.count(D("2024-02-04")) == 1);
  CHECK_FALSE(ref.at(D("2024-02-04")));

  auto ref_working = [&](Date d) {
    auto it = ref.find(d);
    return it != ref.end() ? !it->second : !d.is_weekend();
  };

  // Every day of 2008–2026.
  const auto& cal = shipped();
  std::string mismatches;
  int mismatch_count = 0, days_checked = 0;
  for (Date d = D("2008-01-01"); d <= D("2026-12-31"); d = d + 1) {
    ++days_checked;
    bool ours = cal.is_working_day(d), theirs = ref_working(d);
    if (ours != theirs) {
      ++mismatch_count;
      mismatches += "\n  " + d.str() + ": shipped says " + (ours ? "working" : "rest") +
                    ", reference says " + (theirs ? "working" : "rest");
    }
  }
  CHECK(days_checked == 6940);
  CHECK_MESSAGE(mismatch_count == 0,
                mismatch_count << " day(s) differ between the shipped calendar and " << dir.string()
                               << ":" << mismatches);

  // Random sums against a naive implementation over the reference map.
  auto naive_add = [&](Date from, int n) {
    Date d = from;
    while (n > 0) {
      d = d + 1;
      if (ref_working(d)) --n;
    }
    return d;
  };
  std::mt19937 rng(20190925);
  std::uniform_int_distribution<int> day_of(D("2008-01-01").days(), D("2026-12-31").days());
  std::uniform_int_distribution<int> count(0, 60);
  std::string sum_failures;
  int sum_failure_count = 0;
  for (int i = 0; i < 5000; ++i) {
    Date from = Date::from_days(day_of(rng));
    int n = count(rng);
    Date ours = cal.add_working_days(from, n), theirs = naive_add(from, n);
    if (ours != theirs) {
      if (++sum_failure_count <= 20)
        sum_failures += "\n  add_working_days(" + from.str() + ", " + std::to_string(n) + ") = " +
                        ours.str() + ", reference " + theirs.str();
    }
  }
  CHECK_MESSAGE(sum_failure_count == 0,
                sum_failure_count << " of 5000 random sums differ:" << sum_failures);
}
