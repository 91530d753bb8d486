#include "db/case_store.h"

#include <regex>

#include "db/case_row.h"
#include "db/pg_session.h"
#include "engine/errors.h"
#include "workflows/case_row.h"
#include "workflows/correction.h"
#include "workflows/vocabulary.h"

namespace gongkai::db {

std::optional<std::string> bool_param(bool v) { return std::string(v ? "true" : "false"); }

std::optional<std::string> json_param(const nlohmann::json& v) {
  if (v.is_null()) return std::nullopt;
  if (v.is_string()) return v.get<std::string>();
  return v.dump();  // booleans and numbers as SQL reads them: true, 2019
}

void snapshot_params(const workflows::CaseSnapshot& s, Params& p) {
  static const workflows::CaseFacts none;
  for (const auto& c : workflows::case_row_columns())
    if (!c.fact) p.push_back(json_param(c.value(none, s)));
}

std::vector<const char*> pointers(const Params& p) {
  std::vector<const char*> out;
  out.reserve(p.size());
  for (const auto& v : p) out.push_back(nullable(v));
  return out;
}

namespace {

// An event's details split into what everybody in scope may read and the personal data.
struct SplitDetails {
  nlohmann::json details, personal;  // personal: null when the event has none
};
SplitDetails split_personal(const nlohmann::json& d) {
  SplitDetails out{nlohmann::json::object(), nullptr};
  for (auto it = d.begin(); it != d.end(); ++it) {
    if (workflows::is_personal_detail(d, it.key())) {
      if (out.personal.is_null()) out.personal = nlohmann::json::object();
      out.personal[it.key()] = it.value();
    } else {
      out.details[it.key()] = it.value();
    }
  }
  return out;
}

const char* nullable_json(const std::string& s) { return s == "null" ? nullptr : s.c_str(); }

}  // namespace

void add_agency(Session& s, const Agency& a) {
  static const std::regex code_re("^[a-z0-9-]{1,32}$");
  if (!std::regex_match(a.code, code_re))
    throw UsageError("agency code '" + a.code + "' must be 1–32 of a-z, 0-9 and '-'");
  if (a.name.empty()) throw UsageError("agency " + a.code + " needs a name");
  workflows::check_word(a.kind, workflows::kAgencyKinds, "agency kind");
  translated([&] {
    Statement tx(s.impl());
    tx->exec_params("select gk_agency_add($1, $2, $3, $4)", a.code, a.name, a.kind,
                    a.parent.empty() ? nullptr : a.parent.c_str());
    tx.commit();
  });
}

std::vector<Agency> list_agencies(Session& s) {
  Statement tx(s.impl());
  auto r = tx->exec(
      "select a.id, a.code, a.name, a.kind, coalesce(p.code, '') from gk_agency_subtree(null) t"
      " join gk_agency a on a.id = t.id left join gk_agency p on p.id = a.parent_id order by t.path");
  std::vector<Agency> out;
  for (const auto& row : r)
    out.push_back({row[0].as<int>(), row[1].c_str(), row[2].c_str(), row[3].c_str(), row[4].c_str()});
  return out;
}

Agency agency_or_throw(Session& s, const std::string& code) {
  Statement tx(s.impl());
  auto r = tx->exec_params(
      "select a.id, a.code, a.name, a.kind, coalesce(p.code, '') from gk_agency a "
      "left join gk_agency p on p.id = a.parent_id where a.code = $1",
      code);
  if (r.empty()) throw NotFound("no agency '" + code + "'");
  return {r[0][0].as<int>(), r[0][1].c_str(), r[0][2].c_str(), r[0][3].c_str(), r[0][4].c_str()};
}

Received insert_case(Session& s, const workflows::DisclosureCase& c, long long calendar_version,
                     const std::string& form_id) {
  const auto& ev = c.history().front();
  auto parts = split_personal(ev.details);
  const std::string details = parts.details.dump(), personal = parts.personal.dump(),
                    row = workflows::case_row(c).dump();
  auto& impl = s.impl();
  impl.prepare("gk_receive", "select case_no, recorded_at from gk_receive($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6::bigint)");
  auto receive = [&](pqxx::transaction_base& tx) {
    auto r = tx.exec_prepared("gk_receive", c.facts().agency, ev.actor.empty() ? nullptr : ev.actor.c_str(), details,
                              nullable_json(personal), row, calendar_version);
    return Received{r[0][0].c_str(), r[0][1].c_str()};
  };
  if (form_id.empty()) {
    return translated([&] {
      Statement tx(impl);  // one statement: atomic on its own
      auto received = receive(*tx);
      tx.commit();
      return received;
    });
  }
  try {
    return translated([&] {
      Work tx(impl);  // the case and its form's number, together or not at all
      auto received = receive(*tx);
      tx->exec_params("select gk_intake_keep($1, $2)", form_id, received.case_no);
      tx.commit();
      return received;
    });
  } catch (const pqxx::unique_violation& e) {
    if (std::string(e.what()).find("gk_intake_form_pkey") != std::string::npos) throw FormSentAlready{};
    throw;
  }
}

std::optional<std::string> intake_case(Session& s, const std::string& form_id) {
  return translated([&]() -> std::optional<std::string> {
    Statement tx(s.impl());
    auto r = tx->exec_params("select gk_intake_case($1)", form_id);
    tx.commit();
    if (r[0][0].is_null()) return std::nullopt;
    return std::string(r[0][0].c_str());
  });
}

std::optional<StoredCase> load_case(Session& s, const std::string& case_no) {
  auto& impl = s.impl();
  impl.prepare("load_case.sql");
  Statement tx(impl);
  auto r = tx->exec_prepared("load_case.sql", case_no);
  if (r.empty()) return std::nullopt;
  StoredCase c;
  c.case_no = r[0]["case_no"].c_str();
  c.agency = r[0]["agency"].c_str();
  c.row = nlohmann::json::parse(r[0]["row"].c_str());
  c.personal_masked = r[0]["masked"].as<bool>();
  for (const auto& row : r) c.events.push_back(event_from_row(row));
  return c;
}

StoredCase load_case_or_throw(Session& s, const std::string& case_no) {
  auto c = load_case(s, case_no);
  if (!c) throw NotFound("no case '" + case_no + "'");
  return std::move(*c);
}

namespace {

std::string changed_meanwhile(const std::string& case_no) {
  return "case " + case_no +
         " changed while this command ran (another user recorded an event); nothing was written: look at it "
         "again and retry";
}

// A correction rewrites the facts with the event (gk_correct, migration 017): the whole row goes,
// its personal columns with it, as a prepared statement's parameters.
std::string append_correction(Session& s, const workflows::DisclosureCase& c, long long calendar_version) {
  const std::string conflict = changed_meanwhile(c.facts().case_no);
  const EventRecord& e = c.history().back();
  auto parts = split_personal(e.details);
  const std::string details = parts.details.dump(), personal = parts.personal.dump(),
                    row = workflows::case_row(c).dump();
  auto& impl = s.impl();
  impl.prepare("gk_correct", "select gk_correct($1, $2::int, $3::date, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::bigint)");
  try {
    return translated([&] {
      Statement tx(impl);  // one statement: atomic on its own
      auto r = tx->exec_prepared("gk_correct", c.facts().case_no, e.seq, e.on.str(),
                                 e.actor.empty() ? nullptr : e.actor.c_str(), details, nullable_json(personal), row,
                                 calendar_version);
      tx.commit();
      return std::string(r[0][0].c_str());
    });
  } catch (const pqxx::unique_violation& x) {
    if (std::string(x.what()).find("gk_case_letter_ref") != std::string::npos)
      throw Conflict("letter ref '" + c.facts().letter_ref + "' is already another case's at agency " +
                     c.facts().agency + ": nothing was written");
    throw Conflict(conflict);
  } catch (const pqxx::serialization_failure&) {
    throw Conflict(conflict);
  }
}

}  // namespace

std::string append_event(Session& s, const workflows::DisclosureCase& c, long long calendar_version) {
  const EventRecord& e = c.history().back();
  if (e.kind == "corrected")
    return append_correction(s, c, calendar_version);
  auto parts = split_personal(e.details);
  // gk_append rewrites the projection's columns only (state … event_count): the row goes without
  // the receipt's personal columns, which it never reads.
  auto projected = workflows::case_row(c);
  for (auto it = projected.begin(); it != projected.end();)
    it = workflows::is_personal_key(it.key()) ? projected.erase(it) : std::next(it);
  const std::string details = parts.details.dump(), personal = parts.personal.dump(), row = projected.dump();
  auto& impl = s.impl();
  const std::string conflict = changed_meanwhile(c.facts().case_no);
  try {
    return translated([&] {
      if (personal == "null") {
        // One statement sent with the member's role in one round trip (one_round_trip): atomic on
        // its own, committed durably at its end. Its values as literals — none of them personal
        // data, which PostgreSQL's log of a failed statement would show.
        auto& conn = impl.conn;
        const std::string sql =
            "select gk_append(" + conn.quote(c.facts().case_no) + ", " + std::to_string(e.seq) + "::int, " +
            conn.quote(e.kind) + ", " + conn.quote(e.on.str()) + "::date, " +
            (e.actor.empty() ? std::string("null") : conn.quote(e.actor)) + ", " + conn.quote(details) +
            "::jsonb, null::jsonb, " + conn.quote(row) + "::jsonb, " + std::to_string(calendar_version) + "::bigint)";
        auto r = one_round_trip(impl, sql);
        return std::string(r[0][0].c_str());
      }
      // An event with personal details: as parameters of a prepared statement.
      impl.prepare("gk_append",
                   "select gk_append($1, $2::int, $3, $4::date, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9::bigint)");
      Statement tx(impl);  // one statement: atomic on its own
      auto r = tx->exec_prepared("gk_append", c.facts().case_no, e.seq, e.kind, e.on.str(),
                                 e.actor.empty() ? nullptr : e.actor.c_str(), details, personal, row, calendar_version);
      tx.commit();
      return std::string(r[0][0].c_str());
    });
  } catch (const pqxx::unique_violation&) {
    throw Conflict(conflict);
  } catch (const pqxx::serialization_failure&) {
    throw Conflict(conflict);
  }
}

namespace {
std::vector<CaseListItem> list_items(const pqxx::result& r) {
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
    i.letter_ref = opt_text(row["letter_ref"]);
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
}  // namespace

std::vector<CaseListItem> list_cases(Session& s, const CaseFilter& f) {
  auto& impl = s.impl();
  impl.prepare("list_cases.sql");
  Statement tx(impl);
  auto number = [](const std::optional<int>& n) {
    return n ? std::optional<std::string>(std::to_string(*n)) : std::nullopt;
  };
  auto r = tx->exec_prepared("list_cases.sql", nullable(text_param(f.agency)), nullable(text_param(f.state)),
                             nullable(number(f.year)), nullable(text_param(f.text)), nullable(date_param(f.due_before)),
                             nullable(number(f.limit)), nullable(text_param(f.after)));
  return list_items(r);
}

std::vector<CaseListItem> search_cases(Session& s, const std::string& text, const std::string& agency, int limit) {
  auto& impl = s.impl();
  impl.prepare("search_cases.sql");
  Statement tx(impl);
  std::string pattern = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
    pattern += ch;
  }
  pattern += '%';
  return list_items(tx->exec_prepared("search_cases.sql", text, nullable(text_param(agency)), limit, pattern));
}


std::vector<RepeatCandidate> possible_repeats(Session& s, const std::string& agency, const std::string& applicant,
                                              const std::string& subject, Date received_on,
                                              const std::string& except_case) {
  auto& impl = s.impl();
  impl.prepare("possible_repeats.sql");
  Statement tx(impl);
  std::vector<RepeatCandidate> out;
  for (const auto& r : tx->exec_prepared("possible_repeats.sql", agency, applicant, nullable(text_param(subject)),
                                         received_on.str(), except_case))
    out.push_back({r["case_no"].c_str(), opt_text(r["subject"]), parse_date(r["received_on"].c_str())});
  return out;
}

}  // namespace gongkai::db
