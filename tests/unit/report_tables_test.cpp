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
    CHECK(any_contains(r.warnings, "section 三 row new"));
    CHECK(any_contains(r.warnings, "section 三 row disclosed"));
    CHECK(any_contains(r.warnings, "column person (自然人): （七）总计 5 is not the sum of the outcome rows (3)"));
    CHECK(any_contains(r.warnings, "column person (自然人): carried-in 0 is not what the previous year carried out (5)"));
    CHECK(any_contains(r.warnings, "section 四 row reconsideration"));

    // Per column new + carried-in = total + carried-out, on a hand-made table.
    Table apps = applications_table(2024, {closed("person", "disclosed", 1)});
    Table appeals = appeals_table({});
    const_cast<Row*>(apps.find("carried-out"))->cells[0] = 1;
    const_cast<Row*>(apps.find("carried-out"))->cells[6] = 1;
    auto w = check_national(apps, appeals, nullptr);
    REQUIRE(w.size() == 2);  // the person column and the total column
    CHECK(w[0] == "section 三 column person (自然人): new 1 + carried-in 0 = 1, but total 1 + carried-out 1 = 2");
    CHECK(w[1].rfind("section 三 column total (总计)", 0) == 0);
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
          "cumulative: the channel rows add up to 2 (requests.in-person 0 + requests.online 0 + "
          "requests.letter-fax 2), not requests.total 7");
    CHECK(r.warnings[1] == "reconsiderations (行政复议数): cumulative 0 is below the year's 3");
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
}
