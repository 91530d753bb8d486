// Every state × every event kind, allowed or refused as domain.md §2 says, through the same
// library path the CLI takes (DisclosureCase::apply).
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "engine/errors.h"
#include "workflows/compact_case.h"
#include "workflows/disclosure_case.h"
#include "workflows/shipped_calendar.h"

using namespace gongkai;
using namespace gongkai::workflows;

namespace {

const WorkingCalendar& cal() {
  static const WorkingCalendar c = shipped_calendar();
  return c;
}
const Date kToday = Date::from_ymd(2026, 11, 26);

CaseFacts facts(Date received, int regime = 2019) {
  CaseFacts f;
  f.case_no = "t-2024-0001";
  f.agency = "t";
  f.regime = regime;
  f.received_on = received;
  f.channel = "post";
  f.applicant_type = "person";
  f.applicant = "张三";
  return f;
}

EventRecord ev(const std::string& kind, Date on, nlohmann::json details = nlohmann::json::object()) {
  EventRecord e;
  e.kind = kind;
  e.on = on;
  e.actor = "test";
  e.details = std::move(details);
  return e;
}

// One probe per event kind, with valid options. `answered` comes in three flavours because its
// rules depend on the outcome.
struct Probe {
  std::string name, kind;
  nlohmann::json details;
};
const std::vector<Probe>& probes() {
  static const std::vector<Probe> p = {
      {"correction-requested", "correction-requested", {}},
      {"correction-received", "correction-received", {}},
      {"reviewed", "reviewed", {{"handler", "li"}}},
      {"third-party-consulted", "third-party-consulted", {}},
      {"third-party-replied", "third-party-replied", {}},
      {"extended", "extended", {{"approved_by", "head"}}},
      {"fee-requested", "fee-requested", {{"amount", "20"}}},
      {"fee-paid", "fee-paid", {}},
      {"answered:disclosed", "answered", {{"outcome", "disclosed"}}},
      {"answered:no-correction", "answered", {{"outcome", "other/no-correction"}}},
      {"answered:fee-unpaid", "answered", {{"outcome", "other/fee-unpaid"}}},
      {"withdrawn", "withdrawn", {}},
      {"reconsideration-filed", "reconsideration-filed", {}},
      {"reconsideration-decided", "reconsideration-decided", {{"result", "upheld"}}},
      {"litigation-filed", "litigation-filed", {}},
      {"litigation-decided", "litigation-decided", {{"result", "corrected"}}},
      {"complaint-filed", "complaint-filed", {}},
      {"corrected", "corrected", {{"field", "subject"}, {"value", "更正后的内容"}, {"note", "错别字"}}},
  };
  return p;
}

struct Setup {
  std::string state, appeal_state;
  std::vector<std::pair<std::string, nlohmann::json>> path;  // events from receipt, all on day 0..n
  std::set<std::string> allowed;
};

// Received on Monday 2024-03-04; every step one day later, so each stays well inside the
// 20-working-day period (the case is never overdue here).
const std::vector<Setup>& setups() {
  static const std::vector<Setup> s = {
      {"received", "none", {},
       {"correction-requested", "reviewed", "answered:disclosed", "withdrawn", "complaint-filed"}},
      {"awaiting-correction", "none", {{"correction-requested", {}}},
       {"correction-received", "answered:no-correction", "withdrawn", "complaint-filed"}},
      {"under-review", "none", {{"reviewed", {}}},
       {"third-party-consulted", "extended", "fee-requested", "answered:disclosed", "withdrawn", "complaint-filed"}},
      {"consulting-third-party", "none", {{"reviewed", {}}, {"third-party-consulted", {}}},
       {"third-party-replied", "extended", "answered:disclosed", "withdrawn", "complaint-filed"}},
      {"awaiting-fee", "none", {{"reviewed", {}}, {"fee-requested", {{"amount", "20"}}}},
       {"fee-paid", "extended", "answered:fee-unpaid", "withdrawn", "complaint-filed"}},
      {"answered", "none", {{"answered", {{"outcome", "disclosed"}}}},
       {"reconsideration-filed", "litigation-filed", "complaint-filed"}},
      {"withdrawn", "none", {{"withdrawn", {}}},
       {"reconsideration-filed", "litigation-filed", "complaint-filed"}},
      {"answered", "in-reconsideration", {{"answered", {{"outcome", "disclosed"}}}, {"reconsideration-filed", {}}},
       {"reconsideration-decided", "complaint-filed"}},
      {"answered", "reconsidered",
       {{"answered", {{"outcome", "disclosed"}}}, {"reconsideration-filed", {}}, {"reconsideration-decided", {{"result", "other"}}}},
       {"litigation-filed", "complaint-filed"}},
      {"answered", "in-litigation", {{"answered", {{"outcome", "disclosed"}}}, {"litigation-filed", {}}},
       {"litigation-decided", "complaint-filed"}},
      {"answered", "litigated",
       {{"answered", {{"outcome", "disclosed"}}}, {"litigation-filed", {}}, {"litigation-decided", {{"result", "upheld"}}}},
       {"complaint-filed"}},
  };
  return s;
}

DisclosureCase reach(const Setup& s, Date* last) {
  Date d = Date::from_ymd(2024, 3, 4);
  DisclosureCase c(facts(d), cal(), "test");
  for (const auto& [kind, details] : s.path) {
    d = d + 1;
    c.apply(ev(kind, d, details), kToday);
  }
  *last = d;
  return c;
}

}  // namespace

TEST_CASE("every state × every event kind is allowed or refused as the rules say") {
  for (const auto& s : setups()) {
    for (const auto& p : probes()) {
      Date last;
      DisclosureCase c = reach(s, &last);
      REQUIRE(c.snapshot().state == s.state);
      REQUIRE(c.snapshot().appeal_state == s.appeal_state);
      const auto before = c.snapshot();
      // A correction of a registered fact is no step of the handling: possible in every state.
      const bool expected = s.allowed.count(p.name) > 0 || p.name == "corrected";
      INFO("state " << s.state << " / appeal " << s.appeal_state << ", event " << p.name);
      bool allowed = true;
      std::string message;
      try {
        c.apply(ev(p.kind, last + 1, p.details), kToday);
      } catch (const RuleViolation& e) {
        allowed = false;
        message = e.what();
      }
      CHECK(allowed == expected);
      if (!allowed) {
        // The message names the case, its state and the event; the case is unchanged.
        CHECK(message.find("t-2024-0001") != std::string::npos);
        CHECK(message.find(s.state) != std::string::npos);
        CHECK(message.find(p.kind) != std::string::npos);
        CHECK(c.snapshot().state == before.state);
        CHECK(c.snapshot().appeal_state == before.appeal_state);
        CHECK(c.history().size() == static_cast<size_t>(before.event_count));
      }
    }
  }
}

TEST_CASE("a correction is requested once; a late notice is marked") {
  Date r = Date::from_ymd(2024, 3, 4);
  DisclosureCase c(facts(r), cal(), "t");
  c.apply(ev("correction-requested", r + 3), kToday);
  CHECK_FALSE(c.snapshot().late_correction_notice);
  CHECK_FALSE(c.snapshot().due.has_value());  // no reply due while awaiting correction
  c.apply(ev("correction-received", r + 10), kToday);
  CHECK(c.snapshot().state == "received");
  CHECK_THROWS_AS(c.apply(ev("correction-requested", r + 11), kToday), RuleViolation);

  DisclosureCase late(facts(r), cal(), "t");
  late.apply(ev("correction-requested", r + 14), kToday);  // 10 working days after receipt
  CHECK(late.snapshot().late_correction_notice);
}

TEST_CASE("appeals: only when answered, withdrawn or overdue; once each; withheld answers go to reconsideration first") {
  Date r = Date::from_ymd(2024, 3, 4);
  DisclosureCase open(facts(r), cal(), "t");
  open.apply(ev("reviewed", r + 1), kToday);
  CHECK_THROWS_AS(open.apply(ev("reconsideration-filed", r + 2), kToday), RuleViolation);
  // 20 working days from 2024-03-04 is 2024-04-01; the day after, failure to reply is appealable.
  CHECK(open.snapshot().due->due == Date::from_ymd(2024, 4, 1));
  CHECK_THROWS_AS(open.apply(ev("litigation-filed", Date::from_ymd(2024, 4, 1)), kToday), RuleViolation);
  open.apply(ev("litigation-filed", Date::from_ymd(2024, 4, 2)), kToday);
  CHECK(open.snapshot().appeal_state == "in-litigation");
  CHECK(*open.snapshot().litigation_direct);

  DisclosureCase withheld(facts(r), cal(), "t");
  withheld.apply(ev("answered", r + 5, {{"outcome", "withheld/state-secret"}}), kToday);
  CHECK_THROWS_AS(withheld.apply(ev("litigation-filed", r + 6), kToday), RuleViolation);
  withheld.apply(ev("reconsideration-filed", r + 6), kToday);
  CHECK_THROWS_AS(withheld.apply(ev("reconsideration-filed", r + 7), kToday), RuleViolation);
  CHECK_THROWS_AS(withheld.apply(ev("litigation-filed", r + 7), kToday), RuleViolation);  // still pending
  withheld.apply(ev("reconsideration-decided", r + 20, {{"result", "upheld"}}), kToday);
  withheld.apply(ev("litigation-filed", r + 21), kToday);
  CHECK_FALSE(*withheld.snapshot().litigation_direct);
  CHECK_THROWS_AS(withheld.apply(ev("litigation-filed", r + 22), kToday), RuleViolation);

  // Before 2024 a withheld answer could go straight to court.
  Date r23 = Date::from_ymd(2023, 3, 6);
  DisclosureCase old(facts(r23), cal(), "t");
  old.apply(ev("answered", r23 + 5, {{"outcome", "withheld/state-secret"}}), kToday);
  old.apply(ev("litigation-filed", r23 + 6), kToday);
  CHECK(old.snapshot().appeal_state == "in-litigation");
}

TEST_CASE("outcome codes: unknown is bad input, 2008-only codes refused under the 2019 rules") {
  Date r = Date::from_ymd(2024, 3, 4);
  DisclosureCase c(facts(r), cal(), "t");
  CHECK_THROWS_AS(c.apply(ev("answered", r + 1, {{"outcome", "granted"}}), kToday), UsageError);
  try {
    c.apply(ev("answered", r + 1, {{"outcome", "already-public"}}), kToday);
    FAIL("already-public accepted under the 2019 rules");
  } catch (const RuleViolation& e) {
    CHECK(std::string(e.what()).find("disclosed") != std::string::npos);  // names the right code
  }
  Date r18 = Date::from_ymd(2018, 3, 5);
  DisclosureCase old(facts(r18, 2008), cal(), "t");
  old.apply(ev("answered", r18 + 1, {{"outcome", "already-public"}}), kToday);
  CHECK(*old.snapshot().outcome == "already-public");
}

TEST_CASE("bad input: dates and options") {
  Date r = Date::from_ymd(2024, 3, 4);
  DisclosureCase c(facts(r), cal(), "t");
  CHECK_THROWS_AS(c.apply(ev("reviewed", r - 1), kToday), UsageError);         // before the previous event
  CHECK_THROWS_AS(c.apply(ev("reviewed", kToday + 1), kToday), UsageError);    // in the future
  CHECK_THROWS_AS(c.apply(ev("approved", r + 1), kToday), UsageError);         // unknown kind
  CHECK_THROWS_AS(c.apply(ev("reviewed", r + 1, {{"outcome", "disclosed"}}), kToday), UsageError);  // wrong option
  c.apply(ev("reviewed", r + 1), kToday);
  CHECK_THROWS_AS(c.apply(ev("extended", r + 2), kToday), UsageError);         // --approved-by missing
  CHECK_THROWS_AS(c.apply(ev("fee-requested", r + 2, {{"amount", "abc"}}), kToday), UsageError);
  CHECK(c.history().size() == 2);
}

TEST_CASE("replaying a history reproduces the case; a broken history is reported") {
  Date r = Date::from_ymd(2024, 3, 4);
  DisclosureCase c(facts(r), cal(), "t");
  c.apply(ev("reviewed", r + 1), kToday);
  c.apply(ev("third-party-consulted", r + 2), kToday);
  c.apply(ev("third-party-replied", r + 9), kToday);
  c.apply(ev("answered", r + 10, {{"outcome", "partially-disclosed"}}), kToday);
  c.apply(ev("reconsideration-filed", r + 30), kToday);
  auto again = DisclosureCase::replay(c.history(), "t-2024-0001", "t", cal());
  CHECK(again.snapshot().state == "answered");
  CHECK(again.snapshot().appeal_state == "in-reconsideration");
  CHECK(again.snapshot().final_due->due == c.snapshot().final_due->due);

  auto broken = c.history();
  broken[1].kind = "fee-paid";  // not allowed in received
  CHECK_THROWS_AS(DisclosureCase::replay(broken, "t-2024-0001", "t", cal()), InternalError);
}

TEST_CASE("a corrected receipt date: the case as if received that day; the history keeps the receipt") {
  Date r = Date::from_ymd(2024, 3, 4);
  DisclosureCase right(facts(r + 7), cal(), "t");
  right.apply(ev("reviewed", r + 8), kToday);
  right.apply(ev("extended", r + 16, {{"approved_by", "head"}}), kToday);

  DisclosureCase typo(facts(r), cal(), "t");
  typo.apply(ev("reviewed", r + 8), kToday);
  typo.apply(ev("extended", r + 16, {{"approved_by", "head"}}), kToday);
  CHECK(typo.snapshot().due->due != right.snapshot().due->due);
  typo.apply(ev("corrected", r + 20, {{"field", "received"}, {"value", (r + 7).str()}, {"note", "收文日期"}}), kToday);
  CHECK(typo.snapshot().due->due == right.snapshot().due->due);
  CHECK(typo.facts().received_on == r + 7);
  CHECK(typo.history().front().on == r);  // the receipt as registered

  // Replayed from its history, it is the same case.
  auto again = DisclosureCase::replay(typo.history(), "t-2024-0001", "t", cal());
  CHECK(again.snapshot().due->due == right.snapshot().due->due);
  CHECK(again.facts().received_on == r + 7);

  // Not after a later step, nor after the correction itself; the case unchanged.
  CHECK_THROWS_AS(typo.apply(ev("corrected", r + 21, {{"field", "received"}, {"value", (r + 9).str()}, {"note", "x"}}),
                             kToday),
                  UsageError);
  CHECK(typo.facts().received_on == r + 7);
  CHECK(typo.history().size() == 4);
}

TEST_CASE("a correction names a correctable fact and keeps a receipt whole") {
  Date r = Date::from_ymd(2024, 3, 4);
  DisclosureCase c(facts(r), cal(), "t");
  auto corrected = [&](nlohmann::json d) { c.apply(ev("corrected", r + 1, std::move(d)), kToday); };
  CHECK_THROWS_AS(corrected({{"field", "outcome"}, {"value", "disclosed"}, {"note", "x"}}), UsageError);
  CHECK_THROWS_AS(corrected({{"field", "subject"}, {"value", "x"}}), UsageError);           // no reason
  CHECK_THROWS_AS(corrected({{"field", "applicant"}, {"value", ""}, {"note", "x"}}), UsageError);  // no name
  CHECK_THROWS_AS(corrected({{"field", "channel"}, {"value", "pigeon"}, {"note", "x"}}), UsageError);
  CHECK(c.history().size() == 1);
  corrected({{"field", "letter-ref"}, {"value", "XF-1"}, {"note", "x"}});
  CHECK(c.facts().letter_ref == "XF-1");
}

TEST_CASE("a corrected history in compact form (a bulk import's spill) rebuilds to the same case") {
  Date r = Date::from_ymd(2024, 3, 4);
  DisclosureCase c(facts(r), cal(), "t");
  c.apply(ev("reviewed", r + 8), kToday);
  c.apply(ev("corrected", r + 9, {{"field", "received"}, {"value", (r + 7).str()}, {"note", "收文日期"}}), kToday);
  c.apply(ev("corrected", r + 9, {{"field", "applicant"}, {"value", "张山"}, {"note", "错字"}}), kToday);
  c.apply(ev("extended", r + 16, {{"approved_by", "head"}}), kToday);
  std::vector<CompactEvent> compact;
  for (const auto& e : c.history()) compact.push_back(compact_event(e));
  compact.front().on = c.facts().received_on.days();  // as ImportValidator::resolve keeps it
  auto rebuilt = rebuild_case("t-2024-0001", "t", c.facts().regime, compact, cal());
  CHECK(rebuilt.snapshot().due->due == c.snapshot().due->due);
  CHECK(rebuilt.snapshot().state == c.snapshot().state);
  CHECK(rebuilt.history().size() == c.history().size());
}
