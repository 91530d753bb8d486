// Installations under one another (docs/federation.md), through the real executable: two counties
// and a city, each an embedded default of its own (three PostgreSQL clusters, wal_level logical).
// The counties sign off; the city's `report --federation` is their sum with its own agencies, cell
// for cell, seconds later, naming each source's version and time; no applicant's name reaches the
// city; a county stopped is shown and its figures kept with their time; a re-sign-off replaces the
// old version in the sum; a source newer than the city breaks its subscription until the city is
// upgraded, which `federation list` shows. Sign-off's rules on the test server besides.
#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <set>
#include <thread>

#include "embedded_home.h"
#include "harness.h"

using gongkai::test::EmbeddedHome;
using gongkai::test::TestDb;
using nlohmann::json;

namespace {

// Polls `done` every 200 ms for up to `seconds`; whether it came true.
bool wait_for(const std::function<bool()>& done, int seconds = 60) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return done();
}

const json& source_named(const json& list, const std::string& name) {
  for (const auto& s : list)
    if (s["name"] == name) return s;
  FAIL("no source " << name << " in " << list.dump());
  static json none;
  return none;
}

// The version of a source's table the city's sum of `year` takes (0 = none).
int summed_version(const EmbeddedHome& city, const std::string& name, int year) {
  auto sum = json::parse(city.ok({"report", "--year", std::to_string(year), "--federation", "--format", "json"}));
  for (const auto& s : sum["sources"])
    if (s["name"] == name) return s["version"].get<int>();
  return 0;
}

// Every count of `sum` (a report's JSON) equals the counts of `parts` at the same place added up
// (0 where a part has none). Returns how many cells were compared.
int check_sum(const json& sum, const std::vector<const json*>& parts, const std::string& path = "") {
  static const std::set<std::string> meta = {"template", "year",    "agency",   "agency_name", "installation",
                                             "sources",  "missing", "warnings", "notes",       "baselines"};
  int n = 0;
  for (const auto& [key, value] : sum.items()) {
    if (path.empty() && meta.count(key)) continue;
    const std::string at = path + "/" + key;
    std::vector<const json*> below;
    for (const json* p : parts) below.push_back(p && p->is_object() && p->contains(key) ? &(*p)[key] : nullptr);
    if (value.is_object()) {
      n += check_sum(value, below, at);
    } else if (value.is_number_integer()) {
      long long expected = 0;
      for (const json* p : below)
        if (p) expected += p->get<long long>();
      CHECK_MESSAGE(value.get<long long>() == expected, at);
      ++n;
    }
  }
  return n;
}

long long cell(const json& national, const char* row, const char* column) {
  return national["applications"]["rows"][row][column].get<long long>();
}

// A case received and, when `outcome` is given, answered.
std::string intake(const EmbeddedHome& h, const std::string& agency, const std::string& on, const std::string& who,
                   const std::string& type, const std::string& outcome = "", const std::string& answered_on = "") {
  std::string c = h.ok({"receive", "--agency", agency, "--received", on, "--channel", "post", "--applicant-type", type,
                        "--applicant", who, "--contact", who + "的地址 幸福路1号", "--subject", "拆迁补偿标准"});
  c = c.substr(0, c.find('\n'));
  if (!outcome.empty()) h.ok({"event", c, "answered", "--on", answered_on, "--outcome", outcome});
  return c;
}

json report_json(const EmbeddedHome& h, std::vector<std::string> args) {
  args.insert(args.begin(), "report");
  args.push_back("--format");
  args.push_back("json");
  return json::parse(h.ok(args));
}

}  // namespace

TEST_SUITE("federation") {
  TEST_CASE("two counties sign off; the city's report is their exact sum with its own, seconds later, and stays "
            "true through a county stopped, a re-sign-off and an upgrade") {
    EmbeddedHome a("gk-fed", "a"), b("gk-fed", "b"), city("gk-fed", "city");
    // Three installations, each with its code; agency codes may be the same in each.
    a.ok({"installation", "set", "320801", "甲县"});
    b.ok({"installation", "set", "320802", "乙县"});
    city.ok({"installation", "set", "320800", "某市"});
    a.ok({"agency", "add", "xian", "--name", "甲县人民政府", "--kind", "government"});
    a.ok({"agency", "add", "xian-zj", "--name", "甲县住房和城乡建设局", "--kind", "department", "--parent", "xian"});
    b.ok({"agency", "add", "xian", "--name", "乙县人民政府", "--kind", "government"});
    city.ok({"agency", "add", "shi", "--name", "某市人民政府", "--kind", "government"});

    // 2023 carried into 2024, answers of several outcomes, an appeal.
    intake(a, "xian-zj", "2023-12-20", "欧阳明", "person");
    std::string a2 = intake(a, "xian", "2024-03-04", "司马光", "person", "disclosed", "2024-03-20");
    intake(a, "xian-zj", "2024-05-06", "某某建筑公司", "business", "unavailable/not-held", "2024-05-20");
    intake(a, "xian", "2024-12-20", "诸葛亮", "person");
    a.ok({"event", a2, "reconsideration-filed", "--on", "2024-04-10"});
    intake(b, "xian", "2024-02-01", "上官婉儿", "person", "partially-disclosed", "2024-02-20");
    intake(b, "xian", "2024-06-03", "某律师事务所", "legal", "withheld/third-party-rights", "2024-06-25");
    intake(city, "shi", "2024-07-01", "慕容复", "person", "disclosed", "2024-07-15");

    // The counties let the city in; the city subscribes to each.
    a.ok({"federation", "allow", "city_320800"});
    b.ok({"federation", "allow", "city_320800"});
    city.ok({"federation", "add", "jia", a.conninfo_as("city_320800")});
    city.ok({"federation", "add", "yi", b.conninfo_as("city_320800")});
    {
      // The same installation twice, or a name twice: refused, nothing made.
      auto again = city.run({"federation", "add", "jia2", a.conninfo_as("city_320800")});
      CHECK(again.code == 5);
      CHECK(again.err.find("is a source already") != std::string::npos);
      // A county cannot subscribe to itself, and an unreachable source is one clear line.
      auto self = a.run({"federation", "add", "me", a.conninfo_as("city_320800")});
      CHECK(self.code == 5);
      auto nowhere = city.run({"federation", "add", "nowhere", "host=/nonexistent dbname=gongkai user=x"});
      CHECK(nowhere.code == 2);
      CHECK(nowhere.err.find("cannot connect to the source") != std::string::npos);
      CHECK(json::parse(city.ok({"federation", "list", "--json"})).size() == 2);
    }
    // Nothing signed yet: both sources missing from the sum.
    {
      auto early = report_json(city, {"--year", "2024", "--federation"});
      CHECK(early["missing"] == json({"jia", "yi"}));
      CHECK(early["sources"].empty());
    }

    // The counties sign off (the statistician of 乙县 is a member: a member's act).
    auto signed_a = json::parse(a.ok({"report", "sign-off", "--year", "2024", "--agency", "xian", "--json"}));
    CHECK(signed_a["version"] == 1);
    CHECK(signed_a["installation"] == "320801");
    b.ok({"user", "add", "tongji", "--name", "统计员", "--role", "statistician", "--agency", "xian", "--db-login"});
    auto signed_b = json::parse(b.ok({"--db", b.conninfo_as("tongji"), "report", "sign-off", "--year", "2024",
                                      "--agency", "xian", "--json"}));
    CHECK(signed_b["version"] == 1);

    // Seconds later the city has both.
    auto t0 = std::chrono::steady_clock::now();
    REQUIRE(wait_for([&] { return summed_version(city, "jia", 2024) == 1 && summed_version(city, "yi", 2024) == 1; }));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    MESSAGE("both sign-offs reached the city within " << seconds << " s");
    CHECK(seconds < 30);

    // The city's sum of 2024 in a template, having checked it cell for cell against the counties'
    // own reports of xian and the city's own report.
    auto checked_sum = [&](const char* tmpl) {
      auto sum = report_json(city, {"--year", "2024", "--federation", "--template", tmpl});
      auto pa = report_json(a, {"--year", "2024", "--agency", "xian", "--template", tmpl});
      auto pb = report_json(b, {"--year", "2024", "--agency", "xian", "--template", tmpl});
      auto own = report_json(city, {"--year", "2024", "--template", tmpl});
      CAPTURE(tmpl);
      CHECK(check_sum(sum, {&pa, &pb, &own}) > 20);
      return sum;
    };
    for (const char* tmpl : {"national", "legacy"}) {
      auto sum = checked_sum(tmpl);
      CHECK(sum["missing"].empty());
      REQUIRE(sum["sources"].size() == 2);
      CHECK(sum["sources"][0]["name"] == "jia");
      CHECK(sum["sources"][0]["version"] == 1);
      CHECK(sum["sources"][0]["signed_at"] == signed_a["signed_at"]);
      CHECK(sum["sources"][1]["name"] == "yi");
      CHECK(sum["sources"][1]["signed_by"] == "tongji");
    }
    {
      auto sum = report_json(city, {"--year", "2024", "--federation"});
      CHECK(cell(sum, "new", "total") == 6);   // 3 + 2 + the city's 1
      CHECK(cell(sum, "carried-in", "total") == 1);
      CHECK(cell(sum, "disclosed", "person") == 2);
      CHECK(sum["appeals"]["reconsideration"]["total"] == 1);
      // The text says whose figures they are and from when; every format prints.
      std::string text = city.ok({"report", "--year", "2024", "--federation"});
      CHECK(text.find("甲县（320801）甲县人民政府：xian 第1版") != std::string::npos);
      CHECK(text.find("北京时间") != std::string::npos);
      for (const char* f : {"csv", "md"}) CHECK_FALSE(city.ok({"report", "--year", "2024", "--federation", "--format", f}).empty());
      const auto workbook = city.path / "sum.xlsx";
      city.ok({"report", "--year", "2024", "--federation", "--format", "xlsx", "--output", workbook.string()});
      CHECK(gongkai::test::read_bytes(workbook.string()).rfind("PK", 0) == 0);
      // A year nobody signed off: both missing, named in the text.
      auto none = report_json(city, {"--year", "2023", "--federation"});
      CHECK(none["missing"] == json({"jia", "yi"}));
    }

    // No applicant's name or address ever reaches the city: not in its database at all.
    {
      auto dump = gongkai::test::run_command({"/usr/bin/pg_dump", "--data-only", "-d",
                                               city.superuser_conninfo()});
      REQUIRE(dump.code == 0);
      CHECK(dump.out.find("320801") != std::string::npos);  // the county's sign-off is there …
      for (const char* name : {"欧阳明", "司马光", "某某建筑公司", "诸葛亮", "上官婉儿", "某律师事务所", "司马光的地址"})
        CHECK_MESSAGE(dump.out.find(name) == std::string::npos, std::string(name));  // … its applicants are not
      CHECK(dump.out.find("慕容复") != std::string::npos);  // the city's own applicant, kept by the city
    }

    // 乙县 goes offline: the city says so, and keeps its figures with their time.
    b.ok({"db", "stop"});
    REQUIRE(wait_for([&] {
      auto list = json::parse(city.ok({"federation", "list", "--json"}));
      return source_named(list, "yi")["ok"] == false;
    }));
    {
      auto list = json::parse(city.ok({"federation", "list", "--json"}));
      CHECK(source_named(list, "jia")["ok"] == true);
      CHECK(source_named(list, "yi")["latest"]["version"] == 1);
      CHECK(city.ok({"federation", "list"}).find("NOT OK") != std::string::npos);
      auto sum = report_json(city, {"--year", "2024", "--federation"});
      CHECK(sum["sources"][1]["ok"] == false);
      CHECK(sum["sources"][1]["version"] == 1);
      CHECK(cell(sum, "new", "total") == 6);
      CHECK(city.ok({"report", "--year", "2024", "--federation"}).find("乙县（320802）现在连接不上") != std::string::npos);
    }
    // Meanwhile 甲县 finds a late case and signs off again: version 2 replaces version 1 in the sum.
    intake(a, "xian", "2024-12-27", "端木蓉", "person", "unavailable/not-held", "2024-12-30");
    auto resigned = json::parse(a.ok({"report", "sign-off", "--year", "2024", "--agency", "xian", "--json"}));
    CHECK(resigned["version"] == 2);
    REQUIRE(wait_for([&] { return summed_version(city, "jia", 2024) == 2; }));
    {
      auto sum = report_json(city, {"--year", "2024", "--federation"});
      CHECK(cell(sum, "new", "total") == 7);
      CHECK(sum["sources"][0]["version"] == 2);
    }
    // 乙县 comes back, signs off a correction of its own; the city catches up by itself.
    b.ok({"db", "start"});
    intake(b, "xian", "2024-11-11", "独孤求败", "person", "disclosed", "2024-11-20");
    CHECK(json::parse(b.ok({"report", "sign-off", "--year", "2024", "--agency", "xian", "--json"}))["version"] == 2);
    REQUIRE(wait_for([&] {
      auto list = json::parse(city.ok({"federation", "list", "--json"}));
      return source_named(list, "yi")["ok"] == true && summed_version(city, "yi", 2024) == 2;
    }, 90));
    for (const char* tmpl : {"national", "legacy"}) checked_sum(tmpl);

    // The city signs off the sum and could publish it onward; a department under 甲县's top
    // agency signed off too is not counted twice.
    a.ok({"report", "sign-off", "--year", "2024", "--agency", "xian-zj"});
    auto city_signed = json::parse(city.ok({"report", "sign-off", "--year", "2024", "--agency", "shi", "--federation",
                                            "--json"}));
    CHECK(city_signed["sources"].size() == 2);
    {
      auto sum = report_json(city, {"--year", "2024", "--federation"});
      CHECK(cell(sum, "new", "total") == 8);
      CHECK(sum["sources"].size() == 2);
    }
    // The province subscribes to the city: it receives the city's sum, never the counties' rows
    // themselves (the publication sends only what was signed at the city), so nothing counts twice.
    {
      EmbeddedHome province("gk-fed", "province");
      province.ok({"installation", "set", "320000", "某省"});
      city.ok({"federation", "allow", "prov_320000"});
      province.ok({"federation", "add", "shi", city.conninfo_as("prov_320000")});
      REQUIRE(wait_for([&] { return summed_version(province, "shi", 2024) == 1; }));
      auto up = report_json(province, {"--year", "2024", "--federation"});
      CHECK(up["applications"] == report_json(city, {"--year", "2024", "--federation"})["applications"]);
      CHECK(cell(up, "new", "total") == 8);
      CHECK(gongkai::test::run_command({"/usr/bin/psql", "-AtqX", "-d", province.superuser_conninfo(), "-c",
                                        "select string_agg(distinct installation, ',') from gk_signoff"})
                .out == "320800\n");
      CHECK(province.ok({"report", "--year", "2024", "--federation"}).find("（为本级与下级2份报表之和）") !=
            std::string::npos);
      province.ok({"federation", "remove", "shi"});  // its slot at the city goes with it
    }

    // An upgrade in the wrong order: a source whose newer gongkai publishes a column the city lacks
    // stops the city's subscription, shown by `federation list`, not hidden; upgrading the city
    // (the upper level first, as docs/federation.md says) mends it without losing a sign-off.
    {
      auto newer = gongkai::test::run_command(
          {"/usr/bin/psql", "-v", "ON_ERROR_STOP=1", "-qX", "-d", a.superuser_conninfo(), "-c",
           "alter table gk_signoff add column counted_by text not null default 'gongkai 22'",
           "-c",
           "alter publication gk_signoffs set table gk_signoff (installation, installation_name, agency, agency_name, "
           "agency_path, year, version, signed_by, signed_at, national, legacy, sources, counted_by) where (own)"});
      INFO(newer.err);
      REQUIRE(newer.code == 0);
      CHECK(json::parse(a.ok({"report", "sign-off", "--year", "2024", "--agency", "xian", "--json"}))["version"] == 3);
      REQUIRE(wait_for([&] {
        auto list = json::parse(city.ok({"federation", "list", "--json"}));
        const auto& s = source_named(list, "jia");
        return s["ok"] == false || s["apply_errors"].get<long long>() > 0;
      }));
      CHECK(summed_version(city, "jia", 2024) == 2);
      auto upgrade = gongkai::test::run_command(
          {"/usr/bin/psql", "-v", "ON_ERROR_STOP=1", "-qX", "-d", city.superuser_conninfo(), "-c",
           "alter table gk_signoff add column counted_by text not null default 'gongkai 21'"});
      REQUIRE(upgrade.code == 0);
      REQUIRE(wait_for([&] { return summed_version(city, "jia", 2024) == 3; }, 90));
      CHECK(wait_for([&] {
        auto list = json::parse(city.ok({"federation", "list", "--json"}));
        return source_named(list, "jia")["ok"] == true;
      }));
    }
    // A source removed no longer counts; added again, its sign-offs are copied anew, each kept once.
    {
      auto before = report_json(city, {"--year", "2024", "--federation"});
      auto removed = json::parse(city.ok({"federation", "remove", "yi", "--json"}));
      CHECK(removed["slot_left"].is_null());
      CHECK(json::parse(city.ok({"federation", "list", "--json"})).size() == 1);
      auto without = report_json(city, {"--year", "2024", "--federation"});
      CHECK(without["sources"].size() == 1);
      CHECK(cell(without, "new", "total") == cell(before, "new", "total") - 3);
      CHECK(city.run({"federation", "remove", "yi"}).code == 4);
      city.ok({"federation", "add", "yi", b.conninfo_as("city_320800")});
      REQUIRE(wait_for([&] {
        auto list = json::parse(city.ok({"federation", "list", "--json"}));
        return source_named(list, "yi")["ok"] == true;
      }));
      CHECK(report_json(city, {"--year", "2024", "--federation"})["applications"] == before["applications"]);
      CHECK(gongkai::test::run_command({"/usr/bin/psql", "-AtqX", "-d", city.superuser_conninfo(), "-c",
                                        "select count(*) from gk_signoff where installation = '320802'"})
                .out == "2\n");
    }
    // A source cannot pass figures off as another installation's: a row of 甲县 claiming 乙县's code
    // (its superuser switched the check off there) is refused at the city, whose subscription to
    // 甲县 stops, shown; 乙县's figures at the city are untouched.
    {
      const long long errors_before =
          source_named(json::parse(city.ok({"federation", "list", "--json"})), "jia")["apply_errors"].get<long long>();
      auto forged = gongkai::test::run_command(
          {"/usr/bin/psql", "-v", "ON_ERROR_STOP=1", "-qX", "-d", a.superuser_conninfo(), "-c",
           "alter table gk_signoff disable trigger gk_signoff_arrives", "-c",
           "insert into gk_signoff (installation, installation_name, agency, agency_name, agency_path, year, version, "
           "signed_by, signed_at, national, legacy, own) select '320802', '乙县', agency, agency_name, agency_path, "
           "year, 99, 'forger', now(), national, legacy, true from gk_signoff where version = 1 and agency = 'xian'",
           "-c", "alter table gk_signoff enable always trigger gk_signoff_arrives"});
      INFO(forged.err);
      REQUIRE(forged.code == 0);
      REQUIRE(wait_for([&] {
        auto list = json::parse(city.ok({"federation", "list", "--json"}));
        const auto& s = source_named(list, "jia");
        return s["apply_errors"].get<long long>() > errors_before;
      }));
      CHECK(summed_version(city, "yi", 2024) == 2);
      CHECK(gongkai::test::run_command({"/usr/bin/psql", "-AtqX", "-d", city.superuser_conninfo(), "-c",
                                        "select count(*) from gk_signoff where signed_by = 'forger'"})
                .out == "0\n");
      // Written at the county without switching the check off, it is refused there.
      auto direct = gongkai::test::run_command(
          {"/usr/bin/psql", "-v", "ON_ERROR_STOP=1", "-qX", "-d", b.superuser_conninfo(), "-c",
           "insert into gk_signoff (installation, installation_name, agency, agency_name, agency_path, year, version, "
           "signed_by, signed_at, national, legacy, own) values ('320801', '甲县', 'xian', 'x', '{xian}', 2024, 98, "
           "'forger', now(), '{}', '{}', true)"});
      CHECK(direct.code != 0);
      CHECK(direct.err.find("this installation's own") != std::string::npos);
    }
    // A source at a newer schema version than the city is refused before anything is made.
    {
      gongkai::test::run_command({"/usr/bin/psql", "-qX", "-d", b.superuser_conninfo(), "-c",
                                  "insert into gk_schema_version (version, file) values (99, '099_future.sql')"});
      EmbeddedHome other("gk-fed", "other");
      other.ok({"installation", "set", "320899", "某区"});
      auto refused = other.run({"federation", "add", "yi", b.conninfo_as("city_320800")});
      CHECK(refused.code == 3);
      CHECK(refused.err.find("upgrade this installation first") != std::string::npos);
      CHECK(json::parse(other.ok({"federation", "list", "--json"})).empty());
    }
  }

  TEST_CASE("sign-off: statisticians and admins of the agency, with the installation's code; insert-only; a "
            "refusal changes nothing") {
    TestDb db;
    db.ok({"agency", "add", "hx", "--name", "淮安市淮安区人民政府", "--kind", "government"});
    db.ok({"agency", "add", "ot", "--name", "另一县人民政府", "--kind", "government"});
    db.ok({"receive", "--agency", "hx", "--received", "2024-03-04", "--channel", "post", "--applicant-type", "person",
           "--applicant", "张三", "--subject", "规划"});
    // No code yet: refused (exit 3), saying how to set it.
    auto early = db.run({"report", "sign-off", "--year", "2024", "--agency", "hx"});
    CHECK(early.code == 3);
    CHECK(early.err.find("installation set") != std::string::npos);
    CHECK(db.run({"installation", "set", "32080", "淮安区"}).code == 2);
    CHECK(db.run({"installation", "set", "320803", ""}).code == 2);
    db.ok({"installation", "set", "320803", "淮安区"});
    CHECK(json::parse(db.ok({"installation", "--json"}))["code"] == "320803");

    db.ok({"user", "add", "tj", "--name", "统计员", "--role", "statistician", "--agency", "hx", "--db-login"});
    db.ok({"user", "add", "dj", "--name", "登记员", "--role", "registrar", "--agency", "hx", "--db-login"});
    db.ok({"user", "add", "ad", "--name", "县管理员", "--role", "admin", "--agency", "hx", "--db-login"});
    auto as = [&](const std::string& login) { return gongkai::test::server_conninfo(db.name()) + " user=" + login; };
  // The executable as a member, logged in as its own role.
  auto member = [&](const std::string& login, std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", as(login)});
    return gongkai::test::run_gongkai(args);
  };
    const std::string before = db.fingerprint();
    auto registrar = member("dj", {"report", "sign-off", "--year", "2024", "--agency", "hx"});
    CHECK(registrar.code == 6);
    auto elsewhere = member("tj", {"report", "sign-off", "--year", "2024", "--agency", "ot"});
    CHECK(elsewhere.code == 4);
    CHECK(member("tj", {"report", "sign-off", "--year", "2031", "--agency", "hx"}).code == 2);
    CHECK(member("tj", {"report", "sign-off", "--year", "2024", "--agency", "nope"}).code == 4);
    CHECK(member("ad", {"installation", "set", "320804", "别处"}).code == 6);
    CHECK(db.fingerprint() == before);

    auto first = member("tj", {"report", "sign-off", "--year", "2024", "--agency", "hx", "--json"}).json();
    CHECK(first["version"] == 1);
    auto second = json::parse(db.ok({"report", "sign-off", "--year", "2024", "--agency", "hx", "--json"}));
    CHECK(second["version"] == 2);
    CHECK(db.scalar("select signed_by from gk_signoff where version = 1") == "tj");
    CHECK(db.scalar("select national->'applications'->'rows'->'new'->>'total' from gk_signoff where version = 2") == "1");
    // Counts only: the applicant is nowhere in what is published.
    CHECK(db.scalar("select count(*) from gk_signoff where national::text || legacy::text like '%张三%'") == "0");
    // The code is fixed once signed under it.
    auto recode = db.run({"installation", "set", "320899", "淮安区"});
    CHECK(recode.code == 5);
    CHECK(db.run({"installation", "set", "320803", "淮安市淮安区"}).code == 0);

    // Insert-only, enforced by the database: not even the administrator or the owner's function may
    // change a version; members may not write at all.
    const std::string signed_now = db.fingerprint();
    for (const char* sql : {"update gk_signoff set national = '{}'", "delete from gk_signoff", "truncate gk_signoff",
                            "insert into gk_signoff (installation, installation_name, agency, agency_name, agency_path, "
                            "year, version, signed_by, signed_at, national, legacy, own) values ('320803', 'x', 'hx', "
                            "'x', '{hx}', 2024, 9, 'me', now(), '{}', '{}', true)"}) {
      for (const char* who : {"tj", "ad"}) {
        auto r = gongkai::test::run_command({"/usr/bin/psql", "-v", "ON_ERROR_STOP=1", "-qX", "-d", as(who), "-c", sql});
        CAPTURE(sql);
        CAPTURE(who);
        CHECK(r.code != 0);
      }
      auto admin = gongkai::test::run_command({"/usr/bin/psql", "-v", "ON_ERROR_STOP=1", "-qX", "-d", db.conninfo(), "-c",
                                               std::string("set role gongkai_admin; ") + sql});
      CHECK(admin.code != 0);
    }
    CHECK(db.fingerprint() == signed_now);
    // The replication role reads the published rows and the code, and nothing else.
    auto fed = db.run({"federation", "allow", "up_320800"});
    // The test server's login is a superuser (scripts/test.sh): allowed.
    REQUIRE(fed.code == 0);
    auto up = [&](const std::string& sql) {
      return gongkai::test::run_command({"/usr/bin/psql", "-v", "ON_ERROR_STOP=1", "-AtqX", "-d", as("up_320800"), "-c", sql});
    };
    CHECK(up("select count(*) from gk_signoff where own").out == "2\n");
    CHECK(up("select code from gk_installation").out == "320803\n");
    CHECK(up("select count(*) from gk_case").code != 0);
    CHECK(up("select count(*) from gk_case_personal").code != 0);
    CHECK(up("select received_at from gk_signoff").code != 0);
    CHECK(member("tj", {"federation", "allow", "x_up"}).code == 6);
    gongkai::test::run_command({"/usr/bin/psql", "-qX", "-d", db.conninfo(), "-c", "drop role up_320800"});
  }
}
