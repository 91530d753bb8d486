#include "db/case_store.h"

#include <fmt/format.h>

#include <regex>

#include "db/case_row.h"
#include "db/pg_session.h"
#include "engine/errors.h"
#include "workflows/vocabulary.h"

namespace gongkai::db {
namespace {
std::optional<std::string> t(const std::string& s) { return text_param(s); }
}  // namespace

std::optional<std::string> bool_param(bool v) { return std::string(v ? "true" : "false"); }

void snapshot_params(const workflows::CaseSnapshot& s, Params& p) {
  auto b = bool_param;
  p.push_back(s.state);
  p.push_back(s.appeal_state);
  p.push_back(b(s.is_open));
  p.push_back(date_param(s.due ? std::optional<Date>(s.due->due) : std::nullopt));
  p.push_back(b(s.due && s.due->provisional));
  p.push_back(date_param(s.final_due ? std::optional<Date>(s.final_due->due) : std::nullopt));
  p.push_back(s.outcome);
  p.push_back(date_param(s.answered_on));
  p.push_back(date_param(s.closed_on));
  p.push_back(t(s.closed_kind));
  p.push_back(date_param(s.correction_notice_on));
  p.push_back(b(s.late_correction_notice));
  p.push_back(t(s.pause_kind));
  p.push_back(date_param(s.pause_lapses_on));
  p.push_back(date_param(s.reconsideration_filed_on));
  p.push_back(t(s.reconsideration_result));
  p.push_back(date_param(s.reconsideration_decided_on));
  p.push_back(date_param(s.litigation_filed_on));
  p.push_back(s.litigation_direct ? b(*s.litigation_direct) : std::nullopt);
  p.push_back(t(s.litigation_result));
  p.push_back(date_param(s.litigation_decided_on));
  p.push_back(s.last_event_on.str());
  p.push_back(std::to_string(s.event_count));
}

std::vector<const char*> pointers(const Params& p) {
  std::vector<const char*> out;
  out.reserve(p.size());
  for (const auto& v : p) out.push_back(nullable(v));
  return out;
}

void add_agency(Session& s, const Agency& a) {
  static const std::regex code_re("^[a-z0-9-]{1,32}$");
  if (!std::regex_match(a.code, code_re))
    throw UsageError("agency code '" + a.code + "' must be 1–32 of a-z, 0-9 and '-'");
  if (a.name.empty()) throw UsageError("agency " + a.code + " needs a --name");
  workflows::check_word(a.kind, workflows::kAgencyKinds, "agency kind");
  auto& impl = s.impl();
  pqxx::work tx(impl.conn);
  std::optional<std::string> parent_id;
  if (!a.parent.empty()) {
    auto r = tx.exec_params("select id from gk_agency where code = $1", a.parent);
    if (r.empty()) throw NotFound("no agency with code '" + a.parent + "' (the parent)");
    parent_id = r[0][0].c_str();
  }
  if (!tx.exec_params("select 1 from gk_agency where code = $1", a.code).empty())
    throw UsageError("agency code '" + a.code + "' is already taken");
  tx.exec_params("insert into gk_agency (code, name, kind, parent_id) values ($1, $2, $3, $4::int)", a.code,
                 a.name, a.kind, nullable(parent_id));
  tx.commit();
}

std::vector<Agency> list_agencies(Session& s) {
  pqxx::nontransaction tx(s.impl().conn);
  auto r = tx.exec(
      "select a.id, a.code, a.name, a.kind, coalesce(p.code, '') from gk_agency_subtree(null) t"
      " join gk_agency a on a.id = t.id left join gk_agency p on p.id = a.parent_id order by t.path");
  std::vector<Agency> out;
  for (const auto& row : r)
    out.push_back({row[0].as<int>(), row[1].c_str(), row[2].c_str(), row[3].c_str(), row[4].c_str()});
  return out;
}

Agency agency_or_throw(Session& s, const std::string& code) {
  pqxx::nontransaction tx(s.impl().conn);
  auto r = tx.exec_params(
      "select a.id, a.code, a.name, a.kind, coalesce(p.code, '') from gk_agency a "
      "left join gk_agency p on p.id = a.parent_id where a.code = $1",
      code);
  if (r.empty()) throw NotFound("no agency with code '" + code + "'");
  return {r[0][0].as<int>(), r[0][1].c_str(), r[0][2].c_str(), r[0][3].c_str(), r[0][4].c_str()};
}

std::string insert_case(Session& s, int agency_id, const workflows::DisclosureCase& c) {
  const auto& f = c.facts();
  const auto& ev = c.history().front();
  Params p = {std::to_string(agency_id), std::to_string(f.received_on.year()), f.agency,
              std::to_string(f.regime), f.received_on.str(), f.channel, f.applicant_type,
              f.applicant, t(f.subject), t(f.letter_ref), t(f.contact), ev.actor, ev.details.dump()};
  snapshot_params(c.snapshot(), p);
  auto ptrs = pointers(p);
  auto& impl = s.impl();
  impl.prepare("receive_case.sql");
  try {
    pqxx::nontransaction tx(impl.conn);  // one statement: atomic on its own
    auto r = tx.exec_prepared("receive_case.sql", pqxx::prepare::make_dynamic_params(ptrs));
    return r[0][0].c_str();
  } catch (const pqxx::unique_violation&) {
    throw UsageError("letter ref '" + f.letter_ref + "' is already registered at agency " + f.agency);
  }
}

std::optional<StoredCase> load_case(Session& s, const std::string& case_no) {
  auto& impl = s.impl();
  impl.prepare("load_case.sql");
  pqxx::nontransaction tx(impl.conn);
  auto r = tx.exec_prepared("load_case.sql", case_no);
  if (r.empty()) return std::nullopt;
  StoredCase c;
  c.case_no = r[0]["case_no"].c_str();
  c.agency = r[0]["agency"].c_str();
  c.state = r[0]["state"].c_str();
  c.appeal_state = r[0]["appeal_state"].c_str();
  c.due_on = opt_date(r[0]["due_on"]);
  c.event_count = r[0]["event_count"].as<int>();
  for (const auto& row : r) {
    c.events.push_back(event_from_row(row));
  }
  return c;
}

StoredCase load_case_or_throw(Session& s, const std::string& case_no) {
  auto c = load_case(s, case_no);
  if (!c) throw NotFound("no case '" + case_no + "'");
  return std::move(*c);
}

std::string append_event(Session& s, const workflows::DisclosureCase& c) {
  const EventRecord& e = c.history().back();
  Params p = {c.facts().case_no, std::to_string(e.seq), e.kind, e.on.str(), e.actor, e.details.dump()};
  snapshot_params(c.snapshot(), p);
  auto ptrs = pointers(p);
  auto& impl = s.impl();
  impl.prepare("append_event.sql");
  const std::string conflict = "case " + c.facts().case_no +
                               " changed while this command ran (another user recorded an event); "
                               "nothing was written: look at it again and retry";
  try {
    pqxx::nontransaction tx(impl.conn);  // one statement: atomic on its own
    auto r = tx.exec_prepared("append_event.sql", pqxx::prepare::make_dynamic_params(ptrs));
    if (r.empty()) throw Conflict(conflict);
    return r[0][0].c_str();
  } catch (const pqxx::unique_violation&) {
    throw Conflict(conflict);
  } catch (const pqxx::serialization_failure&) {
    throw Conflict(conflict);
  }
}

std::vector<CaseListItem> list_cases(Session& s, const CaseFilter& f) {
  auto& impl = s.impl();
  impl.prepare("list_cases.sql");
  pqxx::nontransaction tx(impl.conn);
  std::optional<std::string> year = f.year ? std::optional<std::string>(std::to_string(*f.year)) : std::nullopt;
  auto r = tx.exec_prepared("list_cases.sql", nullable(text_param(f.agency)), nullable(text_param(f.state)),
                            nullable(year));
  std::vector<CaseListItem> out;
  for (const auto& row : r) {
    CaseListItem i;
    i.case_no = row["case_no"].c_str();
    i.agency = row["agency"].c_str();
    i.state = row["state"].c_str();
    i.appeal_state = row["appeal_state"].c_str();
    i.outcome = opt_text(row["outcome"]);
    i.applicant = row["applicant"].c_str();
    i.subject = opt_text(row["subject"]);
    i.received_on = parse_date(row["received_on"].c_str());
    i.due_on = opt_date(row["due_on"]);
    i.closed_on = opt_date(row["closed_on"]);
    i.correction_notice_on = opt_date(row["correction_notice_on"]);
    i.late_correction_notice = row["late_correction_notice"].as<bool>();
    i.due_provisional = row["due_provisional"].as<bool>();
    out.push_back(std::move(i));
  }
  return out;
}

std::vector<std::string> all_case_numbers(Session& s) {
  pqxx::nontransaction tx(s.impl().conn);
  std::vector<std::string> out;
  for (const auto& row : tx.exec("select case_no from gk_case order by id")) out.push_back(row[0].c_str());
  return out;
}

}  // namespace gongkai::db
