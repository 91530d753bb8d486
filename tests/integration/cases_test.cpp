// The case engine through the real executable: every command, every refusal of domain.md §2,
// every kind of bad input with its exit code and the database unchanged, replay, and a race.
#include <doctest/doctest.h>

#include <chrono>
#include <pqxx/pqxx>
#include <thread>

#include "harness.h"

using gongkai::test::RunResult;
using gongkai::test::TestDb;

namespace {
const std::map<std::string, std::string> kToday = {{"GONGKAI_TODAY", "2024-12-31"}};

void county(const TestDb& db) {
  db.ok({"agency", "add", "lj", "--name", "连江县人民政府", "--kind", "government"});
  db.ok({"agency", "add", "lj-gtj", "--name", "连江县国土资源局", "--kind", "department", "--parent", "lj"});
  db.ok({"agency", "add", "lj-fc", "--name", "凤城镇人民政府", "--kind", "township", "--parent", "lj"});
  db.ok({"agency", "add", "other", "--name", "另一县", "--kind", "government"});
}

std::string receive(const TestDb& db, const std::string& agency, const std::string& date,
                    std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"receive", "--agency", agency, "--received", date, "--channel", "post",
                                   "--applicant-type", "person", "--applicant", "张三"};
  args.insert(args.end(), extra.begin(), extra.end());
  return db.ok(args, kToday);
}

// Runs a command that must fail with `code`, with a one-line error, and change nothing.
void refused(const TestDb& db, std::vector<std::string> args, int code, const std::string& needle = "") {
  std::string before = db.fingerprint();
  RunResult r = db.run(args, kToday);
  std::string shown;
  for (auto& a : args) shown += a + " ";
  INFO("gongkai " << shown << "\nstdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.code == code);
  CHECK(r.err.rfind("error: ", 0) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.out.empty());
  if (!needle.empty()) CHECK(r.err.find(needle) != std::string::npos);
  CHECK(db.fingerprint() == before);
}
}  // namespace

TEST_SUITE("cases") {
  TEST_CASE("init is idempotent and agencies form a tree") {
    TestDb db;
    CHECK(db.ok({"init"}).rfind("schema version ", 0) == 0);
    CHECK(db.ok({"init"}).rfind("schema version ", 0) == 0);
    county(db);
    auto list = db.run({"agency", "list", "--json"}).json();
    REQUIRE(list.size() == 4);
    CHECK(list[0]["code"] == "lj");
    CHECK(list[1]["parent"] == "lj");
    refused(db, {"agency", "add", "lj", "--name", "x", "--kind", "government"}, 2, "already taken");
    refused(db, {"agency", "add", "Bad_Code", "--name", "x", "--kind", "government"}, 2, "Bad_Code");
    refused(db, {"agency", "add", "x1", "--name", "x", "--kind", "ministry"}, 2, "ministry");
    refused(db, {"agency", "add", "x2", "--name", "x", "--kind", "department", "--parent", "nope"}, 4, "nope");
  }

  TEST_CASE("verify recounts the report counts: a count changed by hand is named, and repaired on request") {
    TestDb db;
    county(db);
    std::string a = receive(db, "lj-gtj", "2024-03-04");
    db.ok({"event", a, "reviewed", "--on", "2024-03-05"}, kToday);
    db.ok({"event", a, "answered", "--on", "2024-03-20", "--outcome", "disclosed"}, kToday);
    std::string report = db.ok({"report", "--year", "2024", "--format", "csv"});
    CHECK(db.ok({"verify"}).find("report counts agree with the cases") != std::string::npos);
    {
      pqxx::connection conn(db.conninfo());
      pqxx::work tx(conn);
      // Someone edits a count by hand: all agencies' (scope 0) answered cases of 2024, once the
      // pending changes are folded into the kept rows.
      tx.exec("select gk_tally_fold()");
      CHECK(tx.exec("select count(*) from gk_tally_applications_delta")[0][0].as<int>() == 0);
      CHECK(tx.exec("update gk_tally_applications set n = n + 5 where scope_id = 0 and closed_kind = 'answered'")
                .affected_rows() == 1);
      tx.commit();
    }
    CHECK(db.ok({"report", "--year", "2024", "--format", "csv"}) != report);
    auto r = db.run({"verify"});
    CHECK(r.code == 1);
    CHECK(r.err.find("corrupt: gk_tally_applications: 1 group(s) differ") != std::string::npos);
    CHECK(r.err.find("run 'gongkai verify --repair-tallies'") != std::string::npos);
    auto fixed = db.run({"verify", "--repair-tallies", "--json"});
    CHECK(fixed.code == 0);
    CHECK(fixed.json()["tallies_repaired"] == true);
    CHECK(fixed.json()["tallies_differing"][0]["table"] == "gk_tally_applications");
    CHECK(db.ok({"report", "--year", "2024", "--format", "csv"}) == report);
    CHECK(db.ok({"verify"}).find("report counts agree with the cases") != std::string::npos);
  }

  TEST_CASE("an agency cannot move under another parent: its cases are counted under its ancestors") {
    TestDb db;
    county(db);
    receive(db, "lj-gtj", "2024-03-04");
    pqxx::connection conn(db.conninfo());
    pqxx::work tx(conn);
    CHECK_THROWS_WITH(tx.exec("update gk_agency set parent_id = (select id from gk_agency where code = 'other') "
                              "where code = 'lj-gtj'"),
                      doctest::Contains("agency lj-gtj cannot move to another parent"));
  }

  TEST_CASE("a clerk takes an application through its whole life") {
    TestDb db;
    county(db);
    std::string c = receive(db, "lj-gtj", "2024-09-02", {"--subject", "征地补偿", "--letter-ref", "连信〔2024〕1号"});
    CHECK(c == "lj-gtj-2024-0001");
    CHECK(receive(db, "lj-gtj", "2024-09-03") == "lj-gtj-2024-0002");
    CHECK(receive(db, "lj", "2024-09-03") == "lj-2024-0001");
    auto as = [](const std::string& who) { return std::map<std::string, std::string>{{"GONGKAI_TODAY", "2024-12-31"}, {"GONGKAI_ACTOR", who}}; };
    db.ok({"event", c, "correction-requested", "--on", "2024-09-04", "--note", "请补充地块编号"}, as("clerk-wang"));
    db.ok({"event", c, "correction-received", "--on", "2024-09-10"}, as("clerk-wang"));
    db.ok({"event", c, "reviewed", "--on", "2024-09-11", "--handler", "李四"}, as("clerk-wang"));
    db.ok({"event", c, "third-party-consulted", "--on", "2024-09-12"}, as("clerk-li"));
    db.ok({"event", c, "third-party-replied", "--on", "2024-09-20"}, as("clerk-li"));
    db.ok({"--actor", "head-zhao", "event", c, "extended", "--on", "2024-10-09", "--approved-by", "赵局长"}, kToday);
    db.ok({"event", c, "answered", "--on", "2024-10-30", "--outcome", "partially-disclosed"}, as("clerk-wang"));
    db.ok({"event", c, "reconsideration-filed", "--on", "2024-11-15"}, as("clerk-wang"));
    db.ok({"event", c, "reconsideration-decided", "--on", "2024-12-10", "--result", "upheld"}, as("clerk-wang"));
    db.ok({"event", c, "litigation-filed", "--on", "2024-12-20"}, as("clerk-wang"));
    db.ok({"event", c, "litigation-decided", "--on", "2024-12-30", "--result", "corrected"}, as("clerk-wang"));

    auto j = db.run({"show", c, "--json"}, kToday).json();
    CHECK(j["case"] == c);
    CHECK(j["agency"] == "lj-gtj");
    CHECK(j["state"] == "answered");
    CHECK(j["appeal_state"] == "litigated");
    CHECK(j["regime"] == 2019);
    CHECK(j["received_on"] == "2024-09-02");
    CHECK(j["channel"] == "post");
    CHECK(j["applicant_type"] == "person");
    CHECK(j["applicant"] == "张三");
    CHECK(j["subject"] == "征地补偿");
    CHECK(j["letter_ref"] == "连信〔2024〕1号");
    CHECK(j["due_on"].is_null());  // answered: no reply due
    CHECK(j["outcome"] == "partially-disclosed");
    CHECK(j["answered_on"] == "2024-10-30");
    REQUIRE(j["events"].size() == 12);
    CHECK(j["events"][0]["kind"] == "received");
    CHECK(j["events"][1]["actor"] == "clerk-wang");
    CHECK(j["events"][1]["note"] == "请补充地块编号");
    CHECK(j["events"][3]["handler"] == "李四");
    CHECK(j["events"][4]["actor"] == "clerk-li");
    CHECK(j["events"][6]["actor"] == "head-zhao");
    CHECK(j["events"][6]["approved_by"] == "赵局长");
    CHECK(j["events"][11]["result"] == "corrected");
    for (const auto& e : j["events"]) {
      CHECK(e.contains("seq"));
      CHECK(e.contains("on"));
      CHECK(!e["recorded_at"].get<std::string>().empty());
    }
    // Clock: restarted 2024-09-10; 20 working days; consultation 09-12..09-20 pauses 5 (09-13,
    // Saturday 09-14 worked for Mid-Autumn, 09-18, 09-19, 09-20); extension +20:
    // 2024-09-10 + 45 working days (Mid-Autumn 09-15..17 and National Day 10-01..07 off,
    // 09-29 Sun and 10-12 Sat worked) = 2024-11-18.
    CHECK(j["final_due_on"] == "2024-11-18");
    CHECK(j["on_time"] == true);

    // The same with the global option before the command; text output tells the history.
    CHECK(db.run({"--json", "show", c}, kToday).json() == j);
    std::string text = db.ok({"show", c}, kToday);
    CHECK(text.find("head-zhao") != std::string::npos);
    CHECK(text.find("litigation-decided") != std::string::npos);
    CHECK(text.find("how the due date was reached") != std::string::npos);

    // list: by subtree, state and year.
    auto all = db.run({"list", "--json"}, kToday).json();
    CHECK(all.size() == 3);
    CHECK(db.run({"list", "--agency", "lj-gtj", "--json"}, kToday).json().size() == 2);
    CHECK(db.run({"list", "--agency", "lj", "--json"}, kToday).json().size() == 3);
    CHECK(db.run({"list", "--agency", "other", "--json"}, kToday).json().size() == 0);
    CHECK(db.run({"list", "--state", "answered", "--json"}, kToday).json().size() == 1);
    CHECK(db.run({"list", "--state", "received", "--year", "2024", "--json"}, kToday).json().size() == 2);
    CHECK(db.run({"list", "--year", "2023", "--json"}, kToday).json().size() == 0);
    CHECK(db.ok({"verify"}).find("3 case(s) replayed, 0 corrupt") != std::string::npos);
  }

  TEST_CASE("receive --json prints the case as show does") {
    TestDb db;
    county(db);
    auto j = db.run({"receive", "--agency", "lj", "--received", "2019-05-14", "--channel", "in-person",
                     "--applicant-type", "business", "--applicant", "某公司", "--json"}, kToday).json();
    CHECK(j["case"] == "lj-2019-0001");
    CHECK(j["regime"] == 2008);  // received before 2019-05-15
    CHECK(j["state"] == "received");
    CHECK(j["due_on"] == "2019-06-04");  // 15 working days of the 2008 rules
    CHECK(j["events"].size() == 1);
    auto k = db.run({"receive", "--agency", "lj", "--received", "2019-05-15", "--channel", "in-person",
                     "--applicant-type", "business", "--applicant", "某公司", "--json"}, kToday).json();
    CHECK(k["regime"] == 2019);
  }

  TEST_CASE("every refusal of the rules: exit 3, one line naming case, state and event, nothing written") {
    TestDb db;
    county(db);
    std::string c = receive(db, "lj", "2024-03-04");
    refused(db, {"event", c, "correction-received", "--on", "2024-03-05"}, 3, c);
    refused(db, {"event", c, "third-party-replied", "--on", "2024-03-05"}, 3, "received");
    refused(db, {"event", c, "fee-paid", "--on", "2024-03-05"}, 3, "fee-paid");
    refused(db, {"event", c, "answered", "--on", "2024-03-05", "--outcome", "other/no-correction"}, 3, "no-correction");
    refused(db, {"event", c, "answered", "--on", "2024-03-05", "--outcome", "other/fee-unpaid"}, 3, "fee-unpaid");
    refused(db, {"event", c, "answered", "--on", "2024-03-05", "--outcome", "already-public"}, 3, "disclosed");
    refused(db, {"event", c, "reconsideration-filed", "--on", "2024-03-05"}, 3, "reconsideration");
    refused(db, {"event", c, "litigation-filed", "--on", "2024-03-05"}, 3, "litigation");
    refused(db, {"event", c, "extended", "--on", "2024-03-05", "--approved-by", "x"}, 3, "extended");
    db.ok({"event", c, "correction-requested", "--on", "2024-03-05"}, kToday);
    refused(db, {"event", c, "reviewed", "--on", "2024-03-06"}, 3, "awaiting-correction");
    db.ok({"event", c, "correction-received", "--on", "2024-03-08"}, kToday);
    refused(db, {"event", c, "correction-requested", "--on", "2024-03-08"}, 3, "once");
    db.ok({"event", c, "reviewed", "--on", "2024-03-11"}, kToday);
    db.ok({"event", c, "fee-requested", "--on", "2024-03-12", "--amount", "25.50"}, kToday);
    refused(db, {"event", c, "answered", "--on", "2024-03-13", "--outcome", "disclosed"}, 3, "fee");
    refused(db, {"event", c, "third-party-consulted", "--on", "2024-03-13"}, 3, "awaiting-fee");
    db.ok({"event", c, "fee-paid", "--on", "2024-03-14"}, kToday);
    db.ok({"event", c, "extended", "--on", "2024-03-15", "--approved-by", "head"}, kToday);
    refused(db, {"event", c, "extended", "--on", "2024-03-18", "--approved-by", "head"}, 3, "already extended");
    db.ok({"event", c, "answered", "--on", "2024-03-20", "--outcome", "withheld/process-information"}, kToday);
    refused(db, {"event", c, "withdrawn", "--on", "2024-03-21"}, 3, "answered");
    refused(db, {"event", c, "answered", "--on", "2024-03-21", "--outcome", "disclosed"}, 3, "answered");
    refused(db, {"event", c, "litigation-filed", "--on", "2024-03-21"}, 3, "reconsideration before court");
    refused(db, {"event", c, "reconsideration-decided", "--on", "2024-03-21", "--result", "upheld"}, 3, c);
    db.ok({"event", c, "complaint-filed", "--on", "2024-03-21"}, kToday);  // allowed in any state

    // Extension after the due date: received 2024-04-01, due 20 working days later.
    std::string d = receive(db, "lj", "2024-04-01");
    db.ok({"event", d, "reviewed", "--on", "2024-04-02"}, kToday);
    auto due = db.run({"show", d, "--json"}, kToday).json()["due_on"].get<std::string>();
    CHECK(due == "2024-04-29");  // Qingming 04-04..06 off; Sundays 04-07 and 04-28 worked
    refused(db, {"event", d, "extended", "--on", "2024-05-06", "--approved-by", "head"}, 3, "on or before the due date");
    // Overdue: failure to reply is appealable; withdrawal from an open state is allowed.
    db.ok({"event", d, "reconsideration-filed", "--on", "2024-05-06"}, kToday);
    db.ok({"event", d, "withdrawn", "--on", "2024-05-07"}, kToday);
    CHECK(db.ok({"verify"}).find("0 corrupt") != std::string::npos);
  }

  TEST_CASE("bad input: exit 2 or 4, one line naming the value, nothing written") {
    TestDb db;
    county(db);
    std::string c = receive(db, "lj", "2024-03-04", {"--letter-ref", "L-7"});
    db.ok({"event", c, "reviewed", "--on", "2024-03-06"}, kToday);
    refused(db, {"event", "lj-2024-9999", "reviewed", "--on", "2024-03-06"}, 4, "lj-2024-9999");
    refused(db, {"event", c, "answered", "--on", "2024-13-01", "--outcome", "disclosed"}, 2, "2024-13-01");
    refused(db, {"event", c, "answered", "--on", "03/07/2024", "--outcome", "disclosed"}, 2, "03/07/2024");
    refused(db, {"event", c, "answered", "--on", "2025-01-02", "--outcome", "disclosed"}, 2, "future");
    refused(db, {"event", c, "answered", "--on", "2024-03-05", "--outcome", "disclosed"}, 2, "before");
    refused(db, {"event", c, "answered", "--on", "2024-03-07", "--outcome", "granted"}, 2, "granted");
    refused(db, {"event", c, "answered", "--on", "2024-03-07"}, 2, "outcome");
    refused(db, {"event", c, "approved", "--on", "2024-03-07"}, 2, "approved");
    refused(db, {"event", c, "reviewed", "--on", "2024-03-07", "--result", "upheld"}, 2, "result");
    refused(db, {"event", c, "fee-requested", "--on", "2024-03-07", "--amount", "lots"}, 2, "lots");
    refused(db, {"event", c, "reviewed"}, 2, "--on");
    refused(db, {"event", c, "reviewed", "--on", "2024-03-07", "--bogus"}, 2, "bogus");
    refused(db, {"receive", "--agency", "nope", "--received", "2024-03-04", "--channel", "post", "--applicant-type",
                 "person", "--applicant", "x"}, 4, "nope");
    refused(db, {"receive", "--agency", "lj", "--received", "2024-02-30", "--channel", "post", "--applicant-type",
                 "person", "--applicant", "x"}, 2, "2024-02-30");
    refused(db, {"receive", "--agency", "lj", "--received", "2025-03-04", "--channel", "post", "--applicant-type",
                 "person", "--applicant", "x"}, 2, "future");
    refused(db, {"receive", "--agency", "lj", "--received", "2024-03-04", "--channel", "pigeon", "--applicant-type",
                 "person", "--applicant", "x"}, 2, "pigeon");
    refused(db, {"receive", "--agency", "lj", "--received", "2024-03-04", "--channel", "post", "--applicant-type",
                 "alien", "--applicant", "x"}, 2, "alien");
    refused(db, {"receive", "--agency", "lj", "--received", "2024-03-04", "--channel", "post", "--applicant-type",
                 "person", "--applicant", "x", "--regime", "2011"}, 2, "2011");
    refused(db, {"receive", "--agency", "lj", "--received", "2024-03-04", "--channel", "post", "--applicant-type",
                 "person", "--applicant", "x", "--letter-ref", "L-7"}, 2, "L-7");
    refused(db, {"show", "nope-2024-0001"}, 4, "nope-2024-0001");
    refused(db, {"list", "--agency", "nope"}, 4, "nope");
    refused(db, {"list", "--state", "sleeping"}, 2, "sleeping");
    refused(db, {"frobnicate"}, 2);
    // The sequence is not consumed by a refused receive.
    CHECK(receive(db, "lj", "2024-03-05") == "lj-2024-0002");
  }

  TEST_CASE("the history is append-only and must replay to the case row") {
    TestDb db;
    county(db);
    std::string c = receive(db, "lj", "2024-03-04");
    db.ok({"event", c, "reviewed", "--on", "2024-03-05"}, kToday);
    {
      pqxx::connection conn(db.conninfo());
      pqxx::work tx(conn);
      CHECK_THROWS(tx.exec("update gk_event set kind = 'answered' where seq = 2"));
    }
    {
      pqxx::connection conn(db.conninfo());
      pqxx::work tx(conn);
      CHECK_THROWS(tx.exec("delete from gk_event"));
    }
    // A case row that disagrees with its history is reported, never silently fixed.
    {
      pqxx::connection conn(db.conninfo());
      pqxx::work tx(conn);
      tx.exec("update gk_case set state = 'answered' where case_no = " + tx.quote(c));
      tx.commit();
    }
    RunResult v = db.run({"verify"});
    CHECK(v.code == 1);
    CHECK(v.err.find(c) != std::string::npos);
    RunResult s = db.run({"event", c, "answered", "--on", "2024-03-06", "--outcome", "disclosed"}, kToday);
    CHECK(s.code == 1);
    CHECK(s.err.find("corruption") != std::string::npos);
  }

  TEST_CASE("two processes racing on one case: one wins, the other exits 5 and writes nothing") {
    TestDb db;
    county(db);
    std::string c = receive(db, "lj", "2024-03-04");
    // Hold the case row so that both writers have read the case and are blocked in their write.
    pqxx::connection holder(db.conninfo());
    pqxx::work lock(holder);
    lock.exec("select 1 from gk_case where case_no = " + lock.quote(c) + " for update");
    RunResult a, b;
    std::thread ta([&] { a = gongkai::test::run_gongkai({"--db", db.conninfo(), "event", c, "complaint-filed", "--on", "2024-03-05", "--note", "A"}, kToday); });
    std::thread tb([&] { b = gongkai::test::run_gongkai({"--db", db.conninfo(), "event", c, "complaint-filed", "--on", "2024-03-05", "--note", "B"}, kToday); });
    pqxx::connection watcher(db.conninfo());
    int waiting = 0;
    for (int i = 0; i < 200 && waiting < 2; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      pqxx::nontransaction w(watcher);
      waiting = w.exec("select count(*) from pg_stat_activity where datname = current_database() "
                       "and wait_event_type = 'Lock' and query like '%gk_append%'")[0][0].as<int>();
    }
    CHECK(waiting == 2);
    lock.commit();
    ta.join();
    tb.join();
    INFO("a: " << a.code << " " << a.err << "\nb: " << b.code << " " << b.err);
    CHECK(((a.code == 0 && b.code == 5) || (a.code == 5 && b.code == 0)));
    const RunResult& loser = a.code == 5 ? a : b;
    CHECK(loser.err.find("nothing was written") != std::string::npos);
    CHECK(db.scalar("select count(*) from gk_event e join gk_case c on c.id = e.case_id where c.case_no = '" + c + "'") == "2");
    CHECK(db.ok({"verify"}).find("0 corrupt") != std::string::npos);
    // Retrying succeeds.
    db.ok({"event", c, "complaint-filed", "--on", "2024-03-05"}, kToday);
  }
}
