// The report library without a database: layouts and the outcome mapping, the invariants on
// hand-made tables, and the writers (display width, CSV quoting, text alignment).
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "engine/errors.h"
#include "report/csv_writer.h"
#include "report/display_width.h"
#include "report/invariants.h"
#include "report/legacy_template.h"
#include "report/md_writer.h"
#include "report/national_template.h"
#include "report/table_rules.h"
#include "report/text_writer.h"
#include "workflows/outcome.h"

using namespace gongkai;
using namespace gongkai::report;

namespace {

ApplicationGroup closed(const std::string& type, const std::string& outcome, long long n,
                        const std::string& kind = "answered") {
  ApplicationGroup g;
  g.applicant_type = type;
  g.closed_kind = kind;
  g.outcome = outcome;
  g.received_in_year = n;
  g.closed_in_year = n;
  return g;
}

bool any_contains(const std::vector<std::string>& v, const std::string& part) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return s.find(part) != std::string::npos; });
}

}  // namespace

TEST_SUITE("report-tables") {
  TEST_CASE("layouts: 2019 up to report year 2020, 2021 after; every outcome code has its row") {
    CHECK(national_template_name(2019) == "national-2019");
    CHECK(national_template_name(2020) == "national-2019");
    CHECK(national_template_name(2021) == "national-2021");
    for (int year : {2020, 2021}) {
      auto keys = national_row_keys(year);
      CHECK(keys.front() == "new");
      CHECK(keys.back() == "carried-out");
      for (const auto& o : workflows::all_outcomes()) {
        std::string row = national_row_key(year, "answered", std::string(o.code));
        INFO(year << " " << o.code << " → " << row);
        CHECK(std::count(keys.begin(), keys.end(), row) == 1);
      }
    }
    CHECK(national_row_key(2021, "withdrawn", "") == "other/other");
    CHECK(national_row_key(2020, "withdrawn", "") == "other");
    CHECK(national_row_key(2021, "answered", "already-public") == "disclosed");
    CHECK(national_row_key(2021, "answered", "not-this-agency") == "unavailable/not-held");
    CHECK(national_row_key(2021, "answered", "not-government-information") == "other/other");
    CHECK(national_row_key(2020, "answered", "other/fee-unpaid") == "other");
    CHECK(national_row_key(2021, "answered", "no-such-code").empty());
    auto k2019 = national_row_keys(2019), k2021 = national_row_keys(2021);
    CHECK(std::count(k2019.begin(), k2019.end(), "other") == 1);
    CHECK(std::count(k2021.begin(), k2021.end(), "other") == 0);
    CHECK(k2021.size() == k2019.size() + 2);
  }

  TEST_CASE("section 三 from groups: columns, rows, carried in and out, and no warning when it adds up") {
    NationalInput in;
    in.year = 2024;
    in.applications = {closed("person", "disclosed", 3), closed("business", "partially-disclosed", 2),
                       closed("person", "", 1, "withdrawn"), closed("legal", "other/no-correction", 1)};
    ApplicationGroup old;
    old.applicant_type = "person";
    old.carried_in = 2;
    old.carried_out = 2;
    in.applications.push_back(old);
    in.previous_year = std::vector<ApplicationGroup>{old};
    Report r = national_report(in);
    const Table& t = r.tables[0];
    CHECK(r.warnings.empty());
    CHECK(t.find("new")->cells == std::vector<long long>{4, 2, 0, 0, 1, 0, 7});
    CHECK(t.find("carried-in")->cells == std::vector<long long>{2, 0, 0, 0, 0, 0, 2});
    CHECK(t.find("other/other")->cells[0] == 1);
    CHECK(t.find("other/no-correction")->cells[4] == 1);
    CHECK(t.find("total")->cells.back() == 7);
    CHECK(r.json["applications"]["rows"]["carried-out"]["person"] == 2);
    CHECK(r.json["template"] == "national-2021");
    CHECK(r.json["agency"].is_null());
  }

  TEST_CASE("broken arithmetic is warned about, naming the row or column and the figures") {
    NationalInput in;
    in.year = 2024;
    // An applicant type outside the six columns and an outcome code no row takes: both still
    // count in 总计 / （七）, so the invariants show them.
    in.applications = {closed("person", "disclosed", 3), closed("robot", "disclosed", 1),
                       closed("person", "mystery-code", 2)};
    ApplicationGroup previous;
    previous.applicant_type = "person";
    previous.carried_out = 5;
    in.previous_year = std::vector<ApplicationGroup>{previous};
    in.appeals = {{"reconsideration", "upheld", 2}, {"reconsideration", "withdrawn-by-court", 1}};
    Report r = national_report(in);
    CHECK(any_contains(r.warnings, "各行总计等于六类申请人之和: 一、本年新收政府信息公开申请数量: 自然人 5 + 商业企业 0"));
    CHECK(any_contains(r.warnings, "各行总计等于六类申请人之和: （一）予以公开: 自然人 3 + "));
    CHECK(any_contains(r.warnings, "（七）总计等于各项办理结果之和: 自然人: （七）总计 5, but the outcome rows add up to 3"));
    CHECK(any_contains(r.warnings,
                       "本年上年结转等于上年结转下年度继续办理: 自然人: 二、上年结转 0, but last year's 四、结转下年度继续办理 5"));
    // Section 四 names the group whose 总计 is not the sum of its parts.
    CHECK(any_contains(r.warnings, "总计等于结果维持、结果纠正、其他结果、尚未审结之和: 行政复议: 结果维持 2 + 结果纠正 0 + "
                                   "其他结果 0 + 尚未审结 0 = 2, but 总计 3"));

    // Per column new + carried-in = total + carried-out, on a hand-made table.
    Table apps = applications_table(2024, {closed("person", "disclosed", 1)});
    Table appeals = appeals_table({});
    const_cast<Row*>(apps.find("carried-out"))->cells[0] = 1;
    const_cast<Row*>(apps.find("carried-out"))->cells[6] = 1;
    auto w = check_national(apps, appeals, nullptr);
    REQUIRE(w.size() == 2);  // the person column and the total column
    CHECK(w[0] == "第一项加第二项之和等于第三项加第四项之和: 自然人: 一、本年新收 1 + 二、上年结转 0 = 1, but （七）总计 1 + "
                  "四、结转下年度继续办理 1 = 2");
    CHECK(w[1].rfind("第一项加第二项之和等于第三项加第四项之和: 总计: ", 0) == 0);
  }

  TEST_CASE("legacy: keys, figures added to cases, categories, and its three warnings") {
    CHECK(is_legacy_key("proactive.total"));
    CHECK_FALSE(is_legacy_key("proactive"));
    CHECK_THROWS_AS(check_legacy_key("answers.nope"), UsageError);
    LegacyInput in;
    in.year = 2018;
    LegacyCaseGroup g;
    g.channel = "post";
    g.agency_kind = "township";
    g.closed_kind = "answered";
    g.outcome = "not-this-agency";
    g.received_year = g.received_cumulative = g.closed_year = g.closed_cumulative = 2;
    in.cases = {g};
    in.figures_year["proactive.total"] = 10;
    in.figures_cumulative["proactive.total"] = 10;
    in.baseline["requests.total"] = 5;  // no channel rows in the baseline: cumulative falls short
    in.baseline["answers.total"] = 5;
    in.baseline["answers.other"] = 5;
    in.figures_year["reconsiderations"] = 3;  // a year figure with no cumulative counterpart
    Report r = legacy_report(in);
    const Table& t = r.tables[0];
    CHECK(t.find("proactive.total")->cells == std::vector<long long>{10, 10});
    CHECK(t.find("requests.letter-fax")->cells == std::vector<long long>{2, 2});
    CHECK(t.find("answers.other")->cells == std::vector<long long>{2, 7});
    CHECK(r.json["categories"]["not-this-agency"] == 2);
    CHECK(r.json["requests.by-kind"]["township"] == 2);
    CHECK(r.json["requests.by-kind"]["government"] == 0);
    REQUIRE(r.warnings.size() == 2);
    CHECK(r.warnings[0] ==
          "各渠道申请数之和等于受理申请总数: 历年累计: 其中:1.当面申请数 0 + 2.网上申请数 0 + 3.信函、传真申请数 2 = 2, "
          "but 受理政府信息公开申请总数 7");
    CHECK(r.warnings[1] == "历年累计不小于本年度: 行政复议数: 历年累计 0, below 2018年度 3");
  }

  TEST_CASE("writers: display width, CSV quoting, aligned text, Markdown rows") {
    CHECK(display_width("abc") == 3);
    CHECK(display_width("自然人") == 6);
    CHECK(display_width("（一）予以公开") == 14);
    CHECK(display_width("3.危及“三安全一稳定”") == 2 + 2 * 8 + 2);  // “ ” are ambiguous-width: 1
    CHECK(pad_left("7", 3) == "  7");
    CHECK(pad_right("总计", 6) == "总计  ");

    CHECK(csv_field("普通") == "普通");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");

    Report r;
    r.title = "标题";
    Table t;
    t.title = "表";
    t.corner = "指标";
    t.columns = {{"a", "甲"}, {"b", "一个很长的列名"}};
    t.header_rows = 2;
    t.header = {{"指标", 0, 0, 2, 1}, {"合并的表头", 0, 1, 1, 2}, {"甲", 1, 1, 1, 1}, {"一个很长的列名", 1, 2, 1, 1}};
    t.rows = {{"x", "第一行", 0, {1, 22}}, {"", "小标题", 0, {}}, {"y", "子行", 1, {333, 4}}};
    r.tables = {t};
    std::ostringstream text;
    write_text(r, text);
    std::vector<std::string> lines;
    std::istringstream in(text.str());
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    REQUIRE(lines.size() == 9);
    CHECK(lines[0] == "标题");
    CHECK(lines[2] == "表");
    CHECK(lines[3].find("合并的表头") != std::string::npos);
    CHECK(lines[7] == "小标题");
    CHECK(display_width(lines[6]) == display_width(lines[8]));  // right-aligned numbers
    CHECK(lines[8].rfind("  子行", 0) == 0);
    CHECK(lines[8].substr(lines[8].size() - 1) == "4");

    std::ostringstream md;
    write_md(r, md);
    CHECK(md.str().find("| 指标 | 甲 | 一个很长的列名 |\n|:---|---:|---:|\n| 第一行 | 1 | 22 |\n| 小标题 |  |  |\n| 　子行 | 333 | 4 |") !=
          std::string::npos);
  }

  TEST_CASE("section 四 as the form lays it out: one row of 15 figures under a two-level header") {
    Table t = appeals_table({{"reconsideration", "upheld", 2}, {"litigation-direct", "pending", 1},
                             {"litigation-after-reconsideration", "corrected", 3}});
    REQUIRE(t.rows.size() == 1);
    REQUIRE(t.columns.size() == 15);
    CHECK_FALSE(t.has_label_column());
    CHECK(t.rows[0].cells ==
          std::vector<long long>{2, 0, 0, 0, 2, 0, 0, 0, 1, 1, 0, 3, 0, 0, 3});
    CHECK(t.header_path(0) == std::vector<std::string>{"行政复议", "结果维持"});
    CHECK(t.header_path(9) == std::vector<std::string>{"行政诉讼", "未经复议直接起诉", "总计"});
    CHECK(t.header_path(10) == std::vector<std::string>{"行政诉讼", "复议后起诉", "结果维持"});

    // The contract's JSON is unchanged: {GROUP: {RESULT: n}}.
    NationalInput in;
    in.year = 2024;
    in.appeals = {{"reconsideration", "upheld", 2}, {"litigation-direct", "pending", 1}};
    Report r = national_report(in);
    CHECK(r.json["appeals"] == nlohmann::json::parse(R"({
      "reconsideration": {"upheld": 2, "corrected": 0, "other": 0, "pending": 0, "total": 2},
      "litigation-direct": {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1},
      "litigation-after-reconsideration": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}})"));

    // text: the group labels centred over their columns, one line of figures, no label column.
    std::ostringstream text;
    write_text_table(r.tables[1], text);
    std::vector<std::string> lines;
    std::istringstream lines_in(text.str());
    for (std::string l; std::getline(lines_in, l);) lines.push_back(l);
    REQUIRE(lines.size() == 6);  // title, three header rows, the rule, the figures
    CHECK(lines[1].find("行政复议") < lines[1].find("行政诉讼"));
    CHECK(lines[2].find("未经复议直接起诉") < lines[2].find("复议后起诉"));
    CHECK(lines[3].rfind("结果维持", 0) == 0);
    CHECK(display_width(lines[3]) == display_width(lines[5]));
    // 行政诉讼 is centred over its ten columns: right of where 未经复议直接起诉 starts.
    CHECK(display_width(lines[1].substr(0, lines[1].find("行政诉讼"))) >
          display_width(lines[2].substr(0, lines[2].find("未经复议直接起诉"))));

    // md: one header row, the labels over each column joined.
    std::ostringstream md;
    write_md(r, md);
    CHECK(md.str().find("| 行政复议·结果维持 | 行政复议·结果纠正 |") != std::string::npos);
    CHECK(md.str().find("| 行政诉讼·复议后起诉·总计 |\n|---:|") != std::string::npos);
    CHECK(md.str().find("\n| 2 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0 |\n") != std::string::npos);
    // Section 三's caption over every column (申请人情况) is left out of its flattened labels.
    CHECK(md.str().find("| 自然人 | 法人或其他组织·商业企业 |") != std::string::npos);

    // csv: three header records, then the row.
    std::ostringstream csv;
    write_csv(r, csv);
    const std::string c = csv.str();
    CHECK(c.find(",行政复议,,,,,行政诉讼,,,,,,,,,,\r\n,,,,,,未经复议直接起诉,,,,,复议后起诉,,,,,\r\n,结果维持,结果纠正,") !=
          std::string::npos);
    CHECK(c.find(",尚未审结,总计,key\r\n,2,0,0,0,2,0,0,0,1,1,0,0,0,0,0,\r\n") != std::string::npos);
  }

  TEST_CASE("rules name their cells; a changed cell breaks exactly the rules it is in") {
    NationalInput in;
    in.year = 2024;
    in.applications = {closed("person", "disclosed", 3), closed("business", "withheld/state-secret", 2)};
    Report r = national_report(in);
    Table apps = r.tables[0], appeals = r.tables[1];
    auto clean = check_national_rules(apps, appeals, nullptr);
    CHECK(clean.broken.empty());
    // 25 rows' totals, 7 columns × 2, 3 groups, and every cell (25 × 7 + 15) not negative.
    CHECK(clean.checked == 25 + 7 * 2 + 3 + 25 * 7 + 15);

    const_cast<Row*>(apps.find("disclosed"))->cells[0] = 4;
    auto broken = check_national_rules(apps, appeals, nullptr);
    REQUIRE(broken.broken.size() == 2);
    CHECK(broken.broken[0].rule == std::string(rule::row_total));
    CHECK(broken.broken[1].rule == std::string(rule::outcomes_total));
    for (const auto& b : broken.broken) {
      INFO(b.message);
      CHECK(std::count(b.cells.begin(), b.cells.end(), "applications.disclosed.person") == 1);
    }
    CHECK(broken.broken[0].cells.back() == "applications.disclosed.total");

    // A subtotal given in a heading row (as a re-typed table may) is checked against its sub-rows.
    for (auto& row : apps.rows)
      if (row.label == "（三）不予公开") row.cells = {0, 3, 0, 0, 0, 0, 3};
    auto sub = check_national_rules(apps, appeals, nullptr);
    bool named = false;
    for (const auto& b : sub.broken)
      if (b.rule == std::string(rule::subtotal)) {
        named = true;
        CHECK(b.cells.front().rfind("applications.withheld.", 0) == 0);
      }
    CHECK(named);

    Row& row = appeals.rows.front();
    row.cells[appeals.column_index("litigation-direct.total")] = -1;
    auto neg = check_national_rules(r.tables[0], appeals, nullptr);
    std::vector<std::string> rules;
    for (const auto& b : neg.broken) rules.push_back(b.rule);
    CHECK(std::count(rules.begin(), rules.end(), std::string(rule::not_negative)) == 1);
    CHECK(std::count(rules.begin(), rules.end(), std::string(rule::appeal_total)) == 1);
    for (const auto& b : neg.broken) CHECK(b.cells.back() == "appeals.litigation-direct.total");
  }

  TEST_CASE("notes are in Chinese and name the 2008-rule code") {
    NationalInput in;
    in.year = 2019;
    in.applications = {closed("person", "already-public", 2)};
    Report r = national_report(in);
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0] == "2019年有2件按2008年《条例》的答复类型“已主动公开”（already-public）办结，计入“（一）予以公开”");
    std::ostringstream text, md;
    write_text(r, text);
    write_md(r, md);
    CHECK(text.str().find("\n注：2019年有2件") != std::string::npos);
    CHECK(md.str().find("> 注：2019年有2件") != std::string::npos);
    CHECK(text.str().find("note:") == std::string::npos);
  }
}
