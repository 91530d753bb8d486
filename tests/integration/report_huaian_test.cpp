// Huai'an municipal government 2024 (shared/fixtures/huaian-2024): case histories generated to
// produce the published national-template tables — 3119 new, 34 carried in from 2023, 3050
// closings by outcome and applicant type, 103 carried out, 351 reconsiderations and 46 lawsuits
// filed in 2024 with their results as of 2024-12-31 — plus cases the report must leave out
// (other years, another agency, appeals filed in other years). Created in-process through the
// library; the report is then read through the real executable, cell by cell.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <random>

#include "case_builder.h"
#include "app/reports.h"
#include "harness.h"
#include "report_support.h"

using namespace gongkai;
using namespace gongkai::test;

namespace {

const std::vector<std::string> kColumns = {"person", "business", "research", "nonprofit", "legal", "other-org"};

// The published row and column keys → gongkai's.
std::string row_code(const std::string& published) {
  static const std::map<std::string, std::string> m = {
      {"本年新收", "new"},
      {"上年结转", "carried-in"},
      {"予以公开", "disclosed"},
      {"部分公开", "partially-disclosed"},
      {"不予公开-1", "withheld/state-secret"},
      {"不予公开-2", "withheld/prohibited-by-law"},
      {"不予公开-3", "withheld/security-stability"},
      {"不予公开-4", "withheld/third-party-rights"},
      {"不予公开-5", "withheld/internal-affairs"},
      {"不予公开-6", "withheld/process-information"},
      {"不予公开-7", "withheld/enforcement-file"},
      {"不予公开-8", "withheld/administrative-inquiry"},
      {"无法提供-1", "unavailable/not-held"},
      {"无法提供-2", "unavailable/needs-creation"},
      {"无法提供-3", "unavailable/still-unclear"},
      {"不予处理-1", "not-processed/petition-complaint"},
      {"不予处理-2", "not-processed/duplicate"},
      {"不予处理-3", "not-processed/publication"},
      {"不予处理-4", "not-processed/vexatious"},
      {"不予处理-5", "not-processed/confirmation"},
      {"其他处理-1", "other/no-correction"},
      {"其他处理-2", "other/fee-unpaid"},
      {"其他处理-3", "other/other"},
      {"总计", "total"},
      {"结转下年度", "carried-out"},
      {"行政复议", "reconsideration"},
      {"行政诉讼-未经复议直接起诉", "litigation-direct"},
      {"行政诉讼-复议后起诉", "litigation-after-reconsideration"},
  };
  auto it = m.find(published);
  REQUIRE_MESSAGE(it != m.end(), "unmapped published row " << published);
  return it->second;
}
const std::vector<std::string> kAppealColumns = {"upheld", "corrected", "other", "pending", "total"};

// A case to be created: its facts and its events after the receipt.
struct Plan {
  workflows::CaseFacts facts;
  std::vector<Step> steps;
  std::optional<Date> closed;
  std::string outcome;  // "withdrawn" for a withdrawal
  bool appeal_host = false;
};

class Generator {
 public:
  explicit Generator(const WorkingCalendar& cal) : cal_(cal), rng_(20241231) {}

  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  Date day_between(Date from, Date to) {
    Date d = from + between(0, to - from);
    while (!cal_.is_working_day(d) && d < to) d = d + 1;
    return d;
  }
  std::mt19937& rng() { return rng_; }

  Plan receipt(const std::string& agency, const std::string& type, Date received) {
    Plan p;
    p.facts.agency = agency;
    p.facts.received_on = received;
    p.facts.regime = received < Date::from_ymd(2019, 5, 15) ? 2008 : 2019;
    static const char* channels[] = {"online", "online", "online", "post", "in-person", "email"};
    p.facts.channel = channels[between(0, 5)];
    p.facts.applicant_type = type;
    p.facts.applicant = "申请人" + std::to_string(++serial_);
    return p;
  }

  // The events that close `p` with `outcome` on `close` (≥ receipt + 6 days).
  void close(Plan& p, const std::string& outcome, Date close) {
    const Date r = p.facts.received_on;
    auto answered = [&](Date on) { p.steps.push_back({"answered", on, {{"outcome", outcome}}}); };
    if (outcome == "other/no-correction") {
      p.steps.push_back({"correction-requested", r + 1});
      answered(close);
    } else if (outcome == "other/fee-unpaid") {
      p.steps.push_back({"reviewed", r + 1});
      p.steps.push_back({"fee-requested", r + 2, {{"amount", "20"}}});
      answered(close);
    } else if (outcome == "withdrawn") {
      p.steps.push_back({"reviewed", r + 1});
      p.steps.push_back({"withdrawn", close});
    } else if (outcome == "partially-disclosed" && between(0, 2) == 0) {
      p.steps.push_back({"reviewed", r + 1});
      p.steps.push_back({"third-party-consulted", r + 2});
      p.steps.push_back({"third-party-replied", r + 5});
      answered(close);
    } else {
      p.steps.push_back({"reviewed", r + 1});
      answered(close);
    }
    p.closed = close;
    p.outcome = outcome;
  }

 private:
  const WorkingCalendar& cal_;
  std::mt19937 rng_;
  int serial_ = 0;
};

Date ymd(int y, int m, int d) { return Date::from_ymd(y, m, d); }

// Appends an appeal's filing and, unless pending, its decision; "pending" sometimes gets a
// decision after the year (still pending on 2024-12-31).
Date add_appeal(Generator& g, Plan& p, const std::string& kind, Date filed, const std::string& result, Date year_end) {
  p.steps.push_back({kind + "-filed", filed});
  p.appeal_host = true;
  if (result != "pending") {
    Date decided = std::min(filed + g.between(5, 25), year_end);
    p.steps.push_back({kind + "-decided", decided, {{"result", result}}});
    return decided;
  }
  if (g.between(0, 1) == 0) {
    static const char* results[] = {"upheld", "corrected", "other"};
    p.steps.push_back({kind + "-decided", std::max(year_end, filed) + g.between(10, 80), {{"result", results[g.between(0, 2)]}}});
  }
  return year_end + 365;
}

std::vector<std::string> results_list(const nlohmann::json& values) {
  std::vector<std::string> out;
  for (size_t i = 0; i < 4; ++i)
    for (int n = 0; n < values[i].get<int>(); ++n) out.push_back(kAppealColumns[i]);
  return out;
}

}  // namespace

TEST_SUITE("reports-huaian") {
  TEST_CASE("Huai'an 2024: generated histories give every published cell of sections 三 and 四") {
    const auto published = fixture("huaian-2024/published-tables.json");
    REQUIRE(published["format"] == "2021");
    TestDb db;
    db.ok({"agency", "add", "hx", "--name", "淮安市人民政府", "--kind", "government"});
    db.ok({"agency", "add", "hx-fgw", "--name", "淮安市发展和改革委员会", "--kind", "department", "--parent", "hx"});
    db.ok({"agency", "add", "hx-qp", "--name", "清江浦区人民政府", "--kind", "township", "--parent", "hx"});
    db.ok({"agency", "add", "sq", "--name", "宿迁市人民政府", "--kind", "government"});

    // The published figures, by gongkai key.
    std::map<std::string, std::vector<int>> cell;  // row → 7 values (6 columns + total)
    for (const auto& row : published["section3"]["rows"])
      cell[row_code(row["key"])] = row["values"].get<std::vector<int>>();
    std::map<std::string, nlohmann::json> appeals;
    for (const auto& row : published["section4"]["rows"]) appeals[row_code(row["key"])] = row["values"];

    CaseBuilder builder(db);
    const WorkingCalendar& calendar = builder.calendar();
    Generator g(calendar);
    const Date y0 = ymd(2024, 1, 1), y1 = ymd(2024, 12, 31);
    auto agency = [&] {
      int n = g.between(0, 19);
      return n < 12 ? "hx" : n < 17 ? "hx-fgw" : "hx-qp";
    };

    std::vector<Plan> old_cases, closed_2024, open_2024, overdue_2024, noise_2023, other_noise;
    for (size_t c = 0; c < kColumns.size(); ++c) {
      const std::string& type = kColumns[c];
      // Every closing of 2024 in this column, by outcome; a third of 其他处理-3 are withdrawals.
      std::vector<std::string> closings;
      for (const auto& [code, values] : cell) {
        if (code == "new" || code == "carried-in" || code == "total" || code == "carried-out") continue;
        for (int n = 0; n < values[c]; ++n)
          closings.push_back(code == "other/other" && n % 3 == 0 ? "withdrawn" : code);
      }
      std::shuffle(closings.begin(), closings.end(), g.rng());
      const int carried_in = cell["carried-in"][c], carried_out = cell["carried-out"][c];
      const int old_still_open = std::min({carried_in, carried_out, 4});
      const int old_closed = carried_in - old_still_open;
      const int new_open = carried_out - old_still_open;
      REQUIRE(old_closed + cell["new"][c] - new_open == static_cast<int>(closings.size()));
      size_t next = 0;
      // Received in December 2023, still open at its end: most closed early in 2024.
      for (int i = 0; i < old_closed; ++i) {
        Plan p = g.receipt(agency(), type, g.day_between(ymd(2023, 12, 1), ymd(2023, 12, 22)));
        g.close(p, closings[next++], g.day_between(ymd(2024, 1, 2), ymd(2024, 2, 28)));
        old_cases.push_back(std::move(p));
      }
      for (int i = 0; i < old_still_open; ++i) {
        Plan p = g.receipt(agency(), type, g.day_between(ymd(2023, 12, 1), ymd(2023, 12, 22)));
        if (i == 0) p.steps.push_back({"correction-requested", p.facts.received_on + 2});  // never corrected
        else if (i == 1) g.close(p, "disclosed", ymd(2025, 1, 15));
        else p.steps.push_back({"reviewed", p.facts.received_on + 1});
        old_cases.push_back(std::move(p));
      }
      // Received and closed in 2024.
      while (next < closings.size()) {
        Plan p = g.receipt(agency(), type, g.day_between(y0 + 1, ymd(2024, 11, 25)));
        Date close = std::min(p.facts.received_on + g.between(6, 30), y1);
        g.close(p, closings[next++], close);
        closed_2024.push_back(std::move(p));
      }
      // Received in 2024, open at its end: three long overdue (they will be appealed), the rest
      // from December, some closed in January 2025.
      for (int i = 0; i < new_open; ++i) {
        if (type == "person" && i < 3) {
          Plan p = g.receipt(agency(), type, g.day_between(ymd(2024, 6, 3), ymd(2024, 6, 7)));
          p.steps.push_back({"reviewed", p.facts.received_on + 1});
          overdue_2024.push_back(std::move(p));
          continue;
        }
        Plan p = g.receipt(agency(), type, g.day_between(ymd(2024, 12, 2), y1));
        if (i % 4 == 0) g.close(p, "disclosed", ymd(2025, 1, 20));
        else if (i % 4 == 1) p.steps.push_back({"correction-requested", p.facts.received_on});
        open_2024.push_back(std::move(p));
      }
    }
    // Cases the 2024 report leaves out: received and closed in 2023, received in 2025, another city.
    for (int i = 0; i < 40; ++i) {
      Plan p = g.receipt(agency(), "person", g.day_between(ymd(2023, 3, 1), ymd(2023, 9, 29)));
      g.close(p, i % 5 == 0 ? "unavailable/not-held" : "disclosed", p.facts.received_on + g.between(6, 20));
      noise_2023.push_back(std::move(p));
    }
    for (int i = 0; i < 6; ++i) {
      Plan p = g.receipt(agency(), "business", g.day_between(ymd(2025, 1, 6), ymd(2025, 3, 28)));
      other_noise.push_back(std::move(p));
    }
    for (int i = 0; i < 25; ++i) {
      Plan p = g.receipt("sq", kColumns[i % 6], g.day_between(y0 + 1, ymd(2024, 10, 31)));
      g.close(p, "disclosed", p.facts.received_on + 10);
      if (i < 5) add_appeal(g, p, "reconsideration", *p.closed + 3, "upheld", y1);
      other_noise.push_back(std::move(p));
    }

    // Section 四. Hosts are closed cases (or overdue ones); a lawsuit straight to court is never on a
    // withheld answer (since 2024 that must go to reconsideration first).
    std::vector<Plan*> recon_hosts, direct_hosts;
    for (auto& p : closed_2024) {
      if (!p.closed || *p.closed > ymd(2024, 10, 31)) continue;
      (p.outcome.rfind("withheld/", 0) == 0 || recon_hosts.size() < direct_hosts.size() * 8 ? recon_hosts : direct_hosts)
          .push_back(&p);
    }
    std::shuffle(recon_hosts.begin(), recon_hosts.end(), g.rng());
    std::shuffle(direct_hosts.begin(), direct_hosts.end(), g.rng());
    // 2023 appeals: reconsiderations filed and decided in 2023 (not counted), five of them taken to
    // court in 2024 (counted as after reconsideration); eight more 2023 cases reconsidered in 2024.
    std::vector<std::pair<Plan*, Date>> decided_reconsiderations;  // candidates for a later lawsuit
    for (int i = 0; i < 10; ++i) {
      Plan& p = noise_2023[i];
      Date decided = add_appeal(g, p, "reconsideration", *p.closed + 5, "upheld", ymd(2023, 12, 31));
      if (i < 5) decided_reconsiderations.push_back({&p, decided});
    }
    auto recon_results = results_list(appeals["reconsideration"]);
    std::shuffle(recon_results.begin(), recon_results.end(), g.rng());
    size_t next_result = 0;
    for (int i = 10; i < 18; ++i)
      add_appeal(g, noise_2023[i], "reconsideration", g.day_between(ymd(2024, 1, 8), ymd(2024, 1, 31)),
                 recon_results[next_result++], y1);
    for (auto& p : overdue_2024)
      add_appeal(g, p, "reconsideration", g.day_between(ymd(2024, 12, 16), ymd(2024, 12, 20)),
                 recon_results[next_result++], y1);
    size_t next_host = 0;
    while (next_result < recon_results.size()) {
      REQUIRE(next_host < recon_hosts.size());
      Plan& p = *recon_hosts[next_host++];
      Date decided = add_appeal(g, p, "reconsideration", *p.closed + g.between(1, 30), recon_results[next_result++], y1);
      if (decided <= ymd(2024, 12, 1) && decided_reconsiderations.size() < 40) decided_reconsiderations.push_back({&p, decided});
    }
    auto after_results = results_list(appeals["litigation-after-reconsideration"]);
    REQUIRE(after_results.size() <= decided_reconsiderations.size());
    // The 2023 ones first, so that lawsuits after a 2023 reconsideration are among them.
    for (size_t i = 0; i < after_results.size(); ++i) {
      auto [p, decided] = decided_reconsiderations[i];
      Date filed = std::max(decided + g.between(1, 20), y0 + 1);
      add_appeal(g, *p, "litigation", std::min(filed, ymd(2024, 12, 20)), after_results[i], y1);
    }
    auto direct_results = results_list(appeals["litigation-direct"]);
    REQUIRE(direct_results.size() + 5 <= direct_hosts.size());
    for (size_t i = 0; i < direct_results.size(); ++i) {
      Plan& p = *direct_hosts[i];
      add_appeal(g, p, "litigation", *p.closed + g.between(1, 30), direct_results[i], y1);
    }
    // Appeals filed in 2025 on 2024 cases: not counted in 2024.
    for (size_t i = direct_results.size(); i < direct_results.size() + 3; ++i)
      add_appeal(g, *direct_hosts[i], "reconsideration", ymd(2025, 1, 15), "pending", y1);
    for (size_t i = direct_results.size() + 3; i < direct_results.size() + 5; ++i)
      add_appeal(g, *direct_hosts[i], "litigation", ymd(2025, 2, 10), "pending", y1);
    // Complaints change nothing in the national tables.
    for (size_t i = 0; i < 30; ++i) {
      Plan& p = closed_2024[i * 50];
      p.steps.push_back({"complaint-filed", p.steps.back().on + 1});
    }

    auto started = std::chrono::steady_clock::now();
    size_t cases = 0;
    for (auto* list : {&noise_2023, &old_cases, &closed_2024, &open_2024, &overdue_2024, &other_noise})
      for (auto& p : *list) {
        builder.create(p.facts, p.steps);
        ++cases;
      }
    auto ms = [](auto since) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
    };
    MESSAGE("created " << cases << " cases with " << builder.events_written() << " events in " << ms(started) << " ms");

    // The report, through the real executable.
    started = std::chrono::steady_clock::now();
    auto r = db.run({"report", "--year", "2024", "--agency", "hx", "--template", "national", "--json"});
    const auto cli_ms = ms(started);
    REQUIRE(r.code == 0);
    auto j = r.json();
    CHECK(j["template"] == "national-2021");
    CHECK(j["year"] == 2024);
    CHECK(j["agency"] == "hx");
    CHECK(j["agency_name"] == "淮安市人民政府");
    CHECK(j["applications"]["columns"] ==
          nlohmann::json({"person", "business", "research", "nonprofit", "legal", "other-org", "total"}));
    const auto& rows = j["applications"]["rows"];
    CHECK(rows.size() == cell.size());
    for (const auto& [code, values] : cell) {
      REQUIRE_MESSAGE(rows.contains(code), code);
      for (size_t c = 0; c < 7; ++c) {
        const std::string col = c < 6 ? kColumns[c] : "total";
        INFO("row " << code << ", column " << col);
        CHECK(rows[code][col] == values[c]);
      }
    }
    for (const auto& [kind, values] : appeals)
      for (size_t c = 0; c < kAppealColumns.size(); ++c) {
        INFO(kind << " " << kAppealColumns[c]);
        CHECK(j["appeals"][kind][kAppealColumns[c]] == values[c]);
      }
    CHECK(j["warnings"].empty());
    CHECK(j["notes"].empty());
    CHECK(r.err.empty());

    // The year before: what it carried out is what 2024 carried in.
    auto before = db.run({"report", "--year", "2023", "--agency", "hx", "--json"}).json();
    CHECK(before["template"] == "national-2021");
    CHECK(before["applications"]["rows"]["carried-out"] == rows["carried-in"]);
    CHECK(before["appeals"]["reconsideration"]["total"] == 10);
    CHECK(before["warnings"].empty());

    // All agencies: Huai'an plus the other city's 2024 cases.
    auto all = db.run({"report", "--year", "2024", "--json"}).json();
    long long other_city_2024 = 0;
    for (const auto& p : other_noise) other_city_2024 += p.facts.agency == "sq" && p.facts.received_on <= y1;
    CHECK(all["applications"]["rows"]["new"]["total"] == cell["new"][6] + other_city_2024);
    CHECK(all["appeals"]["reconsideration"]["total"] == appeals["reconsideration"][4].get<int>() + 5);

    // A department's subtree: only its own cases.
    long long fgw_new = 0;
    for (auto* list : {&closed_2024, &open_2024, &overdue_2024})
      for (const auto& p : *list) fgw_new += p.facts.agency == "hx-fgw";
    auto fgw = db.run({"report", "--year", "2024", "--agency", "hx-fgw", "--json"}).json();
    CHECK(fgw["applications"]["rows"]["new"]["total"] == fgw_new);
    CHECK(fgw["warnings"].empty());

    // How long the counting takes, in-process (the statements alone) and through the executable.
    started = std::chrono::steady_clock::now();
    for (int i = 0; i < 10; ++i) app::make_report(builder.context(), {2024, "hx", "national"});
    const auto national_ms = ms(started);
    started = std::chrono::steady_clock::now();
    for (int i = 0; i < 10; ++i) app::make_report(builder.context(), {2024, "hx", "legacy"});
    const auto legacy_ms = ms(started);
    MESSAGE("report on " << cases << " cases: gongkai report --json " << cli_ms << " ms; in-process national "
                         << national_ms / 10.0 << " ms, legacy " << legacy_ms / 10.0 << " ms per run");
    auto legacy = db.run({"report", "--year", "2024", "--agency", "hx", "--template", "legacy", "--json"}).json();
    CHECK(legacy["rows"]["requests.total"]["year"] == cell["new"][6]);
    CHECK(legacy["rows"]["answers.total"]["year"] == cell["total"][6]);
    CHECK(legacy["rows"]["reconsiderations"]["year"] == appeals["reconsideration"][4]);
    CHECK(legacy["rows"]["litigations"]["year"] ==
          appeals["litigation-direct"][4].get<int>() + appeals["litigation-after-reconsideration"][4].get<int>());
    CHECK(legacy["rows"]["complaints"]["year"] == 30);
  }
}
