// `gongkai audit` through the real executable: the published Huai'an 2024 tables (they balance),
// copies of them with one cell changed (exactly the rules that cell is in are named), last year's
// carry-over, the Lianjiang 2018 legacy table (its cumulative channel rows do not add up), the
// round trip of gongkai's own reports in JSON, CSV and XLSX (and an XLSX edited inside its ZIP),
// files that cannot be read (exit 2, one line), and that audit never needs a database.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "engine/zip_reader.h"
#include "engine/zip_writer.h"
#include "harness.h"
#include "report_support.h"

using namespace gongkai;
using namespace gongkai::test;
namespace fs = std::filesystem;

namespace {

const std::map<std::string, std::string> kToday = {{"GONGKAI_TODAY", "2025-01-15"}};

std::string fixture_path(const std::string& relative) {
  return std::string(GONGKAI_SOURCE_DIR) + "/tests/fixtures/" + relative;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// This process's scratch folder, removed when the tests end.
fs::path temp_dir() {
  struct Dir {
    fs::path path = fs::temp_directory_path() / ("gongkai-audit-test-" + std::to_string(getpid()));
    Dir() { fs::create_directories(path); }
    ~Dir() {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  };
  static const Dir dir;
  return dir.path;
}

std::string write_temp(const std::string& name, const std::string& content) {
  static int n = 0;
  auto p = temp_dir() / (std::to_string(n++) + "-" + name);
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// gongkai audit ARGS…, with no database anywhere: --db names a socket directory that does not
// exist, and the embedded default's home is an empty folder that must stay empty.
RunResult audit(std::vector<std::string> args) {
  static const fs::path home = temp_dir() / "home";
  fs::create_directories(home);
  args.insert(args.begin(), "audit");
  args.insert(args.begin(), {"--db", "host=/nonexistent-gongkai-socket-dir port=1 connect_timeout=1"});
  auto r = run_gongkai(args, {{"GONGKAI_HOME", home.string()}});
  CHECK(fs::is_empty(home));
  return r;
}

// The rules a JSON audit names, and every rule's cells.
struct Findings {
  int checked = 0;
  std::vector<std::string> rules;
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> messages;
};
Findings findings(const RunResult& r) {
  auto j = r.json();
  Findings f;
  f.checked = j.at("rules_checked").get<int>();
  REQUIRE(j.size() == 2);  // exactly the contract's two keys
  for (const auto& b : j.at("broken")) {
    REQUIRE(b.size() == 3);
    f.rules.push_back(b.at("rule"));
    f.cells.push_back(b.at("cells").get<std::vector<std::string>>());
    f.messages.push_back(b.at("message"));
  }
  return f;
}

// Every broken rule involves `cell`, and the rules are exactly `expected` (in any order).
void only_rules_of(const Findings& f, const std::string& cell, std::multiset<std::string> expected) {
  CHECK(std::multiset<std::string>(f.rules.begin(), f.rules.end()) == expected);
  for (size_t i = 0; i < f.cells.size(); ++i) {
    INFO(f.messages[i]);
    CHECK(std::count(f.cells[i].begin(), f.cells[i].end(), cell) == 1);
  }
}

// One line on stderr, "error: …" containing `what`; nothing on stdout; exit 2.
void unreadable(const RunResult& r, const std::string& what) {
  INFO("stderr: " << r.err);
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.rfind("error: ", 0) == 0);
  CHECK(r.err.find(what) != std::string::npos);
}

// The XLSX at `src` with one cell's value replaced inside its worksheet XML: read with gongkai's
// ZIP reader, the one cell's <v> replaced, every entry written again with its ZIP writer.
std::string edit_xlsx(const std::string& src, const std::string& sheet, const std::string& ref,
                      const std::string& value) {
  const std::string dst = (temp_dir() / ("edited-" + ref + "-" + fs::path(src).filename().string())).string();
  std::ifstream in(src, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  gongkai::ZipReader zip(bytes);
  gongkai::ZipWriter out;
  int replaced = 0;
  for (const auto& e : zip.entries()) {
    std::string data = zip.read(e);
    if (e.name == sheet) {
      const std::string open = "<c r=\"" + ref + "\"";
      size_t c = data.find(open);
      REQUIRE_MESSAGE(c != std::string::npos, "no cell " << ref);
      size_t v = data.find("<v>", c), v_end = data.find("</v>", c);
      REQUIRE(v != std::string::npos);
      REQUIRE(v < data.find("</c>", c));
      data = data.substr(0, v + 3) + value + data.substr(v_end);
      ++replaced;
    }
    out.add(e.name, data);
  }
  REQUIRE(replaced == 1);
  std::ofstream(dst, std::ios::binary) << out.finish();
  return dst;
}

nlohmann::json huaian() { return fixture("huaian-2024/report-2024.json"); }

}  // namespace

TEST_SUITE("audit") {
  TEST_CASE("the published Huai'an 2024 tables balance, as JSON and as CSV: exit 0") {
    // The copies in gongkai's shapes against the transcription of the published tables.
    const auto published = fixture("huaian-2024/published-tables.json");
    const auto j = huaian();
    CHECK(j["applications"]["rows"]["new"]["person"] == 3001);
    CHECK(j["applications"]["rows"]["total"]["total"] == 3050);
    CHECK(j["appeals"]["litigation-after-reconsideration"]["total"] == 20);
    int rows = 0;
    for (const auto& row : published["section3"]["rows"]) rows += row["values"][6].get<int>() >= 0;
    CHECK(rows == static_cast<int>(j["applications"]["rows"].size()));
    // Cross-checked against the workplace's copy when it is there.
    const fs::path shared = fs::path(GONGKAI_SHARED_DIR) / "fixtures/huaian-2024/published-tables.json";
    if (fs::exists(shared)) {
      CHECK(nlohmann::json::parse(read_text(shared.string())) == published);
    } else {
      MESSAGE("could not cross-check the Huai'an fixture against " << shared.string() << ": not found");
    }

    for (const char* file : {"huaian-2024/report-2024.json", "huaian-2024/report-2024.csv"}) {
      INFO(file);
      auto r = audit({fixture_path(file)});
      CHECK(r.code == 0);
      CHECK(r.err.empty());
      CHECK(r.out == "232 rules checked, 0 broken\n");
      auto f = findings(audit({fixture_path(file), "--json"}));
      CHECK(f.checked == 232);
      CHECK(f.rules.empty());
    }
  }

  TEST_CASE("one changed cell: exactly the rules that cell is in are named, with the cell") {
    auto changed = [](const std::string& pointer, long long value) {
      auto j = huaian();
      j[nlohmann::json::json_pointer(pointer)] = value;
      return write_temp("changed.json", j.dump(2));
    };
    // An outcome figure: its row's 总计 and its column's （七）.
    auto r = audit({changed("/applications/rows/disclosed/person", 1289), "--json"});
    CHECK(r.code == 7);
    only_rules_of(findings(r), "applications.disclosed.person",
                  {"各行总计等于六类申请人之和", "（七）总计等于各项办理结果之和"});

    // 一、本年新收: its row and its column's balance.
    r = audit({changed("/applications/rows/new/business", 54), "--json"});
    CHECK(r.code == 7);
    only_rules_of(findings(r), "applications.new.business",
                  {"各行总计等于六类申请人之和", "第一项加第二项之和等于第三项加第四项之和"});

    // A wrong 总计 of （七）: its row, the 总计 column's balance and the 总计 column's （七).
    r = audit({changed("/applications/rows/total/total", 3051), "--json"});
    only_rules_of(findings(r), "applications.total.total",
                  {"各行总计等于六类申请人之和", "第一项加第二项之和等于第三项加第四项之和",
                   "（七）总计等于各项办理结果之和"});

    // The text names the rule, the column and every figure, with the form's labels.
    r = audit({changed("/applications/rows/total/person", 2950)});
    CHECK(r.code == 7);
    CHECK(r.out.find("第一项加第二项之和等于第三项加第四项之和: 自然人: 一、本年新收 3001 + 二、上年结转 34 = 3035, but "
                     "（七）总计 2950 + 四、结转下年度继续办理 103 = 3053\n") != std::string::npos);
    CHECK(r.out.find("（七）总计等于各项办理结果之和: 自然人: （七）总计 2950, but the outcome rows add up to 2932\n") !=
          std::string::npos);
    CHECK(r.out.find("各行总计等于六类申请人之和: （七）总计: 自然人 2950 + 商业企业 53 + 科研机构 0 + 社会公益组织 0 + "
                     "法律服务机构 61 + 其他 4 = 3068, but 总计 3050\n") != std::string::npos);
    CHECK(r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1) == "232 rules checked, 3 broken\n");

    // Section 四: the group's 总计, named by its place in the two-level header.
    r = audit({changed("/appeals/litigation-direct/total", 27)});
    CHECK(r.code == 7);
    CHECK(r.out ==
          "总计等于结果维持、结果纠正、其他结果、尚未审结之和: 行政诉讼·未经复议直接起诉: 结果维持 13 + 结果纠正 4 + 其他结果 8 "
          "+ 尚未审结 1 = 26, but 总计 27\n232 rules checked, 1 broken\n");
    // A negative figure is broken in itself (and here its group no longer adds up either).
    r = audit({changed("/appeals/reconsideration/other", -178), "--json"});
    only_rules_of(findings(r), "appeals.reconsideration.other",
                  {"数字不得为负", "总计等于结果维持、结果纠正、其他结果、尚未审结之和"});

    // The same change in the CSV shape gives the same findings.
    std::string csv = read_text(fixture_path("huaian-2024/report-2024.csv"));
    const std::string row = "（一）予以公开,1288,";
    REQUIRE(csv.find(row) != std::string::npos);
    csv.replace(csv.find(row), row.size(), "（一）予以公开,1289,");
    r = audit({write_temp("changed.csv", csv), "--json"});
    CHECK(r.code == 7);
    only_rules_of(findings(r), "applications.disclosed.person",
                  {"各行总计等于六类申请人之和", "（七）总计等于各项办理结果之和"});
  }

  TEST_CASE("--previous: this year's 上年结转 against last year's 结转下年度, per column") {
    auto last_year = huaian();
    last_year["year"] = 2023;
    last_year["applications"]["rows"]["carried-out"]["person"] = 34;
    last_year["applications"]["rows"]["carried-out"]["total"] = 34;
    const std::string good = write_temp("2023.json", last_year.dump());
    auto r = audit({fixture_path("huaian-2024/report-2024.csv"), "--previous", good});
    CHECK(r.code == 0);
    CHECK(r.out == "239 rules checked, 0 broken\n");  // 232 and the seven columns' carry-over

    last_year["applications"]["rows"]["carried-out"]["person"] = 30;
    r = audit({fixture_path("huaian-2024/report-2024.json"), "--previous", write_temp("2023.json", last_year.dump()),
               "--json"});
    CHECK(r.code == 7);
    auto f = findings(r);
    REQUIRE(f.rules.size() == 1);
    CHECK(f.rules[0] == "本年上年结转等于上年结转下年度继续办理");
    CHECK(f.cells[0] ==
          std::vector<std::string>{"applications.carried-in.person", "previous.applications.carried-out.person"});
    CHECK(f.messages[0] ==
          "本年上年结转等于上年结转下年度继续办理: 自然人: 二、上年结转 34, but last year's 四、结转下年度继续办理 30");

    // Not last year's table, or not a national one: the check cannot be made.
    last_year["year"] = 2022;
    unreadable(audit({fixture_path("huaian-2024/report-2024.json"), "--previous",
                      write_temp("2022.json", last_year.dump())}),
               "the --previous table is of 2022, not of 2023");
    unreadable(audit({fixture_path("huaian-2024/report-2024.json"), "--previous",
                      fixture_path("lianjiang-2018/expected-legacy-2018.json")}),
               "legacy");
  }

  TEST_CASE("Lianjiang 2018, legacy: the cumulative channel rows 52 + 28 + 203 = 283 are not 354") {
    const std::string file = fixture_path("lianjiang-2018/expected-legacy-2018.json");
    auto r = audit({file});
    CHECK(r.code == 7);
    CHECK(r.out ==
          "各渠道申请数之和等于受理申请总数: 历年累计: 其中:1.当面申请数 52 + 2.网上申请数 28 + 3.信函、传真申请数 203 = 283, "
          "but 受理政府信息公开申请总数 354\n49 rules checked, 1 broken\n");
    auto f = findings(audit({file, "--json"}));
    REQUIRE(f.rules.size() == 1);
    CHECK(f.cells[0] == std::vector<std::string>{"legacy.requests.in-person.cumulative", "legacy.requests.online.cumulative",
                                                 "legacy.requests.letter-fax.cumulative",
                                                 "legacy.requests.total.cumulative"});
    const fs::path shared = fs::path(GONGKAI_SHARED_DIR) / "fixtures/lianjiang-2018/expected-legacy-2018.json";
    if (fs::exists(shared)) CHECK(read_text(shared.string()) == read_text(file));
    else MESSAGE("could not cross-check the Lianjiang fixture against " << shared.string() << ": not found");
  }

  TEST_CASE("round trip: what gongkai writes audits clean in JSON, CSV and XLSX; an edited XLSX is caught") {
    TestDb db;
    db.ok({"agency", "add", "hx", "--name", "某市人民政府", "--kind", "government"});
    db.ok({"agency", "add", "hx-cz", "--name", "某市财政局", "--kind", "department", "--parent", "hx"});
    auto receive = [&](const char* agency, const char* on, const char* type, const char* channel) {
      return db.ok({"receive", "--agency", agency, "--received", on, "--channel", channel, "--applicant-type", type,
                    "--applicant", "丙"},
                   kToday);
    };
    const std::string carried = receive("hx", "2023-12-20", "person", "post");
    const std::string a = receive("hx", "2024-02-01", "person", "online");
    db.ok({"event", a, "answered", "--on", "2024-02-20", "--outcome", "disclosed"}, kToday);
    db.ok({"event", a, "reconsideration-filed", "--on", "2024-03-01"}, kToday);
    db.ok({"event", a, "reconsideration-decided", "--on", "2024-05-01", "--result", "upheld"}, kToday);
    db.ok({"event", a, "litigation-filed", "--on", "2024-06-01"}, kToday);
    const std::string b = receive("hx-cz", "2024-03-01", "business", "in-person");
    db.ok({"event", b, "answered", "--on", "2024-03-08", "--outcome", "partially-disclosed"}, kToday);
    db.ok({"event", b, "litigation-filed", "--on", "2024-04-01"}, kToday);
    const std::string c = receive("hx-cz", "2024-04-01", "legal", "email");
    db.ok({"event", c, "withdrawn", "--on", "2024-04-05"}, kToday);
    receive("hx", "2024-12-30", "research", "post");
    db.ok({"event", carried, "answered", "--on", "2024-01-10", "--outcome", "unavailable/not-held"}, kToday);

    std::map<std::string, std::string> written;
    for (const char* tmpl : {"national", "legacy"})
      for (const char* format : {"json", "csv", "xlsx"}) {
        const std::string out = (temp_dir() / (std::string(tmpl) + "." + format)).string();
        db.ok({"report", "--year", "2024", "--agency", "hx", "--template", tmpl, "--format", format, "--output", out},
              kToday);
        written[std::string(tmpl) + "." + format] = out;
        INFO(tmpl << " " << format);
        auto r = audit({out});
        CHECK(r.code == 0);
        CHECK(r.out == (std::string(tmpl) == "national" ? "232 rules checked, 0 broken\n" : "49 rules checked, 0 broken\n"));
      }
    // --bom: the CSV for Excel audits the same; the 2023 table is last year's for the carry-over.
    const std::string bom = (temp_dir() / "bom.csv").string();
    db.ok({"report", "--year", "2024", "--agency", "hx", "--format", "csv", "--bom", "--output", bom}, kToday);
    CHECK(read_text(bom).rfind("\xEF\xBB\xBF", 0) == 0);
    const std::string y2023 = (temp_dir() / "2023.xlsx").string();
    db.ok({"report", "--year", "2023", "--agency", "hx", "--format", "xlsx", "--output", y2023}, kToday);
    auto r = audit({bom, "--previous", y2023});
    CHECK(r.code == 0);
    CHECK(r.out == "239 rules checked, 0 broken\n");

    // The workbook with one figure changed inside its sheet XML: 自然人 of （一）予以公开.
    const std::string xlsx = written["national.xlsx"];
    auto sheet = read_xlsx(xlsx);
    const int row = sheet.row_of("（一）予以公开");
    REQUIRE(row > 0);
    REQUIRE(sheet.at("B" + std::to_string(row)) == "1");
    r = audit({edit_xlsx(xlsx, "xl/worksheets/sheet1.xml", "B" + std::to_string(row), "2"), "--json"});
    CHECK(r.code == 7);
    only_rules_of(findings(r), "applications.disclosed.person",
                  {"各行总计等于六类申请人之和", "（七）总计等于各项办理结果之和"});
    // And in section 四's sheet: 行政诉讼·未经复议直接起诉·总计 (column J of the one row).
    auto appeals = audit({edit_xlsx(xlsx, "xl/worksheets/sheet2.xml", "J8", "5"), "--json"});
    CHECK(appeals.code == 7);
    only_rules_of(findings(appeals), "appeals.litigation-direct.total",
                  {"总计等于结果维持、结果纠正、其他结果、尚未审结之和"});
    // A figure typed as a word in the workbook: unreadable, named by its sheet and cell.
    unreadable(audit({edit_xlsx(xlsx, "xl/worksheets/sheet1.xml", "C" + std::to_string(row), "1.5")}),
               "sheet '三、申请情况' cell C" + std::to_string(row) + ": '1.5' is not a whole number");
  }

  TEST_CASE("unreadable files: exit 2 and one line naming what is wrong") {
    const std::string good_csv = read_text(fixture_path("huaian-2024/report-2024.csv"));
    auto replaced = [&](const std::string& from, const std::string& to) {
      std::string s = good_csv;
      REQUIRE(s.find(from) != std::string::npos);
      s.replace(s.find(from), from.size(), to);
      return s;
    };
    // A word in a number cell: the row as a spreadsheet numbers it (the title is row 1).
    std::string path = write_temp("word.csv", replaced("一、本年新收政府信息公开申请数量,3001,", "一、本年新收政府信息公开申请数量,一二,"));
    unreadable(audit({path}), path + " row 7: '一二' is not a whole number (一、本年新收政府信息公开申请数量, 自然人)");
    // A row the template does not have.
    path = write_temp("unknown.csv", replaced("四、结转下年度继续办理,", "五、其他结转,1,0,0,0,0,0,1,x\r\n四、结转下年度继续办理,"));
    unreadable(audit({path}), path + " row 36: '五、其他结转' is not a row label of the national template's tables");
    // A row missing, a row twice.
    path = write_temp("missing.csv", replaced("（一）予以公开,", "（一）予以不公开,"));
    unreadable(audit({path}), "no row '（一）予以公开'");
    unreadable(audit({write_temp("empty.csv", "")}), "the file is empty");
    unreadable(audit({write_temp("words.csv", "名称,数量\r\n苹果,3\r\n")}), "no row of the national or the legacy table");

    // Not a workbook, a truncated one, a ZIP that is no workbook.
    path = write_temp("table.xlsx", "this is not a workbook");
    unreadable(audit({path}), path + ": not an XLSX workbook (it is not a ZIP package)");
    TestDb db;
    db.ok({"agency", "add", "hx", "--name", "某市人民政府", "--kind", "government"});
    const std::string xlsx = (temp_dir() / "whole.xlsx").string();
    db.ok({"report", "--year", "2024", "--format", "xlsx", "--output", xlsx}, kToday);
    const std::string bytes = read_text(xlsx);
    for (size_t cut : {bytes.size() / 2, bytes.size() - 10, size_t{100}}) {
      INFO("cut at " << cut);
      path = write_temp("cut.xlsx", bytes.substr(0, cut));
      unreadable(audit({path}), path + ": ");
    }
    unreadable(audit({edit_xlsx(xlsx, "xl/worksheets/sheet1.xml", "B8", "<oops")}), "not well-formed XML");

    // JSON: not JSON, not a table, a row missing, a figure that is not a whole number.
    unreadable(audit({write_temp("bad.json", "{\"template\": ")}), "not valid JSON");
    unreadable(audit({write_temp("other.json", "{\"hello\": 1}")}), "neither \"applications\" nor \"rows\"");
    auto j = huaian();
    j["applications"]["rows"].erase("disclosed");
    unreadable(audit({write_temp("no-row.json", j.dump())}), "applications.rows has no disclosed");
    j = huaian();
    j["applications"]["rows"]["new"]["person"] = "一二";
    unreadable(audit({write_temp("word.json", j.dump())}), "applications.rows.new.person: \"一二\" is not a whole number");

    unreadable(audit({"/nonexistent/table.csv"}), "cannot read /nonexistent/table.csv");
    unreadable(audit({temp_dir().string()}), "is a directory");
    unreadable(audit({fixture_path("huaian-2024/report-2024.csv"), "--encoding", "latin1"}), "latin1");
  }

  TEST_CASE("a GBK CSV audits with --encoding gbk; audit needs no database and no --db") {
    const std::string utf8 = read_text(fixture_path("huaian-2024/report-2024.csv"));
    const std::string in = write_temp("utf8.csv", utf8), out = (temp_dir() / "gbk.csv").string();
    REQUIRE(std::system(("iconv -f UTF-8 -t GBK " + shell_quote(in) + " > " + shell_quote(out)).c_str()) == 0);
    auto r = audit({out, "--encoding", "gbk"});
    CHECK(r.code == 0);
    r = audit({out});
    CHECK(r.code == 2);
    CHECK(r.err.find("not valid UTF-8") != std::string::npos);

    // No --db at all, an empty home for the embedded default: nothing started, nothing created.
    const fs::path home = temp_dir() / "no-db-home";
    fs::create_directories(home);
    auto plain = run_gongkai({"audit", fixture_path("huaian-2024/report-2024.json")},
                             {{"GONGKAI_HOME", home.string()}, {"GONGKAI_DB", ""}});
    CHECK(plain.code == 0);
    CHECK(fs::is_empty(home));
    auto help = run_gongkai({"audit", "--help"});
    CHECK(help.code == 0);
    CHECK(help.out.find("--previous") != std::string::npos);
  }
}
