// Upgrading: a database an older gongkai made (schema version 4, before members, row-level security,
// personal data apart and the hash chain) is named as older, and `gongkai init` migrates it to
// exactly what the cases would be had they been recorded today — the same shows and reports, and
// every event chained.
#include <doctest/doctest.h>

#include <filesystem>
#include <pqxx/pqxx>

#include "harness.h"

using gongkai::test::RunResult;
using gongkai::test::TestDb;

namespace {
const std::map<std::string, std::string> kToday = {{"GONGKAI_TODAY", "2024-12-31"}};

void county(const TestDb& db) {
  db.ok({"agency", "add", "lj", "--name", "连江县人民政府", "--kind", "government"});
  db.ok({"agency", "add", "lj-gtj", "--name", "连江县国土资源局", "--kind", "department", "--parent", "lj"});
  db.ok({"agency", "add", "lj-fc", "--name", "凤城镇人民政府", "--kind", "township", "--parent", "lj"});
}

// The rows of `sql` (one JSON document each) of database `from`, into table `table` of `to`.
void copy_rows(const TestDb& from, const TestDb& to, const std::string& sql, const std::string& table) {
  pqxx::connection a(from.conninfo()), b(to.conninfo());
  pqxx::nontransaction read(a);
  pqxx::work write(b);
  for (const auto& row : read.exec(sql))
    write.exec_params("insert into " + table + " select * from json_populate_record(null::" + table + ", $1::json)",
                      row[0].c_str());
  write.commit();
}

std::string temp_file(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("gk-migration-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

}  // namespace

TEST_SUITE("migration") {
  TEST_CASE("a database without the schema, or an older gongkai's, is explained; init migrates it") {
    TestDb db(false);
    auto r = db.run({"list"});
    CHECK(r.code == 1);
    CHECK(r.err == "error: the database has no gongkai schema: run 'gongkai init' first\n");

    TestDb old(false);
    old.migrate_as_older_gongkai(4);
    auto o = old.run({"list"});
    CHECK(o.code == 1);
    CHECK(o.err.find("version 4") != std::string::npos);
    CHECK(o.err.find("run 'gongkai init' to migrate it") != std::string::npos);
    CHECK(old.ok({"init"}).rfind("schema version ", 0) == 0);
    CHECK(old.run({"list"}).code == 0);
  }

  TEST_CASE("a version-4 database with cases migrates to the same cases, reports and hash chains") {
    // The cases, recorded today.
    TestDb now;
    county(now);
    auto receive = [&](const std::string& agency, const std::string& date, std::vector<std::string> extra) {
      std::vector<std::string> args = {"receive", "--agency", agency, "--received", date, "--channel", "post",
                                       "--applicant-type", "person"};
      args.insert(args.end(), extra.begin(), extra.end());
      return now.ok(args, kToday);
    };
    std::string a = receive("lj-gtj", "2024-03-04", {"--applicant", "张三", "--contact", "13800000000",
                                                       "--subject", "征地补偿", "--letter-ref", "L-1"});
    std::string b = receive("lj", "2024-05-06", {"--applicant", "某公司"});
    std::string c = receive("lj-fc", "2023-12-01", {"--applicant", "王五"});
    now.ok({"--actor", "clerk-wang", "event", a, "reviewed", "--on", "2024-03-05", "--handler", "李四"}, kToday);
    now.ok({"event", a, "answered", "--on", "2024-03-20", "--outcome", "withheld/state-secret"}, kToday);
    now.ok({"event", a, "reconsideration-filed", "--on", "2024-04-01"}, kToday);
    now.ok({"event", b, "withdrawn", "--on", "2024-05-08", "--note", "撤回"}, kToday);
    now.ok({"event", c, "complaint-filed", "--on", "2024-01-10"}, kToday);
    const std::string heads = temp_file("heads.txt");

    // The same cases as gongkai 4 kept them: the personal data in the case row and the receipt's
    // details, no hashes.
    TestDb old(false);
    old.migrate_as_older_gongkai(4);
    copy_rows(now, old, "select to_jsonb(a) from gk_agency a order by id", "gk_agency");
    copy_rows(now, old, "select to_jsonb(y) from gk_calendar_year y", "gk_calendar_year");
    copy_rows(now, old, "select to_jsonb(d) from gk_calendar_day d", "gk_calendar_day");
    copy_rows(now, old, "select to_jsonb(k) from gk_case_counter k", "gk_case_counter");
    copy_rows(now, old,
              "select to_jsonb(c) || jsonb_build_object('applicant', p.applicant, 'contact', p.contact) "
              "from gk_case c join gk_case_personal p on p.case_id = c.id order by c.id",
              "gk_case");
    copy_rows(now, old,
              "select to_jsonb(e) || jsonb_build_object('details', e.details || coalesce(p.data, '{}')) "
              "from gk_event e left join gk_event_personal p using (case_id, seq) order by case_id, seq",
              "gk_event");
    old.scalar("select setval('gk_agency_id_seq', (select max(id) from gk_agency))");
    old.scalar("select setval('gk_case_id_seq', (select max(id) from gk_case))");
    CHECK(old.scalar("select applicant from gk_case where case_no = '" + a + "'") == "张三");

    CHECK(old.ok({"init"}) == "schema version " + now.scalar("select max(version) from gk_schema_version"));
    for (const auto& n : {a, b, c}) CHECK(old.run({"show", n, "--json"}).json() == now.run({"show", n, "--json"}).json());
    CHECK(old.ok({"report", "--year", "2024", "--format", "json"}) == now.ok({"report", "--year", "2024", "--format", "json"}));
    CHECK(old.ok({"report", "--year", "2024", "--template", "legacy", "--format", "csv"}) ==
          now.ok({"report", "--year", "2024", "--template", "legacy", "--format", "csv"}));
    // Personal data moved apart, masked copies beside the case row.
    CHECK(old.scalar("select count(*) from gk_event where details ? 'applicant'") == "0");
    CHECK(old.scalar("select applicant_masked from gk_case where case_no = '" + a + "'") == "张*");
    // The migration chained every event as today's writers do (each salted afresh: the hashes are
    // its own, and verify recomputes every one of them).
    auto v = old.run({"verify", "--json"});
    INFO(v.err);
    CHECK(v.code == 0);
    CHECK(v.json()["chain_breaks"].empty());
    CHECK(v.json()["ok"] == true);
    CHECK(old.scalar("select count(*) from gk_event_personal where length(salt) = 16") == "3");
    // Heads kept now catch a later rewrite.
    old.ok({"verify", "--heads", heads});
    CHECK(old.run({"verify", "--against", heads, "--json"}).json()["heads_differing"].empty());
    // And the migrated database takes new events, members and all.
    old.ok({"event", b, "complaint-filed", "--on", "2024-05-09"}, kToday);
    CHECK(old.ok({"verify"}).find("0 corrupt") != std::string::npos);
  }
}
