// The year-end statistics run through the real executable: the Lianjiang 2018 legacy table rebuilt
// from its 50 cases (the sample script), figures and baselines, the writers, bad input.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <regex>
#include <sstream>

#include "harness.h"
#include "report/display_width.h"
#include "report_support.h"

using namespace gongkai;
using namespace gongkai::test;
namespace fs = std::filesystem;

namespace {


std::vector<std::string> lines_of(const std::string& text, const std::string& sep = "\n") {
  std::vector<std::string> out;
  size_t at = 0;
  for (size_t next; (next = text.find(sep, at)) != std::string::npos; at = next + sep.size())
    out.push_back(text.substr(at, next - at));
  if (at < text.size()) out.push_back(text.substr(at));
  return out;
}

int count_lines_starting(const std::string& text, const std::string& prefix) {
  int n = 0;
  for (const auto& l : lines_of(text))
    if (l.rfind(prefix, 0) == 0) ++n;
  return n;
}

std::string temp_path(const std::string& name) {
  return (fs::temp_directory_path() / ("gk-report-" + std::to_string(getpid()) + "-" + name)).string();
}

}  // namespace

TEST_SUITE("reports") {
  TEST_CASE("Lianjiang 2018: the legacy table rebuilt from 50 cases, figures and the baseline") {
    TestDb db;
    load_lianjiang(db);
    const auto expected = fixture("lianjiang-2018/expected-legacy-2018.json");

    // The premise, as the registry sees it: 50 cases of 2018, all closed, two reconsidered.
    auto cases = db.run({"list", "--year", "2018", "--json"}).json();
    REQUIRE(cases.size() == 50);
    int closed = 0, reconsidered = 0;
    for (const auto& c : cases) {
      if (c["state"] == "answered" || c["state"] == "withdrawn") ++closed;
      if (c["appeal_state"] == "reconsidered") ++reconsidered;
    }
    CHECK(closed == 50);
    CHECK(reconsidered == expected["appeals"]["reconsiderations_filed"].get<int>());

    auto r = db.run({"report", "--year", "2018", "--template", "legacy", "--json"});
    REQUIRE(r.code == 0);
    auto j = r.json();
    CHECK(j["template"] == "legacy");
    CHECK(j["year"] == 2018);
    CHECK(j["agency"].is_null());
    REQUIRE(j["rows"].size() == expected["rows"].size());
    for (const auto& [key, cell] : expected["rows"].items()) {
      INFO("row " << key);
      REQUIRE(j["rows"].contains(key));
      CHECK(j["rows"][key]["year"] == cell["year"]);
      CHECK(j["rows"][key]["cumulative"] == cell["cumulative"]);
    }
    CHECK(j["categories"] == expected["categories_published"]);
    CHECK(j["requests.by-kind"] == expected["requests_by_kind"]);
    // The one inconsistency of the published table: cumulative channel rows 283 ≠ 354.
    REQUIRE(j["warnings"].size() == 1);
    const std::string w = j["warnings"][0];
    CHECK(w.rfind("各渠道申请数之和等于受理申请总数: 历年累计: ", 0) == 0);
    CHECK(w.find("283") != std::string::npos);
    CHECK(w.find("354") != std::string::npos);
    CHECK(r.err.find("warning: " + w) != std::string::npos);
    CHECK(count_lines_starting(r.err, "warning: ") == 1);
    // The seven categories cover 49 of the 50 closings; the other-answers row has all 17.
    int in_categories = 0;
    for (const auto& [k, v] : j["categories"].items()) in_categories += v.get<int>();
    CHECK(in_categories == 49);

    // The text table: the official labels and figures, the warning on stderr.
    auto text = db.run({"report", "--year", "2018", "--template", "legacy", "--agency", "lj"});
    REQUIRE(text.code == 0);
    CHECK(text.out.find("连江县人民政府2018年政府信息公开情况统计表") != std::string::npos);
    CHECK(text.out.find("其中:1.政府网站公开数") != std::string::npos);
    CHECK(text.out.find("27037") != std::string::npos);
    CHECK(text.err.find("warning: 各渠道申请数之和等于受理申请总数: 历年累计: ") != std::string::npos);

    // A department's subtree: its own 15 cases, no figures, no baseline — cumulative = year.
    auto dept = db.run({"report", "--year", "2018", "--template", "legacy", "--agency", "lj-gtj", "--json"}).json();
    CHECK(dept["agency"] == "lj-gtj");
    CHECK(dept["rows"]["requests.total"]["year"] == 15);
    CHECK(dept["rows"]["proactive.total"]["year"] == 0);
    for (const auto& [key, cell] : dept["rows"].items()) CHECK(cell["cumulative"] == cell["year"]);
    CHECK(dept["requests.by-kind"]["department"] == 15);
    CHECK(dept["warnings"].empty());

    // Years around the baseline: for 2017 the baseline (before 2018) is the whole cumulative column
    // and the year is empty; for 2019, cumulative = baseline + 2018 + nothing in 2019.
    auto y2017 = db.run({"report", "--year", "2017", "--template", "legacy", "--json"}).json();
    auto y2019 = db.run({"report", "--year", "2019", "--template", "legacy", "--json"}).json();
    for (const auto& [key, cell] : expected["rows"].items()) {
      INFO("row " << key);
      CHECK(y2017["rows"][key]["year"] == 0);
      CHECK(y2017["rows"][key]["cumulative"] == cell["cumulative"].get<int>() - cell["year"].get<int>());
      CHECK(y2019["rows"][key]["year"] == 0);
      CHECK(y2019["rows"][key]["cumulative"] == cell["cumulative"]);
    }

    // The national template for 2018 (2019 layout) from the same cases: 2008-rule codes land in
    // their national rows and are noted, not warned about.
    auto nat = db.run({"report", "--year", "2018", "--json"});
    REQUIRE(nat.code == 0);
    auto n = nat.json();
    const auto& cat = expected["categories_published"];
    CHECK(n["template"] == "national-2019");
    const auto& rows = n["applications"]["rows"];
    CHECK(rows.contains("other"));
    CHECK_FALSE(rows.contains("other/other"));
    CHECK(rows["new"]["total"] == expected["rows"]["requests.total"]["year"]);
    CHECK(rows["carried-in"]["total"] == 0);
    CHECK(rows["total"]["total"] == expected["rows"]["answers.total"]["year"]);
    CHECK(rows["carried-out"]["total"] == 0);
    CHECK(rows["disclosed"]["total"] == cat["disclosed"].get<int>() + cat["already-public"].get<int>());
    CHECK(rows["partially-disclosed"]["total"] == cat["partially-disclosed"]);
    CHECK(rows["withheld/state-secret"]["total"] == cat["withheld"]);
    CHECK(rows["unavailable/not-held"]["total"] == cat["not-held"].get<int>() + cat["not-this-agency"].get<int>());
    CHECK(rows["other"]["total"] == cat["not-government-information"].get<int>() + 1);  // + the withdrawal
    CHECK(n["appeals"]["reconsideration"]["upheld"] == 2);
    CHECK(n["appeals"]["reconsideration"]["total"] == 2);
    CHECK(n["warnings"].empty());
    CHECK(nat.err.find("warning") == std::string::npos);
    REQUIRE(n["notes"].size() == 3);
    std::string notes = n["notes"].dump();
    for (const char* code : {"already-public", "not-this-agency", "not-government-information"})
      CHECK(notes.find(code) != std::string::npos);

    // The workbook, read back: labels verbatim in column A, numbers as numbers beside them, the
    // title merged over the three columns.
    const std::string xlsx = temp_path("lianjiang.xlsx");
    db.ok({"report", "--year", "2018", "--template", "legacy", "--format", "xlsx", "--output", xlsx});
    auto sheet = read_xlsx(xlsx);
    fs::remove(xlsx);
    CHECK(sheet.at("A1") == "2018年政府信息公开情况统计表");
    CHECK(sheet.merged.count("A1:C1") == 1);
    CHECK(sheet.at("A2") == "填报单位：全部机构合计　　年度：2018");
    CHECK(sheet.at("B4") == "2018年度");
    CHECK(sheet.at("C4") == "历年累计");
    const std::pair<const char*, const char*> labels[] = {
        {"proactive.total", "主动公开文件数"},       {"proactive.website", "其中:1.政府网站公开数"},
        {"requests.total", "受理政府信息公开申请总数"}, {"requests.letter-fax", "3.信函、传真申请数"},
        {"answers.other", "4.其他类型答复数"},       {"litigations", "行政诉讼数"}};
    for (const auto& [key, label] : labels) {
      INFO(key);
      int row = sheet.row_of(label);
      REQUIRE(row > 0);
      CHECK(sheet.is_number.at("B" + std::to_string(row)));
      CHECK(sheet.at("B" + std::to_string(row)) == std::to_string(expected["rows"][key]["year"].get<int>()));
      CHECK(sheet.at("C" + std::to_string(row)) == std::to_string(expected["rows"][key]["cumulative"].get<int>()));
    }
  }

  TEST_CASE("the sample script refuses to load Lianjiang twice") {
    TestDb db;
    load_lianjiang(db);
    const std::string before = db.fingerprint();
    std::string output;
    int code = run_bash_script(std::string(GONGKAI_SOURCE_DIR) + "/scripts/sample-lianjiang.sh",
                               {GONGKAI_EXE, "--db", db.conninfo()}, &output);
    CHECK(code == 0);
    CHECK(output.find("exists already") != std::string::npos);
    CHECK(db.fingerprint() == before);
  }

  TEST_CASE("figures add to the cases; the latest baseline before a year ≤ Y+1 applies, per agency") {
    TestDb db;
    db.ok({"agency", "add", "g", "--name", "某县人民政府", "--kind", "government"});
    db.ok({"agency", "add", "d", "--name", "某县财政局", "--kind", "department", "--parent", "g"});
    db.ok({"agency", "add", "t", "--name", "某镇人民政府", "--kind", "township", "--parent", "g"});
    auto receive = [&](const char* agency, const char* on, const char* channel) {
      return db.ok({"receive", "--agency", agency, "--received", on, "--channel", channel, "--applicant-type",
                    "person", "--applicant", "甲"});
    };
    std::string d1 = receive("d", "2017-03-01", "post");
    db.ok({"event", d1, "answered", "--on", "2017-03-10", "--outcome", "disclosed"});
    receive("d", "2017-11-01", "online");
    std::string g1 = receive("g", "2018-05-02", "in-person");
    db.ok({"event", g1, "complaint-filed", "--on", "2018-06-01"});
    db.ok({"event", g1, "answered", "--on", "2018-06-05", "--outcome", "withheld/state-secret"});

    db.ok({"figures", "set", "--agency", "d", "--year", "2018", "proactive.total=5"});
    db.ok({"figures", "set", "--agency", "t", "--year", "2018", "proactive.total=7", "complaints=2"});
    db.ok({"figures", "set", "--agency", "t", "--year", "2017", "proactive.total=100"});
    db.ok({"figures", "baseline", "--agency", "g", "--before", "2016", "requests.total=3"});
    db.ok({"figures", "baseline", "--agency", "g", "--before", "2018", "requests.total=10", "proactive.total=40"});
    auto report = [&](std::vector<std::string> extra = {}) {
      std::vector<std::string> args = {"report", "--year", "2018", "--template", "legacy", "--json"};
      args.insert(args.end(), extra.begin(), extra.end());
      return db.run(args).json();
    };
    auto j = report();
    // Figures of the subtree's agencies are summed; t has no baseline, so all its years count.
    CHECK(j["rows"]["proactive.total"]["year"] == 5 + 7);
    CHECK(j["rows"]["proactive.total"]["cumulative"] == 5 + 7 + 100 + 40);
    // g: baseline before 2018 (10; the older one before 2016 is superseded) + its 2018 case;
    // d: no baseline, both its 2017 cases.
    CHECK(j["rows"]["requests.total"]["year"] == 1);
    CHECK(j["rows"]["requests.total"]["cumulative"] == 10 + 1 + 2);
    CHECK(j["rows"]["answers.total"]["cumulative"] == 2);
    CHECK(j["rows"]["answers.refused"]["year"] == 1);
    CHECK(j["rows"]["complaints"]["year"] == 1 + 2);  // the event plus t's figure
    CHECK(j["baselines"] == nlohmann::json::array({{{"agency", "g"}, {"before", 2018}}}));
    // g's baseline has no channel rows: the cumulative channel rows fall short, which is warned.
    REQUIRE(j["warnings"].size() == 1);
    CHECK(j["warnings"][0].get<std::string>().find("but 受理政府信息公开申请总数 13") != std::string::npos);

    // Setting a figure again replaces it; a subtree report sums only its own agencies.
    db.ok({"figures", "set", "--agency", "d", "--year", "2018", "proactive.total=6"});
    auto dj = report({"--agency", "d"});
    CHECK(dj["rows"]["proactive.total"]["year"] == 6);
    CHECK(dj["rows"]["requests.total"]["cumulative"] == 2);
    // A baseline taken before 2019 (≤ 2018 + 1) covers 2018 itself: d's cumulative is that alone.
    db.ok({"figures", "baseline", "--agency", "d", "--before", "2019", "requests.total=50"});
    dj = report({"--agency", "d"});
    CHECK(dj["rows"]["requests.total"]["cumulative"] == 50);
    CHECK(dj["rows"]["answers.total"]["cumulative"] == 0);
    // d's baseline stands for all of d's years through 2018 — its 2018 proactive.total included,
    // which was not entered there (0). A baseline before 2020 is not used for 2018.
    db.ok({"figures", "baseline", "--agency", "t", "--before", "2020", "proactive.total=1000"});
    auto all = report();
    CHECK(all["rows"]["proactive.total"]["year"] == 6 + 7);
    CHECK(all["rows"]["proactive.total"]["cumulative"] == 7 + 100 + 40);

    auto listed = db.run({"figures", "list", "--agency", "g", "--json"}).json();
    CHECK(listed.size() == 9);

    // A channel outside the table's three rows makes the year's channel rows fall short.
    receive("g", "2018-07-02", "other");
    auto w = report({"--agency", "g"})["warnings"];
    REQUIRE_FALSE(w.empty());
    CHECK(w[0].get<std::string>().find("各渠道申请数之和等于受理申请总数: 2018年度: ") == 0);
    CHECK(w[0].get<std::string>().find("= 1, but 受理政府信息公开申请总数 2") != std::string::npos);
  }

  TEST_CASE("text, md, csv and xlsx lay out the national tables with their official labels") {
    TestDb db;
    db.ok({"agency", "add", "hx", "--name", "某市人民政府", "--kind", "government"});
    auto receive = [&](const char* on, const char* type) {
      return db.ok({"receive", "--agency", "hx", "--received", on, "--channel", "online", "--applicant-type", type,
                    "--applicant", "乙"});
    };
    std::string a = receive("2024-03-01", "person");
    db.ok({"event", a, "answered", "--on", "2024-03-05", "--outcome", "disclosed"});
    std::string b = receive("2024-04-01", "business");
    db.ok({"event", b, "answered", "--on", "2024-04-10", "--outcome", "partially-disclosed"});
    db.ok({"event", b, "reconsideration-filed", "--on", "2024-05-06"});
    receive("2024-12-20", "legal");

    // text: every data row of a table ends at the same column (numbers right-aligned).
    auto text = db.run({"report", "--year", "2024", "--agency", "hx"});
    REQUIRE(text.code == 0);
    CHECK(text.err.empty());
    CHECK(text.out.find("某市人民政府2024年政府信息公开工作年度报告") == 0);
    std::set<int> widths;
    bool in_section3 = false;
    for (const auto& l : lines_of(text.out)) {
      if (l.rfind("三、收到和处理", 0) == 0) in_section3 = true;
      if (l.rfind("四、政府信息公开行政复议", 0) == 0) in_section3 = false;
      if (in_section3 && !l.empty() && std::isdigit(static_cast<unsigned char>(l.back())))
        widths.insert(report::display_width(l));
    }
    CHECK(widths.size() == 1);
    CHECK(text.out.find("  （一）予以公开") != std::string::npos);
    CHECK(text.out.find("    3.其他") != std::string::npos);
    CHECK(text.out.find("法人或其他组织") != std::string::npos);
    // Section 四 as the form lays it out: the groups over their columns, one row of 15 figures.
    const auto text_lines = lines_of(text.out);
    const auto four = std::find(text_lines.begin(), text_lines.end(), "四、政府信息公开行政复议、行政诉讼情况");
    REQUIRE(text_lines.end() - four == 6);
    CHECK(four[1].find("行政复议") < four[1].find("行政诉讼"));
    CHECK(four[2].find("未经复议直接起诉") < four[2].find("复议后起诉"));
    CHECK(four[3].rfind("结果维持", 0) == 0);
    CHECK(std::regex_match(four[5], std::regex("( +[0-9]+){15}")));

    // md: one table row per template row, numbers right-aligned.
    auto md = db.ok({"report", "--year", "2024", "--agency", "hx", "--format", "md"});
    CHECK(md.find("### 三、收到和处理政府信息公开申请情况") != std::string::npos);
    CHECK(md.find("|:---|---:|---:|---:|---:|---:|---:|---:|") != std::string::npos);
    CHECK(md.find("| 　（一）予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |") != std::string::npos);
    CHECK(md.find("| 一、本年新收政府信息公开申请数量 | 1 | 1 | 0 | 0 | 1 | 0 | 3 |") != std::string::npos);
    CHECK(md.find("| 行政复议·结果维持 | 行政复议·结果纠正 | 行政复议·其他结果 | 行政复议·尚未审结 | 行政复议·总计 | "
                  "行政诉讼·未经复议直接起诉·结果维持 |") != std::string::npos);
    CHECK(md.find("|\n| 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |") != std::string::npos);

    // csv: CRLF records: the document's title, then each table's title, its header records as the
    // form's header rows (section 四: three, over one row of 15 figures), its rows with the
    // official label first and the row key last.
    auto csv = db.run({"report", "--year", "2024", "--agency", "hx", "--format", "csv"});
    REQUIRE(csv.code == 0);
    auto records = lines_of(csv.out, "\r\n");
    REQUIRE(records.size() > 3);
    CHECK(records[0] == "某市人民政府2024年政府信息公开工作年度报告");
    CHECK(records[1].empty());
    CHECK(records[2] == "三、收到和处理政府信息公开申请情况");
    CHECK(records[3].rfind("（本列数据的勾稽关系为", 0) == 0);
    CHECK(records[3].find(",申请人情况,,,,,,,") != std::string::npos);
    CHECK(records[4] == ",自然人,法人或其他组织,,,,,总计,");
    CHECK(records[5] == ",,商业企业,科研机构,社会公益组织,法律服务机构,其他,,key");
    CHECK(std::count(records.begin(), records.end(), "（一）予以公开,1,0,0,0,0,0,1,disclosed") == 1);
    CHECK(std::count(records.begin(), records.end(), "四、结转下年度继续办理,0,0,0,0,1,0,1,carried-out") == 1);
    CHECK(std::count(records.begin(), records.end(), "（三）不予公开,,,,,,,,") == 1);
    const auto appeals_at = std::find(records.begin(), records.end(), "四、政府信息公开行政复议、行政诉讼情况");
    REQUIRE(records.end() - appeals_at == 5);
    CHECK(appeals_at[1] == ",行政复议,,,,,行政诉讼,,,,,,,,,,");
    CHECK(appeals_at[2] == ",,,,,,未经复议直接起诉,,,,,复议后起诉,,,,,");
    CHECK(appeals_at[3] ==
          ",结果维持,结果纠正,其他结果,尚未审结,总计,结果维持,结果纠正,其他结果,尚未审结,总计,结果维持,结果纠正,其他结果,"
          "尚未审结,总计,key");
    CHECK(appeals_at[4] == ",0,0,0,1,1,0,0,0,0,0,0,0,0,0,0,");
    CHECK(csv.out.find("\n") == csv.out.find("\r\n") + 1);
    // --bom: a byte order mark first, for Excel on Chinese Windows; for csv only.
    auto bom = db.run({"report", "--year", "2024", "--agency", "hx", "--format", "csv", "--bom"});
    CHECK(bom.code == 0);
    CHECK(bom.out == "\xEF\xBB\xBF" + csv.out);
    for (const char* other : {"text", "json", "md"}) {
      auto r = db.run({"report", "--year", "2024", "--agency", "hx", "--format", other, "--bom"});
      CHECK(r.code == 2);
      CHECK(r.out.empty());
      CHECK(r.err.find("--bom is for --format csv") != std::string::npos);
    }

    // --output writes the same document to a file.
    const std::string csv_path = temp_path("national.csv");
    db.ok({"report", "--year", "2024", "--agency", "hx", "--format", "csv", "--output", csv_path});
    std::ifstream in(csv_path, std::ios::binary);
    std::stringstream file;
    file << in.rdbuf();
    fs::remove(csv_path);
    CHECK(file.str() == csv.out);

    // xlsx: the official header block with its merged cells, numbers as numbers.
    const std::string xlsx = temp_path("national.xlsx");
    db.ok({"report", "--year", "2024", "--agency", "hx", "--format", "xlsx", "--output", xlsx});
    auto sheet = read_xlsx(xlsx);
    auto sheet2 = read_xlsx(xlsx, 2);
    const std::string workbook = read_xlsx_part(xlsx, "xl/workbook.xml");
    const std::string sheet1_xml = read_xlsx_part(xlsx, "xl/worksheets/sheet1.xml");
    fs::remove(xlsx);
    CHECK(sheet.at("A1") == "某市人民政府2024年政府信息公开工作年度报告");
    CHECK(sheet.at("A2") == "填报单位：某市人民政府　　年度：2024");
    CHECK(sheet.at("A4") == "三、收到和处理政府信息公开申请情况");
    CHECK(sheet.at("B5") == "申请人情况");
    CHECK(sheet.at("B6") == "自然人");
    CHECK(sheet.at("C6") == "法人或其他组织");
    CHECK(sheet.at("C7") == "商业企业");
    CHECK(sheet.at("G7") == "其他");
    CHECK(sheet.at("H6") == "总计");
    CHECK(sheet.merged == std::set<std::string>{"A1:H1", "A2:H2", "A4:H4", "A5:A7", "B5:H5", "B6:B7", "C6:G6", "H6:H7"});
    const int disclosed = sheet.row_of("（一）予以公开");
    REQUIRE(disclosed == 11);
    CHECK(sheet.is_number.at("B11"));
    CHECK(sheet.at("B11") == "1");
    CHECK(sheet.at("H11") == "1");
    const int partial = sheet.row_of("（二）部分公开（区分处理的，只计这一情形，不计其他情形）");
    REQUIRE(partial > 0);
    CHECK(sheet.at("C" + std::to_string(partial)) == "1");
    // Printed on one landscape A4 page: the print area is section 三, its header rows repeat.
    CHECK(sheet1_xml.find("<pageSetup paperSize=\"9\" orientation=\"landscape\"/>") != std::string::npos);
    CHECK(sheet1_xml.find("<pageSetUpPr fitToPage=\"1\"/>") != std::string::npos);
    CHECK(workbook.find("'三、申请情况'!$A$1:$H$37") != std::string::npos);  // _xlnm.Print_Area
    CHECK(workbook.find("'三、申请情况'!$5:$7") != std::string::npos);      // _xlnm.Print_Titles
    // Section 四 on its own sheet: one row of 15 figures under the form's two-level header.
    CHECK(sheet2.at("A4") == "四、政府信息公开行政复议、行政诉讼情况");
    CHECK(sheet2.at("A5") == "行政复议");
    CHECK(sheet2.at("F5") == "行政诉讼");
    CHECK(sheet2.at("F6") == "未经复议直接起诉");
    CHECK(sheet2.at("K6") == "复议后起诉");
    CHECK(sheet2.at("A7") == "结果维持");
    CHECK(sheet2.at("O7") == "总计");
    CHECK(sheet2.merged ==
          std::set<std::string>{"A1:O1", "A2:O2", "A4:O4", "A5:E6", "F5:O5", "F6:J6", "K6:O6"});
    CHECK(sheet2.is_number.at("D8"));
    CHECK(sheet2.at("D8") == "1");  // 行政复议 尚未审结
    CHECK(sheet2.at("E8") == "1");  // 行政复议 总计
    CHECK(sheet2.at("J8") == "0");
  }

  TEST_CASE("bad input: exit 2 for a bad year, format, template or figure; 4 for an unknown agency") {
    TestDb db;
    db.ok({"agency", "add", "a", "--name", "某局", "--kind", "department"});
    auto expect = [&](std::vector<std::string> args, int code, const std::string& named) {
      auto r = db.run(args);
      INFO(args[0] << " … stderr: " << r.err);
      CHECK(r.code == code);
      CHECK(r.out.empty());
      CHECK(count_lines_starting(r.err, "error: ") == 1);
      CHECK(r.err.find(named) != std::string::npos);
    };
    expect({"report", "--year", "2024", "--agency", "nosuch"}, 4, "nosuch");
    expect({"report", "--year", "20x4"}, 2, "20x4");
    expect({"report", "--year", "1999"}, 2, "1999");
    expect({"report", "--year", "2999"}, 2, "2999");
    expect({"report", "--year", "2024", "--format", "xlsx"}, 2, "--output");
    expect({"report", "--year", "2024", "--format", "pdf"}, 2, "pdf");
    expect({"report", "--year", "2024", "--template", "provincial"}, 2, "provincial");
    expect({"report", "--year", "2024", "--format", "csv", "--json"}, 2, "csv");
    expect({"report", "--year", "2024", "--format", "xlsx", "--output", "/nonexistent-dir/x.xlsx"}, 2,
           "/nonexistent-dir/x.xlsx");

    const std::string before = db.fingerprint();
    expect({"figures", "set", "--agency", "nosuch", "--year", "2024", "complaints=1"}, 4, "nosuch");
    expect({"figures", "set", "--agency", "a", "--year", "2024", "complaints=1", "proactive.videos=3"}, 2,
           "proactive.videos");
    expect({"figures", "set", "--agency", "a", "--year", "2024", "complaints=-1"}, 2, "complaints=-1");
    expect({"figures", "set", "--agency", "a", "--year", "2024", "complaints=1.5"}, 2, "1.5");
    expect({"figures", "set", "--agency", "a", "--year", "2024", "complaints"}, 2, "complaints");
    expect({"figures", "set", "--agency", "a", "--year", "2024", "complaints=1", "complaints=2"}, 2, "complaints");
    expect({"figures", "set", "--agency", "a", "--year", "2999", "complaints=1"}, 2, "2999");
    expect({"figures", "baseline", "--agency", "a", "--before", "1990", "complaints=1"}, 2, "1990");
    expect({"figures", "baseline", "--agency", "nosuch", "--before", "2020", "complaints=1"}, 4, "nosuch");
    CHECK(db.fingerprint() == before);

    // --json prints exactly one JSON document for figures too.
    auto j = db.run({"figures", "set", "--agency", "a", "--year", "2024", "complaints=4", "--json"}).json();
    CHECK(j["figures"]["complaints"] == 4);
  }
}
