// The annual report's generated prose (report/annual_prose.h, report/annual_document.h): the
// rounding rule, the prose of hand-made national and legacy JSON read back number by number
// (tests/unit/annual_prose_check.h), the Lianjiang 2018 figures of the source document, and the
// document's sections, texts and placeholders.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "annual_prose_check.h"
#include "engine/errors.h"
#include "report/annual_document.h"
#include "report/annual_figures.h"
#include "report/annual_prose.h"
#include "report/chinese_date.h"
#include "report/legacy_template.h"
#include "report/national_template.h"

using namespace gongkai;
using namespace gongkai::report;
using gongkai::test::check_prose;
using nlohmann::json;

namespace {

std::string join_all(const std::vector<std::string>& ps) {
  std::string s;
  for (const auto& p : ps) s += p + "\n";
  return s;
}

// A national year with a realistic mix, built through the template itself (so that the JSON has
// the contract's shape): several applicant types, every kind of outcome, carried in and out,
// reconsiderations and lawsuits with all results.
Report national_mix(int year) {
  NationalInput in;
  in.year = year;
  in.agency = "hx";
  in.agency_name = "华县人民政府";
  auto add = [&](const char* type, const char* kind, const char* outcome, long long recv, long long cin, long long closed,
                 long long cout) { in.applications.push_back({type, kind, outcome, recv, cin, closed, cout}); };
  add("person", "answered", "disclosed", 40, 2, 41, 0);
  add("business", "answered", "disclosed", 7, 0, 7, 0);
  add("person", "answered", "partially-disclosed", 9, 1, 10, 0);
  add("legal", "answered", "partially-disclosed", 3, 0, 3, 0);
  add("person", "answered", "withheld/state-secret", 1, 0, 1, 0);
  add("person", "answered", "withheld/third-party-rights", 4, 0, 4, 0);
  add("research", "answered", "withheld/process-information", 2, 0, 2, 0);
  add("person", "answered", "unavailable/not-held", 11, 0, 11, 0);
  add("nonprofit", "answered", "unavailable/needs-creation", 1, 0, 1, 0);
  add("person", "answered", "not-processed/duplicate", 3, 0, 3, 0);
  add("person", "answered", "other/no-correction", 2, 0, 2, 0);
  add("other-org", "withdrawn", "", 1, 0, 1, 0);
  add("person", "", "", 5, 0, 0, 5);
  add("business", "", "", 1, 0, 0, 1);
  in.appeals = {{"reconsideration", "upheld", 3}, {"reconsideration", "corrected", 1}, {"reconsideration", "pending", 1},
                {"litigation-direct", "upheld", 1}, {"litigation-after-reconsideration", "pending", 1}};
  return national_report(in);
}

json lianjiang_legacy_json() {
  std::ifstream f(std::string(GONGKAI_SOURCE_DIR) + "/tests/fixtures/lianjiang-2018/expected-legacy-2018.json");
  REQUIRE(f);
  json e = json::parse(f);
  json j = {{"template", "legacy"}, {"year", 2018}, {"agency", "lj"}, {"rows", e["rows"]},
            {"categories", e["categories_published"]}, {"requests.by-kind", e["requests_by_kind"]}};
  return j;
}

json lianjiang_appeals() {
  json a;
  a["reconsideration"] = {{"upheld", 2}, {"corrected", 0}, {"other", 0}, {"pending", 0}, {"total", 2}};
  a["litigation-direct"] = {{"upheld", 0}, {"corrected", 0}, {"other", 0}, {"pending", 0}, {"total", 0}};
  a["litigation-after-reconsideration"] = a["litigation-direct"];
  return a;
}

void require_clean(const test::ProseCheck& c) {
  for (const auto& p : c.problems) FAIL_CHECK(p);
}

}  // namespace

TEST_SUITE("annual-prose") {
  TEST_CASE("shares: one decimal, half away from zero, no trailing .0, never 0 for a part that is not") {
    CHECK(share_text(12, 50) == "24");
    CHECK(share_text(38, 50) == "76");
    CHECK(share_text(1, 3) == "33.3");
    CHECK(share_text(2, 3) == "66.7");
    CHECK(share_text(1, 8) == "12.5");
    CHECK(share_text(1, 16) == "6.3");    // 6.25 → 6.3 (half away from zero)
    CHECK(share_text(1, 2000) == "0.1");  // 0.05 → 0.1
    CHECK(share_text(1, 3000) == "不足0.1");
    CHECK(share_text(0, 50) == "0");
    CHECK(share_text(50, 50) == "100");
    CHECK(share_tenths(1, 0) == 0);
    CHECK(wan_yuan(123500) == "12.35");
    CHECK(wan_yuan(10000) == "1");
    CHECK(wan_yuan(1) == "0.0001");
    CHECK(wan_yuan(0) == "0");
  }

  TEST_CASE("a breakdown whose rounded shares miss 100 says so, one that makes it does not") {
    NationalInput in;
    in.year = 2024;
    in.applications = {{"person", "answered", "disclosed", 1, 0, 1, 0},
                       {"business", "answered", "unavailable/not-held", 1, 0, 1, 0},
                       {"legal", "answered", "not-processed/duplicate", 1, 0, 1, 0}};
    auto r = national_report(in);
    const auto text = join_all(national_applications_prose(r.json, "本机关"));
    CAPTURE(text);
    CHECK(text.find("占33.3%") != std::string::npos);
    CHECK(text.find(kRoundingRemark) != std::string::npos);
    require_clean(check_prose(text, 2024, test::national_prose_rules(r.json)));

    in.applications.pop_back();
    auto even = national_report(in);
    const auto halves = join_all(national_applications_prose(even.json, "本机关"));
    CHECK(halves.find("占50%") != std::string::npos);
    CHECK(halves.find(kRoundingRemark) == std::string::npos);
    require_clean(check_prose(halves, 2024, test::national_prose_rules(even.json)));
  }

  TEST_CASE("national year: every number of sections 三 and 四 is a table's") {
    for (int year : {2020, 2024}) {  // the 2019 layout (one 其他处理 row) and the 2021 layout
      CAPTURE(year);
      auto r = national_mix(year);
      const auto text = join_all(national_applications_prose(r.json, "华县人民政府")) +
                        join_all(national_appeals_prose(r.json, "华县人民政府"));
      CAPTURE(text);
      auto c = check_prose(text, year, test::national_prose_rules(r.json));
      require_clean(c);
      CHECK(c.counts >= 20);
      CHECK(c.shares >= 8);
      CHECK(text.find("共新收政府信息公开申请90件") != std::string::npos);
      CHECK(text.find("上年结转政府信息公开申请3件") != std::string::npos);
      CHECK(text.find("结转下年度继续办理6件") != std::string::npos);
      CHECK(text.find("部分公开13件") != std::string::npos);
      CHECK(text.find("因政府信息公开被申请行政复议5件") != std::string::npos);
      CHECK(text.find("因政府信息公开被提起行政诉讼2件") != std::string::npos);
      CHECK(text.find("尚未审结1件") != std::string::npos);
      CHECK(text.find("科研机构提出2件") != std::string::npos);
      CHECK(text.find("社会公益组织提出1件") != std::string::npos);
    }
  }

  TEST_CASE("the check fails on prose that says what no table says") {
    auto r = national_mix(2024);
    auto rules = test::national_prose_rules(r.json);
    const auto text = join_all(national_applications_prose(r.json, "华县人民政府"));
    require_clean(check_prose(text, 2024, rules));
    auto replace = [&](std::string s, const std::string& from, const std::string& to) {
      auto at = s.find(from);
      REQUIRE(at != std::string::npos);
      return s.replace(at, from.size(), to);
    };
    // A wrong count, a wrong share, a number no cell explains, another year, a share of nothing.
    CHECK_FALSE(check_prose(replace(text, "共新收政府信息公开申请90件", "共新收政府信息公开申请91件"), 2024, rules)
                    .problems.empty());
    CHECK_FALSE(check_prose(replace(text, "占83.3%", "占83%"), 2024, rules).problems.empty());
    CHECK_FALSE(check_prose(replace(text, "。", "，另有申请7件。"), 2024, rules).problems.empty());
    CHECK_FALSE(check_prose(replace(text, "2024年", "2023年"), 2024, rules).problems.empty());
    CHECK_FALSE(check_prose(replace(text, "新收政府信息公开申请90件", "新收政府信息公开申请90件，占12%"), 2024, rules)
                    .problems.empty());
    CHECK_FALSE(check_prose(text + "共计约3000人次。", 2024, rules).problems.empty());
  }

  TEST_CASE("zero categories are left out, and nothing at all is said in words") {
    NationalInput in;
    in.year = 2024;
    auto r = national_report(in);
    const auto text = join_all(national_applications_prose(r.json, "本机关")) +
                      join_all(national_appeals_prose(r.json, "本机关"));
    CAPTURE(text);
    CHECK(text.find("未收到新的政府信息公开申请") != std::string::npos);
    CHECK(text.find("无上年结转的政府信息公开申请") != std::string::npos);
    CHECK(text.find("无结转下年度继续办理的申请") != std::string::npos);
    CHECK(text.find("无因政府信息公开被申请行政复议的情况") != std::string::npos);
    CHECK(text.find("无因政府信息公开而提起的行政诉讼") != std::string::npos);
    CHECK(text.find("0件") == std::string::npos);
    auto c = check_prose(text, 2024, test::national_prose_rules(r.json));
    require_clean(c);
    CHECK(c.counts == 0);
  }

  TEST_CASE("Lianjiang 2018: the legacy prose says the source document's figures") {
    const json j = lianjiang_legacy_json();
    const json appeals = lianjiang_appeals();
    const std::string subject = "连江县人民政府";
    const auto text = join_all(legacy_proactive_prose(j, subject)) + join_all(legacy_received_prose(j, subject)) +
                      join_all(legacy_answered_prose(j, subject)) + join_all(legacy_appeals_prose(j, appeals, subject));
    CAPTURE(text);
    for (const char* s : {"2018年，连江县人民政府共收到政府信息公开申请50件", "本级政府收到10件", "下级政府收到3件",
                          "政府工作部门收到37件", "当面申请12件，占24%", "以信函、传真形式申请38件，占76%",
                          "累计收到政府信息公开申请354件", "共答复政府信息公开申请50件", "“已主动公开”4件，占8%",
                          "“同意公开”23件，占46%", "“同意部分公开”7件，占14%", "“不予公开”3件，占6%",
                          "“不是《条例》所指政府信息”1件，占2%", "“不属于本行政机关公开”8件，占16%",
                          "“政府信息不存在或者不属于本机关掌握”3件，占6%", "其他情形1件，占2%",
                          "因政府信息公开被申请行政复议2件，审理结果：维持2件", "无因政府信息公开而提起的行政诉讼",
                          "无行政申诉、举报", "累计被申请行政复议27件", "累计被提起行政诉讼11件",
                          "主动公开政府信息3459条", "累计主动公开政府信息27037条"})
      CHECK_MESSAGE(text.find(s) != std::string::npos, s);
    auto c = check_prose(text, 2018, test::legacy_prose_rules(j, appeals));
    require_clean(c);
    CHECK(c.shares == 10);
    // Without the national count (or with another count of reconsiderations) no results are told.
    const auto bare = join_all(legacy_appeals_prose(j, json(), subject));
    CHECK(bare.find("审理结果") == std::string::npos);
  }

  TEST_CASE("the document: sections in order, tables by key, the office's texts or placeholders") {
    AnnualInput in;
    in.year = 2024;
    in.agency_name = "华县人民政府";
    in.report = national_mix(2024);
    in.figures = {{"proactive.rules.issued", 2}, {"proactive.licensing", 1532}, {"proactive.fees-yuan", 123500}};
    in.texts = {{1, "　　2024年，本机关认真贯彻《条例》。\n\n（一）主动公开\n全年主动公开信息1200条。\n"}};
    in.date = chinese_date(Date::from_ymd(2025, 1, 20));
    auto out = annual_document(in);
    CHECK(out.missing_sections == std::vector<int>{5, 6});
    CHECK_FALSE(out.proactive_figures_missing);
    const auto& d = out.document;
    CHECK(d.title == "华县人民政府2024年政府信息公开工作年度报告");
    std::vector<std::string> headings;
    int tables = 0, placeholders = 0;
    for (const auto& b : d.blocks) {
      if (b.kind == BlockKind::heading && b.level == 1) headings.push_back(b.text);
      if (b.kind == BlockKind::table) ++tables;
      if (b.text == kMissingText) ++placeholders;
    }
    CHECK(headings == std::vector<std::string>{"一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                               "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                                               "六、其他需要报告的事项"});
    CHECK(tables == 3 + static_cast<int>(in.report.tables.size()));
    CHECK(placeholders == 2);
    const std::string plain = document_plain_text(d);
    CHECK(plain.find("2024年，本机关认真贯彻《条例》。\n") != std::string::npos);  // the indent taken off
    CHECK(plain.find("（一）主动公开\n") != std::string::npos);
    CHECK(plain.find("本年收费金额（单位：万元）：12.35") != std::string::npos);
    CHECK(plain.find("行政许可\t1532") != std::string::npos);
    CHECK(plain.find("2025年1月20日") != std::string::npos);
    CHECK(d.blocks.back().kind == BlockKind::date);
    // Round trip through the shared model's JSON.
    CHECK(document_json(document_from_json(document_json(d))) == document_json(d));

    AnnualInput legacy;
    legacy.year = 2018;
    legacy.legacy = true;
    legacy.agency_name = "连江县人民政府";
    legacy.report.title = "连江县人民政府2018年政府信息公开情况统计表";
    legacy.report.json = lianjiang_legacy_json();
    Table legacy_table;
    legacy_table.key = "legacy";
    legacy_table.corner = "指标名称";
    legacy_table.columns = {{"year", "2018年度"}, {"cumulative", "历年累计"}};
    legacy.report.tables.push_back(legacy_table);
    legacy.texts = {{1, "概述。"}, {5, "问题。"}, {6, "（一）其他需要说明的事项：无。"}};
    auto lo = annual_document(legacy);
    CHECK(lo.missing_sections.empty());
    std::vector<std::string> lh;
    for (const auto& b : lo.document.blocks)
      if (b.kind == BlockKind::heading && b.level == 1) lh.push_back(b.text);
    CHECK(lh == std::vector<std::string>{"一、概述", "二、主动公开政府信息的情况", "三、政府信息依申请公开办理情况",
                                         "四、因政府信息公开申请行政复议、提起行政诉讼的情况", "五、存在的主要问题及改进措施",
                                         "六、需要说明的事项与附表"});
    CHECK(lo.document.blocks.back().kind == BlockKind::signature);  // no date given
    CHECK(document_plain_text(lo.document).find("附表：连江县人民政府2018年政府信息公开情况统计表") != std::string::npos);
  }

  TEST_CASE("figure keys: the legacy ones and section 二's, nothing else") {
    CHECK_NOTHROW(check_figure_key("proactive.total"));
    CHECK_NOTHROW(check_figure_key("proactive.rules.in-force"));
    CHECK_NOTHROW(check_figure_key("proactive.fees-yuan"));
    CHECK_THROWS_WITH_AS(check_figure_key("proactive.fees"), doctest::Contains("unknown figure key 'proactive.fees'"),
                         UsageError);
  }
}
