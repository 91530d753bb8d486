#include "report/federated_sum.h"

#include <fmt/format.h>

#include <set>

#include "engine/errors.h"
#include "report/invariants.h"
#include "report/legacy_template.h"
#include "report/national_template.h"

namespace gongkai::report {
namespace {

// What names the document rather than counts: not added.
const std::set<std::string> kMeta = {"template", "year", "agency", "agency_name", "warnings", "notes", "baselines"};

void add_counts(nlohmann::json& into, const nlohmann::json& from, const std::string& path, const SignedPart& part,
                const std::string& template_name) {
  for (const auto& [key, value] : from.items()) {
    if (path.empty() && kMeta.count(key)) continue;
    if (value.is_array()) continue;  // column lists: the layout, not counts
    const std::string at = path.empty() ? key : path + "/" + key;
    if (!into.contains(key))
      throw RuleViolation(fmt::format("{}: its {} table has a cell {} this installation's does not: upgrade this "
                                      "installation first (docs/federation.md)",
                                      part.source, template_name, at));
    nlohmann::json& target = into[key];
    if (value.is_object() && target.is_object()) {
      add_counts(target, value, at, part, template_name);
    } else if (value.is_number_integer() && target.is_number_integer()) {
      const long long n = value.get<long long>();
      if (n < 0) throw RuleViolation(fmt::format("{}: cell {} is {}, not a count", part.source, at, n));
      target = target.get<long long>() + n;
    } else {
      throw RuleViolation(fmt::format("{}: cell {} is not a count", part.source, at));
    }
  }
}

long long count_at(const nlohmann::json& j, std::initializer_list<std::string> path) {
  const nlohmann::json* at = &j;
  for (const auto& k : path) {
    if (!at->is_object() || !at->contains(k)) return 0;
    at = &(*at)[k];
  }
  return at->is_number_integer() ? at->get<long long>() : 0;
}

}  // namespace

nlohmann::json signed_document(const Report& r) {
  nlohmann::json j = r.json;
  j.erase("warnings");
  j.erase("notes");
  return j;
}

Report sum_reports(const std::string& template_name, int year, const std::vector<SignedPart>& parts) {
  Report r;
  if (template_name == "national") {
    NationalInput in;
    in.year = year;
    r = national_report(in);
  } else {
    LegacyInput in;
    in.year = year;
    r = legacy_report(in);
  }
  nlohmann::json sum = r.json;
  nlohmann::json baselines = nlohmann::json::array();
  for (const auto& part : parts) {
    const auto& d = part.document;
    if (!d.is_object() || d.value("template", "") != sum["template"].get<std::string>())
      throw RuleViolation(fmt::format("{}: its table is not of the template {}", part.source,
                                      sum["template"].get<std::string>()));
    if (!d.contains("year") || d["year"] != year)
      throw RuleViolation(fmt::format("{}: its table is not of the year {}", part.source, year));
    add_counts(sum, d, "", part, template_name);
    if (d.contains("baselines") && d["baselines"].is_array())
      for (auto b : d["baselines"]) {
        b["source"] = part.source;
        baselines.push_back(b);
      }
  }

  // The printed tables from the summed cells, and their rules checked on them.
  if (template_name == "national") {
    Table& apps = r.tables[0];
    for (auto& row : apps.rows)
      for (size_t i = 0; i < row.cells.size(); ++i)
        row.cells[i] = count_at(sum, {"applications", "rows", row.key, apps.columns[i].key});
    Table& appeals = r.tables[1];
    for (auto& row : appeals.rows)
      for (size_t i = 0; i < row.cells.size(); ++i) {
        const std::string& key = appeals.columns[i].key;
        const auto dot = key.rfind('.');
        row.cells[i] = count_at(sum, {"appeals", key.substr(0, dot), key.substr(dot + 1)});
      }
    r.warnings = check_national(apps, appeals, nullptr);
  } else {
    Table& t = r.tables[0];
    for (auto& row : t.rows) {
      if (row.cells.size() < 2) continue;
      row.cells[0] = count_at(sum, {"rows", row.key, "year"});
      row.cells[1] = count_at(sum, {"rows", row.key, "cumulative"});
    }
    sum["baselines"] = baselines;
    r.warnings = check_legacy(t);
  }
  r.notes.clear();
  r.json = sum;
  return r;
}

}  // namespace gongkai::report
