#include "db/report_store.h"

#include "db/pg_session.h"

namespace gongkai::db {
namespace {

// Every statement of a report in one snapshot (db::Snapshot), so that its tables agree with each
// other even while clerks keep recording events.

const char* agency_param(const std::string& agency) { return agency.empty() ? nullptr : agency.c_str(); }

std::vector<report::ApplicationGroup> applications(Snapshot& tx, const std::string& agency, int year) {
  std::vector<report::ApplicationGroup> out;
  for (const auto& row : tx->exec_prepared("report_applications.sql", agency_param(agency), year)) {
    report::ApplicationGroup g;
    g.applicant_type = row["applicant_type"].c_str();
    g.closed_kind = row["closed_kind"].c_str();
    g.outcome = row["outcome"].c_str();
    g.received_in_year = row["received_in_year"].as<long long>();
    g.carried_in = row["carried_in"].as<long long>();
    g.closed_in_year = row["closed_in_year"].as<long long>();
    g.carried_out = row["carried_out"].as<long long>();
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace

report::NationalInput count_national(Session& s, const std::string& agency, int year) {
  auto& impl = s.impl();
  impl.prepare("report_applications.sql");
  impl.prepare("report_appeals.sql");
  Snapshot tx(impl);
  report::NationalInput in;
  in.year = year;
  in.agency = agency;
  in.applications = applications(tx, agency, year);
  in.previous_year = applications(tx, agency, year - 1);
  for (const auto& row : tx->exec_prepared("report_appeals.sql", agency_param(agency), year))
    in.appeals.push_back({row["kind"].c_str(), row["result"].c_str(), row["filed"].as<long long>()});
  tx.commit();
  return in;
}

report::LegacyInput count_legacy(Session& s, const std::string& agency, int year) {
  auto& impl = s.impl();
  impl.prepare("report_legacy_cases.sql");
  impl.prepare("report_legacy_extras.sql");
  Snapshot tx(impl);
  report::LegacyInput in;
  in.year = year;
  in.agency = agency;
  for (const auto& row : tx->exec_prepared("report_legacy_cases.sql", agency_param(agency), year)) {
    report::LegacyCaseGroup g;
    g.channel = row["channel"].c_str();
    g.agency_kind = row["agency_kind"].c_str();
    g.closed_kind = row["closed_kind"].c_str();
    g.outcome = row["outcome"].c_str();
    g.received_year = row["received_year"].as<long long>();
    g.received_cumulative = row["received_cumulative"].as<long long>();
    g.closed_year = row["closed_year"].as<long long>();
    g.closed_cumulative = row["closed_cumulative"].as<long long>();
    g.reconsiderations_year = row["reconsiderations_year"].as<long long>();
    g.reconsiderations_cumulative = row["reconsiderations_cumulative"].as<long long>();
    g.litigations_year = row["litigations_year"].as<long long>();
    g.litigations_cumulative = row["litigations_cumulative"].as<long long>();
    in.cases.push_back(std::move(g));
  }
  for (const auto& row : tx->exec_prepared("report_legacy_extras.sql", agency_param(agency), year)) {
    std::string source = row["source"].c_str(), key = row["key"].c_str();
    long long y = row["year_value"].as<long long>(), cum = row["cumulative_value"].as<long long>();
    if (source == "complaints") {
      in.complaints_year = y;
      in.complaints_cumulative = cum;
    } else if (source == "figure") {
      in.figures_year[key] += y;
      in.figures_cumulative[key] += cum;
    } else if (source == "baseline") {
      in.baseline[key] += cum;
    } else if (source == "baseline-used") {
      in.baselines_used.push_back({key, static_cast<int>(y)});
    }
  }
  tx.commit();
  return in;
}

}  // namespace gongkai::db
