// The whole annual report through the real executable (gongkai annual-report): the Lianjiang 2018
// legacy year rebuilt from its 50 cases and a national year with a realistic mix of cases, each
// number of the prose of sections 三 and 四 read back and checked against the table cell it claims
// (tests/unit/annual_prose_check.h); the office's texts (set, show, versions, who may, row-level
// security); placeholders and warnings; bad input.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>

#include "../unit/annual_prose_check.h"
#include "case_builder.h"
#include "harness.h"
#include "report_support.h"
#include "security_support.h"

using namespace gongkai;
using namespace gongkai::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kPlaceholder = "（本部分内容尚未填写）";


std::string temp_path(const std::string& name) {
  return (fs::temp_directory_path() / ("gk-annual-" + std::to_string(getpid()) + "-" + name)).string();
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// The paragraphs of the document (JSON) under the level-1 headings from `first` up to `stop`.
std::string paragraphs_between(const json& doc, const std::string& first, const std::string& stop) {
  std::string out;
  bool in = false;
  for (const auto& b : doc["blocks"]) {
    if (b["kind"] == "heading" && b["level"] == 1) {
      const std::string t = b["text"];
      if (t.rfind(first, 0) == 0) in = true;
      else if (t.rfind(stop, 0) == 0) in = false;
    }
    if (in && b["kind"] == "paragraph") out += b["text"].get<std::string>() + "\n";
  }
  return out;
}

int count_texts(const json& doc, const std::string& text) {
  int n = 0;
  for (const auto& b : doc["blocks"])
    if (b.contains("text") && b["text"] == text) ++n;
  return n;
}

void require_clean(const ProseCheck& c) {
  for (const auto& p : c.problems) FAIL_CHECK(p);
}

// The written file in each format: md and html hold the prose as text, docx is a zip whose
// word/document.xml holds it, pdf starts with %PDF (printed by Chromium,
// which scripts/deps.sh installs: a PDF that cannot be printed fails the test).
void check_written(const TestDb& db, const std::vector<std::string>& base, const std::string& prose_sample) {
  const std::string md = temp_path("report.md");
  auto r = db.run([&] { auto a = base; a.insert(a.end(), {"--format", "md", "--output", md}); return a; }());
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(read_file(md).find(prose_sample) != std::string::npos);
  fs::remove(md);
  for (const std::string fmt : {"docx", "pdf", "html"}) {
    const std::string out = temp_path("report." + fmt);
    auto w = db.run([&] { auto a = base; a.insert(a.end(), {"--format", fmt, "--output", out}); return a; }());
    INFO(fmt << ": " << w.err);
    REQUIRE(w.code == 0);
    const std::string bytes = read_file(out);
    if (fmt == "docx") {
      CHECK(bytes.rfind("PK", 0) == 0);
      std::string xml;
      FILE* p = popen(("unzip -p '" + out + "' word/document.xml").c_str(), "r");
      REQUIRE(p);
      char buf[65536];
      size_t n;
      while ((n = fread(buf, 1, sizeof buf, p)) > 0) xml.append(buf, n);
      pclose(p);
      CHECK(xml.find(prose_sample) != std::string::npos);
    } else if (fmt == "pdf") {
      CHECK(bytes.rfind("%PDF", 0) == 0);
    } else {
      CHECK(bytes.find(prose_sample) != std::string::npos);
    }
    fs::remove(out);
  }
}

}  // namespace

TEST_SUITE("annual-report") {
  TEST_CASE("Lianjiang 2018: the legacy annual report says the source document's figures, each a table's") {
    TestDb db;
    load_lianjiang(db);
    auto legacy = db.run({"report", "--year", "2018", "--template", "legacy", "--agency", "lj", "--json"}).json();
    auto national = db.run({"report", "--year", "2018", "--agency", "lj", "--json"}).json();

    // Nothing entered by the office yet: placeholders, and a warning naming the sections.
    auto r = db.run({"annual-report", "--year", "2018", "--agency", "lj", "--json"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    auto j = r.json();
    CHECK(j["template"] == "legacy");  // a year before 2019 gets the source document's layout
    CHECK(j["missing_sections"] == json::array({1, 5, 6}));
    CHECK(r.err.find("warning: no text entered for agency lj 2018: section 1 (一、概述), 5 (五、存在的主要问题及改进措施), "
                     "6 (六、需要说明的事项与附表)") != std::string::npos);
    const json& doc = j["document"];
    CHECK(doc["title"] == "连江县人民政府2018年政府信息公开工作年度报告");
    CHECK(count_texts(doc, kPlaceholder) == 3);

    const std::string prose = paragraphs_between(doc, "二、", "五、");
    CAPTURE(prose);
    for (const char* s : {"2018年，连江县人民政府共收到政府信息公开申请50件", "当面申请12件，占24%",
                          "以信函、传真形式申请38件，占76%", "本级政府收到10件", "下级政府收到3件",
                          "政府工作部门收到37件", "“已主动公开”4件，占8%", "“同意公开”23件，占46%",
                          "“同意部分公开”7件，占14%", "“不予公开”3件，占6%", "“不属于本行政机关公开”8件，占16%",
                          "审理结果：维持2件", "无因政府信息公开而提起的行政诉讼", "累计被申请行政复议27件",
                          "累计被提起行政诉讼11件", "累计收到政府信息公开申请354件"})
      CHECK_MESSAGE(prose.find(s) != std::string::npos, s);
    auto c = check_prose(prose, 2018, legacy_prose_rules(legacy, national["appeals"]));
    require_clean(c);
    CHECK(c.counts >= 20);
    CHECK(c.shares == 10);
    // The legacy table as 附表, as the report run prints it.
    bool has_table = false;
    for (const auto& b : doc["blocks"])
      if (b["kind"] == "table" && b["table"]["key"] == "legacy") {
        has_table = true;
        for (const auto& row : b["table"]["rows"])
          CHECK(row["cells"][0] == legacy["rows"][row["key"].get<std::string>()]["year"]);
      }
    CHECK(has_table);

    // The office's texts: a file, standard input, another file; then no placeholder, no warning.
    const std::string f1 = temp_path("s1.txt"), f6 = temp_path("s6.txt");
    std::ofstream(f1) << "　　2018年，根据国务院、省市政府的统一部署，我县认真贯彻实施《条例》。\n\n（一）基本情况\n成立了政府信息公开工作中心。\n";
    std::ofstream(f6) << "（一）其他需要说明的事项：无。\n";
    db.ok({"annual-report", "text", "set", "--year", "2018", "--agency", "lj", "--section", "1", f1});
    CHECK(db.run({"annual-report", "text", "set", "--year", "2018", "--agency", "lj", "--section", "5", "-"}, {},
                 "一是工作基础需进一步夯实。\n")
              .code == 0);
    db.ok({"annual-report", "text", "set", "--year", "2018", "--agency", "lj", "--section", "6", f6});
    auto full = db.run({"annual-report", "--year", "2018", "--agency", "lj", "--json"});
    REQUIRE(full.code == 0);
    CHECK(full.err.find("no text entered") == std::string::npos);
    auto fj = full.json();
    CHECK(fj["missing_sections"].empty());
    CHECK(count_texts(fj["document"], kPlaceholder) == 0);
    CHECK(count_texts(fj["document"], "2018年，根据国务院、省市政府的统一部署，我县认真贯彻实施《条例》。") == 1);
    CHECK(count_texts(fj["document"], "一是工作基础需进一步夯实。") == 1);
    // The warnings of the table's broken invariants (cumulative channel rows) are passed on.
    auto run_warnings = db.run({"report", "--year", "2018", "--template", "legacy", "--agency", "lj"});
    REQUIRE(legacy["warnings"].size() == 1);
    for (const auto& w : legacy["warnings"]) CHECK(full.err.find("warning: " + w.get<std::string>()) != std::string::npos);
    CHECK(run_warnings.err.find(legacy["warnings"][0].get<std::string>()) != std::string::npos);

    // The same prose in the written files.
    check_written(db, {"annual-report", "--year", "2018", "--agency", "lj"}, "当面申请12件，占24%");
    fs::remove(f1);
    fs::remove(f6);
  }

  TEST_CASE("a national year with a realistic mix: every number of sections 三 and 四 is a table's") {
    TestDb db;
    db.ok({"agency", "add", "hx", "--name", "华县人民政府", "--kind", "government"});
    db.ok({"agency", "add", "hx-fgw", "--name", "华县发展和改革局", "--kind", "department", "--parent", "hx"});
    db.ok({"agency", "add", "ot", "--name", "邻县人民政府", "--kind", "government"});
    {
      CaseBuilder b(db);
      int serial = 0;
      auto facts = [&](const std::string& agency, const std::string& type, Date received, const std::string& channel) {
        workflows::CaseFacts f;
        f.agency = agency;
        f.received_on = received;
        f.regime = 2019;
        f.channel = channel;
        f.applicant_type = type;
        f.applicant = "申请人" + std::to_string(++serial);
        return f;
      };
      auto d = [](int m, int day, int y = 2024) { return Date::from_ymd(y, m, day); };
      auto answered = [](Date on, const std::string& outcome) {
        return Step{"answered", on, {{"outcome", outcome}}};
      };
      struct Mix {
        const char* agency;
        const char* type;
        const char* outcome;
        int n;
      };
      // Closed in 2024, by applicant type and outcome.
      const std::vector<Mix> closed = {
          {"hx", "person", "disclosed", 9},          {"hx-fgw", "business", "disclosed", 3},
          {"hx", "person", "partially-disclosed", 4}, {"hx", "legal", "partially-disclosed", 1},
          {"hx", "person", "withheld/state-secret", 1}, {"hx-fgw", "person", "withheld/third-party-rights", 2},
          {"hx", "research", "withheld/process-information", 1}, {"hx", "person", "unavailable/not-held", 5},
          {"hx-fgw", "nonprofit", "unavailable/needs-creation", 1}, {"hx", "person", "not-processed/duplicate", 2},
      };
      for (const auto& m : closed)
        for (int i = 0; i < m.n; ++i) {
          Date r = d(3, 4 + i);
          b.create(facts(m.agency, m.type, r, i % 2 ? "online" : "post"), {{"reviewed", r + 1}, answered(r + 10, m.outcome)});
        }
      // Not corrected in time; withdrawn.
      b.create(facts("hx", "person", d(4, 1), "online"), {{"correction-requested", d(4, 2)}, answered(d(4, 30), "other/no-correction")});
      b.create(facts("hx", "other-org", d(4, 8), "email"), {{"reviewed", d(4, 9)}, {"withdrawn", d(4, 12)}});
      // Carried in from 2023 (closed in 2024), carried over to 2025 (open at the year's end).
      b.create(facts("hx", "person", d(12, 20, 2023), "post"), {{"reviewed", d(12, 21, 2023)}, answered(d(1, 10), "disclosed")});
      b.create(facts("hx", "business", d(12, 22, 2023), "online"), {{"reviewed", d(12, 26, 2023)}, answered(d(1, 12), "partially-disclosed")});
      for (int i = 0; i < 3; ++i) b.create(facts("hx", i ? "person" : "business", d(12, 16 + i), "online"), {{"reviewed", d(12, 17 + i)}});
      // Reconsiderations (upheld, corrected, pending) and a lawsuit after one, one straight to court.
      auto appealed = [&](const std::string& type, std::vector<Step> more) {
        std::vector<Step> steps = {{"reviewed", d(5, 7)}, answered(d(5, 20), "disclosed")};
        steps.insert(steps.end(), more.begin(), more.end());
        b.create(facts("hx", type, d(5, 6), "post"), steps);
      };
      appealed("person", {{"reconsideration-filed", d(6, 3)}, {"reconsideration-decided", d(7, 1), {{"result", "upheld"}}}});
      appealed("person", {{"reconsideration-filed", d(6, 4)}, {"reconsideration-decided", d(7, 2), {{"result", "corrected"}}}});
      appealed("business", {{"reconsideration-filed", d(11, 4)}});
      appealed("person", {{"reconsideration-filed", d(6, 5)},
                          {"reconsideration-decided", d(7, 3), {{"result", "upheld"}}},
                          {"litigation-filed", d(7, 20)}});
      appealed("person", {{"litigation-filed", d(6, 20)}, {"litigation-decided", d(9, 20), {{"result", "upheld"}}}});
      // Another county's case: not in hx's report.
      b.create(facts("ot", "person", d(3, 4), "post"), {{"reviewed", d(3, 5)}, answered(d(3, 12), "disclosed")});
    }
    db.ok({"figures", "set", "--agency", "hx", "--year", "2024", "proactive.rules.issued=2", "proactive.rules.in-force=31",
           "proactive.normative.issued=12", "proactive.normative.repealed=3", "proactive.normative.in-force=146",
           "proactive.licensing=1532", "proactive.penalties=87", "proactive.coercion=5", "proactive.fees-yuan=123500"});
    db.ok({"figures", "set", "--agency", "hx-fgw", "--year", "2024", "proactive.licensing=100"});
    // A figure key nobody defined: refused, as before.
    auto bad_key = db.run({"figures", "set", "--agency", "hx", "--year", "2024", "proactive.fees=1"});
    CHECK(bad_key.code == 2);
    CHECK(bad_key.err.find("unknown figure key 'proactive.fees'") != std::string::npos);

    auto national = db.run({"report", "--year", "2024", "--agency", "hx", "--json"}).json();
    const auto& rows = national["applications"]["rows"];
    // The premise: the mix has what the prose must tell.
    REQUIRE(rows["carried-in"]["total"] == 2);
    REQUIRE(rows["carried-out"]["total"] == 3);
    REQUIRE(rows["partially-disclosed"]["total"] == 6);
    REQUIRE(national["appeals"]["reconsideration"]["total"] == 4);
    REQUIRE(national["appeals"]["litigation-direct"]["total"] == 1);
    REQUIRE(national["appeals"]["litigation-after-reconsideration"]["total"] == 1);

    auto r = db.run({"annual-report", "--year", "2024", "--agency", "hx", "--json"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    auto j = r.json();
    CHECK(j["template"] == "national");
    CHECK(j["missing_sections"] == json::array({1, 5, 6}));
    const json& doc = j["document"];
    std::vector<std::string> headings;
    for (const auto& b : doc["blocks"])
      if (b["kind"] == "heading" && b["level"] == 1) headings.push_back(b["text"]);
    CHECK(headings == std::vector<std::string>{"一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                               "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                                               "六、其他需要报告的事项"});
    const std::string prose = paragraphs_between(doc, "三、", "五、");
    CAPTURE(prose);
    auto c = check_prose(prose, 2024, national_prose_rules(national));
    require_clean(c);
    CHECK(c.counts >= 20);
    CHECK(c.shares >= 8);
    for (const char* s : {"上年结转政府信息公开申请2件", "结转下年度继续办理3件", "部分公开6件", "不予公开4件",
                          "属于国家秘密1件", "因政府信息公开被申请行政复议4件", "尚未审结1件",
                          "因政府信息公开被提起行政诉讼2件", "未经复议直接起诉1件（结果维持1件）", "复议后起诉1件（尚未审结1件）",
                          "法律服务机构提出1件", "其他组织提出1件"})
      CHECK_MESSAGE(prose.find(s) != std::string::npos, s);
    // Section 二 from the figures (the subtree's, summed), the fee in 万元.
    const std::string all = [&] {
      std::string s;
      for (const auto& b : doc["blocks"]) {
        if (b.contains("text")) s += b["text"].get<std::string>() + "\n";
        if (b["kind"] == "table")
          for (const auto& row : b["table"]["rows"]) {
            s += row["label"].get<std::string>();
            for (const auto& v : row["cells"]) s += "\t" + std::to_string(v.get<long long>());
            s += "\n";
          }
      }
      return s;
    }();
    CHECK(all.find("规章\t2\t0\t31") != std::string::npos);
    CHECK(all.find("行政规范性文件\t12\t3\t146") != std::string::npos);
    CHECK(all.find("行政许可\t1632") != std::string::npos);
    CHECK(all.find("行政强制\t5") != std::string::npos);
    CHECK(all.find("本年收费金额（单位：万元）：12.35") != std::string::npos);
    // Sections 三 and 四's tables, as the report run gives them.
    int tables = 0;
    for (const auto& b : doc["blocks"])
      if (b["kind"] == "table" && (b["table"]["key"] == "applications" || b["table"]["key"] == "appeals")) ++tables;
    CHECK(tables == 2);

    // Another county's agency has nothing of this; the legacy layout for a national year on request.
    auto other = db.run({"annual-report", "--year", "2024", "--agency", "ot", "--json"}).json();
    CHECK(paragraphs_between(other["document"], "三、", "五、").find("共新收政府信息公开申请1件") != std::string::npos);
    auto asked_legacy = db.run({"annual-report", "--year", "2024", "--agency", "hx", "--template", "legacy", "--json"});
    REQUIRE(asked_legacy.code == 0);
    CHECK(asked_legacy.json()["template"] == "legacy");
    // No figures for ot: a warning, the tables print 0.
    auto ow = db.run({"annual-report", "--year", "2024", "--agency", "ot", "--format", "md"});
    CHECK(ow.code == 0);
    CHECK(ow.err.find("warning: no section 二 figures entered for agency ot 2024") != std::string::npos);

    check_written(db, {"annual-report", "--year", "2024", "--agency", "hx"}, "结转下年度继续办理3件");
  }

  TEST_CASE("texts: round trip, versions, who may set them, scope, bad input") {
    security::Logins logins;  // first: the roles outlive the database
    TestDb db;
    db.ok({"agency", "add", "hx", "--name", "华县人民政府", "--kind", "government"});
    db.ok({"agency", "add", "hx-zj", "--name", "华县自然资源局", "--kind", "department", "--parent", "hx"});
    db.ok({"agency", "add", "ot", "--name", "邻县人民政府", "--kind", "government"});
    const std::string stat = logins.make("sta"), reg = logins.make("reg"), other = logins.make("ost");
    db.ok({"user", "add", stat, "--name", "统计员", "--role", "statistician", "--agency", "hx", "--db-login"});
    db.ok({"user", "add", reg, "--name", "登记员", "--role", "registrar", "--agency", "hx", "--db-login"});
    db.ok({"user", "add", other, "--name", "邻县统计员", "--role", "statistician", "--agency", "ot", "--db-login"});
    auto as = [&](const std::string& login, std::vector<std::string> args, const std::string& input = "") {
      args.insert(args.begin(), {"--db", db.conninfo() + " user=" + login});
      return run_gongkai(args, {{"GONGKAI_ACTOR", ""}}, input);
    };
    const std::vector<std::string> set5 = {"annual-report", "text", "set", "--year", "2024", "--agency", "hx", "--section", "5"};
    const std::vector<std::string> show5 = {"annual-report", "text", "show", "--year", "2024", "--agency", "hx", "--section", "5"};
    auto with = [](std::vector<std::string> a, std::vector<std::string> more) {
      a.insert(a.end(), more.begin(), more.end());
      return a;
    };

    // Nothing yet: show says so (not found).
    auto none = as(stat, show5);
    CHECK(none.code == 4);
    CHECK(none.err.find("no text entered for section 5 of 2024 for agency hx") != std::string::npos);

    const std::string v1 = "（一）存在的主要问题\n一是公开内容还不够全面。\n\n（二）改进措施\n一是加强培训。\n";
    const std::string f = temp_path("v1.txt");
    std::ofstream(f) << v1;
    auto s1 = as(stat, with(set5, {f, "--json"}));
    INFO(s1.err);
    REQUIRE(s1.code == 0);
    CHECK(s1.json()["version"] == 1);
    CHECK(s1.json()["set_by"] == stat);
    auto got = as(stat, show5);
    CHECK(got.code == 0);
    CHECK(got.out == v1);  // byte for byte
    const std::string v2 = "一是公开内容还不够全面；二是培训不足。\n";
    auto s2 = as(stat, with(set5, {"-"}), v2);
    REQUIRE(s2.code == 0);
    CHECK(s2.out.find("version 2") != std::string::npos);
    CHECK(as(stat, show5).out == v2);
    CHECK(as(stat, with(show5, {"--version", "1"})).out == v1);
    auto versions = as(stat, with(show5, {"--versions", "--json"})).json();
    REQUIRE(versions.size() == 2);
    CHECK(versions[0]["version"] == 2);
    CHECK(versions[1]["version"] == 1);
    CHECK(versions[0]["set_by"] == stat);
    CHECK(as(stat, with(show5, {"--version", "3"})).code == 4);
    // The administrator's own name for itself is recorded.
    db.ok({"--actor", "王主任", "annual-report", "text", "set", "--year", "2024", "--agency", "hx", "--section", "1", f});
    auto admin_set = db.run({"annual-report", "text", "show", "--year", "2024", "--agency", "hx", "--section", "1", "--json"}).json();
    CHECK(admin_set["set_by"] == "王主任");
    CHECK(admin_set["in_force"] == true);
    // The report uses the version in force; section 6 is still missing.
    auto rep = db.run({"annual-report", "--year", "2024", "--agency", "hx", "--json"});
    REQUIRE(rep.code == 0);
    CHECK(rep.json()["missing_sections"] == json::array({6}));
    CHECK(count_texts(rep.json()["document"], "一是公开内容还不够全面；二是培训不足。") == 1);
    CHECK(rep.err.find("section 6 (六、其他需要报告的事项)") != std::string::npos);

    // Refusals leave the database as it was.
    const std::string before = db.fingerprint();
    auto by_registrar = as(reg, with(set5, {f}));
    CHECK(by_registrar.code == 6);
    CHECK(by_registrar.err.find("a registrar may not enter the annual report's texts") != std::string::npos);
    auto other_county = as(other, with(set5, {f}));
    CHECK(other_county.code == 4);
    CHECK(other_county.err.find("no agency 'hx'") != std::string::npos);
    CHECK(as(other, show5).code == 4);
    for (const std::string section : {"2", "0", "7"}) {
      auto bad = as(stat, {"annual-report", "text", "set", "--year", "2024", "--agency", "hx", "--section", section, f});
      CHECK(bad.code == 2);
      CHECK(bad.err.find("section " + section + " has no text of the office's (valid: 1, 5, 6)") != std::string::npos);
    }
    CHECK(as(stat, {"annual-report", "text", "set", "--year", "2024", "--agency", "hx", "--section", "x", f}).code == 2);
    auto empty = as(stat, with(set5, {"-"}), " \n\n");
    CHECK(empty.code == 2);
    auto binary = as(stat, with(set5, {"-"}), std::string("a\x01") + "b");
    CHECK(binary.code == 2);
    CHECK(as(stat, with(set5, {temp_path("missing.txt")})).code == 2);
    CHECK(as(stat, {"annual-report", "text", "set", "--year", "1999", "--agency", "hx", "--section", "5", f}).code == 2);
    const std::string out = temp_path("bad.docx");
    auto bad_format = db.run({"annual-report", "--year", "2024", "--agency", "hx", "--format", "doc", "--output", out});
    CHECK(bad_format.code == 2);
    CHECK(bad_format.err.find("unknown document format 'doc'") != std::string::npos);
    CHECK_FALSE(fs::exists(out));
    CHECK(db.run({"annual-report", "--year", "2024", "--agency", "hx", "--format", "docx"}).code == 2);
    CHECK(db.run({"annual-report", "--year", "2024", "--agency", "hx", "--template", "old"}).code == 2);
    CHECK(db.run({"annual-report", "--agency", "hx"}).code == 2);
    auto bad_year = db.run({"annual-report", "--year", "abc", "--agency", "hx"});
    CHECK(bad_year.code == 2);
    CHECK(bad_year.err.find("--year 'abc' is not a year (YYYY)") != std::string::npos);
    CHECK(db.run({"annual-report", "--year", "2024", "--agency", "nope"}).code == 4);
    CHECK(db.fingerprint() == before);

    // Row-level security: another county's member sees none of hx's texts, whatever SQL it sends;
    // nobody writes the table but through the function; the record refuses change.
    {
      pqxx::connection c(db.conninfo() + " user=" + other);
      pqxx::work tx(c);
      CHECK(tx.exec("select count(*) from gk_annual_text")[0][0].as<int>() == 0);
    }
    {
      pqxx::connection c(db.conninfo() + " user=" + stat);
      pqxx::work tx(c);
      CHECK(tx.exec("select count(*) from gk_annual_text")[0][0].as<int>() == 3);
    }
    for (const std::string sql : {"insert into gk_annual_text default values", "update gk_annual_text set body = 'x'",
                                  "delete from gk_annual_text", "alter table gk_annual_text no force row level security"}) {
      CAPTURE(sql);
      pqxx::connection c(db.conninfo() + " user=" + stat);
      pqxx::work tx(c);
      CHECK_THROWS_AS(tx.exec(sql), pqxx::sql_error);
    }
    CHECK(db.scalar("select relforcerowsecurity::text from pg_class where relname = 'gk_annual_text'") == "true");
    CHECK_THROWS(db.scalar("update gk_annual_text set body = 'x'"));  // even the owner: append-only
    CHECK(db.fingerprint() == before);
    fs::remove(f);
  }
}
