// A record nobody can rewrite unseen (issue 9, items 4 and 5), tried as an attacker with the
// tables' owner's rights would: the server's superuser edits, deletes and forges events, case rows
// and personal data behind gongkai's back (past the append-only triggers with
// session_replication_role = replica), and `gongkai verify` must name the case and the first
// broken event, exit 1 and mend nothing. A rewrite that recomputes every hash passes the chain
// check and is caught against chain heads kept earlier (`verify --heads` / `--against`).
// Export and import keep recorded_at and with it the chain; a member admin's import records the
// member, now. Personal data leaves in bulk only into the access log's sight, and that log cannot
// be rewritten.
//
// Every tampering gets a database of its own: a copy (CREATE DATABASE … TEMPLATE) of one prepared
// database holding three cases of a county, recorded once per test process through the CLI.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <pqxx/pqxx>
#include <regex>
#include <set>
#include <sstream>

#include "engine/csv_reader.h"
#include "harness.h"
#include "verify_support.h"

using gongkai::test::RunResult;
using gongkai::test::TestDb;
using namespace gongkai::test;
using json = nlohmann::json;

namespace {

const std::map<std::string, std::string> kToday = {{"GONGKAI_TODAY", "2024-12-31"}};

// The prepared cases (numbers as `receive` gives them in an empty database).
const std::string kA = "lj-gtj-2024-0001";  // answered, extended, reconsideration filed: 5 events
const std::string kB = "lj-2024-0001";      // withdrawn: 2 events
const std::string kC = "lj-fc-2024-0001";   // awaiting correction: 2 events
// Personal data of the prepared cases, and the names forgers put in: none may appear in
// verify's output (it goes to logs and auditors).
const std::vector<std::string> kPersonal = {"张三", "13800000000", "某公司", "王五", "wang5@example.cn", "张冒名",
                                            "13999999999"};

void county(const TestDb& db) {
  db.ok({"agency", "add", "lj", "--name", "连江县人民政府", "--kind", "government"});
  db.ok({"agency", "add", "lj-gtj", "--name", "连江县国土资源局", "--kind", "department", "--parent", "lj"});
  db.ok({"agency", "add", "lj-fc", "--name", "凤城镇人民政府", "--kind", "township", "--parent", "lj"});
  db.ok({"agency", "add", "other", "--name", "另一县人民政府", "--kind", "government"});
}

std::string as(const TestDb& db, const std::string& actor, std::vector<std::string> args) {
  args.insert(args.begin(), {"--actor", actor});
  return db.ok(args, kToday);
}

void record_office(const TestDb& db) {
  county(db);
  REQUIRE(as(db, "clerk-wang", {"receive", "--agency", "lj-gtj", "--received", "2024-03-04", "--channel", "post",
                                "--applicant-type", "person", "--applicant", "张三", "--contact", "13800000000",
                                "--subject", "征地补偿", "--letter-ref", "L-1"}) == kA);
  as(db, "clerk-li", {"event", kA, "reviewed", "--on", "2024-03-05", "--handler", "李四"});
  as(db, "head-zhao", {"event", kA, "extended", "--on", "2024-03-20", "--approved-by", "赵局长"});
  as(db, "clerk-wang", {"event", kA, "answered", "--on", "2024-04-10", "--outcome", "disclosed"});
  as(db, "clerk-wang", {"event", kA, "reconsideration-filed", "--on", "2024-04-20"});
  REQUIRE(as(db, "clerk-li", {"receive", "--agency", "lj", "--received", "2024-05-06", "--channel", "online",
                              "--applicant-type", "business", "--applicant", "某公司"}) == kB);
  as(db, "clerk-li", {"event", kB, "withdrawn", "--on", "2024-05-08", "--note", "撤回"});
  REQUIRE(as(db, "clerk-zhou", {"receive", "--agency", "lj-fc", "--received", "2024-06-03", "--channel", "in-person",
                                "--applicant-type", "person", "--applicant", "王五", "--contact", "wang5@example.cn"}) ==
          kC);
  as(db, "clerk-zhou", {"event", kC, "correction-requested", "--on", "2024-06-04", "--note", "请补充地块编号"});
  auto v = db.run({"verify", "--json"});
  INFO(v.err);
  REQUIRE(v.code == 0);
  REQUIRE(v.json()["ok"] == true);
}

// The prepared database: made by the first test that needs it, dropped when the process ends.
const TestDb& prepared() {
  static std::unique_ptr<TestDb> db = [] {
    auto d = std::make_unique<TestDb>();
    record_office(*d);
    return d;
  }();
  return *db;
}

// A database of its own holding the prepared cases.
std::unique_ptr<DbCopy> office() { return std::make_unique<DbCopy>(prepared()); }

std::string id_of(const std::string& case_no) { return "(select id from gk_case where case_no = '" + case_no + "')"; }

// What verify must say about one tampered case.
struct Expect {
  std::string case_no;
  int broken_at = 0;  // the first event whose link is broken; 0: the chain is intact
  std::vector<std::string> row = {};  // what its one `corrupt` line says (each a part of it); empty: none
  std::string chain_problem = "hash does not match its content and the event before it";
  size_t cases = 3;
};

// Runs `verify --json` and checks that it names exactly the case and what is broken, exits 1,
// shows no personal data and changes nothing.
json caught(const DbCopy& db, const Expect& e) {
  const std::string before = db.fingerprint();
  RunResult r = db.run({"verify", "--json"});
  INFO("verify --json\nstdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.code == 1);
  json j = r.json();
  CHECK(j["ok"] == false);
  CHECK(j["cases"] == e.cases);
  const json& breaks = j["chain_breaks"];
  CHECK(breaks.size() == (e.broken_at ? 1u : 0u));
  if (e.broken_at && !breaks.empty()) {
    CHECK(breaks[0]["case"] == e.case_no);
    CHECK(breaks[0]["seq"] == e.broken_at);
    CHECK(breaks[0]["problem"].get<std::string>().find(e.chain_problem) != std::string::npos);
    CHECK(r.err.find(fmt::format("corrupt: case {}: the hash chain breaks at event {}", e.case_no, e.broken_at)) !=
          std::string::npos);
  }
  const json& corrupt = j["corrupt"];
  CHECK(corrupt.size() == (e.row.empty() ? 0u : 1u));
  if (!e.row.empty() && !corrupt.empty()) {
    const std::string line = corrupt[0].get<std::string>();
    CHECK(line.rfind("case " + e.case_no + ": ", 0) == 0);
    for (const auto& part : e.row) CHECK_MESSAGE(line.find(part) != std::string::npos, "missing: " << part);
    CHECK(r.err.find("corrupt: case " + e.case_no + ": ") != std::string::npos);
  }
  for (const auto& p : kPersonal) {
    CHECK_MESSAGE(r.out.find(p) == std::string::npos, "personal data in verify's output: " << p);
    CHECK_MESSAGE(r.err.find(p) == std::string::npos, "personal data in verify's messages: " << p);
  }
  CHECK(db.fingerprint() == before);  // reported, never mended
  return j;
}

// verify names the case (its row or its chain) and no other; exit 1; nothing changed.
void caught_somehow(const DbCopy& db, const std::string& case_no) {
  const std::string before = db.fingerprint();
  RunResult r = db.run({"verify", "--json"});
  INFO("verify --json\nstdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.code == 1);
  json j = r.json();
  CHECK(j["ok"] == false);
  bool named = false;
  for (const auto& c : j["corrupt"]) {
    const std::string line = c.get<std::string>();
    if (line.rfind("case " + case_no + ": ", 0) == 0) named = true;
    else FAIL_CHECK("another case named: " << line);
  }
  for (const auto& b : j["chain_breaks"]) {
    if (b["case"] == case_no) named = true;
    else FAIL_CHECK("another case's chain named: " << b.dump());
  }
  CHECK_MESSAGE(named, "verify does not name " << case_no);
  CHECK(db.fingerprint() == before);
}

// Every break gk_chain_breaks() lists (not only the first of each case, which verify reports).
std::vector<std::string> all_breaks(const DbCopy& db) {
  pqxx::connection c(db.conninfo());
  pqxx::nontransaction tx(c);
  std::vector<std::string> out;
  for (const auto& row : tx.exec("select case_no, seq from gk_chain_breaks()"))
    out.push_back(std::string(row[0].c_str()) + "@" + row[1].c_str());
  return out;
}

// Recomputes the whole chain of one case from its genesis, as an owner covering its tracks would
// (needs session_replication_role = replica: the events cannot be updated otherwise).
std::string rehash(const std::string& case_no) {
  return "update gk_event e set hash = x.hash from ("
         "  select ev.case_id, ev.seq,"
         "         gk_chain(gk_chain_genesis(c.case_no),"
         "                  gk_event_content(ev.seq, ev.kind, ev.occurred_on, ev.actor, ev.recorded_at, ev.details, p.data, p.salt))"
         "           over (partition by ev.case_id order by ev.seq) as hash"
         "  from gk_event ev join gk_case c on c.id = ev.case_id"
         "  left join gk_event_personal p on p.case_id = ev.case_id and p.seq = ev.seq"
         "  where c.case_no = '" + case_no + "') x "
         "where e.case_id = x.case_id and e.seq = x.seq and e.hash is distinct from x.hash";
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::vector<std::vector<std::string>> csv_records(const std::string& text) {
  std::istringstream in(text);
  gongkai::CsvReader r(in);
  std::vector<std::vector<std::string>> out;
  while (r.next()) {
    std::vector<std::string> rec;
    for (size_t i = 0; i < r.size(); ++i) rec.emplace_back(r[i]);
    out.push_back(std::move(rec));
  }
  return out;
}

// gk_mask as the contract says: the first character, then '*'.
std::string masked(const std::string& s) {
  if (s.empty()) return s;
  const auto lead = static_cast<unsigned char>(s[0]);
  const size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  return s.substr(0, n) + "*";
}

std::string member_conninfo(const DbCopy& db, const std::string& login) { return db.conninfo() + " user=" + login; }

RunResult as_member(const DbCopy& db, const std::string& login, std::vector<std::string> args) {
  args.insert(args.begin(), {"--db", member_conninfo(db, login)});
  return run_gongkai(args, kToday);
}

std::string now_text(const DbCopy& db) { return db.scalar("select clock_timestamp()::text"); }

}  // namespace

TEST_SUITE("verify") {
  // ----------------------------------------------------------------------------------------------
  // 1. Each tampering, in a database of its own, named precisely.

  TEST_CASE("an untouched record passes: every chain intact, every case replays to its row") {
    auto db = office();
    RunResult r = db->run({"verify", "--json"});
    INFO(r.err);
    CHECK(r.code == 0);
    json j = r.json();
    CHECK(j["cases"] == 3);
    CHECK(j["corrupt"].empty());
    CHECK(j["chain_breaks"].empty());
    CHECK(j["ok"] == true);
    CHECK(db->ok({"verify"}).find("every hash chain is intact") != std::string::npos);
    CHECK(all_breaks(*db).empty());
  }

  TEST_CASE("an edited outcome") {
    auto db = office();
    const std::string answer = "update gk_event set details = jsonb_set(details, '{outcome}', '\"withheld/state-secret\"') "
                               "where case_id = " + id_of(kA) + " and seq = 4";
    SUBCASE("in the reply event: its link breaks, and the case row no longer replays") {
      as_superuser_replica(*db, {answer});
      caught(*db, {kA, 4, {"outcome: stored disclosed, replayed withheld/state-secret"}});
    }
    SUBCASE("in the reply event and the case row alike: its link breaks") {
      as_superuser(*db, {"update gk_case set outcome = 'withheld/state-secret' where case_no = '" + kA + "'",
                         "set local session_replication_role = replica", answer});
      caught(*db, {kA, 4, {}});
    }
    SUBCASE("in the case row alone (what reports count): the row no longer replays") {
      as_superuser(*db, {"update gk_case set outcome = 'withheld/state-secret' where case_no = '" + kA + "'"});
      caught(*db, {kA, 0, {"outcome: stored withheld/state-secret, replayed disclosed"}});
    }
  }

  TEST_CASE("an edited event date") {
    auto db = office();
    SUBCASE("the reply's date") {
      as_superuser_replica(*db, {"update gk_event set occurred_on = date '2024-04-12' where case_id = " + id_of(kA) +
                                 " and seq = 4"});
      caught(*db, {kA, 4, {"answered_on: stored 2024-04-10, replayed 2024-04-12", "closed_on: stored 2024-04-10"}});
    }
    SUBCASE("the receipt's date: event 1 is named, not the events chained after it") {
      as_superuser_replica(*db, {"update gk_event set occurred_on = date '2024-03-01' where case_id = " + id_of(kA) +
                                 " and seq = 1"});
      caught(*db, {kA, 1, {"received_on: stored 2024-03-04, replayed 2024-03-01"}});
      CHECK(all_breaks(*db) == std::vector<std::string>{kA + "@1"});
    }
  }

  TEST_CASE("an edited applicant type") {
    auto db = office();
    const std::string receipt = "update gk_event set details = jsonb_set(details, '{applicant_type}', '\"business\"') "
                                "where case_id = " + id_of(kA) + " and seq = 1";
    const std::string row = "update gk_case set applicant_type = 'business' where case_no = '" + kA + "'";
    SUBCASE("in the receipt's details") {
      as_superuser_replica(*db, {receipt});
      caught(*db, {kA, 1, {"applicant_type: stored person, replayed business"}});
    }
    SUBCASE("in the case row") {
      as_superuser(*db, {row});
      caught(*db, {kA, 0, {"applicant_type: stored business, replayed person"}});
    }
    SUBCASE("in both") {
      as_superuser(*db, {row, "set local session_replication_role = replica", receipt});
      caught(*db, {kA, 1, {}});
    }
  }

  TEST_CASE("every column of the case row, edited alone, is named") {
    // Each column of gk_case, read from the database itself: a column added later without a way
    // to tamper with it here fails this test, so that it is thought about. One column at a time,
    // in one database: tampered with, verified, put back exactly as it was, verified clean again
    // (so that each verdict is that column's alone).
    struct Tamper {
      std::string value;  // SQL for the new value (of the prepared case A)
      enum { row, genesis, named } expect = row;
      std::vector<std::string> also = {};  // further statements of the same tampering
      std::vector<std::string> undo = {};  // and of putting it back, after the case row
    };
    const std::string a = "(select id from gk_case where letter_ref = 'L-1')";  // whatever its number
    const std::string lj_fc = "(select id from gk_agency where code = 'lj-fc')";
    const std::map<std::string, Tamper> tampers = {
        {"case_no", {"'lj-gtj-2024-0099'", Tamper::genesis}},  // the chain starts from the case number
        // The case moved to another agency (with its personal data, so that its clerks read it):
        // other people see it, other reports count it.
        {"agency_id",
         {lj_fc, Tamper::named,
          {"update gk_case_personal set agency_id = " + lj_fc + " where case_id = " + a,
           "set local session_replication_role = replica",
           "update gk_event_personal set agency_id = " + lj_fc + " where case_id = " + a},
          {"update gk_case_personal p set agency_id = c.agency_id from gk_case c where c.id = p.case_id and c.id = " + a,
           "set local session_replication_role = replica",
           "update gk_event_personal p set agency_id = c.agency_id from gk_case c where c.id = p.case_id and c.id = " + a}}},
        {"regime", {"2008"}},
        {"received_on", {"received_on - 1"}},
        {"channel", {"'fax'"}},
        {"applicant_type", {"'legal'"}},
        {"subject", {"'另一个主题'"}},
        {"letter_ref", {"'L-99'"}},
        {"state", {"'under-review'"}},
        {"appeal_state", {"'none'"}},
        {"is_open", {"true"}},
        {"due_on", {"date '2024-04-29'"}},
        {"due_provisional", {"true"}},
        {"final_due_on", {"final_due_on + 7"}},
        {"outcome", {"'partially-disclosed'"}},
        {"answered_on", {"answered_on + 1"}},
        {"closed_on", {"closed_on + 1"}},
        {"closed_kind", {"'withdrawn'"}},
        {"correction_notice_on", {"date '2024-03-06'"}},
        {"late_correction_notice", {"true"}},
        {"pause_kind", {"'third-party'"}},
        {"pause_lapses_on", {"date '2024-05-01'"}},
        {"reconsideration_filed_on", {"reconsideration_filed_on + 1"}},
        {"reconsideration_result", {"'upheld'"}},
        {"reconsideration_decided_on", {"date '2024-06-01'"}},
        {"litigation_filed_on", {"date '2024-07-01'"}},
        {"litigation_direct", {"false"}},
        {"litigation_result", {"'corrected'"}},
        {"litigation_decided_on", {"date '2024-08-01'"}},
        {"last_event_on", {"last_event_on + 1"}},
        {"event_count", {"event_count + 1"}},
        // What supervisors and statisticians read in place of the name and contact.
        {"applicant_masked", {"'李*'", Tamper::named}},
        {"contact_masked", {"'9*'", Tamper::named}},
    };
    auto db = office();
    std::vector<std::string> columns;
    {
      pqxx::connection c(db->conninfo());
      pqxx::nontransaction tx(c);
      for (const auto& row : tx.exec("select column_name from information_schema.columns "
                                     "where table_schema = 'public' and table_name = 'gk_case' order by ordinal_position"))
        columns.emplace_back(row[0].c_str());
    }
    REQUIRE(columns.size() > 30);
    const std::string original = db->scalar("select to_jsonb(c)::text from gk_case c where case_no = '" + kA + "'");
    for (const auto& column : columns) {
      if (column == "id" || column == "updated_at") continue;  // a key; when the row was last written
      CAPTURE(column);
      auto t = tampers.find(column);
      if (t == tampers.end()) {
        FAIL_CHECK("gk_case has a column this test does not tamper with: " << column);
        continue;
      }
      std::vector<std::string> sql = {"update gk_case set " + column + " = " + t->second.value + " where id = " + a};
      sql.insert(sql.end(), t->second.also.begin(), t->second.also.end());
      as_superuser(*db, sql);
      switch (t->second.expect) {
        case Tamper::row: {
          // One difference, that column's, as "column: stored X, replayed Y".
          json j = caught(*db, {kA, 0, {column + ": stored "}});
          if (j["corrupt"].size() == 1) CHECK(j["corrupt"][0].get<std::string>().find("; ") == std::string::npos);
          break;
        }
        case Tamper::genesis:
          caught(*db, {"lj-gtj-2024-0099", 1, {}});
          break;
        case Tamper::named:
          caught_somehow(*db, kA);
          break;
      }
      // Put back as it was; the record passes again.
      std::vector<std::string> undo = {"update gk_case c set " + column + " = o." + column +
                                       " from jsonb_populate_record(null::gk_case, " + sql_literal(original) +
                                       "::jsonb) o where c.id = o.id"};
      undo.insert(undo.end(), t->second.undo.begin(), t->second.undo.end());
      as_superuser(*db, undo);
      RunResult clean = db->run({"verify", "--json"});
      INFO("after putting " << column << " back: " << clean.out << clean.err);
      CHECK(clean.code == 0);
    }
  }

  TEST_CASE("an edited applicant name or contact (personal data, kept apart) is named, never shown") {
    auto db = office();
    const std::string event = "update gk_event_personal set data = jsonb_set(data, '{applicant}', '\"张冒名\"') "
                              "where case_id = " + id_of(kA) + " and seq = 1";
    const std::string row = "update gk_case_personal set applicant = '张冒名' where case_id = " + id_of(kA);
    SUBCASE("the name in the receipt's personal part") {
      as_superuser_replica(*db, {event});
      caught(*db, {kA, 1, {"applicant: the stored value differs from the history's"}});
    }
    SUBCASE("the name in the case's personal row") {
      as_superuser(*db, {row});
      caught(*db, {kA, 0, {"applicant: the stored value differs from the history's"}});
    }
    SUBCASE("the name in both") {
      as_superuser(*db, {row, "set local session_replication_role = replica", event});
      caught(*db, {kA, 1, {}});
    }
    SUBCASE("the contact in the receipt's personal part") {
      as_superuser_replica(*db, {"update gk_event_personal set data = jsonb_set(data, '{contact}', '\"13999999999\"') "
                                 "where case_id = " + id_of(kA) + " and seq = 1"});
      caught(*db, {kA, 1, {"contact: the stored value differs from the history's"}});
    }
    SUBCASE("the contact in the case's personal row") {
      as_superuser(*db, {"update gk_case_personal set contact = '13999999999' where case_id = " + id_of(kA)});
      caught(*db, {kA, 0, {"contact: the stored value differs from the history's"}});
    }
    SUBCASE("the masked copy of the receipt's personal part, which supervisors read in show") {
      as_superuser_replica(*db, {"update gk_event set personal_masked = '{\"applicant\": \"李*\", \"contact\": \"1*\"}' "
                                 "where case_id = " + id_of(kA) + " and seq = 1"});
      caught_somehow(*db, kA);
    }
  }

  TEST_CASE("a deleted event") {
    auto db = office();
    const std::string a = id_of(kA);
    SUBCASE("the last: the chain left is whole, but the case row no longer replays") {
      as_superuser_replica(*db, {"delete from gk_event where case_id = " + a + " and seq = 5"});
      caught(*db, {kA, 0, {"event_count: stored 5, replayed 4", "reconsideration_filed_on: stored 2024-04-20, replayed null"}});
    }
    SUBCASE("one in the middle: the event after the gap is named") {
      as_superuser_replica(*db, {"delete from gk_event where case_id = " + a + " and seq = 3"});
      caught(*db, {kA, 4, {"does not replay", "not consecutive"}, "event 3 missing"});
    }
    SUBCASE("two in the middle") {
      as_superuser_replica(*db, {"delete from gk_event where case_id = " + a + " and seq in (2, 3)"});
      caught(*db, {kA, 4, {"does not replay"}, "event 2–3 missing"});
    }
    SUBCASE("the receipt, with its personal part") {
      as_superuser_replica(*db, {"delete from gk_event_personal where case_id = " + a + " and seq = 1",
                                 "delete from gk_event where case_id = " + a + " and seq = 1"});
      caught(*db, {kA, 2, {"does not start with its receipt"}, "event 1 missing"});
    }
  }

  TEST_CASE("a forged event") {
    auto db = office();
    const std::string insert =
        "insert into gk_event (case_id, seq, kind, occurred_on, actor, details, hash) values (" + id_of(kA) +
        ", {}, 'reconsideration-decided', date '2024-05-20', 'clerk-wang', '{{\"result\": \"corrected\"}}', {})";
    SUBCASE("with a made-up hash") {
      as_superuser(*db, {fmt::format(fmt::runtime(insert), 6, "sha256('forged')")});
      caught(*db, {kA, 6, {"event_count: stored 5, replayed 6", "reconsideration_result: stored null, replayed corrected"}});
    }
    SUBCASE("with the hash the chain trigger computes: the chain holds, the case row does not replay") {
      as_superuser(*db, {fmt::format(fmt::runtime(insert), 6, "null")});
      CHECK(db->scalar("select hash is not null from gk_event where case_id = " + id_of(kA) + " and seq = 6") == "t");
      caught(*db, {kA, 0, {"event_count: stored 5, replayed 6"}});
    }
    SUBCASE("after a gap, with a made-up hash") {
      as_superuser(*db, {fmt::format(fmt::runtime(insert), 7, "sha256('forged')")});
      caught(*db, {kA, 7, {"does not replay"}, "event 6 missing"});
    }
  }

  TEST_CASE("an event's actor, recorded_at or option changed: its link breaks") {
    auto db = office();
    const std::string a = id_of(kA);
    SUBCASE("actor") {
      as_superuser_replica(*db, {"update gk_event set actor = 'head-zhao' where case_id = " + a + " and seq = 2"});
      caught(*db, {kA, 2, {}});
    }
    SUBCASE("recorded_at, by one microsecond") {
      as_superuser_replica(*db, {"update gk_event set recorded_at = recorded_at + interval '1 microsecond' "
                                 "where case_id = " + a + " and seq = 3"});
      caught(*db, {kA, 3, {}});
    }
    SUBCASE("an option the case row does not hold (the handler)") {
      as_superuser_replica(*db, {"update gk_event set details = jsonb_set(details, '{handler}', '\"王六\"') "
                                 "where case_id = " + a + " and seq = 2"});
      caught(*db, {kA, 2, {}});
    }
    SUBCASE("its kind") {
      as_superuser_replica(*db, {"update gk_event set kind = 'complaint-filed', details = '{}' where case_id = " + a +
                                 " and seq = 5"});
      caught(*db, {kA, 5, {"reconsideration_filed_on: stored 2024-04-20, replayed null"}});
    }
  }

  // ----------------------------------------------------------------------------------------------
  // 2. A rewrite that recomputes every hash, against chain heads kept elsewhere.

  TEST_CASE("heads kept with --heads catch a rewrite whose hashes were all recomputed") {
    auto db = office();
    const std::string heads = verify_temp_path("heads.txt");
    auto w = db->run({"verify", "--heads", heads, "--json"});
    INFO(w.err);
    REQUIRE(w.code == 0);
    CHECK(w.json()["heads_written"] == 3);
    // The title line, then "case<TAB>events<TAB>hash" for each case.
    auto lines = lines_of(slurp(heads));
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].rfind("# gongkai chain heads", 0) == 0);
    std::set<std::string> kept;
    for (size_t i = 1; i < lines.size(); ++i) {
      CAPTURE(lines[i]);
      std::smatch m;
      REQUIRE(std::regex_match(lines[i], m, std::regex("([a-z0-9-]+)\t([0-9]+)\t([0-9a-f]{64})")));
      kept.insert(m[1].str() + "/" + m[2].str());
      CHECK(m[3].str() == db->scalar("select encode(hash, 'hex') from gk_event where case_id = " + id_of(m[1].str()) +
                                     " and seq = " + m[2].str()));
    }
    CHECK(kept == std::set<std::string>{kA + "/5", kB + "/2", kC + "/2"});
    CHECK(!std::filesystem::exists(heads + ".partial"));

    auto against = [&](const std::string& case_no, const std::string& problem, int kept_events) {
      // Plain verify sees nothing: the forgery is perfect as far as the database itself can tell.
      RunResult plain = db->run({"verify", "--json"});
      INFO("plain verify: " << plain.out << plain.err);
      CHECK(plain.code == 0);
      CHECK(plain.json()["ok"] == true);
      const std::string before = db->fingerprint();
      RunResult r = db->run({"verify", "--against", heads, "--json"});
      INFO("verify --against: " << r.out << r.err);
      CHECK(r.code == 1);
      json j = r.json();
      CHECK(j["ok"] == false);
      CHECK(j["corrupt"].empty());
      CHECK(j["chain_breaks"].empty());
      CHECK(j["heads_checked"] == 3);
      REQUIRE(j["heads_differing"].size() == 1);
      CHECK(j["heads_differing"][0]["case"] == case_no);
      CHECK(j["heads_differing"][0]["kept_events"] == kept_events);
      CHECK(j["heads_differing"][0]["problem"].get<std::string>().find(problem) != std::string::npos);
      CHECK(r.err.find("corrupt: case " + case_no + ": against the kept heads") != std::string::npos);
      CHECK(db->fingerprint() == before);
    };

    SUBCASE("an outcome rewritten, event and row alike, every hash after it recomputed") {
      as_superuser(*db, {"update gk_case set outcome = 'withheld/state-secret' where case_no = '" + kA + "'",
                         "set local session_replication_role = replica",
                         "update gk_event set details = jsonb_set(details, '{outcome}', '\"withheld/state-secret\"') "
                         "where case_id = " + id_of(kA) + " and seq = 4",
                         rehash(kA)});
      against(kA, "event 5 is not what it was when the heads were kept", 5);
    }
    SUBCASE("a receipt's applicant rewritten in the personal data, every hash recomputed") {
      as_superuser(*db, {"update gk_case_personal set applicant = '张冒名' where case_id = " + id_of(kA),
                         "set local session_replication_role = replica",
                         "update gk_event_personal set data = jsonb_set(data, '{applicant}', '\"张冒名\"') "
                         "where case_id = " + id_of(kA) + " and seq = 1",
                         rehash(kA)});
      against(kA, "rewritten", 5);
    }
    SUBCASE("the last event deleted and the case row put back as it was before it") {
      as_superuser(*db, {"update gk_case set appeal_state = 'none', reconsideration_filed_on = null, "
                         "last_event_on = date '2024-04-10', event_count = 4 where case_no = '" + kA + "'",
                         "set local session_replication_role = replica",
                         "delete from gk_event where case_id = " + id_of(kA) + " and seq = 5"});
      against(kA, "its event 5 is gone", 5);
    }
    SUBCASE("a whole case removed, and the report counts rebuilt") {
      const std::string c = id_of(kC);
      as_superuser(*db, {"set local session_replication_role = replica",
                         "delete from gk_event_personal where case_id = " + c,
                         "delete from gk_event where case_id = " + c,
                         "delete from gk_case_personal where case_id = " + c,
                         "delete from gk_case where case_no = '" + kC + "'",
                         "set local role gongkai_admin", "select gk_tally_rebuild()"});
      CHECK(db->scalar("select count(*) from gk_case") == "2");
      against(kC, "it was kept but is not in the database", 2);
    }
  }

  TEST_CASE("an untouched database passes --against: cases added and events recorded since are no mismatch") {
    auto db = office();
    const std::string heads = verify_temp_path("heads.txt");
    db->ok({"verify", "--heads", heads});
    // Work goes on: a new case, an event on a kept case.
    std::string d = db->ok({"receive", "--agency", "lj", "--received", "2024-07-01", "--channel", "post",
                            "--applicant-type", "person", "--applicant", "赵七"},
                           kToday);
    db->ok({"event", kC, "correction-received", "--on", "2024-06-10"}, kToday);
    db->ok({"event", d, "reviewed", "--on", "2024-07-02"}, kToday);
    RunResult r = db->run({"verify", "--against", heads, "--json"});
    INFO(r.err);
    CHECK(r.code == 0);
    json j = r.json();
    CHECK(j["ok"] == true);
    CHECK(j["cases"] == 4);
    CHECK(j["heads_checked"] == 3);
    CHECK(j["heads_differing"].empty());
    // Heads kept now take in the new case, and the next check against them passes too.
    const std::string later = verify_temp_path("heads-later.txt");
    auto w = db->run({"verify", "--heads", later, "--against", heads, "--json"});
    INFO(w.err);
    CHECK(w.code == 0);
    CHECK(w.json()["heads_written"] == 4);
    CHECK(db->run({"verify", "--against", later, "--json"}).json()["heads_checked"] == 4);
    // A file that is not one of kept heads is a usage error, naming it.
    const std::string bogus = verify_temp_path("bogus.txt");
    write_text(bogus, "case,event,on\n");
    auto b = db->run({"verify", "--against", bogus});
    CHECK(b.code == 2);
    CHECK(b.err.find(bogus) != std::string::npos);
    const std::string mangled = verify_temp_path("mangled.txt");
    write_text(mangled, lines_of(slurp(heads))[0] + "\n" + kA + "\t5\tnot-a-hash\n");
    CHECK(db->run({"verify", "--against", mangled}).code == 2);
  }

  // ----------------------------------------------------------------------------------------------
  // 3. Export and import keep recorded_at and the chain.

  TEST_CASE("export → import into a fresh database: the same cases, recorded_at and chain heads") {
    auto src = office();
    const std::string heads = verify_temp_path("heads.txt");
    src->ok({"verify", "--heads", heads});
    // The installation's administrator exports personal data by default (app/bulk.h), so that the
    // file re-imports into the same cases. The session's time zone does not matter.
    const std::string file = verify_temp_path("export.csv");
    src->ok({"export", "--output", file}, {{"PGTZ", "Asia/Shanghai"}});
    const std::string csv = slurp(file);
    CHECK(csv.find("张三") != std::string::npos);
    CHECK(csv.find("13800000000") != std::string::npos);

    TestDb dst;
    county(dst);
    auto imp = dst.run({"import", file, "--json"}, {{"GONGKAI_TODAY", "2024-12-31"}, {"PGTZ", "America/New_York"}});
    INFO(imp.err);
    REQUIRE(imp.code == 0);
    CHECK(imp.json()["cases"] == 3);
    CHECK(imp.json()["events"] == 9);

    // Every case as show gives it, recorded_at and actors included.
    auto list = src->run({"list", "--json"}).json();
    REQUIRE(list.size() == 3);
    for (const auto& c : list) {
      const std::string n = c["case"].get<std::string>();
      json a = src->run({"show", n, "--json"}, kToday).json();
      json b = dst.run({"show", n, "--json"}, kToday).json();
      CHECK_MESSAGE(a == b, n << "\n" << a.dump() << "\n" << b.dump());
      REQUIRE(a["events"].size() == b["events"].size());
      for (size_t i = 0; i < a["events"].size(); ++i) CHECK(a["events"][i]["recorded_at"] == b["events"][i]["recorded_at"]);
    }
    CHECK(dst.scalar("select string_agg(encode(e.hash, 'hex'), ',' order by c.case_no, e.seq) from gk_event e join gk_case c on c.id = e.case_id") ==
          src->scalar("select string_agg(encode(e.hash, 'hex'), ',' order by c.case_no, e.seq) from gk_event e join gk_case c on c.id = e.case_id"));
    // The heads kept in the first database hold in the second.
    RunResult v = dst.run({"verify", "--against", heads, "--json"});
    INFO(v.err);
    CHECK(v.code == 0);
    CHECK(v.json()["ok"] == true);
    CHECK(v.json()["heads_checked"] == 3);
    CHECK(v.json()["heads_differing"].empty());
    // And exporting again gives the same file, byte for byte.
    const std::string again = verify_temp_path("export-again.csv");
    dst.ok({"export", "--output", again});
    CHECK(slurp(again) == csv);
  }

  TEST_CASE("a masked export differs from the full one only in names and contacts, masked") {
    auto db = office();
    const std::string full = verify_temp_path("full.csv"), masked_file = verify_temp_path("masked.csv");
    db->ok({"export", "--output", full});
    db->ok({"export", "--mask-personal-data", "--output", masked_file});
    auto a = csv_records(slurp(full)), b = csv_records(slurp(masked_file));
    REQUIRE(a.size() == 10);
    REQUIRE(b.size() == a.size());
    REQUIRE(a[0] == b[0]);
    const std::set<std::string> personal = {"applicant", "contact"};
    int differing = 0;
    for (size_t r = 1; r < a.size(); ++r) {
      REQUIRE(a[r].size() == a[0].size());
      REQUIRE(b[r].size() == a[0].size());
      for (size_t c = 0; c < a[0].size(); ++c) {
        CAPTURE(r);
        CAPTURE(a[0][c]);
        if (personal.count(a[0][c])) {
          CHECK(b[r][c] == masked(a[r][c]));
          differing += a[r][c] != b[r][c];
        } else if (a[0][c] == "personal_salt") {
          CHECK(b[r][c].empty());  // the salt goes with the data it salts, or not at all
          CHECK(a[r][c].size() == (a[r][1] == "received" ? 32u : 0u));
        } else {
          CHECK(b[r][c] == a[r][c]);
        }
      }
    }
    CHECK(differing == 5);  // three names, two contacts
    for (const auto& p : kPersonal) CHECK(slurp(masked_file).find(p) == std::string::npos);
  }

  TEST_CASE("export says whether the file it wrote holds personal data") {
    auto db = office();
    const std::string full = verify_temp_path("full.csv"), masked_file = verify_temp_path("masked.csv");
    // The installation's administrator: names and contacts unless --mask-personal-data.
    RunResult f = db->run({"export", "--output", full, "--json"});
    INFO(f.err);
    REQUIRE(f.code == 0);
    CHECK(slurp(full).find("张三") != std::string::npos);
    CHECK(f.json()["personal_data"] == true);
    RunResult ft = db->run({"export", "--output", full});
    CHECK(ft.out.find("personal data masked") == std::string::npos);
    CHECK(ft.out.find("with personal data") != std::string::npos);
    RunResult m = db->run({"export", "--mask-personal-data", "--output", masked_file, "--json"});
    REQUIRE(m.code == 0);
    CHECK(slurp(masked_file).find("张三") == std::string::npos);
    CHECK(m.json()["personal_data"] == false);
  }

  // ----------------------------------------------------------------------------------------------
  // 4. The access log.

  TEST_CASE("the access log: exports with personal data and changes of members, who, when, which scope") {
    RoleCleanup roles;
    auto db = office();
    const std::string lj = db->scalar("select id from gk_agency where code = 'lj'");
    auto log_rows = [&] { return std::stoi(db->scalar("select count(*) from gk_access_log")); };
    // The newest row: login|action|agency_id|year|detail, and whether `at` lies in [t0, t1].
    auto last = [&](const std::string& t0, const std::string& t1) {
      return db->scalar("select login || '|' || action || '|' || coalesce(agency_id::text, '') || '|' || "
                        "coalesce(year::text, '') || '|' || detail || '|' || "
                        "(at between '" + t0 + "'::timestamptz and '" + t1 + "'::timestamptz) "
                        "from gk_access_log order by id desc limit 1");
    };
    const int start = log_rows();

    // The installation's administrator, for one county and year; then everything.
    std::string t0 = now_text(*db);
    db->ok({"export", "--agency", "lj", "--year", "2024", "--include-personal-data", "--output", verify_temp_path("a.csv")});
    std::string t1 = now_text(*db);
    CHECK(log_rows() == start + 1);
    CHECK(last(t0, t1) == "gongkai_admin|export-personal-data|" + lj + "|2024||true");
    t0 = now_text(*db);
    db->ok({"export", "--output", verify_temp_path("b.csv")});  // personal data by default
    t1 = now_text(*db);
    CHECK(log_rows() == start + 2);
    CHECK(last(t0, t1) == "gongkai_admin|export-personal-data||||true");
    // Masked: nothing personal read, nothing logged.
    db->ok({"export", "--mask-personal-data", "--output", verify_temp_path("c.csv")});
    CHECK(log_rows() == start + 2);

    // Members: added, and logged.
    const std::string adm = roles.add(unique_login("vadm"));
    const std::string sup = roles.add(unique_login("vsup"));
    t0 = now_text(*db);
    db->ok({"user", "add", adm, "--name", "县管理员", "--role", "admin", "--agency", "lj", "--db-login"});
    t1 = now_text(*db);
    CHECK(log_rows() == start + 3);
    CHECK(last(t0, t1).rfind("gongkai_admin|member-add|||" + adm, 0) == 0);
    db->ok({"user", "add", sup, "--name", "县督查", "--role", "supervisor", "--agency", "lj", "--db-login"});
    CHECK(log_rows() == start + 4);
    CHECK(last(t0, now_text(*db)).rfind("gongkai_admin|member-add|||" + sup, 0) == 0);

    // A member admin's export with personal data of its county: logged under its own name.
    t0 = now_text(*db);
    const std::string own = verify_temp_path("adm.csv");
    RunResult e = as_member(*db, adm, {"export", "--agency", "lj", "--include-personal-data", "--output", own});
    INFO(e.err);
    CHECK(e.code == 0);
    t1 = now_text(*db);
    CHECK(slurp(own).find("张三") != std::string::npos);
    CHECK(log_rows() == start + 5);
    CHECK(last(t0, t1) == adm + "|export-personal-data|" + lj + "|||true");
    // Without asking for it, a member's export is masked and not logged.
    const std::string plain = verify_temp_path("adm-masked.csv");
    CHECK(as_member(*db, adm, {"export", "--agency", "lj", "--output", plain}).code == 0);
    CHECK(slurp(plain).find("张三") == std::string::npos);
    CHECK(slurp(plain).find("张*") != std::string::npos);
    CHECK(log_rows() == start + 5);
    // A supervisor may not: exit 6, no file, nothing logged.
    const std::string refused = verify_temp_path("sup.csv");
    RunResult s = as_member(*db, sup, {"export", "--agency", "lj", "--include-personal-data", "--output", refused});
    CHECK(s.code == 6);
    CHECK(!std::filesystem::exists(refused));
    CHECK(log_rows() == start + 5);

    // Passwords set, by an administrator and by the member itself; a member disabled.
    RunResult p = run_with_stdin(db->conninfo(), {"user", "passwd", sup}, "erste Parole\n");
    INFO(p.err);
    CHECK(p.code == 0);
    CHECK(log_rows() == start + 6);
    CHECK(last(t0, now_text(*db)) == "gongkai_admin|member-password|||" + sup + "|true");
    // The member itself, connected as its own role.
    RunResult own_pw = run_with_stdin(member_conninfo(*db, sup), {"user", "passwd", sup}, "zweite Parole\n", kToday);
    INFO(own_pw.err);
    CHECK(own_pw.code == 0);
    CHECK(log_rows() == start + 7);
    CHECK(last(t0, now_text(*db)) == sup + "|member-password|||" + sup + "|true");
    db->ok({"user", "disable", sup});
    CHECK(log_rows() == start + 8);
    CHECK(last(t0, now_text(*db)) == "gongkai_admin|member-disable|||" + sup + "|true");
    // Disabling again changes nothing and logs nothing.
    db->ok({"user", "disable", sup});
    CHECK(log_rows() == start + 8);

    // The log itself holds no personal data.
    for (const auto& p2 : kPersonal)
      CHECK(db->scalar("select count(*) from gk_access_log where (gk_access_log.*)::text like '%" + p2 + "%'") == "0");

    // Append-only, even for the superuser.
    const std::string before = db->fingerprint();
    for (const std::string sql : {"update gk_access_log set login = 'nobody'", "delete from gk_access_log",
                                  "truncate gk_access_log"}) {
      CAPTURE(sql);
      pqxx::connection c(db->conninfo());
      pqxx::work tx(c);
      CHECK_THROWS_WITH(tx.exec(sql), doctest::Contains("append-only"));
    }
    CHECK(db->fingerprint() == before);
    CHECK(log_rows() == start + 8);
  }

  // ----------------------------------------------------------------------------------------------
  // 5. A member admin's import.

  TEST_CASE("a member admin's import records the member, now; a file naming other actors or times is refused (6)") {
    RoleCleanup roles;
    auto db = office();
    const std::string adm = roles.add(unique_login("vimp"));
    db->ok({"user", "add", adm, "--name", "导入员", "--role", "admin", "--agency", "lj", "--db-login"});

    const std::string header = "case,event,on,agency,channel,applicant_type,applicant,handler";
    const std::string rows = "N1,received,2024-07-01,lj-gtj,online,person,孙八,\n"
                             "N1,reviewed,2024-07-02,,,,,钱九\n" +
                             kC + ",correction-received,2024-06-10,,,,,\n";
    const std::string file = verify_temp_path("member.csv");
    write_text(file, header + "\n" + rows);

    const std::string t0 = now_text(*db);
    RunResult r = as_member(*db, adm, {"import", file, "--json"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const std::string t1 = now_text(*db);
    CHECK(r.json()["cases"] == 1);
    CHECK(r.json()["events"] == 3);
    // Every event the import wrote: the member as actor, the import's time as recorded_at (one
    // transaction, one time).
    CHECK(db->scalar("select count(*) || '|' || count(distinct recorded_at) || '|' || bool_and(actor = '" + adm +
                     "') || '|' || bool_and(recorded_at between '" + t0 + "'::timestamptz and '" + t1 +
                     "'::timestamptz) from gk_event where recorded_at > '" + t0 + "'::timestamptz") == "3|1|true|true");
    CHECK(db->scalar("select count(*) from gk_event where actor = '" + adm + "'") == "3");
    json n1 = as_member(*db, adm, {"show", "lj-gtj-2024-0002", "--json"}).json();
    REQUIRE(n1["events"].size() == 2);
    CHECK(n1["events"][0]["actor"] == adm);
    CHECK(n1["events"][1]["actor"] == adm);
    CHECK(n1["events"][1]["handler"] == "钱九");
    // The record holds, chains and all.
    CHECK(db->run({"verify"}).code == 0);

    // The installation administrator's export of case C, turned into a new case of the file.
    const std::string exported = verify_temp_path("admin-export.csv");
    db->ok({"export", "--agency", "lj-fc", "--output", exported});
    std::string exported_as_new = slurp(exported);
    for (size_t at; (at = exported_as_new.find(kC)) != std::string::npos;) exported_as_new.replace(at, kC.size(), "X1");

    // Refused, exit 6, one line, nothing written: rows naming another actor; rows carrying
    // recorded_at; --actor naming someone else.
    const std::string fp = db->fingerprint();
    auto refused = [&](const std::string& name, const std::string& text, std::vector<std::string> extra = {}) {
      const std::string f = verify_temp_path(name);
      write_text(f, text);
      std::vector<std::string> args = {"import", f};
      args.insert(args.end(), extra.begin(), extra.end());
      RunResult x = as_member(*db, adm, args);
      INFO(name << ": " << x.err);
      CHECK(x.code == 6);
      CHECK(x.err.rfind("error: ", 0) == 0);
      CHECK(std::count(x.err.begin(), x.err.end(), '\n') == 1);
      CHECK(db->fingerprint() == fp);
    };
    refused("actors.csv", "case,event,on,agency,channel,applicant_type,applicant,actor\n"
                          "N2,received,2024-07-03,lj,post,person,周十,clerk-wang\n");
    refused("mixed-actors.csv", "case,event,on,agency,channel,applicant_type,applicant,actor\n"
                                "N2,received,2024-07-03,lj,post,person,周十,\n"
                                "N2,reviewed,2024-07-04,,,,,clerk-wang\n");
    refused("recorded.csv", "case,event,on,agency,channel,applicant_type,applicant,recorded_at\n"
                            "N2,received,2024-07-03,lj,post,person,周十,2024-07-03T08:00:00.000000Z\n");
    refused("plain.csv", "case,event,on,agency,channel,applicant_type,applicant\n"
                         "N2,received,2024-07-03,lj,post,person,周十\n",
            {"--actor", "clerk-wang"});
    // The installation administrator's own export carries actors and times: a member cannot bring
    // them in as they are.
    refused("admin-export.csv", exported_as_new);

    // A file that names the member itself as actor is the member's own doing.
    const std::string self = verify_temp_path("self.csv");
    write_text(self, "case,event,on,agency,channel,applicant_type,applicant,actor\n"
                     "N3,received,2024-07-05,lj,post,person,吴十一," + adm + "\n");
    RunResult ok_self = as_member(*db, adm, {"import", self});
    INFO(ok_self.err);
    CHECK(ok_self.code == 0);

    // Chain heads are the installation administrator's to keep: a member admin may not (6).
    const std::string heads = verify_temp_path("member-heads.txt");
    CHECK(as_member(*db, adm, {"verify", "--heads", heads}).code == 6);
    CHECK(!std::filesystem::exists(heads));
  }

  // ----------------------------------------------------------------------------------------------
  // 6. The database computes the chain itself.

  TEST_CASE("the database chains every event: each hash covers the event before it, whoever inserts") {
    auto db = office();
    // Every stored hash is sha256(previous hash — for event 1 the case's genesis,
    // sha256('gongkai case ' || case number) — followed by the event's content).
    const std::string mismatches =
        "select count(*) from ("
        "  select e.hash, sha256(coalesce(lag(e.hash) over w, sha256(convert_to('gongkai case ' || c.case_no, 'UTF8'))) ||"
        "         gk_event_content(e.seq, e.kind, e.occurred_on, e.actor, e.recorded_at, e.details, p.data, p.salt)) as mine,"
        "         e.seq - lag(e.seq) over w as step"
        "  from gk_event e join gk_case c on c.id = e.case_id"
        "  left join gk_event_personal p on p.case_id = e.case_id and p.seq = e.seq"
        "  window w as (partition by e.case_id order by e.seq)) x "
        "where x.hash is distinct from x.mine or x.step <> 1";
    CHECK(db->scalar("select count(*) from gk_event") == "9");
    CHECK(db->scalar(mismatches) == "0");
    // The content covers the personal data and recorded_at: the receipt's hash is not the hash of
    // its content without them.
    CHECK(db->scalar("select count(*) from gk_event e join gk_event_personal p using (case_id, seq) join gk_case c on c.id = e.case_id "
                     "where e.hash = sha256(sha256(convert_to('gongkai case ' || c.case_no, 'UTF8')) || "
                     "gk_event_content(e.seq, e.kind, e.occurred_on, e.actor, e.recorded_at, e.details, null, null))") == "0");

    SUBCASE("an event a superuser inserts without a hash is chained by the trigger; consistent, it passes") {
      as_superuser(*db, {"insert into gk_event (case_id, seq, kind, occurred_on, actor, details) values (" + id_of(kB) +
                             ", 3, 'complaint-filed', date '2024-05-20', 'hand-entered', '{\"note\": \"投诉\"}')",
                         "update gk_case set event_count = 3, last_event_on = date '2024-05-20' where case_no = '" + kB + "'"});
      CHECK(db->scalar("select hash is not null from gk_event where case_id = " + id_of(kB) + " and seq = 3") == "t");
      CHECK(db->scalar(mismatches) == "0");
      RunResult v = db->run({"verify", "--json"});
      INFO(v.err);
      CHECK(v.code == 0);
      CHECK(v.json()["ok"] == true);
      json b = db->run({"show", kB, "--json"}).json();
      REQUIRE(b["events"].size() == 3);
      CHECK(b["events"][2]["actor"] == "hand-entered");
      // One with nothing before it to chain to is refused by the trigger.
      pqxx::connection c(db->conninfo());
      pqxx::work tx(c);
      CHECK_THROWS_WITH(tx.exec("insert into gk_event (case_id, seq, kind, occurred_on, actor) values (" + id_of(kB) +
                                ", 5, 'complaint-filed', date '2024-05-21', 'hand-entered')"),
                        doctest::Contains("has no event before it to chain to"));
    }
    SUBCASE("event 1 edited: event 1 breaks, not the events after it; its hash recomputed: event 2 breaks") {
      as_superuser_replica(*db, {"update gk_event set details = jsonb_set(details, '{subject}', '\"另一个主题\"') "
                                 "where case_id = " + id_of(kA) + " and seq = 1"});
      CHECK(all_breaks(*db) == std::vector<std::string>{kA + "@1"});
      caught(*db, {kA, 1, {"subject: stored 征地补偿, replayed 另一个主题"}});
      // The forger recomputes event 1's hash only: event 2's hash covers event 1's old one.
      as_superuser(*db, {"update gk_case set subject = '另一个主题' where case_no = '" + kA + "'",
                         "set local session_replication_role = replica",
                         "update gk_event e set hash = gk_chain_step(gk_chain_genesis(c.case_no), null, "
                         "gk_event_content(e.seq, e.kind, e.occurred_on, e.actor, e.recorded_at, e.details, p.data, p.salt)) "
                         "from gk_case c, gk_event_personal p where c.id = e.case_id and p.case_id = e.case_id "
                         "and p.seq = e.seq and c.case_no = '" + kA + "' and e.seq = 1"});
      CHECK(all_breaks(*db) == std::vector<std::string>{kA + "@2"});
      caught(*db, {kA, 2, {}});
    }
  }
}
