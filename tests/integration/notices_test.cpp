// The paperwork (interface.md "Paperwork", docs/notices.md) through the real executable: each
// statutory notice of a realistic case with its article, its dates in Chinese form and its
// deadlines on the working-day calendar; the remedy paragraph by the agency's settings; refusals
// with the database unchanged; numbering per agency and year, also under concurrent issuers;
// freezing (re-issue re-prints), wording versions, formats, and who may print.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>
#include <thread>

#include "harness.h"
#include "security_support.h"
#include "web_support.h"

using gongkai::test::RunResult;
using gongkai::test::TestDb;
namespace sec = gongkai::test::security;
using sec::sql_state;

namespace {

const std::map<std::string, std::string> kToday = {{"GONGKAI_TODAY", "2024-12-31"}};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A county: the government, its land bureau (settings: reconsideration before the county, suit
// before the county court), a department whose rules put reconsideration first, a department with
// no settings yet, and another county.
void county(const TestDb& db) {
  db.ok({"agency", "add", "lj", "--name", "连江县人民政府", "--kind", "government"});
  db.ok({"agency", "add", "lj-gtj", "--name", "连江县国土资源局", "--kind", "department", "--parent", "lj"});
  db.ok({"agency", "add", "lj-sw", "--name", "连江县税务局", "--kind", "department", "--parent", "lj"});
  db.ok({"agency", "add", "lj-new", "--name", "连江县新设局", "--kind", "department", "--parent", "lj"});
  db.ok({"agency", "add", "ot", "--name", "另一县人民政府", "--kind", "government"});
  db.ok({"agency", "remedy", "lj-gtj", "--reconsideration-organ", "连江县人民政府", "--court", "连江县人民法院",
         "--number-prefix", "连国土信"});
  db.ok({"agency", "remedy", "lj-sw", "--reconsideration-organ", "福州市税务局", "--court", "福州市鼓楼区人民法院",
         "--number-prefix", "连税信", "--reconsideration-first"});
  db.ok({"agency", "remedy", "ot", "--reconsideration-organ", "另一市人民政府", "--court", "另一县人民法院",
         "--number-prefix", "另政信"});
}

std::string receive(const TestDb& db, const std::string& agency, const std::string& date,
                    const std::string& applicant = "张三", std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--actor", "clerk", "receive", "--agency", agency, "--received", date,
                                   "--channel", "post", "--applicant-type", "person", "--applicant", applicant,
                                   "--subject", "2023年征地补偿方案"};
  args.insert(args.end(), extra.begin(), extra.end());
  return db.ok(args, kToday);
}

void event(const TestDb& db, const std::string& c, std::vector<std::string> args) {
  args.insert(args.begin(), {"--actor", "clerk", "event", c});
  db.ok(args, kToday);
}

// Issues (or re-prints) a notice as the administrator; its JSON.
nlohmann::json notice(const TestDb& db, const std::string& c, const std::string& kind, const std::string& out,
                      std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--actor", "clerk-wang", "notice", c, kind, "--output", out, "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  RunResult r = db.run(args, kToday);
  INFO("notice " << c << " " << kind << ": " << r.err);
  REQUIRE(r.code == 0);
  return r.json();
}

// A command that must fail with `code`, one line on stderr naming `needle`, the database unchanged.
void refused(const TestDb& db, std::vector<std::string> args, int code, const std::string& needle,
             const std::string& conninfo = "") {
  const std::string before = db.fingerprint();
  RunResult r = conninfo.empty() ? db.run(args, kToday) : [&] {
    args.insert(args.begin(), {"--db", conninfo});
    return gongkai::test::run_gongkai(args, kToday);
  }();
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.code == code);
  CHECK(r.err.rfind("error: ", 0) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(has(r.err, needle));
  CHECK(db.fingerprint() == before);
}


std::string due_on(const TestDb& db, const std::string& c) {
  return db.run({"show", c, "--json"}, kToday).json()["due_on"].get<std::string>();
}

// 2024-11-13 → 2024年11月13日, computed here independently of gongkai's own function.
std::string zh(const std::string& iso) {
  return std::to_string(std::stoi(iso.substr(0, 4))) + "年" + std::to_string(std::stoi(iso.substr(5, 2))) + "月" +
         std::to_string(std::stoi(iso.substr(8, 2))) + "日";
}

std::string add_working_days(const TestDb& db, const std::string& from, int n) {
  return db.run({"calendar", "add-working-days", from, std::to_string(n), "--json"}, kToday).json()["date"];
}

}  // namespace

TEST_SUITE("notices") {
  TEST_CASE("every notice of a case through its life: articles, Chinese dates, deadlines on the calendar") {
    sec::ScratchDir dir;
    TestDb db;
    county(db);
    const std::string c = receive(db, "lj-gtj", "2024-09-20", "张三", {"--letter-ref", "来文2024-17"});
    auto path = [&](const std::string& name) { return (dir.path() / name).string(); };

    // 补正告知书: Art. 30, the items to correct, the end of the correction period.
    event(db, c, {"correction-requested", "--on", "2024-09-27", "--note", "请写明所需征地补偿方案的地块名称或者批准文号。"});
    auto j = notice(db, c, "correction", path("c.md"));
    CHECK(j["number"] == "连国土信〔2024〕1号");
    CHECK(j["issued_on"] == "2024-09-27");
    CHECK(j["reprinted"] == false);
    CHECK(j["template_version"] == 0);
    std::string t = slurp(path("c.md"));
    CHECK(has(t, "政府信息公开申请补正告知书"));
    CHECK(has(t, "连国土信〔2024〕1号"));
    CHECK(has(t, "张三："));
    CHECK(has(t, "本机关于2024年9月20日收到"));
    CHECK(has(t, "《中华人民共和国政府信息公开条例》第三十条"));
    CHECK(has(t, "请写明所需征地补偿方案的地块名称或者批准文号。"));
    // 15 working days over the National Day holiday and its make-up Saturday (2024-10-12).
    CHECK(add_working_days(db, "2024-09-27", 15) == "2024-10-23");
    CHECK(has(t, "请您于2024年10月23日之前（含当日）"));
    CHECK(has(t, "视为放弃申请"));
    CHECK(has(t, "连江县国土资源局"));
    CHECK(has(t, "2024年9月27日"));
    CHECK(has(t, "来文2024-17"));

    // 征求第三方意见函: Art. 32, addressed to the third party, its 15 working days; no applicant name.
    event(db, c, {"correction-received", "--on", "2024-10-08"});
    event(db, c, {"reviewed", "--on", "2024-10-09"});
    event(db, c, {"third-party-consulted", "--on", "2024-10-10"});
    refused(db, {"notice", c, "third-party", "--output", path("x.md")}, 2, "--to");
    j = notice(db, c, "third-party", path("tp.md"), {"--to", "福州某房地产开发有限公司"});
    CHECK(j["number"] == "连国土信〔2024〕2号");
    t = slurp(path("tp.md"));
    CHECK(has(t, "政府信息公开征求第三方意见函"));
    CHECK(has(t, "福州某房地产开发有限公司："));
    CHECK(has(t, "第三十二条"));
    CHECK(has(t, "请你方于" + zh(add_working_days(db, "2024-10-10", 15)) + "之前"));
    CHECK(has(t, "请你方于2024年10月30日之前"));
    CHECK(!has(t, "张三"));

    // 延期答复告知书: Art. 33, the due date before and the new one, as the case's replay gives it.
    event(db, c, {"third-party-replied", "--on", "2024-10-20"});
    const std::string before = due_on(db, c);
    event(db, c, {"extended", "--on", "2024-11-01", "--approved-by", "王主任", "--note", "所申请的信息涉及多个年度"});
    const std::string after = due_on(db, c);
    CHECK(after == add_working_days(db, before, 20));
    j = notice(db, c, "extension", path("ex.md"));
    CHECK(j["number"] == "连国土信〔2024〕3号");
    t = slurp(path("ex.md"));
    CHECK(has(t, "政府信息公开申请延期答复告知书"));
    CHECK(has(t, "第三十三条第二款"));
    CHECK(has(t, "因所申请的信息涉及多个年度，本机关不能在" + zh(before) + "之前作出答复"));
    CHECK(has(t, "答复期限延长20个工作日，本机关将于" + zh(after) + "之前（含当日）作出答复"));
    CHECK(has(t, "2024年11月1日"));

    // 收费通知书: Art. 42, the amount, the 20 working days to pay.
    event(db, c, {"fee-requested", "--on", "2024-11-05", "--amount", "120.50"});
    j = notice(db, c, "fee", path("fee.md"));
    t = slurp(path("fee.md"));
    CHECK(has(t, "收费通知书"));
    CHECK(has(t, "第四十二条"));
    CHECK(has(t, "人民币120.50元"));
    CHECK(has(t, "请您于" + zh(add_working_days(db, "2024-11-05", 20)) + "之前（含当日）缴纳"));

    // 答复书 of a refusal (2024, withheld): Art. 15 and 36 (三), reconsideration first by law.
    event(db, c, {"fee-paid", "--on", "2024-11-10"});
    event(db, c, {"answered", "--on", "2024-11-20", "--outcome", "withheld/third-party-rights", "--note",
                  "该信息涉及第三方商业秘密，第三方不同意公开。"});
    j = notice(db, c, "reply", path("r.md"));
    CHECK(j["number"] == "连国土信〔2024〕5号");
    t = slurp(path("r.md"));
    CHECK(has(t, "政府信息公开申请答复书"));
    CHECK(has(t, "第十五条、第三十六条第（三）项"));
    CHECK(has(t, "该信息涉及第三方商业秘密，第三方不同意公开。"));
    CHECK(has(t, "应当自知道该行政行为之日起六十日内先向连江县人民政府申请行政复议"));
    CHECK(!has(t, "六个月"));
    CHECK(has(t, "2024年11月20日"));

    // The history: show lists them all, text and JSON.
    auto shown = db.run({"show", c, "--json"}, kToday).json();
    REQUIRE(shown["notices"].size() == 5);
    CHECK(shown["notices"][0]["kind"] == "correction");
    CHECK(shown["notices"][4]["kind"] == "reply");
    CHECK(shown["notices"][4]["number"] == "连国土信〔2024〕5号");
    CHECK(shown["notices"][4]["actor"] == "clerk-wang");
    CHECK(shown["notices"][4]["sha256"].get<std::string>().size() == 64);
    CHECK(has(db.ok({"show", c}, kToday), "连国土信〔2024〕3号"));
    // The stored hash is the SHA-256 of the stored canonical JSON.
    CHECK(db.scalar("select count(*) from gk_notice n join gk_notice_document d on d.notice_id = n.id "
                    "where n.sha256 = sha256(convert_to(d.document, 'UTF8'))") == "5");
  }

  TEST_CASE("the reply's remedy paragraph: the agency's organ and court; reconsideration first where its rules say") {
    sec::ScratchDir dir;
    TestDb db;
    county(db);
    auto path = [&](const std::string& name) { return (dir.path() / name).string(); };
    const std::string a = receive(db, "lj-gtj", "2024-10-08");
    event(db, a, {"answered", "--on", "2024-10-15", "--outcome", "disclosed"});
    notice(db, a, "reply", path("a.md"));
    std::string t = slurp(path("a.md"));
    CHECK(has(t, "第三十六条第（二）项"));
    CHECK(has(t, "本机关决定予以公开"));
    CHECK(has(t, "《中华人民共和国行政复议法》第二十条和《中华人民共和国行政诉讼法》第四十六条"));
    CHECK(has(t, "可以自知道该行政行为之日起六十日内向连江县人民政府申请行政复议"));
    CHECK(has(t, "也可以自知道该行政行为之日起六个月内向连江县人民法院提起行政诉讼"));

    // The tax bureau's rules: reconsideration first, no direct suit offered.
    const std::string b = receive(db, "lj-sw", "2024-10-08");
    event(db, b, {"answered", "--on", "2024-10-16", "--outcome", "unavailable/not-held"});
    auto j = notice(db, b, "reply", path("b.md"));
    CHECK(j["number"] == "连税信〔2024〕1号");
    t = slurp(path("b.md"));
    CHECK(has(t, "第三十六条第（四）项"));
    CHECK(has(t, "应当自知道该行政行为之日起六十日内先向福州市税务局申请行政复议"));
    CHECK(has(t, "对行政复议决定不服的"));
    CHECK(!has(t, "福州市鼓楼区人民法院"));
    CHECK(!has(t, "六个月"));

    // A 2008-regime case answered in 2018: the 2008 Regulation's Art. 21, the reconsideration law's
    // Art. 9 then in force.
    const std::string old = receive(db, "lj-gtj", "2018-03-05");
    event(db, old, {"answered", "--on", "2018-03-20", "--outcome", "withheld/state-secret"});
    j = notice(db, old, "reply", path("old.md"));
    CHECK(j["number"] == "连国土信〔2018〕1号");
    t = slurp(path("old.md"));
    CHECK(has(t, "《中华人民共和国政府信息公开条例》（国务院令第492号）第十四条、第二十一条第（二）项"));
    CHECK(has(t, "《中华人民共和国行政复议法》第九条"));
    CHECK(has(t, "六个月内向连江县人民法院"));
  }

  TEST_CASE("refusals: no such step, no settings, unknown kind, no case — exit code, one line, nothing written") {
    sec::ScratchDir dir;
    TestDb db;
    county(db);
    const std::string out = (dir.path() / "x.md").string();
    const std::string c = receive(db, "lj-gtj", "2024-10-08");
    refused(db, {"notice", c, "fee", "--output", out}, 3, "fee-requested");
    refused(db, {"notice", c, "correction", "--output", out}, 3, "correction-requested");
    refused(db, {"notice", c, "extension", "--output", out}, 3, "extended");
    refused(db, {"notice", c, "reply", "--output", out}, 3, "not answered");
    event(db, c, {"withdrawn", "--on", "2024-10-10"});
    refused(db, {"notice", c, "reply", "--output", out}, 3, "not answered");
    // An agency without settings: refused, naming what to set.
    const std::string n = receive(db, "lj-new", "2024-10-08");
    event(db, n, {"answered", "--on", "2024-10-09", "--outcome", "disclosed"});
    refused(db, {"notice", n, "reply", "--output", out}, 3, "gongkai agency remedy lj-new");
    refused(db, {"notice", c, "letter", "--output", out}, 2, "letter");
    refused(db, {"notice", "lj-gtj-2024-0999", "reply", "--output", out}, 4, "lj-gtj-2024-0999");
    refused(db, {"notice", n, "reply"}, 2, "--output");
    refused(db, {"notice", n, "reply", "--output", out, "--format", "odt"}, 2, "odt");
    refused(db, {"agency", "remedy", "nope", "--reconsideration-organ", "x", "--court", "y", "--number-prefix", "z"}, 4,
            "nope");
    CHECK(!std::filesystem::exists(out));
  }

  TEST_CASE("frozen: re-issuing re-prints the same number and text; a new step is a new notice") {
    sec::ScratchDir dir;
    TestDb db;
    county(db);
    auto path = [&](const std::string& name) { return (dir.path() / name).string(); };
    const std::string c = receive(db, "lj-gtj", "2024-10-08");
    event(db, c, {"reviewed", "--on", "2024-10-09"});
    event(db, c, {"fee-requested", "--on", "2024-10-10", "--amount", "50"});
    auto first = notice(db, c, "fee", path("f1.html"));
    const std::string fp = db.fingerprint();
    auto again = notice(db, c, "fee", path("f2.html"));
    CHECK(again["reprinted"] == true);
    CHECK(again["number"] == first["number"]);
    CHECK(again["sha256"] == first["sha256"]);
    CHECK(again["recorded_at"] == first["recorded_at"]);
    CHECK(slurp(path("f1.html")) == slurp(path("f2.html")));
    CHECK(db.fingerprint() == fp);
    // The agency's settings change: the issued notice still re-prints as it was.
    db.ok({"agency", "remedy", "lj-gtj", "--reconsideration-organ", "福州市人民政府", "--court", "福州市中级人民法院",
           "--number-prefix", "连资信"});
    CHECK(notice(db, c, "fee", path("f3.html"))["number"] == "连国土信〔2024〕1号");
    CHECK(slurp(path("f3.html")) == slurp(path("f1.html")));
    // A second fee request is a new letter, with the next number (and the new prefix).
    event(db, c, {"fee-paid", "--on", "2024-10-12"});
    event(db, c, {"fee-requested", "--on", "2024-10-14", "--amount", "30"});
    auto second = notice(db, c, "fee", path("f4.md"));
    CHECK(second["reprinted"] == false);
    CHECK(second["number"] == "连资信〔2024〕2号");
    CHECK(has(slurp(path("f4.md")), "人民币30元"));
    CHECK(db.run({"show", c, "--json"}, kToday).json()["notices"].size() == 2);
  }

  TEST_CASE("numbers per agency and year: consecutive, never reused, also with two issuers at once") {
    sec::ScratchDir dir;
    TestDb db;
    county(db);
    std::vector<std::string> cases;
    for (int i = 0; i < 8; ++i) {
      auto c = receive(db, "lj-gtj", "2024-10-08", "申请人" + std::to_string(i));
      event(db, c, {"answered", "--on", "2024-10-09", "--outcome", "disclosed"});
      cases.push_back(c);
    }
    // Two issuers at once, four times.
    for (int i = 0; i < 8; i += 2) {
      RunResult r1, r2;
      auto issue = [&](int k, RunResult& r) {
        r = gongkai::test::run_gongkai({"--db", db.conninfo(), "notice", cases[k], "reply", "--output",
                                        (dir.path() / (std::to_string(k) + ".md")).string(), "--json"},
                                       kToday);
      };
      std::thread t1(issue, i, std::ref(r1)), t2(issue, i + 1, std::ref(r2));
      t1.join();
      t2.join();
      INFO(r1.err << r2.err);
      REQUIRE(r1.code == 0);
      REQUIRE(r2.code == 0);
    }
    CHECK(db.scalar("select string_agg(seq_no::text, ',' order by seq_no) from gk_notice n join gk_agency a on "
                    "a.id = n.agency_id where a.code = 'lj-gtj'") == "1,2,3,4,5,6,7,8");
    CHECK(db.scalar("select count(distinct number) from gk_notice") == "8");
    // Another agency counts on its own; another year starts at 1.
    const std::string other = receive(db, "ot", "2024-10-08");
    event(db, other, {"answered", "--on", "2024-10-09", "--outcome", "disclosed"});
    CHECK(notice(db, other, "reply", (dir.path() / "o.md").string())["number"] == "另政信〔2024〕1号");
    const std::string older = receive(db, "lj-gtj", "2023-03-01");
    event(db, older, {"answered", "--on", "2023-03-02", "--outcome", "disclosed"});
    CHECK(notice(db, older, "reply", (dir.path() / "y.md").string())["number"] == "连国土信〔2023〕1号");
    const std::string later = receive(db, "lj-gtj", "2024-10-10");
    event(db, later, {"answered", "--on", "2024-10-11", "--outcome", "disclosed"});
    CHECK(notice(db, later, "reply", (dir.path() / "z.md").string())["number"] == "连国土信〔2024〕9号");
  }

  TEST_CASE("wording: a new version is used by later notices, earlier ones re-print unchanged; unknown placeholders refused") {
    sec::ScratchDir dir;
    TestDb db;
    county(db);
    auto path = [&](const std::string& name) { return (dir.path() / name).string(); };
    const std::string a = receive(db, "lj-gtj", "2024-10-08");
    event(db, a, {"answered", "--on", "2024-10-09", "--outcome", "disclosed"});
    auto first = notice(db, a, "reply", path("a1.md"));
    CHECK(first["template_version"] == 0);

    auto shipped = db.run({"notice", "template", "show", "--agency", "lj-gtj", "reply", "--json"}, kToday).json();
    CHECK(shipped["version"] == 0);
    CHECK(shipped["shipped"] == true);
    std::string body = shipped["body"];
    REQUIRE(has(body, "经审查，现答复如下："));

    std::string bad = body;
    bad.replace(bad.find("经审查，现答复如下："), std::string("经审查，现答复如下：").size(), "经审查，{{clerk_phone}}");
    refused(db, {"notice", "template", "set", "--agency", "lj-gtj", "reply", dir.write("bad.txt", bad)}, 2,
            "{{clerk_phone}}");
    refused(db, {"notice", "template", "set", "--agency", "lj-gtj", "reply", dir.write("nonum.txt", "[title] 答复书\n{{applicant}}：\n")},
            2, "{{number}}");
    refused(db, {"notice", "template", "set", "--agency", "lj-gtj", "reply", dir.write("kind.txt", "[stamp] 印\n")}, 2,
            "[stamp]");

    std::string edited = body;
    edited.replace(edited.find("经审查，现答复如下："), std::string("经审查，现答复如下：").size(),
                   "经审查，本局答复如下（{{outcome_label}}）：");
    RunResult set = db.run({"notice", "template", "set", "--agency", "lj-gtj", "reply", dir.write("ok.txt", edited), "--json"}, kToday);
    INFO(set.err);
    REQUIRE(set.code == 0);
    CHECK(set.json()["version"] == 1);
    CHECK(db.run({"notice", "template", "show", "--agency", "lj-gtj", "reply", "--json"}, kToday).json()["version"] == 1);

    const std::string b = receive(db, "lj-gtj", "2024-10-08");
    event(db, b, {"answered", "--on", "2024-10-09", "--outcome", "disclosed"});
    auto later = notice(db, b, "reply", path("b.md"));
    CHECK(later["template_version"] == 1);
    CHECK(has(slurp(path("b.md")), "经审查，本局答复如下（（一）予以公开）："));
    // The earlier notice: the same text as when it was issued.
    auto reprint = notice(db, a, "reply", path("a2.md"));
    CHECK(reprint["sha256"] == first["sha256"]);
    CHECK(reprint["template_version"] == 0);
    CHECK(slurp(path("a2.md")) == slurp(path("a1.md")));
    CHECK(has(slurp(path("a2.md")), "经审查，现答复如下："));
  }

  TEST_CASE("formats: DOCX and PDF of a notice") {
    sec::ScratchDir dir;
    TestDb db;
    county(db);
    const std::string c = receive(db, "lj-gtj", "2024-10-08", "欧阳小梅");
    event(db, c, {"answered", "--on", "2024-10-09", "--outcome", "disclosed"});
    const std::string docx = (dir.path() / "r.docx").string(), pdf = (dir.path() / "r.pdf").string();
    notice(db, c, "reply", docx);
    const std::string d = slurp(docx);
    CHECK(d.rfind("PK", 0) == 0);
    CHECK(has(d, "word/document.xml"));
    // The document part holds the applicant's name (unzip, as a reader would).
    const std::string xml = (dir.path() / "document.xml").string();
    REQUIRE(std::system(("unzip -p '" + docx + "' word/document.xml > '" + xml + "'").c_str()) == 0);
    CHECK(has(slurp(xml), "欧阳小梅"));
    CHECK(has(slurp(xml), "连国土信〔2024〕1号"));
    RunResult r = db.run({"notice", c, "reply", "--output", pdf, "--format", "pdf"}, kToday);
    INFO(r.err);
    if (r.code == 0) CHECK(slurp(pdf).rfind("%PDF", 0) == 0);
    else CHECK(has(r.err, "hromium"));  // no browser on this machine: said so
  }

  TEST_CASE("who may print: members of the case's agency who read personal data; the rows nobody rewrites") {
    sec::Logins logins;
    sec::ScratchDir dir;
    TestDb db;
    county(db);
    auto path = [&](const std::string& name) { return (dir.path() / name).string(); };
    const std::string handler = logins.make("hd"), supervisor = logins.make("sv"), stranger = logins.make("st"),
                      clerk = logins.make("ck");
    db.ok({"user", "add", handler, "--name", "县经办", "--role", "handler", "--agency", "lj", "--db-login"});
    db.ok({"user", "add", supervisor, "--name", "县督查", "--role", "supervisor", "--agency", "lj", "--db-login"});
    db.ok({"user", "add", stranger, "--name", "外县经办", "--role", "handler", "--agency", "ot", "--db-login"});
    db.ok({"user", "add", clerk, "--name", "县登记", "--role", "registrar", "--agency", "lj", "--db-login"});
    auto as = [&](const std::string& login) { return db.conninfo() + " user=" + login; };
    const std::string c = receive(db, "lj-gtj", "2024-10-08", "张三");
    event(db, c, {"answered", "--on", "2024-10-09", "--outcome", "disclosed"});

    refused(db, {"notice", c, "reply", "--output", path("s.md")}, 4, c, as(stranger));
    refused(db, {"notice", c, "reply", "--output", path("s.md")}, 6, "supervisor", as(supervisor));
    RunResult r = gongkai::test::run_gongkai({"--db", as(handler), "notice", c, "reply", "--output", path("h.md"), "--json"}, kToday);
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.json()["actor"] == handler);
    CHECK(has(slurp(path("h.md")), "张三："));
    // Members act as themselves.
    refused(db, {"--actor", "someone", "notice", c, "reply", "--output", path("x.md")}, 6, "", as(clerk));
    // Settings and wording: admins only.
    refused(db, {"agency", "remedy", "lj-gtj", "--reconsideration-organ", "x", "--court", "y", "--number-prefix", "z"}, 6,
            "handler", as(handler));
    // The supervisor sees that the notice exists (show), not its text.
    auto shown = gongkai::test::run_gongkai({"--db", as(supervisor), "show", c, "--json"}, kToday);
    REQUIRE(shown.code == 0);
    CHECK(shown.json()["notices"].size() == 1);
    {
      pqxx::connection sv(as(supervisor));
      pqxx::work tx(sv);
      CHECK(tx.exec("select count(*) from gk_notice")[0][0].as<int>() == 1);
      CHECK(tx.exec("select count(*) from gk_notice_document")[0][0].as<int>() == 0);
    }
    {
      pqxx::connection st(as(stranger));
      pqxx::work tx(st);
      CHECK(tx.exec("select count(*) from gk_notice")[0][0].as<int>() == 0);
      CHECK(tx.exec("select count(*) from gk_notice_document")[0][0].as<int>() == 0);
    }
    // Hand-written SQL as the handler who issued it: no UPDATE, DELETE or forged INSERT.
    const std::string before = db.fingerprint();
    pqxx::connection h(as(handler));
    for (const std::string sql :
         {"update gk_notice set number = '假〔2024〕1号'", "delete from gk_notice",
          "update gk_notice_document set document = '{}'", "delete from gk_notice_document",
          "update gk_notice_counter set last_no = 0", "delete from gk_notice_setting",
          "insert into gk_notice_template (agency_id, kind, version, body, set_by) select id, 'reply', 9, 'x', 'x' from gk_agency limit 1",
          "truncate gk_notice"}) {
      CAPTURE(sql);
      CHECK(sql_state(h, sql) == "42501");
    }
    // Storing a notice by hand without taking its number first: refused.
    CHECK(sql_state(h, "select * from gk_notice_store('" + c + "', 'reply', 2, 7, null, 0, '连国土信〔2024〕7号')") ==
          "GK409");
    CHECK(db.fingerprint() == before);
    // Not even the owner's session can rewrite a notice: the rows are append-only.
    pqxx::connection owner(db.conninfo());
    CHECK(sql_state(owner, "update gk_notice set number = number") == "42501");
  }

  TEST_CASE("on the web: the case page lists notices and issues them by a form with its CSRF token") {
    gongkai::test::WebOffice o("nt");
    o.db.ok({"agency", "remedy", "hx", "--reconsideration-organ", "某市人民政府", "--court", "某县人民法院",
             "--number-prefix", "某政信"});
    const std::string c = receive(o.db, "hx", "2024-10-08", "王五");
    event(o.db, c, {"answered", "--on", "2024-10-09", "--outcome", "disclosed"});
    gongkai::test::Server s(o.db, kToday);
    const std::string cookie = gongkai::test::browser_login(s, o.handler, o.password);
    REQUIRE(!cookie.empty());
    auto page = s.request("GET", "/cases/" + c, "", {{"Cookie", cookie}});
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "action=\"/cases/" + c + "/notices/reply\""));
    CHECK(has(page.body, "出具答复书"));
    // Not issued yet: a GET prints only what was issued.
    CHECK(s.request("GET", "/cases/" + c + "/notices/reply?format=html", "", {{"Cookie", cookie}}).status == 422);

    const std::map<std::string, std::string> form = {{"Cookie", cookie},
                                                     {"Content-Type", "application/x-www-form-urlencoded"}};
    const std::string before = o.db.fingerprint();
    CHECK(s.request("POST", "/cases/" + c + "/notices/reply", "", form).status == 403);
    CHECK(o.db.fingerprint() == before);
    const std::string csrf = gongkai::test::csrf_of(page.body);
    auto posted = s.request("POST", "/cases/" + c + "/notices/reply", gongkai::test::form_encode({{"csrf", csrf}}), form);
    CHECK(posted.status == 303);
    CHECK(o.db.scalar("select number from gk_notice") == "某政信〔2024〕1号");
    // Posted again (a double click): the same notice, no second number.
    CHECK(s.request("POST", "/cases/" + c + "/notices/reply", gongkai::test::form_encode({{"csrf", csrf}}), form).status ==
          303);
    CHECK(o.db.scalar("select count(*) from gk_notice") == "1");

    page = s.request("GET", "/cases/" + c, "", {{"Cookie", cookie}});
    CHECK(has(page.body, "某政信〔2024〕1号"));
    CHECK(has(page.body, "/cases/" + c + "/notices/reply?format=pdf"));
    CHECK(!has(page.body, "出具答复书</button>"));
    auto html = s.request("GET", "/cases/" + c + "/notices/reply?format=html", "", {{"Cookie", cookie}});
    CHECK(html.status == 200);
    CHECK(has(html.body, "王五"));
    CHECK(has(html.body, "某政信〔2024〕1号"));
    auto docx = s.request("GET", "/cases/" + c + "/notices/reply?format=docx", "", {{"Cookie", cookie}});
    CHECK(docx.status == 200);
    CHECK(docx.body.rfind("PK", 0) == 0);

    // The supervisor sees the notice listed, cannot print it; another county does not see the case.
    const std::string sup = gongkai::test::browser_login(s, o.supervisor, o.password);
    auto sup_page = s.request("GET", "/cases/" + c, "", {{"Cookie", sup}});
    CHECK(has(sup_page.body, "某政信〔2024〕1号"));
    CHECK(!has(sup_page.body, "/notices/reply?format="));
    CHECK(s.request("GET", "/cases/" + c + "/notices/reply?format=html", "", {{"Cookie", sup}}).status == 403);
    const std::string theirs = gongkai::test::browser_login(s, o.other, o.password);
    CHECK(s.request("GET", "/cases/" + c + "/notices/reply?format=html", "", {{"Cookie", theirs}}).status == 404);
  }
}
