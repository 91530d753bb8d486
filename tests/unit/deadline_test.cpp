// The reply deadline rules of domain.md §3, through the case library (workflows::DisclosureCase)
// on the shipped official calendar: the 2008 and 2019 periods, correction, third-party and fee
// pauses, the extension, provisional years, and working_days_left. Every expected date below
// was counted by hand on the official calendar (the counts are in the comments) and cross-checked
// against the independent holiday-cn data in shared/reference/cn-holidays.
#include <doctest/doctest.h>

#include <string>

#include "engine/calendar.h"
#include "engine/calendar_file.h"
#include "engine/deadline.h"
#include "engine/errors.h"
#include "workflows/disclosure_case.h"
#include "workflows/regime.h"
#include "workflows/shipped_calendar.h"

using gongkai::Date;
using gongkai::EventRecord;
using gongkai::WorkingCalendar;
using gongkai::workflows::CaseFacts;
using gongkai::workflows::DisclosureCase;

namespace {

Date D(std::string_view s) { return gongkai::parse_date(s); }

const WorkingCalendar& shipped() {
  static const WorkingCalendar cal = gongkai::workflows::shipped_calendar();
  return cal;
}

const Date kToday = Date::from_ymd(2099, 12, 31);  // events are never refused for being "in the future"

CaseFacts facts(std::string_view received, int regime = 0) {
  CaseFacts f;
  f.case_no = "T-1";
  f.agency = "t";
  f.received_on = D(received);
  f.regime = regime ? regime : gongkai::workflows::default_regime(f.received_on);
  f.channel = "online";
  f.applicant_type = "person";
  f.applicant = "张三";
  return f;
}

EventRecord event(std::string kind, std::string_view on, nlohmann::json details = nlohmann::json::object()) {
  EventRecord e;
  e.kind = std::move(kind);
  e.on = D(on);
  e.actor = "tester";
  e.details = std::move(details);
  return e;
}

// A case on a calendar, with the events applied so far.
struct TestCase {
  DisclosureCase c;
  explicit TestCase(std::string_view received, const WorkingCalendar& cal = shipped(), int regime = 0)
      : c(facts(received, regime), cal, "tester") {}
  TestCase& then(std::string kind, std::string_view on, nlohmann::json details = nlohmann::json::object()) {
    c.apply(event(std::move(kind), on, std::move(details)), kToday);
    return *this;
  }
  std::string due() const {
    auto s = c.snapshot();
    return s.due ? s.due->due.str() : "none";
  }
  bool provisional() const { return c.snapshot().due->provisional; }
  std::string final_due() const { return c.snapshot().final_due->due.str(); }
  std::string steps() const {
    std::string out;
    auto s = c.snapshot();
    const auto& d = s.due ? s.due : s.final_due;
    for (const auto& step : d->steps) out += step + "\n";
    return out;
  }
};

nlohmann::json approved() { return {{"approved_by", "局长"}}; }

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_SUITE("deadlines") {

TEST_CASE("deadline: the spec's examples") {
  CHECK(shipped().add_working_days(D("2019-09-25"), 20) == D("2019-10-28"));
  CHECK(shipped().add_working_days(D("2024-09-27"), 20) == D("2024-10-30"));
  // The same through a case: the 2019 period of 20 working days from receipt.
  CHECK(TestCase("2019-09-25").due() == "2019-10-28");
  CHECK(TestCase("2024-09-27").due() == "2024-10-30");
}

TEST_CASE("deadline: hand-checked National Day 2019 and 2024, with their make-up days") {
  // 2019-09-25 Wed. 1 Thu 26, 2 Fri 27, 3 Sun 29 (make-up), 4 Mon 30, 10-01..07 off,
  // 5..8 Tue 8 – Fri 11, 9 Sat 12 (make-up), 14 Fri 18, 19 Fri 25, 20 Mon 28.
  CHECK(shipped().is_working_day(D("2019-09-29")));
  CHECK(shipped().is_working_day(D("2019-10-12")));
  CHECK(shipped().add_working_days(D("2019-09-25"), 4) == D("2019-09-30"));
  CHECK(shipped().add_working_days(D("2019-09-25"), 5) == D("2019-10-08"));
  CHECK(shipped().add_working_days(D("2019-09-25"), 9) == D("2019-10-12"));
  // 2024-09-27 Fri. 1 Sun 29 (make-up), 2 Mon 30, 10-01..07 off, 3..6 Tue 8 – Fri 11,
  // 7 Sat 12 (make-up), 12 Fri 18, 17 Fri 25, 18 Mon 28, 19 Tue 29, 20 Wed 30.
  CHECK(shipped().is_working_day(D("2024-09-29")));
  CHECK(shipped().is_working_day(D("2024-10-12")));
  CHECK_FALSE(shipped().is_working_day(D("2024-10-07")));
  CHECK(shipped().add_working_days(D("2024-09-27"), 1) == D("2024-09-29"));
  CHECK(shipped().add_working_days(D("2024-09-27"), 3) == D("2024-10-08"));
  CHECK(shipped().add_working_days(D("2024-09-27"), 7) == D("2024-10-12"));
}

TEST_CASE("deadline: hand-checked Spring Festival 2024 and 2009") {
  // 2024-02-01 Thu. 1 Fri 2, 2 Sun 4 (make-up), 3..7 Mon 5 – Fri 9, 02-10..17 off,
  // 8 Sun 18 (make-up), 13 Fri 23, 18 Fri Mar 1, 19 Mon 4, 20 Tue Mar 5.
  TestCase c("2024-02-01");
  CHECK(c.due() == "2024-03-05");
  CHECK(shipped().add_working_days(D("2024-02-01"), 2) == D("2024-02-04"));
  CHECK(shipped().add_working_days(D("2024-02-01"), 8) == D("2024-02-18"));
  // Under the 2008 rules the same receipt would be due on day 15: Fri Feb 27 … counted on:
  // 15 = Tue 2024-02-27 (13 Fri 23, 14 Mon 26, 15 Tue 27).
  CHECK(TestCase("2024-02-01", shipped(), 2008).due() == "2024-02-27");
  // 2009 (2008 rules): received Tue 2009-01-20. 1 Wed 21, 2 Thu 22, 3 Fri 23, 4 Sat 24 (make-up),
  // 01-25..31 off, 5 Sun Feb 1 (make-up), 10 Fri Feb 6, 15 Fri Feb 13.
  TestCase old("2009-01-20");
  CHECK(old.c.facts().regime == 2008);
  CHECK(old.due() == "2009-02-13");
}

TEST_CASE("deadline: the 2008 period is 15 working days, the 2019 period 20") {
  // The last day of the 2008 rules and the first of the 2019 rules.
  TestCase a("2019-05-14");
  CHECK(a.c.facts().regime == 2008);
  // Tue 05-14: 3 Fri 17, 8 Fri 24, 13 Fri 31, 14 Mon Jun 3, 15 Tue Jun 4.
  CHECK(a.due() == "2019-06-04");
  TestCase b("2019-05-15");
  CHECK(b.c.facts().regime == 2019);
  // Wed 05-15: 2 Fri 17, 7 Fri 24, 12 Fri 31, 16 Thu Jun 6, Fri Jun 7 off (端午), 20 Thu Jun 13.
  CHECK(b.due() == "2019-06-13");
  CHECK(contains(b.steps(), "period 20 working days"));
  CHECK(contains(a.steps(), "period 15 working days"));
}

TEST_CASE("deadline: a correction request stops the clock; the corrected application restarts it") {
  TestCase c("2024-03-01");
  CHECK(c.due() == "2024-03-29");
  c.then("correction-requested", "2024-03-05");
  CHECK(c.c.snapshot().state == "awaiting-correction");
  CHECK(c.due() == "none");  // no reply is due while awaiting correction
  CHECK(c.c.snapshot().correction_notice_on == D("2024-03-05"));
  CHECK_FALSE(c.c.snapshot().late_correction_notice);
  c.then("correction-received", "2024-03-20");
  // From Wed 03-20, not from receipt: 2 Fri 22, 7 Fri 29, 10 Wed Apr 3, 04-04..06 off,
  // 11 Sun Apr 7 (make-up), 16 Fri 12, 20 Thu Apr 18.
  CHECK(c.due() == "2024-04-18");
  CHECK(contains(c.steps(), "start 2024-03-20 (correction received)"));
}

TEST_CASE("deadline: a correction notice later than 7 working days after receipt is marked late") {
  // Received Fri 2024-03-01: the 7th working day is Tue 03-12.
  TestCase on_time("2024-03-01");
  on_time.then("correction-requested", "2024-03-12");
  CHECK_FALSE(on_time.c.snapshot().late_correction_notice);
  TestCase late("2024-03-01");
  late.then("correction-requested", "2024-03-13");
  CHECK(late.c.snapshot().late_correction_notice);
}

TEST_CASE("deadline: closing while awaiting correction is never late (no reply was due)") {
  TestCase c("2024-03-01");
  c.then("correction-requested", "2024-03-05").then("answered", "2024-06-03", {{"outcome", "other/no-correction"}});
  // The first application's clock (due 2024-03-29) is not the measure.
  CHECK(c.final_due() == "2024-06-03");
  TestCase w("2024-03-01");
  w.then("correction-requested", "2024-03-05").then("withdrawn", "2024-05-06");
  CHECK(w.final_due() == "2024-05-06");
}

TEST_CASE("deadline: a third-party consultation pauses the clock until the reply") {
  // Received Mon 2024-05-06; without a pause due Fri 05-31 (4 Fri 10, 5 Sat 11 make-up, 20 Fri 31).
  TestCase c("2024-05-06");
  c.then("reviewed", "2024-05-07");
  CHECK(c.due() == "2024-05-31");
  c.then("third-party-consulted", "2024-05-08");
  // While consulting: the full 15 working days assumed. 35 working days: Mon 2024-06-24
  // (Jun 10 is 端午), and the third party's period lapses on its 15th day, Tue 05-28.
  CHECK(c.c.snapshot().state == "consulting-third-party");
  CHECK(c.due() == "2024-06-24");
  CHECK(c.c.snapshot().pause_kind == "third-party");
  CHECK(c.c.snapshot().pause_lapses_on == D("2024-05-28"));
  CHECK(contains(c.steps(), "still running, assumed to its full 15 working days"));
  c.then("third-party-replied", "2024-05-15");
  // Paused: working days d with 05-08 < d <= 05-15 = Thu 9, Fri 10, Sat 11 (make-up), Mon 13,
  // Tue 14, Wed 15 = 6. Due = 26 working days: Fri 05-31 + Mon Jun 3 … Fri 7 (25), Tue Jun 11.
  CHECK(c.due() == "2024-06-11");
  CHECK(c.c.snapshot().pause_kind.empty());
  CHECK(contains(c.steps(), "third-party consultation from 2024-05-08 to 2024-05-15 (ended 2024-05-15): +6 working days"));
}

TEST_CASE("deadline: a third-party reply later than 15 working days counts only 15") {
  TestCase c("2024-05-06");
  c.then("reviewed", "2024-05-07").then("third-party-consulted", "2024-05-08").then("third-party-replied", "2024-06-05");
  CHECK(c.due() == "2024-06-24");  // as if it had lapsed on 05-28: +15, not +20
  CHECK(contains(c.steps(), "lapsed after 15 working days"));
}

TEST_CASE("deadline: a fee notice pauses the clock, at most 20 working days") {
  // Paid after two working days (Thu 9, Fri 10): 22 working days, Tue 2024-06-04.
  TestCase paid("2024-05-06");
  paid.then("reviewed", "2024-05-07").then("fee-requested", "2024-05-08", {{"amount", "30"}});
  CHECK(paid.c.snapshot().state == "awaiting-fee");
  // The applicant's 20 working days end Tue 06-04; meanwhile 40 working days assumed: Mon 07-01.
  CHECK(paid.c.snapshot().pause_kind == "fee");
  CHECK(paid.c.snapshot().pause_lapses_on == D("2024-06-04"));
  CHECK(paid.due() == "2024-07-01");
  paid.then("fee-paid", "2024-05-10");
  CHECK(paid.due() == "2024-06-04");

  // Paid (recorded) long after the 20 days: only 20 count.
  TestCase late("2024-05-06");
  late.then("reviewed", "2024-05-07").then("fee-requested", "2024-05-08", {{"amount", "30"}}).then("fee-paid", "2024-06-20");
  CHECK(late.due() == "2024-07-01");

  // Never paid: closed other/fee-unpaid, the pause ending at the closing.
  TestCase unpaid("2024-05-06");
  unpaid.then("reviewed", "2024-05-07").then("fee-requested", "2024-05-08", {{"amount", "30"}});
  unpaid.then("answered", "2024-06-05", {{"outcome", "other/fee-unpaid"}});
  CHECK(unpaid.c.snapshot().state == "answered");
  CHECK(unpaid.final_due() == "2024-07-01");
}

TEST_CASE("deadline: an extension adds the period, once, on or before the due date") {
  TestCase c("2024-09-27");
  c.then("reviewed", "2024-09-30");
  CHECK(c.due() == "2024-10-30");
  c.then("extended", "2024-10-30", approved());  // on the due date itself: allowed
  // 40 working days: day 20 Wed 10-30, 22 Fri Nov 1, 27 Fri 8, 32 Fri 15, 37 Fri 22, 40 Wed Nov 27.
  CHECK(c.due() == "2024-11-27");
  CHECK(contains(c.steps(), "extension +20 working days"));
  // A second extension is refused, and changes nothing.
  CHECK_THROWS_AS(c.then("extended", "2024-11-01", approved()), gongkai::RuleViolation);
  CHECK(c.due() == "2024-11-27");

  // After the due date: refused.
  TestCase late("2024-09-27");
  late.then("reviewed", "2024-09-30");
  CHECK_THROWS_AS(late.then("extended", "2024-10-31", approved()), gongkai::RuleViolation);
  CHECK(late.due() == "2024-10-30");

  // Under the 2008 rules the extension is 15: 2009-01-20 + 30 working days = Fri 2009-03-06.
  TestCase old("2009-01-20");
  old.then("reviewed", "2009-01-21").then("extended", "2009-02-10", approved());
  CHECK(old.due() == "2009-03-06");
}

TEST_CASE("deadline: pauses and the extension together") {
  TestCase c("2024-05-06");
  c.then("reviewed", "2024-05-07").then("third-party-consulted", "2024-05-08").then("third-party-replied", "2024-05-15");
  c.then("extended", "2024-06-11", approved());  // the due date after the pause
  // 26 + 20 = 46 working days: from Tue 06-11 (26): Fri 14 (29), Fri 21 (34), Fri 28 (39),
  // Fri Jul 5 (44), Tue Jul 9 (46).
  CHECK(c.due() == "2024-07-09");
}

TEST_CASE("deadline: a year without an official calendar is provisional until it is loaded") {
  WorkingCalendar cal = shipped();
  REQUIRE_FALSE(cal.is_loaded(2027));
  // Received Sun 2026-12-20; on the plain week 2027-01-01 (Fri) is a working day:
  // 5 Fri Dec 25, 9 Thu 31, 10 Fri Jan 1, 15 Fri Jan 8, 20 Fri 2027-01-15.
  TestCase c("2026-12-20", cal);
  CHECK(c.due() == "2027-01-15");
  CHECK(c.provisional());
  CHECK(c.c.snapshot().due->provisional_years == std::vector<int>{2027});
  CHECK(contains(c.steps(), "provisional: no official calendar loaded for 2027"));

  // A (made-up, for this test) 2027 arrangement with New Year's Day off, and a make-up Saturday
  // on 2027-02-06, in the own text format. Replaying the history with it moves the date.
  auto years = gongkai::parse_calendar_text(
      "2027 notice a test arrangement\n2027 off 2027-01-01 元旦\n2027 work 2027-02-06 春节\n", "test-2027.txt");
  WorkingCalendar with_2027 = shipped();
  for (const auto& y : years) with_2027.load(y);
  auto again = DisclosureCase::replay(c.c.history(), "T-1", "t", with_2027);
  CHECK(again.snapshot().due->due == D("2027-01-18"));
  CHECK_FALSE(again.snapshot().due->provisional);
  CHECK(with_2027.is_working_day(D("2027-02-06")));
  // A due date before the unknown year is not provisional.
  CHECK_FALSE(TestCase("2026-11-02", cal).provisional());
}

TEST_CASE("deadline: working_days_left") {
  const auto& cal = shipped();
  using gongkai::working_days_left;
  // Due Wed 2024-10-30.
  CHECK(working_days_left(D("2024-10-30"), D("2024-10-30"), cal) == 0);   // due today
  CHECK(working_days_left(D("2024-10-30"), D("2024-10-28"), cal) == 2);   // Tue 29, Wed 30
  CHECK(working_days_left(D("2024-10-30"), D("2024-09-30"), cal) == 18);  // across National Day
  CHECK(working_days_left(D("2024-10-30"), D("2024-10-31"), cal) == -1);  // due yesterday
  CHECK(working_days_left(D("2024-10-30"), D("2024-11-02"), cal) == -2);  // a Saturday: Thu 31, Fri 1
  CHECK(working_days_left(D("2024-10-30"), D("2024-11-04"), cal) == -3);  // Thu 31, Fri 1, Mon 4
  // Due Mon 2024-09-30, the last working day before the holiday: on Tue 10-08 it is one working
  // day late, not eight calendar days.
  CHECK(working_days_left(D("2024-09-30"), D("2024-10-08"), cal) == -1);
  // Due Tue 2024-10-08, seen on Fri 09-27: Sun 29 (make-up), Mon 30, Tue Oct 8.
  CHECK(working_days_left(D("2024-10-08"), D("2024-09-27"), cal) == 3);
  // The definition: add_working_days(T, N) == due.
  for (int n = 0; n < 40; ++n)
    CHECK(working_days_left(cal.add_working_days(D("2024-09-27"), n), D("2024-09-27"), cal) == n);
}

}  // TEST_SUITE
