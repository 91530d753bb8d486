// The registry's and the handlers' operations on cases: receive an application, record an event,
// show a case, list cases. Requests hold what the user typed (text); each operation checks it,
// naming the field, before anything is written.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/case_view.h"
#include "app/context.h"
#include "db/case_store.h"

namespace gongkai::app {

struct ReceiveRequest {
  std::string agency, received, channel, applicant_type, applicant, subject, letter_ref, contact;
  std::string regime;  // "2008" | "2019" | "" (by receipt date)
  // An intake page's own number (new_form_id), or "": the form sent again gives the case it
  // registered the first time, not another.
  std::string form_id;
};
// Numbers and stores a new case; registrars and admins of the agency. UsageError naming the field
// for bad input (nothing written), NotFound for an agency outside the scope.
CaseView receive(Context& ctx, const ReceiveRequest& r);
// The agency's earlier cases from the same applicant with a similar subject (pg_trgm), received in
// the year before this one: likely repeat applications (重复申请) for the clerk to look at before
// answering. Empty for a member who may not see applicants' names. The clerk decides: a repeat is
// answered not-processed/duplicate, with the earlier case named in its note.
using RepeatCandidate = db::RepeatCandidate;
std::vector<RepeatCandidate> possible_repeats(Context& ctx, const CaseView& v);
nlohmann::json repeats_json(const std::vector<RepeatCandidate>& repeats);  // [case numbers]
// A new intake form's number: 32 random hex digits.
std::string new_form_id();

struct EventRequest {
  std::string case_no, kind, on;
  std::map<std::string, std::string> options;  // note, handler, approved_by, amount, outcome, result
  // How many events the case had when the member looked at it (a page's form): if it has others
  // now, Conflict ("changed meanwhile") and nothing written. None: not checked.
  std::optional<int> seen_events;
};
// Checks the event against the case's state machine and appends it; registrars, handlers and
// admins of the case's agency. RuleViolation when the rules refuse it, Conflict when the case
// changed meanwhile; nothing is written then.
CaseView record_event(Context& ctx, const EventRequest& r);

// The case replayed from its history (and checked against its stored row). NotFound for a case
// outside the scope; InternalError when the history does not replay to the stored row.
CaseView show(Context& ctx, const std::string& case_no);

// A step the rules allow the case now (a page offers a form for each): its kind, label and help,
// its options, and for an answer the outcome codes accepted. Empty for a member who may not
// record events.
struct AllowedStep {
  std::string kind, label, help;
  std::vector<std::string> required, optional;  // option keys (note is always allowed)
  std::vector<std::string> outcomes;
};
std::vector<AllowedStep> allowed_steps(Context& ctx, const CaseView& v);

struct ListRequest {
  std::string agency;       // an agency and everything under it; "" = all the member sees
  std::string state;        // a state, "open", or "" = any
  std::optional<int> year;  // of receipt
  std::string text;         // part of a case number or letter ref (search); "" = any
  bool overdue = false;     // only replies overdue today
  std::optional<int> limit;  // at most this many (1…10000); none = all
  std::string after;         // a page: the cases after this one (the previous page's last); "" = from the start
};
using CaseListItem = db::CaseListItem;
// The cases that match, by agency code, receipt date and case number (db::list_cases).
std::vector<CaseListItem> list_cases(Context& ctx, const ListRequest& r);
nlohmann::json cases_json(const std::vector<CaseListItem>& rows);

struct SearchRequest {
  std::string text;    // what the clerk remembers: part of a number, reference, subject, name or note
  std::string agency;  // an agency and everything under it; "" = all the member sees
  int limit = 50;      // 1…10000
};
// The cases the member sees that contain `text` anywhere a clerk would look (db::search_cases):
// three characters or more as a substring, fewer as a whole name, reference or number. The
// latest received first.
std::vector<CaseListItem> search_cases(Context& ctx, const SearchRequest& r);

}  // namespace gongkai::app
