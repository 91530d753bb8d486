#include "db/supervision_store.h"

#include <unordered_map>

#include "db/pg_session.h"
#include "engine/errors.h"

namespace gongkai::db {
namespace {

void read_scoped(const pqxx::row& row, ScopedCase& c) {
  c.case_no = row["case_no"].c_str();
  c.agency = row["agency"].c_str();
  c.agency_name = row["agency_name"].c_str();
  c.agency_path = row["agency_path"].c_str();
  c.state = row["state"].c_str();
  c.received_on = parse_date(row["received_on"].c_str(), "stored date");
}

Date date_of(const pqxx::field& f) { return parse_date(f.c_str(), "stored date"); }

}  // namespace

std::vector<DueCase> cases_due_before(Session& s, const std::string& agency, Date before, std::optional<int> limit,
                                      int offset) {
  auto& impl = s.impl();
  impl.prepare("overdue.sql");
  impl.prepare("agency_scope.sql");
  Statement tx(impl);
  // The cases first, then their agencies: an agency is never removed or moved, so every agency a
  // case names is there when the scope is read after it.
  auto rows = tx->exec_prepared("overdue.sql", nullable(text_param(agency)), before.str(),
                                nullable(limit ? std::optional<std::string>(std::to_string(*limit)) : std::nullopt),
                                offset);
  struct AgencyText {
    std::string code, name, path;
  };
  std::unordered_map<int, AgencyText> agencies;
  for (const auto& row : tx->exec_prepared("agency_scope.sql", nullable(text_param(agency))))
    agencies[row[0].as<int>()] = {row[1].c_str(), row[2].c_str(), row[3].c_str()};
  std::vector<DueCase> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    DueCase c;
    c.case_no = row[0].c_str();
    const auto& a = agencies.at(row[1].as<int>());
    c.agency = a.code;
    c.agency_name = a.name;
    c.agency_path = a.path;
    c.state = row[2].c_str();
    c.received_on = date_of(row[3]);
    c.due_on = date_of(row[4]);
    c.due_provisional = row[5].as<bool>();
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<CaseOnDay> cases_open_on(Session& s, const std::string& agency, Date day) {
  auto& impl = s.impl();
  impl.prepare("open_on.sql");
  impl.prepare("agency_scope.sql");
  Statement tx(impl);
  auto rows = tx->exec_prepared("open_on.sql", nullable(text_param(agency)), day.str());
  std::unordered_map<int, std::pair<std::string, std::string>> agencies;  // id → name, path
  for (const auto& row : tx->exec_prepared("agency_scope.sql", nullable(text_param(agency))))
    agencies[row[0].as<int>()] = {row[2].c_str(), row[3].c_str()};
  std::vector<CaseOnDay> out;
  for (const auto& row : rows) {
    std::string case_no = row["case_no"].c_str();
    if (out.empty() || out.back().case_no != case_no) {
      CaseOnDay c;
      c.case_no = case_no;
      c.agency = row["agency"].c_str();
      const auto& a = agencies.at(row["agency_id"].as<int>());
      c.agency_name = a.first;
      c.agency_path = a.second;
      c.received_on = date_of(row["received_on"]);
      out.push_back(std::move(c));
    }
    out.back().events.push_back(event_from_row(row));
  }
  return out;
}

std::vector<DueCount> due_counts(Session& s, const std::string& agency, Date as_of, Date before) {
  auto& impl = s.impl();
  impl.prepare("due_counts.sql");
  Statement tx(impl);
  std::vector<DueCount> out;
  for (const auto& row : tx->exec_prepared("due_counts.sql", nullable(text_param(agency)), as_of.str(), before.str()))
    out.push_back({row["agency"].c_str(), row["overdue"].as<int>(), row["soon"].as<int>()});
  return out;
}

std::vector<PausedCase> lapsed_pauses(Session& s, const std::string& agency, const std::string& kind, Date as_of) {
  std::string event;
  if (kind == "third-party") event = "third-party-consulted";
  else if (kind == "fee") event = "fee-requested";
  else throw InternalError("lapsed_pauses: unknown pause kind '" + kind + "'");
  auto& impl = s.impl();
  impl.prepare("overdue_lapsed_pauses.sql");
  Statement tx(impl);
  std::vector<PausedCase> out;
  for (const auto& row :
       tx->exec_prepared("overdue_lapsed_pauses.sql", nullable(text_param(agency)), as_of.str(), kind, event)) {
    PausedCase c;
    read_scoped(row, c);
    c.due_on = opt_date(row["due_on"]);
    c.paused_on = date_of(row["paused_on"]);
    c.lapses_on = date_of(row["pause_lapses_on"]);
    c.amount = opt_text(row["amount"]);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<LateCorrectionCase> late_correction_notices(Session& s, const std::string& agency, Date as_of) {
  auto& impl = s.impl();
  impl.prepare("overdue_late_corrections.sql");
  Statement tx(impl);
  std::vector<LateCorrectionCase> out;
  for (const auto& row : tx->exec_prepared("overdue_late_corrections.sql", nullable(text_param(agency)), as_of.str())) {
    LateCorrectionCase c;
    read_scoped(row, c);
    c.notice_on = date_of(row["notice_on"]);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<TimelinessRow> timeliness(Session& s, const std::string& agency, int year, Date today) {
  auto& impl = s.impl();
  impl.prepare("timeliness.sql");
  Statement tx(impl);
  std::vector<TimelinessRow> out;
  for (const auto& row : tx->exec_prepared("timeliness.sql", nullable(text_param(agency)), year, today.str())) {
    TimelinessRow r;
    r.agency = row["agency"].c_str();
    r.agency_name = row["agency_name"].c_str();
    r.agency_path = row["agency_path"].c_str();
    r.closed = row["closed"].as<int>();
    r.on_time = row["on_time"].as<int>();
    r.withdrawn = row["withdrawn"].as<int>();
    r.open_overdue = row["open_overdue"].as<int>();
    if (!row["earliest_due"].is_null()) r.earliest_due = date_of(row["earliest_due"]);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace gongkai::db
