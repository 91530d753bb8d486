#include "db/reminder_store.h"

#include <nlohmann/json.hpp>

#include "db/pg_session.h"

namespace gongkai::db {

std::vector<Responsibility> responsible_for(Session& s, const std::vector<std::string>& case_nos, Date on) {
  std::vector<Responsibility> out;
  if (case_nos.empty()) return out;
  auto& impl = s.impl();
  impl.prepare("remind_responsible.sql");
  Statement tx(impl);
  const nlohmann::json numbers = case_nos;
  for (const auto& row : tx->exec_prepared("remind_responsible.sql", numbers.dump(), on.str())) {
    Responsibility r;
    r.case_no = row["case_no"].c_str();
    r.subject = opt_text(row["subject"]);
    r.letter_ref = opt_text(row["letter_ref"]);
    if (!row["login"].is_null()) r.login = row["login"].c_str();
    r.name = opt_text(row["name"]);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<RemindCase> my_due_cases(Session& s, Date before, Date on) {
  auto& impl = s.impl();
  impl.prepare("remind_mine.sql");
  Statement tx(impl);
  std::vector<RemindCase> out;
  for (const auto& row : tx->exec_prepared("remind_mine.sql", before.str(), on.str())) {
    RemindCase c;
    c.case_no = row["case_no"].c_str();
    c.agency = row["agency"].c_str();
    c.agency_name = row["agency_name"].c_str();
    c.state = row["state"].c_str();
    c.received_on = parse_date(row["received_on"].c_str(), "stored date");
    c.due_on = parse_date(row["due_on"].c_str(), "stored date");
    c.due_provisional = row["due_provisional"].as<bool>();
    c.subject = opt_text(row["subject"]);
    c.letter_ref = opt_text(row["letter_ref"]);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace gongkai::db
