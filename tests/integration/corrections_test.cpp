// Corrections: a clerk's typo in a registered fact is corrected by a `corrected` event that says
// what changed, why and who; the receipt stays in the history, and lists, reports, search and
// deadlines follow the corrected facts. 转办 moves a case to another agency with its number, and
// its file (personal data, notices, attachments) goes with it: the new agency reads it, the old
// one no longer sees the case. Bad corrections change nothing.
#include <doctest/doctest.h>

#include <fstream>

#include "harness.h"
#include "security_support.h"
#include "web_support.h"

using gongkai::test::TestDb;
namespace sec = gongkai::test::security;
using Env = std::map<std::string, std::string>;
using json = nlohmann::json;

namespace {

const Env kToday = {{"GONGKAI_TODAY", "2024-12-20"}};

std::string receive(const TestDb& db, const std::string& agency, const std::string& on, const std::string& applicant,
                    const std::string& subject, const std::string& letter_ref = "") {
  std::vector<std::string> args = {"receive", "--agency", agency, "--received", on, "--channel", "post",
                                   "--applicant-type", "person", "--applicant", applicant, "--subject", subject,
                                   "--contact", "13800000000"};
  if (!letter_ref.empty()) args.insert(args.end(), {"--letter-ref", letter_ref});
  return db.ok(args, kToday);
}

json show(const TestDb& db, const std::string& case_no) { return db.run({"show", case_no, "--json"}, kToday).json(); }

std::vector<std::string> correct(const std::string& case_no, const std::string& field, const std::string& value,
                                 const std::string& note, const std::string& on = "2024-12-02") {
  return {"event", case_no, "corrected", "--on", on, "--field", field, "--value", value, "--note", note};
}

}  // namespace

TEST_SUITE("corrections") {
  TEST_CASE("typos corrected on the record: the history keeps both, everything else follows the corrected facts") {
    TestDb db;
    db.ok({"agency", "add", "hx", "--name", "花溪县人民政府", "--kind", "government"});
    const std::string c = receive(db, "hx", "2024-11-04", "欧阳娜娜", "城区道路改造立项批覆", "XF-101");
    db.ok({"event", c, "reviewed", "--on", "2024-11-05"}, kToday);
    const json before = show(db, c);

    db.ok(correct(c, "applicant", "欧阳娜", "身份证上的姓名是欧阳娜"), kToday);
    db.ok(correct(c, "subject", "城区道路改造立项批复", "错别字：覆→复"), kToday);
    db.ok(correct(c, "letter-ref", "XF-0101", "来文编号补零"), kToday);
    db.ok(correct(c, "channel", "in-person", "当面递交，误登为信函"), kToday);
    db.ok(correct(c, "applicant_type", "business", "申请人为企业"), kToday);
    db.ok({"event", c, "corrected", "--on", "2024-12-02", "--field", "contact", "--note", "号码不是申请人的"}, kToday);

    const json after = show(db, c);
    CHECK(after["applicant"] == "欧阳娜");
    CHECK(after["subject"] == "城区道路改造立项批复");
    CHECK(after["letter_ref"] == "XF-0101");
    CHECK(after["channel"] == "in-person");
    CHECK(after["applicant_type"] == "business");
    CHECK(after["contact"].is_null());
    // The receipt as it was recorded, and each correction with what it changed, why and who.
    CHECK(after["events"][0] == before["events"][0]);
    const json& first = after["events"][2];
    CHECK(first["kind"] == "corrected");
    CHECK(first["field"] == "applicant");
    CHECK(first["value"] == "欧阳娜");
    CHECK(first["previous"] == "欧阳娜娜");
    CHECK(first["note"] == "身份证上的姓名是欧阳娜");
    CHECK(!first["actor"].get<std::string>().empty());
    CHECK(after["events"][7]["previous"] == "13800000000");
    // The deadline did not move: none of these facts steers it.
    CHECK(after["due_on"] == before["due_on"]);
    // The text shows the change.
    const std::string text = db.ok({"show", c}, kToday);
    CHECK(text.find("applicant: 欧阳娜娜 -> 欧阳娜") != std::string::npos);
    CHECK(text.find("contact: 13800000000 -> (none)") != std::string::npos);

    // Lists, search and the report read the corrected facts.
    json list = db.run({"list", "--json"}, kToday).json();
    CHECK(list[0]["applicant"] == "欧阳娜");
    CHECK(db.run({"search", "立项批复", "--json"}, kToday).json().size() == 1);
    CHECK(db.run({"search", "立项批覆", "--json"}, kToday).json().empty());
    CHECK(db.run({"search", "xf-0101", "--json"}, kToday).json().size() == 1);
    json report = db.run({"report", "--year", "2024", "--agency", "hx", "--format", "json"}, kToday).json();
    CHECK(report.dump().find("business") != std::string::npos);
    // The stored rows agree with the replayed history, personal data and hash chain included.
    CHECK(db.run({"verify"}, kToday).code == 0);

    // The export carries the corrections (field, value, reason), the applicant's new name masked
    // unless asked for; an import does not take them yet, and says so, importing nothing.
    const std::string masked = db.ok({"export", "--mask-personal-data"}, kToday);
    CHECK(masked.find("corrected,2024-12-02,,,,,,,,,,,,,,applicant,欧*,身份证上的姓名是欧阳娜") != std::string::npos);
    CHECK(masked.find(",欧阳娜,") == std::string::npos);
    const std::string full = db.ok({"export", "--include-personal-data"}, kToday);
    CHECK(full.find(",applicant,欧阳娜,身份证上的姓名是欧阳娜,") != std::string::npos);
    CHECK(full.find(",subject,城区道路改造立项批复,错别字：覆→复,") != std::string::npos);
    TestDb fresh;
    const std::string file = fresh.name() + ".csv";
    { std::ofstream(file) << full; }
    const std::string empty = fresh.fingerprint();
    auto imported = fresh.run({"import", file}, kToday);
    CHECK(imported.code == 2);
    CHECK(imported.err.find("corrected row cannot be imported yet") != std::string::npos);
    CHECK(fresh.fingerprint() == empty);
    std::remove(file.c_str());
  }

  TEST_CASE("a corrected receipt date moves the deadline as a case received that day would have it") {
    TestDb db;
    db.ok({"agency", "add", "hx", "--name", "花溪县人民政府", "--kind", "government"});
    const std::string c = receive(db, "hx", "2024-10-28", "张三", "预算");
    const std::string twin = receive(db, "hx", "2024-10-08", "李四", "决算");
    db.ok({"event", c, "reviewed", "--on", "2024-10-29"}, kToday);
    db.ok({"event", twin, "reviewed", "--on", "2024-10-29"}, kToday);
    db.ok(correct(c, "received", "2024-10-08", "收件日期登记错误，原件收文章为10月8日"), kToday);
    const json s = show(db, c);
    CHECK(s["received_on"] == "2024-10-08");
    CHECK(s["due_on"] == show(db, twin)["due_on"]);
    CHECK(s["events"][2]["previous"] == "2024-10-28");
    // The overdue list and the case row say the same.
    CHECK(db.scalar("select due_on::text from gk_case where case_no = '" + c + "'") == s["due_on"]);
    CHECK(db.run({"verify"}, kToday).code == 0);

    // After a later step, or after the correction's own date: refused, nothing written.
    const std::string unchanged = db.fingerprint();
    auto late = db.run(correct(c, "received", "2024-10-30", "试图改到审查之后"), kToday);
    CHECK(late.code == 2);
    CHECK(late.err.find("reviewed") != std::string::npos);
    CHECK(db.run(correct(c, "received", "2024-12-05", "改到更正之后"), kToday).code == 2);
    CHECK(db.run(correct(c, "received", "2008-04-30", "条例施行以前"), kToday).code == 2);
    CHECK(db.fingerprint() == unchanged);

    // Across 2019-05-15 the regime follows the receipt date (the rules in force that day).
    Env then = {{"GONGKAI_TODAY", "2019-06-20"}};
    const std::string old = db.ok({"receive", "--agency", "hx", "--received", "2019-05-20", "--channel", "post",
                                   "--applicant-type", "person", "--applicant", "王五", "--subject", "旧案"},
                                  then);
    CHECK(show(db, old)["regime"] == 2019);
    db.ok(correct(old, "received", "2019-05-10", "实为5月10日收到", "2019-06-20"), then);
    CHECK(show(db, old)["regime"] == 2008);
    CHECK(db.run({"verify"}, kToday).code == 0);
  }

  TEST_CASE("bad corrections: one line, the contract's exit codes, nothing written") {
    TestDb db;
    db.ok({"agency", "add", "hx", "--name", "花溪县人民政府", "--kind", "government"});
    const std::string c = receive(db, "hx", "2024-11-04", "张三", "预算", "XF-1");
    receive(db, "hx", "2024-11-05", "李四", "决算", "XF-2");
    const std::string before = db.fingerprint();
    auto expect = [&](std::vector<std::string> args, int code, const std::string& says) {
      auto r = db.run(args, kToday);
      INFO(r.err);
      CHECK(r.code == code);
      CHECK(r.err.find(says) != std::string::npos);
      CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    };
    expect(correct(c, "outcome", "disclosed", "不能更正"), 2, "cannot be corrected");
    expect({"event", c, "corrected", "--on", "2024-12-02", "--field", "subject", "--value", "新"}, 2, "note");
    expect({"event", c, "corrected", "--on", "2024-12-02", "--value", "新", "--note", "x"}, 2, "field");
    expect(correct(c, "subject", "预算", "同样的内容"), 2, "nothing to correct");
    expect({"event", c, "corrected", "--on", "2024-12-02", "--field", "applicant", "--note", "清空"}, 2, "applicant");
    expect(correct(c, "channel", "pigeon", "信鸽"), 2, "pigeon");
    expect(correct(c, "received", "2024-13-01", "坏日期"), 2, "2024-13-01");
    expect(correct(c, "agency", "nope", "不存在"), 4, "nope");
    expect(correct(c, "letter_ref", "XF-2", "与另一件重号"), 5, "XF-2");
    expect(correct(c, "subject", "新内容", "未来日期", "2025-01-05"), 2, "future");
    expect(correct("hx-2024-9999", "subject", "新内容", "没有这个案件"), 4, "hx-2024-9999");
    CHECK(db.fingerprint() == before);
    // The database refuses a correction written as a plain event (its facts would not follow).
    CHECK_THROWS(db.scalar("select gk_append('" + c + "', 2, 'corrected', '2024-12-02', null, " +
                           "'{\"field\": \"subject\", \"value\": \"x\", \"note\": \"y\"}', null, " +
                           "(select to_jsonb(c) || '{\"event_count\": 2}' from gk_case c where case_no = '" + c + "'), " +
                           "(select version from gk_calendar_state))"));
    CHECK(db.fingerprint() == before);
  }

  TEST_CASE("转办: the case moves with its number and its file; the old agency no longer sees it") {
    sec::Logins logins;  // first: the member roles are dropped after the database
    TestDb db;
    db.ok({"agency", "add", "hx", "--name", "花溪县人民政府", "--kind", "government"});
    db.ok({"agency", "add", "hx-zj", "--name", "花溪县住房和城乡建设局", "--kind", "department", "--parent", "hx"});
    db.ok({"agency", "add", "hx-fg", "--name", "花溪县发展和改革局", "--kind", "department", "--parent", "hx"});
    auto member = [&](const std::string& role, const std::string& agency) {
      std::string login = logins.make(role.substr(0, 3));
      db.ok({"user", "add", login, "--name", "成员", "--role", role, "--agency", agency, "--db-login"}, kToday);
      return login;
    };
    const std::string county = member("registrar", "hx"), zj = member("registrar", "hx-zj"),
                      fg = member("handler", "hx-fg");
    auto as = [&](const std::string& login, std::vector<std::string> args) {
      args.insert(args.begin(), {"--db", db.conninfo() + " user=" + login});
      return gongkai::test::run_gongkai(args, {{"GONGKAI_TODAY", "2024-12-20"}, {"GONGKAI_ACTOR", ""}});
    };
    const std::string c = receive(db, "hx-zj", "2024-11-04", "欧阳娜娜", "发展规划", "ZJ-7");
    db.ok({"event", c, "complaint-filed", "--on", "2024-11-06"}, kToday);
    const std::string letter = db.name() + "-letter.txt";
    { std::ofstream(letter) << "来信原件：申请人欧阳娜娜"; }
    db.ok({"attach", c, letter}, kToday);
    const json zj_before = db.run({"report", "--year", "2024", "--agency", "hx-zj", "--format", "json"}, kToday).json();
    const json hx_before = db.run({"report", "--year", "2024", "--agency", "hx", "--format", "json"}, kToday).json();

    // The department's registrar cannot push it to a sibling it does not handle (not even seen).
    auto pushed = as(zj, correct(c, "agency", "hx-fg", "应由发改局办理"));
    CHECK(pushed.code == 4);
    // The county's registrar can.
    auto moved = as(county, correct(c, "agency", "hx-fg", "应由发改局办理"));
    INFO(moved.err);
    REQUIRE(moved.code == 0);
    const json s = show(db, c);
    CHECK(s["case"] == c);  // its number kept
    CHECK(s["agency"] == "hx-fg");
    CHECK(s["events"].back()["previous"] == "hx-zj");

    // The old agency no longer sees it; the new one reads all of it, personal data and file too.
    CHECK(as(zj, {"show", c}).code == 4);
    auto theirs = as(fg, {"show", c, "--json"});
    REQUIRE(theirs.code == 0);
    CHECK(theirs.json()["applicant"] == "欧阳娜娜");
    CHECK(theirs.json()["events"][0]["applicant"] == "欧阳娜娜");
    auto files = as(fg, {"files", c, "--json"});
    REQUIRE(files.code == 0);
    REQUIRE(files.json().size() == 1);
    const std::string copy = db.name() + "-copy.txt";
    auto got = as(fg, {"file", "get", c, std::to_string(files.json()[0]["id"].get<int>()), "--output", copy});
    INFO(got.err);
    CHECK(got.code == 0);
    // … and records its next step.
    CHECK(as(fg, {"event", c, "reviewed", "--on", "2024-12-03"}).code == 0);

    // The counts move with it: the department's table loses it, the other gains it, the county's
    // table (both below it) is unchanged.
    const json zj_after = db.run({"report", "--year", "2024", "--agency", "hx-zj", "--format", "json"}, kToday).json();
    const json fg_after = db.run({"report", "--year", "2024", "--agency", "hx-fg", "--format", "json"}, kToday).json();
    const json hx_after = db.run({"report", "--year", "2024", "--agency", "hx", "--format", "json"}, kToday).json();
    CHECK(zj_after != zj_before);
    CHECK(hx_after == hx_before);
    auto counts = [](json r) {
      r.erase("agency");
      r.erase("agency_name");
      return r;
    };
    CHECK(counts(fg_after) == counts(zj_before));
    // The legacy table counts its complaint where the case is now.
    auto legacy = [&](const std::string& agency) {
      return db.run({"report", "--year", "2024", "--agency", agency, "--template", "legacy", "--format", "json"},
                    kToday)
          .json()
          .dump();
    };
    CHECK(legacy("hx-fg").find("\"complaints\":{\"cumulative\":1,\"year\":1}") != std::string::npos);
    CHECK(legacy("hx-zj").find("\"complaints\":{\"cumulative\":0,\"year\":0}") != std::string::npos);
    // The kept tallies agree with a recount, the chain and the personal data's filing are intact.
    auto verified = db.run({"verify"}, kToday);
    INFO(verified.out << verified.err);
    CHECK(verified.code == 0);
    std::remove(letter.c_str());
    std::remove(copy.c_str());
  }

  TEST_CASE("the case page corrects and moves a case, with its CSRF token") {
    gongkai::test::WebOffice o("cor");
    o.db.ok({"agency", "add", "hx-fg", "--name", "某县发展和改革局", "--kind", "department", "--parent", "hx"});
    const std::string c = receive(o.db, "hx-zj", "2024-11-04", "欧阳娜娜", "城区道路改造立项批覆");
    gongkai::test::Server s(o.db, kToday);
    const std::string cookie = gongkai::test::browser_login(s, o.registrar, o.password);
    REQUIRE(!cookie.empty());
    auto page = s.request("GET", "/cases/" + c, "", {{"Cookie", cookie}});
    REQUIRE(page.status == 200);
    CHECK(page.body.find("更正与转办") != std::string::npos);
    const std::string csrf = gongkai::test::csrf_of(page.body);
    const std::map<std::string, std::string> form = {{"Cookie", cookie},
                                                     {"Content-Type", "application/x-www-form-urlencoded"}};
    auto fixed = s.request("POST", "/cases/" + c + "/events",
                           gongkai::test::form_encode({{"kind", "corrected"}, {"on", "2024-12-02"}, {"seen", "1"},
                                                       {"field", "subject"}, {"value", "城区道路改造立项批复"},
                                                       {"note", "错别字"}, {"csrf", csrf}}),
                           form);
    CHECK(fixed.status == 303);
    auto shown = s.request("GET", "/cases/" + c, "", {{"Cookie", cookie}});
    CHECK(shown.body.find("申请公开的信息：城区道路改造立项批覆 → 城区道路改造立项批复") != std::string::npos);
    // Without a reason: 400, nothing written.
    const std::string before = o.db.fingerprint();
    auto bare = s.request("POST", "/cases/" + c + "/events",
                          gongkai::test::form_encode({{"kind", "corrected"}, {"on", "2024-12-02"}, {"seen", "2"},
                                                      {"field", "agency"}, {"value", "hx-fg"}, {"csrf", csrf}}),
                          form);
    CHECK(bare.status == 400);
    CHECK(o.db.fingerprint() == before);
    auto move = s.request("POST", "/cases/" + c + "/events",
                          gongkai::test::form_encode({{"kind", "corrected"}, {"on", "2024-12-02"}, {"seen", "2"},
                                                      {"field", "agency"}, {"value", "hx-fg"}, {"note", "转发改局"},
                                                      {"csrf", csrf}}),
                          form);
    CHECK(move.status == 303);
    CHECK(show(o.db, c)["agency"] == "hx-fg");
    CHECK(s.stop() == 0);
  }
}
