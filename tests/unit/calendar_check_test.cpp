// whole_year_problem (engine/calendar_check.h): every real year passes, the shipped ones and
// those of shared/reference/cn-holidays when it is there; truncated or mistyped years do not.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "engine/calendar_check.h"
#include "engine/calendar_file.h"
#include "engine/date.h"
#include "workflows/shipped_calendar.h"

using gongkai::Date;
using gongkai::SpecialDay;
using gongkai::YearArrangement;
using gongkai::whole_year_problem;

namespace {

Date D(std::string_view s) { return gongkai::parse_date(s); }

std::vector<YearArrangement> shipped_years() {
  auto files = gongkai::workflows::shipped_calendar_files();
  auto it = std::find_if(files.begin(), files.end(),
                         [](const gongkai::EmbeddedFile& f) { return f.name == "cn-calendar.txt"; });
  REQUIRE(it != files.end());
  return gongkai::parse_calendar_text(it->contents, "cn-calendar.txt");
}

YearArrangement shipped_year(int year) {
  for (auto& y : shipped_years())
    if (y.year == year) return y;
  FAIL("no shipped year " << year);
  return {};
}

// The reason whole_year_problem gives, or "" (and a failed check) when it finds none.
std::string problem_of(const YearArrangement& y) {
  auto p = whole_year_problem(y);
  CHECK_MESSAGE(p.has_value(), "expected a problem with year " << y.year);
  return p.value_or("");
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

void remove_days(YearArrangement& y, Date first, Date last) {
  std::erase_if(y.days, [&](const SpecialDay& d) { return d.date >= first && d.date <= last; });
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("calendar check: every shipped year is a whole official year") {
  auto years = shipped_years();
  CHECK(years.size() >= 19);  // 2008–2026
  for (const auto& y : years) {
    INFO("year " << y.year);
    CHECK(whole_year_problem(y).value_or("") == "");
  }
}

TEST_CASE("calendar check: every year of shared/reference/cn-holidays is a whole official year") {
  const std::filesystem::path dir = std::filesystem::path(GONGKAI_SHARED_DIR) / "reference" / "cn-holidays";
  if (!std::filesystem::is_directory(dir)) {
    std::string note = "could not cross-check whole_year_problem against the reference data: " + dir.string() +
                       " not found; only the shipped years were checked";
    MESSAGE(note);
    std::cerr << note << "\n";
    return;
  }
  int years = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    const std::string name = entry.path().filename().string();
    for (const auto& y : gongkai::parse_calendar_json(read_file(entry.path()), name)) {
      ++years;
      INFO(name << ": year " << y.year);
      CHECK(whole_year_problem(y).value_or("") == "");
    }
  }
  CHECK(years >= 20);  // 2007–2026
}

TEST_CASE("calendar check: a year with too few days off") {
  YearArrangement y{2027, {{D("2027-01-01"), true, "元旦"}}, "test"};
  CHECK(problem_of(y) == "year 2027 lists 1 day off; an official year lists at least 13 (the statutory holidays)");
  y.days.push_back({D("2027-05-01"), true, "劳动节"});
  y.days.push_back({D("2027-10-01"), true, "国庆节"});
  CHECK(problem_of(y) == "year 2027 lists 3 days off; an official year lists at least 13 (the statutory holidays)");
  CHECK(problem_of({2024, {}, "test"}) ==
        "year 2024 lists 0 days off; an official year lists at least 11 (the statutory holidays)");
  CHECK(contains(problem_of({2007, {}, "test"}), "at least 10 (the statutory holidays)"));
  // Make-up working days are not days off.
  YearArrangement work_only{2024, {}, "test"};
  for (Date d = D("2024-01-06"); d.year() == 2024; d = d + 7) work_only.days.push_back({d, false, "x"});
  CHECK(contains(problem_of(work_only), "lists 0 days off"));
}

TEST_CASE("calendar check: a year missing a fixed holiday") {
  auto y = shipped_year(2024);
  remove_days(y, D("2024-10-01"), D("2024-10-07"));
  CHECK(problem_of(y) == "year 2024 does not list 2024-10-01 as a day off (National Day, 国庆节: 10-01 to 10-03)");

  y = shipped_year(2024);
  remove_days(y, D("2024-10-02"), D("2024-10-02"));
  CHECK(contains(problem_of(y), "does not list 2024-10-02 as a day off (National Day"));

  y = shipped_year(2024);
  remove_days(y, D("2024-05-01"), D("2024-05-01"));
  CHECK(problem_of(y) == "year 2024 does not list 2024-05-01 as a day off (Labour Day, 劳动节)");

  // From 2025 Labour Day is two days.
  y = shipped_year(2025);
  remove_days(y, D("2025-05-02"), D("2025-05-02"));
  CHECK(contains(problem_of(y), "does not list 2025-05-02 as a day off (Labour Day, 劳动节: two days from 2025)"));

  y = shipped_year(2024);
  remove_days(y, D("2024-01-01"), D("2024-01-01"));
  CHECK(contains(problem_of(y), "does not list 2024-01-01 as a day off (New Year's Day"));

  // A day listed as a make-up working day is not off.
  y = shipped_year(2024);
  remove_days(y, D("2024-10-03"), D("2024-10-03"));
  y.days.push_back({D("2024-10-03"), false, "国庆节"});
  CHECK(contains(problem_of(y), "does not list 2024-10-03 as a day off"));
}

TEST_CASE("calendar check: a year without the Spring Festival") {
  auto y = shipped_year(2024);
  remove_days(y, D("2024-01-15"), D("2024-02-29"));
  CHECK(problem_of(y) ==
        "year 2024 lists 0 days off from 2024-01-15 to the end of February; an official year lists at least 3 "
        "there (the Spring Festival, 春节)");
  // Its 3 statutory days are enough; from 2025 it takes 4.
  y.days.push_back({D("2024-02-10"), true, "春节"});
  y.days.push_back({D("2024-02-11"), true, "春节"});
  CHECK(contains(problem_of(y), "lists 2 days off from 2024-01-15"));
  y.days.push_back({D("2024-02-12"), true, "春节"});
  CHECK(whole_year_problem(y).value_or("") == "");

  y = shipped_year(2025);
  remove_days(y, D("2025-01-15"), D("2025-02-28"));
  for (const char* d : {"2025-01-29", "2025-01-30", "2025-01-31"}) y.days.push_back({D(d), true, "春节"});
  CHECK(contains(problem_of(y), "lists 3 days off from 2025-01-15 to the end of February; an official year lists at "
                                "least 4 there"));
}

TEST_CASE("calendar check: make-up working days fall on weekends") {
  auto y = shipped_year(2024);
  y.days.push_back({D("2024-03-06"), false, "typo"});
  CHECK(problem_of(y) ==
        "year 2024 lists 2024-03-06, a Wednesday, as a make-up working day; make-up days fall on a Saturday or "
        "Sunday");

  // holiday-cn lists the Monday back after the extended 2020 Spring Festival; the day after days
  // off is allowed, another weekday is not.
  y = shipped_year(2020);
  y.days.push_back({D("2020-02-03"), false, "春节"});
  CHECK(whole_year_problem(y).value_or("") == "");
  y.days.push_back({D("2020-02-05"), false, "春节"});
  CHECK(contains(problem_of(y), "lists 2020-02-05, a Wednesday, as a make-up working day"));
}

TEST_CASE("calendar check: days listed twice or outside the notice's year") {
  auto y = shipped_year(2024);
  y.days.push_back({D("2024-05-01"), true, "劳动节"});
  CHECK(problem_of(y) == "year 2024 lists 2024-05-01 twice");

  y = shipped_year(2024);
  y.days.push_back({D("2024-05-04"), false, "劳动节"});  // already listed off
  CHECK(problem_of(y) == "year 2024 lists 2024-05-04 twice");

  y = shipped_year(2024);
  y.days.push_back({D("2023-12-30"), true, "元旦"});  // the December before: fine
  CHECK(whole_year_problem(y).value_or("") == "");
  y.days.push_back({D("2023-11-30"), true, "x"});
  CHECK(problem_of(y) == "year 2024 lists 2023-11-30, which is neither in 2024 nor in the December before");
  y = shipped_year(2024);
  y.days.push_back({D("2025-01-01"), true, "元旦"});
  CHECK(contains(problem_of(y), "lists 2025-01-01, which is neither in 2024"));

  CHECK(contains(problem_of({1800, {}, "test"}), "year 1800 is not a year of the official calendar"));
}
