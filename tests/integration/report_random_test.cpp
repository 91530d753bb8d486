// The year-end tables over random multi-year histories (fixed seed): every cell against an
// independent count made here from the generated histories, the arithmetic of the template
// (new + carried-in = total + carried-out per column), carry-over continuity from year to year,
// and no warning when everything comes from cases.
#include <doctest/doctest.h>

#include <random>
#include <set>

#include "case_builder.h"
#include "harness.h"

using namespace gongkai;
using namespace gongkai::test;

namespace {

const std::vector<std::string> kTypes = {"person", "business", "research", "nonprofit", "legal", "other-org"};
const std::vector<std::string> kChannels = {"in-person", "online", "post", "fax", "email"};

// What a generated case is, as the oracle needs it.
struct Truth {
  std::string agency, type, channel;
  Date received;
  std::optional<Date> closed;
  std::string closed_kind, outcome;
  std::optional<Date> recon_filed, recon_decided, lit_filed, lit_decided;
  std::string recon_result, lit_result;
  bool lit_direct = false;
  std::vector<Date> complaints;
};

// The oracle's own reading of domain.md §4, independent of workflows/outcome.cpp.
std::string national_row(int year, const Truth& t) {
  std::string row = t.outcome;
  if (t.closed_kind == "withdrawn" || row == "not-government-information") row = "other/other";
  if (row == "already-public") row = "disclosed";
  if (row == "not-this-agency") row = "unavailable/not-held";
  if (year <= 2020 && row.rfind("other/", 0) == 0) row = "other";
  return row;
}
std::string legacy_answer_row(const Truth& t) {
  if (t.outcome == "disclosed") return "answers.granted";
  if (t.outcome == "partially-disclosed") return "answers.partial";
  if (t.outcome.rfind("withheld/", 0) == 0) return "answers.refused";
  return "answers.other";
}
std::string category(const Truth& t) {
  if (t.closed_kind != "answered") return "";
  const std::string& o = t.outcome;
  if (o == "already-public" || o == "disclosed" || o == "partially-disclosed" || o == "not-this-agency" ||
      o == "not-government-information")
    return o;
  if (o.rfind("withheld/", 0) == 0) return "withheld";
  if (o == "unavailable/not-held" || o == "unavailable/needs-creation") return "not-held";
  if (o == "not-processed/petition-complaint") return "not-government-information";
  return "";
}
std::string legacy_channel_row(const std::string& channel) {
  if (channel == "in-person") return "requests.in-person";
  if (channel == "online" || channel == "email") return "requests.online";
  return "requests.letter-fax";
}

class History {
 public:
  explicit History(unsigned seed) : rng_(seed) {}
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(int percent) { return between(0, 99) < percent; }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[between(0, static_cast<int>(v.size()) - 1)]; }

  // A random valid history: the plan's steps and what they mean.
  std::pair<std::vector<Step>, Truth> make(const std::string& agency) {
    Truth t;
    t.agency = agency;
    t.type = pick(kTypes);
    t.channel = pick(kChannels);
    t.received = Date::from_ymd(2019, 1, 2) + between(0, 1821);  // to 2023-12-29
    const bool old_rules = t.received < Date::from_ymd(2019, 5, 15);
    std::vector<Step> steps;
    Date at = t.received;
    auto step = [&](const std::string& kind, int min_days, int max_days, nlohmann::json d = nlohmann::json::object()) {
      at = at + between(min_days, max_days);
      steps.push_back({kind, at, d});
    };
    auto answer = [&](const std::string& outcome, int min_days, int max_days) {
      step("answered", min_days, max_days, {{"outcome", outcome}});
      t.closed = at;
      t.closed_kind = "answered";
      t.outcome = outcome;
    };
    auto ordinary_outcome = [&] {
      static const std::vector<std::string> national = {
          "disclosed", "disclosed", "disclosed", "partially-disclosed", "withheld/state-secret",
          "withheld/third-party-rights", "withheld/process-information", "withheld/administrative-inquiry",
          "unavailable/not-held", "unavailable/needs-creation", "unavailable/still-unclear",
          "not-processed/petition-complaint", "not-processed/duplicate", "not-processed/confirmation", "other/other"};
      static const std::vector<std::string> old_only = {"already-public", "not-this-agency", "not-government-information"};
      return old_rules && chance(30) ? pick(old_only) : pick(national);
    };
    int path = between(0, 99);
    if (path < 8) {  // still open
      if (chance(50)) step("reviewed", 0, 3);
    } else if (path < 14) {  // a correction notice
      step("correction-requested", 1, 5);
      int branch = between(0, 2);
      if (branch == 0) answer("other/no-correction", 10, 40);
      else if (branch == 1) {
        step("correction-received", 3, 20);
        step("reviewed", 0, 3);
        answer(ordinary_outcome(), 3, 40);
      }
    } else if (path < 19) {  // withdrawn
      if (chance(50)) step("reviewed", 0, 3);
      step("withdrawn", 1, 30);
      t.closed = at;
      t.closed_kind = "withdrawn";
    } else if (path < 23) {  // a fee notice
      step("reviewed", 0, 3);
      step("fee-requested", 1, 5, {{"amount", "30"}});
      if (chance(50)) {
        step("fee-paid", 2, 15);
        answer(ordinary_outcome(), 2, 20);
      } else {
        answer("other/fee-unpaid", 20, 40);
      }
    } else {
      step("reviewed", 0, 3);
      if (chance(10)) {
        step("third-party-consulted", 1, 5);
        step("third-party-replied", 2, 14);
      }
      answer(ordinary_outcome(), 1, 60);
    }
    // Appeals, often crossing a year end.
    static const std::vector<std::string> results = {"upheld", "corrected", "other"};
    if (t.closed && chance(30)) {
      step("reconsideration-filed", 1, 120);
      t.recon_filed = at;
      if (chance(70)) {
        t.recon_result = pick(results);
        step("reconsideration-decided", 10, 150, {{"result", t.recon_result}});
        t.recon_decided = at;
        if (chance(35)) {
          step("litigation-filed", 1, 60);
          t.lit_filed = at;
        }
      }
    } else if (t.closed && chance(12)) {
      Date filed = at + between(1, 120);
      if (!(t.outcome.rfind("withheld/", 0) == 0 && filed >= Date::from_ymd(2024, 1, 1))) {
        steps.push_back({"litigation-filed", filed});
        at = filed;
        t.lit_filed = at;
        t.lit_direct = true;
      }
    }
    if (t.lit_filed && chance(60)) {
      t.lit_result = pick(results);
      step("litigation-decided", 10, 200, {{"result", t.lit_result}});
      t.lit_decided = at;
    }
    if (chance(7)) {
      step("complaint-filed", 0, 30);
      t.complaints.push_back(at);
    }
    return {steps, t};
  }

 private:
  std::mt19937 rng_;
};

bool in_year(const std::optional<Date>& d, int y) { return d && d->year() == y; }

// obj[key][sub] += 1, creating what is missing.
void bump(nlohmann::json& obj, const std::string& key, const std::string& sub) {
  auto& inner = obj[key];
  if (!inner.is_object()) inner = nlohmann::json::object();
  inner[sub] = inner.value(sub, 0) + 1;
}
void bump(nlohmann::json& obj, const std::string& key) { obj[key] = obj.value(key, 0) + 1; }

nlohmann::json expected_national(int y, const std::vector<Truth>& cases) {
  nlohmann::json rows = nlohmann::json::object();
  auto add = [&](const std::string& row, const std::string& type) {
    bump(rows, row, type);
    bump(rows, row, "total");
  };
  const Date first = Date::from_ymd(y, 1, 1), last = Date::from_ymd(y, 12, 31);
  nlohmann::json appeals = nlohmann::json::object();
  for (const auto& t : cases) {
    if (t.received.year() == y) add("new", t.type);
    if (t.received < first && !(t.closed && *t.closed < first)) add("carried-in", t.type);
    if (in_year(t.closed, y)) {
      add(national_row(y, t), t.type);
      add("total", t.type);
    }
    if (t.received <= last && !(t.closed && *t.closed <= last)) add("carried-out", t.type);
    auto appeal = [&](const char* kind, const std::optional<Date>& decided, const std::string& result) {
      std::string r = decided && *decided <= last ? result : "pending";
      bump(appeals, kind, r);
      bump(appeals, kind, "total");
    };
    if (in_year(t.recon_filed, y)) appeal("reconsideration", t.recon_decided, t.recon_result);
    if (in_year(t.lit_filed, y))
      appeal(t.lit_direct ? "litigation-direct" : "litigation-after-reconsideration", t.lit_decided, t.lit_result);
  }
  return {{"rows", rows}, {"appeals", appeals}};
}

// The baselines the test sets (agency → the years before which its own history is in a baseline),
// nested on purpose: r's own cases start from 2020, r-t's from 2019 or 2022, r-t-d's (under r-t)
// from its first. Each baseline is `complaints=7`.
const std::map<std::string, std::vector<int>> kBaselines = {{"r", {2020}}, {"r-t", {2019, 2022}}};
constexpr int kBaselineComplaints = 7;

// The year an agency's own cases count from in the cumulative column of year y (0 = all years).
int counted_from(const std::string& agency, int y) {
  int from = 0;
  if (auto it = kBaselines.find(agency); it != kBaselines.end())
    for (int before : it->second)
      if (before <= y + 1) from = std::max(from, before);
  return from;
}

nlohmann::json expected_legacy(int y, const std::vector<Truth>& cases, const std::set<std::string>& members,
                               const std::map<std::string, std::string>& kinds) {
  nlohmann::json rows = nlohmann::json::object(), categories = nlohmann::json::object(),
                 by_kind = nlohmann::json::object();
  int from = 0;
  auto add = [&](const std::string& row, const std::optional<Date>& d) {
    if (!d || d->year() > y) return;
    if (d->year() == y) bump(rows, row, "year");
    if (d->year() >= from) bump(rows, row, "cumulative");
  };
  for (const auto& agency : members)
    if (counted_from(agency, y) > 0)
      for (int i = 0; i < kBaselineComplaints; ++i) bump(rows, "complaints", "cumulative");
  for (const auto& t : cases) {
    from = counted_from(t.agency, y);
    add("requests.total", t.received);
    add(legacy_channel_row(t.channel), t.received);
    add("answers.total", t.closed);
    if (t.closed) add(legacy_answer_row(t), t.closed);
    add("reconsiderations", t.recon_filed);
    add("litigations", t.lit_filed);
    for (const auto& c : t.complaints) add("complaints", c);
    if (t.received.year() == y) bump(by_kind, kinds.at(t.agency));
    if (in_year(t.closed, y) && !category(t).empty()) bump(categories, category(t));
  }
  return {{"rows", rows}, {"categories", categories}, {"by-kind", by_kind}};
}

// `actual` (an object of counts, zeros included) equals `expected` (counts, zeros left out).
void check_counts(const nlohmann::json& actual, const nlohmann::json& expected, const std::string& what) {
  for (const auto& [key, value] : actual.items()) {
    INFO(what << " " << key);
    CHECK(value == expected.value(key, 0));
  }
  for (const auto& [key, value] : expected.items()) {
    INFO(what << " " << key << " is missing from the report");
    CHECK(actual.contains(key));
  }
}

}  // namespace

TEST_SUITE("reports-random") {
  TEST_CASE("random histories 2019–2023 with appeals across year ends: every cell, the invariants, continuity") {
    TestDb db;
    const std::map<std::string, std::string> kinds = {
        {"r", "government"}, {"r-t", "township"}, {"r-d", "department"}, {"r-t-d", "department"}, {"x", "government"}};
    db.ok({"agency", "add", "r", "--name", "甲县人民政府", "--kind", "government"});
    db.ok({"agency", "add", "r-t", "--name", "甲镇人民政府", "--kind", "township", "--parent", "r"});
    db.ok({"agency", "add", "r-d", "--name", "甲县教育局", "--kind", "department", "--parent", "r"});
    db.ok({"agency", "add", "r-t-d", "--name", "甲镇经济发展办公室", "--kind", "department", "--parent", "r-t"});
    db.ok({"agency", "add", "x", "--name", "乙县人民政府", "--kind", "government"});
    const std::vector<std::string> agencies = {"r", "r", "r-t", "r-d", "r-d", "r-t-d", "x"};

    CaseBuilder builder(db);
    History h(4242);
    std::vector<Truth> truth;
    for (int i = 0; i < 600; ++i) {
      auto [steps, t] = h.make(h.pick(agencies));
      workflows::CaseFacts f;
      f.agency = t.agency;
      f.received_on = t.received;
      f.regime = t.received < Date::from_ymd(2019, 5, 15) ? 2008 : 2019;
      f.channel = t.channel;
      f.applicant_type = t.type;
      f.applicant = "申请人" + std::to_string(i);
      builder.create(f, steps);
      truth.push_back(t);
    }
    for (const auto& [agency, years] : kBaselines)
      for (int before : years)
        db.ok({"figures", "baseline", "--agency", agency, "--before", std::to_string(before),
               "complaints=" + std::to_string(kBaselineComplaints)});
    int crossing = 0;  // appeals decided in a later year than filed: what makes "pending as of Y-12-31" matter
    for (const auto& t : truth)
      crossing += (t.recon_decided && t.recon_decided->year() > t.recon_filed->year()) +
                  (t.lit_decided && t.lit_decided->year() > t.lit_filed->year());
    CHECK(crossing > 10);

    const std::map<std::string, std::set<std::string>> scopes = {
        {"", {"r", "r-t", "r-d", "r-t-d", "x"}}, {"r-t", {"r-t", "r-t-d"}}, {"r", {"r", "r-t", "r-d", "r-t-d"}}};
    for (const auto& [scope, members] : scopes) {
      std::vector<Truth> in_scope;
      for (const auto& t : truth)
        if (members.count(t.agency)) in_scope.push_back(t);
      nlohmann::json previous_carried_out;
      for (int y = 2018; y <= 2025; ++y) {
        CAPTURE(scope);
        CAPTURE(y);
        std::vector<std::string> args = {"report", "--year", std::to_string(y), "--json"};
        if (!scope.empty()) args.insert(args.end(), {"--agency", scope});
        auto r = db.run(args);
        REQUIRE(r.code == 0);
        auto j = r.json();
        CHECK(j["template"] == (y <= 2020 ? "national-2019" : "national-2021"));
        CHECK(j["warnings"].empty());
        CHECK(r.err.find("warning") == std::string::npos);
        auto expected = expected_national(y, in_scope);
        const auto& rows = j["applications"]["rows"];
        for (const auto& [key, cells] : rows.items()) check_counts(cells, expected["rows"].value(key, nlohmann::json::object()), key);
        for (const auto& [key, cells] : expected["rows"].items()) CHECK_MESSAGE(rows.contains(key), key);
        for (const auto& [kind, cells] : j["appeals"].items())
          check_counts(cells, expected["appeals"].value(kind, nlohmann::json::object()), kind);
        // The template's arithmetic, read off the report itself.
        for (const auto& col : j["applications"]["columns"]) {
          const std::string c = col;
          CHECK(rows["new"][c].get<int>() + rows["carried-in"][c].get<int>() ==
                rows["total"][c].get<int>() + rows["carried-out"][c].get<int>());
        }
        if (!previous_carried_out.is_null()) CHECK(rows["carried-in"] == previous_carried_out);
        previous_carried_out = rows["carried-out"];
        bool old_codes = false;
        for (const auto& t : in_scope)
          old_codes |= in_year(t.closed, y) && (t.outcome == "already-public" || t.outcome == "not-this-agency" ||
                                                t.outcome == "not-government-information");
        CHECK(j["notes"].empty() == !old_codes);

        args.insert(args.end(), {"--template", "legacy"});
        auto legacy = db.run(args).json();
        auto lexp = expected_legacy(y, in_scope, members, kinds);
        // A baseline holds only complaints here, so from its year on the cumulative column may show
        // more answers than applications (cases received before it, answered after): the
        // invariants warn about that, rightly. Without a baseline they must not.
        bool baseline_applies = false;
        for (const auto& agency : members) baseline_applies |= counted_from(agency, y) > 0;
        if (!baseline_applies) CHECK(legacy["warnings"].empty());
        else
          for (const auto& w : legacy["warnings"]) CHECK(w.get<std::string>().find("历年累计") != std::string::npos);
        for (const auto& [key, cell] : legacy["rows"].items()) {
          INFO("legacy " << key);
          CHECK(cell["year"] == lexp["rows"].value(key, nlohmann::json::object()).value("year", 0));
          CHECK(cell["cumulative"] == lexp["rows"].value(key, nlohmann::json::object()).value("cumulative", 0));
        }
        check_counts(legacy["categories"], lexp["categories"], "category");
        check_counts(legacy["requests.by-kind"], lexp["by-kind"], "by-kind");
      }
    }
    // The counts the reports read were kept case by case as the histories were written; a recount
    // from the cases agrees with them.
    CHECK(db.ok({"verify"}).find("report counts agree with the cases") != std::string::npos);
  }
}
