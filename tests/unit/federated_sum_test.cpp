// The sum of signed-off tables without a database: two installations' reports added cell for cell
// are the report of their cases together, in both templates; what cannot be added is refused
// naming the source.
#include <doctest/doctest.h>

#include "engine/errors.h"
#include "report/federated_sum.h"
#include "report/legacy_template.h"
#include "report/national_template.h"

using namespace gongkai;
using namespace gongkai::report;

namespace {

ApplicationGroup group(const std::string& type, const std::string& kind, const std::string& outcome, long long n_new,
                       long long carried_in, long long closed, long long carried_out) {
  ApplicationGroup g;
  g.applicant_type = type;
  g.closed_kind = kind;
  g.outcome = outcome;
  g.received_in_year = n_new;
  g.carried_in = carried_in;
  g.closed_in_year = closed;
  g.carried_out = carried_out;
  return g;
}

NationalInput county_a() {
  NationalInput in;
  in.year = 2024;
  in.applications = {group("person", "answered", "disclosed", 5, 1, 6, 0),
                     group("business", "answered", "unavailable/not-held", 2, 0, 2, 0),
                     group("person", "", "", 3, 0, 0, 3)};
  in.appeals = {{"reconsideration", "upheld", 2}, {"litigation-direct", "pending", 1}};
  return in;
}

NationalInput county_b() {
  NationalInput in;
  in.year = 2024;
  in.applications = {group("person", "answered", "disclosed", 1, 0, 1, 0),
                     group("legal", "answered", "withheld/third-party-rights", 4, 2, 6, 0),
                     group("person", "withdrawn", "", 1, 0, 1, 0)};
  in.appeals = {{"reconsideration", "corrected", 1}};
  return in;
}

std::vector<std::vector<long long>> cells_of(const Table& t) {
  std::vector<std::vector<long long>> out;
  for (const auto& r : t.rows) out.push_back(r.cells);
  return out;
}

}  // namespace

TEST_CASE("two national tables added cell for cell are the table of both counties' cases") {
  auto a = national_report(county_a()), b = national_report(county_b());
  NationalInput both = county_a();
  for (const auto& g : county_b().applications) both.applications.push_back(g);
  for (const auto& g : county_b().appeals) both.appeals.push_back(g);
  auto expected = national_report(both);

  auto sum = sum_reports("national", 2024, {{"甲县", signed_document(a)}, {"乙县", signed_document(b)}});
  REQUIRE(sum.tables.size() == 2);
  CHECK(cells_of(sum.tables[0]) == cells_of(expected.tables[0]));
  CHECK(cells_of(sum.tables[1]) == cells_of(expected.tables[1]));
  CHECK(sum.json["applications"] == expected.json["applications"]);
  CHECK(sum.json["appeals"] == expected.json["appeals"]);
  CHECK(sum.json["applications"]["rows"]["new"]["total"] == 16);
  CHECK(sum.warnings.empty());
  // Nothing but counts is added: the template and year stay this one's.
  CHECK(sum.json["template"] == "national-2021");
  CHECK(sum.json["year"] == 2024);
}

TEST_CASE("two legacy tables added up: rows, categories and requests by kind; baselines named by source") {
  LegacyInput a, b;
  a.year = b.year = 2018;
  a.cases = {{"post", "government", "answered", "disclosed", 3, 10, 3, 9, 1, 2, 0, 0}};
  a.complaints_year = 1;
  a.complaints_cumulative = 4;
  a.baselines_used = {{"xian", 2015}};
  b.cases = {{"online", "department", "answered", "partially-disclosed", 2, 2, 2, 2, 0, 0, 1, 1}};
  b.figures_year = {{"proactive.total", 120}};
  b.figures_cumulative = {{"proactive.total", 300}};
  LegacyInput both = a;
  both.cases.push_back(b.cases[0]);
  both.figures_year = b.figures_year;
  both.figures_cumulative = b.figures_cumulative;
  auto expected = legacy_report(both);

  auto sum = sum_reports("legacy", 2018, {{"甲县", signed_document(legacy_report(a))}, {"乙县", signed_document(legacy_report(b))}});
  CHECK(cells_of(sum.tables[0]) == cells_of(expected.tables[0]));
  CHECK(sum.json["rows"] == expected.json["rows"]);
  CHECK(sum.json["categories"] == expected.json["categories"]);
  CHECK(sum.json["requests.by-kind"] == expected.json["requests.by-kind"]);
  REQUIRE(sum.json["baselines"].size() == 1);
  CHECK(sum.json["baselines"][0]["source"] == "甲县");
}

TEST_CASE("what cannot be added is refused, naming the source") {
  auto a = signed_document(national_report(county_a()));
  SUBCASE("a cell this template lacks: a newer gongkai signed it") {
    auto newer = a;
    newer["applications"]["rows"]["new"]["robot"] = 1;
    CHECK_THROWS_WITH_AS(sum_reports("national", 2024, {{"甲县", a}, {"乙县", newer}}),
                         doctest::Contains("乙县: its national table has a cell applications/rows/new/robot"),
                         RuleViolation);
  }
  SUBCASE("another year, another template, a negative count, not a number") {
    CHECK_THROWS_AS(sum_reports("national", 2023, {{"甲县", a}}), RuleViolation);
    CHECK_THROWS_AS(sum_reports("legacy", 2024, {{"甲县", a}}), RuleViolation);
    auto negative = a;
    negative["appeals"]["reconsideration"]["upheld"] = -2;
    CHECK_THROWS_WITH_AS(sum_reports("national", 2024, {{"甲县", negative}}), doctest::Contains("not a count"),
                         RuleViolation);
    auto text = a;
    text["applications"]["rows"]["new"]["person"] = "5";
    CHECK_THROWS_AS(sum_reports("national", 2024, {{"甲县", text}}), RuleViolation);
  }
  SUBCASE("a cell a part lacks (an older gongkai) counts 0") {
    auto older = a;
    older["applications"]["rows"].erase("carried-out");
    auto sum = sum_reports("national", 2024, {{"甲县", older}});
    CHECK(sum.json["applications"]["rows"]["carried-out"]["total"] == 0);
    CHECK(sum.json["applications"]["rows"]["new"]["total"] == 10);
  }
  SUBCASE("nothing to add: the empty table of the year") {
    auto sum = sum_reports("national", 2020, {});
    CHECK(sum.json["template"] == "national-2019");
    CHECK(sum.json["applications"]["rows"]["new"]["total"] == 0);
  }
}
