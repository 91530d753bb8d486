// The steps a case page offers: exactly those the state machine accepts now.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "workflows/allowed_events.h"
#include "workflows/shipped_calendar.h"

using namespace gongkai;
using namespace gongkai::workflows;

namespace {

const WorkingCalendar& cal() {
  static const WorkingCalendar c = shipped_calendar();
  return c;
}

DisclosureCase received_on(Date d) {
  CaseFacts f;
  f.case_no = "t-2024-0001";
  f.agency = "t";
  f.regime = 2019;
  f.received_on = d;
  f.channel = "post";
  f.applicant_type = "person";
  f.applicant = "张三";
  DisclosureCase c(f, cal(), "test");
  return DisclosureCase::replay(c.history(), f.case_no, f.agency, cal());
}

void record(DisclosureCase& c, const std::string& kind, Date on, nlohmann::json details = nlohmann::json::object()) {
  EventRecord e;
  e.kind = kind;
  e.on = on;
  e.actor = "test";
  e.details = std::move(details);
  c.apply(e, Date::from_ymd(2999, 1, 1));
}

std::set<std::string> kinds(const std::vector<AllowedEvent>& all) {
  std::set<std::string> out;
  for (const auto& a : all) out.insert(std::string(a.kind->kind));
  return out;
}

std::vector<std::string> outcomes(const std::vector<AllowedEvent>& all) {
  for (const auto& a : all)
    if (a.kind->kind == "answered") return a.outcomes;
  return {};
}

const Date D(int y, int m, int d) { return Date::from_ymd(y, m, d); }

}  // namespace

TEST_CASE("a new case: correction, review, an answer (not the two reserved outcomes), withdrawal, complaint") {
  auto c = received_on(D(2024, 9, 2));
  auto a = allowed_events(c, D(2024, 9, 3), cal());
  CHECK(kinds(a) == std::set<std::string>{"correction-requested", "reviewed", "answered", "withdrawn", "complaint-filed"});
  auto o = outcomes(a);
  CHECK(std::find(o.begin(), o.end(), "disclosed") != o.end());
  CHECK(std::find(o.begin(), o.end(), "other/no-correction") == o.end());
  CHECK(std::find(o.begin(), o.end(), "other/fee-unpaid") == o.end());
  CHECK(std::find(o.begin(), o.end(), "already-public") == o.end());  // 2008 rules only
  CHECK(c.history().size() == 1);  // the case itself is untouched
}

TEST_CASE("awaiting correction: its receipt, the one answer, withdrawal; under review: extension, pauses") {
  auto c = received_on(D(2024, 9, 2));
  record(c, "correction-requested", D(2024, 9, 3));
  auto a = allowed_events(c, D(2024, 9, 4), cal());
  CHECK(kinds(a) == std::set<std::string>{"correction-received", "answered", "withdrawn", "complaint-filed"});
  CHECK(outcomes(a) == std::vector<std::string>{"other/no-correction"});
  record(c, "correction-received", D(2024, 9, 5));
  record(c, "reviewed", D(2024, 9, 6));
  auto b = kinds(allowed_events(c, D(2024, 9, 9), cal()));
  CHECK(b.count("extended"));
  CHECK(b.count("third-party-consulted"));
  CHECK(b.count("fee-requested"));
  CHECK(!b.count("reviewed"));
  CHECK(!b.count("reconsideration-filed"));  // not overdue, not answered
}

TEST_CASE("overdue on the date asked: appeals open; answered: appeals, no second answer") {
  auto c = received_on(D(2024, 3, 4));  // due 2024-04-01
  CHECK(!kinds(allowed_events(c, D(2024, 3, 20), cal())).count("reconsideration-filed"));
  auto late = kinds(allowed_events(c, D(2024, 5, 6), cal()));
  CHECK(late.count("reconsideration-filed"));
  CHECK(late.count("litigation-filed"));
  record(c, "answered", D(2024, 5, 7), {{"outcome", "withheld/state-secret"}});
  auto after = kinds(allowed_events(c, D(2024, 5, 8), cal()));
  CHECK(!after.count("answered"));
  CHECK(after.count("reconsideration-filed"));
  CHECK(!after.count("litigation-filed"));  // withheld: reconsideration first (since 2024)
}
