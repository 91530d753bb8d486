// The import's checks without a database: the header, one row on its own, the rules across rows
// (case references, dependent rows, kept numbers), and the compact per-case state — a validator
// that must rebuild its state machines from compact events all the time ends exactly where one
// that keeps them live does.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <sstream>

#include "engine/csv_writer.h"
#include "engine/errors.h"
#include "workflows/compact_case.h"
#include "workflows/import_validator.h"
#include "workflows/seen_filter.h"
#include "workflows/shipped_calendar.h"

using namespace gongkai;
using namespace gongkai::workflows;

namespace {

const WorkingCalendar& cal() {
  static const WorkingCalendar c = shipped_calendar();
  return c;
}
const Date kToday = Date::from_ymd(2024, 12, 31);

// Feeds a whole CSV text through a validator; returns the problems as "N: message".
struct Run {
  std::vector<std::string> problems;
  std::vector<RowProblem> raw;
};
Run validate(ImportValidator& v, const std::string& text) {
  std::istringstream in(text);
  CsvReader r(in);
  REQUIRE(r.next());
  ColumnMap m = ColumnMap::from_header(r);
  r.expect_fields(r.size());
  Run out;
  while (r.next()) {
    if (r.blank()) continue;
    auto p = v.check_record(r, m, "tester");
    if (p) {
      out.problems.push_back(std::to_string(p->row) + ": " + p->message);
      out.raw.push_back(*p);
    }
  }
  return out;
}

ImportValidator::Lookups lookups() {
  ImportValidator::Lookups l;
  l.agencies = {{"hx", 1}, {"lj", 2}};
  return l;
}

std::string header = "case,event,on,agency,channel,applicant_type,applicant,letter_ref,outcome,note,approved_by\n";
std::string receipt(const std::string& ref, const std::string& on, const std::string& agency = "hx",
                    const std::string& letter_ref = "") {
  return ref + ",received," + on + "," + agency + ",online,person,someone," + letter_ref + ",,,\n";
}

bool starts(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// The stored case hx-2024-0009 as the lookup gives it: received on `received`, nothing else yet.
StoredCaseForImport stored_hx_2024_0009(Date received, const std::string& version = "") {
  StoredCaseForImport s;
  s.id = 77;
  s.case_no = "hx-2024-0009";
  s.agency = "hx";
  s.agency_id = 1;
  s.state = "received";
  s.appeal_state = "none";
  s.event_count = 1;
  s.version = version;
  EventRecord e;
  e.seq = 1;
  e.kind = "received";
  e.on = received;
  e.actor = "x";
  CaseFacts f;
  f.agency = "hx";
  f.received_on = e.on;
  f.channel = "post";
  f.applicant_type = "person";
  f.applicant = "stored";
  e.details = facts_to_details(f);
  s.events.push_back(e);
  return s;
}

}  // namespace

TEST_SUITE("import-validator") {
  TEST_CASE("header: unknown, duplicate and missing required columns") {
    auto header_of = [](const std::string& text) {
      std::istringstream in(text);
      CsvReader r(in);
      REQUIRE(r.next());
      return ColumnMap::from_header(r);
    };
    CHECK_NOTHROW(header_of("on,event,case\n"));
    CHECK_NOTHROW(header_of("case,event,on,actor,contact\n"));
    CHECK_THROWS_WITH_AS(header_of("case,event,on,Case\n"), doctest::Contains("unknown column 'Case'"), UsageError);
    CHECK_THROWS_WITH_AS(header_of("case,event,on,on\n"), doctest::Contains("'on' appears twice"), UsageError);
    CHECK_THROWS_WITH_AS(header_of("case,on\n"), doctest::Contains("'event' is missing"), UsageError);
  }

  TEST_CASE("one row on its own: values, and columns in the wrong kind of row") {
    ImportValidator v(cal(), kToday, lookups());
    auto run = validate(v, header +
                               "A,received,2024-01-02,hx,online,person,p,,,,\n"            // 2 fine
                               "A,received,2024-01-02,hx,online,person,,,,,\n"             // 3 no applicant
                               "B,received,2024-01-02,hx,online,robot,p,,,,\n"             // 4 bad type
                               "C,received,2024-01-02,hx,online,person,p,,disclosed,,\n"   // 5 option on a receipt
                               "A,reviewed,2024-01-03,,online,,,,,,\n"                     // 6 receipt column
                               "A,answered,2024-01-04,,,,,,,,\n"                           // 7 answered without outcome
                               "A,teleported,2024-01-04,,,,,,,,\n"                         // 8 unknown kind
                               ",reviewed,2024-01-04,,,,,,,,\n"                            // 9 no case
                               "A,reviewed,04/01/2024,,,,,,,,\n"                          // 10 bad date
                               "A,reviewed,2024-01-05,,,,,,,,\n");                        // 11 fine on its own
    REQUIRE(run.problems.size() == 9);
    CHECK(starts(run.problems[0], "3: case A: a received row needs the applicant"));
    CHECK(starts(run.problems[1], "4: case B: unknown applicant type 'robot'"));
    CHECK(starts(run.problems[2], "5: case C: outcome 'disclosed' does not belong on a received row"));
    CHECK(starts(run.problems[3], "6: case A: channel 'online' belongs on the case's received row only"));
    // Row 6 broke case A. A later row's own values are still checked…
    CHECK(starts(run.problems[4], "7: case A: answered needs the outcome column"));
    CHECK_FALSE(run.raw[4].dependent);
    CHECK(starts(run.problems[5], "8: case A: unknown event 'teleported'"));
    CHECK(starts(run.problems[6], "9: the case column is empty"));
    CHECK(starts(run.problems[7], "10: case A: on: '04/01/2024' is not a valid date"));
    // …but its fit with the case's history is not judged: it depends on row 6.
    CHECK(run.problems[8] == "11: not checked: case A has a bad row before it (row 6)");
    CHECK(run.raw[8].dependent);
  }

  TEST_CASE("the needed options of an event name their column") {
    ImportValidator v(cal(), kToday, lookups());
    auto run = validate(v, header + receipt("A", "2024-01-02") + "A,answered,2024-01-04,,,,,,,,\n");
    REQUIRE(run.problems.size() == 1);
    CHECK(run.problems[0] == "3: case A: answered needs the outcome column");
  }

  TEST_CASE("case references: received twice, unknown, agency of the case, dependent rows") {
    ImportValidator::Lookups l = lookups();
    int lookups_made = 0;
    l.stored_case = [&](const std::string& n) -> std::optional<StoredCaseForImport> {
      ++lookups_made;
      if (n != "hx-2024-0009") return std::nullopt;
      return stored_hx_2024_0009(Date::from_ymd(2024, 2, 1));
    };
    ImportValidator v(cal(), kToday, l);
    auto run = validate(v, header + receipt("A", "2024-01-02") +      // 2
                               receipt("A", "2024-01-03") +           // 3 twice
                               "Z,reviewed,2024-01-04,,,,,,,,\n"      // 4 unknown
                               "Z,reviewed,2024-01-05,,,,,,,,\n"      // 5 unknown again (looked up once)
                               "hx-2024-0009,reviewed,2024-02-02,lj,,,,,,,\n"  // 6 wrong agency
                               "hx-2024-0009,reviewed,2024-02-03,,,,,,,,\n"    // 7 depends on 6
                               "A,reviewed,2023-12-01,,,,,,,,\n"      // 8 backwards
                               "A,answered,2024-02-01,,,,,,disclosed,,\n"  // 9 depends on 8
                               + receipt("hx-2024-0009", "2024-03-01")     // 10 exists in the database
                               + receipt("B", "2025-01-01")                // 11 future
                               + "B,reviewed,2025-01-02,,,,,,,,\n");       // 12 depends on 11
    std::vector<std::string> expected = {
        "3: case 'A' was already received at row 2",
        "4: unknown case 'Z'",
        "5: unknown case 'Z'",
        "6: case hx-2024-0009: agency 'lj' is not the case's agency (hx)",
        "7: not checked: case hx-2024-0009 has a bad row before it (row 6)",
        "8: case A: date 2023-12-01 is before the case's previous event",
        "9: not checked: case A has a bad row before it (row 8)",
        "10: case hx-2024-0009 already exists in the database",
        "11: case B: date 2025-01-01 is in the future",
        "12: not checked: case B has a bad row before it (row 11)",
    };
    REQUIRE(run.problems.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) CHECK_MESSAGE(starts(run.problems[i], expected[i]), run.problems[i]);
    CHECK(lookups_made == 2);  // Z once, hx-2024-0009 once
  }

  TEST_CASE("transition refusals are exit 3 problems; value problems exit 2") {
    ImportValidator v(cal(), kToday, lookups());
    auto run = validate(v, header + receipt("A", "2024-01-02") + "A,fee-paid,2024-01-03,,,,,,,,\n" +
                               receipt("B", "2024-01-02") + "B,extended,2024-01-03,,,,,,,,\n");
    REQUIRE(run.raw.size() == 2);
    CHECK(run.raw[0].kind == ErrorKind::refused);
    CHECK(starts(run.problems[0], "3: case A is received: fee-paid"));
    CHECK(run.raw[1].kind == ErrorKind::invalid_input);
    CHECK(run.problems[1] == "5: case B: extended needs the approved_by column");
  }

  TEST_CASE("letter refs unique per agency within the file") {
    ImportValidator v(cal(), kToday, lookups());
    auto run = validate(v, header + receipt("A", "2024-01-02", "hx", "LR1") + receipt("B", "2024-01-02", "lj", "LR1") +
                               receipt("C", "2024-01-02", "hx", "LR1"));
    REQUIRE(run.problems.size() == 1);
    CHECK(starts(run.problems[0], "4: case C: letter ref 'LR1' is already used at agency hx by row 2"));
  }

  TEST_CASE("a reference that is the number the case would have is kept") {
    ImportValidator v(cal(), kToday, lookups());
    auto run = validate(v, header + receipt("hx-2024-0042", "2024-01-02") + receipt("hx-2023-0001", "2024-01-02") +
                               receipt("lj-2024-0001", "2024-01-02") + receipt("hx-2024-042", "2024-01-02") +
                               receipt("hx-2024-10000", "2024-01-02") + receipt("hx-2024-0000", "2024-01-02"));
    CHECK(run.problems.empty());
    auto kept = [&](const std::string& ref) { return v.find(ref)->kept_number; };
    CHECK(kept("hx-2024-0042"));
    CHECK(v.find("hx-2024-0042")->number == 42);
    CHECK_FALSE(kept("hx-2023-0001"));  // other year
    CHECK_FALSE(kept("lj-2024-0001"));  // other agency (the case is hx's)
    CHECK_FALSE(kept("hx-2024-042"));   // not 4 digits
    CHECK(kept("hx-2024-10000"));
    CHECK_FALSE(kept("hx-2024-0000"));  // never a number
    CHECK(ImportValidator::case_number("hx", 2024, 7) == "hx-2024-0007");
    CHECK(ImportValidator::case_number("hx", 2024, 12345) == "hx-2024-12345");
  }

  TEST_CASE("compact state: rebuilding from compact events ends exactly where live machines do") {
    // Interleaved on purpose: every case's rows are far apart, so a one-slot cache rebuilds the
    // machine for nearly every row.
    std::ostringstream text;
    CsvWriter w(text, "\n");
    w.record({"case", "event", "on", "agency", "channel", "applicant_type", "applicant", "outcome", "result", "amount",
              "approved_by", "note"});
    const int n = 64;
    const Date base = Date::from_ymd(2023, 3, 1);
    auto row = [&](int i, const std::string& kind, int plus, std::map<std::string, std::string> o = {}) {
      w.record({"C" + std::to_string(i), kind, (base + i + plus).str(), o["agency"], o["channel"], o["applicant_type"],
                o["applicant"], o["outcome"], o["result"], o["amount"], o["approved_by"], o["note"]});
    };
    for (int i = 0; i < n; ++i)
      row(i, "received", 0, {{"agency", i % 2 ? "hx" : "lj"}, {"channel", "post"}, {"applicant_type", "person"},
                             {"applicant", "a"}});
    for (int i = 0; i < n; ++i) {
      if (i % 4 == 0) row(i, "correction-requested", 2);
      else row(i, "reviewed", 1);
    }
    for (int i = 0; i < n; ++i) {
      if (i % 4 == 0) row(i, "correction-received", 5);
      else if (i % 4 == 1) row(i, "fee-requested", 3, {{"amount", "10"}});
      else if (i % 4 == 2) row(i, "third-party-consulted", 3);
      else row(i, "extended", 3, {{"approved_by", "boss"}});
    }
    for (int i = 0; i < n; ++i) {
      if (i % 4 == 1) row(i, "fee-paid", 8);
      else if (i % 4 == 2) row(i, "third-party-replied", 12);
      else if (i % 4 == 3) row(i, "answered", 30, {{"outcome", "disclosed"}});
    }
    for (int i = 0; i < n; ++i)
      if (i % 4 == 3) row(i, "reconsideration-filed", 40);
    for (int i = 0; i < n; ++i)
      if (i % 8 == 3) row(i, "reconsideration-decided", 70, {{"result", "corrected"}});

    ImportValidator live(cal(), kToday, lookups(), 4096);
    ImportValidator thrifty(cal(), kToday, lookups(), 1);
    auto a = validate(live, text.str());
    auto b = validate(thrifty, text.str());
    CHECK(a.problems.empty());
    CHECK(b.problems.empty());
    live.finish();
    thrifty.finish();
    REQUIRE(live.own_spill()->size() == static_cast<size_t>(n));
    REQUIRE(thrifty.own_spill()->size() == static_cast<size_t>(n));
    // The thrifty one really did push cases out and take them back.
    CHECK(thrifty.own_spill()->takes() > static_cast<size_t>(n));
    CHECK(live.own_spill()->takes() == 0);
    std::set<std::string> states;
    for (int i = 0; i < n; ++i) {
      const std::string ref = "C" + std::to_string(i);
      REQUIRE(live.own_spill()->snapshot(ref));
      REQUIRE(thrifty.own_spill()->snapshot(ref));
      auto sa = *live.own_spill()->snapshot(ref);
      auto sb = *thrifty.own_spill()->snapshot(ref);
      CHECK(sa.state == sb.state);
      CHECK(sa.appeal_state == sb.appeal_state);
      CHECK(sa.event_count == sb.event_count);
      CHECK(sa.last_event_on == sb.last_event_on);
      CHECK((sa.due ? sa.due->due.str() : "-") == (sb.due ? sb.due->due.str() : "-"));
      CHECK((sa.final_due ? sa.final_due->due.str() : "-") == (sb.final_due ? sb.final_due->due.str() : "-"));
      CHECK(sa.outcome == sb.outcome);
      CHECK(sa.reconsideration_result == sb.reconsideration_result);
      CHECK(sa.pause_kind == sb.pause_kind);
      states.insert(sa.state + "/" + sa.appeal_state);
    }
    // The file reached a variety of states (so the comparison means something).
    CHECK(states.size() >= 4);
  }

  TEST_CASE("compact snapshot round trip keeps every projected column") {
    DisclosureCase c(
        [] {
          CaseFacts f;
          f.case_no = "x";
          f.agency = "hx";
          f.received_on = Date::from_ymd(2024, 3, 1);
          f.channel = "post";
          f.applicant_type = "person";
          f.applicant = "a";
          return f;
        }(),
        cal(), "t");
    EventRecord e;
    e.kind = "reviewed";
    e.on = Date::from_ymd(2024, 3, 2);
    c.apply(e, kToday);
    e.kind = "fee-requested";
    e.on = Date::from_ymd(2024, 3, 3);
    e.details = {{"amount", "5"}};
    c.apply(e, kToday);
    WordList words;
    auto s = c.snapshot();
    auto back = expand_snapshot(compact_snapshot(s, words), words);
    CHECK(back.state == "awaiting-fee");
    CHECK(back.pause_kind == s.pause_kind);
    CHECK(back.pause_lapses_on == s.pause_lapses_on);
    CHECK(back.due->due == s.due->due);
    CHECK(back.due->provisional == s.due->provisional);
    CHECK(back.is_open == s.is_open);
    CHECK(back.event_count == 3);
    CHECK(back.last_event_on == s.last_event_on);
    CHECK_FALSE(back.litigation_direct.has_value());
  }

  TEST_CASE("cases pushed out of memory are taken back: every rule across rows holds as with all cases held") {
    // Each case's rows are far apart and the thrifty validator holds one case: every check that
    // spans rows (received twice, letter refs, unknown and stored references, dependent rows,
    // appends to a stored case) must then go through its spill, and come out the same.
    ImportValidator::Lookups l = lookups();
    int stored_lookups = 0;
    l.stored_case = [&](const std::string& n) -> std::optional<StoredCaseForImport> {
      ++stored_lookups;
      if (n != "hx-2024-0009") return std::nullopt;
      return stored_hx_2024_0009(Date::from_ymd(2024, 2, 26), "v1");
    };
    const std::string text = header + receipt("A", "2024-03-01", "hx", "LR1") +  // 2
                             receipt("B", "2024-03-01", "lj", "LR1") +           // 3 other agency: fine
                             "Z,reviewed,2024-03-02,,,,,,,,\n"                    // 4 unknown
                             "hx-2024-0009,reviewed,2024-03-02,,,,,,,,\n"         // 5 stored case
                             + receipt("C", "2024-03-01", "hx", "LR1") +         // 6 letter ref of row 2
                             "C,reviewed,2024-03-02,,,,,,,,\n"                    // 7 depends on 6
                             "B,fee-paid,2024-03-03,,,,,,,,\n"                    // 8 refused
                             + receipt("A", "2024-03-04") +                       // 9 received twice
                             "Z,reviewed,2024-03-05,,,,,,,,\n"                    // 10 unknown again
                             "A,reviewed,2024-03-05,,,,,,,,\n"                    // 11 fine
                             "hx-2024-0009,extended,2024-03-06,,,,,,,,boss\n"     // 12 fine, appended
                             "B,reviewed,2024-03-06,,,,,,,,\n"                    // 13 depends on 8
                             "A,answered,2024-03-20,,,,,,disclosed,,\n"           // 14 fine
                             + receipt("D", "2024-03-01", "hx", "LR2") +         // 15 fine
                             "hx-2024-0009,answered,2024-03-21,hx,,,,,other/other,,\n";  // 16 fine
    const std::vector<std::string> expected = {
        "4: unknown case 'Z'",
        "6: case C: letter ref 'LR1' is already used at agency hx by row 2",
        "7: not checked: case C has a bad row before it (row 6)",
        "8: case B is received: fee-paid",
        "9: case 'A' was already received at row 2",
        "10: unknown case 'Z'",
        "13: not checked: case B has a bad row before it (row 8)",
    };
    std::vector<std::string> seen[2];
    ImportValidator all(cal(), kToday, l, 4096);
    ImportValidator one(cal(), kToday, l, 1);
    ImportValidator* vs[2] = {&all, &one};
    for (int k = 0; k < 2; ++k) {
      stored_lookups = 0;
      auto run = validate(*vs[k], text);
      REQUIRE(run.problems.size() == expected.size());
      for (size_t i = 0; i < expected.size(); ++i)
        CHECK_MESSAGE(starts(run.problems[i], expected[i]), run.problems[i]);
      CHECK(stored_lookups == 2);  // Z once, hx-2024-0009 once, however often they leave memory
      CHECK(vs[k]->held() <= (k == 0 ? 4096u : 1u));
      vs[k]->finish();
      CHECK(vs[k]->held() == 0);
      seen[k] = run.problems;
    }
    CHECK(seen[0] == seen[1]);
    CHECK(one.own_spill()->takes() >= 8);
    // What the write would get is the same: cases, their added events (with the stored case's
    // appended after its stored one) and projections.
    for (const std::string ref : {"A", "B", "C", "D", "Z", "hx-2024-0009"}) {
      const ImportCase* a = all.own_spill()->find(ref);
      const ImportCase* b = one.own_spill()->find(ref);
      REQUIRE(a);
      REQUIRE(b);
      CHECK(a->kind == b->kind);
      CHECK(a->first_row == b->first_row);
      CHECK(a->bad_row == b->bad_row);
      CHECK(a->facts.letter_ref == b->facts.letter_ref);
      REQUIRE(a->added.size() == b->added.size());
      for (size_t i = 0; i < a->added.size(); ++i) {
        CHECK(a->added[i].kind == b->added[i].kind);
        CHECK(a->added[i].on == b->added[i].on);
        CHECK(a->added[i].details == b->added[i].details);
      }
      REQUIRE(a->history.size() == b->history.size());
      auto sa = all.own_spill()->snapshot(ref);
      auto sb = one.own_spill()->snapshot(ref);
      REQUIRE(sa.has_value() == sb.has_value());
      if (sa) {
        CHECK(sa->state == sb->state);
        CHECK(sa->event_count == sb->event_count);
        CHECK((sa->due ? sa->due->due.str() : "-") == (sb->due ? sb->due->due.str() : "-"));
      }
    }
    const ImportCase* stored = one.own_spill()->find("hx-2024-0009");
    CHECK(stored->kind == ImportCase::Kind::existing);
    CHECK(stored->base_count == 1);
    CHECK(stored->version == "v1");
    REQUIRE(stored->added.size() == 3);
    CHECK(stored->added[1].kind == "extended");
    CHECK(one.own_spill()->snapshot("hx-2024-0009")->state == "answered");
    CHECK(one.own_spill()->snapshot("hx-2024-0009")->event_count == 4);
    CHECK(one.own_spill()->find("D")->facts.letter_ref == "LR2");
    CHECK(one.own_spill()->find("C")->facts.letter_ref.empty());  // lost the letter ref to A
    CHECK_FALSE(one.own_spill()->snapshot("B"));                    // bad: no projection
    CHECK_FALSE(one.own_spill()->snapshot("Z"));
  }

  TEST_CASE("memory holds a bounded number of cases however many the file has") {
    std::string text = header;
    const int n = 3000;
    for (int i = 0; i < n; ++i) {
      text += receipt("R" + std::to_string(i), "2024-05-06", i % 2 ? "hx" : "lj", i % 3 ? "" : "L" + std::to_string(i));
      text += "R" + std::to_string(i) + ",reviewed,2024-05-07,,,,,,,,\n";
    }
    ImportValidator v(cal(), kToday, lookups(), 16);
    size_t most = 0;
    std::istringstream in(text);
    CsvReader r(in);
    REQUIRE(r.next());
    ColumnMap m = ColumnMap::from_header(r);
    r.expect_fields(r.size());
    while (r.next()) {
      CHECK_FALSE(v.check_record(r, m, "t"));
      most = std::max(most, v.held());
    }
    CHECK(most == 16);
    v.finish();
    CHECK(v.own_spill()->size() == static_cast<size_t>(n));
    CHECK(v.own_spill()->puts() == static_cast<size_t>(n));  // each case went out once…
    CHECK(v.own_spill()->takes() == 0);  // …and was never asked for again: the filter answered
    CHECK(v.event_rows() == static_cast<size_t>(2 * n));
  }

  TEST_CASE("the filter of spilled references: never a false no, rarely a false yes, a few bytes a key") {
    SeenFilter f;
    CHECK_FALSE(f.maybe("anything"));
    const int n = 200000;
    for (int i = 0; i < n; ++i) f.add("R" + std::to_string(i));
    for (int i = 0; i < n; ++i) REQUIRE(f.maybe("R" + std::to_string(i)));
    int false_yes = 0;
    for (int i = 0; i < n; ++i) false_yes += f.maybe("S" + std::to_string(i)) ? 1 : 0;
    CHECK(false_yes < 40);  // under 0.02 %
    CHECK(f.bytes() <= static_cast<size_t>(n) * 7);  // at worst, just after a new layer
    CHECK(f.bytes() >= static_cast<size_t>(n));
  }
}
