// Deadlines through the real executable (domain.md §3, docs/deadlines.md): the supervisor's
// overdue list and chase lists on hand-checked dates, loading a calendar year (open cases
// recomputed, closed ones left alone, a bad file changing nothing), add-working-days, and the
// on-time rate. Every date is fixed with GONGKAI_TODAY; every expected due date was counted by
// hand on the official calendar (see tests/unit/deadline_test.cpp for the counts).
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

#include "harness.h"

using gongkai::test::RunResult;
using gongkai::test::TestDb;
using Env = std::map<std::string, std::string>;

namespace {

// hx (county government) ── hx-edu (department), hx-town (township); qz: another county.
void agencies(const TestDb& db) {
  db.ok({"agency", "add", "hx", "--name", "花溪县人民政府", "--kind", "government"});
  db.ok({"agency", "add", "hx-edu", "--name", "花溪县教育局", "--kind", "department", "--parent", "hx"});
  db.ok({"agency", "add", "hx-town", "--name", "青岩镇人民政府", "--kind", "township", "--parent", "hx"});
  db.ok({"agency", "add", "qz", "--name", "另一县人民政府", "--kind", "government"});
}

std::string receive(const TestDb& db, const std::string& agency, const std::string& date, const Env& env) {
  return db.ok({"receive", "--agency", agency, "--received", date, "--channel", "online", "--applicant-type",
                "person", "--applicant", "张三"},
               env);
}

std::vector<std::string> cases_of(const nlohmann::json& list) {
  std::vector<std::string> out;
  for (const auto& r : list) out.push_back(r["case"]);
  return out;
}

// A file in a fresh temporary directory, removed with it.
struct TempFile {
  std::filesystem::path dir, path;
  TempFile(const std::string& name, const std::string& contents) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "gk-deadlines-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    dir = tmpl;
    path = dir / name;
    std::ofstream(path) << contents;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

// The row of a case exactly as stored (every column), to see that it did not change.
std::string row_of(const TestDb& db, const std::string& case_no) {
  return db.scalar("select c::text from gk_case c where case_no = '" + case_no + "'");
}

}  // namespace

TEST_SUITE("deadlines") {

TEST_CASE("overdue: hand-checked days left, --within, agency subtree, sorted by due date") {
  TestDb db;
  agencies(db);
  const Env today = {{"GONGKAI_TODAY", "2024-11-04"}};  // a Monday
  // Receipt → due (20 working days on the official 2024 calendar, National Day in between):
  std::string d = receive(db, "qz", "2024-09-20", today);       // → Wed 10-23
  std::string a = receive(db, "hx-edu", "2024-09-27", today);   // → Wed 10-30
  std::string b = receive(db, "hx", "2024-09-30", today);       // → Fri 11-01
  std::string c = receive(db, "hx-town", "2024-10-08", today);  // → Mon 11-04 (due today)
  std::string k = receive(db, "hx", "2024-10-09", today);       // → Tue 11-05
  std::string e = receive(db, "hx", "2024-10-15", today);       // → Tue 11-12
  std::string answered = receive(db, "hx", "2024-09-27", today);
  db.ok({"event", answered, "answered", "--on", "2024-10-20", "--outcome", "disclosed"}, today);
  std::string correcting = receive(db, "hx", "2024-09-27", today);
  db.ok({"event", correcting, "correction-requested", "--on", "2024-09-30"}, today);

  // As of today (the default): overdue only, all agencies, by due date.
  auto all = db.run({"overdue", "--json"}, today).json();
  REQUIRE(all.is_array());
  CHECK(cases_of(all) == std::vector<std::string>{d, a, b});
  // The contract's fields, exactly.
  for (const auto& r : all) {
    std::set<std::string> keys;
    for (auto it = r.begin(); it != r.end(); ++it) keys.insert(it.key());
    CHECK(keys == std::set<std::string>{"case", "agency", "state", "received_on", "due_on", "working_days_left"});
  }
  CHECK(all[0] == nlohmann::json{{"case", d}, {"agency", "qz"}, {"state", "received"}, {"received_on", "2024-09-20"},
                                 {"due_on", "2024-10-23"}, {"working_days_left", -8}});
  // Wed 10-30 seen on Mon 11-04: Thu 31, Fri 1, Mon 4 → −3. Fri 11-01: only Mon 4 → −1.
  CHECK(all[1]["due_on"] == "2024-10-30");
  CHECK(all[1]["working_days_left"] == -3);
  CHECK(all[1]["agency"] == "hx-edu");
  CHECK(all[2]["due_on"] == "2024-11-01");
  CHECK(all[2]["working_days_left"] == -1);

  // The subtree of hx: qz's case is not in it.
  CHECK(cases_of(db.run({"overdue", "--agency", "hx", "--json"}, today).json()) == std::vector<std::string>{a, b});
  CHECK(cases_of(db.run({"overdue", "--agency", "hx-edu", "--json"}, today).json()) == std::vector<std::string>{a});
  CHECK(db.run({"overdue", "--agency", "hx-town", "--json"}, today).json().empty());

  // --within 5: also due today (0) and within five working days (Tue 11-05 = 1); Tue 11-12 is
  // six working days away (Tue 5 … Fri 8, Mon 11, Tue 12).
  auto soon = db.run({"overdue", "--agency", "hx", "--within", "5", "--json"}, today).json();
  CHECK(cases_of(soon) == std::vector<std::string>{a, b, c, k});
  CHECK(soon[2]["working_days_left"] == 0);
  CHECK(soon[2]["due_on"] == "2024-11-04");
  CHECK(soon[3]["working_days_left"] == 1);
  auto six = db.run({"overdue", "--agency", "hx", "--within", "6", "--json"}, today).json();
  CHECK(cases_of(six) == std::vector<std::string>{a, b, c, k, e});
  CHECK(six[4]["working_days_left"] == 6);

  // --as-of another day: on Thu 10-31 only two replies were late, one by a working day.
  auto earlier = db.run({"overdue", "--as-of", "2024-10-31", "--json"}, today).json();
  CHECK(cases_of(earlier) == std::vector<std::string>{d, a});
  CHECK(earlier[1]["working_days_left"] == -1);
  // On 09-30, ahead of National Day: with --within 20, a's due date (10-30) is 18 working days away.
  auto ahead = db.run({"overdue", "--as-of", "2024-09-30", "--within", "20", "--agency", "hx-edu", "--json"}, today).json();
  REQUIRE(ahead.size() == 1);
  CHECK(ahead[0]["working_days_left"] == 18);

  // Text: grouped by agency, with the days left and the chase sections titled apart.
  std::string text = db.ok({"overdue", "--within", "5"}, today);
  CHECK(text.find("hx-edu  花溪县教育局") != std::string::npos);
  CHECK(text.find("qz  另一县人民政府") != std::string::npos);
  CHECK(text.find("OVERDUE") != std::string::npos);
  CHECK(text.find("due today") != std::string::npos);
  CHECK(text.find("3 overdue, 2 due within 5 working days") != std::string::npos);
  CHECK(text.find("Third-party consultations past their 15 working days") != std::string::npos);
  CHECK(text.find("Fee notices unpaid after 20 working days") != std::string::npos);
  CHECK(text.find("Late correction notices") != std::string::npos);

  // Bad input.
  auto bad_date = db.run({"overdue", "--as-of", "2024-13-01"}, today);
  CHECK(bad_date.code == 2);
  CHECK(bad_date.err.find("2024-13-01") != std::string::npos);
  CHECK(db.run({"overdue", "--within", "-1"}, today).code == 2);
  auto unknown = db.run({"overdue", "--agency", "nope"}, today);
  CHECK(unknown.code == 4);
  CHECK(unknown.err.find("nope") != std::string::npos);
}

TEST_CASE("overdue --as-of a past day: the cases as they stood then, not today's measured against it") {
  TestDb db;
  agencies(db);
  const Env today = {{"GONGKAI_TODAY", "2025-01-10"}};
  // Received Mon 09-02, due Mon 09-30, answered late on 10-15: overdue on 10-10, closed today.
  std::string answered_late = receive(db, "hx", "2024-09-02", today);
  db.ok({"event", answered_late, "answered", "--on", "2024-10-15", "--outcome", "disclosed"}, today);
  // Received Tue 09-10, extended on 09-30 (before its due date 10-15): due 11-12 — on 10-10 not overdue.
  std::string extended = receive(db, "hx", "2024-09-10", today);
  db.ok({"event", extended, "reviewed", "--on", "2024-09-11"}, today);
  db.ok({"event", extended, "extended", "--on", "2024-09-30", "--approved-by", "局长"}, today);
  // Received Tue 09-03, due Tue 10-08 (the make-up Saturday 09-14 and Sunday 09-29 worked, the
  // holidays off): overdue on 10-10, and still open today.
  std::string extended_later = receive(db, "hx", "2024-09-03", today);
  db.ok({"event", extended_later, "reviewed", "--on", "2024-09-04"}, today);
  // Received after 10-10: it did not exist then, though it is overdue today.
  std::string later = receive(db, "hx", "2024-11-01", today);

  auto then = db.run({"overdue", "--as-of", "2024-10-10", "--agency", "hx", "--json"}, today).json();
  std::vector<std::string> listed;
  for (const auto& r : then) listed.push_back(r["case"]);
  CHECK(listed == std::vector<std::string>{answered_late, extended_later});
  CHECK(then[0]["due_on"] == "2024-09-30");
  CHECK(then[0]["state"] == "received");  // its state then, not "answered"
  CHECK(then[0]["working_days_left"] == -3);  // 10-08, 10-09, 10-10: the National Day week off
  CHECK(then[1]["due_on"] == "2024-10-08");

  // Today's list has not the answered case; the one received later is there.
  auto now = db.run({"overdue", "--agency", "hx", "--json"}, today).json();
  std::vector<std::string> listed_now;
  for (const auto& r : now) listed_now.push_back(r["case"]);
  CHECK(std::find(listed_now.begin(), listed_now.end(), answered_late) == listed_now.end());
  CHECK(std::find(listed_now.begin(), listed_now.end(), later) != listed_now.end());

  // --within on that day adds what was due soon then; paging keeps the order; text says the same.
  auto soon = db.run({"overdue", "--as-of", "2024-10-10", "--agency", "hx", "--within", "30", "--json"}, today).json();
  CHECK(soon.size() == 3);
  CHECK(soon[2]["case"] == extended);
  auto page = db.run({"overdue", "--as-of", "2024-10-10", "--agency", "hx", "--within", "30", "--limit", "1",
                      "--offset", "1", "--json"}, today).json();
  REQUIRE(page.size() == 1);
  CHECK(page[0]["case"] == extended_later);
}

TEST_CASE("chase: lapsed consultations, unpaid fees, late correction notices") {
  TestDb db;
  agencies(db);
  const Env today = {{"GONGKAI_TODAY", "2024-11-04"}};
  // Consulted Wed 05-08: the third party's 15 working days end Tue 05-28 (Sat 05-11 is a make-up day).
  std::string tp = receive(db, "hx-edu", "2024-05-06", today);
  db.ok({"event", tp, "reviewed", "--on", "2024-05-07"}, today);
  db.ok({"event", tp, "third-party-consulted", "--on", "2024-05-08"}, today);
  // Fee notice Wed 05-08: 20 working days end Tue 06-04.
  std::string fee = receive(db, "hx", "2024-05-06", today);
  db.ok({"event", fee, "reviewed", "--on", "2024-05-07"}, today);
  db.ok({"event", fee, "fee-requested", "--on", "2024-05-08", "--amount", "30"}, today);
  // A consultation answered in time: nothing to chase.
  std::string replied = receive(db, "hx", "2024-05-06", today);
  db.ok({"event", replied, "reviewed", "--on", "2024-05-07"}, today);
  db.ok({"event", replied, "third-party-consulted", "--on", "2024-05-08"}, today);
  db.ok({"event", replied, "third-party-replied", "--on", "2024-05-15"}, today);
  // Received Fri 03-01: the 7th working day is Tue 03-12; a notice on 03-13 is late, on 03-12 not.
  std::string late = receive(db, "hx-town", "2024-03-01", today);
  db.ok({"event", late, "correction-requested", "--on", "2024-03-13"}, today);
  std::string in_time = receive(db, "hx-town", "2024-03-01", today);
  db.ok({"event", in_time, "correction-requested", "--on", "2024-03-12"}, today);
  // Late, but closed since: not chased.
  std::string late_closed = receive(db, "hx", "2024-03-01", today);
  db.ok({"event", late_closed, "correction-requested", "--on", "2024-03-14"}, today);
  db.ok({"event", late_closed, "withdrawn", "--on", "2024-03-20"}, today);
  // Another county's lapsed consultation, outside hx.
  std::string other = receive(db, "qz", "2024-05-06", today);
  db.ok({"event", other, "reviewed", "--on", "2024-05-07"}, today);
  db.ok({"event", other, "third-party-consulted", "--on", "2024-05-08"}, today);

  // On the last day of the consultation's period nothing has lapsed yet.
  auto on_28 = db.run({"chase", "--as-of", "2024-05-28", "--agency", "hx", "--json"}, today).json();
  CHECK(on_28["lapsed_consultations"].empty());
  CHECK(on_28["unpaid_fees"].empty());
  // The day after: the consultation has lapsed; the fee not yet (its period ends 06-04).
  auto on_29 = db.run({"chase", "--as-of", "2024-05-29", "--agency", "hx", "--json"}, today).json();
  CHECK(on_29["as_of"] == "2024-05-29");
  CHECK(on_29["agency"] == "hx");
  REQUIRE(on_29["lapsed_consultations"].size() == 1);
  CHECK(on_29["lapsed_consultations"][0]["case"] == tp);
  CHECK(on_29["lapsed_consultations"][0]["consulted_on"] == "2024-05-08");
  CHECK(on_29["lapsed_consultations"][0]["lapsed_on"] == "2024-05-28");
  CHECK(on_29["lapsed_consultations"][0]["working_days_since_lapse"] == 1);
  CHECK(on_29["lapsed_consultations"][0]["due_on"] == "2024-06-24");  // the full 15 days assumed
  CHECK(on_29["unpaid_fees"].empty());
  // On 06-05 the fee is unpaid past its 20 days: the case should be closed other/fee-unpaid.
  auto on_0605 = db.run({"chase", "--as-of", "2024-06-05", "--agency", "hx", "--json"}, today).json();
  REQUIRE(on_0605["unpaid_fees"].size() == 1);
  CHECK(on_0605["unpaid_fees"][0]["case"] == fee);
  CHECK(on_0605["unpaid_fees"][0]["fee_requested_on"] == "2024-05-08");
  CHECK(on_0605["unpaid_fees"][0]["lapsed_on"] == "2024-06-04");
  CHECK(on_0605["unpaid_fees"][0]["amount"] == "30");
  CHECK(cases_of(on_0605["lapsed_consultations"]) == std::vector<std::string>{tp});
  // Late correction notices: only the open case with the late notice.
  REQUIRE(on_0605["late_correction_notices"].size() == 1);
  CHECK(on_0605["late_correction_notices"][0]["case"] == late);
  CHECK(on_0605["late_correction_notices"][0]["notice_on"] == "2024-03-13");
  CHECK(on_0605["late_correction_notices"][0]["notice_due_by"] == "2024-03-12");
  CHECK(on_0605["late_correction_notices"][0]["working_days_late"] == 1);
  // Without --agency: the other county's consultation too, in the order of lapsing.
  auto everyone = db.run({"chase", "--as-of", "2024-06-05", "--json"}, today).json();
  CHECK(everyone["agency"].is_null());
  CHECK(cases_of(everyone["lapsed_consultations"]) == std::vector<std::string>{tp, other});

  // Paying the fee and answering the consultation take them off the lists.
  db.ok({"event", fee, "fee-paid", "--on", "2024-06-05"}, today);
  db.ok({"event", tp, "third-party-replied", "--on", "2024-06-05"}, today);
  auto after = db.run({"chase", "--as-of", "2024-06-06", "--agency", "hx", "--json"}, today).json();
  CHECK(after["lapsed_consultations"].empty());
  CHECK(after["unpaid_fees"].empty());

  // The overdue text shows the chase items in their own sections.
  std::string text = db.ok({"overdue", "--as-of", "2024-06-05"}, today);
  size_t tp_title = text.find("Third-party consultations past their 15 working days");
  size_t fee_title = text.find("Fee notices unpaid after 20 working days");
  size_t corr_title = text.find("Late correction notices");
  REQUIRE(tp_title != std::string::npos);
  REQUIRE(fee_title != std::string::npos);
  REQUIRE(corr_title != std::string::npos);
  size_t other_at = text.find(other, tp_title);
  CHECK((other_at > tp_title && other_at < fee_title));
  size_t late_at = text.find(late, corr_title);
  CHECK(late_at != std::string::npos);
  CHECK(text.find(in_time) == std::string::npos);
}

TEST_CASE("calendar load: a new year moves open cases' due dates and closed cases' final due dates") {
  TestDb db;
  agencies(db);
  const Env today = {{"GONGKAI_TODAY", "2027-01-12"}};
  // Received Sun 2026-12-20: on the plain week (2027 not loaded) due Fri 2027-01-15, provisional.
  std::string open = receive(db, "hx", "2026-12-20", today);
  std::string closed = receive(db, "hx", "2026-12-21", today);
  db.ok({"event", closed, "answered", "--on", "2027-01-04", "--outcome", "disclosed"}, today);
  std::string correcting = receive(db, "hx", "2026-12-21", today);
  db.ok({"event", correcting, "correction-requested", "--on", "2026-12-22"}, today);
  std::string early = receive(db, "hx", "2026-11-02", today);  // due 2026-11-30, before 2027

  auto before = db.run({"show", open, "--json"}, today).json();
  CHECK(before["due_on"] == "2027-01-15");
  CHECK(before["due_provisional"] == true);
  CHECK(db.run({"calendar", "show", "2027", "--json"}, today).json()["loaded"] == false);
  std::string closed_row = row_of(db, closed);
  std::string correcting_row = row_of(db, correcting);
  std::string early_row = row_of(db, early);
  std::string events_before = db.scalar("select count(*) || ':' || md5(string_agg(e::text, '|' order by case_id, seq)) from gk_event e");

  // A 2027 arrangement (made up for the test; holiday-cn JSON) with New Year's Day off.
  TempFile f("2027.json", R"({"year": 2027, "papers": [], "days": [
      {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
      {"name": "春节", "date": "2027-02-06", "isOffDay": false}]})");
  // Made up, so not a whole official year: refused unless forced.
  auto partial = db.run({"calendar", "load", f.path.string(), "--json"}, today);
  CHECK(partial.code == 2);
  CHECK(partial.err.find("cannot be a whole official year") != std::string::npos);
  CHECK(row_of(db, open) == row_of(db, open));
  CHECK(db.run({"calendar", "show", "2027", "--json"}, today).json()["loaded"] == false);
  auto loaded = db.run({"calendar", "load", f.path.string(), "--force", "--json"}, today);
  INFO(loaded.err);
  REQUIRE(loaded.code == 0);
  auto j = loaded.json();
  CHECK(j["added"] == nlohmann::json::array({2027}));
  CHECK(j["replaced"].empty());
  CHECK(j["open_cases_recomputed"] == 3);
  CHECK(j["due_dates_moved"] == 1);
  REQUIRE(j["moved"].size() == 1);
  CHECK(j["moved"][0] == nlohmann::json{{"case", open}, {"from", "2027-01-15"}, {"to", "2027-01-18"},
                                        {"provisional_before", true}, {"provisional_after", false}});

  // The open case moved (Fri 01-01 is now a holiday) and is no longer provisional; no event added.
  auto after = db.run({"show", open, "--json"}, today).json();
  CHECK(after["due_on"] == "2027-01-18");
  CHECK(after["due_provisional"] == false);
  CHECK(db.scalar("select due_on::text || ' ' || due_provisional::text from gk_case where case_no = '" + open + "'") ==
        "2027-01-18 false");
  CHECK(db.scalar("select count(*) || ':' || md5(string_agg(e::text, '|' order by case_id, seq)) from gk_event e") ==
        events_before);
  // The closed case's final due date is now the official one (2027-01-01 off: 01-18 → 01-19),
  // so the on-time rate counts against it; the case awaiting correction has no due date to move;
  // the case due in 2026 did not move.
  CHECK(row_of(db, closed) != closed_row);
  CHECK(db.scalar("select final_due_on::text from gk_case where case_no = '" + closed + "'") == "2027-01-19");
  CHECK(db.run({"show", closed, "--json"}, today).json()["final_due_on"] == "2027-01-19");
  CHECK(row_of(db, correcting) == correcting_row);
  CHECK(row_of(db, early) == early_row);
  CHECK(db.ok({"verify"}, today).find("0 corrupt") != std::string::npos);

  auto shown = db.run({"calendar", "show", "2027", "--json"}, today).json();
  CHECK(shown["loaded"] == true);
  CHECK(shown["provisional"] == false);
  CHECK(shown["source"] == "2027.json");
  REQUIRE(shown["days"].size() == 2);
  CHECK(shown["days"][0]["date"] == "2027-01-01");
  CHECK(shown["days"][0]["off"] == true);
  CHECK(shown["days"][1]["kind"] == "work");
  CHECK(db.run({"calendar", "add-working-days", "2026-12-20", "20", "--json"}, today).json()["date"] == "2027-01-18");

  // Loading it again (own text format this time) replaces the year; nothing moves any more.
  TempFile g("next.txt", "# test\n2027 notice a test arrangement\n2027 off 2027-01-01 元旦\n2027 work 2027-02-06 春节\n");
  std::string text = db.ok({"calendar", "load", g.path.string(), "--force"}, today);
  CHECK(text.find("replaced 2027") != std::string::npos);
  CHECK(text.find("0 due date(s) moved") != std::string::npos);
  CHECK(db.run({"calendar", "show", "2027", "--json"}, today).json()["source"] == "next.txt");
}

TEST_CASE("calendar load: a bad file or a history that no longer fits changes nothing") {
  TestDb db;
  agencies(db);
  const Env today = {{"GONGKAI_TODAY", "2027-01-15"}};
  std::string c = receive(db, "hx", "2026-12-20", today);  // due Fri 2027-01-15 (plain week)
  db.ok({"event", c, "reviewed", "--on", "2026-12-21"}, today);
  db.ok({"event", c, "extended", "--on", "2027-01-15", "--approved-by", "局长"}, today);  // on the due date
  std::string before = db.fingerprint();

  auto refused = [&](const std::string& name, const std::string& contents, int code, const std::string& needle) {
    TempFile f(name, contents);
    RunResult r = db.run({"calendar", "load", f.path.string(), "--force"}, today);
    INFO(name << ": " << r.err);
    CHECK(r.code == code);
    CHECK(r.err.rfind("error: ", 0) == 0);
    CHECK(r.err.find(needle) != std::string::npos);
    CHECK(r.out.empty());
    CHECK(db.fingerprint() == before);
  };
  refused("bad.json", R"({"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true},
                                                {"name": "春节", "date": "2027-02-30", "isOffDay": true}]})",
          2, "days[1]");
  refused("bad.txt", "2027 off 2027-01-01 元旦\n# fine so far\n2027 of 2027-02-06 春节\n", 2, "line 3");
  refused("twice.txt", "2027 off 2027-01-01 元旦\n2027 work 2027-01-01 元旦\n", 2, "listed twice");
  refused("empty.json", R"({"year": 2027, "days": []})", 2, "no days");
  refused("notjson.json", "{\"year\": 2027,", 2, "not valid JSON");
  auto missing = db.run({"calendar", "load", "/nonexistent/2027.json"}, today);
  CHECK(missing.code == 2);
  CHECK(db.fingerprint() == before);
  // A make-up Saturday on 2027-01-09 would make the due date Thu 01-14, and the extension recorded
  // on 01-15 would then be after it: the history no longer replays, so nothing is loaded.
  refused("makeup.txt", "2027 work 2027-01-09 test\n", 3, c);

  // The same file without the make-up day loads.
  TempFile ok("fine.txt", "2027 off 2027-01-01 元旦\n");
  CHECK(db.run({"calendar", "load", ok.path.string()}, today).code == 2);  // not a whole year
  CHECK(db.fingerprint() == before);
  db.ok({"calendar", "load", ok.path.string(), "--force"}, today);
  CHECK(db.fingerprint() != before);
}

TEST_CASE("calendar add-working-days and show") {
  TestDb db;
  CHECK(db.run({"calendar", "add-working-days", "2019-09-25", "20", "--json"}).json() ==
        nlohmann::json{{"from", "2019-09-25"}, {"working_days", 20}, {"date", "2019-10-28"}, {"provisional", false}});
  CHECK(db.run({"calendar", "add-working-days", "2024-09-27", "20", "--json"}).json()["date"] == "2024-10-30");
  CHECK(db.ok({"calendar", "add-working-days", "2024-09-27", "20"}) == "2024-10-30");
  CHECK(db.run({"calendar", "add-working-days", "2024-09-27", "0", "--json"}).json()["date"] == "2024-09-27");
  // Through the unloaded 2027: the plain week, provisional.
  auto p = db.run({"calendar", "add-working-days", "2026-12-20", "20", "--json"}).json();
  CHECK(p["date"] == "2027-01-15");
  CHECK(p["provisional"] == true);
  CHECK(db.run({"calendar", "add-working-days", "2024-02-30", "3"}).code == 2);
  CHECK(db.run({"calendar", "add-working-days", "2024-02-01", "-3"}).code == 2);
  CHECK(db.run({"calendar", "add-working-days", "2024-02-01", "x"}).code == 2);

  auto y = db.run({"calendar", "show", "2024", "--json"}).json();
  CHECK(y["loaded"] == true);
  CHECK(y["source"] == "shipped");
  CHECK(y["working_days"] == 251);
  bool sep29 = false;
  for (const auto& d : y["days"])
    if (d["date"] == "2024-09-29") sep29 = d["off"] == false && d["weekday"] == "Sun";
  CHECK(sep29);
  // The 2019 notice lists 2018-12-29..31: `show 2018` shows them, from that notice.
  auto y18 = db.run({"calendar", "show", "2018", "--json"}).json();
  bool dec29 = false;
  for (const auto& d : y18["days"])
    if (d["date"] == "2018-12-29") dec29 = d["notice"] == 2019 && d["off"] == false;
  CHECK(dec29);
  auto none = db.run({"calendar", "show", "2027", "--json"}).json();
  CHECK(none["loaded"] == false);
  CHECK(none["provisional"] == true);
  CHECK(none["days"].empty());
  CHECK(db.ok({"calendar", "show", "2027"}).find("not loaded") != std::string::npos);
  CHECK(db.run({"calendar", "show", "27"}).code == 2);
}

TEST_CASE("timeliness: on time, late, withdrawn, per agency and in total") {
  TestDb db;
  agencies(db);
  const Env today = {{"GONGKAI_TODAY", "2025-01-10"}};
  // All received Fri 2024-09-27: due Wed 10-30.
  std::string on_time = receive(db, "hx", "2024-09-27", today);
  db.ok({"event", on_time, "answered", "--on", "2024-10-30", "--outcome", "disclosed"}, today);
  std::string late = receive(db, "hx", "2024-09-27", today);
  db.ok({"event", late, "answered", "--on", "2024-10-31", "--outcome", "disclosed"}, today);
  std::string withdrawn = receive(db, "hx", "2024-09-27", today);
  db.ok({"event", withdrawn, "withdrawn", "--on", "2024-10-10"}, today);
  // Extended on its due date to Wed 11-27, answered 11-20: on time.
  std::string extended = receive(db, "hx-edu", "2024-09-27", today);
  db.ok({"event", extended, "reviewed", "--on", "2024-09-30"}, today);
  db.ok({"event", extended, "extended", "--on", "2024-10-30", "--approved-by", "局长"}, today);
  db.ok({"event", extended, "answered", "--on", "2024-11-20", "--outcome", "partially-disclosed"}, today);
  // Closed in 2025, and still open: not in 2024's figures.
  std::string next_year = receive(db, "hx", "2024-12-20", today);
  db.ok({"event", next_year, "answered", "--on", "2025-01-06", "--outcome", "disclosed"}, today);
  receive(db, "hx", "2024-12-02", today);
  // Another county: late.
  std::string other = receive(db, "qz", "2024-09-27", today);
  db.ok({"event", other, "answered", "--on", "2024-11-04", "--outcome", "disclosed"}, today);

  auto j = db.run({"timeliness", "--year", "2024", "--agency", "hx", "--json"}, today).json();
  CHECK(j["year"] == 2024);
  CHECK(j["agency"] == "hx");
  REQUIRE(j["rows"].size() == 3);  // hx, hx-edu, hx-town: the whole subtree, in tree order
  // Beside the closings, the open case received 12-02 (due Mon 12-30) is still unanswered on 01-10:
  // 8 working days late (12-31, 01-02, 01-03, 01-06 … 01-10; New Year's Day off).
  CHECK(j["overdue_as_of"] == "2025-01-10");
  CHECK(j["rows"][0] == nlohmann::json{{"agency", "hx"}, {"name", "花溪县人民政府"}, {"closed", 3}, {"on_time", 2},
                                       {"late", 1}, {"withdrawn", 1}, {"rate", 66.67}, {"open_overdue", 1},
                                       {"longest_overdue_working_days", 8}});
  CHECK(j["rows"][1]["agency"] == "hx-edu");
  CHECK(j["rows"][1]["closed"] == 1);
  CHECK(j["rows"][1]["rate"] == 100.0);
  CHECK(j["rows"][1]["open_overdue"] == 0);
  CHECK(j["rows"][1]["longest_overdue_working_days"].is_null());
  CHECK(j["rows"][2]["agency"] == "hx-town");
  CHECK(j["rows"][2]["closed"] == 0);
  CHECK(j["rows"][2]["rate"].is_null());
  CHECK(j["total"] == nlohmann::json{{"closed", 4}, {"on_time", 3}, {"late", 1}, {"withdrawn", 1}, {"rate", 75.0},
                                     {"open_overdue", 1}, {"longest_overdue_working_days", 8}});

  auto all = db.run({"timeliness", "--year", "2024", "--json"}, today).json();
  CHECK(all["agency"].is_null());
  CHECK(all["rows"].size() == 4);
  CHECK(all["total"]["closed"] == 5);
  CHECK(all["total"]["on_time"] == 3);
  CHECK(all["total"]["rate"] == 60.0);
  CHECK(db.run({"timeliness", "--year", "2025", "--agency", "hx", "--json"}, today).json()["total"]["closed"] == 1);

  std::string text = db.ok({"timeliness", "--year", "2024", "--agency", "hx"}, today);
  CHECK(text.find("66.67%") != std::string::npos);
  CHECK(text.find("75.00%") != std::string::npos);
  CHECK(text.find("open overdue") != std::string::npos);

  // A 100 % rate cannot hide a case left unanswered: hx-edu's one closing was on time, but a letter
  // it received on 2024-07-01 (due 07-29) is still open on 2025-01-10 — 114 working days late
  // (the National Day and Mid-Autumn holidays off, their make-up Saturdays and Sunday worked).
  receive(db, "hx-edu", "2024-07-01", today);
  auto edu = db.run({"timeliness", "--year", "2024", "--agency", "hx-edu", "--json"}, today).json();
  CHECK(edu["total"]["rate"] == 100.0);
  CHECK(edu["total"]["open_overdue"] == 1);
  CHECK(edu["total"]["longest_overdue_working_days"] == 114);
  CHECK(db.run({"timeliness", "--year", "2024", "--agency", "nope"}, today).code == 4);
  CHECK(db.run({"timeliness"}, today).code == 2);
}

}  // TEST_SUITE
